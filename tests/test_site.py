"""The site frame, checked on the built HTML and on the sources (no browser).

- no raw reST math (``:math:``, ``.. math::``) and no unconverted TeX in any page;
- the figure palette reaches 3:1 against both backgrounds (WCAG relative luminance);
- every erratum's two values appear in the section of its page that it links to;
- every public lrdoc module is documented on a reference page, and private names
  and internal constants are not;
- the 404 page's assets and its link home follow ``site_url``;
- figure text is never below 9 px: each figure image's ``min-width`` is the width at
  which its smallest text is 9 px.
"""

from __future__ import annotations

import html
import importlib.util
import pkgutil
import re
from pathlib import Path

import pytest

import lrdoc
from lrdoc.experiments import Erratum
from lrdoc.experiments.errata import collect as errata
from lrdoc.figures import style

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference"


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _text(markup: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_no_raw_math_in_the_built_site(built_site):
    raw = []
    for page in _pages(built_site):
        text = _text(page.read_text(encoding="utf-8"))
        for fragment in (":math:", ".. math::", "\\(", "\\[", "\\frac", "\\eta"):
            if fragment in text:
                raw.append(f"{page.relative_to(built_site)}: {fragment}")
    assert not raw, "\n".join(raw)
    reference = (built_site / "reference" / "analysis" / "index.html").read_text()
    assert reference.count("<math") >= 5  # the docstrings' math was converted


def test_every_data_colour_has_3_to_1_contrast_on_both_backgrounds():
    ratios = {
        (color, variant): style.contrast(color, variant)
        for color in style.COLORS
        for variant in ("light", "dark")
    }
    low = {key: round(ratio, 2) for key, ratio in ratios.items() if ratio < 3}
    assert not low, f"below 3:1: {low}"


def test_contrast_follows_wcag():
    assert style.contrast("#ffffff") == pytest.approx(1.0)
    assert style.contrast("#000000") == pytest.approx(21.0)
    assert style.contrast("#767676") == pytest.approx(4.54, abs=0.01)  # WCAG's grey


def _section(page_html: str, anchor: str) -> str:
    """The text of the section whose heading has id ``anchor``, up to the next
    heading of the same or a higher level."""
    found = re.search(rf'<h(?P<level>[1-6])[^>]*\bid="{re.escape(anchor)}"', page_html)
    assert found, f"no heading with id {anchor!r}"
    level = int(found["level"])
    rest = page_html[found.end() :]
    end = re.search(rf"<h[1-{level}][\s>]", rest)
    return _text(rest[: end.start() if end else len(rest)])


def errata_problems(site: Path, found: list[Erratum]) -> list[str]:
    problems = []
    for e in found:
        page = site / "articles" / e.page / "index.html"
        if not page.exists():
            problems.append(f"{e.link}: no page {e.page}")
            continue
        try:
            text = _section(page.read_text(encoding="utf-8"), e.anchor)
        except AssertionError as exc:
            problems.append(f"{e.link}: {exc}")
            continue
        for column, value in (
            ("as published", e.as_published),
            ("as computed", e.as_computed),
        ):
            if value not in text:
                problems.append(
                    f"{e.link}: {column} value {value!r} not in the section"
                )
    return problems


def test_each_erratum_shows_both_values_in_its_section(built_site):
    found = errata()
    assert not errata_problems(built_site, found)
    home = _text((built_site / "index.html").read_text(encoding="utf-8"))
    for e in found:
        assert e.as_published in home and e.as_computed in home, e


def test_the_errata_check_catches_a_wrong_value(built_site):
    wrong = Erratum("mcvp", "which-rates-converge", "bound", "0.1198", "9.9999")
    assert errata_problems(built_site, [wrong]) == [
        "articles/mcvp.md#which-rates-converge: as computed value '9.9999' not in "
        "the section"
    ]


def _documented() -> set[str]:
    found = set()
    for page in REFERENCE.glob("*.md"):
        found |= set(re.findall(r"^::: (lrdoc[\w.]*)", page.read_text(), re.M))
    return found


def test_every_public_module_has_a_reference_page():
    documented = _documented()
    modules = {
        f"lrdoc.{m.name}"
        for m in pkgutil.iter_modules(lrdoc.__path__)
        if not m.name.startswith("_")
    }
    # Page modules of experiments and replicas are shown with their package.
    missing = sorted(m for m in modules if m not in documented)
    assert not missing, (
        f"add a line '::: MODULE' to a page in docs/reference/: {missing}"
    )


def test_the_reference_lists_public_names_only(built_site):
    pages = " ".join(
        p.read_text(encoding="utf-8")
        for p in (built_site / "reference").rglob("*.html")
    )
    ids = set(re.findall(r'id="(lrdoc\.[\w.]+)"', pages))
    assert "lrdoc.training.gradient_descent" in ids
    private = sorted(i for i in ids if any(p.startswith("_") for p in i.split(".")))
    assert not private
    for internal in ("lrdoc.figures.style.COLORS", "lrdoc.replicas.gad.INPUTS"):
        assert internal not in ids


def test_404_assets_and_link_home_follow_site_url(built_site):
    page = (built_site / "404.html").read_text(encoding="utf-8")
    assets = re.findall(r'(?:href|src)="([^"]*assets/[^"]*)"', page)
    assert assets and all(a.startswith("/") for a in assets), assets
    assert re.search(r'<a href="/">Go to the home page</a>', page)


def test_404_under_a_sub_path(tmp_path):
    """The site's theme and overrides, built with a site_url below a sub-path (a
    one-page site: the 404 page does not depend on the others)."""
    from tests.conftest import build

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: lrdoc\nsite_url: https://example.org/lrdoc/\n"
        f"theme:\n  name: material\n  font: false\n"
        f"  custom_dir: {ROOT / 'docs' / 'overrides'}\n"
    )
    done = build(tmp_path / "site", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    page = (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    assets = re.findall(r'(?:href|src)="([^"]*assets/[^"]*)"', page)
    assert assets and all(a.startswith("/lrdoc/assets/") for a in assets), assets
    assert '<a href="/lrdoc/">Go to the home page</a>' in page


def _min_width():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "figures_hook", ROOT / "docs" / "hooks" / "figures.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.min_width


def test_figure_text_is_at_least_9_px(built_site):
    min_width = _min_width()

    small = []
    for page in _pages(built_site):
        for tag in re.findall(r"<img [^>]*figures/[^>]*>", page.read_text("utf-8")):
            src = re.search(r'src="(?:\.\./)*([^"#]+)', tag)[1]
            svg = (built_site / src).read_bytes()
            width = re.search(r"min-width: (\d+)px", tag)
            needed = min_width(svg)
            if needed and (width is None or int(width[1]) < needed):
                small.append(f"{page.relative_to(built_site)}: {src}")
    assert not small, small


def test_min_width_keeps_the_smallest_text_at_9_px():
    min_width = _min_width()

    svg = b'<svg viewBox="0 0 400 300"><text style="font-size: 8px">a</text></svg>'
    assert min_width(svg) == 450  # 8 units drawn 9 px tall: 400 * 9 / 8
    assert min_width(b'<svg viewBox="0 0 400 300"></svg>') == 0


PHONE_COLUMN = 358
"""The text column of Material on a 390 px screen, in CSS px."""


def test_every_figure_fits_a_phone_column_with_9_px_text(built_site):
    """Each figure's 9 px width fits a 390 px phone's column, so no figure scrolls
    sideways there, and each <img> carries its SVG's width and height, so that
    nothing moves when a lazy figure loads."""
    min_width = _min_width()
    wide, unsized = [], []
    for svg in sorted((built_site / "figures").glob("*.svg")):
        if (needed := min_width(svg.read_bytes())) > PHONE_COLUMN:
            wide.append(f"{svg.name}: {needed} px")
    for page in _pages(built_site):
        for tag in re.findall(r"<img [^>]*figures/[^>]*>", page.read_text("utf-8")):
            if not re.search(r'\bwidth="\d+"', tag) or not re.search(
                r'\bheight="\d+"', tag
            ):
                unsized.append(f"{page.relative_to(built_site)}: {tag[:80]}")
    assert not wide, wide
    assert not unsized, unsized


def test_no_cdn_fallback_in_the_built_site(built_site):
    """Material loads mermaid from unpkg for a ``pre.mermaid``, and a ResizeObserver
    polyfill when the browser has none: the site has no mermaid block, and its
    template defines a ResizeObserver fallback before the bundle runs."""
    mermaid, fallback = [], []
    for page in _pages(built_site):
        text = page.read_text("utf-8")
        if '<pre class="mermaid"' in text:
            mermaid.append(str(page.relative_to(built_site)))
        if "window.ResizeObserver = class" not in text:
            fallback.append(str(page.relative_to(built_site)))
    assert not mermaid, mermaid
    assert not fallback, fallback


def test_site_hook_formulas_read_and_plus_equals():
    """Formula alt text reads as symbols; ``\\mathrel{+}=`` is one operator."""
    spec = importlib.util.spec_from_file_location(
        "site_hook", ROOT / "docs/hooks/site.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    markup = module.mathml(r"b \mathrel{+}= \eta e", display=False)
    assert (
        "<mo" in markup and ">+=</mo>" in markup and "<mrow><mo>&#x0002B;" not in markup
    )
    assert 'alttext="b += η e"' in markup
    assert module.spoken(r"\eta < \frac{2}{\lambda_{max}}") == "η < 2/λ_max"
    assert module.svg_size(b'<svg width="300pt" height="150pt">') == (400, 200)
