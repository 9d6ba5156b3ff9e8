"""The one rule that says whether a run diverged.

A run *diverged* when its loss became non-finite, or when its last loss is more
than :data:`GROWTH` times its first loss and above :data:`FLOOR`. Every trainer
reports such a run as diverged, never as a plain "finished".

Examples
--------
>>> rose(1.29, 1.26e25)
True
>>> rose(1.29, 0.5)
False
>>> describe(1.29, 1.26e25)
'diverged: loss rose from 1.29 to 1.26e+25'
"""

from __future__ import annotations

import math

__all__ = ["FLOOR", "GROWTH", "describe", "rose"]

GROWTH = 1e3
"""A final loss more than this many times the initial loss counts as divergence."""

FLOOR = 1e-6
"""Final losses at or below this never count as divergence (noise around zero)."""


def rose(initial: float, final: float) -> bool:
    """Whether a loss that went from ``initial`` to ``final`` diverged.

    Examples
    --------
    >>> rose(2.0, 2.0e4), rose(2.0, 1.9e3), rose(1.0, float("inf"))
    (True, False, True)
    """
    if not math.isfinite(final):
        return True
    return final > FLOOR and final > GROWTH * max(initial, 0.0)


def describe(initial: float, final: float) -> str:
    """The status line of a run whose loss rose from ``initial`` to ``final``.

    Examples
    --------
    >>> describe(0.5, 1e9)
    'diverged: loss rose from 0.5 to 1e+09'
    """
    return f"diverged: loss rose from {initial:.3g} to {final:.3g}"
