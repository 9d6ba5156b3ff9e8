r"""The "Learning Rate" explainer's decay table, as published.

:data:`PUBLISHED` is the table of its section "Learning Rate Decay": five rates, one
per epoch, for an initial rate of 0.2. The article shows its decay formula as an
image. The digits it printed are produced by :func:`recursive_truncated`: the
time-based decay :math:`\eta \leftarrow \eta / (1 + d\,e)` read *recursively* (each
epoch divides the previous epoch's rate, not the initial one) with :math:`d = 0.01`,
each new rate cut to three decimals (:func:`truncate`) before the next epoch uses it.
The article does not print this rule; it is the rule its table follows. Everything
else on the page (the formula, Keras' decay, the iris runs) is lrdoc's, in
:mod:`lrdoc.experiments.decay`.
"""

from __future__ import annotations

import math

from lrdoc import _checks

PUBLISHED = (0.198, 0.194, 0.188, 0.180, 0.171)
"""The article's table: the rate at epochs 1 to 5, from an initial rate of 0.2."""


def truncate(value: float, decimals: int = 3) -> float:
    """Cut ``value`` to ``decimals`` decimals, towards zero.

    Examples
    --------
    >>> truncate(0.1807692), truncate(0.1807692, 2)
    (0.18, 0.18)
    >>> truncate(0.1941176)
    0.194
    >>> truncate(0.5, decimals=10**400)
    Traceback (most recent call last):
    ...
    ValueError: decimals must be <= 15 (a float holds about 15 decimal digits), got an integer with 401 digits
    """
    decimals = _checks.non_negative_int(decimals, "decimals")
    if decimals > 15:
        raise ValueError(
            "decimals must be <= 15 (a float holds about 15 decimal digits), "
            f"got {_checks.show(decimals)}"
        )
    scale = 10**decimals
    # the small nudge keeps 0.171 * 1000 = 170.99999999999997 at 171
    return math.floor(_checks.finite_number(value, "value") * scale + 1e-9) / scale


def recursive_truncated(
    initial: float = 0.2, decay: float = 0.01, epochs: int = 5
) -> list[float]:
    r"""The published rule, :math:`\alpha_e = \mathrm{trunc}_3(\alpha_{e-1}/(1+d\,e))`.

    Parameters
    ----------
    initial : float
        :math:`\alpha_0`.
    decay : float
        :math:`d \geq 0`.
    epochs : int
        How many epochs, from 1.

    Examples
    --------
    >>> recursive_truncated()
    [0.198, 0.194, 0.188, 0.18, 0.171]
    >>> tuple(recursive_truncated()) == PUBLISHED
    True
    """
    rate = _checks.learning_rate(initial, "initial")
    decay = _checks.finite_number(decay, "decay")
    if decay < 0:
        raise ValueError(f"decay must be >= 0, got {decay!r}")
    epochs = _checks.positive_int(epochs, "epochs")
    _checks.memory(f"recursive_truncated(epochs={epochs})", (6, epochs))  # floats
    if epochs > 100_000:
        raise ValueError(f"epochs must be at most 100000, got {epochs}")
    rates = []
    for epoch in range(1, epochs + 1):
        rate = truncate(rate / (1.0 + decay * epoch))
        rates.append(rate)
    return rates
