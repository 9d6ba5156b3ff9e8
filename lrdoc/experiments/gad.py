"""Every result on the page about Ahmed Gad's one-neuron perceptron: around the
published program (:mod:`lrdoc.replicas.gad`), its error, factors and bounds, a sweep
of rates, the weight paths, and the corrected program on :mod:`lrdoc.perceptron`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from lrdoc import _checks, perceptron
from lrdoc.experiments import Erratum
from lrdoc.experiments._store import stored
from lrdoc.replicas import gad
from lrdoc.tables import format_table

ERRATA = (
    Erratum("gad", "product", "0.001 × 3237 in the text", "3.327", "3.237"),
    Erratum("gad", "target", "target for the input 100", "150", "100"),
)
"""The article's arithmetic slip, and the training target its own text contradicts."""

SWEEP_RATES = np.geomspace(1e-6, 1e-2, 401)
"""The rates of :func:`rate_sweep`: 401 from a millionth to 0.01, evenly on a log axis."""

SWEEP_UPDATES = 2002
"""Updates per run in the sweep and the weight paths: as many as the article's loop made."""

PATH_RATES = (None, 0.001, 0.0004, 0.0001, 0.00001, 0.000001)
"""Rates of :func:`weight_paths`; ``None`` is the article's "no learning rate"."""

CAN_OVERSHOOT = gad.INPUTS[gad.DESIRED_OUTPUT < 250]
"""The inputs whose published target is below the clip, 250."""


def _span(values: np.ndarray) -> tuple[float, float]:
    """The smallest and the largest of ``values``."""
    return float(np.min(values)), float(np.max(values))


def described_targets() -> np.ndarray:
    """The targets the article's text describes: each input, clipped at 250."""
    return np.minimum(gad.INPUTS, 250)


