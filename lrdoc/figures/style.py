"""One look for every figure, in a light and a dark variant.

The dark variant has the background of Material's ``slate`` scheme, so a figure sits
on the page in either palette. Every setting that could make an SVG differ between
two builds (the hash salt of its ids, the date) is fixed here.

Text is written as SVG text, not drawn as glyph paths (``svg.fonttype: "none"``),
which keeps a figure a few kilobytes instead of a hundred. The browser draws it with
DejaVu Sans where installed, else with its own sans-serif.

**Figures that read on a phone.** An image shrinks to fit a 390 px screen (about
350 px of column), and its text shrinks with it. :func:`new_figure`'s default width,
:data:`PHONE_WIDTH` inches at the default 10 pt text, keeps every label at 9 px or
more there. A wider figure needs proportionally larger text
(:func:`smallest_text_px` computes it); otherwise the build gives the image a minimum
width, so that its text stays 9 px, and a phone scrolls it sideways.
"""

from __future__ import annotations

import re
from typing import Any, cast

import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter
from matplotlib.transforms import offset_copy

from lrdoc import _checks

COLORS = ("#4a6fe3", "#d0611a", "#1a9850", "#d9418a", "#9b4fd1", "#00838f")
"""Line colours, in order: blue, orange, green, magenta, purple, teal. Each has a
contrast of at least 3:1 (WCAG's minimum for graphics) against both backgrounds; see
:func:`contrast`."""

PHONE_COLUMN_PX = 350.0
"""The width of the text column on a 390 px phone, in CSS pixels."""

MIN_TEXT_PX = 9.0
"""The smallest text a figure may show, in CSS pixels, at any screen width."""

PHONE_WIDTH = 5.0
"""The width of a figure, in inches: its 10 pt text stays 9 px or more when it
shrinks to a 390 px phone's column (whose width is 358 px, a little more than
:data:`PHONE_COLUMN_PX`), with room for labels that stick out of the axes."""

TEXT_PT = 10.0
"""The size of all text in a figure, in points: titles, labels, ticks and legends
alike (nothing smaller, so nothing falls below 9 px on a phone)."""

_BACKGROUND = {"light": "#ffffff", "dark": "#1e2129"}
_FOREGROUND = {"light": "#222222", "dark": "#d5d7e2"}
_GRID = {"light": "#e0e0e0", "dark": "#3a3f4b"}


def rc(variant: str = "light") -> dict[str, Any]:
    """Matplotlib settings for one variant.

    Examples
    --------
    >>> rc("dark")["figure.facecolor"]
    '#1e2129'
    >>> rc("sepia")
    Traceback (most recent call last):
    ...
    ValueError: variant must be 'light' or 'dark', got 'sepia'
    """
    variant = _checks.choice(variant, "variant", ("light", "dark"))
    fg = _FOREGROUND[variant]
    return {
        "svg.hashsalt": "lrdoc",
        "svg.fonttype": "none",
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": TEXT_PT,
        "legend.fontsize": TEXT_PT,
        "axes.titlesize": TEXT_PT,
        "axes.labelsize": TEXT_PT,
        "xtick.labelsize": TEXT_PT,
        "ytick.labelsize": TEXT_PT,
        "figure.titlesize": TEXT_PT,
        "figure.facecolor": _BACKGROUND[variant],
        "axes.facecolor": _BACKGROUND[variant],
        "savefig.facecolor": _BACKGROUND[variant],
        "axes.edgecolor": fg,
        "axes.labelcolor": fg,
        "axes.titlecolor": fg,
        "xtick.color": fg,
        "ytick.color": fg,
        "text.color": fg,
        "legend.facecolor": _BACKGROUND[variant],
        "legend.edgecolor": _GRID[variant],
        "legend.labelcolor": fg,
        "grid.color": _GRID[variant],
        "axes.grid": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=COLORS),
        "lines.linewidth": 1.6,
        "figure.dpi": 100,
        "savefig.bbox": "tight",
    }


