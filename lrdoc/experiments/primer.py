r"""Experiments for the primer, "The learning rate in five minutes" (``docs/primer.md``).

One parameter on a parabola. The four MCVP points :math:`y = 3x`, shifted to mean
zero, fitted by a line through the origin :math:`\hat y = w x`, give the mean squared
error :math:`L(w) = 1.25\,(w-3)^2`: a parabola with its minimum at :math:`w^* = 3`
and curvature :math:`\lambda = L''(w) = 2.5`. One step of gradient descent,
:math:`w \leftarrow w - \eta L'(w)`, multiplies the distance to the minimum by
:math:`1 - \eta\lambda`. Every result below is computed by the engine
(:func:`lrdoc.training.gradient_descent`, :class:`lrdoc.optimizers.Adam`); the
page prints them and :mod:`lrdoc.figures.primer` draws them.

Examples
--------
>>> r = regimes()
>>> r.curvature / 2, r.minimum, r.curvature
(1.25, 3.0, 2.5)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from lrdoc import _checks, analysis, gradients, training
from lrdoc.experiments._setups import parabola
from lrdoc.optimizers import Adam

RATES = (0.05, 0.4, 0.7, 0.85)
"""One rate per behaviour: too small, just right, oscillating, diverging."""

NAMES = ("crawls", "just right", "oscillates", "diverges")
"""What gradient descent does at each of :data:`RATES`."""

STEPS = 10
"""Steps drawn in the figure."""

TOLERANCE = 0.01
"""How close to the minimum counts as arrived."""

HORIZON = 1000
"""The most steps a run may take to arrive."""


def steps_to_arrive(weights: np.ndarray, minimum: float) -> int | None:
    """The first step after which ``weights`` stay within :data:`TOLERANCE` of
    ``minimum``; None if they never do.

    Examples
    --------
    >>> steps_to_arrive(np.array([0.0, 2.0, 2.995, 3.001]), 3.0)
    2
    >>> steps_to_arrive(np.array([0.0, 6.0, 0.0]), 3.0) is None
    True
    """
    weights = _checks.real_array(weights, "weights")
    if weights.ndim != 1 or weights.size == 0:
        raise ValueError(f"weights must be a non-empty 1-d array, got {weights.shape}")
    minimum = _checks.finite_number(minimum, "minimum")
    far = ~(np.abs(weights - minimum) < TOLERANCE)  # NaN is never near
    if far[-1]:
        return None
    return int(np.flatnonzero(far)[-1] + 1) if far.any() else 0


def _minimum(x: np.ndarray, y: np.ndarray) -> float:
    """Where the mean squared error of the line through the origin is least."""
    return float(np.sum(x * y) / np.sum(x * x))


@dataclass(frozen=True)
class Regimes:
    r"""Gradient descent from :math:`w = 0` on the parabola at each of :data:`RATES`.

    ``curvature`` is :math:`\lambda = L''(w)`, ``minimum`` :math:`w^*`, ``bound``
    :math:`2/\lambda` (the rates below it converge), ``one_step`` :math:`1/\lambda`
    (lands on the minimum in one step). Per rate: ``factors``, what each step
    multiplies the distance by, :math:`1 - \eta\lambda`; ``weights`` at the start
    and after each of :data:`STEPS` steps; ``steps_to_arrive`` within
    :data:`TOLERANCE` of the minimum (at most :data:`HORIZON`; None if never).
    """

    curvature: float
    minimum: float
    bound: float
    one_step: float
    rates: tuple[float, ...]
    names: tuple[str, ...]
    factors: np.ndarray
    weights: np.ndarray
    steps_to_arrive: list[int | None]

    def distance(self, rate: float, step: int) -> float:
        """The distance to the minimum after ``step`` steps at one of the rates."""
        i = self.rates.index(rate)
        return float(abs(self.weights[i, step] - self.minimum))


@functools.cache
def regimes() -> Regimes:
    """Run gradient descent on the parabola at the four rates of :data:`RATES`."""
    x, y = parabola()
    _, curvature = analysis.curvatures(x)  # the other is the bias's, 2
    minimum = _minimum(x, y)
    weights, arrive = [], []
    for rate in RATES:
        run = training.gradient_descent(x, y, rate, epochs=HORIZON)
        weights.append(run.weights[: STEPS + 1])
        arrive.append(steps_to_arrive(run.weights, minimum))
    return Regimes(
        curvature=round(curvature, 12),
        minimum=round(minimum, 12),
        bound=round(2.0 / curvature, 12),
        one_step=round(1.0 / curvature, 12),
        rates=RATES,
        names=NAMES,
        factors=np.round(1.0 - curvature * np.array(RATES), 12),
        weights=np.array(weights),
        steps_to_arrive=arrive,
    )


@dataclass(frozen=True)
class Units:
    """The same data with the inputs in three units: the curvature and the bound.

    Per scale of the inputs (``scales``): the weight's curvature and
    :math:`2/\\lambda` (``curvatures``, ``bounds``), and what gradient descent at
    ``rate`` (the original's one-step rate) does in :data:`HORIZON` steps
    (``outcomes``).
    """

    scales: tuple[float, ...]
    curvatures: tuple[float, ...]
    bounds: tuple[float, ...]
    outcomes: tuple[str, ...]
    rate: float


def _outcome(run: training.History, minimum: float) -> str:
    """How a run ended: diverged, arrived, or how far away it stayed."""
    if run.diverged_at is not None:
        return f"diverges at step {run.diverged_at}"
    arrived = steps_to_arrive(run.weights, minimum)
    if arrived is None:
        left = abs(float(run.weights[-1]) - minimum)
        return f"still {left:.2g} away"
    return f"arrives in {arrived} step{'s' if arrived != 1 else ''}"


@functools.cache
def units() -> Units:
    """The parabola with the inputs written in a unit ten times smaller, and ten
    times larger, and the rate 0.4 run on each.
    """
    scales = (1.0, 10.0, 0.1)
    rate = 0.4
    curvatures, bounds, outcomes = [], [], []
    for scale in scales:
        x, y = parabola(scale)
        curvature = 2.0 * np.mean(x * x)  # L''(w) of the mean squared error
        curvatures.append(round(float(curvature), 12))
        bounds.append(round(2.0 / float(curvature), 12))
        run = training.gradient_descent(x, y, rate, epochs=HORIZON)
        minimum = _minimum(x, y)
        outcomes.append(_outcome(run, minimum))
    return Units(tuple(scales), tuple(curvatures), tuple(bounds), tuple(outcomes), rate)


@dataclass(frozen=True)
class AdamSteps:
    """Adam on the parabola in two units, from w = 0 at one rate.

    Per scale of ``scales``: how far the first step moves w (``first_steps``), w
    at the start and after each step (``weights``), the minimum (``minima``) and the
    steps until w stays within :data:`TOLERANCE` of it (``steps_to_arrive``).
    """

    rate: float
    scales: tuple[float, ...]
    first_steps: tuple[float, ...]
    weights: np.ndarray
    minima: tuple[float, ...]
    steps_to_arrive: tuple[int | None, ...]


ADAM_STEPS = 200
"""Steps of Adam in :func:`adam`."""


@functools.cache
def adam(rate: float = 0.1) -> AdamSteps:
    """Adam (Keras' defaults but the rate) on the parabola, inputs as given and
    written ten times larger.

    Adam divides each step by a running average of the gradient's size, so its
    first step is :math:`\\eta` at either scale, although the gradients differ a
    hundredfold.
    """
    rate = _checks.learning_rate(rate)
    scales = (1.0, 10.0)
    rows, minima = [], []
    for scale in scales:
        x, y = parabola(scale)
        w = np.zeros(1)
        optimizer = Adam(rate)
        path = [0.0]
        for _ in range(ADAM_STEPS):
            dw, _ = gradients.mse_linear(x, y, float(w[0]), 0.0)
            optimizer.apply([w], [np.array([dw])])
            path.append(float(w[0]))
        rows.append(path)
        minima.append(round(_minimum(x, y), 12))
    weights = np.array(rows)
    first = tuple(float(abs(weights[i, 1])) for i in range(len(scales)))
    arrive = tuple(
        steps_to_arrive(row, m) for row, m in zip(weights, minima, strict=True)
    )
    return AdamSteps(rate, scales, first, weights, tuple(minima), arrive)
