"""Models: functions from inputs and parameters to predictions."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def linear(x: ArrayLike, w: ArrayLike, b: ArrayLike) -> np.ndarray:
    r"""The one-input linear model :math:`\hat y = w x + b`.

    ``w`` and ``b`` may be scalars or 1-d arrays of equal length ``R`` (one model per
    entry, for sweeping many models at once); the result then has shape ``(R, n)``.

    Parameters
    ----------
    x : array_like, shape (n,)
        Inputs.
    w, b : float or array_like, shape (R,)
        Weight and bias.

    Returns
    -------
    numpy.ndarray
        Predictions, shape ``(n,)`` or ``(R, n)``.

    Examples
    --------
    >>> linear([1.0, 2.0], 3.0, 0.5)
    array([3.5, 6.5])
    >>> linear([1.0, 2.0], [1.0, 2.0], [0.0, 0.0])
    array([[1., 2.],
           [2., 4.]])
    """
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return _linear(x, w, b).T


def _linear(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """:func:`linear` on float64 arrays, laid out samples first, shape ``(n, R)``.

    The kernel the trainers run: one column per model keeps every reduction over
    samples fast for many models at once.
    """
    return np.multiply.outer(x, w) + b
