r"""The learning-rate range test, and fastai's rules for reading a rate off it.

Smith's range test ("Cyclical Learning Rates for Training Neural Networks", WACV 2017,
arXiv:1506.01186) trains for a short while with a rate that grows at every
mini-batch and watches the loss: where the loss starts to fall, falls fastest, and
blows up. :func:`range_test` runs it as fastai's ``Learner.lr_find`` does
(``fastai/callback/schedule.py``, classes ``LRFinder`` and ``AvgSmoothLoss``):

- iteration :math:`k = 0, \dots, N-1` uses the rate
  :math:`\eta_k = \eta_{start}\,(\eta_{end}/\eta_{start})^{k/N}`;
- the loss of each mini-batch is smoothed by a debiased exponential moving average,
  :math:`v_k = \beta v_{k-1} + (1-\beta)\,L_k`, :math:`\bar L_k = v_k/(1-\beta^{k+1})`,
  with :math:`\beta = 0.98`;
- the run stops once :math:`\bar L_k > 4 \min_{j \le k} \bar L_j` (fastai's
  ``stop_div``), or after :math:`N` iterations. lrdoc also stops at the first
  non-finite loss, where fastai trains on with NaN weights; :func:`suggest` reads the
  record as fastai would have.

:func:`range_tests` runs the same test on many models at once (one step function
that steps them all), and gives each the record that :func:`range_test` would.

The three suggestion rules, :func:`minimum`, :func:`steep` and :func:`valley`, are
fastai's, read from its source (fastai 2.x; ``__init__.py`` of the copy read says
2.4.1). :func:`suggest` applies fastai's trimming first: it drops the first
:math:`N/10` and the last 5 points, and everything from the first NaN on.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks

BETA = 0.98
"""fastai's smoothing factor (``AvgSmoothLoss(beta=0.98)``)."""


@dataclass(frozen=True)
class RangeTest:
    """The record of one range test.

    Attributes
    ----------
    rates : numpy.ndarray
        The rate of each iteration run, in order.
    losses : numpy.ndarray
        The smoothed, debiased loss after each iteration (what fastai plots).
    raw_losses : numpy.ndarray
        Each mini-batch's own loss, measured before its update.
    num_it : int
        The planned number of iterations :math:`N`.
    stopped : str
        ``"num_it"`` (ran all :math:`N`), ``"diverged"`` (smoothed loss above 4 times
        its minimum) or ``"non-finite"`` (a loss was inf or NaN).
    """

    rates: np.ndarray
    losses: np.ndarray
    raw_losses: np.ndarray
    num_it: int
    stopped: str


@dataclass(frozen=True)
class Suggestion:
    """A suggested rate, and the point of the curve a plot marks for it.

    Attributes
    ----------
    rate : float
        The suggested learning rate.
    at_rate, at_loss : float
        The point fastai marks: for :func:`minimum` the minimum itself (the
        suggestion is a tenth of ``at_rate``), otherwise the suggestion.
    """

    rate: float
    at_rate: float
    at_loss: float


def _arguments(
    step: object,
    start_lr: object,
    end_lr: object,
    num_it: object,
    stop_div: object,
    beta: object,
) -> tuple[float, float, int, float]:
    """The checked arguments shared by :func:`range_test` and :func:`range_tests`."""
    if not callable(step):
        raise TypeError(f"step must be a function of the rate, got {step!r}")
    start = _checks.learning_rate(start_lr, "start_lr")
    end = _checks.learning_rate(end_lr, "end_lr")
    if end <= start:
        raise ValueError(f"end_lr must be > start_lr, got {end:g} <= {start:g}")
    iterations = max(_checks.positive_int(num_it, "num_it"), 6)
    # per iteration: the rate, the raw and the smoothed loss, each a Python float
    # in a list (about 5 numbers' worth, with the list's spare room) and then an
    # array entry, and a model's copy of its records
    _checks.memory(f"range test with num_it={iterations}", (21, iterations))
    if not isinstance(stop_div, bool):
        raise TypeError(f"stop_div must be True or False, got {stop_div!r}")
    return start, end, iterations, _checks.number_in(beta, "beta", 0.0, 1.0)


