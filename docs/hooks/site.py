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
- **Figures reserve their place.** Every figure ``<img>`` gets the ``width`` and
  ``height`` of its SVG, so the page does not move when a lazy figure loads and a
  link to a section lands on its heading.
- **Readers find the story first.** Narrative pages (all but the API reference) get a
  search boost, so that a concept word ranks them above the API pages; long pages
  get Material's back-to-top button (``navigation.top``).
- **Nothing is fetched from a CDN.** Material would load mermaid from unpkg for a
  ``<pre class="mermaid">``; the site has no mermaid, so such a block stays a plain
  code block (``docs/overrides/main.html`` supplies the ResizeObserver fallback).
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
# latex2mathml turns ``\mathrel{+}=`` into ``<mo><mrow><mo>+</mo></mrow></mo><mo>=</mo>``
# (invalid MathML, read and spaced as "+ ="); it is one operator, "+=".
PLUS_EQUALS = re.compile(
    r"<mo>\s*<mrow>\s*<mo>(?:\+|&#x0002B;)</mo>\s*</mrow>\s*</mo>\s*<mo>(?:=|&#x0003D;)</mo>"
)
# Alt text a person can read: TeX commands as the symbols they stand for.
SPOKEN = {
    r"\eta": "η",
    r"\lambda": "λ",
    r"\beta": "β",
    r"\alpha": "α",
    r"\mu": "μ",
    r"\rho": "ρ",
    r"\theta": "θ",
    r"\sigma": "σ",
    r"\kappa": "κ",
    r"\gamma": "γ",
    r"\epsilon": "ε",
    r"\varepsilon": "ε",
    r"\delta": "δ",
    r"\Delta": "Δ",
    r"\nabla": "∇",
    r"\sum": "∑",
    r"\approx": "≈",
    r"\le": "≤",
    r"\leq": "≤",
    r"\leftarrow": "←",
    r"\gets": "←",
    r"\max": "max",
    r"\min": "min",
    r"\log": "log",
    r"\exp": "exp",
    r"\ge": "≥",
    r"\geq": "≥",
    r"\ne": "≠",
    r"\neq": "≠",
    r"\cdot": "·",
    r"\times": "×",
    r"\to": "→",
    r"\infty": "∞",
    r"\pm": "±",
    r"\in": "∈",
    r"\ldots": "…",
    r"\dots": "…",
    r"\lvert": "|",
    r"\rvert": "|",
    r"\mid": "|",
    r"\partial": "∂",
    r"\sqrt": "√",
    r"\star": "*",
    r"\ast": "*",
}
TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
FRACTION = re.compile(r"(?:\\[dt]?)?frac\{(?P<num>[^{}]*)\}\{(?P<den>[^{}]*)\}")


def spoken(tex: str) -> str:
    r"""A formula's TeX as text a screen reader can read: ``\eta\lambda_{max} < 2``
    becomes ``ηλ_max < 2``.

    >>> spoken(r"\frac{2}{\lambda_{\max}}")
    '2/λ_max'
    >>> spoken(r"b \mathrel{+}= \eta e")
    'b += η e'
    """
    text = tex.strip()
    text = re.sub(r"\\(?:left|right|bigl|bigr|big|Big)\b|\\[,;!]|\\q?quad\b", " ", text)
    text = re.sub(
        r"\\(?:mathrm|text|mathbf|mathit|operatorname|mathrel)\{([^{}]*)\}", r"\1", text
    )
    text = TEX_COMMAND.sub(lambda m: SPOKEN.get(m[0], m[0][1:]), text)
    for _ in range(3):  # innermost groups first
        text = re.sub(r"([_^])\{([^{}]*)\}", r"\1\2", text)
        text = FRACTION.sub(lambda m: f"{_group(m['num'])}/{_group(m['den'])}", text)
    text = text.replace("{", "").replace("}", "").replace("\\", "")
    text = re.sub(r"\+\s*=", "+=", text)
    return " ".join(text.split())


def _group(part: str) -> str:
    part = part.strip()
    return part if re.fullmatch(r"[\w\\.]+", part) else f"({part})"


