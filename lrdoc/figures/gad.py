"""Figures for the page on Ahmed Gad's one-neuron perceptron."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lrdoc import perceptron
from lrdoc.figures import figure
from lrdoc.figures.style import COLORS, mark_vertical, new_figure
from lrdoc.replicas import gad

TRAJECTORY_RATES = (None, 0.001, 0.0004, 0.0001, 0.00001, 0.000001)
"""Rates whose runs are drawn; ``None`` is the article's "no learning rate"."""


def _described_targets() -> np.ndarray:
    """The targets the article's text describes: each input, clipped at 250."""
    return np.minimum(gad.INPUTS, 250).astype(float)


@figure("gad-weight-trajectories")
def weight_trajectories() -> Figure:
    """The input weight after every update of the published loop, one line per rate:
    its size on a log scale for every run (left), and its value on a linear scale for
    the runs that settle (right)."""
    fig, (wide, close) = new_figure(1, 2, width=9.0, height=3.8)
    # Limits fixed before plotting: autoscaling a log axis near 1e308 overflows.
    wide.set_yscale("log")
    wide.set_ylim(1e-2, 1e308)
    wide.set_autoscaley_on(False)
    wide.set_yticks([1e0, 1e50, 1e100, 1e150, 1e200, 1e250, 1e300])
    rates = np.array([1.0 if rate is None else rate for rate in TRAJECTORY_RATES])
    history = gad.trajectories(rates, iterations=2002)
    for i, (color, rate) in enumerate(zip(COLORS, TRAJECTORY_RATES, strict=True)):
        weight = history[:, i, 1]
        finite = np.isfinite(weight)
        end = int(np.argmin(finite)) if not finite.all() else weight.size
        label = "no learning rate" if rate is None else f"rate {rate:g}"
        if end < weight.size:
            label += f" (non-finite at update {end})"
        updates = np.arange(end)
        wide.plot(updates, np.abs(weight[:end]), color=color, label=label)
        if end == weight.size:
            close.plot(updates[1:], weight[1:end], color=color, label=label)
    wide.set_title("every rate: size of w, log scale")
    wide.set_xlabel("update (one sample each)")
    wide.set_ylabel("|w|")
    wide.legend(loc="center right", fontsize=7)
    close.set_xscale("log")
    close.set_title("rates that settle: w, linear scale")
    close.set_xlabel("update (log scale)")
    close.set_ylabel("w")
    close.legend(loc="upper left", fontsize=7)
    return fig


@figure("gad-rate-sweep")
def rate_sweep() -> Figure:
    """Mean absolute training error after 2002 updates against the rate, for the
    published rule and data and for the corrected ones, with the bounds marked."""
    rates = np.geomspace(1e-6, 1e-2, 401)
    fig, ax = new_figure(width=7.0, height=4.0)
    weights, _ = gad.sweep(rates)
    published = gad.training_error(weights)
    corrected = perceptron.sweep(
        gad.INPUTS, _described_targets(), rates, 2002, bias0=0.05, weight0=0.1
    ).mean_abs_errors
    for errors, color, label in (
        (published, COLORS[0], "as published"),
        (corrected, COLORS[1], "corrected rule and targets"),
    ):
        shown = np.where(np.isfinite(errors) & (errors < 1e3), errors, np.nan)
        ax.loglog(rates, shown, color=color, label=label)
    start = gad.training_error(gad.INITIAL_WEIGHTS)
    grew = ~(published < start)
    ax.axvspan(
        rates[grew].min(), rates.max(), color=COLORS[3], alpha=0.12, label="error grew"
    )
    ax.axvline(gad.LEARNING_RATE, color=COLORS[2], linestyle=":", linewidth=1.4)
    ax.annotate(
        "article",
        xy=(gad.LEARNING_RATE, 0.02),
        xycoords=("data", "axes fraction"),
        xytext=(-4, 0),
        textcoords="offset points",
        ha="right",
        color=COLORS[2],
    )
    mark_vertical(ax, gad.stability_bound(), "2/max x(1+x)")
    unclipped = gad.INPUTS[gad.DESIRED_OUTPUT < 250]
    mark_vertical(ax, gad.stability_bound(unclipped), "without clipped samples")
    ax.set_xlabel("learning rate η")
    ax.set_ylabel("mean |error| after 2002 updates")
    ax.legend(loc="center left", fontsize=8)
    return fig


@figure("gad-test-predictions")
def predicted_vs_expected() -> Figure:
    """Expected output and the two trained neurons' outputs over the test range,
    with the four test inputs marked."""
    published = gad.training_loop().weights
    corrected = perceptron.train(
        gad.INPUTS, _described_targets(), gad.LEARNING_RATE, bias0=0.05, weight0=0.1
    )
    bias, weight = corrected.biases[-1], corrected.weights[-1]
    x = np.linspace(-200.0, 600.0, 801)
    fig, ax = new_figure(width=7.0, height=4.0)
    ax.plot(
        x,
        np.minimum(x, 250.0),
        color=COLORS[5],
        linewidth=3.0,
        alpha=0.5,
        label="expected: min(x, 250)",
    )
    ax.plot(
        x,
        perceptron.predict(x, published[0], published[1]),
        color=COLORS[0],
        label="as published",
    )
    ax.plot(
        x,
        perceptron.predict(x, bias, weight),
        color=COLORS[1],
        linestyle="--",
        label="corrected",
    )
    ax.plot(
        gad.TEST_INPUTS,
        gad.TEST_OUTPUTS,
        "o",
        color=COLORS[5],
        markersize=8,
        fillstyle="none",
        label="test inputs, expected",
    )
    ax.plot(
        gad.TEST_INPUTS,
        gad.predict_new_inputs(published),
        "s",
        color=COLORS[0],
        label="test inputs, as published",
    )
    ax.plot(
        gad.TEST_INPUTS,
        perceptron.predict(gad.TEST_INPUTS, bias, weight),
        "x",
        color=COLORS[1],
        markersize=8,
        label="test inputs, corrected",
    )
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.legend(loc="lower right", fontsize=8)
    return fig
