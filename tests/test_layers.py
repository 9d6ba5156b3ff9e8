"""The import contracts of ``pyproject.toml`` (import-linter), in the quick loop.

``bash .ci/run layers`` runs ``lint-imports`` too; this test puts the same check in
the loop a contributor runs while writing a page (``python3 .ci/dev.py quick``), and
names each broken import by file and line, as the page check names a page's line:
a figure that trains its own model (imports the engine's training code) is found
while the page is written, not at CI.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

BIN = Path(sys.executable).parent
BROKEN = re.compile(
    r"^-\s+(?P<importer>[\w.]+) -> (?P<imported>[\w.]+) \(l\.(?P<line>\d+)"
)
"""One broken import in lint-imports' report: ``-   a.b -> c.d (l.7)``."""


def where(module: str) -> str:
    """The file of a module of this checkout, relative to it.

    >>> where("lrdoc.figures.gad")
    'lrdoc/figures/gad.py'
    >>> where("lrdoc.figures")
    'lrdoc/figures/__init__.py'
    """
    path = Path(*module.split("."))
    package = path / "__init__.py"
    return (
        package if (ROOT / package).is_file() else path.with_suffix(".py")
    ).as_posix()


def broken_imports(report: str) -> list[str]:
    """``file:line: importer imports imported`` for each broken import of a report.

    >>> broken_imports("Broken contracts\\n-   lrdoc.figures.gad -> lrdoc.training (l.7)")
    ['lrdoc/figures/gad.py:7: lrdoc.figures.gad imports lrdoc.training']
    """
    found = []
    for line in report.splitlines():
        match = BROKEN.match(line.strip())
        if match:
            importer, imported = match["importer"], match["imported"]
            found.append(
                f"{where(importer)}:{match['line']}: {importer} imports {imported}"
            )
    return found


def test_every_import_contract_holds() -> None:
    done = subprocess.run(
        [BIN / "lint-imports", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    broken = [line for line in done.stdout.splitlines() if line.endswith("BROKEN")]
    found = broken_imports(done.stdout)
    assert done.returncode == 0, "\n".join(
        ["import contracts broken (pyproject.toml, [tool.importlinter]):"]
        + [f"  {b}" for b in broken]
        + found
        + ([] if found or broken else [done.stdout, done.stderr])
    )
