"""The page checks themselves: each one fails on a broken page."""

from __future__ import annotations

from pathlib import Path

from tests import pagecheck


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "page.md"
    path.write_text(text)
    return path


def test_an_unchecked_prose_number_is_reported_with_page_and_line(tmp_path):
    page = write(tmp_path, "# Title\n\nThe weight ends at 2.98.\n")
    assert pagecheck.prose_number_problems(page) == [f"{page}:3: 2.98"]


def test_a_number_asserted_by_an_example_passes(tmp_path):
    page = write(
        tmp_path,
        "The weight ends at 2.98.\n\n```python\n>>> round(2.98431, 4)\n2.9843\n```\n",
    )
    assert pagecheck.prose_number_problems(page) == []


def test_precision_is_the_precision_written(tmp_path):
    page = write(tmp_path, "It is 2.99.\n\n```python\n>>> 2.9843\n2.9843\n```\n")
    assert pagecheck.prose_number_problems(page) == [f"{page}:1: 2.99"]


def test_a_given_passes_and_code_spans_and_words_are_ignored(tmp_path):
    page = write(
        tmp_path,
        "---\ngivens: [0.01, 2020]\n---\nIn 2020 a rate of 0.01 in `float32` "
        "and float64 with `x = 7.5`.\n",
    )
    assert pagecheck.prose_number_problems(page) == []


def test_numbers_in_math_are_checked_except_single_digits(tmp_path):
    page = write(tmp_path, r"Here \(2/\lambda \approx 0.1198\) and \(10^{-20}\)." "\n")
    assert pagecheck.prose_number_problems(page) == [
        f"{page}:1: 10^-20",
        f"{page}:1: 0.1198",
    ]


def test_py_and_pycon_fences_are_rejected(tmp_path):
    page = write(tmp_path, "```py\nx = 1\n```\n\n```pycon\n>>> 1\n1\n```\n")
    problems = pagecheck.fence_problems(page, sybil_lines=set())
    assert [p.split(": ", 1)[1] for p in problems] == [
        "a 'py' fence; use 'python' or name the language",
        "a 'pycon' fence; use 'python' or name the language",
    ]


def test_a_python_block_sybil_does_not_collect_is_rejected(tmp_path):
    page = write(tmp_path, "```python\nx = 1\n```\n")
    assert pagecheck.fence_problems(page, sybil_lines=set()) == [
        f"{page}:1: a python block that Sybil does not run"
    ]
    assert pagecheck.fence_problems(page, sybil_lines={1}) == []


def test_a_skip_needs_a_quoted_reason(tmp_path):
    bare = write(tmp_path, "<!-- skip: next -->\n```python\nimport keras\n```\n")
    assert pagecheck.fence_problems(bare, sybil_lines=set()) == [
        f'{bare}:2: skipped without a quoted reason: skip: next "why"'
    ]
    reasoned = write(
        tmp_path, '<!-- skip: next "needs Keras" -->\n```python\nimport keras\n```\n'
    )
    assert pagecheck.fence_problems(reasoned, sybil_lines=set()) == []


def test_other_languages_are_declared(tmp_path):
    page = write(tmp_path, "```bash\nls\n```\n\n```\nplain\n```\n")
    assert pagecheck.fence_problems(page, sybil_lines=set()) == [
        f"{page}:5: a 'no language' fence; use 'python' or name the language"
    ]
