"""Rewrite the expected ``>>>`` outputs in docs/ from what the code now prints.

    python3 .ci/dev.py update            # every page under docs/
    python3 .ci/dev.py update PAGE.md    # some pages
    python3 .ci/dev.py update --check    # only list what would change

Each page runs top to bottom in one namespace, as under pytest. An output that still
matches (floats to the precision written, ``...`` as a wildcard) is left exactly as
written; only outputs that no longer match are replaced. Review the diff, then commit.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import sys
import textwrap
import traceback
from pathlib import Path

import numpy as np
from sybil.evaluators.doctest import NUMBER, OutputChecker

from tests import pagecheck

ROOT = Path(__file__).resolve().parents[1]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | NUMBER


def _run(source: str, namespace: dict) -> str:
    """Run one example like doctest does; return what it printed (or its error)."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            code = compile(source, "<example>", "single")
            exec(code, namespace)
    except Exception as exc:
        error = traceback.format_exception_only(type(exc), exc)[-1]
        return out.getvalue() + "Traceback (most recent call last):\n...\n" + error
    return out.getvalue()


def update_page(path: Path, write: bool = True) -> list[int]:
    """Run a page's examples and rewrite the outputs that changed; return their lines."""
    lines = path.read_text().splitlines(keepends=True)
    page = pagecheck.parse(path)
    namespace: dict = {"np": np, "__name__": "__lrdoc_page__"}
    checker = OutputChecker()
    changed: list[int] = []
    replacements: list[tuple[int, int, list[str]]] = []
    np.set_printoptions(legacy="1.25")
    try:
        for fence in page.fences:
            if fence.info != "python" or fence.skip_reason is not None:
                continue
            indent = _indent(lines[fence.line - 1])
            body = textwrap.dedent("\n".join(fence.body)) + "\n"
            if ">>>" not in body:
                try:
                    exec(compile(body, f"{path}:{fence.line}", "exec"), namespace)
                except Exception as exc:
                    raise SystemExit(
                        f"{path}:{fence.line}: this block raised "
                        f"{type(exc).__name__}: {exc}; fix it before updating outputs"
                    ) from None
                continue
            for example in doctest.DocTestParser().get_examples(body):
                got = _run(example.source, namespace)
                if checker.check_output(example.want, got, FLAGS):
                    continue
                first = fence.line + 1 + example.lineno + example.source.count("\n")
                count = example.want.count("\n")
                new = [
                    indent + text + "\n" if text else "\n" for text in got.splitlines()
                ]
                replacements.append((first, count, new))
                changed.append(first)
    finally:
        np.set_printoptions(legacy=False)
    for first, count, new in sorted(replacements, reverse=True):
        lines[first - 1 : first - 1 + count] = new
    if write and changed:
        path.write_text("".join(lines))
    return changed


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    targets = [Path(a) for a in argv if a != "--check"] or sorted(
        (ROOT / "docs").rglob("*.md")
    )
    total = 0
    for path in targets:
        for line in update_page(path, write=not check):
            print(
                f"{path.relative_to(ROOT) if path.is_absolute() else path}:{line}: "
                f"{'differs' if check else 'updated'}"
            )
            total += 1
    print(f"{total} output(s) {'differ' if check else 'rewritten'}")
    return 1 if check and total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
