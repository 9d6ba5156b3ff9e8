"""The rate explorers: everything the interactive figures of the MCVP, deeplizard
and stability pages show, computed by lrdoc (:mod:`lrdoc.figures.explorer` rounds it
into their data files; the pages' script only looks the numbers up and draws them).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from lrdoc import _checks, analysis, data, losses, models, training
from lrdoc.experiments._setups import parabola
from lrdoc.experiments._store import stored

TOLERANCE = 1e-6
"""The loss the readout's "epochs to tolerance" counts down to."""

HORIZON = 20_000
"""The longest run: a rate that has not reached the tolerance by then shows "more"."""

CRAWL = 1_000
"""A run that converges without oscillating, but needs more epochs than this, crawls."""

PATH_EPOCHS = 30
"""Iterates drawn in the (w, b) plane: the start and this many epochs."""

BOX = 50.0
"""A path stops being drawn once |w| or |b| exceeds this."""

LOSS_CEILING = 1e8
"""Losses above this are off the chart and not stored."""

CONTOUR_LEVELS = (0.1, 0.5, 2.0, 8.0, 30.0, 67.5)
"""Loss levels drawn as contours; 67.5 is the loss at the start, w = b = 0."""

PARABOLA_VIEW = ((-8.0, 13.0), (0.0, 125.0))
"""The weights and losses the parabola's panel shows (every step at 0.85 fits)."""

PARABOLA_STEPS = 10
"""Steps shown on the parabola, as on the deeplizard page's figure."""

NEAR_BOUND = (0.106, 0.1245, 0.0005)
"""Extra slider rates (start, stop, step), where the epochs change fastest."""


def verdict(factors: tuple[float, float], epochs_to_tolerance: int | None) -> str:
    r"""What gradient descent does at one rate on a quadratic, in one word, from the
    factors :math:`1 - \eta\lambda` of the flattest and the steepest direction and
    the epochs to :data:`TOLERANCE` (None: never): "diverges" (a factor of size 1 or
    more), "oscillates" (a negative one), "crawls" (more than :data:`CRAWL` epochs)
    or "converges".

    Examples
    --------
    >>> verdict((0.997, 0.83), 4000), verdict((0.985, 0.16), 600)
    ('crawls', 'converges')
    >>> verdict((0.965, -0.98), 800), verdict((0.96, -1.17), None)
    ('oscillates', 'diverges')
    """
    pair = _checks.sequence(factors, "factors", "two factors")
    if len(pair) != 2:
        raise ValueError(f"factors must hold two numbers, got {len(pair)}")
    sizes = [_checks.finite_number(f, "factors") for f in pair]
    if epochs_to_tolerance is not None:
        epochs_to_tolerance = _checks.non_negative_int(
            epochs_to_tolerance, "epochs_to_tolerance"
        )
        if epochs_to_tolerance > _checks.MAX_COUNT:
            raise ValueError(
                f"epochs_to_tolerance must be at most 2**53, got {epochs_to_tolerance}"
            )
    if max(abs(f) for f in sizes) >= 1.0:
        return "diverges"
    if min(sizes) < 0.0:
        return "oscillates"
    if epochs_to_tolerance is None or epochs_to_tolerance > CRAWL:
        return "crawls"
    return "converges"


def _nearest(grid: np.ndarray, value: float, log: bool = False) -> int:
    """Index of the grid point nearest ``value`` (on a log axis if ``log``)."""
    gap = np.log(grid / value) if log else grid - value
    return int(np.argmin(np.abs(gap)))


