"""One reader of Markdown: the page's fences (Sybil's fence lexer), its examples and
skip directives (the parsers pytest runs, :mod:`tools.sybil_config`), its givens."""

from __future__ import annotations

import doctest
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sybil import Document, Region
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

ROOT = Path(__file__).resolve().parents[2]


class _FenceLexer(RawFencedCodeBlockLexer):
    """Sybil's fence lexer, keeping the whole info line and whether the block closed."""

    def __init__(self) -> None:
        super().__init__(info_pattern=re.compile(r"(?P<info>[^\n]*)$\n", re.MULTILINE))

    def make_region(
        self, opening: re.Match[str], document: Document, closing: re.Match[str] | None
    ) -> Region | None:
        region = super().make_region(opening, document, closing)
        if region is not None:
            region.lexemes["closed"] = closing is not None
            region.lexemes["fence"] = opening.group("fence")
            region.lexemes["prefix"] = opening.group("prefix")
        return region


@dataclass
class Fence:
    line: int  # 1-based line of the opening fence
    last: int  # 1-based last line (the closing fence, or the page's last line)
    info: str
    closed: bool
    fence: str
    prefix: str
    source: str
    skip_reason: str | None = None  # set when a skip directive covers the block


@dataclass
class Output:
    """The expected output of one doctest example."""

    line: int  # line of the example's ``>>>``
    want: str
    skipped: bool
    source: str = ""  # the example's code


@dataclass
class Skip:
    line: int
    action: str
    reason: str | None


@dataclass
class Page:
    path: Path
    text: str
    givens: list[float]
    fences: list[Fence]
    outputs: list[Output]
    skips: list[Skip]
    example_lines: set[int]
    code_lines: set[int] = field(default_factory=set)  # lines inside fences
    front_matter_end: int = 0  # last line of the front matter (0 if none)
    meta: dict[str, Any] = field(default_factory=dict)  # the front matter


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _front_matter(lines: list[str]) -> tuple[dict[str, Any], int]:
    """The front matter and its last line (0 if the page has none)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return {}, 0
    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    return (meta if isinstance(meta, dict) else {}), end + 1


def read(path: Path) -> Page:
    """Read a page as pytest does: Sybil's fence lexer, and the examples and skip
    directives that ``tools.sybil_config.pages`` collects. (Kept while the page's text is
    unchanged: the checks read each page once.)"""
    path = Path(path)
    return _read(path, path.read_text())


@cache
def _read(path: Path, text: str) -> Page:
    from tools.sybil_config import pages  # the parsers pytest runs on docs/

    meta, front_end = _front_matter(text.splitlines())
    givens = [float(str(g)) for g in meta.get("givens", []) or []]
    document = Document(text, str(path))
    fences = []
    for region in _FenceLexer()(document):
        first = _line_of(text, region.start)
        last = _line_of(text, max(region.start, region.end - 1))
        lex = region.lexemes
        fences.append(
            Fence(
                first,
                last,
                lex["info"].strip(),
                lex["closed"],
                lex["fence"],
                lex["prefix"],
                str(lex["source"]),
            )
        )
    fences.sort(key=lambda f: f.line)
    outputs: list[Output] = []
    skips: list[Skip] = []
    example_lines: set[int] = set()
    skipping, skip_next, reason = False, False, None
    for example in pages.parse(path):
        kind = type(example.region.evaluator).__name__
        if kind == "Skipper":
            action, argument = example.parsed
            skips.append(Skip(example.line, action, argument))
            if action == "start":
                skipping, reason = True, argument
            elif action == "next":
                skip_next, reason = True, argument
            elif action == "end":
                skipping = False
            continue
        skipped = skipping or skip_next
        if skipped:
            for fence in fences:
                if fence.line <= example.line <= fence.last:
                    fence.skip_reason = reason or ""
        skip_next = False
        example_lines.add(example.line)
        parsed = example.parsed
        if hasattr(parsed, "want"):  # a doctest example
            skipped = skipped or bool(parsed.options.get(doctest.SKIP))
            outputs.append(Output(example.line, parsed.want, skipped, parsed.source))
    code_lines = {n for f in fences for n in range(f.line, f.last + 1)}
    return Page(
        path,
        text,
        givens,
        fences,
        outputs,
        skips,
        example_lines,
        code_lines,
        front_end,
        meta,
    )


def visible_lines(page: Page) -> list[str]:
    """The page's lines with HTML comments removed (what the reader sees): the text
    before, between and after comments is kept on its own line, and a comment over
    several lines leaves those lines empty. Code lines are kept as written."""
    result = []
    in_comment = False
    for number, raw in enumerate(page.text.splitlines(), start=1):
        if number in page.code_lines:
            result.append(raw)
            continue
        kept, rest = [], raw
        while rest:
            if in_comment:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                    break
                rest, in_comment = rest[end + 3 :], False
            else:
                start = rest.find("<!--")
                if start < 0:
                    kept.append(rest)
                    break
                kept.append(rest[:start])
                rest, in_comment = rest[start + 4 :], True
        result.append("".join(kept))
    return result