def training_error(weights: np.ndarray) -> np.ndarray:
    """Mean absolute error of the published neuron over all six training samples.

    Parameters
    ----------
    weights : numpy.ndarray, shape (2,) or (R, 2)
        ``[bias, weight]`` pairs.

    Returns
    -------
    numpy.ndarray
        One error per pair (the article's loop never measures it).

    Examples
    --------
    >>> training_error(np.array([[0.0, 1.0], [50.0, 1.0]]))
    array([ 8.33333333, 25.        ])
    """
    weights = _checks.real_array(weights, "weights")
    if weights.shape[-1:] != (2,) or weights.ndim > 2:
        raise ValueError(f"weights must have shape (2,) or (R, 2), got {weights.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        z = weights[..., :1] + weights[..., 1:] * gad.INPUTS
        outputs = perceptron.clipped_linear(z)
        return np.mean(np.abs(gad.DESIRED_OUTPUT - outputs), axis=-1)


def published_paths(
    rates: np.ndarray,
    updates: int = SWEEP_UPDATES,
    targets: np.ndarray = gad.DESIRED_OUTPUT,
) -> np.ndarray:
    """The published update at many rates at once, without its stopping rule.

    Parameters
    ----------
    rates : numpy.ndarray, shape (R,)
        A rate of 1 is the run with no rate.
    updates : int
    targets : numpy.ndarray
        In place of the published desired outputs.

    Returns
    -------
    numpy.ndarray, shape (updates + 1, R, 2)
        ``[bias, weight]`` before the first update and after each.
    """
    rates = np.asarray(rates, dtype=float)
    history = np.empty((updates + 1, rates.size, 2))
    history[0] = gad.INITIAL_WEIGHTS
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(updates):
            idx = t % gad.INPUTS.size
            z = history[t, :, 0] + history[t, :, 1] * gad.INPUTS[idx]
            predicted = perceptron.clipped_linear(z)
            change = rates * (targets[idx] - predicted) * gad.INPUTS[idx]
            history[t + 1] = history[t] + change[:, None]
    return history


def update_factor(rate: float | None, inputs: np.ndarray = gad.INPUTS) -> np.ndarray:
    r"""What one published update multiplies its own sample's error by, per input,
    while the output is not clipped: :math:`1 - \eta x (1 + x)` (no rate: 1).
    """
    eta = 1.0 if rate is None else float(rate)
    x = np.asarray(inputs, dtype=float)
    return 1.0 - eta * x * (1.0 + x)


def per_update_bound(inputs: np.ndarray = gad.INPUTS) -> float:
    r"""The largest rate at which no published update grows its own sample's error,
    :math:`2 / \max_i x_i(1 + x_i)`."""
    x = np.asarray(inputs, dtype=float)
    return float(2.0 / np.max(x * (1.0 + x)))


@dataclass(frozen=True)
class NoRate:
    """The published loop with the rate left out: the input weight's growth over a
    pass (update 12 over update 6) and its relative change over updates 7 to 9; the
    later updates on 60, 40 and 100 that still changed it in float64; the inputs
    left unclipped after pass 1; ``w - b`` after update 5 and its largest size later
    (0.05 in exact arithmetic); the product of the factors of -50 and 310; the first
    update with an infinite and a nan weight; and how the loop ended."""

    pass_growth: float
    relative_change: float
    later_changes: int
    unclipped_after_pass_1: tuple[int, ...]
    float_difference: tuple[float, float]
    factor_product: int
    first_infinite: int
    first_nan: int
    iterations: int
    error: float
    stopped: bool


@functools.cache
def no_rate() -> NoRate:
    """The article's first experiment: no learning rate."""
    run = gad.training_loop(learning_rate=None)
    weights = run.trajectory
    w = [s.weights[1] for s in run.steps]
    first_infinite = int(np.argmax(~np.isfinite(weights).all(axis=1)))
    later = [
        t
        for t in range(13, first_infinite)
        if gad.INPUTS[(t - 1) % gad.INPUTS.size] in (60, 40, 100)
    ]
    unclipped = [
        s.input
        for s in run.steps[gad.INPUTS.size : first_infinite - 1]
        if s.predicted != 250
    ]
    difference = weights[:first_infinite, 1] - weights[:first_infinite, 0]
    return NoRate(
        pass_growth=float(w[11] / w[5]),
        relative_change=float((w[8] - w[5]) / w[5]),
        later_changes=sum(int(weights[t, 1] != weights[t - 1, 1]) for t in later),
        unclipped_after_pass_1=tuple(int(x) for x in dict.fromkeys(unclipped)),
        float_difference=(float(difference[5]), float(np.abs(difference[6:]).max())),
        factor_product=int(np.prod(update_factor(None, np.array([-50, 310])))),
        first_infinite=first_infinite,
        first_nan=int(np.argmax(np.isnan(weights).any(axis=1))),
        iterations=run.iterations,
        error=float(run.error),
        stopped=run.stopped,
    )


@dataclass(frozen=True)
class Published:
    """The published loop at the article's rate: what it returned, its outputs for
    the test inputs and their errors, the mean test and training errors, the range
    of ``w - b``, the last 4 updates ``(update, input, error)``, the first update
    below an error of 0.1, and the input weight had the target for the input 100
    been the one the text describes."""

    iterations: int
    error: float
    weights: np.ndarray
    predicted: np.ndarray
    test_errors: np.ndarray
    test_error: float
    train_error: float
    difference_range: tuple[float, float]
    last_steps: list[tuple[int, int, float]]
    first_below_0_1: tuple[int, int]
    text_target_weight: float


@functools.cache
def published() -> Published:
    """The article's program as published, at its rate 0.00001."""
    run = gad.training_loop()
    predicted = gad.predict_new_inputs(run.weights)
    errors = np.abs(predicted - gad.TEST_OUTPUTS)
    rate = np.array([gad.LEARNING_RATE])
    text = published_paths(rate, run.iterations, described_targets())
    return Published(
        iterations=run.iterations,
        error=float(run.error),
        weights=run.weights,
        predicted=predicted,
        test_errors=errors,
        test_error=float(np.mean(errors)),
        train_error=float(training_error(run.weights)),
        difference_range=_span(run.trajectory @ np.array([-1.0, 1.0])),
        last_steps=[(s.iteration, s.input, round(s.error, 2)) for s in run.steps[-4:]],
        first_below_0_1=next(
            (s.iteration, s.input) for s in run.steps if s.error < 0.1
        ),
        text_target_weight=float(text[-1, 0, 1]),
    )


@dataclass(frozen=True)
class Corrected:
    r"""The published program beside the corrected one (delta rule, the text's
    targets, the mean error over all samples as the stopping rule): how the corrected
    run ended and its parameters, both programs' test outputs and a table of both,
    both neurons' outputs from -200 to 600 for the figure, its error after as many
    updates as the published loop, the inputs it clips and the others, the slow
    curvature (smaller eigenvalue of :math:`\sum_i [1, x_i; x_i, x_i^2]` over the
    unclipped inputs), the factor per pass in that direction, and from the first pass
    past the published updates the passes that factor predicts to the threshold."""

    status: str
    iterations: int
    bias: float
    weight: float
    predicted: np.ndarray
    test_inputs: np.ndarray
    published_predicted: np.ndarray
    table: str
    x: np.ndarray
    expected: np.ndarray
    published_curve: np.ndarray
    corrected_curve: np.ndarray
    error_at_published_updates: float
    clipped: np.ndarray
    unclipped: np.ndarray
    slow_curvature: float
    pass_factor: float
    start_pass: int
    start_error: float
    predicted_passes: float


@stored
def corrected() -> Corrected:
    """The corrected program at the article's rate, from its starting weights."""
    run = published()
    targets, rate = described_targets(), gad.LEARNING_RATE
    fixed = perceptron.train(gad.INPUTS, targets, rate, bias0=0.05, weight0=0.1)
    b, w = float(fixed.biases[-1]), float(fixed.weights[-1])
    ours = perceptron.predict(gad.TEST_INPUTS, b, w)
    rows = [
        ("updates", run.iterations, fixed.iterations),
        ("bias b", f"{run.weights[0]:.4f}", f"{b:.4f}"),
        ("weight w", f"{run.weights[1]:.5f}", f"{w:.5f}"),
        ("train error", f"{run.train_error:.4f}", f"{fixed.mean_abs_errors[-1]:.4f}"),
    ] + [
        (f"test {x} (want {y})", f"{p:.2f}", f"{q:.2f}")
        for x, y, p, q in zip(
            gad.TEST_INPUTS, gad.TEST_OUTPUTS, run.predicted, ours, strict=True
        )
    ]
    x = np.linspace(-200.0, 600.0, 801)
    same = perceptron.sweep(
        gad.INPUTS, targets, [rate], run.iterations, bias0=0.05, weight0=0.1
    )
    clips = b + w * gad.INPUTS > perceptron.CEILING
    unclipped = gad.INPUTS[~clips]
    curvature = sum(np.outer([1.0, xi], [1.0, xi]) for xi in unclipped.astype(float))
    pass_map = np.eye(2)  # one pass over the unclipped inputs, as a linear map
    for xi in unclipped.astype(float):
        pass_map = (np.eye(2) - rate * np.outer([1.0, xi], [1.0, xi])) @ pass_map
    factor = float(np.max(np.abs(np.linalg.eigvals(pass_map))))
    start_pass = -(-run.iterations // gad.INPUTS.size)
    start_error = float(fixed.mean_abs_errors[start_pass])
    return Corrected(
        status=fixed.status,
        iterations=fixed.iterations,
        bias=b,
        weight=w,
        predicted=ours,
        test_inputs=gad.TEST_INPUTS,
        published_predicted=run.predicted,
        table=format_table(["", "published", "corrected"], rows),
        x=x,
        expected=np.minimum(x, 250.0),
        published_curve=perceptron.predict(x, run.weights[0], run.weights[1]),
        corrected_curve=perceptron.predict(x, b, w),
        error_at_published_updates=float(same.mean_abs_errors[0]),
        clipped=gad.INPUTS[clips],
        unclipped=unclipped,
        slow_curvature=float(np.linalg.eigvalsh(curvature)[0]),
        pass_factor=factor,
        start_pass=start_pass,
        start_error=start_error,
        predicted_passes=float(
            start_pass + np.log(start_error / gad.TOLERANCE) / -np.log(factor)
        ),
    )


@dataclass(frozen=True)
class Bounds:
    r"""Per-update factors and bounds on the rate for the published update:
    :func:`per_update_bound` and the delta rule's :math:`2/\max(1 + x^2)`; the
    factors at no rate and at the article's; the largest rate whose factors are all
    >= 0; the article's rate over the bound; the inputs that can overshoot and their
    bound; at a rate between the two bounds, the factor of the input 100 and the
    product of the factors of those inputs."""

    bound: float
    delta_rule_bound: float
    factors_no_rate: np.ndarray
    factors_article: np.ndarray
    monotone_limit: float
    article_over_bound: float
    can_overshoot: np.ndarray
    bound_without_clipped: float
    overshoot_rate: float
    factor_100_at_0_0003: float
    pass_product_at_0_0003: float


@functools.cache
def bounds() -> Bounds:
    """What one update does to its own sample's error, and the bounds that follow."""
    factors = update_factor(0.0003)
    bound = per_update_bound()
    return Bounds(
        bound=bound,
        delta_rule_bound=perceptron.stability_bound(gad.INPUTS),
        factors_no_rate=update_factor(None),
        factors_article=update_factor(gad.LEARNING_RATE),
        monotone_limit=1 / (310 * 311),
        article_over_bound=gad.LEARNING_RATE / bound,
        can_overshoot=CAN_OVERSHOOT,
        bound_without_clipped=per_update_bound(CAN_OVERSHOOT),
        overshoot_rate=0.0003,
        factor_100_at_0_0003=float(factors[2]),
        pass_product_at_0_0003=float(np.prod(factors[gad.DESIRED_OUTPUT < 250])),
    )


@dataclass(frozen=True)
class RateSweep:
    """The training error of the published and the corrected program (delta rule,
    the text's targets) after :data:`SWEEP_UPDATES` updates at each of
    :data:`SWEEP_RATES`: each at the start, where it stops shrinking (published: the
    last rate that shrank and the first that grew; corrected: the first that grew and
    the last that shrank), its range up to ``calm_limit``, and the rates the figure
    marks."""

    rates: np.ndarray
    published: np.ndarray
    corrected: np.ndarray
    published_start: float
    corrected_start: float
    published_edge: tuple[float, float]
    corrected_edge: tuple[float, float]
    published_at_edge: float
    calm_limit: float
    published_range: tuple[float, float]
    corrected_range: tuple[float, float]
    bound: float
    bound_without_clipped: float
    article_rate: float


@stored
def rate_sweep() -> RateSweep:
    """Both programs at every rate of :data:`SWEEP_RATES`, no stopping rule."""
    rates = SWEEP_RATES
    published_errors = training_error(published_paths(rates)[-1])
    targets = described_targets()
    fixed = perceptron.sweep(
        gad.INPUTS, targets, rates, SWEEP_UPDATES, bias0=0.05, weight0=0.1
    )
    corrected_errors = fixed.mean_abs_errors
    p_start = float(training_error(gad.INITIAL_WEIGHTS))
    start = perceptron.predict(gad.INPUTS, 0.05, 0.1)
    c_start = float(np.mean(np.abs(targets - start)))
    p_grew = ~(published_errors < p_start)
    c_grew = ~(corrected_errors < c_start)
    calm_limit = 1e-4
    kept = rates <= calm_limit
    last_shrunk = int(np.flatnonzero(~p_grew).max())
    return RateSweep(
        rates=rates,
        published=published_errors,
        corrected=corrected_errors,
        published_start=p_start,
        corrected_start=c_start,
        published_edge=(float(rates[last_shrunk]), float(rates[p_grew].min())),
        corrected_edge=(float(rates[c_grew].min()), float(rates[~c_grew].max())),
        published_at_edge=float(published_errors[last_shrunk]),
        calm_limit=calm_limit,
        published_range=_span(published_errors[kept]),
        corrected_range=_span(corrected_errors[kept]),
        bound=per_update_bound(),
        bound_without_clipped=per_update_bound(CAN_OVERSHOOT),
        article_rate=gad.LEARNING_RATE,
    )


@dataclass(frozen=True)
class WeightPaths:
    """The input weight of the published program after every update at each of
    :data:`PATH_RATES`, the first update after which it is not finite (None: never),
    and for the runs that stay finite its smallest, largest and last value over the
    last 6 updates."""

    rates: tuple[float | None, ...]
    weight: np.ndarray
    first_non_finite: tuple[int | None, ...]
    last_pass: tuple[tuple[float, float, float] | None, ...]


@functools.cache
def weight_paths() -> WeightPaths:
    """The weight paths of the published update at :data:`PATH_RATES`."""
    rates = np.array([1.0 if r is None else r for r in PATH_RATES])
    weight = published_paths(rates)[:, :, 1]
    finite = np.isfinite(weight)
    first = tuple(
        None if finite[:, i].all() else int(np.argmin(finite[:, i]))
        for i in range(rates.size)
    )
    last = tuple(
        None if f is not None else (*_span(weight[-6:, i]), float(weight[-1, i]))
        for i, f in enumerate(first)
    )
    return WeightPaths(PATH_RATES, weight, first, last)