def new_figure(
    nrows: int = 1, ncols: int = 1, width: float = PHONE_WIDTH, height: float = 3.4
) -> tuple[Figure, Any]:
    """A figure with a grid of axes, not tied to pyplot's global state.

    The default width keeps 10 pt text at 9 px or more on a phone (see the module's
    note); for a wider figure, raise the text size to :func:`phone_text_pt`.

    Returns
    -------
    (fig, axes)
        ``axes`` is one :class:`~matplotlib.axes.Axes` for a 1×1 grid, else an array.

    Examples
    --------
    >>> fig, axes = new_figure(2, 2)
    >>> axes.shape
    (2, 2)
    """
    nrows = _at_most(_checks.positive_int(nrows, "nrows"), "nrows", MAX_PANELS)
    ncols = _at_most(_checks.positive_int(ncols, "ncols"), "ncols", MAX_PANELS)
    width = _checks.positive(width, "width")
    height = _checks.positive(height, "height")
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True)
    return fig, axes


def mark_vertical(ax: Axes, x: float, label: str) -> None:
    """A dashed vertical line at ``x`` with a label, for bounds and thresholds.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> mark_vertical(ax, 0.12, "bound")
    >>> line = ax.lines[0]
    >>> line.get_xdata(), line.get_linestyle()
    ([0.12, 0.12], '--')
    >>> ax.texts[0].get_text()
    'bound'
    """
    _axes(ax)
    x = _checks.finite_number(x, "x")
    label = _checks.text(label, "label")
    ax.axvline(x, color=COLORS[3], linestyle="--", linewidth=1.2)
    ax.annotate(
        label,
        xy=(x, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(4, -4),
        textcoords="offset points",
        va="top",
        color=COLORS[3],
    )


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(value: float) -> str:
    """A tick label in the site's one style for powers of ten: ``10⁻⁴``, written
    with superscript characters in one text run at the figure's text size (a
    mathtext exponent would be a smaller, separate text, below 9 px on a phone).
    A value between powers of ten is written as ``2×10⁻³``.

    Examples
    --------
    >>> power_of_ten(1e-4), power_of_ten(1.0), power_of_ten(1e300), power_of_ten(0.002)
    ('10⁻⁴', '1', '10³⁰⁰', '2×10⁻³')
    >>> power_of_ten(10.0)
    '10'
    """
    value = _checks.positive(value, "value")
    exponent = int(np.floor(np.log10(value) + 1e-9))
    mantissa = value / 10.0**exponent
    power = {0: "1", 1: "10"}.get(
        exponent, "10" + str(exponent).translate(_SUPERSCRIPT)
    )
    if abs(mantissa - 1) < 1e-6:
        return power
    head = f"{mantissa:.2g}"
    return head if exponent == 0 else f"{head}×{power}"


def number(value: float, digits: int = 2) -> str:
    """A number for a legend or a label: ``0.036``, or ``9.1×10⁻⁷`` where Python's
    ``g`` format would write ``9.1e-07`` (the site writes no ``e`` notation).

    Examples
    --------
    >>> number(0.0361), number(9.12e-7), number(2.0e-32, 1)
    ('0.036', '9.1×10⁻⁷', '2×10⁻³²')
    """
    value = _checks.finite_number(value, "value")
    digits = _at_most(_checks.positive_int(digits, "digits"), "digits", 17)
    text = f"{value:.{digits}g}"
    if "e" not in text:
        return text
    head, exponent = text.split("e")
    power = "10" + str(int(exponent)).translate(_SUPERSCRIPT)
    return power if head == "1" else f"{head}×{power}"


def plain_log_labels(ax: Axes, which: str = "both") -> None:
    """Label the log axes of ``ax`` in the site's one style, ``10⁻⁴`` (see
    :func:`power_of_ten`), with no labels on the minor ticks. Every log axis on the
    site is labelled this way.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> ax.set_yscale("log")
    >>> plain_log_labels(ax, "y")
    >>> ax.yaxis.get_major_formatter()(1e-14, 0)
    '10⁻¹⁴'
    """
    _axes(ax)
    which = _checks.choice(which, "which", ("x", "y", "both"))
    axes = [ax.xaxis, ax.yaxis] if which == "both" else [getattr(ax, which + "axis")]
    for axis in axes:
        axis.set_major_formatter(FuncFormatter(_log_tick))
        axis.set_minor_formatter(NullFormatter())


def legend_outside(
    ax: Axes, ncols: int = 2, where: str = "below", **kwargs: Any
) -> None:
    """A legend beside the data, never on it: in a row above the axes (``"above"``)
    or under the x-axis label (``"below"``).

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> _ = ax.plot([0, 1], label="a line")
    >>> legend_outside(ax)
    >>> ax.get_legend().get_texts()[0].get_text()
    'a line'
    >>> legend_outside(ax, where="left")
    Traceback (most recent call last):
    ...
    ValueError: where must be 'above' or 'below', got 'left'
    """
    _axes(ax)
    ncols = _checks.positive_int(ncols, "ncols")
    where = _checks.choice(where, "where", ("above", "below"))
    if where == "above":
        ax.legend(
            loc="lower left",
            bbox_to_anchor=(0.0, 1.02, 1.0, 0.1),
            mode="expand",
            borderaxespad=0.0,
            ncols=ncols,
            **kwargs,
        )
    elif where == "below":
        # Under the tick labels and the x-axis label, whatever the axes' height.
        below_label = offset_copy(
            ax.transAxes, fig=cast(Figure, ax.figure), y=-3.2 * TEXT_PT, units="points"
        )
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            bbox_transform=below_label,
            borderaxespad=0.0,
            ncols=ncols,
            **kwargs,
        )
    else:
        raise ValueError(f"where must be 'above' or 'below', got {where!r}")


