"""Proof one click away (issue 18): on each narrative page of the built site, at
most 40% of the ``>>>`` lines are open, once the page is converted
(``tools.foldcount.CONVERTED``); the six narrative pages still run their 531
examples; and search indexes no doctest output."""

from __future__ import annotations

import json
import re

import pytest

from tools import foldcount

SIX = (
    "articles/mcvp.md",
    "articles/gad.md",
    "articles/deeplizard.md",
    "articles/decay.md",
    "guides/choosing.md",
    "guides/stability.md",
)


def test_prompts_are_counted_inside_and_outside_collapsed_blocks():
    html = (
        "<pre><code>&gt;&gt;&gt; a\n1\n&gt;&gt;&gt; b\n</code></pre>"
        '<details class="check"><summary>How</summary>'
        "<pre><code>&gt;&gt;&gt; c\n... d\n</code></pre></details>"
        '<details class="check" open="open"><pre><code>&gt;&gt;&gt; e\n</code></pre>'
        "</details>"
    )
    assert foldcount.prompts(html) == (1, 3)  # an open <details> is not folded


def test_the_narrative_pages_are_the_stories_not_the_reference():
    pages = foldcount.narrative_pages()
    assert set(SIX) <= set(pages)
    assert not [p for p in pages if p.startswith("reference/") or p == "index.md"]
    assert set(foldcount.CONVERTED) <= set(pages)


@pytest.fixture(scope="module")
def rows(built_site):
    return {row.page: row for row in foldcount.table(built_site)}


def test_every_converted_page_shows_at_most_40_percent_of_its_prompts(rows):
    print("\n" + foldcount.render(list(rows.values())))
    over = [
        f"docs/{page}: {rows[page].outside} of "
        f"{rows[page].inside + rows[page].outside} >>> lines open "
        f"({rows[page].visible:.0%} > {foldcount.LIMIT:.0%})"
        for page in sorted(foldcount.CONVERTED)
        if rows[page].visible > foldcount.LIMIT
    ]
    assert not over, "\n".join(over)


def test_the_six_narrative_pages_still_run_531_examples(rows):
    assert sum(rows[page].examples for page in SIX) >= 531


def test_search_indexes_no_doctest_output(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    indexed = " ".join(doc["text"] for doc in index["docs"])
    leaked = []
    for page in foldcount.narrative_pages():
        html = foldcount.built(built_site, page).read_text()
        for output in re.findall(r'<span class="go"[^>]*>([^<]{24,})</span>', html):
            if output.strip() and output.strip() in indexed:
                leaked.append(f"docs/{page}: {output.strip()}")
    assert not leaked, "\n".join(leaked[:20])
