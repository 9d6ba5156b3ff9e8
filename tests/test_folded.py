"""Folded proof blocks (``??? check "How this is checked"``, content indented 4
spaces): Sybil runs them with the right lines, the page check reads their printed
values as backing their section's prose, the updater rewrites their outputs in
place, and search leaves them (and every doctest output) out."""

from __future__ import annotations

from pathlib import Path

from material.plugins.search.plugin import Parser

from docs.hooks.search_exclude import exclude_from_search
from tools import pagecheck
from tools.sybil_config import pages
from tools.update_outputs import update_page

FOLDED = """# P

## Result

The loss ends at 2.75 after 12 epochs.

```python
>>> from math import sqrt
>>> round(sqrt(2), 3)
1.414
```

??? check "How this is checked"

    The loss, printed.

    ```python
    >>> round(2.7512, 9)
    2.7512
    >>> round(12, 9)
    12
    ```

## Next

Nothing here.
"""


def _page(tmp_path: Path, text: str = FOLDED) -> Path:
    path = tmp_path / "page.md"
    path.write_text(text)
    return path


def test_sybil_names_the_line_of_each_folded_example(tmp_path):
    page = _page(tmp_path)
    lines = [example.line for example in pages.parse(page)]
    assert lines == [8, 9, 18, 20]  # each >>> where it is, under the fold too


def test_folded_outputs_back_the_prose_of_their_section(tmp_path):
    page = _page(tmp_path)
    assert pagecheck.all_problems(page) == []
    moved = _page(tmp_path, FOLDED.replace("Nothing here.", "It was 2.75."))
    assert pagecheck.prose_number_problems(moved) == [
        f'{moved}:26: 2.75 (searched section "Next", lines 24-26)'
    ]


def test_a_wrong_folded_output_is_found_and_rewritten_with_its_indent(tmp_path):
    page = _page(tmp_path, FOLDED.replace("    12\n    ```", "    13\n    ```"))
    update = update_page(page)
    assert (update.changed, update.refused) == ([21], [])
    assert page.read_text() == FOLDED
    assert update_page(page).changed == []


def test_the_updater_keeps_a_folded_traceback_indented(tmp_path):
    text = (
        '??? check "How this is checked"\n\n    ```python\n    >>> int("z")\n'
        "    Traceback (most recent call last):\n    ...\n    ValueError: old\n"
        "    ```\n"
    )
    page = _page(tmp_path, text)
    assert update_page(page).changed == [5]
    assert page.read_text().splitlines()[4:7] == [
        "    Traceback (most recent call last):",
        "    ...",
        "    ValueError: invalid literal for int() with base 10: 'z'",
    ]


def _indexed(html: str) -> str:
    parser = Parser()
    parser.feed(exclude_from_search(html))
    parser.close()
    return " ".join("".join(s.text) for s in parser.data)


def test_search_leaves_out_folded_checks_and_doctest_outputs():
    html = (
        "<h1 id='p'>P</h1><p>The loss ends at 2.75.</p>"
        '<div class="highlight"><pre><span></span><code>'
        '<span class="gp">&gt;&gt;&gt; </span><span class="n">loss</span>\n'
        '<span class="go">PRINTED-OPEN</span>\n</code></pre></div>'
        '<details class="check">\n<summary>How this is checked</summary>\n'
        "<p>FOLDED-PROSE</p>"
        '<div class="highlight"><pre><code><span class="go">FOLDED-OUTPUT</span>'
        "</code></pre></div>\n</details>\n<p>After the fold.</p>"
    )
    indexed = _indexed(html)
    assert "The loss ends at 2.75." in indexed and "After the fold." in indexed
    assert "loss" in indexed  # the open code stays searchable
    for hidden in ("PRINTED-OPEN", "FOLDED-PROSE", "FOLDED-OUTPUT", "checked"):
        assert hidden not in indexed
