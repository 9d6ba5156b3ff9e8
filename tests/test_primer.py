"""The primer and the home page: the reading order, and the primer's explorer in a
real browser.

- the primer is first in the reading order, on the home page and in ``nav:``;
- the parabola explorer embedded on the primer loads and shows, at the rates the
  primer discusses, what :mod:`lrdoc.experiments.primer` and
  :mod:`lrdoc.experiments.explorer` compute.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from lrdoc.experiments import explorer, primer
from tests.conftest import CHROMIUM, FLAGS, require_browser, serve

ROOT = Path(__file__).resolve().parents[1]
ORDER = [
    "primer",
    "deeplizard",
    "mcvp",
    "gad",
    "decay",
    "choosing",
    "stability",
    "adaptive",
]
NARRATIVE = ("articles/", "guides/")
"""The folders of the pages read in order (the primer is docs/primer.md)."""


def _nav_pages(items) -> list[str]:
    found = []
    for item in items:
        for value in item.values():
            found += [value] if isinstance(value, str) else _nav_pages(value)
    return found


def test_the_reading_order_starts_with_the_primer():
    """The home page lists the narrative pages (the primer, the articles, the
    guides) in the order of ``nav:``, the primer first and today's pages in
    ``ORDER``; a page added later (``new-page``) comes after them."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    paths = _nav_pages(config["nav"])
    narrative = [
        Path(p).stem for p in paths if p == "primer.md" or p.startswith(NARRATIVE)
    ]
    assert narrative[: len(ORDER)] == ORDER
    home = (ROOT / "docs" / "index.md").read_text()
    listed = re.findall(r"^\d+\. \[[^\]]+\]\(([\w/]+)\.md\)", home, re.M)
    assert [Path(p).name for p in listed] == narrative


@pytest.mark.browser
def test_the_primers_explorer_shows_what_lrdoc_computes(built_site):
    require_browser("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    ex = explorer.parabola_explorer()
    regimes = primer.regimes()
    box = ".lrdoc-explorer[data-explorer=parabola][data-ready]"
    with serve(built_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 390, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "primer/")
        page.wait_for_selector(box)
        for rate, factor in zip(regimes.rates, regimes.factors, strict=True):
            i = ex.at(rate)
            page.locator(f"{box} input[type=range]").fill(str(i))
            shown = page.locator(f'{box} dd[data-field="factor"]').inner_text()
            assert float(shown.replace("−", "-")) == pytest.approx(factor, abs=1e-3)
        browser.close()
    assert errors == []
