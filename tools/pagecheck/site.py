"""What a reviewer checks on a page, without building the site: the page is in
``nav:``, an article or guide opens with its Source box (``!!! quote "Source"``, or ``"Sources"``), and every figure it shows
is one that ``lrdoc.figures`` draws, with alt text."""

from __future__ import annotations

import fnmatch
import re
from functools import cache
from pathlib import Path
from typing import Any

from tools.pagecheck.reader import ROOT, read

DOCS = ROOT / "docs"

CITED = ("articles/", "guides/")
"""Pages (relative to ``docs/``) that restate sources: each opens with a Source box."""

NO_SOURCE_BOX: dict[str, str] = {
    "guides/choosing.md": "cites each recipe's source in its own section",
}
"""Cited pages allowed without a Source box, each with the reason (remove a page
from here when it gets its box)."""

SOURCE_BOX = re.compile(r'^(?:!!!|\?\?\?\+?)\s+quote\s+"Sources?"\s*$')
IMAGE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\((?P<path>[^)\s]*?figures/(?P<name>[\w.-]+?)"
    r"(?:-dark)?\.svg)\s*(?:\"[^\"]*\")?\)"
    r"|<img\b[^>]*?\bsrc=[\"'](?P<src>[^\"']*?figures/(?P<hname>[\w.-]+?)"
    r"(?:-dark)?\.svg)[\"'][^>]*>"
)


def _relative(path: Path, docs: Path) -> str | None:
    try:
        return Path(path).resolve().relative_to(docs.resolve()).as_posix()
    except ValueError:
        return None


@cache
def _config(config: Path) -> dict[str, Any]:
    from mkdocs.utils.yaml import yaml_load

    with open(config) as handle:
        loaded = yaml_load(handle)
    return loaded if isinstance(loaded, dict) else {}


def _nav_pages(nav: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= _nav_pages(value)
    elif isinstance(nav, list):
        for item in nav:
            found |= _nav_pages(item)
    return found


def _patterns(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def nav_problems(
    path: Path, docs: Path = DOCS, config: Path = ROOT / "mkdocs.yml"
) -> list[str]:
    """``page:1: ...`` when a page under ``docs/`` is neither in ``nav:`` nor listed
    in ``not_in_nav:`` (the strict build would fail on it)."""
    name = _relative(path, docs)
    if name is None:
        return []
    settings = _config(config)
    excluded = _patterns(settings.get("exclude_docs"))
    listed = _patterns(settings.get("not_in_nav"))
    if any(fnmatch.fnmatch(name, p.rstrip("/") + "*") for p in excluded):
        return []
    if name in _nav_pages(settings.get("nav")):
        return []
    if any(fnmatch.fnmatch(name, p.lstrip("/")) for p in listed):
        return []
    return [
        f"{path}:1: this page is not in mkdocs.yml's nav: (add it where readers "
        "should find it; the strict build fails on a page missing from nav)"
    ]


def source_box_problems(path: Path, docs: Path = DOCS) -> list[str]:
    """``page:line: ...`` when an article or guide does not open (right after its
    title) with its Source box, ``!!! quote "Source"`` and what it cites."""
    name = _relative(path, docs)
    if name is None or not name.startswith(CITED) or name in NO_SOURCE_BOX:
        return []
    page = read(path)
    lines = page.text.splitlines()
    number = page.front_matter_end
    title = next(
        (n for n in range(number + 1, len(lines) + 1) if lines[n - 1].startswith("# ")),
        None,
    )
    if title is None:
        return [f"{path}:{number + 1}: no page title (# Title) before the Source box"]
    after = next(
        (n for n in range(title + 1, len(lines) + 1) if lines[n - 1].strip()), None
    )
    opened = after is not None and SOURCE_BOX.match(lines[after - 1])
    if after is None or not opened:
        return [
            f"{path}:{after or title}: the page does not open with its Source box: "
            'right after the title, write !!! quote "Source" with the title, authors '
            "and link of what the page restates"
        ]
    body = []
    for text in lines[after:]:
        if text.strip() and not text.startswith("    "):
            break
        body.append(text)
    if not "".join(body).strip():
        return [f"{path}:{after}: the Source box is empty: cite what the page restates"]
    return []


FIGURE_NAME = re.compile(r"@figure\(\s*[\"']([\w.-]+)[\"']")
"""A figure's name where its module defines it: ``@figure("name", data=...)``."""


@cache
def _figures() -> frozenset[str]:
    """Every figure name in ``lrdoc/figures/*.py``, read as text (nothing imported,
    so the page check never waits for matplotlib)."""
    folder = Path(__file__).resolve().parents[2] / "lrdoc" / "figures"
    return frozenset(
        name
        for path in folder.glob("*.py")
        for name in FIGURE_NAME.findall(path.read_text())
    )


def figure_problems(path: Path, known: frozenset[str] | None = None) -> list[str]:
    """``page:line: ...`` for a figure that ``lrdoc.figures`` does not draw, or that
    has no alt text."""
    page = read(path)
    names = _figures() if known is None else known
    problems = []
    for number, text in enumerate(page.text.splitlines(), start=1):
        if number in page.code_lines:
            continue
        for match in IMAGE.finditer(re.sub(r"`[^`]*`", " ", text)):
            name = match["name"] or match["hname"]
            if name not in names:
                problems.append(
                    f"{path}:{number}: the figure {name!r} is not drawn by any "
                    "@figure in lrdoc.figures (a typo, or a module missing from "
                    "lrdoc.figures.MODULES?)"
                )
            alt = match["alt"] if match["name"] else _alt(match.group(0))
            if not (alt or "").strip():
                problems.append(f"{path}:{number}: the figure {name!r} has no alt text")
    return problems


def _alt(tag: str) -> str | None:
    found = re.search(r"\balt=[\"']([^\"']*)[\"']", tag)
    return found[1] if found else None
