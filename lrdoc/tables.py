"""Plain-text tables, for printing results inside examples that pytest checks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from lrdoc import _checks


def format_table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], digits: int = 2
) -> str:
    """Align ``rows`` under ``headers``; floats are rounded to ``digits`` decimals.

    Parameters
    ----------
    headers : sequence of str
        Column titles.
    rows : iterable of sequences
        One sequence per row, as long as ``headers``.
    digits : int
        Decimals shown for floats.

    Returns
    -------
    str
        The table, one line per row, columns right-aligned.

    Examples
    --------
    >>> print(format_table(["rate", "w"], [(0.01, 0.449992), (1, 44.99925)]))
    rate      w
    0.01   0.45
       1  45.00
    """
    digits = _checks.non_negative_int(digits, "digits")
    if digits > 100:
        raise ValueError(f"digits must be <= 100, got {_checks.show(digits)}")

    def cell(value: object) -> str:
        if isinstance(value, float):
            text = f"{value:.{digits}f}"
            return "0." + "0" * digits if text == "-0." + "0" * digits else text
        return str(value)

    body = [[cell(v) for v in row] for row in rows]
    for number, row in enumerate(body):
        if len(row) != len(headers):
            raise ValueError(
                f"rows[{number}] must have {len(headers)} cells, got {len(row)}"
            )
    table = [list(headers), *body]
    widths = [max(len(r[c]) for r in table) for c in range(len(headers))]
    return "\n".join(
        "  ".join(text.rjust(width) for text, width in zip(r, widths, strict=True))
        for r in table
    )


def significant(value: float | None, digits: int) -> str:
    """A number to ``digits`` significant digits, as a reader expects it: trailing
    zeros dropped, a minus sign (−) for negatives, a power of ten in superscript for
    small numbers, "—" for None or a number that is not finite. Python rounds it (half
    to even on the exact value), as the pages' examples print, where JavaScript's
    ``toPrecision`` would round a half up.

    Parameters
    ----------
    value : float or None
    digits : int
        Significant digits, at least 1.

    Returns
    -------
    str

    Examples
    --------
    >>> significant(11.25, 3), significant(-0.6740, 4), significant(None, 3)
    ('11.2', '−0.674', '—')
    >>> significant(1.0, 4), significant(20000.0, 4), significant(2.5e-11, 3)
    ('1', '20000', '2.5×10⁻¹¹')
    """
    if value is None or not np.isfinite(value):
        return "—"
    text = f"{value:.{_checks.positive_int(digits, 'digits')}g}"
    if "e" in text:
        head, exponent = text.split("e")
        if int(exponent) >= 0:  # a large number: its digits, no exponent
            return f"{float(text):.0f}".replace("-", "−")
        text = f"{head}×10" + str(int(exponent)).translate(_SUPERSCRIPT)
    elif "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace("-", "−")


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
