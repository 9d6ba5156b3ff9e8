"""Headings: the renderer and the page reader see the same headings, none in code."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from tools.pagecheck.reader import ROOT, read
from tools.pagecheck.sections import SECTION_NUMBER, _headings


@cache
def _markdown_config() -> tuple[tuple, tuple]:
    from mkdocs.utils.yaml import yaml_load

    with open(ROOT / "mkdocs.yml") as handle:
        config = yaml_load(handle)
    names, options = [], []
    for entry in config.get("markdown_extensions", []):
        if isinstance(entry, dict):
            ((name, settings),) = entry.items()
            names.append(name)
            options.append((name, settings or {}))
        else:
            names.append(entry)
    return tuple(names), tuple(options)


@cache
def _renderer() -> Any:
    import markdown

    names, options = _markdown_config()
    configs = {name: dict(settings) for name, settings in options}
    # Where the headings and code blocks are does not depend on how code is
    # coloured: no Pygments, which is most of the rendering time.
    configs.setdefault("pymdownx.highlight", {})["use_pygments"] = False
    return markdown.Markdown(extensions=list(names), extension_configs=configs)


def render(text: str) -> str:
    """The page's HTML body, as the site's Markdown extensions render it (one
    renderer, reset between pages, as MkDocs does)."""
    renderer = _renderer()
    renderer.reset()
    return str(renderer.convert(text))


class _Blocks(HTMLParser):
    """Headings and code-block text of rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.code: list[str] = []
        self._heading: list[str] | None = None
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []
        elif tag == "pre":
            self._pre += 1
            self.code.append("")

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None
        elif tag == "pre":
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if self._pre:
            self.code[-1] += data


def rendered_heading_problems(path: Path, rendered: str | None = None) -> list[str]:
    """``page:line: why`` when the rendered page has a heading inside a code block,
    or when the renderer and the reader disagree on the headings.

    ``rendered`` is the page's HTML (for example the ``<article>`` of a built page,
    where plugins may add headings, so only fewer headings is a problem); by
    default the page is rendered with the site's Markdown extensions."""
    page = read(path)
    lines = page.text.splitlines()
    body = "\n".join(
        "" if n <= page.front_matter_end else t for n, t in enumerate(lines, start=1)
    )
    blocks = _Blocks()
    blocks.feed(rendered if rendered is not None else render(body))
    problems = []
    for code in blocks.code:
        for text in code.splitlines():
            heading = re.match(r"^(#{1,6})\s+\S", text)
            if not heading:
                continue
            in_prose = [
                n
                for n, t in enumerate(lines, start=1)
                if t.strip() == text.strip() and n not in page.code_lines
            ]
            if len(heading[1]) >= 2 or in_prose:
                at = in_prose[0] if in_prose else _source_line(lines, text)
                problems.append(
                    f"{path}:{at}: the heading {text.strip()!r} renders inside a "
                    "code block"
                )
    read_headings = _headings(page)
    # A built page may have more headings than its Markdown (mkdocstrings adds the
    # API's), never fewer.
    fewer = len(blocks.headings) < len(read_headings)
    if fewer or (rendered is None and len(blocks.headings) != len(read_headings)):
        seen = {SECTION_NUMBER.sub("", t) for _, _, t in read_headings}
        extra = [h.rstrip("¶") for h in blocks.headings if h.rstrip("¶") not in seen]
        problems.append(
            f"{path}:1: the renderer sees {len(blocks.headings)} heading(s), the "
            f"page reader {len(read_headings)}"
            + (f"; renderer only: {extra}" if extra else "")
        )
    return problems


def _source_line(lines: list[str], text: str) -> int:
    for number, line in enumerate(lines, start=1):
        if line.strip() == text.strip():
            return number
    return 1
