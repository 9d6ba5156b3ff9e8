"""The strict build of the session passes. When it does not, this is the one test
that fails and says why; the tests that read the built site are skipped.

A page missing from ``nav:`` fails the strict build too, but the page check names
it with ``page:1`` (``tests/test_pages.py``, also in the quick loop); this test then
skips rather than say it a second time, unless the build failed for more."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT, session_build
from tools.pagecheck import nav_problems

OMITTED = re.compile(
    r"WARNING\s+-\s+The following pages exist in the docs directory, but are not "
    r'included in the "nav" configuration:\n(?P<pages>(?:\s+- .*\n?)+)'
)


def test_the_strict_build_passes(tmp_path_factory, worker_id):
    _, status, log = session_build(tmp_path_factory, worker_id)
    if status == 0:
        return
    omitted = OMITTED.search(log)
    pages = [p.strip(" -") for p in omitted["pages"].splitlines()] if omitted else []
    rest = OMITTED.sub("", log)
    warnings = [
        line
        for line in rest.splitlines()
        if re.match(r"\s*(WARNING|ERROR)\b", line) and "strict mode" not in line
    ]
    flagged = {p for p in pages if nav_problems(ROOT / "docs" / p)}
    if pages and not warnings and flagged == set(pages):
        pytest.skip(
            "the strict build fails only on page(s) missing from nav:, which "
            "tests/test_pages.py reports: " + ", ".join(pages)
        )
    message = [f"page(s) missing from mkdocs.yml's nav: {', '.join(pages)}"] * bool(
        pages
    )
    raise AssertionError(
        "the strict build failed (mkdocs build --strict):\n"
        + "\n".join(message + (warnings or rest.splitlines()[-30:]))
    )
