r"""Analysis: what the curvature of the loss says about the learning rate.

For the MSE of :math:`\hat y = wx + b` the loss is a quadratic bowl with the constant
Hessian

.. math:: H = \frac2n \begin{pmatrix} \sum x_i^2 & \sum x_i \\ \sum x_i & n \end{pmatrix}.

Gradient descent multiplies the distance to the minimum by :math:`I - \eta H` every
epoch, so it converges exactly when :math:`|1 - \eta\lambda| < 1` for both
eigenvalues :math:`\lambda` of H, that is when :math:`\eta < 2/\lambda_{max}`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks


def hessian_mse_linear(x: ArrayLike) -> np.ndarray:
    """Hessian of the MSE of the linear model with respect to (w, b).

    It does not depend on y, w or b: the loss is quadratic.

    Examples
    --------
    >>> hessian_mse_linear([1, 2, 3, 4])
    array([[15.,  5.],
           [ 5.,  2.]])
    """
    x = _checks.real_array(x, "x")
    n = x.size
    return (2.0 / n) * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), n]])


def curvatures(x: ArrayLike) -> tuple[float, float]:
    """Smallest and largest eigenvalue of the Hessian: the flattest and steepest
    directions of the loss.

    Examples
    --------
    >>> lo, hi = curvatures([1, 2, 3, 4])
    >>> round(lo, 4), round(hi, 4)
    (0.2994, 16.7006)
    """
    lo, hi = np.linalg.eigvalsh(hessian_mse_linear(x))
    return float(lo), float(hi)


def stability_bound(x: ArrayLike) -> float:
    r"""The largest rate for which gradient descent converges: :math:`2/\lambda_{max}`.

    At exactly this rate the steepest direction neither grows nor shrinks; above it,
    the loss grows geometrically.

    Examples
    --------
    >>> round(stability_bound([1, 2, 3, 4]), 5)
    0.11976
    """
    return 2.0 / curvatures(x)[1]


def fastest_rate(x: ArrayLike) -> float:
    r"""The constant rate that converges fastest: :math:`2/(\lambda_{min}+\lambda_{max})`.

    It balances the slowest direction against the steepest, so that both shrink by
    the same factor :math:`(\lambda_{max}-\lambda_{min})/(\lambda_{max}+\lambda_{min})`
    per epoch.

    Examples
    --------
    >>> round(fastest_rate([1, 2, 3, 4]), 5)
    0.11765
    """
    lo, hi = curvatures(x)
    return 2.0 / (lo + hi)


def contraction(x: ArrayLike, learning_rate: float) -> float:
    r"""Factor by which one epoch shrinks the distance to the minimum, in the worst
    direction: :math:`\max_\lambda |1-\eta\lambda|`. Below 1 converges, above 1 diverges.

    Examples
    --------
    >>> [round(contraction([1, 2, 3, 4], rate), 4) for rate in (0.01, 0.1, 1.0)]
    [0.997, 0.9701, 15.7006]
    """
    rate = _checks.learning_rate(learning_rate)
    lo, hi = curvatures(x)
    return max(abs(1.0 - rate * lo), abs(1.0 - rate * hi))
