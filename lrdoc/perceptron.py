r"""The one-neuron perceptron with a clipped-linear activation (Ahmed Gad's article).

The neuron has a bias :math:`b` on a constant input +1 and a weight :math:`w` on its
one input :math:`x`. Its output is the weighted sum, clipped from above:

.. math:: \hat y = \min(b + w x,\ c), \qquad c = 250 \text{ by default.}

It learns one sample at a time with the delta rule: the error :math:`e = y - \hat y`
(target minus output) moves each parameter in proportion to its own input,

.. math:: b \leftarrow b + \eta\, e \cdot 1, \qquad w \leftarrow w + \eta\, e\, x .

While the output is not clipped, one update multiplies that sample's own error by
:math:`1 - \eta(1 + x^2)`, so no update overshoots by more than it corrects as long
as :math:`\eta (1 + x^2) < 2` (:func:`stability_bound`). A sample whose target is
the ceiling cannot overshoot at all: past :math:`c` its output clips and its error
is 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks
from lrdoc.divergence import describe, onset
from lrdoc.training import Sweep

__all__ = [
    "CEILING",
    "Sweep",
    "Training",
    "clipped_linear",
    "delta_update",
    "predict",
    "stability_bound",
    "sweep",
    "train",
    "update_factors",
]

CEILING = 250.0
"""The article's clip level: outputs above it are returned as 250."""


def clipped_linear(z: ArrayLike, ceiling: float = CEILING) -> np.ndarray:
    r"""The activation :math:`\min(z, c)`: the input itself, at most ``ceiling``.

    Parameters
    ----------
    z : array_like
        Weighted sums.
    ceiling : float
        The clip level :math:`c`, a finite number.

    Returns
    -------
    numpy.ndarray
        ``z`` with every entry above ``ceiling`` replaced by ``ceiling``; nan stays nan.

    Examples
    --------
    >>> clipped_linear([-50.0, 100.0, 250.0, 310.0])
    array([-50., 100., 250., 250.])
    >>> clipped_linear([1.0], ceiling=float("inf"))
    Traceback (most recent call last):
    ...
    ValueError: ceiling must be finite, got inf
    """
    z = _checks.real_array(z, "z")
    ceiling = _checks.finite_number(ceiling, "ceiling")
    return np.where(z > ceiling, ceiling, z)


def predict(
    x: ArrayLike, bias: float, weight: float, ceiling: float = CEILING
) -> np.ndarray:
    r"""The neuron's outputs :math:`\min(b + w x, c)` for the inputs ``x``.

    Examples
    --------
    >>> predict([10, 240, 550, -160], bias=0.0, weight=1.0)
    array([  10.,  240.,  250., -160.])
    """
    x = _checks.real_array(x, "x")
    _checks.reject(x, ~np.isfinite(x), "x", "finite numbers")
    bias = _checks.finite_number(bias, "bias")
    weight = _checks.finite_number(weight, "weight")
    with np.errstate(over="ignore", invalid="ignore"):
        return clipped_linear(bias + weight * x, ceiling)


def delta_update(
    bias: float,
    weight: float,
    x: float,
    target: float,
    learning_rate: float,
    ceiling: float = CEILING,
) -> tuple[float, float, float]:
    r"""One step of the delta rule on one sample.

    Parameters
    ----------
    bias, weight : float
        Current parameters.
    x, target : float
        The sample's input and desired output.
    learning_rate : float
        The rate :math:`\eta > 0`.
    ceiling : float
        The clip level.

    Returns
    -------
    (bias, weight, error)
        The updated parameters, and the signed error :math:`e = y - \hat y` that
        moved them (computed before the update).

    Examples
    --------
    The article's first sample, from its starting point, with rate 0.00001:

    >>> b, w, e = delta_update(0.05, 0.1, x=60, target=60, learning_rate=0.00001)
    >>> round(e, 2), round(b, 7), round(w, 5)
    (53.95, 0.0505395, 0.13237)
    >>> delta_update(0.05, 0.1, x=60, target=60, learning_rate=-1.0)
    Traceback (most recent call last):
    ...
    ValueError: learning_rate must be a finite number > 0, got -1.0
    """
    rate = _checks.learning_rate(learning_rate)
    ceiling = _checks.finite_number(ceiling, "ceiling")
    x = _checks.finite_number(x, "x")
    target = _checks.finite_number(target, "target")
    bias = _checks.finite_number(bias, "bias")
    weight = _checks.finite_number(weight, "weight")
    return _step(bias, weight, x, target, rate, ceiling)


