"""The rate explorers, driven in Debian's chromium.

The test moves each slider to rates on both sides of the fastest rate and beyond the
stability bound, reads what the page shows, and compares it with what lrdoc computes
for the same rate. A data file that disagrees with lrdoc fails here.
"""

from __future__ import annotations

import json

import pytest

from lrdoc.experiments import explorer
from tests.conftest import CHROMIUM, FLAGS, require_browser, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser_page(built_site):
    require_browser("playwright.sync_api")
    from playwright.sync_api import sync_playwright

    with serve(built_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 390, "height": 900})
        errors: list[str] = []
        page.on(
            "console", lambda m: errors.append(m.text) if m.type == "error" else None
        )
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page, base, errors
        browser.close()


def _set(page, box: str, index: int) -> dict[str, str]:
    """Move the slider in ``box`` to ``index`` and return the readout's fields."""
    slider = page.locator(f"{box} input[type=range]")
    slider.fill(str(index))
    fields = page.locator(f"{box} dd[data-field]")
    return {
        fields.nth(k).get_attribute("data-field"): fields.nth(k).inner_text()
        for k in range(fields.count())
    }


LINE_RATES = {
    "below the fastest rate": 0.01,
    "between the fastest rate and the bound": 0.1187,
    "beyond the bound": 0.15,
}


def test_line_explorer_shows_what_lrdoc_computes(browser_page):
    page, base, errors = browser_page
    page.goto(base + "articles/mcvp/")
    box = ".lrdoc-explorer[data-explorer=line][data-ready]"
    page.wait_for_selector(box)
    ex = explorer.line_explorer()
    assert ex.fastest_rate < LINE_RATES["between the fastest rate and the bound"]
    assert LINE_RATES["between the fastest rate and the bound"] < ex.stability_bound
    for where, rate in LINE_RATES.items():
        i = ex.at(rate)
        shown = _set(page, box, i)
        want = ex.readout(rate)
        assert float(shown["flat"]) == pytest.approx(want["flat"], abs=1e-3), where
        assert float(shown["steep"]) == pytest.approx(want["steep"], abs=1e-3), where
        if want["epochs"] is None:
            assert shown["epochs"] in ("never", f"more than {explorer.HORIZON}"), where
        else:
            assert int(shown["epochs"]) == want["epochs"], where
        assert shown["verdict"] == want["verdict"], where
        dots = page.locator(f"{box} .iterates circle").count()
        assert dots == ex.path_lengths[i], where
    assert [_set(page, box, ex.at(r))["verdict"] for r in LINE_RATES.values()] == [
        "crawls",
        "oscillates",
        "diverges",
    ]
    assert errors == []


def test_line_explorer_works_from_the_keyboard(browser_page):
    page, base, _ = browser_page
    page.goto(base + "articles/mcvp/")
    box = ".lrdoc-explorer[data-explorer=line][data-ready]"
    page.wait_for_selector(box)
    slider = page.locator(f"{box} input[type=range]")
    assert page.locator(f"label[for='{slider.get_attribute('id')}']").count() == 1
    before = int(slider.input_value())
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert int(slider.input_value()) == before + 1
    label = slider.get_attribute("aria-valuetext")
    assert label.startswith("learning rate ")


def test_parabola_explorer_shows_what_lrdoc_computes(browser_page):
    page, base, errors = browser_page
    page.goto(base + "articles/deeplizard/")
    box = ".lrdoc-explorer[data-explorer=parabola][data-ready]"
    page.wait_for_selector(box)
    ex = explorer.parabola_explorer()
    for rate, verdict in ((0.05, "crawls"), (0.3, "converges"), (0.85, "diverges")):
        i = ex.at(rate)
        shown = _set(page, box, i)
        assert float(shown["factor"]) == pytest.approx(ex.factors[i], abs=1e-3)
        assert float(shown["loss"]) == pytest.approx(ex.losses[i, -1], rel=1e-2)
        assert shown["verdict"] == ex.verdicts[i] == verdict
        assert (
            page.locator(f"{box} .iterates circle").count()
            == explorer.PARABOLA_STEPS + 1
        )
    assert errors == []


def test_the_data_files_are_what_lrdoc_computes(built_site):
    """The files the site serves are exactly the experiments' output."""
    for name, function in (
        ("line", explorer.line_explorer_json),
        ("parabola", explorer.parabola_explorer_json),
    ):
        served = json.loads((built_site / "explorer" / f"{name}.json").read_text())
        assert served == json.loads(json.dumps(function())), name
