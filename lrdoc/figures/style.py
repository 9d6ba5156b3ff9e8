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

from typing import Any

import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter

from lrdoc import _checks

COLORS = ("#4a6fe3", "#d0611a", "#1a9850", "#d9418a", "#9b4fd1", "#00838f")
"""Line colours, in order: blue, orange, green, magenta, purple, teal. Each has a
contrast of at least 3:1 (WCAG's minimum for graphics) against both backgrounds; see
:func:`contrast`."""

PHONE_COLUMN_PX = 350.0
"""The width of the text column on a 390 px phone, in CSS pixels."""

MIN_TEXT_PX = 9.0
"""The smallest text a figure may show, in CSS pixels, at any screen width."""

PHONE_WIDTH = 5.4
"""The widest figure, in inches, whose 10 pt text stays 9 px on a phone."""

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
    if variant not in _BACKGROUND:
        raise ValueError(f"variant must be 'light' or 'dark', got {variant!r}")
    fg = _FOREGROUND[variant]
    return {
        "svg.hashsalt": "lrdoc",
        "svg.fonttype": "none",
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": 10.0,
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
    nrows = _checks.positive_int(nrows, "nrows")
    ncols = _checks.positive_int(ncols, "ncols")
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


def plain_log_labels(ax: Axes, which: str = "both") -> None:
    """Label log axes as ``1e-14`` rather than with a superscript, whose small
    exponent would fall below 9 px on a phone.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> ax.set_yscale("log")
    >>> plain_log_labels(ax, "y")
    >>> ax.yaxis.get_major_formatter()(1e-14, 0)
    '1e-14'
    """
    axes = [ax.xaxis, ax.yaxis] if which == "both" else [getattr(ax, which + "axis")]
    for axis in axes:
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"1e{np.log10(v):.0f}"))
        axis.set_minor_formatter(NullFormatter())


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
    """
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
    9.0
    >>> round(smallest_text_px(7.0), 1)
    6.9
    """
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
    return MIN_TEXT_PX * 10.0 / smallest_text_px(width, 10.0)
