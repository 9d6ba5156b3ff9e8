"""Static checks of the Markdown pages: prose numbers, fences, skips and headings.

One reader of Markdown
----------------------
Blocks are found by Sybil's own lexers (``RawFencedCodeBlockLexer`` for every fenced
block, whatever its language) and the examples by the project's ``conftest.pages``
(the parsers pytest runs). The page check, the output updater
(:mod:`tests.update_outputs`) and pytest therefore agree on what a block is. A fence
Sybil reads differently from the Markdown renderer is caught by
:func:`rendered_heading_problems`, which compares against the real rendering.

The prose-number rule (:func:`prose_number_problems`)
------------------------------------------------------
A number written in prose must match, **at the precision written**, a value printed
by an example (the expected output of a ``>>>`` line) in the **same section**, or be
a declared given (``givens:`` in the page's front matter).

- *Section*: a heading (ATX, ``## Title``, as the site writes them) and everything
  under it, subsections included, up to the next heading of the same or a higher
  level. The page title (``#``, level 1) and any text
  before the first heading are the exception: their section is the lead only (up to
  the next heading of any level), since otherwise a number in the lead would be
  checked against the whole page, which is the loophole this rule closes.
- *Printed*: numbers in the expected output of a doctest example that runs. Input
  code, plain (non-``>>>``) blocks, ``+SKIP`` examples and examples under a
  ``skip:`` directive print nothing that is checked, so they back nothing.
- *Precision written*: ``0.45`` matches a printed 0.44999 (0.45 to 2 decimals) but not
  0.46; an integer ``45`` matches a printed 44.999249. A printed value backs a prose
  number only if it is printed at least as precisely: printed ``0.45`` does not back
  ``0.450``.
- *Prose* is every line outside fences, front matter and HTML comments: paragraphs,
  headings, table cells, list items, admonition and tab titles and bodies, figure alt
  text (``![alt](...)`` and ``alt="..."``), captions (``<figcaption>`` text, with the
  tags removed) and footnotes.
- *Scientific notation* is read whole: ``1.7e-6``, ``1.7 × 10⁻⁶``, ``1.7 \\times
  10^{-6}`` and ``10^{-20}`` are one number each, with the precision of the mantissa
  (``10^{-20}`` is 1 × 10⁻²⁰ to 1 significant digit). Printed ``2.1e-05`` is read the
  same way.
- *Percentages*: ``95%`` (or ``95\\%`` in math, or "95 per cent") matches a printed
  fraction, 0.95 (to 2 decimals: the precision written, moved two places), or a
  printed percentage, ``95.0%``; not a bare printed 95, which may be any count.
  ``0.3%`` matches a printed 0.0034 but not 0.2994 or 0.34. A printed percentage
  backs only a percentage.
- *Signs* are not compared: prose often states a magnitude ("falls by 45").
- *Inline and display math* (``\\(...\\)``, ``\\[...\\]``, ``$...$``, ``$$...$$``): numbers
  with a decimal point, numbers of 10 or more and powers of ten are checked; integers
  below 10 are structure (``2/n``, ``x^2``, indices) and are not. Sub- and superscripts
  (``x_{10}``, ``w^{(2)}``) are structure too, except a power of ten.
- *Not prose*: inline code, link and image targets, URLs, HTML tags and attributes
  other than ``alt``/``title``, attribute lists ``{: ...}``, footnote markers
  ``[^1]``, reference-link definitions, ordered-list markers (``1.``), and numbers
  glued to letters, which are names (``float32``, ``L2``, ``3x``). Ordinals
  (``3rd``) are checked as their number. Dotted versions with three parts
  (``1.2.3``) are names; ``Keras 3`` or ``Python 3.11`` are numbers and must be
  givens.
- *Headings*: a heading's own numbers belong to its section; a leading section
  number (``## 2. Results``, ``## 2.1 Results``) is structure.
- *Footnotes*: a footnote's text is checked against the section where the footnote is
  first referenced.
- *Dates and years*: an ISO date (``2020-06-01``) is read as its year; a year (for
  example in a citation) must be a given.
- *Givens* match exactly (or as a percentage: a given 0.05 backs ``5%``), anywhere on
  the page.

A problem reads ``page:line: number (searched section "Heading", lines a-b)``.

Fences and skips (:func:`fence_problems`)
------------------------------------------
Every fenced block is closed; no fence that could close a block opens inside one;
every block is a Python block that Sybil runs, a block declared as another language,
or a Python block skipped on purpose. A ``skip: next`` or ``skip: start`` needs a
quoted reason (``<!-- skip: next "needs Keras" -->``), which pytest reports.

Headings (:func:`rendered_heading_problems`)
---------------------------------------------
The page is rendered with the site's Markdown extensions (from ``mkdocs.yml``). No
rendered code block may contain a Markdown heading (Python comments in examples use a
single ``#``), and the renderer must see exactly the headings the reader sees.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import yaml
from sybil import Document
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

ROOT = Path(__file__).resolve().parents[1]

OTHER_LANGUAGES = {
    "bash", "sh", "shell", "console", "text", "yaml", "toml", "json", "ini",
    "javascript", "js", "css", "html", "markdown", "md", "diff", "mermaid",
}  # fmt: skip
FORBIDDEN = {"py", "pycon", "python3", "ipython", ""}

# --------------------------------------------------------------------------- reader


class _FenceLexer(RawFencedCodeBlockLexer):
    """Sybil's fence lexer, keeping the whole info line and whether the block closed."""

    def __init__(self) -> None:
        super().__init__(info_pattern=re.compile(r"(?P<info>[^\n]*)$\n", re.MULTILINE))

    def make_region(self, opening, document, closing):  # type: ignore[no-untyped-def]
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


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _givens(lines: list[str]) -> tuple[list[float], int]:
    if not lines or lines[0].strip() != "---":
        return [], 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return [], 0
    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    return [float(str(g)) for g in meta.get("givens", []) or []], end + 1


