"""Figures for the page "Do you still need to choose a learning rate?" (drawing only)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lrdoc.experiments import adaptive
from lrdoc.figures import figure
from lrdoc.figures.style import COLORS, legend_outside, new_figure, plain_log_labels

_STYLES = ("-", "--", "-", "-.", ":", "-", "--")

SHOWN_EPOCHS = 100
"""The epochs that the figure of d shows: by then every d is within 5% of where
it ends."""


@figure("adaptive-race", data=adaptive.race)
def race(result: adaptive.Race) -> Figure:
    """The loss over the epochs of every method on the MCVP line.

    Examples
    --------
    >>> fig = race(adaptive.race())
    >>> fig.axes[0].get_yscale()
    'log'
    """
    fig, ax = new_figure(height=4.8)
    epochs = np.arange(result.losses.shape[1])
    floor = 1e-16
    for k, (name, losses) in enumerate(zip(result.names, result.losses, strict=True)):
        shown = np.where(losses > floor, losses, np.nan)
        ax.plot(
            epochs,
            shown,
            color=COLORS[k % len(COLORS)] if k < len(COLORS) else "0.45",
            linestyle=_STYLES[k % len(_STYLES)],
            linewidth=1.4,
            label=name,
        )
    ax.set_yscale("log")
    ax.set_ylim(floor, 1e3)
    plain_log_labels(ax, "y")
    ax.set_xlabel("epoch (one full-batch step)")
    ax.set_ylabel("loss")
    legend_outside(ax, ncols=1, where="below", handlelength=2.0)
    return fig


@figure("adaptive-polyak-rates", data=adaptive.polyak)
def polyak_rates(result: adaptive.Polyak) -> Figure:
    """The rate Polyak's step picks at every epoch, against the tuned constant rate
    and the stability bound.

    Examples
    --------
    >>> fig = polyak_rates(adaptive.polyak())
    >>> fig.axes[0].get_xlabel()
    'epoch'
    """
    fig, ax = new_figure(height=3.6)
    rates = result.rates_until(adaptive.TOLERANCES[2])
    ax.plot(np.arange(rates.size), rates, color=COLORS[0], marker="o", markersize=3)
    ax.axhline(
        result.gd_rate, color=COLORS[1], linestyle="--", label="best constant rate"
    )
    ax.axhline(
        result.stability_bound,
        color=COLORS[3],
        linestyle=":",
        label="stability bound 2/λmax",
    )
    ax.set_yscale("log")
    plain_log_labels(ax, "y")
    ax.set_xlabel("epoch")
    ax.set_ylabel("Polyak's rate η_t")
    legend_outside(ax, ncols=2, where="below")
    return fig


@figure("adaptive-d", data=adaptive.d_adaptation)
def d_estimates(result: adaptive.DAdaptation) -> Figure:
    """The estimate d over the first epochs, for every starting d0 at lr = 1,
    D-Adaptation above and Prodigy below.

    Examples
    --------
    >>> fig = d_estimates(adaptive.d_adaptation())
    >>> len(fig.axes)
    2
    """
    fig, (upper, lower) = new_figure(2, 1, height=6.2)
    j = result.multipliers.index(1.0)
    epochs = np.arange(SHOWN_EPOCHS + 1)
    for k, d0 in enumerate(result.d0s):
        label = f"d0 = {d0:g}"
        shown = slice(0, SHOWN_EPOCHS + 1)
        upper.plot(epochs, result.sgd_d[k, j, shown], color=COLORS[k], label=label)
        lower.plot(epochs, result.prodigy_d[k, j, shown], color=COLORS[k], label=label)
    for ax, name in ((upper, "D-Adaptation (SGD)"), (lower, "Prodigy")):
        ax.axhline(
            result.distance,
            color="0.5",
            linestyle="--",
            linewidth=1.0,
            label="distance to the minimum",
        )
        ax.set_yscale("log")
        ax.set_xlim(0, SHOWN_EPOCHS)
        plain_log_labels(ax, "y")
        ax.set_ylabel(f"d, {name}")
    lower.set_xlabel("epoch")
    legend_outside(lower, ncols=2, where="below", handlelength=1.5)
    return fig


@figure("adaptive-schedule-free", data=adaptive.schedule_free)
def schedule_free(result: adaptive.ScheduleFree) -> Figure:
    """The loss at the three sequences of schedule-free SGD, rate 0.1, β = 0.9.

    Examples
    --------
    >>> fig = schedule_free(adaptive.schedule_free())
    >>> fig.axes[0].get_yscale()
    'log'
    """
    fig, ax = new_figure(height=3.8)
    i, j = result.betas.index(0.9), result.rates.index(0.1)
    epochs = np.arange(result.x_losses.shape[2])
    for k, (name, losses) in enumerate(
        (
            ("z: the plain SGD steps", result.z_losses[i, j]),
            ("y: where the gradient is taken", result.y_losses[i, j]),
            ("x: the average, returned", result.x_losses[i, j]),
        )
    ):
        ax.plot(epochs, losses, color=COLORS[k], linewidth=1.3, label=name)
    ax.set_yscale("log")
    plain_log_labels(ax, "y")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss, rate 0.1, β = 0.9")
    legend_outside(ax, ncols=1, where="below")
    return fig


@figure("adaptive-implied", data=adaptive.implied)
def implied_rates(result: adaptive.Implied) -> Figure:
    """The rate each rate-free method implies at the end of training, one dot per
    seed, against the best band of the optimizer it is judged with; one panel per
    network.

    Examples
    --------
    >>> fig = implied_rates(adaptive.implied())
    >>> len(fig.axes), fig.axes[0].get_xscale()
    (2, 'log')
    """
    fig, axes = new_figure(len(result.models), 1, height=5.6)
    low = min(float(result.rates.min()), min(b[0] for r in result.bands for b in r))
    high = max(float(result.rates.max()), max(b[1] for r in result.bands for b in r))
    for ax, model, rates, bands in zip(
        axes, result.models, result.rates, result.bands, strict=True
    ):
        for k, (row, (lo, hi)) in enumerate(zip(rates, bands, strict=True)):
            y = len(result.methods) - 1 - k
            ax.fill_betweenx(
                [y - 0.32, y + 0.32],
                lo,
                hi,
                color=COLORS[k],
                alpha=0.22,
                linewidth=0,
            )
            jitter = np.linspace(-0.15, 0.15, row.size)
            ax.plot(row, y + jitter, "o", color=COLORS[k], markersize=4)
        ax.set_yticks(range(len(result.methods)))
        ax.set_yticklabels(list(reversed(result.methods)))
        ax.set_ylim(-0.6, len(result.methods) - 0.4)
        ax.set_xscale("log")
        ax.set_xlim(low / 2, high * 2)
        plain_log_labels(ax, "x")
        ax.set_title(model, loc="left")
    axes[-1].set_xlabel("the rate implied at the end of training")
    return fig
