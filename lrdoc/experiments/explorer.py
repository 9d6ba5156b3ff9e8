r"""The rate explorers: everything the interactive figures show, computed by lrdoc.

The MCVP page's explorer moves one learning rate along a grid and shows gradient
descent on the line fit's quadratic loss: the iterates in the (w, b) plane, the loss
against epochs, the factor per epoch along each eigen-direction of the
Hessian, the epochs needed to reach a tolerance, and a verdict. The
deeplizard page's explorer does the same for the parabola
:math:`L(w) = 1.25\,(w-3)^2`. The page's script only looks these numbers up and
draws them; it runs no gradient descent of its own.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from lrdoc import analysis, data, losses, models, training
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

VIEW = ((-1.0, 7.0), (-2.5, 2.5))
"""The part of the (w, b) plane the contour panel shows."""

PARABOLA_VIEW = ((-8.0, 13.0), (0.0, 125.0))
"""The weights and losses the parabola's panel shows: wide enough for every step at
0.85, the largest rate the page discusses."""


def verdict(factors: tuple[float, float], epochs_to_tolerance: int | None) -> str:
    r"""What gradient descent does at one rate on a quadratic, in one word.

    ``factors`` are :math:`1 - \eta\lambda` for the flattest and the steepest
    direction (signed). A factor of size 1 or more diverges; a negative factor means
    that direction flips sign every epoch (oscillates); a run that converges without
    flipping but needs more than :data:`CRAWL` epochs crawls.

    Examples
    --------
    >>> verdict((0.997, 0.83), 4000)
    'crawls'
    >>> verdict((0.985, 0.16), 600)
    'converges'
    >>> verdict((0.965, -0.98), 800)
    'oscillates'
    >>> verdict((0.96, -1.17), None)
    'diverges'
    """
    if max(abs(f) for f in factors) >= 1.0:
        return "diverges"
    if min(factors) < 0.0:
        return "oscillates"
    if epochs_to_tolerance is None or epochs_to_tolerance > CRAWL:
        return "crawls"
    return "converges"


@dataclass(frozen=True)
class LineExplorer:
    r"""What the MCVP explorer shows, for every rate on its slider.

    Attributes
    ----------
    learning_rates : numpy.ndarray, shape (R,)
        The slider's rates, increasing.
    curvatures : tuple of float
        :math:`\lambda_{min}, \lambda_{max}` of the Hessian.
    directions : numpy.ndarray, shape (2, 2)
        Unit eigenvectors (columns) in the (w, b) plane, flattest first.
    fastest_rate, stability_bound : float
        :math:`2/(\lambda_{min}+\lambda_{max})` and :math:`2/\lambda_{max}`.
    factors : numpy.ndarray, shape (R, 2)
        :math:`1-\eta\lambda` along the flattest and the steepest direction.
    epochs_to_tolerance : list of int or None
        Epochs until the loss is below :data:`TOLERANCE`; None if not within
        :data:`HORIZON`.
    verdicts : list of str
        :func:`verdict` of each rate.
    paths : numpy.ndarray, shape (R, PATH_EPOCHS + 1, 2)
        (w, b) after each epoch; nan once the path has left the box.
    path_lengths : numpy.ndarray of int, shape (R,)
        How many points of each path are drawn.
    loss_epochs : numpy.ndarray of int, shape (E,)
        The epochs at which the loss curve is sampled.
    losses : numpy.ndarray, shape (R, E)
        The loss at those epochs; nan where it is above :data:`LOSS_CEILING`.
    contours : list of (float, numpy.ndarray)
        Loss levels and, for each, an ellipse of (w, b) points.
    minimum : tuple of float
        The (w, b) at which the loss is smallest.
    start_loss : tuple of float
        The loss at the start, w = b = 0, split along the flat and the steep
        direction: :math:`\tfrac12\lambda c^2` for the start's component c along each.
    """

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
        """Index of the slider position whose rate is closest to ``learning_rate``.

        Examples
        --------
        >>> ex = line_explorer()
        >>> float(ex.learning_rates[ex.at(0.01)])
        0.01
        """
        return int(np.argmin(np.abs(np.log(self.learning_rates / learning_rate))))

    def loss_factors(self, learning_rate: float) -> tuple[float, float]:
        r"""What one epoch multiplies each direction's share of the loss by, at the
        slider position nearest the rate: the square of the distance factor,
        :math:`(1-\eta\lambda)^2`, flat direction first.

        Examples
        --------
        >>> [round(f, 3) for f in line_explorer().loss_factors(0.1)]
        [0.941, 0.454]
        """
        i = self.at(learning_rate)
        flat, steep = self.factors[i] ** 2
        return float(flat), float(steep)

    def flat_epochs(self, learning_rate: float) -> int | None:
        """Epochs until the flat direction's share of the starting loss alone is below
        :data:`TOLERANCE`, at the slider position nearest the rate; None if it never
        shrinks.

        Examples
        --------
        >>> line_explorer().flat_epochs(0.1)
        195
        """
        flat_share = self.start_loss[0]
        factor = self.loss_factors(learning_rate)[0]
        if flat_share < TOLERANCE:
            return 0
        if factor == 0.0:
            return 1
        if factor >= 1.0:
            return None
        return int(np.ceil(np.log(TOLERANCE / flat_share) / np.log(factor)))

    @property
    def fewest_epochs_rate(self) -> float:
        """The slider rate that reaches the tolerance in the fewest epochs (from
        w = b = 0; not the fastest rate, which minimises the worst factor).

        Examples
        --------
        >>> ex = line_explorer()
        >>> rate = ex.fewest_epochs_rate
        >>> ex.readout(rate)["epochs"] < ex.readout(ex.fastest_rate)["epochs"]
        True
        """
        reached = [
            (e, float(r))
            for e, r in zip(self.epochs_to_tolerance, self.learning_rates, strict=True)
            if e is not None
        ]
        return min(reached)[1]

    def readout(self, learning_rate: float) -> dict[str, Any]:
        """The readout the explorer shows at the slider position nearest the rate.

        Examples
        --------
        >>> line_explorer().readout(0.01)
        {'rate': 0.01, 'flat': 0.997, 'steep': 0.833, 'epochs': 1976, 'verdict': 'crawls'}
        """
        i = self.at(learning_rate)
        return {
            "rate": float(self.learning_rates[i]),
            "flat": round(float(self.factors[i, 0]), 3),
            "steep": round(float(self.factors[i, 1]), 3),
            "epochs": self.epochs_to_tolerance[i],
            "verdict": self.verdicts[i],
        }


NEAR_BOUND = (0.106, 0.1245, 0.0005)
"""Extra slider rates, every 0.0005 from 0.106 to 0.1245: where the epochs to the
tolerance change fastest (the fewest epochs, the fastest rate, the bound), the
slider moves in small steps."""


def _rate_grid(fastest: float, bound: float) -> np.ndarray:
    """Log-spaced rates from far below the fastest rate to beyond the bound, with the
    fastest rate itself, a rate halfway to the bound and a fine grid near the bound
    (:data:`NEAR_BOUND`) added.

    The fine grid leaves out the rates within 0.0005 of 0.119, so that 0.119 is
    still read at the log grid's 0.1187 (the page's examples ask for it)."""
    grid = np.geomspace(0.002, 0.2, 101)
    start, stop, step = NEAR_BOUND
    fine = np.round(np.arange(start, stop + step / 2, step), 6)
    fine = fine[np.abs(fine - 0.119) > 0.0004]
    extra = [0.01, 0.05, fastest, (fastest + bound) / 2]
    return np.unique(np.round(np.concatenate([grid, fine, extra]), 12))


def _ellipses(hessian: np.ndarray, centre: np.ndarray, levels) -> list:
    """Points on each level set of the quadratic ½ dᵀ H d around ``centre``."""
    values, vectors = np.linalg.eigh(hessian)
    angle = np.linspace(0.0, 2.0 * np.pi, 73)
    circle = np.stack([np.cos(angle), np.sin(angle)])
    shapes = []
    for level in levels:
        radii = np.sqrt(2.0 * level / values)  # ½ λ r² = level along each axis
        shapes.append((float(level), (vectors @ (radii[:, None] * circle)).T + centre))
    return shapes


@stored
def line_explorer() -> LineExplorer:
    """Gradient descent on the MCVP line at every rate of the explorer's slider.

    Examples
    --------
    >>> ex = line_explorer()
    >>> round(ex.fastest_rate, 4), round(ex.stability_bound, 4)
    (0.1176, 0.1198)
    >>> [ex.readout(r)["verdict"] for r in (0.01, 0.05, 0.119, 0.15)]
    ['crawls', 'converges', 'oscillates', 'diverges']
    """
    x, y = data.linear_toy()
    lo, hi = analysis.curvatures(x)
    hessian = analysis.hessian_mse_linear(x)
    _, vectors = np.linalg.eigh(hessian)
    vectors = vectors * np.sign(vectors[0])  # both directions point towards +w
    fastest, bound = analysis.fastest_rate(x), analysis.stability_bound(x)
    rates = _rate_grid(fastest, bound)
    factors = 1.0 - rates[:, None] * np.array([lo, hi])

    long = training.sweep(x, y, rates, epochs=HORIZON)
    reached = long.epochs_to(TOLERANCE)
    epochs = [int(e) if e >= 0 else None for e in reached]
    verdicts = [
        verdict((float(f[0]), float(f[1])), e)
        for f, e in zip(factors, epochs, strict=True)
    ]

    paths = np.full((rates.size, PATH_EPOCHS + 1, 2), np.nan)
    lengths = np.zeros(rates.size, dtype=int)
    for i, rate in enumerate(rates):
        run = training.gradient_descent(x, y, float(rate), epochs=PATH_EPOCHS)
        points = np.stack([run.weights, run.biases], axis=1)
        inside = np.all(np.abs(points) <= BOX, axis=1)
        count = int(np.argmin(inside)) if not inside.all() else len(points)
        paths[i, :count] = points[:count]
        lengths[i] = count

    sampled = np.unique(np.round(np.geomspace(1, HORIZON, 48)).astype(int))
    sampled = np.concatenate([[0], sampled])
    assert (
        long.loss_curves is not None
    )  # a sweep records its curves unless asked not to
    curve = long.loss_curves[sampled].T.copy()
    with np.errstate(invalid="ignore"):
        curve[~(curve <= LOSS_CEILING)] = np.nan
    w_star, b_star = np.polyfit(x, y, 1)
    centre = np.array([w_star, b_star])
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
        contours=_ellipses(hessian, centre, CONTOUR_LEVELS),
        minimum=(float(w_star), float(b_star)),
        start_loss=_split(np.array([lo, hi]), vectors, -centre),
    )


def _split(curvatures: np.ndarray, vectors: np.ndarray, offset: np.ndarray):
    """½ λ c² along each eigen-direction, for an offset from the minimum."""
    components = vectors.T @ offset
    flat, steep = 0.5 * curvatures * components**2
    return float(flat), float(steep)


@dataclass(frozen=True)
class ParabolaExplorer:
    """What the deeplizard explorer shows: ten steps on L(w) = 1.25 (w − 3)².

    Attributes
    ----------
    learning_rates : numpy.ndarray, shape (R,)
    curvature : float
        :math:`L''(w) = 2.5`.
    factors : numpy.ndarray, shape (R,)
        :math:`1 - 2.5\\eta`, the factor each step multiplies the distance by.
    weights, losses : numpy.ndarray, shape (R, STEPS + 1)
        The weight and the loss after each step, from w = 0.
    verdicts : list of str
        "crawls" (factor in (0, 1), more than a tenth of the distance left after
        the steps), "converges" (factor in [0, 1), less left), "overshoots but
        converges" (factor in (−1, 0)), "bounces forever" (factor −1: the weight
        jumps between two points and the loss stays put), "diverges" (|factor| > 1).
    bowl_weights, bowl_losses : numpy.ndarray
        The loss curve itself, for drawing.
    """

    learning_rates: np.ndarray
    curvature: float
    factors: np.ndarray
    weights: np.ndarray
    losses: np.ndarray
    verdicts: list[str]
    bowl_weights: np.ndarray
    bowl_losses: np.ndarray

    def at(self, learning_rate: float) -> int:
        """Index of the slider position nearest ``learning_rate``.

        Examples
        --------
        >>> ex = parabola_explorer()
        >>> float(ex.learning_rates[ex.at(0.3)])
        0.3
        """
        return int(np.argmin(np.abs(self.learning_rates - learning_rate)))


PARABOLA_STEPS = 10
"""Steps shown on the parabola, as on the deeplizard page's figure."""