def read(path: Path) -> Page:
    """Read a page as pytest does: Sybil's fence lexer, and the examples and skip
    directives that ``conftest.pages`` collects. (Kept while the page's text is
    unchanged: the checks read each page once.)"""
    path = Path(path)
    return _read(path, path.read_text())


@cache
def _read(path: Path, text: str) -> Page:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from conftest import pages  # the parsers pytest runs on docs/

    givens, front_end = _givens(text.splitlines())
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
            import doctest

            skipped = skipped or bool(parsed.options.get(doctest.SKIP))
            outputs.append(Output(example.line, parsed.want, skipped))
    code_lines = {n for f in fences for n in range(f.line, f.last + 1)}
    return Page(
        path, text, givens, fences, outputs, skips, example_lines, code_lines, front_end
    )


# ----------------------------------------------------------------------- sections

HEADING = re.compile(r"^\s*(?P<hashes>#{1,6})\s+(?P<title>.*?)\s*#*\s*$")
SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")


@dataclass(frozen=True)
class Section:
    title: str
    first: int  # heading line (or 1 for the lead before any heading)
    last: int  # last line searched, inclusive


def _headings(page: Page) -> list[tuple[int, int, str]]:
    """(line, level, title) of each heading outside fences and comments."""
    found = []
    in_comment = False
    for number, text in enumerate(page.text.splitlines(), start=1):
        if number <= page.front_matter_end or number in page.code_lines:
            continue
        if in_comment or "<!--" in text:
            in_comment = "-->" not in text.split("<!--")[-1]
            continue
        match = HEADING.match(text)
        if match:
            found.append((number, len(match["hashes"]), match["title"]))
    return found


def sections(page: Page) -> dict[int, Section]:
    """The section searched for each line of the page."""
    total = max(1, len(page.text.splitlines()))
    headings = _headings(page)
    result: dict[int, Section] = {}
    starts = [line for line, _, _ in headings]
    for index, (line, level, title) in enumerate(headings):
        stop = total
        for later, later_level, _ in headings[index + 1 :]:
            if level <= 1 or later_level <= level:
                stop = later - 1
                break
        own_end = starts[index + 1] - 1 if index + 1 < len(starts) else total
        section = Section(title, line, stop)
        for number in range(line, own_end + 1):
            result[number] = section
    lead_end = starts[0] - 1 if starts else total
    lead = Section("(before the first heading)", 1, lead_end)
    for number in range(1, lead_end + 1):
        result[number] = lead
    return result


