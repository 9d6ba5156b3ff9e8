"""The rate explorers as the site shows them: their data files, which the hook
``docs/hooks/explorer.py`` writes and the pages' script draws, and static stand-ins
shown where JavaScript does not run. Every number comes from
:mod:`lrdoc.experiments.explorer`; here it is only rounded for a small file."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from lrdoc.experiments import explorer
from lrdoc.figures import figure
from lrdoc.figures.style import COLORS, legend_outside, new_figure
from lrdoc.tables import significant

VIEW = ((-1.0, 7.0), (-2.5, 2.5))
"""The part of the (w, b) plane the contour panel shows."""

PATH_SCALE = 100
"""The data files store (w, b) in hundredths, as integers."""

MOMENTUM_VIEW = ((-1.0, 7.0), (-3.0, 3.0))
"""The part of the (w, b) plane the momentum explorer's contour panel shows."""

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
    (w_lo, w_hi), (b_lo, b_hi) = VIEW
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


def _rounded(values: np.ndarray, digits: int = 4) -> list:
    """Floats to ``digits`` significant digits, nan to None, for a small JSON file."""
    flat = np.asarray(values, dtype=float).ravel()
    return [None if not np.isfinite(v) else float(f"{v:.{digits}g}") for v in flat]


def _log10(values: np.ndarray, decimals: int = 2) -> list:
    """log10 of positive values, rounded, None where not finite or not positive."""
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log10(np.asarray(values, dtype=float))
    return [None if not np.isfinite(v) else round(float(v), decimals) for v in logs]


def _scaled(points: np.ndarray) -> list[int]:
    """The finite (w, b) points in hundredths, as a flat list of integers."""
    kept = points[np.isfinite(points).all(axis=1)]
    return [int(v) for v in np.round(kept * PATH_SCALE).ravel()]


def line_explorer_json() -> dict[str, Any]:
    """The MCVP explorer's data file (``docs/hooks/explorer.py`` writes it)."""
    ex = explorer.line_explorer()
    reached = zip(ex.epochs_to_tolerance, ex.learning_rates, strict=True)
    fewest = min((e, float(r)) for e, r in reached if e is not None)[1]
    # the factors as the readout (and the page) rounds them: 3 decimals
    flat, steep = (
        [str(round(float(f), 3)).replace("-", "−") for f in column]
        for column in ex.factors.T
    )
    return {
        "rates": _rounded(ex.learning_rates, 6),
        "rateText": [significant(r, 4) for r in ex.learning_rates],
        "flatText": flat,
        "steepText": steep,
        "fewest": round(fewest, 6),
        "fastest": round(ex.fastest_rate, 6),
        "bound": round(ex.stability_bound, 6),
        "curvatures": _rounded(np.array(ex.curvatures)),
        "directions": _rounded(ex.directions),
        "tolerance": explorer.TOLERANCE,
        "horizon": explorer.HORIZON,
        "flat": _rounded(ex.factors[:, 0], 4),
        "steep": _rounded(ex.factors[:, 1], 4),
        "epochs": ex.epochs_to_tolerance,
        "verdicts": ex.verdicts,
        "pathEpochs": explorer.PATH_EPOCHS,
        "pathLengths": [int(n) for n in ex.path_lengths],
        "pathScale": PATH_SCALE,
        "paths": [_scaled(p) for p in ex.paths],
        "lossEpochs": [int(e) for e in ex.loss_epochs],
        # log10 of the loss to 2 decimals: a third of the bytes of the numbers
        "logLosses": [_log10(row) for row in ex.losses],
        "contours": [
            {"level": level, "points": _rounded(points, 4)}
            for level, points in ex.contours
        ],
        "minimum": _rounded(np.array(ex.minimum)),
        "view": [list(VIEW[0]), list(VIEW[1])],
    }


def parabola_explorer_json() -> dict[str, Any]:
    """The deeplizard explorer's data file (``docs/hooks/explorer.py`` writes it)."""
    ex = explorer.parabola_explorer()
    return {
        "rates": _rounded(ex.learning_rates, 4),
        "rateText": [significant(r, 2) for r in ex.learning_rates],
        "factorText": [significant(f, 4) for f in ex.factors],
        "lossText": [significant(v, 3) for v in ex.losses[:, -1]],
        "curvature": ex.curvature,
        "view": [list(explorer.PARABOLA_VIEW[0]), list(explorer.PARABOLA_VIEW[1])],
        "oneStep": 1.0 / ex.curvature,
        "bound": 2.0 / ex.curvature,
        "steps": explorer.PARABOLA_STEPS,
        "factors": _rounded(ex.factors, 4),
        "weights": [_rounded(w, 5) for w in ex.weights],
        "losses": [_rounded(v, 4) for v in ex.losses],
        "verdicts": ex.verdicts,
        "bowl": _rounded(np.stack([ex.bowl_weights, ex.bowl_losses], axis=1), 4),
    }


def momentum_explorer_json() -> dict[str, Any]:
    """The momentum explorer's data file (``docs/hooks/explorer.py`` writes it)."""
    ex = explorer.momentum_explorer()
    return {
        "rates": _rounded(ex.rates, 6),
        "betas": _rounded(ex.betas, 6),
        "rateText": [significant(r, 4) for r in ex.rates],
        "betaText": [significant(b, 4) for b in ex.betas],
        "gdRate": round(ex.gd_rate, 6),
        "optimalRate": round(ex.optimal_rate, 6),
        "optimalBeta": round(ex.optimal_beta, 6),
        "tolerance": explorer.MOMENTUM_TOLERANCE,
        "horizon": explorer.MOMENTUM_EPOCHS,
        "factorText": [[str(round(float(f), 3)) for f in row] for row in ex.factors],
        "epochs": ex.epochs,
        "verdicts": ex.verdicts,
        # Compact (the page's weight budget): points in hundredths, losses as
        # log10 to 1 decimal, contours at every other point.
        "pathScale": PATH_SCALE,
        "paths": [[_scaled(p) for p in row] for row in ex.paths],
        "lossEpochs": [int(e) for e in ex.loss_epochs],
        "logLosses": [[_log10(v, 1) for v in row] for row in ex.losses],
        "contours": [
            {"level": level, "points": _rounded(points[::2], 3)}
            for level, points in ex.contours
        ],
        "minimum": _rounded(np.array(ex.minimum)),
        "view": [list(MOMENTUM_VIEW[0]), list(MOMENTUM_VIEW[1])],
    }