def _step(
    bias: float, weight: float, x: float, target: float, rate: float, ceiling: float
) -> tuple[float, float, float]:
    """The delta rule on plain floats, unchecked (the training loop's inner step)."""
    z = bias + weight * x
    error = target - (ceiling if z > ceiling else z)
    return bias + rate * error, weight + rate * error * x, error


@dataclass(frozen=True)
class Training:
    """What one run of per-sample training did, pass by pass.

    Attributes
    ----------
    biases, weights : numpy.ndarray
        Parameters after each pass over the samples; entry 0 is the starting point.
    mean_abs_errors : numpy.ndarray
        Mean absolute error over all samples at each entry of ``biases``/``weights``.
    samples : int
        Number of samples, so one pass is ``samples`` updates.
    converged : bool
        True if the mean absolute error fell below the tolerance.
    diverged_at : int or None
        The first pass after which a parameter or the error was not finite (the
        arrays stop there); or, for a run whose error stayed finite but rose (the
        rule of :mod:`lrdoc.divergence`), the first pass from which it stayed
        risen. ``None`` for a run that did not diverge.

    Examples
    --------
    >>> run = train([1.0, 2.0], [1.0, 2.0], 0.1, max_passes=3)
    >>> run.passes, run.samples, run.converged, run.diverged_at
    (3, 2, False, None)
    """

    biases: np.ndarray
    weights: np.ndarray
    mean_abs_errors: np.ndarray
    samples: int
    converged: bool
    diverged_at: int | None

    @property
    def passes(self) -> int:
        """Number of passes made over the samples.

        Examples
        --------
        >>> train([1.0, 2.0], [1.0, 2.0], 0.1, max_passes=3).passes
        3
        """
        return len(self.weights) - 1

    @property
    def iterations(self) -> int:
        """Number of single-sample updates made.

        Examples
        --------
        >>> train([1.0, 2.0], [1.0, 2.0], 0.1, max_passes=3).iterations
        6
        """
        return self.passes * self.samples

    @property
    def status(self) -> str:
        """One line that says how the run ended.

        Examples
        --------
        >>> x = [60, 40, 100, 300, -50, 310]
        >>> y = [60, 40, 100, 250, -50, 250]
        >>> train(x, y, 1.0, bias0=0.05, weight0=0.1).status
        'weights became non-finite in pass 36'
        >>> train(x, y, 0.0001, max_passes=10, bias0=0.05, weight0=0.1).status
        'stopped after 10 passes, mean absolute error 0.0376713'
        """
        first, last = float(self.mean_abs_errors[0]), float(self.mean_abs_errors[-1])
        if self.diverged_at is not None:
            if math.isfinite(last):
                return describe(first, last)
            if math.isfinite(self.weights[-1]) and math.isfinite(self.biases[-1]):
                return f"error became non-finite in pass {self.diverged_at}"
            return f"weights became non-finite in pass {self.diverged_at}"
        verb = "converged in" if self.converged else "stopped after"
        return (
            f"{verb} {self.passes} passes, "
            f"mean absolute error {self.mean_abs_errors[-1]:.6g}"
        )


def _mean_abs_error(
    x: list[float], y: list[float], bias: float, weight: float, ceiling: float
) -> float:
    total = 0.0
    for xi, yi in zip(x, y, strict=True):
        z = bias + weight * xi
        total += abs(yi - (ceiling if z > ceiling else z))
    return total / len(x)