@dataclass(frozen=True)
class LineExplorer:
    r"""What the MCVP explorer shows, for every rate on its slider: the Hessian's
    curvatures and unit eigenvectors (columns, flattest first), the fastest rate and
    the bound, the factors :math:`1-\eta\lambda` along each direction, the epochs to
    the tolerance and the verdict, the (w, b) path (nan once it has left the box),
    the loss at a few epochs, the contours, the minimum, and the starting loss split
    along the flat and the steep direction."""

    learning_rates: np.ndarray
    curvatures: tuple[float, float]
    directions: np.ndarray
    fastest_rate: float
    stability_bound: float
    factors: np.ndarray
    epochs_to_tolerance: list[int | None]
    verdicts: list[str]
    paths: np.ndarray
    path_lengths: np.ndarray
    loss_epochs: np.ndarray
    losses: np.ndarray
    contours: list[tuple[float, np.ndarray]]
    minimum: tuple[float, float]
    start_loss: tuple[float, float]

    def at(self, learning_rate: float) -> int:
        """Index of the slider position nearest ``learning_rate`` (on a log axis)."""
        return _nearest(self.learning_rates, learning_rate, log=True)

    def loss_factors(self, learning_rate: float) -> tuple[float, float]:
        r"""What one epoch multiplies each direction's share of the loss by,
        :math:`(1-\eta\lambda)^2`, flat direction first."""
        flat, steep = self.factors[self.at(learning_rate)] ** 2
        return float(flat), float(steep)

    def flat_epochs(self, learning_rate: float) -> int | None:
        """Epochs until the flat direction's share of the starting loss alone is below
        :data:`TOLERANCE`; None if it never shrinks."""
        flat_share = self.start_loss[0]
        factor = self.loss_factors(learning_rate)[0]
        if flat_share < TOLERANCE:
            return 0
        if factor == 0.0:
            return 1
        if factor >= 1.0:
            return None
        return int(np.ceil(np.log(TOLERANCE / flat_share) / np.log(factor)))

    def readout(self, learning_rate: float) -> dict[str, Any]:
        """The readout the explorer shows at the slider position nearest the rate."""
        i = self.at(learning_rate)
        return {
            "rate": float(self.learning_rates[i]),
            "flat": round(float(self.factors[i, 0]), 3),
            "steep": round(float(self.factors[i, 1]), 3),
            "epochs": self.epochs_to_tolerance[i],
            "verdict": self.verdicts[i],
        }


def _path(
    x: np.ndarray, y: np.ndarray, rate: float, epochs: int, beta: float = 0.0
) -> np.ndarray:
    """The (w, b) iterates of one run, up to the first outside :data:`BOX`."""
    run = training.gradient_descent(x, y, rate, epochs, momentum=beta)
    points = np.stack([run.weights, run.biases], axis=1)
    inside = np.all(np.abs(points) <= BOX, axis=1)
    return points[: int(np.argmin(inside)) if not inside.all() else len(points)]


def _sampled(curves: np.ndarray, epochs: int, points: int) -> tuple[np.ndarray, Any]:
    """Epoch 0 and about ``points`` log-spaced epochs up to ``epochs``, and the loss
    curves there (epochs last), nan above :data:`LOSS_CEILING`."""
    at = np.unique(np.round(np.geomspace(1, epochs, points)).astype(int))
    at = np.concatenate([[0], at])
    with np.errstate(invalid="ignore"):
        kept = np.where(curves[at] <= LOSS_CEILING, curves[at], np.nan)
    return at, np.moveaxis(kept, 0, -1)


@stored
def line_explorer() -> LineExplorer:
    """Gradient descent on the MCVP line at every rate of the explorer's slider."""
    x, y = data.linear_toy()
    lo, hi = analysis.curvatures(x)
    _, vectors = np.linalg.eigh(analysis.hessian_mse_linear(x))
    vectors = vectors * np.sign(vectors[0])  # both directions point towards +w
    fastest, bound = analysis.fastest_rate(x), analysis.stability_bound(x)
    # a log grid, with the fastest rate, a rate halfway to the bound and a fine grid
    # near the bound; the fine grid leaves out 0.119 ± 0.0005, so that 0.119 is read
    # at the log grid's 0.1187
    start, stop, step = NEAR_BOUND
    fine = np.round(np.arange(start, stop + step / 2, step), 6)
    fine = fine[np.abs(fine - 0.119) > 0.0004]
    extra = [np.geomspace(0.002, 0.2, 101), fine, [0.01, 0.05, fastest]]
    rates = np.unique(np.round(np.concatenate([*extra, [(fastest + bound) / 2]]), 12))
    factors = 1.0 - rates[:, None] * np.array([lo, hi])
    long = training.sweep(x, y, rates, epochs=HORIZON)
    epochs = [int(e) if e >= 0 else None for e in long.epochs_to(TOLERANCE)]
    verdicts = [
        verdict((float(f[0]), float(f[1])), e)
        for f, e in zip(factors, epochs, strict=True)
    ]
    paths = np.full((rates.size, PATH_EPOCHS + 1, 2), np.nan)
    lengths = np.zeros(rates.size, dtype=int)
    for i, rate in enumerate(rates):
        points = _path(x, y, float(rate), PATH_EPOCHS)
        paths[i, : len(points)] = points
        lengths[i] = len(points)
    assert long.loss_curves is not None  # a sweep records its curves by default
    sampled, curve = _sampled(long.loss_curves, HORIZON, 48)
    centre = np.polyfit(x, y, 1)
    offset = vectors.T @ -centre  # the start's components along each direction
    flat, steep = 0.5 * np.array([lo, hi]) * offset**2
    return LineExplorer(
        learning_rates=rates,
        curvatures=(lo, hi),
        directions=vectors,
        fastest_rate=fastest,
        stability_bound=bound,
        factors=factors,
        epochs_to_tolerance=epochs,
        verdicts=verdicts,
        paths=paths,
        path_lengths=lengths,
        loss_epochs=sampled,
        losses=curve,
        contours=analysis.level_sets(x, y, CONTOUR_LEVELS),
        minimum=(float(centre[0]), float(centre[1])),
        start_loss=(float(flat), float(steep)),
    )


