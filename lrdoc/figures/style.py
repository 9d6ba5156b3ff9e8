"""One look for every figure, in a light and a dark variant.

The dark variant has the background of Material's ``slate`` scheme, so a figure sits
on the page in either palette. Every setting that could make an SVG differ between
two builds (the hash salt of its ids, the date, text drawn as paths rather than
fonts) is fixed here.
"""

from __future__ import annotations

from typing import Any

from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lrdoc import _checks

COLORS = ("#3f51b5", "#e8710a", "#1a9850", "#c2185b", "#7b1fa2", "#00838f")
"""Line colours, in order; they stay readable on both backgrounds."""

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
        "svg.fonttype": "path",
        "font.family": "DejaVu Sans",
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
    nrows: int = 1, ncols: int = 1, width: float = 7.0, height: float = 3.6
) -> tuple[Figure, Any]:
    """A figure with a grid of axes, not tied to pyplot's global state.

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
