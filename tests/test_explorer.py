"""The rate explorers, driven in Debian's chromium.

The test moves each slider to rates on both sides of the fastest rate and beyond the
stability bound, reads what the page shows, and compares it with what lrdoc computes
for the same rate. A data file that disagrees with lrdoc fails here.
"""

from __future__ import annotations

import json

import pytest

from lrdoc.experiments import explorer
from lrdoc.figures import explorer as explorer_figures
from lrdoc.tables import significant
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


def _set(page, box: str, index: int, slider: int = 0) -> dict[str, str]:
    """Move the ``slider``-th slider in ``box`` to ``index`` and return the readout's
    fields (a minus sign read as "-")."""
    page.locator(f"{box} input[type=range]").nth(slider).fill(str(index))
    return _fields(page, box)


def _number(text: str) -> float:
    """A readout number: "0.97", "-0.674" or "1.02×10⁻¹¹"."""
    head, _, power = text.partition("×10")
    digits = power.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))
    return float(head) * (10.0 ** int(digits) if digits else 1.0)


def _fields(page, box: str) -> dict[str, str]:
    fields = page.locator(f"{box} dd[data-field]")
    return {
        fields.nth(k).get_attribute("data-field"): fields.nth(k)
        .inner_text()
        .replace("−", "-")
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
    # The readout prints the factors as the page does (3 decimals, Python's rounding).
    shown = _set(page, box, ex.at(0.1))
    assert (shown["flat"], shown["steep"]) == ("0.97", "-0.674")
    # Each button lands where its label says.
    page.get_by_role("button", name="Go to the fewest epochs").click()
    fewest = min(e for e in ex.epochs_to_tolerance if e is not None)
    assert int(_fields(page, box)["epochs"]) == fewest
    page.get_by_role("button", name="Go to η*").click()
    slider = page.locator(f"{box} input[type=range]")
    assert int(slider.input_value()) == ex.at(ex.fastest_rate)
    assert int(_fields(page, box)["epochs"]) == ex.readout(ex.fastest_rate)["epochs"]
    assert errors == []


def test_line_explorer_keeps_slider_and_readout_in_view_on_a_phone(browser_page):
    """At 390 px, with the loss panel scrolled into view, the slider and the verdict
    are on screen too."""
    page, base, _ = browser_page
    page.goto(base + "articles/mcvp/")
    box = ".lrdoc-explorer[data-explorer=line][data-ready]"
    page.wait_for_selector(box)
    for panel in ("svg.lrdoc-ex-plane", "svg.lrdoc-ex-loss"):
        page.locator(f"{box} {panel}").scroll_into_view_if_needed()
        page.locator(f"{box} {panel}").evaluate("e => e.scrollIntoView({block: 'end'})")
        height = page.evaluate("innerHeight")
        for part in ("input[type=range]", "dd[data-field=verdict]"):
            rect = page.locator(f"{box} {part}").bounding_box()
            assert (
                rect is not None
                and 0 <= rect["y"]
                and rect["y"] + rect["height"] <= height
            ), (
                panel,
                part,
                rect,
            )


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
        assert _number(shown["loss"]) == pytest.approx(ex.losses[i, -1], rel=1e-2)
        assert shown["loss"] == significant(ex.losses[i, -1], 3).replace("−", "-")
        assert shown["verdict"] == ex.verdicts[i] == verdict
        assert (
            page.locator(f"{box} .iterates circle").count()
            == explorer.PARABOLA_STEPS + 1
        )
        # The axes fit the run: every iterate inside the frame, and the largest
        # loss in the upper half of it.
        frame = page.locator(f"{box} rect.frame").bounding_box()
        dots = page.locator(f"{box} .iterates circle")
        ys = [dots.nth(k).bounding_box()["y"] for k in range(dots.count())]
        assert min(ys) >= frame["y"] - 4 and max(ys) <= frame["y"] + frame["height"] + 4
        assert min(ys) <= frame["y"] + frame["height"] / 2
    # At the bound the loss after 10 steps is 11.25; the page prints 11.2, and so
    # does the explorer (Python's rounding, not JavaScript's 11.3).
    assert _set(page, box, ex.at(0.8))["loss"] == "11.2"
    assert errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_momentum_explorer_shows_what_lrdoc_computes(browser_page, width):
    page, base, errors = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + "guides/stability/")
    box = ".lrdoc-explorer[data-explorer=momentum][data-ready]"
    page.wait_for_selector(box)
    ex = explorer.momentum_explorer()
    sliders = page.locator(f"{box} input[type=range]")
    assert sliders.count() == 2
    for k in range(2):  # each slider has a label and a spoken value
        assert page.locator(
            f"label[for='{sliders.nth(k).get_attribute('id')}']"
        ).count()
        assert sliders.nth(k).get_attribute("aria-valuetext")
    pairs = [
        (ex.gd_rate, 0.0),
        (ex.optimal_rate, ex.optimal_beta),
        (0.05, 0.5),
        (0.25, 0.0),
        (0.1, 0.9),
    ]
    for rate, beta in pairs:
        j, i = ex.at(rate, beta)
        sliders.nth(0).fill(str(i))
        shown = _set(page, box, j, slider=1)
        want = ex.readout(rate, beta)
        assert float(shown["factor"]) == want["factor"], (rate, beta)
        if want["epochs"] is None:
            assert shown["epochs"] in ("never", f"more than {explorer.MOMENTUM_EPOCHS}")
        else:
            assert int(shown["epochs"]) == want["epochs"], (rate, beta)
        assert shown["verdict"] == want["verdict"], (rate, beta)
    page.get_by_role("button", name="Go to (η*, β*)").click()
    best = ex.readout(ex.optimal_rate, ex.optimal_beta)
    assert int(_fields(page, box)["epochs"]) == best["epochs"]
    page.get_by_role("button", name="Go to GD's best rate, β = 0").click()
    assert int(_fields(page, box)["epochs"]) == ex.readout(ex.gd_rate, 0.0)["epochs"]
    # From the keyboard: the β slider moves one position per arrow key.
    sliders.nth(1).focus()
    before = int(sliders.nth(1).input_value())
    page.keyboard.press("ArrowRight")
    assert int(sliders.nth(1).input_value()) == before + 1
    page.set_viewport_size({"width": 390, "height": 900})
    assert errors == []


def test_bad_data_leaves_the_static_figure(browser_page):
    """A data file that does not match its explorer is refused: the static figure
    stays, and the box says why."""
    page, base, _ = browser_page
    page.route(
        "**/explorer/line.json",
        lambda route: route.fulfill(
            body='{"rates": [0.1, 0.2], "flat": [1]}', content_type="application/json"
        ),
    )
    try:
        page.goto(base + "articles/mcvp/")
        box = page.locator(".lrdoc-explorer[data-explorer=line]")
        page.wait_for_selector(
            ".lrdoc-explorer[data-explorer=line][data-explorer-error]"
        )
        assert box.get_attribute("data-ready") is None
        assert box.locator('img[src*="explorer-line"]').count() == 2
    finally:
        page.unroute("**/explorer/line.json")


def test_the_data_files_are_what_lrdoc_computes(built_site):
    """The files the site serves are exactly the experiments' output."""
    for name, function in (
        ("line", explorer_figures.line_explorer_json),
        ("parabola", explorer_figures.parabola_explorer_json),
        ("momentum", explorer_figures.momentum_explorer_json),
    ):
        served = json.loads((built_site / "explorer" / f"{name}.json").read_text())
        assert served == json.loads(json.dumps(function())), name
