"""Figures for the page on Ahmed Gad's one-neuron perceptron."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lrdoc.experiments import gad as results
from lrdoc.figures import figure
from lrdoc.figures.style import (
    COLORS,
    legend_outside,
    new_figure,
    number,
    plain_log_labels,
)

LAST_UPDATES = 30
"""The bottom panel of the weight paths shows the last 5 passes of 6 updates."""


def _label(rate: float | None) -> str:
    return "no rate" if rate is None else f"η = {number(rate)}"


@figure("gad-weight-trajectories", data=results.weight_paths)
def weight_trajectories(result: results.WeightPaths) -> Figure:
    """Top: the size of the input weight over all updates, every rate. Bottom: the
    weight over the last 5 passes, for the rates whose weight stays finite."""
    fig, (wide, close) = new_figure(2, 1, width=4.8, height=8.0)
    # Limits fixed before plotting: autoscaling a log axis near 1e308 overflows.
    wide.set_yscale("log")
    wide.set_ylim(1e-2, 1e308)
    wide.set_autoscaley_on(False)
    wide.set_yticks([1e0, 1e100, 1e200, 1e300])
    total = result.weight.shape[0]
    for i, (color, rate) in enumerate(zip(COLORS, result.rates, strict=True)):
        weight = result.weight[:, i]
        end = result.first_non_finite[i]
        shown = total if end is None else end
        label = _label(rate) + ("" if end is None else f", not finite at {end}")
        wide.plot(np.arange(shown), np.abs(weight[:shown]), color=color, label=label)
        if end is None:
            updates = np.arange(total - LAST_UPDATES, total)
            close.plot(
                updates, weight[-LAST_UPDATES:], color=color, marker=".", label=label
            )
    wide.set_title("size of w, every update")
    wide.set_xlabel("update")
    wide.set_ylabel("|w|")
    plain_log_labels(wide, "y")
    legend_outside(wide, ncols=1, where="below")
    close.set_title("w over the last 5 passes")
    close.set_xlabel("update")
    close.set_ylabel("w")
    legend_outside(close, ncols=2, where="below")
    return fig


@figure("gad-rate-sweep", data=results.rate_sweep)
def error_against_rate(result: results.RateSweep) -> Figure:
    """Mean absolute training error after 2002 updates against the rate, for the
    published and the corrected program, with the bounds marked."""
    fig, ax = new_figure(width=4.8, height=4.6)
    for errors, color, label in (
        (result.published, COLORS[0], "published program"),
        (result.corrected, COLORS[1], "corrected program"),
    ):
        shown = np.where(np.isfinite(errors) & (errors < 1e3), errors, np.nan)
        ax.loglog(result.rates, shown, color=color, label=label)
    ax.axvspan(
        result.published_edge[1],
        result.rates.max(),
        color=COLORS[3],
        alpha=0.12,
        label="published error grew",
    )
    for rate, color, style, label in (
        (result.article_rate, COLORS[2], ":", "article's rate"),
        (result.bound, COLORS[3], "--", "bound, all inputs"),
        (result.bound_without_clipped, COLORS[4], "-.", "bound, no clipped inputs"),
    ):
        ax.axvline(rate, color=color, linestyle=style, linewidth=1.4, label=label)
    ax.set_xlabel("learning rate η")
    ax.set_ylabel("mean |error| after 2002 updates")
    plain_log_labels(ax)
    legend_outside(ax, ncols=2, where="below")
    return fig


@figure("gad-test-predictions", data=results.corrected)
def predicted_vs_expected(result: results.Corrected) -> Figure:
    """Expected output and the two trained neurons' outputs over the test range,
    with the four test inputs marked on each."""
    fig, ax = new_figure(width=4.8, height=4.0)
    ax.plot(
        result.x,
        result.expected,
        color=COLORS[5],
        linewidth=4.0,
        alpha=0.45,
        label="expected, min(x, 250)",
    )
    ax.plot(result.x, result.published_curve, color=COLORS[0], label="published")
    ax.plot(
        result.x,
        result.corrected_curve,
        color=COLORS[1],
        linestyle="--",
        label="corrected",
    )
    ax.plot(result.test_inputs, result.published_predicted, "s", color=COLORS[0])
    ax.plot(result.test_inputs, result.predicted, "x", color=COLORS[1], markersize=9)
    ax.set_xlabel("input x (test inputs marked)")
    ax.set_ylabel("output")
    ax.legend(loc="lower right")
    return fig
