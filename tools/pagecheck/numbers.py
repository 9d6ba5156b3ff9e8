"""Numbers as written in prose and as printed by examples, and when one backs the
other."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUP = "[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+"
_EXP = rf"(?:\s*\^\s*\{{?\s*(?P<exp>[-−+]?\d+)\s*\}}?|(?P<sup>{_SUP}))"
SCIENTIFIC = re.compile(
    r"(?<![\w.])(?:(?P<mantissa>\d+(?:\.\d+)?)\s*(?:×|\\times|\\cdot|·|x)\s*)?"
    rf"10{_EXP}"
    r"|(?<![\w.])(?P<emantissa>\d+(?:\.\d+)?)[eE](?P<eexp>[-−+]?\d+)(?!\w)(?!\.\d)"
)
PERCENT = r"(?:\s?\\?%|\s?per\s?cent\b|\s?percent\b)"
PLAIN = re.compile(
    r"(?<![\w.^_\\])(?<!\^\{)(?<!_\{)(?<![A-Z][A-Z]-)"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<![\d,])\.\d+)"
    rf"(?P<suffix>{PERCENT}|st\b|nd\b|rd\b|th\b)?"
    r"(?!\.\d)(?!,\d{3})(?![\d_])"
)
"""A number in prose. Letters before it make a name (``float32``, ``L2``, and an
acronym's ``AVX-512``); letters
after it are a unit or a factor and the number is read (``46ms``, ``7.5x``);
``.46`` is 0.46; after a comma it is read too (``0,46``), unless the comma groups
thousands (``10,410``)."""
PRINTED = re.compile(
    r"(?<![\w.])(?P<number>\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
    r"(?P<percent>\s?%)?"
)
MATH_WORDS = re.compile(r"\\(?:text|textrm|mathrm|mbox|textit|textbf)\s*\{([^{}]*)\}")
STATED = re.compile(
    r"(?:=|≈|\\approx|\\simeq)\s*[-−+]?\s*(?P<n>[2-9])(?![\d.])"
    r"(?=\s*(?:$|[,;.)\]]|\\[,;:!\])]|\\q?quad|=|≈|\\approx|\\text|&|\\\\))"
)
"""A small integer that a formula states as a value (``\\eta = 3``, ``k \\approx
7``), not as structure (``2/n``, ``x^2``, ``2w``, a bound ``< 2``): it is checked
like any number. 0 and 1 stay structure (an initial value, no momentum)."""
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
        return " " * len(match.group(0))

    stated: set[int] = set()
    if math:  # words in a formula (\text{7 epochs}) are prose
        words = " ".join(m[1] for m in MATH_WORDS.finditer(text))
        found += written_numbers(words)
        text = MATH_WORDS.sub(" ", text)
        stated = {m.start("n") for m in STATED.finditer(text)}
    text = SCIENTIFIC.sub(take, text)
    text = DATE.sub(lambda m: m["year"] + " " * (len(m[0]) - 4), text)
    if math:
        text = re.sub(
            r"[_^]\s*\{[^{}]*\}|[_^]\s*\\?\w", lambda m: " " * len(m[0]), text
        )
    for match in PLAIN.finditer(text):
        digits, suffix = match["number"], (match["suffix"] or "").strip()
        value = _decimal(digits)
        percent = "%" in suffix or "cent" in suffix
        small = "." not in digits and value < 10 and not percent
        if math and small and match.start("number") not in stated:
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
