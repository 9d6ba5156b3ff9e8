r"""Analysis: what the curvature of the loss says about the learning rate.

For the MSE of :math:`\hat y = wx + b` the loss is a quadratic bowl with the constant
Hessian

.. math:: H = \frac2n \begin{pmatrix} \sum x_i^2 & \sum x_i \\ \sum x_i & n \end{pmatrix}.

Gradient descent multiplies the distance to the minimum by :math:`I - \eta H` every
epoch, so it converges exactly when :math:`|1 - \eta\lambda| < 1` for both
eigenvalues :math:`\lambda` of H, that is when :math:`\eta < 2/\lambda_{max}`.

Heavy-ball momentum :math:`\beta` (:func:`lrdoc.training.gradient_descent`) moves each
eigen-direction by the 2 × 2 matrix
:math:`\begin{pmatrix} 1 + \beta - \eta\lambda & -\beta \\ 1 & 0 \end{pmatrix}`,
which contracts exactly when :math:`0 \le \beta < 1` and
:math:`0 < \eta\lambda < 2 + 2\beta` (Goh, "Why Momentum Really Works", Distill,
2017). With :math:`\kappa = \lambda_{max}/\lambda_{min}` the best constant rate
contracts by :math:`(\kappa-1)/(\kappa+1)` per epoch, the best momentum pair by
:math:`(\sqrt\kappa-1)/(\sqrt\kappa+1)`.
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
    x = _checks.finite_vector(x, "x")
    n = x.size
    with np.errstate(over="ignore", invalid="ignore"):
        hessian = (2.0 / n) * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), n]])
    if not np.isfinite(hessian).all():
        big = float(x[np.argmax(np.abs(x))])
        raise ValueError(
            f"x is too large: its Hessian overflows a float, got {_checks.show(big)} in x"
        )
    return hessian


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
    return max(float(lo), 0.0), float(hi)


def _strict_curvatures(x: ArrayLike) -> tuple[float, float]:
    """:func:`curvatures`, refusing a flat direction (all x equal)."""
    lo, hi = curvatures(x)
    if lo <= 1e-12 * hi:
        raise ValueError(
            "x must hold at least two distinct values: otherwise the loss has a "
            "flat direction (lambda_min = 0) and no condition number"
        )
    return lo, hi


def condition_number(x: ArrayLike) -> float:
    r"""The condition number :math:`\kappa = \lambda_{max}/\lambda_{min}` of the Hessian.

    The larger it is, the narrower the valley and the slower gradient descent.

    Examples
    --------
    >>> round(condition_number([1, 2, 3, 4]), 4)
    55.7821
    >>> condition_number([2, 2])
    Traceback (most recent call last):
    ...
    ValueError: x must hold at least two distinct values: otherwise the loss has a flat direction (lambda_min = 0) and no condition number
    """
    lo, hi = _strict_curvatures(x)
    return hi / lo


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


def contraction(x: ArrayLike, learning_rate: float, momentum: float = 0.0) -> float:
    r"""Factor by which one epoch shrinks the distance to the minimum, in the worst
    direction: :math:`\max_\lambda |1-\eta\lambda|`. Below 1 converges, above 1 diverges.

    With momentum :math:`\beta > 0` it is the spectral radius of the heavy-ball
    iteration, the largest :math:`|z|` over the roots of
    :math:`z^2 - (1 + \beta - \eta\lambda) z + \beta = 0` for both eigenvalues.

    Examples
    --------
    >>> [round(contraction([1, 2, 3, 4], rate), 4) for rate in (0.01, 0.1, 1.0)]
    [0.997, 0.9701, 15.7006]

    At the optimal pair of :func:`optimal_momentum` the factor is
    :func:`optimal_momentum_contraction`:

    >>> rate, beta = optimal_momentum([1, 2, 3, 4])
    >>> round(contraction([1, 2, 3, 4], rate, beta), 4)
    0.7638
    """
    rate = _checks.learning_rate(learning_rate)
    beta = _checks.number_in(momentum, "momentum", 0.0, 1.0)
    factors = []
    for curvature in curvatures(x):
        a = 1.0 + beta - rate * curvature
        if abs(a) > 1e150:  # a huge rate: the larger root is about |a|
            factors.append(abs(a))
            continue
        root = np.sqrt(complex(a * a - 4.0 * beta))
        factors += [abs((a + root) / 2.0), abs((a - root) / 2.0)]
    return float(max(factors))


def momentum_bound(x: ArrayLike, momentum: float) -> float:
    r"""The largest rate at which heavy-ball momentum :math:`\beta` converges:
    :math:`(2 + 2\beta)/\lambda_{max}`.

    Momentum widens the stable range of plain gradient descent,
    :math:`2/\lambda_{max}`, by the factor :math:`1 + \beta`.

    Parameters
    ----------
    x : array_like, shape (n,)
        Inputs of the linear model.
    momentum : float
        :math:`\beta` in [0, 1).

    Examples
    --------
    >>> round(momentum_bound([1, 2, 3, 4], 0.0), 5), round(momentum_bound([1, 2, 3, 4], 0.9), 5)
    (0.11976, 0.22754)
    """
    beta = _checks.number_in(momentum, "momentum", 0.0, 1.0)
    return (2.0 + 2.0 * beta) / curvatures(x)[1]


def optimal_momentum(x: ArrayLike) -> tuple[float, float]:
    r"""The rate and momentum that converge fastest, :math:`(\eta^*, \beta^*)`:

    .. math::

        \eta^* = \left(\frac{2}{\sqrt{\lambda_{min}} + \sqrt{\lambda_{max}}}\right)^2,
        \qquad
        \beta^* = \left(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\right)^2.

    Examples
    --------
    >>> rate, beta = optimal_momentum([1, 2, 3, 4])
    >>> round(rate, 4), round(beta, 4)
    (0.1863, 0.5834)
    """
    lo, hi = _strict_curvatures(x)
    root = np.sqrt(hi / lo)
    rate = (2.0 / (np.sqrt(lo) + np.sqrt(hi))) ** 2
    return float(rate), float(((root - 1.0) / (root + 1.0)) ** 2)


def fastest_contraction(x: ArrayLike) -> float:
    r"""The factor per epoch of gradient descent at :func:`fastest_rate`:
    :math:`(\kappa - 1)/(\kappa + 1)`.

    Examples
    --------
    >>> round(fastest_contraction([1, 2, 3, 4]), 4)
    0.9648
    """
    kappa = condition_number(x)
    return (kappa - 1.0) / (kappa + 1.0)


def optimal_momentum_contraction(x: ArrayLike) -> float:
    r"""The factor per epoch of heavy-ball momentum at :func:`optimal_momentum`:
    :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`.

    The ratio of its logarithm to that of :func:`fastest_contraction` is the
    speed-up in epochs to a small tolerance, about :math:`\sqrt\kappa / 2` for large
    :math:`\kappa`.

    Examples
    --------
    >>> round(optimal_momentum_contraction([1, 2, 3, 4]), 4)
    0.7638
    >>> import math
    >>> round(math.log(optimal_momentum_contraction([1, 2, 3, 4]))
    ...       / math.log(fastest_contraction([1, 2, 3, 4])), 2)
    7.51
    """
    root = np.sqrt(condition_number(x))
    return float((root - 1.0) / (root + 1.0))


def level_sets(
    x: ArrayLike, y: ArrayLike, levels: ArrayLike, points: int = 73
) -> list[tuple[float, np.ndarray]]:
    r"""Contours of the line fit's loss: for each level :math:`\ell`, ``points``
    (w, b) pairs around the minimum :math:`\theta^*` where
    :math:`\tfrac12 (\theta-\theta^*)^\top H (\theta-\theta^*) = \ell`, the loss above
    its minimum; the last pair closes the ring.

    Parameters
    ----------
    x, y : array_like
        The data.
    levels : array_like
        Positive loss levels above the minimum.
    points : int
        Points per ring.

    Returns
    -------
    list of (float, numpy.ndarray)
        Each level and its ring, shape (points, 2).

    Examples
    --------
    >>> x, y = np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 6.0, 9.0, 12.0])
    >>> (level, ring), = level_sets(x, y, [2.0])
    >>> level, ring.shape
    (2.0, (73, 2))
    >>> w, b = ring[10]
    >>> round(float(np.mean((w * x + b - y) ** 2)), 9)
    2.0
    """
    x, y = _checks.finite_vector(x, "x"), _checks.finite_vector(y, "y")
    _checks.same_length(x, y, ("x", "y"))
    levels = _checks.finite_vector(levels, "levels")
    _checks.reject(levels, levels <= 0, "levels", "numbers > 0")
    points = _checks.positive_int(points, "points")
    if points > 10_000:
        raise ValueError(f"points must be at most 10000, got {points}")
    values, vectors = np.linalg.eigh(hessian_mse_linear(x))
    _checks.reject(values, values <= 0, "x", "at least two different values")
    centre = np.polyfit(x, y, 1)
    angle = np.linspace(0.0, 2.0 * np.pi, points)
    circle = np.stack([np.cos(angle), np.sin(angle)])
    rings = []
    for level in levels:
        radii = np.sqrt(2.0 * level / values)  # ½ λ r² = level along each axis
        rings.append((float(level), (vectors @ (radii[:, None] * circle)).T + centre))
    return rings


def stays_below(loss_curves: ArrayLike, tolerance: float) -> np.ndarray:
    """The number of epochs after which a loss curve stays below ``tolerance``.

    -1 for a curve that ends at or above it (or not finite). A curve may dip below
    the tolerance and climb back (momentum does): only the last crossing counts.

    Parameters
    ----------
    loss_curves : array_like, shape (T,) or (T, R)
        One curve, or one per column; entry ``t`` is the loss after ``t`` epochs.
    tolerance : float
        A number > 0.

    Returns
    -------
    numpy.ndarray of int, shape () for one curve, (R,) for columns

    Examples
    --------
    >>> int(stays_below([5.0, 0.5, 2.0, 0.1], 1.0))
    3
    >>> stays_below(np.array([[5.0, 5.0], [0.5, 0.5], [2.0, 0.1], [0.1, 3.0]]), 1.0)
    array([ 3, -1])
    """
    curves = _checks.read_array(loss_curves, "loss_curves")
    if curves.ndim not in (1, 2) or curves.shape[0] == 0:
        raise ValueError(
            f"loss_curves must have shape (T,) or (T, R), got {curves.shape}"
        )
    tolerance = _checks.positive(tolerance, "tolerance")
    above = ~(curves < tolerance)
    last = curves.shape[0] - 1 - np.argmax(above[::-1], axis=0)
    return np.where(above[-1], -1, last + 1)
