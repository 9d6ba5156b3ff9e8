"""The prose-number rule: every number in prose is printed in its section or given."""

from __future__ import annotations

import ast
import html
import re
from decimal import Decimal
from pathlib import Path

from tools.pagecheck.numbers import (
    MATH_SPANS,
    Written,
    _is_given,
    backs,
    printed_numbers,
    written_numbers,
)
from tools.pagecheck.reader import Page, read, visible_lines
from tools.pagecheck.sections import HEADING, SECTION_NUMBER, Section, sections

ALT = re.compile(
    r"""\b(?:alt|title|aria-label)\s*=\s*(?:(["'])(?P<text>.*?)\1|(?P<bare>[^\s>"'`=]+))"""
)
LINK_TARGET = re.compile(
    r"""\]\(\s*<?[^)\s>]*>?(?:\s+(?:"(?P<a>[^"]*)"|'(?P<b>[^']*)'|\((?P<c>[^)]*)\)))?\s*\)"""
)
REFERENCE = re.compile(
    r"""^\s*\[[^\]^]+\]:\s*\S+(?:\s+(?:"(?P<a>[^"]*)"|'(?P<b>[^']*)'|\((?P<c>[^)]*)\)))?\s*$"""
)
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
"""Characters a reader does not see: soft hyphen, zero-width spaces and joiners,
direction marks, word joiner, byte-order mark."""
MARKUP = r"(?:\*{1,3}|_{1,3}|~~|==|\^\^|\+\+|<[^<>]+>|\\(?=[.,]))"
BETWEEN_DIGITS = re.compile(rf"(?<=[\d.,]){MARKUP}+(?=[\d.,])|(?<=\d){MARKUP}+(?=%)")
r"""Markup inside a number (``**1**4``, ``<b>1</b>4``, ``0\.46``): the reader sees
one number, 14, so the check reads one."""
GROUPS = re.compile(r"(?<=\d)[\u2009\u202f\u00a0_'](?=\d{3}(?!\d))")
"""Digit-group separators (thin and no-break spaces, ``_``, ``'``): ``10 410``."""
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~^=])")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
ORDERED = re.compile(r"^\s*(?:[-*+]\s+)?\d+[.)]\s")


def _titles(match: re.Match[str]) -> str:
    return " ".join(g for g in (match["a"], match["b"], match["c"]) if g)


def _clean(text: str, block_start: bool = True) -> str:
    """Prose without code spans, link targets, URLs, markup and list markers (a
    marker only where a list can start: not inside a paragraph), with the titles
    and alt texts a reader sees kept, and numbers joined as a reader reads them."""
    text = INVISIBLE.sub("", text)
    text = BETWEEN_DIGITS.sub("", text)
    text = GROUPS.sub("", text)
    alts = " ".join(m["text"] or m["bare"] or "" for m in ALT.finditer(text))
    text = re.sub(r"`[^`]*`", " ", text)
    titles = " ".join(_titles(m) for m in LINK_TARGET.finditer(text))
    text = LINK_TARGET.sub("] ", text)  # link and image targets
    text = re.sub(r"<https?://[^>]*>|https?://\S+", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\{[:#.][^}]*\}", " ", text)  # attribute lists
    text = re.sub(r"\[\^[^\]]*\]:?", " ", text)  # footnote markers
    if block_start:
        text = ORDERED.sub(" ", text)  # ordered-list markers
    text = ESCAPE.sub(r"\1", text)
    return html.unescape(text) + " " + alts + " " + titles


def _front_matter_lines(page: Page) -> list[tuple[int, str, list[str]]]:
    """The front matter's ``title`` and ``description``: the browser tab, search
    results and link previews show them."""
    lines = page.text.splitlines()[: page.front_matter_end]
    found: list[tuple[int, str, list[str]]] = []
    for key in ("title", "description"):
        value = page.meta.get(key)
        if not isinstance(value, str):
            continue
        line = next(
            (n for n, t in enumerate(lines, start=1) if t.startswith(f"{key}:")), 1
        )
        found.append((line, _clean(value), []))
    return found


def _prose_lines(page: Page) -> list[tuple[int, str, list[str]]]:
    """(line, prose, formulas) for each prose line; display math spanning lines is
    joined to the line where it starts. HTML comments are left out, and the text
    around them is read."""
    lines = visible_lines(page)
    result: list[tuple[int, str, list[str]]] = _front_matter_lines(page)
    in_code_span = False
    math_open: str | None = None
    math_start = 0
    math_text: list[str] = []
    previous = ""
    in_list = False
    for number, raw in enumerate(lines, start=1):
        if number <= page.front_matter_end or number in page.code_lines:
            previous = ""
            continue
        # A list can start after a blank line or a heading, or go on inside a list;
        # a line "46. Then ..." inside a paragraph is text, and its 46 a number.
        block_start = not previous.strip() or in_list or bool(HEADING.match(previous))
        if LIST_ITEM.match(raw) and block_start:
            in_list = True
        elif in_list and raw.strip() and not previous.strip():
            in_list = raw.startswith((" ", "\t"))
        previous = raw
        if math_open is not None:
            math_text.append(raw)
            if math_open in raw:
                joined = "\n".join(math_text)
                result.append((math_start, "", [joined]))
                math_open = None
            continue
        reference = REFERENCE.match(raw)
        if reference:  # a reference-link definition: only its title is shown
            result.append((number, _clean(_titles(reference)), []))
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
        result.append((number, _clean(text, block_start), formulas))
    return result


def _typed_in(source: str) -> list[Decimal] | None:
    """The numbers typed into an example's code as text (in string literals), or
    None when the example is only a literal (``>>> 0.46``): it computes nothing."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    body = tree.body
    if len(body) == 1 and isinstance(body[0], ast.Expr):
        try:
            ast.literal_eval(body[0].value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            pass
        else:
            return None
    specs = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None
        for inner in ast.walk(node.format_spec)
    }  # a format spec ({x:>4}, {x:.2f}) shapes a number, it types none
    typed = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in specs:
                typed += [n.value for n in printed_numbers(node.value)]
    return typed


def computed_numbers(source: str, want: str) -> list[Written]:
    """The numbers an example prints that its code computed: not those typed into
    it as text (``print("loss 0.46")``), nor the echo of a literal (``>>> 0.46``)."""
    typed = _typed_in(source)
    if typed is None:
        return []
    found = []
    for number in printed_numbers(want):
        if number.value in typed:
            typed.remove(number.value)
            continue
        found.append(number)
    return found


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
        for number in computed_numbers(output.source, output.want)
    ]
    # The front matter's title and description are searched with the page title.
    starts = sorted(n for n, s in where.items() if s.first == n > 1)
    title_line = starts[0] if starts else 1
    problems = []
    for line, prose, formulas in _prose_lines(page):
        written = written_numbers(prose)
        for formula in formulas:
            written += written_numbers(formula, math=True)
        section = where[title_line if line <= page.front_matter_end else line]
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
