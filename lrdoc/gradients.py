"""Gradients: exact ones, and finite differences to check them."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks
from lrdoc.models import _linear, parameters


def mse_linear(
    x: ArrayLike, y: ArrayLike, w: ArrayLike, b: ArrayLike
) -> tuple[np.ndarray | float, np.ndarray | float]:
    r"""Exact gradient of the MSE of :math:`\hat y = wx + b` with respect to w and b.

    .. math::

        \frac{\partial L}{\partial w} = \frac2n\sum_i (w x_i + b - y_i)\,x_i, \qquad
        \frac{\partial L}{\partial b} = \frac2n\sum_i (w x_i + b - y_i)

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Inputs and targets.
    w, b : float or array_like, shape (R,)
        Parameters; arrays give one gradient per model.

    Returns
    -------
    (dw, db)
        Floats for one model, arrays of shape ``(R,)`` for ``R`` models.

    Examples
    --------
    At w = b = 0 on y = 3x, x = 1..4 the weight's gradient is -45:

    >>> mse_linear([1, 2, 3, 4], [3, 6, 9, 12], 0.0, 0.0)
    (-45.0, -15.0)
    >>> mse_linear([1, 2, 3, 4], [3], 0.0, 0.0)
    Traceback (most recent call last):
    ...
    ValueError: x and y must have the same length, got 4 and 1
    """
    x = _checks.finite_vector(x, "x")
    y = _checks.finite_vector(y, "y")
    _checks.same_length(x, y)
    w, b = parameters(w, b)
    with np.errstate(over="ignore", invalid="ignore"):
        residual = _linear(x, w, b) - (y[:, None] if w.ndim else y)
        dw, db = _mse_linear(x, residual)
    if dw.ndim == 0:
        return float(dw), float(db)
    return dw, db


def _mse_linear(x: np.ndarray, residual: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(dL/dw, dL/db)`` from the residuals ``w x + b - y``, samples first (shape
    ``(n, R)`` or ``(n,)``): the kernel the trainers run."""
    scale = 2.0 / residual.shape[0]
    return scale * (x @ residual), scale * residual.sum(axis=0)


def central_difference(
    f: Callable[[np.ndarray], float], theta: ArrayLike, step: float = 1e-6
) -> np.ndarray:
    r"""Numerical gradient by central differences, :math:`(f(\theta+h)-f(\theta-h))/2h`.

    Used in the tests to check every exact gradient in lrdoc. The error is
    :math:`O(h^2)`, against :math:`O(h)` for a forward difference.

    Parameters
    ----------
    f : callable
        Scalar function of a float64 array.
    theta : array_like
        Point at which to differentiate.
    step : float
        The step h.

    Returns
    -------
    numpy.ndarray
        Gradient, same shape as ``theta``.

    Examples
    --------
    >>> g = central_difference(lambda t: float(np.sum(t**2)), [1.0, -2.0])
    >>> np.round(g, 6)
    array([ 2., -4.])
    >>> central_difference(lambda t: 0.0, [1.0], step=0)
    Traceback (most recent call last):
    ...
    ValueError: step must be a finite number > 0, got 0
    """
    if not callable(f):
        raise TypeError(f"f must be a function of an array, got {_checks.show(f)}")
    theta = _checks.finite_array(theta, "theta").copy()
    step = _checks.positive(step, "step")
    grad = np.zeros_like(theta)
    for index in np.ndindex(theta.shape):
        plus, minus = theta.copy(), theta.copy()
        plus[index] += step
        minus[index] -= step
        with np.errstate(all="ignore"):
            high, low = f(plus), f(minus)
        high = _checks.finite_number(high, "f(theta + step)")
        low = _checks.finite_number(low, "f(theta - step)")
        grad[index] = (high - low) / (2.0 * step)
    return grad