def train(
    x: ArrayLike,
    y: ArrayLike,
    learning_rate: float,
    tolerance: float = 0.01,
    max_passes: int = 100_000,
    bias0: float = 0.0,
    weight0: float = 0.0,
    ceiling: float = CEILING,
) -> Training:
    """Train the neuron one sample at a time, in order, pass after pass.

    After each full pass the mean absolute error over *all* samples is measured;
    training stops when it is below ``tolerance``, when a parameter stops being a
    finite number, or after ``max_passes`` passes.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Inputs and desired outputs, visited in this order.
    learning_rate : float
        The rate, > 0.
    tolerance : float
        Mean absolute error at which training stops, > 0.
    max_passes : int
        Most passes to make, >= 1.
    bias0, weight0 : float
        Starting parameters.
    ceiling : float
        The clip level.

    Returns
    -------
    Training

    Raises
    ------
    ValueError, TypeError
        For a rate or tolerance that is not a finite number > 0, ``max_passes < 1``,
        x and y of different lengths, or inputs that are not real numbers.

    Examples
    --------
    >>> x = [60, 40, 100, 300, -50, 310]
    >>> y = [60, 40, 100, 250, -50, 250]
    >>> run = train(x, y, 0.0001, bias0=0.05, weight0=0.1)
    >>> run.status
    'converged in 4420 passes, mean absolute error 0.00999975'
    >>> round(run.biases[-1], 4), round(run.weights[-1], 6)
    (0.0166, 0.999959)
    >>> train(x, y[:5], 0.0001)
    Traceback (most recent call last):
    ...
    ValueError: x and y must have the same length, got 6 and 5
    """
    xs, ys = _samples(x, y)
    rate = _checks.learning_rate(learning_rate)
    tolerance = _checks.positive(tolerance, "tolerance")
    max_passes = _checks.positive_int(max_passes, "max_passes")
    _checks.run_size(max_passes * xs.size * 2, "max_passes × samples × 2")
    # per pass: bias, weight and error as Python floats in lists (about 5 numbers'
    # worth each, with the lists' spare room), then as arrays, and the divergence
    # rule's masks
    _checks.memory(f"train(max_passes={max_passes})", (24, max_passes + 1))
    bias = _checks.finite_number(bias0, "bias0")
    weight = _checks.finite_number(weight0, "weight0")
    ceiling = _checks.finite_number(ceiling, "ceiling")
    x_list, y_list = xs.tolist(), ys.tolist()
    biases, weights = [bias], [weight]
    errors = [_mean_abs_error(x_list, y_list, bias, weight, ceiling)]
    converged, diverged_at = False, None
    for number in range(1, max_passes + 1):
        for xi, yi in zip(x_list, y_list, strict=True):
            bias, weight, _ = _step(bias, weight, xi, yi, rate, ceiling)
        biases.append(bias)
        weights.append(weight)
        if not (math.isfinite(bias) and math.isfinite(weight)):
            errors.append(math.nan)
            diverged_at = number
            break
        errors.append(_mean_abs_error(x_list, y_list, bias, weight, ceiling))
        if not math.isfinite(errors[-1]):  # finite weights, error overflowed
            diverged_at = number
            break
        if errors[-1] < tolerance:
            converged = True
            break
    if diverged_at is None and onset(errors) >= 0:  # finite, but rose
        diverged_at = int(onset(errors))
    return Training(
        biases=np.array(biases),
        weights=np.array(weights),
        mean_abs_errors=np.array(errors),
        samples=len(x_list),
        converged=converged,
        diverged_at=diverged_at,
    )


