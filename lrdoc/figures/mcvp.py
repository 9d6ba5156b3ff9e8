"""Figures for the page on *Modern Computer Vision with PyTorch*.

Each draws one result of :mod:`lrdoc.experiments.mcvp`; nothing is computed here.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lrdoc.experiments import mcvp as experiment
from lrdoc.figures import figure
from lrdoc.figures.style import COLORS, new_figure, plain_log_labels


@figure("mcvp-weight-curves", data=experiment.weight_curves)
def weight_curves(result: experiment.WeightCurves) -> Figure:
    """Distance of the weight from 3 after each epoch, one panel per rate (stacked),
    by the book's rule and with exact gradients, on a log scale."""
    fig, axes = new_figure(3, 1, width=5.2, height=8.4)
    epochs = result.epochs
    for ax, rate, book, exact, gone in zip(
        axes,
        result.rates,
        result.book,
        result.exact,
        result.exact_diverged_at,
        strict=True,
    ):
        ax.semilogy(epochs, np.abs(book - 3.0), color=COLORS[0], label="book's rule")
        ax.semilogy(
            epochs,
            np.abs(exact - 3.0),
            color=COLORS[1],
            linestyle="--",
            label="exact gradient",
        )
        if gone is not None:
            ax.set_ylim(bottom=1.0)
            ax.axvline(gone, color=COLORS[3], linestyle=":", linewidth=1.2)
            ax.annotate(
                f"exact: loss non-finite\nat epoch {gone}",
                xy=(gone, 0.5),
                xycoords=("data", "axes fraction"),
                xytext=(6, 0),
                textcoords="offset points",
                color=COLORS[3],
                fontsize=11,
                va="center",
            )
        ax.set_title(f"η = {rate:g}", fontsize=12)
        ax.set_ylabel("|w − 3|", fontsize=11)
        ax.tick_params(labelsize=10)
        plain_log_labels(ax, "y")
    axes[-1].set_xlabel("epoch", fontsize=11)
    axes[0].legend(loc="lower left", fontsize=10)
    return fig


@figure("mcvp-rate-sweep", data=experiment.rate_sweep)
def rate_sweep_plot(result: experiment.RateSweep) -> Figure:
    """Top: loss after 1000 epochs against the rate, the bound 2/λmax marked.
    Bottom: epochs to bring the loss below 1e-20 near the fastest rates, with the
    sweep's best rate, the grid rate nearest η*, and η* itself marked."""
    fig, (loss_ax, epochs_ax) = new_figure(2, 1, width=5.2, height=7.0)
    rates = result.rates
    kept = result.shrank
    loss_ax.loglog(rates[kept], result.final_loss[kept], color=COLORS[0])
    loss_ax.axvspan(
        result.first_growing,
        rates.max(),
        color=COLORS[3],
        alpha=0.15,
        label="loss grew",
    )
    loss_ax.axvline(result.bound, color=COLORS[3], linestyle="--", linewidth=1.2)
    loss_ax.annotate(
        "2/λmax",
        xy=(result.bound, 0.95),
        xycoords=("data", "axes fraction"),
        xytext=(-4, 0),
        textcoords="offset points",
        ha="right",
        va="top",
        color=COLORS[3],
        fontsize=11,
    )
    loss_ax.set_xlabel("learning rate η", fontsize=11)
    loss_ax.set_ylabel("loss after 1000 epochs", fontsize=11)
    loss_ax.legend(loc="lower left", fontsize=10)

    arrived = result.epochs_to_tolerance >= 0
    near = arrived & (rates >= 0.08)
    epochs_ax.plot(rates[near], result.epochs_to_tolerance[near], color=COLORS[0])
    best_rate, best_epochs = result.best
    theory_rate, theory_epochs = result.at_fastest
    epochs_ax.plot(
        best_rate,
        best_epochs,
        "o",
        color=COLORS[2],
        markersize=7,
        label="fewest epochs",
    )
    epochs_ax.plot(
        theory_rate,
        theory_epochs,
        "s",
        color=COLORS[1],
        markersize=7,
        label=f"{theory_rate:.4f}, grid rate nearest η*",
    )
    epochs_ax.plot(
        result.fastest,
        result.fastest_epochs,
        "D",
        color=COLORS[4],
        markerfacecolor="none",
        markeredgewidth=1.5,
        markersize=8,
        label=f"η* = 2/(λmin+λmax) = {result.fastest:.5f}",
    )
    epochs_ax.axvline(result.bound, color=COLORS[3], linestyle="--", linewidth=1.2)
    epochs_ax.set_xlabel("learning rate η", fontsize=11)
    epochs_ax.set_ylabel("epochs to loss < 10⁻²⁰", fontsize=11)
    shown = result.epochs_to_tolerance[near]
    # Room above the curve for the legend, which would otherwise hide its steep end.
    epochs_ax.set_ylim(top=shown.max() + 0.45 * (shown.max() - shown.min()))
    epochs_ax.legend(loc="upper right", fontsize=10)
    for ax in (loss_ax, epochs_ax):
        ax.tick_params(labelsize=10)
    plain_log_labels(loss_ax)
    return fig
