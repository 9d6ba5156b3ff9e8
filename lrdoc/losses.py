"""Losses: how far predictions are from targets."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks


def mse(prediction: ArrayLike, y: ArrayLike) -> np.ndarray | float:
    r"""Mean squared error over the last axis, :math:`\frac1n\sum_i(\hat y_i-y_i)^2`.

    Parameters
    ----------
    prediction : array_like, shape (n,) or (R, n)
        Predictions, one row per model.
    y : array_like, shape (n,)
        Targets.

    Returns
    -------
    float or numpy.ndarray
        A float for one model, an array of shape ``(R,)`` for ``R`` models.

    Examples
    --------
    >>> mse([1.0, 2.0], [1.0, 4.0])
    2.0
    >>> mse([[0.0, 0.0], [1.0, 2.0]], [1.0, 2.0])
    array([2.5, 0. ])
    >>> mse([1.0], [1.0, 4.0])
    Traceback (most recent call last):
    ...
    ValueError: prediction must have n = 2 entries in its last axis (one per target), got shape (1,)
    """
    targets = _checks.finite_vector(y, "y")
    predictions = _checks.real_array(prediction, "prediction")
    if predictions.ndim not in (1, 2) or predictions.shape[-1] != targets.size:
        raise ValueError(
            f"prediction must have n = {targets.size} entries in its last axis "
            f"(one per target), got shape {predictions.shape}"
        )
    if predictions.size == 0:
        raise ValueError(f"prediction must not be empty, got shape {predictions.shape}")
    _checks.reject(
        predictions, ~np.isfinite(predictions), "prediction", "finite numbers"
    )
    with np.errstate(over="ignore"):  # a huge error gives an infinite loss
        loss = _mean_square((predictions - targets).T)
    return float(loss) if loss.ndim == 0 else loss


def _mean_square(residual: np.ndarray) -> np.ndarray:
    """Mean of ``residual**2`` over the first axis (samples first, shape ``(n, R)``):
    the kernel the trainers run."""
    return np.square(residual).sum(axis=0) / residual.shape[0]