# -------------------------------------------------------------------- numbers

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUP = "[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+"
_EXP = rf"(?:\s*\^\s*\{{?\s*(?P<exp>[-−+]?\d+)\s*\}}?|(?P<sup>{_SUP}))"
SCIENTIFIC = re.compile(
    r"(?<![\w.])(?:(?P<mantissa>\d+(?:\.\d+)?)\s*(?:×|\\times|\\cdot|·|x)\s*)?"
    rf"10{_EXP}"
    r"|(?<![\w.])(?P<emantissa>\d+(?:\.\d+)?)[eE](?P<eexp>[-−+]?\d+)(?!\w)(?!\.\d)"
)
PERCENT = r"(?:\s?\\?%|\s?per\s?cent\b)"
PLAIN = re.compile(
    r"(?<![\w.,^_\\])(?<!\^\{)(?<!_\{)"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?P<suffix>{PERCENT}|st\b|nd\b|rd\b|th\b)?"
    r"(?![\w])(?!\.\d)(?!,\d{3})"
)
PRINTED = re.compile(
    r"(?<![\w.])(?P<number>\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
    r"(?P<percent>\s?%)?"
)
DATE = re.compile(r"\b(?P<year>\d{4})-\d{2}-\d{2}\b")
MATH_SPANS = re.compile(
    r"\\\((?P<a>.+?)\\\)|\\\[(?P<b>.+?)\\\]|\$\$(?P<c>.+?)\$\$|(?<![\\$])\$(?P<d>[^$]+?)\$",
    re.DOTALL,
)


@dataclass(frozen=True)
class Written:
    """A number as written: its text, its value and the place of its last digit
    (``0.45`` → -2, ``45`` → 0, ``1.7e-6`` → -7)."""

    text: str
    value: Decimal
    place: int
    percent: bool = False


def _decimal(digits: str) -> Decimal:
    return Decimal(digits.replace(",", "").replace("−", "-"))


def _place(mantissa: str, exponent: int = 0) -> int:
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return exponent - decimals


def _scientific(match: re.Match) -> Written:
    if match["eexp"] is not None:
        mantissa, exponent = match["emantissa"], int(match["eexp"].replace("−", "-"))
    else:
        mantissa = match["mantissa"] or "1"
        raw = match["exp"] if match["exp"] is not None else match["sup"]
        exponent = int(raw.replace("−", "-").translate(SUPERSCRIPT))
    value = _decimal(mantissa).scaleb(exponent)
    return Written(match.group(0).strip(), value, _place(mantissa, exponent))


def written_numbers(text: str, math: bool = False) -> list[Written]:
    """Every number written in a piece of prose (or, with ``math``, a formula)."""
    found: list[Written] = []

    def take(match: re.Match) -> str:
        found.append(_scientific(match))
        return " "

    text = SCIENTIFIC.sub(take, text)
    text = DATE.sub(lambda m: m["year"], text)
    if math:
        text = re.sub(r"[_^]\s*\{[^{}]*\}|[_^]\s*\\?\w", " ", text)
    for match in PLAIN.finditer(text):
        digits, suffix = match["number"], (match["suffix"] or "").strip()
        value = _decimal(digits)
        percent = "%" in suffix or "cent" in suffix
        if math and "." not in digits and value < 10 and not percent:
            continue
        found.append(
            Written(match.group(0).strip(), value, _place(digits), percent=percent)
        )
    return found


def printed_numbers(want: str) -> list[Written]:
    """Every number in an example's expected output, with its printed precision."""
    found = []
    for match in PRINTED.finditer(want):
        digits = match["number"]
        mantissa, _, exponent = digits.lower().partition("e")
        value = _decimal(mantissa).scaleb(int(exponent or 0))
        place = _place(mantissa, int(exponent or 0))
        found.append(Written(digits, value, place, percent=bool(match["percent"])))
        if "," in digits:  # "10,410" may also be a tuple's "10,410": keep both
            for part in digits.split(","):
                found.append(Written(part, _decimal(part), 0))
    return found


