"""Figures for the page "Momentum and the edge of stability" (drawing only)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator

from lrdoc.experiments import stability
from lrdoc.figures import figure
from lrdoc.figures.style import (
    COLORS,
    legend_outside,
    mark_vertical,
    new_figure,
    number,
    plain_log_labels,
    power_of_ten,
)


@figure("stability-momentum-grid", data=stability.momentum)
def momentum_grid(result: stability.Momentum) -> Figure:
    """Epochs to the tolerance over the (η, β) grid, with the bound η λmax = 2 + 2β,
    Goh's optimum and the grid's fastest pair."""
    fig, ax = new_figure(height=5.6)
    epochs = np.ma.masked_less(result.epochs.astype(float), 0)
    mesh = ax.pcolormesh(
        result.rates,
        result.betas,
        epochs,
        shading="nearest",
        cmap="viridis_r",
        norm=LogNorm(vmin=epochs.min(), vmax=stability.MAX_EPOCHS),
        rasterized=True,
    )
    # The colour bar under the map, so the figure keeps a phone's width.
    colorbar = fig.colorbar(mesh, ax=ax, location="bottom", shrink=0.9, aspect=30)
    colorbar.set_label(
        f"epochs until the loss stays below {number(stability.TOLERANCE)}"
    )
    colorbar.ax.xaxis.set_major_formatter(
        FuncFormatter(lambda v, _: power_of_ten(v) if v > 0 else "")
    )
    betas = np.linspace(0.0, result.betas.max(), 50)
    ax.plot(
        result.boundary(betas),
        betas,
        color=COLORS[3],
        linestyle="--",
        label="η λmax = 2 + 2β",
    )
    ax.plot(
        result.momentum_rate,
        result.momentum_beta,
        marker="*",
        markersize=14,
        color=COLORS[1],
        linestyle="none",
        label="Goh's optimum (η*, β*)",
    )
    ax.plot(
        result.grid_best_rate,
        result.grid_best_beta,
        marker="o",
        markersize=7,
        markerfacecolor="none",
        color=COLORS[1],
        linestyle="none",
        label="fastest pair on the grid",
    )
    ax.set_xlim(0, result.rates.max())
    ax.set_ylim(0, result.betas.max())
    ax.set_xlabel("learning rate η")
    ax.set_ylabel("momentum β")
    legend_outside(ax, ncols=2, where="above", handlelength=1.5)
    return fig


@figure("stability-momentum-paths", data=stability.momentum)
def momentum_paths(result: stability.Momentum) -> Figure:
    """The first epochs of gradient descent and of momentum, each at its best
    setting, on the contours of the loss: one panel each, on the same axes."""
    fig, axes = new_figure(2, 1, height=7.6)
    levels = np.geomspace(1e-1, result.contour_loss.max(), 12)
    runs = (
        (result.gd_path, f"gradient descent, η = {result.gd_rate:.4f}"),
        (
            result.momentum_path,
            f"momentum, η* = {result.momentum_rate:.4f},\nβ* = {result.momentum_beta:.4f}",
        ),
    )
    for ax, color, (path, title) in zip(axes, COLORS[:2], runs, strict=True):
        ax.contour(
            result.contour_w,
            result.contour_b,
            result.contour_loss,
            levels=levels,
            colors=[COLORS[5]],
            linewidths=0.7,
            alpha=0.6,
        )
        ax.plot(*path.T, marker="o", markersize=2.5, linewidth=0.9, color=color)
        ax.plot(3.0, 0.0, marker="*", markersize=12, color=COLORS[2], linestyle="none")
        ax.set_title(title)
        ax.set_xlabel("weight w")
    axes[0].set_ylabel("bias b")
    fig.suptitle(
        f"the first {stability.PATH_EPOCHS} epochs from (0, 0);\n★ the minimum"
    )
    return fig


@figure("stability-adam", data=stability.adam_range)
def adam(result: stability.AdamRange) -> Figure:
    """Loss after the run against the rate: gradient descent and Adam."""
    fig, ax = new_figure(height=4.6)
    floor = 1e-32  # a loss of exactly 0 is drawn at the bottom of the axis
    kept = ~result.gd_diverged
    ax.loglog(
        result.rates[kept],
        np.maximum(result.gd_losses[kept], floor),
        marker="o",
        color=COLORS[0],
        label="gradient descent",
    )
    ax.loglog(
        result.rates,
        np.maximum(result.adam_losses, floor),
        marker="s",
        color=COLORS[1],
        label="Adam",
    )
    ax.axvspan(
        result.rates[~kept].min(),
        result.rates.max(),
        color=COLORS[3],
        alpha=0.12,
        label="gradient descent diverged",
    )
    mark_vertical(ax, result.stability_bound, "2/λmax")
    ax.set_ylim(floor / 10, 1e3)
    ax.set_xlabel("learning rate η")
    ax.set_ylabel(f"loss after {stability.ADAM_EPOCHS} epochs")
    plain_log_labels(ax)
    ax.yaxis.set_major_locator(LogLocator(numticks=5))
    legend_outside(ax, ncols=2, where="below")
    ax.set_title(f"a loss of exactly 0 is drawn at {number(floor)}")
    return fig


BLOCK = 10
"""Steps per block of the loss's shaded range in stability-sharpness."""


SHOWN_SEEDS = 3
"""Seeds drawn thinly in stability-sharpness, besides the median over all seeds."""


@figure("stability-sharpness", data=stability.edge_of_stability)
def sharpness(result: stability.EdgeOfStability) -> Figure:
    """Sharpness against the step (top) and the training loss (bottom), one colour
    per rate: the median over the seeds in a thick line, the first few seeds in thin
    ones, and each rate's 2/η dashed. The checked window is shaded in both."""
    fig, (upper, lower) = new_figure(2, 1, height=6.6)
    steps = np.arange(result.losses.shape[0])
    for column, (rate, color) in enumerate(zip(result.rates, COLORS, strict=False)):
        for seed in range(min(SHOWN_SEEDS, result.seeds.size)):
            upper.plot(
                result.measured_at,
                result.sharpness[:, column, seed],
                color=color,
                linewidth=0.6,
                alpha=0.55,
            )
        upper.plot(
            result.measured_at,
            np.median(result.sharpness[:, column, :], axis=1),
            color=color,
            linewidth=1.8,
            label=f"η = {rate:g}",
        )
        upper.axhline(2.0 / rate, color=color, linestyle="--", linewidth=1.2)
        lower.plot(  # every other step: the same curve, a lighter SVG
            steps[::2],
            np.median(result.losses[::2, column, :], axis=1),
            color=color,
            linewidth=1.8,
        )
    for ax in (upper, lower):
        ax.axvspan(*stability.WINDOW, color=COLORS[5], alpha=0.08)
    upper.set_ylim(0, float(np.nanmax(result.sharpness)) * 1.05)
    upper.set_ylabel("sharpness λmax")
    upper.set_title(
        f"median of {result.seeds.size} seeds (thick), {SHOWN_SEEDS} seeds (thin);"
        "\ndashed: 2/η"
    )
    legend_outside(upper, ncols=3, where="below", handlelength=1.5)
    upper.set_xlabel("step")
    lower.set_yscale("log")
    plain_log_labels(lower, "y")
    lower.set_xlabel("step")
    lower.set_ylabel("training loss")
    return fig
