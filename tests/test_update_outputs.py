"""The one-step update rewrites stale outputs and leaves matching ones as written."""

from __future__ import annotations

from tests.update_outputs import update_page

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
    changed = update_page(page)
    text = page.read_text()
    assert changed == [8, 10, 18]
    assert ">>> x\n0.45\n" in text  # still matches to the precision written
    assert ">>> x * 10\n4.4999248\n" in text
    assert 'print("a\\nb")\na\nb\n```' in text
    assert "    ValueError: invalid literal for int() with base 10: 'z'\n" in text
    assert update_page(page) == []  # a second run finds nothing to change


def test_check_mode_writes_nothing(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    assert update_page(page, write=False) == [8, 10, 18]
    assert page.read_text() == PAGE
