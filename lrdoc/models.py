"""Models: functions from inputs and parameters to predictions."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks


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
    >>> linear([1.0, 2.0], [1.0, 2.0], [0.0])
    Traceback (most recent call last):
    ...
    ValueError: w and b must have the same shape, got (2,) and (1,)
    """
    x = _checks.finite_vector(x, "x")
    w, b = parameters(w, b)
    with np.errstate(over="ignore", invalid="ignore"):  # huge values give inf
        return _linear(x, w, b).T


def parameters(w: ArrayLike, b: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """``w`` and ``b`` as float64 arrays: both scalars, or both 1-d of one length.

    Examples
    --------
    >>> parameters(1, 2.5)
    (array(1.), array(2.5))
    >>> parameters(None, 0.0)
    Traceback (most recent call last):
    ...
    TypeError: w must hold real numbers, got an array of dtype object
    """
    w_array = _checks.real_array(w, "w")
    b_array = _checks.real_array(b, "b")
    for name, array in (("w", w_array), ("b", b_array)):
        if array.ndim > 1 or array.size == 0:
            raise ValueError(
                f"{name} must be a number or a non-empty 1-d array, got shape "
                f"{array.shape}"
            )
        _checks.reject(array, ~np.isfinite(array), name, "finite numbers")
    if w_array.shape != b_array.shape:
        raise ValueError(
            f"w and b must have the same shape, got {w_array.shape} and {b_array.shape}"
        )
    return w_array, b_array


def _linear(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """:func:`linear` on float64 arrays, laid out samples first, shape ``(n, R)``.

    The kernel the trainers run: one column per model keeps every reduction over
    samples fast for many models at once.
    """
    return np.multiply.outer(x, w) + b
