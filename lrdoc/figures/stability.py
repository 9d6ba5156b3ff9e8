"""Figures for the page "Momentum and the edge of stability" (drawing only)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

from lrdoc.experiments import stability
from lrdoc.figures import figure
from lrdoc.figures.style import COLORS, mark_vertical, new_figure


@figure("stability-momentum-grid", data=stability.momentum)
def momentum_grid(result: stability.Momentum) -> Figure:
    """Epochs to the tolerance over the (η, β) grid, with the bound η λmax = 2 + 2β,
    Goh's optimum and the grid's fastest pair."""
    fig, ax = new_figure(height=4.4)
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
    colorbar = fig.colorbar(mesh, ax=ax)
    colorbar.set_label(f"epochs until the loss stays below {stability.TOLERANCE:g}")
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
    ax.legend(loc="upper left", fontsize=8.5)
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
            f"momentum, η* = {result.momentum_rate:.4f}, β* = {result.momentum_beta:.4f}",
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
        ax.set_title(title, fontsize=9.5)
        ax.set_xlabel("weight w")
    axes[0].set_ylabel("bias b")
    fig.suptitle(f"the first {stability.PATH_EPOCHS} epochs from (0, 0); ★ the minimum")
    return fig


@figure("stability-adam", data=stability.adam_range)
def adam(result: stability.AdamRange) -> Figure:
    """Loss after the run against the rate: gradient descent and Adam."""
    fig, ax = new_figure(height=3.6)
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
    ax.annotate(
        "a loss of exactly 0 is drawn at 1e-32",
        xy=(0.99, 0.9),
        xycoords="axes fraction",
        ha="right",
        fontsize=8.5,
    )
    ax.set_xlabel("learning rate η")
    ax.set_ylabel(f"loss after {stability.ADAM_EPOCHS} epochs")
    ax.legend(loc="lower left", fontsize=8.5)
    return fig


BLOCK = 10
"""Steps per block of the loss's shaded range in stability-sharpness."""


@figure("stability-sharpness", data=stability.edge_of_stability)
def sharpness(result: stability.EdgeOfStability) -> Figure:
    """Sharpness against the step, one line per seed and one colour per rate, with
    each rate's 2/η dashed (top); the training loss's mean over seeds, with its
    min–max range shaded (bottom). The checked window is shaded in both."""
    fig, (upper, lower) = new_figure(2, 1, height=5.8)
    steps = np.arange(result.losses.shape[0])
    for column, (rate, color) in enumerate(zip(result.rates, COLORS, strict=False)):
        for seed in range(result.seeds.size):
            upper.plot(
                result.measured_at,
                result.sharpness[:, column, seed],
                color=color,
                linewidth=0.7,
                alpha=0.5,
            )
        upper.axhline(
            2.0 / rate,
            color=color,
            linestyle="--",
            linewidth=1.4,
            label=f"η = {rate:g}: 2/η = {2 / rate:.2f}",
        )
        losses = result.losses[:, column, :]
        # The range over seeds, taken over blocks of BLOCK steps: the same envelope
        # as every step's, at a tenth of the points (the SVG stays light).
        blocks = losses[: losses.shape[0] // BLOCK * BLOCK].reshape(
            -1, BLOCK, losses.shape[1]
        )
        lower.fill_between(
            steps[: blocks.shape[0] * BLOCK : BLOCK] + BLOCK // 2,
            blocks.min(axis=(1, 2)),
            blocks.max(axis=(1, 2)),
            color=color,
            alpha=0.18,
            linewidth=0,
        )
        lower.plot(steps, losses.mean(axis=1), color=color, linewidth=1.0)
    for ax in (upper, lower):
        ax.axvspan(*stability.WINDOW, color=COLORS[5], alpha=0.08)
    upper.set_ylim(0, float(np.nanmax(result.sharpness)) * 1.05)
    upper.set_ylabel("sharpness λmax")
    upper.legend(loc="upper left", fontsize=9)
    lower.set_yscale("log")
    lower.set_xlabel("step")
    lower.set_ylabel("training loss")
    return fig
