"""Figures for the deeplizard page, "Learning Rate in a Neural Network explained".

Each draws one result of :mod:`lrdoc.experiments.deeplizard`; nothing is computed here.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from lrdoc.experiments import deeplizard as experiment
from lrdoc.figures import figure
from lrdoc.figures.style import COLORS, new_figure, plain_log_labels

LABELS = ("too small", "good", "too large")


@figure("deeplizard-step-size", data=experiment.step_size)
def step_size(result: experiment.StepSize) -> Figure:
    """10 steps on the parabola L(w) = 1.25 (w − 3)², one stacked panel per rate."""
    fig, axes = new_figure(3, 1, width=5.2, height=8.4)
    for i, (ax, label) in enumerate(zip(axes, LABELS, strict=True)):
        ax.plot(result.curve_w[i], result.curve_loss[i], color=COLORS[5], linewidth=1.2)
        ax.plot(
            result.weights[i],
            result.losses[i],
            color=COLORS[i],
            marker="o",
            markersize=4,
        )
        ax.plot(
            result.weights[i, 0],
            result.losses[i, 0],
            "o",
            color=COLORS[3],
            markersize=7,
        )
        ax.set_title(f"{label}: η = {result.rates[i]:g}", fontsize=12)
        ax.set_ylabel("loss", fontsize=11)
        ax.tick_params(labelsize=10)
    axes[-1].set_xlabel("weight w (start: w = 0, large dot)", fontsize=11)
    return fig


@figure("deeplizard-stable-range", data=experiment.stable_range)
def stable_range(result: experiment.StableRange) -> Figure:
    """The largest stable rate of the straight-line fit against the unit of age,
    with the band 0.0001 to 0.01 shaded."""
    fig, ax = new_figure(width=5.2, height=4.2)
    ax.loglog(result.units, result.bounds, color=COLORS[0], label="2/λmax")
    ax.axhspan(1e-4, 1e-2, color=COLORS[1], alpha=0.18, label="0.0001 to 0.01")
    for name, (unit, bound) in result.named.items():
        marker = "s" if name == "scaled" else "o"
        ax.plot(unit, bound, marker, color=COLORS[3], markersize=7)
        ax.annotate(
            name,
            (unit, bound),
            xytext=(-8, 4) if name == "scaled" else (8, 2),
            textcoords="offset points",
            ha="right" if name == "scaled" else "left",
            va="bottom" if name == "scaled" else "top",  # below-right of the dot
            fontsize=11,
        )
    ax.set_xlabel("unit of age, in years", fontsize=11)
    ax.set_ylabel("largest stable rate", fontsize=11)
    ax.tick_params(labelsize=10)
    ax.legend(loc="upper left", fontsize=10)
    plain_log_labels(ax)
    return fig


@figure("deeplizard-adam-curves", data=experiment.seeded_runs)
def adam_curves(result: experiment.AdamRuns) -> Figure:
    """Training loss and validation accuracy per epoch for each Adam rate: the mean
    over the seeds as a line, their range as a band."""
    fig, (loss_ax, accuracy_ax) = new_figure(2, 1, width=5.2, height=7.0)
    epochs = np.arange(1, result.loss.shape[2] + 1)
    for i, rate in enumerate(result.rates):
        color = COLORS[i]
        for ax, values in (
            (loss_ax, result.loss[i]),
            (accuracy_ax, result.val_accuracy[i]),
        ):
            ax.fill_between(
                epochs, values.min(axis=0), values.max(axis=0), color=color, alpha=0.2
            )
            ax.plot(epochs, values.mean(axis=0), color=color, label=f"η = {rate:g}")
    loss_ax.set_yscale("log")
    plain_log_labels(loss_ax, "y")
    loss_ax.set_yticks([0.25, 0.5, 1, 2, 4, 8], ["0.25", "0.5", "1", "2", "4", "8"])
    loss_ax.yaxis.set_minor_formatter(NullFormatter())
    loss_ax.set_ylabel("training loss", fontsize=11)
    accuracy_ax.axhline(
        result.val_ceiling, color=COLORS[3], linestyle=":", linewidth=1.4
    )
    accuracy_ax.annotate(
        "split at 65",
        xy=(1, result.val_ceiling),
        xytext=(0, 4),
        textcoords="offset points",
        color=COLORS[3],
        fontsize=11,
    )
    accuracy_ax.set_ylabel("validation accuracy", fontsize=11)
    for ax in (loss_ax, accuracy_ax):
        ax.set_xlabel("epoch", fontsize=11)
        ax.set_xticks([1, 5, 10, 15, 20])
        ax.tick_params(labelsize=10)
    loss_ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=10)
    return fig
