"""Figures for the page "Choosing a learning rate": drawing only."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lrdoc.experiments import choosing
from lrdoc.experiments.choosing import RangeFigure
from lrdoc.figures import figure
from lrdoc.figures.style import (
    COLORS,
    legend_outside,
    new_figure,
    number,
    plain_log_labels,
)

MARKERS = {"minimum": "o", "steep": "s", "valley": "D"}
MARKER_COLORS = {"minimum": COLORS[1], "steep": COLORS[3], "valley": COLORS[4]}


@figure("choosing-range-test", data=choosing.range_figure)
def range_test_curves(result: RangeFigure) -> Figure:
    """fastai's range test from 10 seeds on each network, seed 0 in full with its three
    suggestions, and the band of rates that the full sweep finds best.

    Each rule's marker sits at the rate it suggests, on seed 0's curve (fastai's own
    plot puts the ``minimum`` marker at the lowest loss, ten times its suggestion);
    a cross marks that lowest loss."""
    fig, axes = new_figure(2, 1, height=7.2)
    for ax, model, curves, found, band in zip(
        axes,
        result.models,
        result.curves,
        result.suggestions,
        result.bands,
        strict=True,
    ):
        ax.axvspan(*band, color=COLORS[2], alpha=0.18, linewidth=0, label="best band")
        for rates, losses in curves[1:]:
            ax.plot(rates, losses, color=COLORS[0], alpha=0.25, linewidth=0.8)
        rates, losses = curves[0]
        ax.plot(rates, losses, color=COLORS[0], label="seed 0")
        finite = np.isfinite(losses)
        for rule, suggestion in found.items():
            on_curve = np.interp(
                np.log(suggestion.rate), np.log(rates[finite]), losses[finite]
            )
            ax.plot(
                suggestion.rate,
                on_curve,
                MARKERS[rule],
                color=MARKER_COLORS[rule],
                markersize=7,
                label=f"{rule} {number(suggestion.rate)}",
            )
        lowest = found["minimum"]
        ax.plot(
            lowest.at_rate,
            lowest.at_loss,
            "x",
            color=MARKER_COLORS["minimum"],
            markersize=7,
            label="lowest loss",
        )
        ax.set_xscale("log")
        plain_log_labels(ax, "x")
        low = min(float(np.nanmin(loss)) for _, loss in curves)
        high = max(float(np.nanmax(loss[np.isfinite(loss)])) for _, loss in curves)
        ax.set_ylim(0.9 * low, min(high, 3 * low) * 1.05)
        ax.set_title(f"{model}: best band {band[0]:.3g} to {band[1]:.3g}")
        ax.set_xlabel("learning rate η (ramped over 100 steps)")
        ax.set_ylabel("smoothed loss")
        legend_outside(ax, ncols=3, where="below", handlelength=1.2, columnspacing=0.8)
    return fig