def range_test(
    step: Callable[[float], float],
    start_lr: float = 1e-7,
    end_lr: float = 10.0,
    num_it: int = 100,
    stop_div: bool = True,
    beta: float = BETA,
) -> RangeTest:
    r"""Run the range test on ``step``, fastai's ``lr_find`` schedule and stopping rule.

    Parameters
    ----------
    step : callable
        ``step(rate)`` makes one training step on the next mini-batch at that rate
        and returns the mini-batch's loss, measured before the update.
    start_lr, end_lr : float
        The first rate and the rate the ramp would reach at iteration :math:`N`
        (fastai's defaults: 1e-7 and 10).
    num_it : int
        :math:`N`, the number of iterations (fastai raises anything below 6 to 6);
        the records of :math:`N` iterations may not need more memory than
        :data:`lrdoc._checks.MAX_BYTES`.
    stop_div : bool
        Stop once the smoothed loss exceeds 4 times its minimum so far.
    beta : float
        Smoothing factor, in [0, 1).

    Returns
    -------
    RangeTest

    Examples
    --------
    On the loss :math:`L(w) = w^2` with gradient steps from :math:`w = 1`, the loss
    falls while :math:`\eta < 1` and explodes once :math:`\eta > 1`:

    >>> w = [1.0]
    >>> def step(rate):
    ...     loss = w[0] ** 2
    ...     w[0] -= rate * 2 * w[0]
    ...     return loss
    >>> test = range_test(step, start_lr=1e-3, end_lr=10, num_it=100)
    >>> test.stopped, len(test.rates)
    ('diverged', 97)
    >>> float(test.rates[0]), round(float(test.rates[-1]), 3)
    (0.001, 6.918)
    >>> range_test(step, start_lr=10, end_lr=1)
    Traceback (most recent call last):
    ...
    ValueError: end_lr must be > start_lr, got 1 <= 10
    """
    start_lr, end_lr, num_it, beta = _arguments(
        step, start_lr, end_lr, num_it, stop_div, beta
    )
    rates, smoothed, raw = [], [], []
    average, best, stopped = 0.0, math.inf, "num_it"
    for k in range(num_it):
        rate = start_lr * (end_lr / start_lr) ** (k / num_it)
        loss = float(step(rate))
        average = beta * average + (1.0 - beta) * loss
        value = average / (1.0 - beta ** (k + 1))
        rates.append(rate)
        raw.append(loss)
        smoothed.append(value)
        if not math.isfinite(value):
            stopped = "non-finite"
            break
        best = min(best, value)
        if stop_div and value > 4 * best:
            stopped = "diverged"
            break
    return RangeTest(
        np.array(rates), np.array(smoothed), np.array(raw), num_it, stopped
    )


