"""The page check from the command line, without pytest.

    python -m tools.pagecheck [PAGE.md | MODULE.py ...]   # default: every page and module
    python -m tools.pagecheck --docstring-baseline        # rewrite the docstring baseline

Prints every problem as ``path:line: ...``; exits 1 if there is any.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tools.pagecheck import all_problems, new_docstring_problems
from tools.pagecheck.docstrings import BASELINE, modules, write_baseline
from tools.pagecheck.reader import ROOT


def main(argv: list[str]) -> int:
    if "--docstring-baseline" in argv:
        print(f"{write_baseline()} line(s) in {BASELINE}")
        return 0
    paths = [Path(a) for a in argv] or [
        *sorted((ROOT / "docs").rglob("*.md")),
        *modules(),
    ]
    problems: list[str] = []
    for path in paths:
        if path.suffix == ".py":
            problems += new_docstring_problems(path)
        else:
            problems += all_problems(path)
    print("\n".join(problems) or f"no problem in {len(paths)} file(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
