"""MkDocs hook: search finds prose, not proofs.

Material's search plugin leaves out any element with a ``data-search-exclude``
attribute. This hook adds it, in each page's HTML before the index is built, to

- the folded proof blocks, ``??? check "How this is checked"`` (rendered as
  ``<details class="check">``), and
- every doctest output line (``<span class="go">`` in a highlighted ``>>>`` block),

so that a search snippet shows the sentence that states a number, not the printed
value or the code that checks it. The page itself is unchanged for the reader.

(Material's indexer matches excluded elements by tag name, so the attribute goes on
elements that do not nest inside one another: ``details`` and ``span.go``.)
"""

from __future__ import annotations

import re
from typing import Any

EXCLUDED = re.compile(
    r'<(?P<tag>details|span)(?P<attrs>\s[^>]*?\bclass="(?:[^"]*\s)?(?P<cls>check|go)'
    r'(?:\s[^"]*)?"[^>]*)>'
)


def _exclude(match: re.Match[str]) -> str:
    tag, attrs, cls = match["tag"], match["attrs"], match["cls"]
    if (tag, cls) not in (("details", "check"), ("span", "go")):
        return match.group(0)
    if "data-search-exclude" in attrs:
        return match.group(0)
    return f"<{tag}{attrs} data-search-exclude>"


def exclude_from_search(html: str) -> str:
    """The page's HTML with folded checks and doctest outputs marked for exclusion."""
    return EXCLUDED.sub(_exclude, html)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    return exclude_from_search(html)
