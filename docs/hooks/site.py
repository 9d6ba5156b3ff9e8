"""MkDocs hook: the site frame that every page shares.

- **Math as MathML, made at build time.** ``pymdownx.arithmatex`` (generic mode)
  leaves ``\\(…\\)`` and ``\\[…\\]`` in ``<span class="arithmatex">`` and
  ``<div class="arithmatex">``; :func:`on_page_content` replaces each with MathML from
  ``latex2mathml``. Browsers render MathML natively and read it aloud, so the site
  ships no JavaScript for math, loads nothing for it, and math renders at every
  width. A formula that does not convert fails the build, naming the page.
  Docstrings' reST math reaches arithmatex through ``docs/hooks/rst_math.py``.
- **Outputs look like outputs.** A ```` ```python ```` block that starts with ``>>>``
  is highlighted as ``pycon`` (Sybil still reads the page's ``python`` fence; only
  the rendering changes), so output lines are ``Generic.Output``, not Python.
- **The home page's table of errata** is rendered where ``<!-- errata -->`` stands,
  from :func:`lrdoc.experiments.errata`, in the order of ``nav:``.
"""

from __future__ import annotations

import html
import importlib
import re
import sys
from pathlib import Path

from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])\s*</(?P=tag)>",
    re.S,
)
FENCE = re.compile(r"^(?P<indent>[ \t]*)```python[ \t]*\n(?=[ \t]*>>>)", re.M)
ERRATA_MARK = "<!-- errata -->"


WORD_SUBSCRIPT = re.compile(r"_\{(?P<word>max|min)\}")


def mathml(tex: str, display: bool) -> str:
    r"""One TeX formula as MathML (``display`` for a block of its own).

    A word as subscript (``\lambda_{max}``) is set upright, as a word, rather than
    as three italic variables."""
    tex = WORD_SUBSCRIPT.sub(lambda m: f"_{{\\text{{{m['word']}}}}}", tex)
    markup = convert(tex.strip(), display="block" if display else "inline")
    if "<merror" in markup:
        raise ValueError(f"latex2mathml could not convert {tex!r}")
    # The TeX source stays with the formula, for copying and for search.
    return markup.replace("<math ", f'<math alttext="{html.escape(tex.strip())}" ', 1)


def _to_mathml(match: re.Match) -> str:
    display = match["display"] is not None
    tex = html.unescape(match["display"] if display else match["inline"])
    return f'<{match["tag"]} class="arithmatex">{mathml(tex, display)}</{match["tag"]}>'


def on_page_content(content: str, page, config, files) -> str:
    try:
        return MATH.sub(_to_mathml, content)
    except ValueError as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from None


def _titles(nav) -> dict[str, str]:
    """Each page's title in ``nav:``, by its path."""
    found: dict[str, str] = {}
    for item in nav or ():
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    found[value] = title
                else:
                    found.update(_titles(value))
    return found


def _errata_table(nav) -> str:
    """The errata of every page, as a Markdown table with links to their sections."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for name in [m for m in sys.modules if m.startswith("lrdoc.experiments")]:
        del sys.modules[name]  # a rebuild under `mkdocs serve` sees edited errata
    found = importlib.import_module("lrdoc.experiments.errata").collect()
    if not found:
        return "*No page lists an erratum yet.*"
    rows = [
        "| Article | Claim | As published | As computed | Where |",
        "|---|---|--:|--:|---|",
    ]
    titles = _titles(nav)
    order = [*titles]  # pages in the order of nav:, each page's errata in its order
    found.sort(
        key=lambda e: (
            order.index(e.link.split("#")[0])
            if e.link.split("#")[0] in order
            else len(order)
        )
    )
    for e in found:
        article = titles.get(f"articles/{e.page}.md", e.page)
        cells = (article, e.claim, e.as_published, e.as_computed)
        cells = tuple(c.replace("|", "\\|") for c in cells)
        rows.append("| {} | {} | {} | {} | [section]({}) |".format(*cells, e.link))
    return "\n".join(rows)


def on_page_markdown(markdown: str, page, config, files) -> str:
    markdown = FENCE.sub(lambda m: f"{m['indent']}```pycon\n", markdown)
    if ERRATA_MARK in markdown:
        markdown = markdown.replace(ERRATA_MARK, _errata_table(config["nav"]))
    return markdown
