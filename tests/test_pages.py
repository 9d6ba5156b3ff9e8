"""Every page: no fence is broken or silently skipped, no heading is lost in code, and
every number in prose is printed in its section or declared a given.

The rules are in :mod:`tools.pagecheck`. A failure lists every problem on the page as
``page:line: ...``, so one run shows all there is to fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import pagecheck

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(DOCS.rglob("*.md"))


def _report(title: str, problems: list[str]) -> str:
    return f"{len(problems)} {title}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_prose_numbers_are_printed_in_their_section(path: Path) -> None:
    problems = pagecheck.prose_number_problems(path.relative_to(DOCS.parent))
    assert not problems, _report(
        "number(s) in prose that no example in the same section prints and that "
        "are not givens",
        problems,
    )


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_no_fence_is_broken_or_silently_skipped(path: Path) -> None:
    problems = pagecheck.fence_problems(path.relative_to(DOCS.parent))
    assert not problems, _report("fence or skip problem(s)", problems)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_no_heading_renders_inside_code(path: Path) -> None:
    problems = pagecheck.rendered_heading_problems(path.relative_to(DOCS.parent))
    assert not problems, _report("heading problem(s)", problems)
