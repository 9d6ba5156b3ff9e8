"""Figures for the decay page: the iris runs over 10 seeds, legacy Keras decay, the
schedules. Each draws one result of :mod:`lrdoc.experiments.decay`."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lrdoc.experiments import decay as results
from lrdoc.figures import figure
from lrdoc.figures.style import COLORS, legend_outside, new_figure


def _loss_grid(result: results.RateRuns) -> Figure:
    """One panel per rate: mean training and validation loss over the seeds, with
    the range from the lowest to the highest seed (training shaded, validation as
    dotted edges), in full (the y-axis reaches the highest loss of any seed, the
    same in every panel)."""
    fig, axes = new_figure(2, 2, width=4.8, height=5.0)
    top = 1.05 * max(max(r.loss.max(), r.val_loss.max()) for r in result.runs)
    for ax, runs in zip(axes.flat, result.runs, strict=True):
        epochs = np.arange(1, runs.loss.shape[1] + 1)
        # The training range is shaded; the validation range is drawn as its two
        # edges, so the two ranges stay apart where they overlap (a blue and an
        # orange fill would mix into one brown on the dark background).
        ax.fill_between(
            epochs,
            runs.loss.min(axis=0),
            runs.loss.max(axis=0),
            color=COLORS[0],
            alpha=0.25,
            linewidth=0,
        )
        for edge in (runs.val_loss.min(axis=0), runs.val_loss.max(axis=0)):
            ax.plot(epochs, edge, color=COLORS[1], linewidth=0.8, linestyle=":")
        ax.plot(epochs, runs.loss.mean(axis=0), color=COLORS[0], label="training")
        ax.plot(epochs, runs.val_loss.mean(axis=0), color=COLORS[1], label="validation")
        ax.set_title(f"η = {runs.label}", fontsize=10)
        ax.set_xticks([1, 10, 20])
        ax.set_ylim(0, top)
    for ax in axes[1]:
        ax.set_xlabel("epoch")
    for ax in axes[:, 0]:
        ax.set_ylabel("cross-entropy")
    # The legend under the grid, off the data.
    fig.legend(
        *axes[0, 1].get_legend_handles_labels(), loc="outside lower center", ncols=2
    )
    return fig


@figure("decay-iris-loss", data=results.constant)
def iris_loss(result: results.RateRuns) -> Figure:
    """Training and validation loss per epoch at the four constant rates."""
    return _loss_grid(result)


@figure("decay-iris-loss-decayed", data=results.decayed)
def iris_loss_decayed(result: results.RateRuns) -> Figure:
    """The same runs with legacy Keras decay 0.01."""
    return _loss_grid(result)


@figure("decay-rate-per-step", data=results.keras_decay)
def rate_per_step(result: results.KerasDecay) -> Figure:
    """From 0.2 with decay 0.01: the rate of every step of legacy Keras, the formula
    with the epoch as its counter, and the article's table."""
    fig, ax = new_figure(width=4.8, height=3.6)
    steps = np.arange(result.steps)
    ax.plot(
        steps / result.steps_per_epoch,
        result.rate_per_step,
        color=COLORS[0],
        label="Keras decay, per step",
    )
    epochs = np.arange(1, result.per_epoch_formula.size + 1)
    ax.plot(
        epochs,
        result.per_epoch_formula,
        color=COLORS[1],
        linestyle="--",
        marker=".",
        label="formula, per epoch",
    )
    ax.plot(
        np.arange(1, len(result.published) + 1),
        result.published,
        "s",
        color=COLORS[2],
        label="article's table",
    )
    ax.set_xlabel("epoch")
    ax.set_ylabel("learning rate η")
    ax.set_xticks([0, 5, 10, 15, 20])
    ax.legend(loc="upper right")
    return fig


@figure("decay-schedules", data=results.family)
def schedule_curves(result: results.Family) -> Figure:
    """Four schedules from 0.2 over the 80 steps of a 20-epoch run."""
    fig, ax = new_figure(width=4.8, height=3.6)
    for color, name, rates in zip(COLORS, result.names, result.rates, strict=False):
        ax.plot(result.steps, rates, color=color, label=name)
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("learning rate η")
    ax.set_ylim(0, 0.21)
    ax.set_xticks([0, 20, 40, 60, 80])
    ax.legend(loc="lower left")
    return fig


@figure("decay-adam-vs-sgd", data=results.adaptive)
def adam_vs_sgd(result: results.Comparison) -> Figure:
    """Mean training (top) and validation (bottom) loss over the seeds, per optimizer."""
    fig, (train, val) = new_figure(2, 1, width=4.8, height=5.6)
    for color, runs in zip(COLORS, result.runs, strict=False):
        epochs = np.arange(1, runs.loss.shape[1] + 1)
        train.plot(epochs, runs.loss.mean(axis=0), color=color, label=runs.label)
        val.plot(epochs, runs.val_loss.mean(axis=0), color=color, label=runs.label)
    train.set_title("training loss, mean of 10 seeds", fontsize=10)
    val.set_title("validation loss, mean of 10 seeds", fontsize=10)
    for ax in (train, val):
        ax.set_xticks([1, 5, 10, 15, 20])
        ax.set_ylabel("cross-entropy")
        ax.set_ylim(bottom=0)
    val.set_xlabel("epoch")
    legend_outside(val, ncols=2, where="below")
    return fig
