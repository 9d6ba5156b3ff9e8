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
    fig, ax = new_figure(width=7.0, height=4.4)
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
    fig, axes = new_figure(1, 2, width=9.0, height=3.8)
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
    fig, ax = new_figure(width=7.0, height=3.6)
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


@figure("stability-sharpness", data=stability.edge_of_stability)
def sharpness(result: stability.EdgeOfStability) -> Figure:
    """Sharpness (top) and loss (bottom) against the step, one column per rate, one
    line per seed, with 2/η and the checked window."""
    fig, axes = new_figure(2, len(result.rates), width=9.5, height=5.6)
    steps = np.arange(result.losses.shape[0])
    top = float(np.nanmax(result.sharpness)) * 1.05
    for column, rate in enumerate(result.rates):
        upper, lower = axes[0, column], axes[1, column]
        for seed in range(result.seeds.size):
            upper.plot(
                result.measured_at,
                result.sharpness[:, column, seed],
                color=COLORS[0],
                linewidth=0.8,
                alpha=0.55,
            )
            lower.plot(
                steps,
                result.losses[:, column, seed],
                color=COLORS[0],
                linewidth=0.6,
                alpha=0.55,
            )
        upper.axhline(
            2.0 / rate, color=COLORS[3], linestyle="--", linewidth=1.4, label="2/η"
        )
        for ax in (upper, lower):
            ax.axvspan(*stability.WINDOW, color=COLORS[2], alpha=0.08)
        upper.set_ylim(0, top)
        upper.set_title(f"η = {rate:g}, 2/η = {2 / rate:.2f}")
        lower.set_yscale("log")
        lower.set_xlabel("step")
    axes[0, 0].set_ylabel("sharpness λmax")
    axes[1, 0].set_ylabel("training loss")
    axes[0, 0].legend(loc="upper left")
    return fig