MAX_PANELS = 12
"""The most rows, or columns, of axes :func:`new_figure` draws."""


def _at_most(value: int, name: str, limit: int) -> int:
    """``value`` if it is at most ``limit``, else a ValueError naming it."""
    if value > limit:
        raise ValueError(f"{name} must be at most {limit}, got {_checks.show(value)}")
    return value


def _axes(ax: object) -> None:
    """Raise a TypeError unless ``ax`` is a matplotlib Axes."""
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {_checks.show(ax)}")


def _log_tick(value: float, position: object) -> str:
    """A log axis' tick label: :func:`power_of_ten`, blank where the axis has no
    positive value."""
    return power_of_ten(value) if np.isfinite(value) and value > 0 else ""


def _luminance(color: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(color: str, variant: str = "light") -> float:
    """WCAG contrast ratio of ``color`` against the figure background of ``variant``.

    Examples
    --------
    >>> round(contrast("#000000"), 1)
    21.0
    >>> min(round(contrast(c, v), 1) for c in COLORS for v in ("light", "dark"))
    3.4
    >>> contrast("blue")
    Traceback (most recent call last):
    ...
    ValueError: color must be a colour written #rrggbb, got 'blue'
    """
    if not isinstance(color, str):
        raise TypeError(f"color must be a string #rrggbb, got {_checks.show(color)}")
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        raise ValueError(f"color must be a colour written #rrggbb, got {color!r}")
    background = rc(variant)["figure.facecolor"]
    high, low = sorted((_luminance(color), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def smallest_text_px(width: float, text_pt: float = 10.0) -> float:
    """How tall ``text_pt`` text appears on a phone, in CSS pixels, in a figure
    ``width`` inches wide (an SVG's natural size is 96 px per inch; on a phone it
    shrinks to :data:`PHONE_COLUMN_PX`).

    Examples
    --------
    >>> round(smallest_text_px(PHONE_WIDTH), 1)
    9.7
    >>> round(smallest_text_px(7.0), 1)
    6.9
    """
    width = _checks.positive(width, "width")
    text_pt = _checks.positive(text_pt, "text_pt")
    natural = width * 96
    return text_pt * 96 / 72 * min(1.0, PHONE_COLUMN_PX / natural)


def phone_text_pt(width: float) -> float:
    """The smallest text size, in points, that stays :data:`MIN_TEXT_PX` on a phone
    in a figure ``width`` inches wide.

    Examples
    --------
    >>> round(phone_text_pt(7.0), 1)
    13.0
    """
    return MIN_TEXT_PX * 10.0 / smallest_text_px(_checks.positive(width, "width"), 10.0)
