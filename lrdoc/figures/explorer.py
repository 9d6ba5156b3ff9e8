"""Static stand-ins for the rate explorers, shown where JavaScript does not run."""

from __future__ import annotations

from matplotlib.figure import Figure

from lrdoc.experiments import explorer
from lrdoc.figures import figure
from lrdoc.figures.style import COLORS, legend_outside, new_figure

LINE_RATES = (0.01, 0.1, 0.119)
"""The rates drawn in the static figure: crawling, zigzagging, near the bound."""


@figure("explorer-line", data=explorer.line_explorer)
def line(result: explorer.LineExplorer) -> Figure:
    """The first epochs in the (w, b) plane over the loss's contours, at three rates."""
    fig, ax = new_figure(height=4.6)
    for _, points in result.contours:
        ax.plot(points[:, 0], points[:, 1], color=COLORS[5], linewidth=0.7, alpha=0.6)
    # The paths overlap: draw the crawling one on top, thicker, with square markers,
    # and the one near the bound, whose zigzag covers the others, at the bottom.
    styles = (("s", 3.5, 2.2, 4), ("o", 3.0, 1.4, 3), ("o", 2.0, 0.8, 2))
    for rate, color, (marker, size, width, order) in zip(
        LINE_RATES, COLORS, styles, strict=False
    ):
        i = result.at(rate)
        path = result.paths[i, : result.path_lengths[i]]
        ax.plot(
            path[:, 0],
            path[:, 1],
            marker=marker,
            markersize=size,
            color=color,
            linewidth=width,
            zorder=order,
            label=f"η = {result.learning_rates[i]:.4g}: {result.verdicts[i]}",
        )
    ax.plot(*result.minimum, "k*", markersize=8)
    (w_lo, w_hi), (b_lo, b_hi) = explorer.VIEW
    ax.set_xlim(w_lo, w_hi)
    ax.set_ylim(b_lo, b_hi)
    ax.set_aspect("equal")
    ax.set_xlabel("weight w")
    ax.set_ylabel("bias b")
    legend_outside(ax, ncols=1, where="below")
    return fig


PARABOLA_RATES = (0.05, 0.3, 0.85)


@figure("explorer-parabola", data=explorer.parabola_explorer)
def parabola(result: explorer.ParabolaExplorer) -> Figure:
    """Ten steps on the parabola at three rates, as the explorer shows them."""
    fig, ax = new_figure(height=4.4)
    ax.plot(result.bowl_weights, result.bowl_losses, color=COLORS[5], linewidth=1.0)
    for rate, color in zip(PARABOLA_RATES, COLORS, strict=False):
        i = result.at(rate)
        ax.plot(
            result.weights[i],
            result.losses[i],
            marker="o",
            markersize=3,
            color=color,
            linewidth=1.0,
            label=f"η = {result.learning_rates[i]:g}: {result.verdicts[i]}",
        )
    # wide enough for every drawn iterate: at 0.85 they reach w = 11.7 and loss 119
    (w_lo, w_hi), (loss_lo, loss_hi) = explorer.PARABOLA_VIEW
    ax.set_xlim(w_lo, w_hi)
    ax.set_ylim(loss_lo, loss_hi)
    ax.set_xlabel("weight w")
    ax.set_ylabel("loss")
    legend_outside(ax, ncols=1, where="below")
    return fig