@functools.cache
def parabola_explorer() -> ParabolaExplorer:
    """Ten steps of gradient descent on the centred line fit, for every slider rate.

    Examples
    --------
    >>> ex = parabola_explorer()
    >>> i = ex.at(0.85)
    >>> round(float(ex.factors[i]), 3), round(float(ex.losses[i, -1]), 1), ex.verdicts[i]
    (-1.125, 118.6, 'diverges')
    """
    x, y = data.linear_toy()
    x, y = x - x.mean(), y - y.mean()
    curvature = 2.0 * float(np.mean(x * x))
    rates = np.round(np.arange(0.02, 1.0001, 0.01), 2)
    factors = 1.0 - curvature * rates
    weights = np.empty((rates.size, PARABOLA_STEPS + 1))
    losses = np.empty_like(weights)
    verdicts = []
    for i, rate in enumerate(rates):
        run = training.gradient_descent(x, y, float(rate), epochs=PARABOLA_STEPS)
        weights[i], losses[i] = run.weights, run.losses
        factor = float(factors[i])
        ten = abs(factor) ** PARABOLA_STEPS  # distance left after ten steps
        if abs(factor) > 1.0:
            verdicts.append("diverges")
        elif factor == -1.0:
            verdicts.append("bounces forever")  # between two points, loss unchanged
        elif factor < 0.0:
            verdicts.append("overshoots but converges")
        elif ten > 0.1:
            verdicts.append("crawls")
        else:
            verdicts.append("converges")
    bowl = np.linspace(*PARABOLA_VIEW[0], 85)  # wide enough for every iterate at 0.85
    bowl_losses = losses_of(x, y, bowl)
    return ParabolaExplorer(
        rates, curvature, factors, weights, losses, verdicts, bowl, bowl_losses
    )


