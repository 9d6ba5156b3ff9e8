"""Every page: in ``nav:``, its Source box (articles and guides), no fence broken or
silently skipped, no heading lost in code, every figure one that lrdoc draws, and
every number in prose printed in its section or declared a given.

The rules are in :mod:`tools.pagecheck`. A failure lists every problem on the page as
``page:line: ...``, so one run shows all there is to fix. ``LRDOC_PAGES`` (paths,
separated by spaces) checks only those pages and modules: ``python3 .ci/dev.py check PAGE.md``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tools import pagecheck
from tools.pagecheck import docstrings

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _chosen(suffix: str, folder: Path) -> list[Path] | None:
    """The paths ``LRDOC_PAGES`` names with this suffix under this folder (None
    when it names none at all: every page and module is checked)."""
    chosen = os.environ.get("LRDOC_PAGES", "").split()
    if not chosen:
        return None
    paths = [(ROOT / p).resolve() for p in chosen]
    return [p for p in paths if p.suffix == suffix and folder in p.parents]


def _pages() -> list[Path]:
    chosen = _chosen(".md", DOCS)
    return sorted(DOCS.rglob("*.md")) if chosen is None else chosen


PAGES = _pages()
CHECKS: dict[str, tuple[str, Callable[[Path], list[str]]]] = {
    "nav": ("page missing from nav", pagecheck.nav_problems),
    "source": ("Source box problem(s)", pagecheck.source_box_problems),
    "prose": (
        "number(s) in prose that no example in the same section prints and that "
        "are not givens",
        pagecheck.prose_number_problems,
    ),
    "fences": ("fence or skip problem(s)", pagecheck.fence_problems),
    "headings": ("heading problem(s)", pagecheck.rendered_heading_problems),
    "figures": ("figure problem(s)", pagecheck.figure_problems),
}


@pytest.mark.parametrize("check", list(CHECKS))
@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_page(path: Path, check: str) -> None:
    title, run = CHECKS[check]
    problems = run(path.relative_to(ROOT))
    assert not problems, f"{len(problems)} {title}:\n" + "\n".join(problems)


_MODULES = _chosen(".py", ROOT / "lrdoc")
MODULES = docstrings.modules() if _MODULES is None else _MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_docstring_prose_numbers_are_backed(path: Path) -> None:
    """The API reference shows these docstrings: their prose numbers are printed by
    their own examples or held by their code (``tools/pagecheck/docstrings.py``)."""
    problems = pagecheck.new_docstring_problems(path.relative_to(ROOT))
    assert not problems, (
        f"{len(problems)} number(s) in docstring prose that its examples do not print "
        "and its code does not hold:\n" + "\n".join(problems)
    )
