"""The prose-number rule: every number in prose is printed in its section or given."""

from __future__ import annotations

import html
import re
from pathlib import Path

from tools.pagecheck.numbers import (
    MATH_SPANS,
    _is_given,
    backs,
    printed_numbers,
    written_numbers,
)
from tools.pagecheck.reader import Page, read
from tools.pagecheck.sections import HEADING, SECTION_NUMBER, Section, sections

ALT = re.compile(r"""\b(?:alt|title)\s*=\s*(["'])(?P<text>.*?)\1""")


def _clean(text: str) -> str:
    """Prose without code spans, link targets, URLs, markup and list markers."""
    alts = " ".join(m["text"] for m in ALT.finditer(text))
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "] ", text)  # link and image targets
    text = re.sub(r"<https?://[^>]*>|https?://\S+", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\{[:#.][^}]*\}", " ", text)  # attribute lists
    text = re.sub(r"\[\^[^\]]*\]:?", " ", text)  # footnote markers
    text = re.sub(r"^\s*(?:[-*+]\s+)?\d+[.)]\s", " ", text)  # ordered-list markers
    return html.unescape(text) + " " + alts


def _prose_lines(page: Page) -> list[tuple[int, str, list[str]]]:
    """(line, prose, formulas) for each prose line; display math spanning lines is
    joined to the line where it starts."""
    lines = page.text.splitlines()
    result: list[tuple[int, str, list[str]]] = []
    in_comment = False
    in_code_span = False
    math_open: str | None = None
    math_start = 0
    math_text: list[str] = []
    for number, raw in enumerate(lines, start=1):
        if number <= page.front_matter_end or number in page.code_lines:
            continue
        if in_comment or "<!--" in raw:
            before = raw.split("<!--")[0] if not in_comment else ""
            in_comment = "-->" not in raw.split("<!--")[-1]
            if not before.strip():
                continue
            raw = before
        if math_open is not None:
            math_text.append(raw)
            if math_open in raw:
                joined = "\n".join(math_text)
                result.append((math_start, "", [joined]))
                math_open = None
            continue
        if re.match(r"^\s*\[[^\]^]+\]:\s*\S", raw):  # reference-link definition
            continue
        text = raw
        if not text.strip():
            in_code_span = False
        if in_code_span:  # a code span opened on an earlier line of the paragraph
            if "`" not in text:
                continue
            text = " " + text.split("`", 1)[1]
            in_code_span = False
        text = re.sub(r"`[^`]*`", " ", text)
        if "`" in text:  # a code span that goes on to the next line
            text, in_code_span = text.split("`", 1)[0], True
        heading = HEADING.match(text)
        if heading:
            text = SECTION_NUMBER.sub("", heading["title"])
        formulas = [
            next(g for g in match.groups() if g is not None)
            for match in MATH_SPANS.finditer(text)
        ]
        text = MATH_SPANS.sub(" ", text)
        for opener, closer in (("\\[", "\\]"), ("$$", "$$")):
            if opener in text:
                head, tail = text.split(opener, 1)
                text, math_open, math_start, math_text = head, closer, number, [tail]
                break
        result.append((number, _clean(text), formulas))
    return result


def _footnote_sections(page: Page, where: dict[int, Section]) -> dict[int, Section]:
    """A footnote definition's lines are searched in the section of its first
    reference."""
    lines = page.text.splitlines()
    first_use: dict[str, int] = {}
    for number, text in enumerate(lines, start=1):
        if number in page.code_lines:
            continue
        for match in re.finditer(r"\[\^([^\]]+)\](?!:)", text):
            first_use.setdefault(match[1], number)
    result: dict[int, Section] = {}
    current: Section | None = None
    for number, text in enumerate(lines, start=1):
        definition = re.match(r"^\[\^([^\]]+)\]:", text)
        if definition:
            use = first_use.get(definition[1])
            current = where[use] if use else None
        elif current is not None and text.strip() and not text.startswith("    "):
            current = None
        if current is not None:
            result[number] = current
    return result


def prose_number_problems(path: Path) -> list[str]:
    """``page:line: number (searched section ...)`` for each prose number that no
    printed value in its section backs and that is not a given."""
    page = read(path)
    where = sections(page)
    where.update(_footnote_sections(page, where))
    printed = [
        (output.line, number)
        for output in page.outputs
        if not output.skipped
        for number in printed_numbers(output.want)
    ]
    problems = []
    for line, prose, formulas in _prose_lines(page):
        written = written_numbers(prose)
        for formula in formulas:
            written += written_numbers(formula, math=True)
        section = where[line]
        candidates = [n for at, n in printed if section.first <= at <= section.last]
        for number in written:
            if _is_given(number, page.givens):
                continue
            if any(backs(candidate, number) for candidate in candidates):
                continue
            problems.append(
                f"{path}:{line}: {number.text} (searched section "
                f'"{section.title}", lines {section.first}-{section.last})'
            )
    return problems