def losses_of(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The MSE of the line through the origin, y ≈ w x, at each of ``weights``.

    Examples
    --------
    >>> float(losses_of(np.array([-1.0, 1.0]), np.array([-3.0, 3.0]), np.array([3.0]))[0])
    0.0
    """
    return np.asarray(losses.mse(models.linear(x, weights, np.zeros_like(weights)), y))


def shown(value: float | None, digits: int) -> str:
    """A number as the explorers show it: ``digits`` significant digits, trailing
    zeros dropped, a minus sign for negatives, "—" for None. Python formats it
    (round half to even on the exact value, as the page's examples print), so the
    explorer and the page never differ in the last digit (JavaScript's
    ``toPrecision`` rounds 11.25 up to 11.3).

    Examples
    --------
    >>> shown(11.25, 3), shown(-0.6740, 4), shown(0.1, 4), shown(None, 3)
    ('11.2', '−0.674', '0.1', '—')
    >>> shown(1.0, 4), shown(20000.0, 4)
    ('1', '20000')
    """
    if value is None or not np.isfinite(value):
        return "—"
    text = f"{value:.{digits}g}"
    if "e" in text:
        head, exponent = text.split("e")
        if int(exponent) >= 0:  # a large number: its digits, no exponent
            return f"{float(text):.0f}".replace("-", "−")
        text = f"{head}×10" + str(int(exponent)).translate(_SUPERSCRIPT)
    elif "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace("-", "−")


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _rounded(values: np.ndarray, digits: int = 4) -> list:
    """Floats to ``digits`` significant digits, nan to None, for a small JSON file."""
    flat = []
    for v in np.asarray(values, dtype=float).ravel():
        flat.append(None if not np.isfinite(v) else float(f"{v:.{digits}g}"))
    return flat


def _log10(values: np.ndarray, decimals: int = 2) -> list:
    """log10 of positive values, rounded, None where not finite or not positive.

    Examples
    --------
    >>> _log10(np.array([1e-6, 0.0, 2.0, np.nan]))
    [-6.0, None, 0.3, None]
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log10(np.asarray(values, dtype=float))
    return [None if not np.isfinite(v) else round(float(v), decimals) for v in logs]


def line_explorer_json() -> dict[str, Any]:
    """The MCVP explorer's data file, as a JSON-ready dict (numbers at 4 digits).

    Examples
    --------
    >>> d = line_explorer_json()
    >>> d["verdicts"][d["rates"].index(0.01)], d["pathEpochs"]
    ('crawls', 30)
    """
    ex = line_explorer()
    r = ex.learning_rates.size
    return {
        "rates": _rounded(ex.learning_rates, 6),
        "rateText": [shown(r, 4) for r in ex.learning_rates],
        # the factors as the readout (and the page) rounds them: 3 decimals
        "flatText": [
            str(round(float(f), 3)).replace("-", "−") for f in ex.factors[:, 0]
        ],
        "steepText": [
            str(round(float(f), 3)).replace("-", "−") for f in ex.factors[:, 1]
        ],
        "fewest": round(ex.fewest_epochs_rate, 6),
        "fastest": round(ex.fastest_rate, 6),
        "bound": round(ex.stability_bound, 6),
        "curvatures": _rounded(np.array(ex.curvatures)),
        "directions": _rounded(ex.directions),
        "tolerance": TOLERANCE,
        "horizon": HORIZON,
        "flat": _rounded(ex.factors[:, 0], 4),
        "steep": _rounded(ex.factors[:, 1], 4),
        "epochs": ex.epochs_to_tolerance,
        "verdicts": ex.verdicts,
        "pathEpochs": PATH_EPOCHS,
        "pathLengths": [int(n) for n in ex.path_lengths],
        # (w, b) in hundredths, as integers: a third of the bytes
        "pathScale": PATH_SCALE,
        "paths": [
            [
                int(v)
                for v in np.round(
                    ex.paths[i, : ex.path_lengths[i]] * PATH_SCALE
                ).ravel()
            ]
            for i in range(r)
        ],
        "lossEpochs": [int(e) for e in ex.loss_epochs],
        # log10 of the loss to 2 decimals: a third of the bytes of the numbers
        "logLosses": [_log10(ex.losses[i]) for i in range(r)],
        "contours": [
            {"level": level, "points": _rounded(points, 4)}
            for level, points in ex.contours
        ],
        "minimum": _rounded(np.array(ex.minimum)),
        "view": [list(VIEW[0]), list(VIEW[1])],
    }


def parabola_explorer_json() -> dict[str, Any]:
    """The deeplizard explorer's data file, as a JSON-ready dict.

    Examples
    --------
    >>> d = parabola_explorer_json()
    >>> d["steps"], len(d["weights"]) == len(d["rates"])
    (10, True)
    """
    ex = parabola_explorer()
    return {
        "rates": _rounded(ex.learning_rates, 4),
        "rateText": [shown(r, 2) for r in ex.learning_rates],
        "factorText": [shown(f, 4) for f in ex.factors],
        "lossText": [shown(v, 3) for v in ex.losses[:, -1]],
        "curvature": ex.curvature,
        "view": [list(PARABOLA_VIEW[0]), list(PARABOLA_VIEW[1])],
        "oneStep": 1.0 / ex.curvature,
        "bound": 2.0 / ex.curvature,
        "steps": PARABOLA_STEPS,
        "factors": _rounded(ex.factors, 4),
        "weights": [_rounded(w, 5) for w in ex.weights],
        "losses": [_rounded(v, 4) for v in ex.losses],
        "verdicts": ex.verdicts,
        "bowl": _rounded(np.stack([ex.bowl_weights, ex.bowl_losses], axis=1), 4),
    }


# ---------------------------------------------------------------------------
# The momentum explorer (the stability page): two sliders, η and β
# ---------------------------------------------------------------------------

MOMENTUM_RATES = tuple(round(0.02 * k, 2) for k in range(1, 13))
"""The η slider's grid, 0.02 to 0.24; GD's best rate and η* are added to it. (The
grid is coarse so that the page's data file stays small: about 60 kB.)"""

MOMENTUM_BETAS = tuple(round(0.1 * k, 1) for k in range(0, 10))
"""The β slider's grid, 0 to 0.9; β* is added to it."""

MOMENTUM_EPOCHS = 1000
"""The longest run of the momentum explorer (as the stability page's grid)."""

MOMENTUM_TOLERANCE = 1e-10
"""The loss that its "epochs to tolerance" counts down to (as the page's grid)."""

MOMENTUM_PATH_EPOCHS = 15
"""Iterates drawn on the contours: the start and this many epochs."""

MOMENTUM_VIEW = ((-1.0, 7.0), (-3.0, 3.0))

PATH_SCALE = 100
"""The momentum explorer's file stores (w, b) in hundredths, as integers."""
"""The part of the (w, b) plane the momentum explorer's contour panel shows."""


def heavy_ball_factor(rate: float, beta: float, curvatures: tuple[float, ...]) -> float:
    r"""The contraction factor per epoch of heavy-ball momentum on a quadratic: the
    largest spectral radius, over the Hessian's eigenvalues :math:`\lambda`, of the
    iteration matrix :math:`\begin{pmatrix}1+\beta-\eta\lambda & -\beta\\1 & 0
    \end{pmatrix}`. Below 1 the run converges, at that rate per epoch.

    Examples
    --------
    >>> round(heavy_ball_factor(0.1, 0.0, (2.0,)), 3)  # plain GD: |1 - ηλ|
    0.8
    >>> round(heavy_ball_factor(0.5, 0.25, (1.0, 4.0)), 3)  # √β in both directions
    0.5
    >>> heavy_ball_factor(1.0, 0.0, (4.0,))  # |1 - 4|: diverges
    3.0
    >>> heavy_ball_factor(0.1, 1.5, (1.0,))
    Traceback (most recent call last):
    ...
    ValueError: beta must be in [0, 1), got 1.5
    """
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"beta must be in [0, 1), got {beta!r}")
    if not rate > 0.0:
        raise ValueError(f"rate must be positive, got {rate!r}")
    radius = 0.0
    for curvature in curvatures:
        roots = np.roots([1.0, -(1.0 + beta - rate * curvature), beta])
        radius = max(radius, float(np.max(np.abs(roots))))
    return radius


@dataclass(frozen=True)
class MomentumExplorer:
    r"""What the stability page's momentum explorer shows, for every (η, β) pair.

    Attributes
    ----------
    rates, betas : numpy.ndarray
        The two sliders' grids, increasing.
    gd_rate : float
        Plain gradient descent's best rate, :math:`2/(\lambda_{min}+\lambda_{max})`.
    optimal_rate, optimal_beta : float
        Goh's optimal :math:`(\eta^*, \beta^*)`.
    factors : numpy.ndarray, shape (len(betas), len(rates))
        :func:`heavy_ball_factor` at each pair.
    epochs : list of list of int or None
        Epochs until the loss stays below :data:`MOMENTUM_TOLERANCE`, within
        :data:`MOMENTUM_EPOCHS`; None if not.
    verdicts : list of list of str
        "diverges" (factor 1 or more), "too slow" (converges, but not to the
        tolerance within the run), or "converges".
    paths : numpy.ndarray, shape (len(betas), len(rates), MOMENTUM_PATH_EPOCHS + 1, 2)
        (w, b) after each epoch; nan once the path has left the box.
    loss_epochs : numpy.ndarray of int
    losses : numpy.ndarray, shape (len(betas), len(rates), len(loss_epochs))
        The loss at those epochs; nan above :data:`LOSS_CEILING`.
    contours : list of (float, numpy.ndarray)
    minimum : tuple of float
    """

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
        """Slider positions (β index, η index) nearest ``(rate, beta)``.

        Examples
        --------
        >>> ex = momentum_explorer()
        >>> j, i = ex.at(ex.optimal_rate, ex.optimal_beta)
        >>> float(ex.rates[i]) == ex.optimal_rate, float(ex.betas[j]) == ex.optimal_beta
        (True, True)
        """
        i = int(np.argmin(np.abs(self.rates - rate)))
        j = int(np.argmin(np.abs(self.betas - beta)))
        return j, i

    def readout(self, rate: float, beta: float) -> dict[str, Any]:
        """The readout the explorer shows at the pair nearest ``(rate, beta)``.

        Examples
        --------
        >>> ex = momentum_explorer()
        >>> ex.readout(ex.optimal_rate, ex.optimal_beta)["verdict"]
        'converges'
        >>> ex.readout(0.25, 0.0)["verdict"]
        'diverges'
        """
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
    """Heavy-ball momentum on the MCVP line at every (η, β) of the explorer.

    Examples
    --------
    >>> ex = momentum_explorer()
    >>> gd = ex.readout(ex.gd_rate, 0.0)
    >>> best = ex.readout(ex.optimal_rate, ex.optimal_beta)
    >>> gd["factor"], best["factor"], gd["epochs"] > best["epochs"]
    (0.965, 0.764, True)
    """
    x, y = data.linear_toy()
    lo, hi = analysis.curvatures(x)
    gd_rate = analysis.fastest_rate(x)
    m_rate, m_beta = analysis.optimal_momentum(x)
    rates = np.unique(np.concatenate([MOMENTUM_RATES, [gd_rate, m_rate]]))
    betas = np.unique(np.concatenate([MOMENTUM_BETAS, [m_beta]]))
    factors = np.array(
        [
            [heavy_ball_factor(float(r), float(b), (lo, hi)) for r in rates]
            for b in betas
        ]
    )
    run = training.sweep(
        x, y, rates[None, :], epochs=MOMENTUM_EPOCHS, momentum=betas[:, None]
    )
    curves = run.loss_curves
    assert curves is not None  # a sweep records its curves unless asked not to
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
            path = training.gradient_descent(
                x, y, float(rate), MOMENTUM_PATH_EPOCHS, momentum=float(beta)
            )
            points = np.stack([path.weights, path.biases], axis=1)
            inside = np.all(np.abs(points) <= BOX, axis=1)
            count = int(np.argmin(inside)) if not inside.all() else len(points)
            paths[j, i, :count] = points[:count]
    sampled = np.unique(np.round(np.geomspace(1, MOMENTUM_EPOCHS, 14)).astype(int))
    sampled = np.concatenate([[0], sampled])
    losses = np.moveaxis(curves[sampled].reshape(sampled.size, *run.shape), 0, -1)
    with np.errstate(invalid="ignore"):
        losses = np.where(losses <= LOSS_CEILING, losses, np.nan)
    w_star, b_star = np.polyfit(x, y, 1)
    hessian = analysis.hessian_mse_linear(x)
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
        losses=losses,
        contours=_ellipses(hessian, np.array([w_star, b_star]), CONTOUR_LEVELS),
        minimum=(float(w_star), float(b_star)),
    )


