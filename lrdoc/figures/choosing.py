"""Figures for the page "Choosing a learning rate": drawing only."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lrdoc.experiments import choosing
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
def range_test_curves(result: tuple) -> Figure:
    """fastai's range test from 10 seeds on each network, seed 0 in full with its three
    suggestions, and the band of rates that the full sweep finds best.

    Each rule's marker sits at the rate it suggests, on seed 0's curve (fastai's own
    plot puts the ``minimum`` marker at the lowest loss, ten times its suggestion);
    a cross marks that lowest loss."""
    fig, axes = new_figure(2, 1, height=7.2)
    for ax, (model, tests, found) in zip(axes, result, strict=True):
        curves = [(t.rates, t.losses) for t in tests.tests]
        band = tests.band
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


@figure("choosing-loss-rate", data=choosing.loss_curves)
def loss_against_rate(curves: tuple[choosing.LossCurve, ...]) -> Figure:
    """Mean final training loss against the learning rate for both networks: the
    page's seeds (their range shaded), the held-out seeds dashed, and the best band
    of the page's seeds as a stripe."""
    fig, axes = new_figure(2, 1, height=6.4)
    for ax, curve in zip(axes, curves, strict=True):
        ax.axvspan(*curve.band, color=COLORS[2], alpha=0.18, linewidth=0)
        ax.fill_between(
            curve.rates,
            curve.low,
            curve.high,
            color=COLORS[0],
            alpha=0.2,
            linewidth=0,
            label="min–max, 10 seeds",
        )
        ax.plot(curve.rates, curve.mean, "o-", color=COLORS[0], label="mean, 10 seeds")
        ax.plot(
            curve.rates,
            curve.held_out_mean,
            "--",
            color=COLORS[1],
            label="mean, 40 other seeds",
        )
        ax.set_xscale("log")
        plain_log_labels(ax, "x")
        top = float(np.max(curve.mean[np.isfinite(curve.mean)]))
        ax.set_ylim(0, min(top, 3 * float(np.min(curve.mean))) * 1.1)
        ax.set_title(
            f"{curve.model}: best band {curve.band[0]:.3g} to {curve.band[1]:.3g}"
        )
        ax.set_xlabel("learning rate η")
        ax.set_ylabel("final training loss")
    legend_outside(axes[-1], ncols=2, where="below", handlelength=1.5)
    return fig
