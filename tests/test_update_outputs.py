"""The one-step update rewrites stale outputs, leaves matching and skipped ones as
written, and refuses to turn an error into documentation."""

from __future__ import annotations

import pytest

from tools.update_outputs import main, update_page

PAGE = """# A page

```python
>>> x = 0.44999248
>>> x
0.45
>>> x * 10
9.9
>>> print("a\\nb")
a
c
```

=== "Tab"

    ```python
    >>> int("z")
    Traceback (most recent call last):
    ...
    ValueError: something else
    ```
"""


def test_update_rewrites_only_what_changed(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    update = update_page(page)
    text = page.read_text()
    assert (update.changed, update.refused) == ([8, 10, 18], [])
    assert ">>> x\n0.45\n" in text  # still matches to the precision written
    assert ">>> x * 10\n4.4999248\n" in text
    assert 'print("a\\nb")\na\nb\n```' in text
    assert "    ValueError: invalid literal for int() with base 10: 'z'\n" in text
    assert update_page(page).changed == []  # a second run finds nothing to change


def test_check_mode_writes_nothing(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    assert update_page(page, write=False).changed == [8, 10, 18]
    assert page.read_text() == PAGE


REGRESSION = """# A page

```python
>>> def half(x):
...     return x / 0
>>> half(4)
2.0
>>> half(6)
Traceback (most recent call last):
...
ZeroDivisionError: division by zero
>>> int("4")
Traceback (most recent call last):
...
ValueError: invalid literal
```
"""


def test_a_new_error_is_refused_not_written(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(REGRESSION)
    update = update_page(page)
    assert update.changed == []
    assert update.refused == [
        f"{page}:6: now raises 'ZeroDivisionError: division by zero' where the page "
        "expects output; not written (fix the code, or write the traceback by hand "
        "if the error is intended)",
        f"{page}:12: expected 'ValueError: invalid literal' but now raises nothing; "
        "not written (fix the code, or edit the page by hand)",
    ]
    assert page.read_text() == REGRESSION


def test_a_refusal_exits_non_zero(tmp_path, capsys):
    page = tmp_path / "page.md"
    page.write_text(REGRESSION)
    assert main([str(page)]) == 1
    out, err = capsys.readouterr()
    assert "refused:" in err and "0 output(s) rewritten, 2 refused" in out
    assert page.read_text() == REGRESSION


def test_a_raising_block_stops_the_page_and_is_refused(tmp_path):
    page = tmp_path / "page.md"
    text = "```python\nimport no_such_module\n```\n\n```python\n>>> 1\n2\n```\n"
    page.write_text(text)
    update = update_page(page)
    assert update.changed == []
    assert update.refused == [
        f"{page}:1: this block raised ModuleNotFoundError: No module named "
        "'no_such_module'; fix it before updating outputs"
    ]
    assert page.read_text() == text


def test_blank_lines_are_written_as_blankline_and_a_rerun_is_stable(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('```python\n>>> print("a\\n\\nb")\nold\n```\n')
    assert update_page(page).changed == [3]
    assert page.read_text() == (
        '```python\n>>> print("a\\n\\nb")\na\n<BLANKLINE>\nb\n```\n'
    )
    assert update_page(page).changed == []
    assert page.read_text().count("<BLANKLINE>") == 1


def test_skipped_examples_are_neither_run_nor_rewritten(tmp_path):
    page = tmp_path / "page.md"
    text = (
        "```python\n>>> 1 / 0  # doctest: +SKIP\n5\n```\n\n"
        '<!-- skip: next "needs Keras" -->\n```python\n>>> import keras; 2\n3\n```\n'
        '\n<!-- skip: start "needs torch" -->\n```python\n>>> 4\n5\n```\n'
        "<!-- skip: end -->\n\n```python\n>>> 6\n7\n```\n"
    )
    page.write_text(text)
    update = update_page(page)
    assert (update.changed, update.refused) == ([21], [])
    assert page.read_text() == text.replace(">>> 6\n7\n", ">>> 6\n6\n")


# ------------------------------------ the updater cannot hide a failure (issue 22)

REFUSALS = {
    "changed-exception-type": (
        "```python\n>>> 1 / 0\nTraceback (most recent call last):\n...\n"
        "ValueError: bad\n```\n",
        2,
        "expected ValueError but now raises ZeroDivisionError",
    ),
    "output-differs-between-runs": (
        "```python\n>>> object()\n<object>\n```\n",
        2,
        "the output differs between two runs of the page",
    ),
    "time-differs-between-runs": (
        "```python\n>>> import time\n>>> time.perf_counter_ns()\n0\n```\n",
        3,
        "the output differs between two runs of the page",
    ),
    "absolute-path": (
        '```python\n>>> import os\n>>> print(os.path.abspath("x.md"))\nx.md\n```\n',
        3,
        "it holds an absolute path",
    ),
    "output-opening-a-fence": (
        '```python\n>>> print("```")\nold\n```\n',
        2,
        "it would open or close a fence",
    ),
    "output-closing-a-tilde-fence": (
        '```python\n>>> print("x\\n~~~")\nold\n```\n',
        2,
        "it would open or close a fence",
    ),
    "output-starting-a-prompt": (
        '```python\n>>> print(">>> 1")\nold\n```\n',
        2,
        "a line starts with >>>",
    ),
    "output-starting-with-dots": (
        '```python\n>>> print("... 1")\nold\n```\n',
        2,
        "it starts with ...",
    ),
    "system-exit-zero": (
        "```python\n>>> import sys\n>>> sys.exit(0)\nold\n>>> 1 + 1\n3\n```\n",
        3,
        "exits (SystemExit: 0)",
    ),
    "warning-pytest-turns-into-an-error": (
        "```python\n>>> import numpy as np\n>>> float(np.float64(1.0) / 0.0)\n"
        "1.0\n```\n",
        3,
        "now raises 'RuntimeWarning: divide by zero",
    ),
}


def test_each_refusal_case_has_a_fixture():
    assert len(REFUSALS) >= 6


@pytest.mark.parametrize("case", list(REFUSALS))
def test_the_updater_refuses_with_page_line_and_a_non_zero_exit(tmp_path, capsys, case):
    text, line, why = REFUSALS[case]
    page = tmp_path / "page.md"
    page.write_text(text)
    assert main([str(page)]) == 1
    err = capsys.readouterr().err
    assert f"refused: {page}:{line}: " in err, err
    assert why in err, err
    assert page.read_text() == text  # nothing written


def test_anything_else_pytest_would_fail_is_refused(tmp_path, capsys, monkeypatch):
    """The last guard: the rewritten page is run again as pytest runs it. Here the
    updater is made to write a wrong output (as an unknown hole would): pytest
    would fail it, so nothing is written."""
    import tools.update_outputs as updater

    monkeypatch.setattr(
        updater, "_want_lines", lambda got, indent: [indent + "not what it prints\n"]
    )
    page = tmp_path / "page.md"
    text = "```python\n>>> 1 + 1\n3\n```\n"
    page.write_text(text)
    assert main([str(page)]) == 1
    err = capsys.readouterr().err
    assert f"refused: {page}:2: pytest would fail the rewritten page here" in err
    assert page.read_text() == text
