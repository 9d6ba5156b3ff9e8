"""The built site in a real browser: Debian's chromium, driven by Playwright.

Every page is opened from a local server on 127.0.0.1 and must: load every image,
log no console error, request nothing from any other host, render its formulas,
and pass an axe accessibility check with no serious or critical violation. The
search box must find "learning rate".

Where chromium or Playwright is missing the test is skipped with the reason; under
CI (``CI=true``) it fails instead, because CI installs chromium itself.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]

pytestmark = pytest.mark.browser


def _require_browser():
    problem = None
    if not Path(CHROMIUM).exists():
        problem = "Debian's chromium is not installed (apt-get install chromium)"
    else:
        try:
            import axe_playwright_python  # noqa: F401
            import playwright.async_api  # noqa: F401
        except ImportError:
            problem = "playwright or axe-playwright-python is not installed"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{problem}; under CI the browser test must run")
        pytest.skip(problem)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site(built_site):
    _require_browser()
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield built_site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _pages(target: Path) -> list[str]:
    """Every page's path below the site root: "" for home, "articles/mcvp/", ..."""
    folders = (html.parent.relative_to(target) for html in target.rglob("index.html"))
    return sorted("" if f == Path(".") else f"{f.as_posix()}/" for f in folders)


CONTRAST_PAGES = {"", "articles/mcvp/", "contributing/"}
"""Pages on which axe also checks colour contrast. Contrast depends on the shared
theme and code styles, not on a page's content, so these three (prose, the most
code, tables) cover every style the site uses; checking it on every page would
cost half a minute."""


def _watch(page, base: str) -> tuple[list[str], list[str]]:
    outside, errors = [], []

    def request(r) -> None:
        if not (r.url.startswith(base) or r.url.startswith("data:")):
            outside.append(r.url)

    page.on("request", request)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return outside, errors


async def _check_page(tab, axe, base: str, path: str, seen: tuple) -> list[str]:
    """Open one page in ``tab`` and return what is wrong with it."""
    outside, errors = seen
    outside.clear()
    errors.clear()
    await tab.goto(base + path, wait_until="load")
    math = await tab.locator(".arithmatex").count()
    if math:
        await tab.wait_for_function(
            "n => document.querySelectorAll('.arithmatex mjx-container').length >= n",
            arg=math,
            timeout=15000,
        )
    broken = await tab.evaluate(
        "[...document.images].filter(i => !(i.complete && i.naturalWidth > 0))"
        ".map(i => i.getAttribute('src'))"
    )
    unlabelled = await tab.evaluate(
        "[...document.images].filter(i => !i.alt).map(i => i.getAttribute('src'))"
    )
    options = {"resultTypes": ["violations"]}
    if path not in CONTRAST_PAGES:
        options["rules"] = {"color-contrast": {"enabled": False}}
    results = await axe.run(tab, options=options)
    violations = [
        f"{v['id']} at {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    failures = []
    for label, found in (
        ("images that did not load", broken),
        ("images without alt text", unlabelled),
        ("console errors", list(errors)),
        ("requests beyond 127.0.0.1", list(outside)),
        ("formulas with errors", await tab.locator("mjx-merror").count()),
        ("serious accessibility violations", violations),
    ):
        if found:
            failures.append(f"{path or 'home'}: {label}: {found}")
    return failures


async def _check_site(base: str, pages: list[str], tabs: int = 2) -> list[str]:
    """Every page, shared out over ``tabs`` tabs (one per core) of one browser."""
    from axe_playwright_python.async_playwright import Axe
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        axe = Axe()
        queue = list(pages)
        failures: list[str] = []

        async def worker() -> None:
            tab = await browser.new_page()
            seen = _watch(tab, base)
            while queue:
                failures.extend(await _check_page(tab, axe, base, queue.pop(0), seen))
            await tab.close()

        await asyncio.gather(*(worker() for _ in range(tabs)))

        tab = await browser.new_page()
        outside, errors = _watch(tab, base)
        await tab.goto(base, wait_until="load")
        await tab.locator("input.md-search__input").click()
        await tab.keyboard.type("learning rate")
        results = tab.locator(".md-search-result__item")
        try:
            await results.first.wait_for(timeout=10000)
        except Exception:
            failures.append("search: no result for 'learning rate'")
        failures += [f"search: {e}" for e in outside + errors]
        await browser.close()
    return sorted(failures)


def test_every_page_loads_cleanly_and_search_works(site):
    target, base = site
    pages = _pages(target)
    assert "articles/mcvp/" in pages
    failures = asyncio.run(_check_site(base, pages))
    assert not failures, "\n".join(failures)
