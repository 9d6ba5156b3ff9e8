"""Sybil's number comparison: a printed value passes only if it rounds to the
expected output as written (half a unit of the last written digit), on the pages
and in the docstrings alike."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sybil.example import SybilFailure

from tools.sybil_config import OPTIONS, RoundingChecker, docstrings, pages, rounds_to


@pytest.mark.parametrize(
    ("written", "printed", "passes"),
    [
        ("0.45", "0.4499925", True),
        ("0.44", "0.4499925", False),
        ("0.01", "0.009998", True),
        ("0.01", "0.0149", True),
        ("0.01", "0.0151", False),
        ("4.125", "4.133", False),
        ("1.7e-06", "1.68e-06", True),
        ("1.7e-06", "1.64e-06", False),
        ("2.", "2.4", True),
        ("2.", "2.6", False),
    ],
)
def test_a_number_passes_only_if_it_rounds_to_the_one_written(written, printed, passes):
    assert rounds_to(written, printed) is passes
    checker = RoundingChecker()
    assert checker.check_output(f"[{written}]\n", f"[{printed}]\n", OPTIONS) is passes


def _run(sybil, path: Path) -> list[str]:
    """The failures of a document's examples, as ``line: message``."""
    failures = []
    document = sybil.parse(path)
    if sybil.setup:
        sybil.setup(document.namespace)
    try:
        for example in document:
            try:
                example.evaluate()
            except SybilFailure as failure:
                failures.append(f"{example.line}: {failure.result.strip()}")
    finally:
        if sybil.teardown:
            sybil.teardown(document.namespace)
    return failures


def test_on_a_page_0_44_fails_against_0_4499925_and_0_45_passes(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# P\n\n```python\n>>> x = 0.4499925\n>>> x\n0.45\n>>> x\n0.44\n```\n\n"
        '??? check "How this is checked"\n\n    ```python\n    >>> x\n    0.44\n'
        "    >>> x\n    0.45\n    ```\n"
    )
    failures = _run(pages, page)
    assert [f.split(":")[0] for f in failures] == ["7", "14"]
    assert "Expected:\n    0.44\nGot:\n    0.4499925" in failures[0]


def test_in_a_docstring_0_44_fails_against_0_4499925_and_0_45_passes(
    tmp_path, monkeypatch
):
    monkeypatch.syspath_prepend(str(tmp_path))
    module = tmp_path / "rounding_fixture.py"
    module.write_text(
        'def f():\n    """\n    >>> 0.4499925\n    0.45\n    >>> 0.4499925\n'
        '    0.44\n    """\n'
    )
    failures = _run(docstrings, module)
    assert [f.split(":")[0] for f in failures] == ["5"]


def test_the_environment_is_as_the_examples_found_it(tmp_path, monkeypatch):
    """An example that sets and deletes LRDOC_CACHE (as lrdoc._cache's do) leaves
    the test run's own value in place."""
    monkeypatch.setenv("LRDOC_CACHE", "the run's")
    page = tmp_path / "page.md"
    page.write_text(
        '# P\n\n```python\n>>> import os\n>>> os.environ["LRDOC_CACHE"] = "off"\n'
        '>>> del os.environ["LRDOC_CACHE"]\n```\n'
    )
    assert _run(pages, page) == []
    assert os.environ.get("LRDOC_CACHE") == "the run's"