def momentum_explorer_json() -> dict[str, Any]:
    """The momentum explorer's data file, as a JSON-ready dict.

    Examples
    --------
    >>> d = momentum_explorer_json()
    >>> len(d["factorText"]) == len(d["betas"]), len(d["factorText"][0]) == len(d["rates"])
    (True, True)
    """
    ex = momentum_explorer()
    rows, cols = ex.betas.size, ex.rates.size

    def path(j: int, i: int) -> list:
        points = ex.paths[j, i]
        kept = points[np.isfinite(points).all(axis=1)]
        return [int(v) for v in np.round(kept * PATH_SCALE).ravel()]

    def log_losses(j: int, i: int) -> list:
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log10(ex.losses[j, i])
        return [None if not np.isfinite(v) else round(float(v), 1) for v in logs]

    return {
        "rates": _rounded(ex.rates, 6),
        "betas": _rounded(ex.betas, 6),
        "rateText": [shown(r, 4) for r in ex.rates],
        "betaText": [shown(b, 4) for b in ex.betas],
        "gdRate": round(ex.gd_rate, 6),
        "optimalRate": round(ex.optimal_rate, 6),
        "optimalBeta": round(ex.optimal_beta, 6),
        "tolerance": MOMENTUM_TOLERANCE,
        "horizon": MOMENTUM_EPOCHS,
        "factorText": [
            [str(round(float(ex.factors[j, i]), 3)) for i in range(cols)]
            for j in range(rows)
        ],
        "epochs": ex.epochs,
        "verdicts": ex.verdicts,
        # Compact (the page's weight budget): points in hundredths, losses as
        # log10 to 1 decimal, contours at every other point.
        "pathScale": PATH_SCALE,
        "paths": [[path(j, i) for i in range(cols)] for j in range(rows)],
        "lossEpochs": [int(e) for e in ex.loss_epochs],
        "logLosses": [[log_losses(j, i) for i in range(cols)] for j in range(rows)],
        "contours": [
            {"level": level, "points": _rounded(points[::2], 3)}
            for level, points in ex.contours
        ],
        "minimum": _rounded(np.array(ex.minimum)),
        "view": [list(MOMENTUM_VIEW[0]), list(MOMENTUM_VIEW[1])],
    }