def mathml(tex: str, display: bool) -> str:
    r"""One TeX formula as MathML (``display`` for a block of its own).

    A word as subscript (``\lambda_{max}``) is set upright, as a word, rather than
    as three italic variables."""
    tex = WORD_SUBSCRIPT.sub(lambda m: f"_{{\\text{{{m['word']}}}}}", tex)
    markup = convert(tex.strip(), display="block" if display else "inline")
    if "<merror" in markup:
        raise ValueError(f"latex2mathml could not convert {tex!r}")
    markup = PLUS_EQUALS.sub('<mo lspace="0.2778em" rspace="0.2778em">+=</mo>', markup)
    # The alt text reads as symbols (η, λ), not TeX commands.
    return markup.replace("<math ", f'<math alttext="{html.escape(spoken(tex))}" ', 1)


def _to_mathml(match: re.Match) -> str:
    display = match["display"] is not None
    tex = html.unescape(match["display"] if display else match["inline"])
    return f'<{match["tag"]} class="arithmatex">{mathml(tex, display)}</{match["tag"]}>'


FIGURE_IMG = re.compile(
    r'<img\b(?P<attrs>[^>]*\bsrc="[^"]*figures/(?P<name>[\w.-]+?)(?:-dark)?\.svg'
    r'(?:#[\w-]*)?"[^>]*?)\s*/?>'
)
SVG_SIZE = re.compile(
    rb'<svg\b[^>]*?\bwidth="(?P<w>[\d.]+)pt"[^>]*?\bheight="(?P<h>[\d.]+)pt"'
)
MERMAID = re.compile(r'<pre class="mermaid"')
# A link whose only content is a formula (``[\(\eta\)](…)``) is named by the
# formula's alt text.
FORMULA_LINK = re.compile(
    r'<a (?P<attrs>[^>]*)>\s*(?P<math><span class="arithmatex"><math [^>]*?alttext="(?P<alt>[^"]*)".*?</math></span>)\s*</a>',
    re.S,
)


def svg_size(svg: bytes) -> tuple[int, int] | None:
    """An SVG's natural size in CSS pixels (matplotlib writes it in points).

    >>> svg_size(b'<svg width="360pt" height="180pt" viewBox="0 0 360 180">')
    (480, 240)
    """
    found = SVG_SIZE.search(svg[:2000])
    if found is None:
        return None
    return round(float(found["w"]) * 4 / 3), round(float(found["h"]) * 4 / 3)


def _sized(content: str, files) -> str:
    sizes: dict[str, tuple[int, int] | None] = {}

    def size(match: re.Match) -> str:
        attrs, name = match["attrs"], match["name"]
        if " width=" in attrs:
            return match[0]
        if name not in sizes:
            file = files.get_file_from_path(f"figures/{name}.svg") if files else None
            sizes[name] = svg_size(file.content_bytes) if file is not None else None
        found = sizes[name]
        if found is None:
            return match[0]
        width, height = found
        return f'<img{attrs} width="{width}" height="{height}">'

    return FIGURE_IMG.sub(size, content)


def _named_formula_links(content: str) -> str:
    def name(match: re.Match) -> str:
        if "aria-label=" in match["attrs"]:
            return match[0]
        return f'<a {match["attrs"]} aria-label="{match["alt"]}">{match["math"]}</a>'

    return FORMULA_LINK.sub(name, content)


def on_page_content(content: str, page, config, files) -> str:
    try:
        content = MATH.sub(_to_mathml, content)
    except ValueError as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from None
    content = _named_formula_links(content)
    content = MERMAID.sub('<pre class="lrdoc-no-mermaid"', content)
    _site_files[0] = files
    return content


_site_files: list = [None]
"""The build's files, kept from ``on_page_content`` for ``on_post_page``."""


def on_post_page(output: str, page, config) -> str:
    """Figures get their size once they are drawn: the figure hook draws them while
    the pages render and waits for them in ``on_env``, before this runs."""
    return _sized(output, _site_files[0])


def on_config(config):
    """Back-to-top on every page (Material's ``navigation.top``)."""
    features = config.theme.get("features")
    if features is not None and "navigation.top" not in features:
        features.append("navigation.top")
    return config


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


NARRATIVE_BOOST = 3.0
"""Search boost of a narrative page (Material's ``search.boost`` front matter): a
concept word ranks the pages that explain it above the API reference."""


def on_page_markdown(markdown: str, page, config, files) -> str:
    if not page.file.src_uri.startswith("reference/"):
        page.meta.setdefault("search", {})
        if isinstance(page.meta["search"], dict):
            page.meta["search"].setdefault("boost", NARRATIVE_BOOST)
    markdown = FENCE.sub(lambda m: f"{m['indent']}```pycon\n", markdown)
    if ERRATA_MARK in markdown:
        markdown = markdown.replace(ERRATA_MARK, _errata_table(config["nav"]))
    return markdown
