"""Figures for the primer, "The learning rate in five minutes" (``docs/primer.md``).

Each draws one result of :mod:`lrdoc.experiments.primer`; nothing is computed here.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lrdoc.experiments import primer
from lrdoc.figures import figure
from lrdoc.figures.style import COLORS, new_figure


@figure("primer-regimes", data=primer.regimes)
def regimes(result: primer.Regimes) -> Figure:
    """The weight after each step at the four rates, one panel per rate, with the
    minimum w* = 3 as a dashed line.

    Examples
    --------
    >>> fig = regimes(primer.regimes())
    >>> [ax.get_title() for ax in fig.axes][:2]
    ['η = 0.05: crawls', 'η = 0.4: just right']
    """
    fig, axes = new_figure(2, 2, width=5.4, height=4.6)
    steps = np.arange(result.weights.shape[1])
    low = min(-1.0, float(result.weights.min()) - 0.5)
    high = float(result.weights.max()) + 0.5
    for i, ax in enumerate(axes.ravel()):
        ax.axhline(result.minimum, color=COLORS[3], linestyle="--", linewidth=1.0)
        ax.plot(
            steps,
            result.weights[i],
            color=COLORS[i if i < 3 else 4],
            marker="o",
            markersize=3.5,
            linewidth=1.4,
        )
        ax.set_title(f"η = {result.rates[i]:g}: {result.names[i]}", fontsize=10)
        ax.set_ylim(low, high)
        ax.set_xticks([0, 5, 10])
        ax.tick_params(labelsize=10)
        factor = float(result.factors[i])
        ax.annotate(
            f"×{factor:.4g} a step".replace("-", "−") if factor else "×0: one step",
            xy=(0.03, 0.97),
            xycoords="axes fraction",
            ha="left",
            va="top",
            fontsize=10,
        )
    for ax in axes[1]:
        ax.set_xlabel("step", fontsize=10)
    for ax in axes[:, 0]:
        ax.set_ylabel("weight w", fontsize=10)
    return fig
