"""Losses: how far predictions are from targets."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


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
    """
    error = np.asarray(prediction, dtype=np.float64) - np.asarray(y, dtype=np.float64)
    loss = _mean_square(error.T)
    return float(loss) if loss.ndim == 0 else loss


def _mean_square(residual: np.ndarray) -> np.ndarray:
    """Mean of ``residual**2`` over the first axis (samples first, shape ``(n, R)``):
    the kernel the trainers run."""
    return np.square(residual).sum(axis=0) / residual.shape[0]
