"""The one rule that says whether a run diverged.

A run *diverged* when, at its end,

- its loss is not a finite number (it overflowed), or
- its loss *rose*: the last loss is above :data:`FLOOR` and more than :data:`GROWTH`
  times the first loss, or
- its loss *saturated*: the loss has a ceiling (the clipped cross-entropy's,
  :data:`lrdoc.nn.losses.CEILING`), and the last loss is at least
  :data:`SATURATION` times it and no lower than the first. There the clip has
  zeroed the gradient of the samples it holds, so the loss is pinned and no
  further step brings it down.

Every trainer applies this rule to the run it records (:mod:`lrdoc.training`,
:mod:`lrdoc.perceptron`, :func:`lrdoc.nn.fit` for a network and for a stack) and
says so in the record's ``diverged_at`` and ``status``, never a plain "finished".
A run that rose or saturated keeps every epoch it ran; its ``diverged_at`` is the
first recorded epoch from which the rule holds to the end (:func:`onset`). The
rule is stated for readers in ``docs/reference/errors.md``.

Examples
--------
>>> rose(1.29, 1.26e25)
True
>>> rose(1.29, 0.5)
False
>>> describe(1.29, 1.26e25)
'diverged: loss rose from 1.29 to 1.26e+25'
>>> describe(1.31, 10.745, ceiling=16.118)
'diverged: loss saturated at 10.7 (ceiling 16.1 of the clipped loss)'
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks

__all__ = [
    "FLOOR",
    "GROWTH",
    "SATURATION",
    "describe",
    "diverged",
    "onset",
    "rose",
    "saturated",
]

GROWTH = 1e3
"""A final loss more than this many times the initial loss counts as divergence."""

FLOOR = 1e-6
"""Final losses at or below this never count as divergence (noise around zero)."""

SATURATION = 0.25
"""A final loss at least this share of the loss's ceiling counts as divergence. For
the clipped cross-entropy (ceiling :math:`-\\ln\\varepsilon`) a mean loss of a
quarter of it means the targets' probabilities average, geometrically, at most
:math:`\\varepsilon^{1/4} \\approx 0.018`; an untrained network with k classes
starts at :math:`\\ln k`, far below it for any k under 56."""


def _ends(
    initial: object, final: object, ceiling: object
) -> tuple[float, float, float]:
    """The checked arguments of the rule: real numbers (a non-finite loss is what
    the rule looks for) and a ceiling > 0, infinity for none."""
    start = _checks.real_number(initial, "initial")
    end = _checks.real_number(final, "final")
    top = _checks.real_number(ceiling, "ceiling")
    if not top > 0:
        raise ValueError(
            f"ceiling must be > 0 (inf for none), got {_checks.show(ceiling)}"
        )
    return start, end, top


def _past(initial: ArrayLike, final: ArrayLike, ceiling: float) -> np.ndarray:
    """The rule, elementwise: non-finite, rose, or saturated."""
    start = np.maximum(np.asarray(initial, dtype=float), 0.0)
    end = np.asarray(final, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        grew = (end > FLOOR) & (end > GROWTH * start)
        full = (end >= SATURATION * ceiling) & (end >= start)
    return ~np.isfinite(end) | grew | full


def rose(initial: float, final: float) -> bool:
    """Whether a loss that went from ``initial`` to ``final`` diverged by growth
    (or overflow); a loss without a ceiling.

    Examples
    --------
    >>> rose(2.0, 2.0e4), rose(2.0, 1.9e3), rose(1.0, float("inf"))
    (True, False, True)
    """
    initial, final, _ = _ends(initial, final, math.inf)
    return bool(_past(initial, final, math.inf))


def saturated(initial: float, final: float, ceiling: float) -> bool:
    """Whether a loss that went from ``initial`` to a finite ``final`` is pinned at
    its ``ceiling``: at least :data:`SATURATION` times it, and not below ``initial``.

    Examples
    --------
    >>> saturated(1.3, 10.745, 16.118), saturated(10.4, 9.98, 16.118)
    (True, False)
    >>> saturated(1.3, 1.1, 16.118), saturated(1.3, 9.0, math.inf)
    (False, False)
    """
    initial, final, ceiling = _ends(initial, final, ceiling)
    return (
        math.isfinite(final)
        and final >= SATURATION * ceiling
        and final >= max(initial, 0.0)
    )


def diverged(initial: float, final: float, ceiling: float = math.inf) -> bool:
    """Whether a run whose loss went from ``initial`` to ``final`` diverged: the
    whole rule, for a loss whose values are at most ``ceiling``.

    Examples
    --------
    >>> diverged(1.3, 10.745, ceiling=16.118), diverged(1.3, 10.745)
    (True, False)
    """
    initial, final, ceiling = _ends(initial, final, ceiling)
    return bool(_past(initial, final, ceiling))


def onset(curves: ArrayLike, ceiling: float = math.inf) -> np.ndarray:
    """Per run, the first row of ``curves`` from which the rule holds to the end.

    ``curves`` holds one loss per recorded epoch, shape ``(T,)`` or ``(T, R)``
    (one column per run); row 0 is the initial loss the rule compares against.
    A run whose last loss does not satisfy the rule gets -1.

    Examples
    --------
    >>> onset([1.0, 5.0, 2e3, 3e4, 4e5])
    array(2)
    >>> onset([[1.0, 1.0], [0.5, 2e4], [0.1, 10.0]])
    array([-1, -1])
    """
    loss = _checks.read_array(curves, "curves")
    if loss.ndim not in (1, 2) or loss.shape[0] == 0:
        raise ValueError(
            f"curves must have shape (T,) or (T, R) with T >= 1, got {loss.shape}"
        )
    _, _, ceiling = _ends(0.0, 0.0, ceiling)
    flat = loss.reshape(loss.shape[0], -1)
    past = _past(flat[:1], flat, ceiling)
    holds = np.flip(np.logical_and.accumulate(np.flip(past, 0), 0), 0)
    first = np.where(holds[-1], np.argmax(holds, axis=0), -1)
    return first.reshape(loss.shape[1:])


def describe(initial: float, final: float, ceiling: float = math.inf) -> str:
    """The status line of a run that diverged with a finite last loss.

    Examples
    --------
    >>> describe(0.5, 1e9)
    'diverged: loss rose from 0.5 to 1e+09'
    """
    initial, final, ceiling = _ends(initial, final, ceiling)
    final = _checks.finite_number(final, "final")
    if saturated(initial, final, ceiling):
        return (
            f"diverged: loss saturated at {final:.3g} "
            f"(ceiling {ceiling:.3g} of the clipped loss)"
        )
    return f"diverged: loss rose from {initial:.3g} to {final:.3g}"