def _rounds_to(value: Decimal, place: int, target: Decimal) -> bool:
    quantum = Decimal(1).scaleb(place)
    try:
        return any(
            abs(value).quantize(quantum, rounding=mode) == abs(target)
            for mode in (ROUND_HALF_EVEN, ROUND_HALF_UP)
        )
    except InvalidOperation:
        return False


def backs(printed: Written, written: Written) -> bool:
    """Whether a printed value backs a written one at the precision written."""
    if written.percent and not printed.percent:  # a printed fraction: 0.95 is 95%
        targets = [(written.value / 100, written.place - 2)]
    elif written.percent == printed.percent:
        targets = [(written.value, written.place)]
    else:
        return False
    return any(
        printed.place <= place and _rounds_to(printed.value, place, value)
        for value, place in targets
    )


def _is_given(written: Written, givens: list[float]) -> bool:
    values = [abs(written.value)]
    if written.percent:
        values.append(abs(written.value) / 100)
    return any(Decimal(repr(abs(g))) == v for g in givens for v in values)


# ----------------------------------------------------------------------- prose

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


# --------------------------------------------------------------- fences, skips

QUOTED = re.compile(r"""(["']).+?\1""")


def fence_problems(path: Path, sybil_lines: set[int] | None = None) -> list[str]:
    """``page:line: why`` for each fenced block that is unclosed, nested, or neither
    run, declared nor skipped with a reason, and for each skip without a reason.
    ``sybil_lines`` (the lines of the examples Sybil collected) defaults to what
    ``conftest.pages`` collects."""
    page = read(path)
    lines = page.example_lines if sybil_lines is None else sybil_lines
    problems = []
    for skip in page.skips:
        if skip.action in ("start", "next") and not (
            skip.reason and QUOTED.search(skip.reason)
        ):
            problems.append(
                f"{path}:{skip.line}: 'skip: {skip.action}' without a quoted reason: "
                f'write skip: {skip.action} "why"'
            )
    for fence in page.fences:
        where = f"{path}:{fence.line}"
        if not fence.closed:
            problems.append(
                f"{where}: this fence is never closed (the rest of the page is code)"
            )
        nested = re.compile(
            rf"^{re.escape(fence.fence[0])}{{{len(fence.fence)},}}[ \t]*\S", re.M
        )
        inner = nested.search(fence.source)
        if inner:
            at = fence.line + 1 + fence.source.count("\n", 0, inner.start())
            problems.append(
                f"{path}:{at}: a fence opens inside the block opened at line "
                f"{fence.line}; is a closing fence missing?"
            )
        info = fence.info.split()[0].lower() if fence.info.split() else ""
        if info in FORBIDDEN:
            label = info or "no language"
            problems.append(
                f"{where}: a '{label}' fence; use 'python' or name the language"
            )
        elif info == "python":
            if fence.skip_reason is not None:
                continue  # the skip directive itself is checked above
            if not any(line in lines for line in range(fence.line, fence.last + 1)):
                problems.append(f"{where}: a python block that Sybil does not run")
        elif info not in OTHER_LANGUAGES:
            problems.append(f"{where}: unknown fence language '{info}'")
    return problems


# ------------------------------------------------------------------ rendering


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


def render(text: str) -> str:
    """The page's HTML body, as the site's Markdown extensions render it."""
    import markdown

    names, options = _markdown_config()
    return markdown.Markdown(
        extensions=list(names), extension_configs=dict(options)
    ).convert(text)


class _Blocks(HTMLParser):
    """Headings and code-block text of rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.code: list[str] = []
        self._heading: list[str] | None = None
        self._pre = 0

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []
        elif tag == "pre":
            self._pre += 1
            self.code.append("")

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None
        elif tag == "pre":
            self._pre -= 1

    def handle_data(self, data):  # type: ignore[no-untyped-def]
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


def all_problems(path: Path) -> list[str]:
    """Every problem the page checks find on one page."""
    return (
        fence_problems(path)
        + rendered_heading_problems(path)
        + prose_number_problems(path)
    )
