"""Figures for the page on *Modern Computer Vision with PyTorch*."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lrdoc import analysis, data, training
from lrdoc.figures import figure
from lrdoc.figures.style import COLORS, mark_vertical, new_figure
from lrdoc.replicas import mcvp

RATES = (0.01, 0.1, 1.0)


@figure("mcvp-weight-curves")
def weight_curves() -> Figure:
    """The weight after each of 1000 epochs, one panel per rate, as the book plots it
    (its float32 replica) and as exact gradients compute it."""
    x, y = data.linear_toy()
    fig, axes = new_figure(1, 3, width=9.0, height=3.2)
    epochs = np.arange(1, 1001)
    for ax, rate in zip(axes, RATES, strict=True):
        published, _ = mcvp.train(rate, 1000)
        exact = training.gradient_descent(x, y, rate, 1000).weights[1:]
        ax.plot(epochs, published, color=COLORS[0], label="as published")
        ax.plot(
            epochs[: exact.size],
            exact,
            color=COLORS[1],
            linestyle="--",
            label="exact gradient",
        )
        ax.set_title(f"learning rate {rate:g}")
        ax.set_xlabel("epoch")
        if rate == 1.0:  # the exact run leaves the chart at epoch 3 and never returns
            ax.set_yscale("symlog", linthresh=10)
            ax.set_ylim(-1e5, 1e5)
            ax.annotate(
                "exact: diverges",
                xy=(0.97, 0.08),
                xycoords="axes fraction",
                ha="right",
                color=COLORS[1],
            )
    axes[0].set_ylabel("weight w")
    axes[0].legend(loc="lower right")
    return fig


@figure("mcvp-rate-sweep")
def rate_sweep() -> Figure:
    """Loss after 1000 epochs against the learning rate, with the stability bound."""
    x, y = data.linear_toy()
    rates = np.geomspace(1e-3, 0.2, 1000)
    result = training.sweep(x, y, rates, epochs=1000)
    fig, ax = new_figure(width=7.0, height=3.6)
    start = float(np.mean(y * y))  # the loss at w = b = 0
    kept = result.losses < start  # False for growing and non-finite runs
    ax.loglog(rates[kept], result.losses[kept], color=COLORS[0], label="final loss")
    ax.axvspan(
        rates[~kept].min(), rates.max(), color=COLORS[3], alpha=0.12, label="loss grew"
    )
    mark_vertical(ax, analysis.stability_bound(x), "2/λmax")
    ax.axvline(
        analysis.fastest_rate(x),
        color=COLORS[2],
        linestyle=":",
        linewidth=1.2,
        label="fastest, 2/(λmin+λmax)",
    )
    ax.set_xlabel("learning rate η")
    ax.set_ylabel("loss after 1000 epochs")
    ax.legend(loc="lower left")
    return fig