def range_tests(
    step: Callable[[float], ArrayLike],
    start_lr: float = 1e-7,
    end_lr: float = 10.0,
    num_it: int = 100,
    stop_div: bool = True,
    beta: float = BETA,
) -> list[RangeTest]:
    """:func:`range_test` on many models at once, one record per model.

    ``step(rate)`` makes one step of every model at the same rate and returns their
    losses, one per model. Each model's record stops where :func:`range_test` would
    stop it; the others go on. Training a model past its stop changes nothing it
    recorded, so each record equals that model's own :func:`range_test`.

    Examples
    --------
    Two quadratics, :math:`L = w^2` and :math:`L = 4 w^2`: the steeper one blows
    up at a quarter of the rate.

    >>> w = np.array([1.0, 1.0])
    >>> c = np.array([1.0, 4.0])
    >>> def step(rate):
    ...     loss = c * w**2
    ...     w[:] -= rate * 2 * c * w
    ...     return loss
    >>> tests = range_tests(step, start_lr=1e-3, end_lr=10)
    >>> [(t.stopped, len(t.rates)) for t in tests]
    [('diverged', 97), ('diverged', 82)]
    """
    start_lr, end_lr, num_it, beta = _arguments(
        step, start_lr, end_lr, num_it, stop_div, beta
    )
    rates: list[float] = []
    raw: list[np.ndarray] = []
    smoothed: list[np.ndarray] = []
    average: np.ndarray | None = None
    best: np.ndarray | None = None
    ends: np.ndarray | None = None  # per model: the number of iterations recorded
    stopped: list[str] = []
    for k in range(num_it):
        rate = start_lr * (end_lr / start_lr) ** (k / num_it)
        with np.errstate(over="ignore", invalid="ignore"):
            loss = np.asarray(step(rate), dtype=np.float64).reshape(-1)
            if average is None:
                # per iteration and model: the raw and smoothed losses, in a list
                # of arrays (with their views, about 28 numbers' worth per array)
                # and then stacked
                _checks.memory(
                    f"range_tests(num_it={num_it}) of {loss.size} models",
                    (5, num_it, loss.size),
                    (64, num_it),
                )
                average = np.zeros_like(loss)
                best = np.full_like(loss, math.inf)
                ends = np.full(loss.shape, num_it)
                stopped = ["num_it"] * loss.size
            average = beta * average + (1.0 - beta) * loss
            value = average / (1.0 - beta ** (k + 1))
        rates.append(rate)
        raw.append(loss)
        smoothed.append(value)
        assert best is not None and ends is not None
        running = np.array([label == "num_it" for label in stopped])
        for m in np.flatnonzero(running & ~np.isfinite(value)):
            ends[m], stopped[m], running[m] = k + 1, "non-finite", False
        best = np.where(np.isfinite(value), np.minimum(best, value), best)
        if stop_div:
            for m in np.flatnonzero(running & (value > 4 * best)):
                ends[m], stopped[m], running[m] = k + 1, "diverged", False
        if not running.any():
            break
    assert ends is not None
    rates_array, raw_array, smooth_array = (
        np.array(rates),
        np.array(raw),
        np.array(smoothed),
    )
    return [
        RangeTest(
            rates_array[: ends[m]],
            smooth_array[: ends[m], m],
            raw_array[: ends[m], m],
            num_it,
            stopped[m],
        )
        for m in range(len(stopped))
    ]


