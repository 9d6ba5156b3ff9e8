"""Every page: prose numbers are checked, and no fenced block is silently skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import pagecheck

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(DOCS.rglob("*.md"))


def _sybil_lines(path: Path) -> set[int]:
    from conftest import pages

    document = pages.parse(path)
    return {example.line for example in document}


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_prose_numbers_are_checked(path: Path) -> None:
    problems = pagecheck.prose_number_problems(path.relative_to(DOCS.parent))
    assert not problems, "numbers in prose that no example checks:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_no_fence_is_silently_skipped(path: Path) -> None:
    problems = pagecheck.fence_problems(
        path.relative_to(DOCS.parent), _sybil_lines(path)
    )
    assert not problems, "fenced blocks that nothing checks:\n" + "\n".join(problems)