@dataclass(frozen=True)
class ParabolaExplorer:
    """What the deeplizard explorer shows: ten steps on L(w) = 1.25 (w − 3)² from
    w = 0 at every slider rate (the factor each step multiplies the distance by, the
    weight and loss after each step, a verdict), and the loss curve itself."""

    learning_rates: np.ndarray
    curvature: float
    factors: np.ndarray
    weights: np.ndarray
    losses: np.ndarray
    verdicts: list[str]
    bowl_weights: np.ndarray
    bowl_losses: np.ndarray

    def at(self, learning_rate: float) -> int:
        """Index of the slider position nearest ``learning_rate``."""
        return _nearest(self.learning_rates, learning_rate)


def _parabola_verdict(factor: float) -> str:
    """One word for a factor per step over :data:`PARABOLA_STEPS` steps."""
    if abs(factor) > 1.0:
        return "diverges"
    if factor == -1.0:
        return "bounces forever"  # between two points, loss unchanged
    if factor < 0.0:
        return "overshoots but converges"
    if abs(factor) ** PARABOLA_STEPS > 0.1:  # distance left after the steps
        return "crawls"
    return "converges"


@functools.cache
def parabola_explorer() -> ParabolaExplorer:
    """Ten steps of gradient descent on the centred line fit, for every slider rate."""
    x, y = parabola()
    curvature = 2.0 * float(np.mean(x * x))
    rates = np.round(np.arange(0.02, 1.0001, 0.01), 2)
    factors = 1.0 - curvature * rates
    weights = np.empty((rates.size, PARABOLA_STEPS + 1))
    losses_ = np.empty_like(weights)
    for i, rate in enumerate(rates):
        run = training.gradient_descent(x, y, float(rate), epochs=PARABOLA_STEPS)
        weights[i], losses_[i] = run.weights, run.losses
    verdicts = [_parabola_verdict(float(f)) for f in factors]
    bowl = np.linspace(*PARABOLA_VIEW[0], 85)  # wide enough for every iterate at 0.85
    bowl_losses = np.asarray(losses.mse(models.linear(x, bowl, np.zeros_like(bowl)), y))
    return ParabolaExplorer(
        rates, curvature, factors, weights, losses_, verdicts, bowl, bowl_losses
    )


# The momentum explorer (the stability page): two sliders, η and β.

MOMENTUM_RATES = tuple(round(0.02 * k, 2) for k in range(1, 13))
"""The η slider's grid (GD's best rate and η* are added), coarse for a small file."""

MOMENTUM_BETAS = tuple(round(0.1 * k, 1) for k in range(0, 10))
"""The β slider's grid, 0 to 0.9; β* is added to it."""

MOMENTUM_EPOCHS = 1000
"""The longest run of the momentum explorer (as the stability page's grid)."""

MOMENTUM_TOLERANCE = 1e-10
"""The loss that its "epochs to tolerance" counts down to (as the page's grid)."""