def _curve(lrs: ArrayLike, losses: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    lrs = _checks.real_array(lrs, "lrs")
    losses = _checks.real_array(losses, "losses")
    if lrs.ndim != 1 or lrs.shape != losses.shape or lrs.size < 2:
        raise ValueError(
            f"lrs and losses must be 1-d of the same length >= 2, got {lrs.shape} "
            f"and {losses.shape}"
        )
    return lrs, losses


def _nearest_loss(lrs: np.ndarray, losses: np.ndarray, rate: float) -> float:
    return float(losses[int(np.argmin(np.abs(lrs - rate)))])


def minimum(lrs: ArrayLike, losses: ArrayLike) -> Suggestion:
    """fastai's ``minimum``: a tenth of the rate at the lowest loss.

    Examples
    --------
    >>> minimum([0.001, 0.01, 0.1, 1.0], [2.0, 1.0, 0.5, 3.0])
    Suggestion(rate=0.01, at_rate=0.1, at_loss=0.5)
    """
    lrs, losses = _curve(lrs, losses)
    lr_min = float(lrs[int(np.argmin(losses))])
    return Suggestion(lr_min / 10, lr_min, _nearest_loss(lrs, losses, lr_min))


def steep(lrs: ArrayLike, losses: ArrayLike) -> Suggestion:
    r"""fastai's ``steep``: the rate where the loss falls fastest against
    :math:`\log\eta`.

    The slope between points :math:`i` and :math:`i+1` is
    :math:`(L_{i+1}-L_i)/(\ln\eta_{i+1}-\ln\eta_i)`; the suggestion is
    :math:`\eta_i` at the most negative slope (the left end of that segment).

    Examples
    --------
    >>> steep([0.001, 0.01, 0.1, 1.0], [2.0, 1.9, 0.5, 3.0])
    Suggestion(rate=0.01, at_rate=0.01, at_loss=1.9)
    """
    lrs, losses = _curve(lrs, losses)
    slopes = np.diff(losses) / np.diff(np.log(lrs))
    lr_steep = float(lrs[int(np.argmin(slopes))])
    return Suggestion(lr_steep, lr_steep, _nearest_loss(lrs, losses, lr_steep))


def valley(lrs: ArrayLike, losses: ArrayLike) -> Suggestion:
    """fastai's ``valley``: the point half-way along the longest valley of the curve.

    fastai finds the longest strictly decreasing subsequence of the losses (its
    "valley"), from ``max_start`` to ``max_end`` in index, and suggests the rate at
    index ``max_start + int(d/3) + int(d/6)``, ``d = max_end - max_start``: about
    half-way along the valley. The loops below are fastai's, quirks included (the
    running maximum is updated inside the inner loop, and ``max_start`` is
    ``max_end`` minus the valley's length, one index before the valley's first
    point). Below, the valley is the first five points, ``max_start`` is -1, and
    the suggestion is the first rate:

    Examples
    --------
    >>> valley([1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0], [3.0, 2.5, 2.0, 1.0, 0.8, 5.0])
    Suggestion(rate=0.0001, at_rate=0.0001, at_loss=3.0)
    """
    lrs, losses = _curve(lrs, losses)
    n = len(losses)
    max_start, max_end = 0, 0
    lds = [1] * n
    for i in range(1, n):
        for j in range(0, i):
            if losses[i] < losses[j] and lds[i] < lds[j] + 1:
                lds[i] = lds[j] + 1
            if lds[max_end] < lds[i]:
                max_end = i
                max_start = max_end - lds[max_end]
    sections = (max_end - max_start) / 3
    idx = max_start + int(sections) + int(sections / 2)
    return Suggestion(float(lrs[idx]), float(lrs[idx]), float(losses[idx]))


SUGGESTIONS: dict[str, Callable[[ArrayLike, ArrayLike], Suggestion]] = {
    "minimum": minimum,
    "steep": steep,
    "valley": valley,
}
"""fastai's suggestion rules, by name."""


def trimmed(test: RangeTest) -> tuple[np.ndarray, np.ndarray]:
    """The part of the curve fastai's ``lr_find`` hands to the suggestion rules.

    It drops the first ``num_it // 10`` points and the last 5, then everything from
    the first NaN on. Where lrdoc stopped at a NaN, fastai would have recorded NaN up
    to ``num_it``; the slice is taken as fastai's would be.

    Examples
    --------
    >>> test = RangeTest(np.geomspace(1e-3, 1, 20), np.linspace(2, 1, 20),
    ...                  np.zeros(20), num_it=20, stopped="num_it")
    >>> lrs, losses = trimmed(test)
    >>> lrs.size, float(losses[0])
    (13, 1.894736842105263)
    """
    if not isinstance(test, RangeTest):
        raise TypeError(f"test must be a RangeTest, got {_checks.show(test)}")
    end = test.num_it - 5 if test.stopped == "non-finite" else len(test.rates) - 5
    lrs = test.rates[test.num_it // 10 : end]
    losses = test.losses[test.num_it // 10 : end]
    nan = np.flatnonzero(np.isnan(losses))
    if nan.size:
        lrs, losses = lrs[: nan[0]], losses[: nan[0]]
    return lrs, losses


def suggest(test: RangeTest) -> dict[str, Suggestion]:
    """Every fastai suggestion for one range test, after fastai's trimming.

    Examples
    --------
    >>> w = [1.0]
    >>> def step(rate):
    ...     loss = w[0] ** 2
    ...     w[0] -= rate * 2 * w[0]
    ...     return loss
    >>> found = suggest(range_test(step, start_lr=1e-3, end_lr=10))
    >>> {name: round(s.rate, 4) for name, s in found.items()}
    {'minimum': 0.4365, 'steep': 0.0479, 'valley': 0.0912}
    """
    if not isinstance(test, RangeTest):
        raise TypeError(f"test must be a RangeTest, got {test!r}")
    lrs, losses = trimmed(test)
    if lrs.size < 2:
        raise ValueError(
            f"test must leave at least 2 points after trimming, got {lrs.size} "
            f"(it stopped after {len(test.rates)} of {test.num_it} iterations)"
        )
    return {name: rule(lrs, losses) for name, rule in SUGGESTIONS.items()}
