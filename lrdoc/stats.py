"""Statistics for comparisons over seeds: when does one setting beat another?

A page says that one setting beats another only if it wins on more seeds and the
sign test below gives less than :data:`BEATS_LEVEL`.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks

BEATS_LEVEL = 0.05
"""A page says X beats Y only if X wins more seeds and the sign test gives less."""


def sign_test(wins: int, losses: int) -> float:
    """Two-sided exact sign test: the chance, if neither side is better, of a split
    at least this uneven among the seeds that differ (ties are left out).

    Parameters
    ----------
    wins, losses : int
        The seeds on which one side did better, and those on which it did worse.

    Examples
    --------
    >>> round(sign_test(8, 0), 4), round(sign_test(18, 17), 2)
    (0.0078, 1.0)
    >>> sign_test(0, 0)
    1.0
    >>> sign_test(-1, 0)
    Traceback (most recent call last):
    ...
    ValueError: wins must be >= 0, got -1
    """
    n_wins = _checks.non_negative_int(wins, "wins")
    n_losses = _checks.non_negative_int(losses, "losses")
    n = n_wins + n_losses
    if n == 0:
        return 1.0
    k = min(n_wins, n_losses)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return min(1.0, 2.0 * tail)


def record(scores: ArrayLike, others: ArrayLike) -> tuple[int, int, int]:
    """Seed by seed, how many ``scores`` are higher than, equal to (within 1e-12)
    and lower than ``others``: the wins, ties and losses :func:`sign_test` reads.

    Parameters
    ----------
    scores, others : array_like
        One score per seed (a test accuracy, say), both in the same seed order.

    Returns
    -------
    tuple of int
        Wins, ties and losses.

    Examples
    --------
    >>> record([0.5, 0.6, 0.7], [0.6, 0.6 + 1e-15, 0.6])
    (1, 1, 1)
    >>> record([0.5], [0.5, 0.6])
    Traceback (most recent call last):
    ...
    ValueError: scores and others must have the same shape, got (1,) and (2,)
    """
    a, b = np.asarray(scores, dtype=float), np.asarray(others, dtype=float)
    if a.shape != b.shape:
        raise ValueError(
            f"scores and others must have the same shape, got {a.shape} and {b.shape}"
        )
    wins = int(np.sum(a > b + 1e-12))
    losses = int(np.sum(a < b - 1e-12))
    return wins, a.size - wins - losses, losses


def verdict(wins: int, losses: int) -> str:
    """``"beats"``, ``"loses"`` or ``"not distinguishable"``: the sign test at
    :data:`BEATS_LEVEL`.

    Examples
    --------
    >>> verdict(30, 10), verdict(18, 17), verdict(2, 38)
    ('beats', 'not distinguishable', 'loses')
    """
    if sign_test(wins, losses) >= BEATS_LEVEL:
        return "not distinguishable"
    return "beats" if wins > losses else "loses"