def _samples(x: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    x = _checks.finite_vector(x, "x")
    y = _checks.finite_vector(y, "y")
    _checks.same_length(x, y)
    return x, y


def sweep(
    x: ArrayLike,
    y: ArrayLike,
    learning_rates: ArrayLike,
    iterations: int,
    bias0: float = 0.0,
    weight0: float = 0.0,
    ceiling: float = CEILING,
) -> Sweep:
    """Run :func:`train`'s delta rule at many rates at once, for a fixed number of
    single-sample updates.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Inputs and desired outputs, visited in this order, cyclically.
    learning_rates : array_like, shape (R,)
        Rates, each a finite number > 0.
    iterations : int
        Number of single-sample updates per run, >= 1.
    bias0, weight0 : float
        Starting parameters of every run.
    ceiling : float
        The clip level.

    Returns
    -------
    lrdoc.training.Sweep
        The one sweep result type; its ``losses`` (also ``mean_abs_errors``) are
        the mean absolute errors over all samples after the last update, ``nan``
        where a run's parameters became non-finite, and ``diverged_at`` counts
        updates. The error is measured at the start and after every pass over the
        samples, so a run whose error stayed finite but rose (the rule of
        :mod:`lrdoc.divergence`) has ``diverged_at`` at the end of the first pass
        from which it stayed risen (or ``iterations``).

    Examples
    --------
    >>> x = [60, 40, 100, 300, -50, 310]
    >>> y = [60, 40, 100, 250, -50, 250]
    >>> result = sweep(x, y, [0.0001, 0.001], iterations=1200, bias0=0.05, weight0=0.1)
    >>> result.diverged_at
    array([ nan, 857.])
    >>> round(float(result.weights[0]), 4)
    0.9999
    """
    xs, ys = _samples(x, y)
    rates = _checks.learning_rates(learning_rates)
    iterations = _checks.positive_int(iterations, "iterations")
    _checks.run_size(iterations * rates.size * 2, "iterations × rates × 2")
    passes = iterations // xs.size + 2  # the start, every pass, and the last update
    # the errors at the start and after every pass, the divergence rule's masks over
    # them, and the outputs and errors of every sample for every rate
    _checks.memory(
        f"sweep(iterations={iterations}, rates={rates.size}, samples={xs.size})",
        (3, passes, rates.size),
        (6, xs.size, rates.size),
    )
    ceiling = _checks.finite_number(ceiling, "ceiling")
    bias = np.full(rates.size, _checks.finite_number(bias0, "bias0"))
    weight = np.full(rates.size, _checks.finite_number(weight0, "weight0"))
    diverged_at = np.full(rates.size, np.nan)
    alive = np.ones(rates.size, dtype=bool)

    def errors_now() -> np.ndarray:
        z = bias[:, None] + weight[:, None] * xs
        return np.mean(np.abs(ys - np.where(z > ceiling, ceiling, z)), axis=1)

    curve = np.empty((passes, rates.size))  # at the start and after each pass
    measured_at = np.zeros(passes, dtype=np.int64)
    rows = 1
    with np.errstate(all="ignore"):
        curve[0] = errors_now()
        for t in range(iterations):
            xi, yi = xs[t % xs.size], ys[t % xs.size]
            z = bias + weight * xi
            error = yi - np.where(z > ceiling, ceiling, z)
            bias = bias + rates * error
            weight = weight + rates * error * xi
            if not math.isfinite(bias.sum() + weight.sum()):
                bad = alive & ~(np.isfinite(bias) & np.isfinite(weight))
                diverged_at[bad] = t + 1
                alive &= ~bad
                if not alive.any():
                    break
            if (t + 1) % xs.size == 0 or t + 1 == iterations:
                curve[rows] = errors_now()
                measured_at[rows] = t + 1
                rows += 1
        errors = errors_now()
    errors[~alive] = np.nan
    rose_at = onset(curve[:rows])
    later = alive & (rose_at >= 0)
    diverged_at[later] = measured_at[rose_at[later]]
    return Sweep(
        learning_rates=rates,
        weights=weight,
        biases=bias,
        losses=errors,
        diverged_at=diverged_at,
        loss_curves=None,
        momentum=np.zeros(rates.size),
        shape=rates.shape,
        loss="mean absolute error",
    )


def update_factors(x: ArrayLike, learning_rate: float) -> np.ndarray:
    r"""What one delta-rule update does to its own sample's error, per input.

    While the output is not clipped, the update changes :math:`b + w x` by
    :math:`\eta e (1 + x^2)`, so the new error is :math:`e\,(1 - \eta(1 + x^2))`.
    A factor in (0, 1) shrinks the error, one in (-1, 0) overshoots but shrinks it,
    one below -1 makes it grow.

    Examples
    --------
    >>> update_factors([0, 1, 3], 0.5)
    array([ 0.5,  0. , -4. ])
    """
    x = _checks.finite_vector(x, "x")
    rate = _checks.learning_rate(learning_rate)
    gains = _gains(x)
    with np.errstate(over="ignore"):
        return 1.0 - rate * gains


def _gains(x: np.ndarray) -> np.ndarray:
    """``1 + x**2`` for finite ``x``, refusing inputs whose square overflows."""
    with np.errstate(over="ignore"):
        gains = 1.0 + x * x
    _checks.reject(x, ~np.isfinite(gains), "x", "numbers below 1e154 in size")
    return gains


def stability_bound(x: ArrayLike) -> float:
    r"""The largest rate at which no delta-rule update grows its own sample's error:
    :math:`2 / \max_i (1 + x_i^2)`.

    Below it every factor of :func:`update_factors` lies in (-1, 1). Pass only the
    inputs whose output can overshoot: a sample whose target is the ceiling clips
    instead.

    Examples
    --------
    >>> round(stability_bound([60, 40, 100, -50]), 8)
    0.00019998
    >>> stability_bound([])
    Traceback (most recent call last):
    ...
    ValueError: x must be a non-empty 1-d array, got shape (0,)
    """
    x = _checks.finite_vector(x, "x")
    return float(2.0 / np.max(_gains(x)))