MOMENTUM_PATH_EPOCHS = 15
"""Iterates drawn on the contours: the start and this many epochs."""


@dataclass(frozen=True)
class MomentumExplorer:
    r"""What the stability page's momentum explorer shows, one row per β and one
    column per η: plain gradient descent's best rate, Goh's optimal
    :math:`(\eta^*, \beta^*)`, the contraction per epoch
    (:func:`lrdoc.analysis.contraction`), the epochs until the loss stays below
    :data:`MOMENTUM_TOLERANCE` (None: not within the run), the verdict ("diverges",
    "too slow" or "converges"), the paths, the loss at a few epochs, the contours and
    the minimum."""

    rates: np.ndarray
    betas: np.ndarray
    gd_rate: float
    optimal_rate: float
    optimal_beta: float
    factors: np.ndarray
    epochs: list[list[int | None]]
    verdicts: list[list[str]]
    paths: np.ndarray
    loss_epochs: np.ndarray
    losses: np.ndarray
    contours: list[tuple[float, np.ndarray]]
    minimum: tuple[float, float]

    def at(self, rate: float, beta: float) -> tuple[int, int]:
        """Slider positions (β index, η index) nearest ``(rate, beta)``."""
        return _nearest(self.betas, beta), _nearest(self.rates, rate)

    def readout(self, rate: float, beta: float) -> dict[str, Any]:
        """The readout the explorer shows at the pair nearest ``(rate, beta)``."""
        j, i = self.at(rate, beta)
        return {
            "rate": float(self.rates[i]),
            "beta": float(self.betas[j]),
            "factor": round(float(self.factors[j, i]), 3),
            "epochs": self.epochs[j][i],
            "verdict": self.verdicts[j][i],
        }


@stored
def momentum_explorer() -> MomentumExplorer:
    """Heavy-ball momentum on the MCVP line at every (η, β) of the explorer."""
    x, y = data.linear_toy()
    gd_rate = analysis.fastest_rate(x)
    m_rate, m_beta = analysis.optimal_momentum(x)
    rates = np.unique(np.concatenate([MOMENTUM_RATES, [gd_rate, m_rate]]))
    betas = np.unique(np.concatenate([MOMENTUM_BETAS, [m_beta]]))
    factors = np.array(
        [[analysis.contraction(x, float(r), float(b)) for r in rates] for b in betas]
    )
    run = training.sweep(
        x, y, rates[None, :], epochs=MOMENTUM_EPOCHS, momentum=betas[:, None]
    )
    curves = run.loss_curves
    assert curves is not None  # a sweep records its curves by default
    above = ~(curves < MOMENTUM_TOLERANCE)
    last = curves.shape[0] - 1 - np.argmax(above[::-1], axis=0)
    reached = np.where(above[-1], -1, last + 1).reshape(run.shape)
    epochs = [[int(e) if e >= 0 else None for e in row] for row in reached]
    verdicts = [
        [
            "diverges" if f >= 1.0 else ("too slow" if e is None else "converges")
            for f, e in zip(row_f, row_e, strict=True)
        ]
        for row_f, row_e in zip(factors, epochs, strict=True)
    ]
    paths = np.full((betas.size, rates.size, MOMENTUM_PATH_EPOCHS + 1, 2), np.nan)
    for j, beta in enumerate(betas):
        for i, rate in enumerate(rates):
            points = _path(x, y, float(rate), MOMENTUM_PATH_EPOCHS, float(beta))
            paths[j, i, : len(points)] = points
    shaped = curves.reshape(curves.shape[0], *run.shape)
    sampled, losses_ = _sampled(shaped, MOMENTUM_EPOCHS, 14)
    centre = np.polyfit(x, y, 1)
    return MomentumExplorer(
        rates=rates,
        betas=betas,
        gd_rate=float(gd_rate),
        optimal_rate=float(m_rate),
        optimal_beta=float(m_beta),
        factors=factors,
        epochs=epochs,
        verdicts=verdicts,
        paths=paths,
        loss_epochs=sampled,
        losses=losses_,
        contours=analysis.level_sets(x, y, CONTOUR_LEVELS),
        minimum=(float(centre[0]), float(centre[1])),
    )
