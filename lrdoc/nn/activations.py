r"""Activations, each with its forward and backward pass side by side.

An activation :math:`a = f(z)` is applied row by row to a layer's weighted sums
:math:`z`. Its backward pass turns :math:`\partial L/\partial a` into
:math:`\partial L/\partial z`, given :math:`z` and :math:`a`. All but softmax act
entry by entry; softmax acts along the last axis. So every function here works the
same on one network's ``(samples, units)`` and on a stack's
``(models, samples, units)``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrdoc import _checks
from lrdoc.nn import _ops

Forward = Callable[[np.ndarray], np.ndarray]
Backward = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def _floats(value: object, name: str) -> None:
    """Raise a TypeError unless ``value`` is a float numpy array. Its entries are
    not checked: a diverging run's infinities and NaNs pass on to its record."""
    if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
        raise TypeError(
            f"{name} must be a float numpy array, got {_checks.show(value)}"
        )


def _same_shape(z: object, a: object, grad_a: object) -> None:
    """Raise unless ``z``, ``a`` and ``grad_a`` are float arrays of one shape."""
    shapes = []
    for name, value in (("z", z), ("a", a), ("grad_a", grad_a)):
        _floats(value, name)
        shapes.append(getattr(value, "shape", ()))
    if len(set(shapes)) > 1:
        raise ValueError(
            "z, a and grad_a must have one shape, got "
            f"{shapes[0]}, {shapes[1]} and {shapes[2]}"
        )


def linear(z: np.ndarray) -> np.ndarray:
    """The identity, :math:`f(z) = z`.

    Examples
    --------
    >>> linear(np.array([[-1.0, 2.0]]))
    array([[-1.,  2.]])
    """
    _floats(z, "z")
    return z


def linear_backward(z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    """:math:`\\partial L/\\partial z = \\partial L/\\partial a`.

    Examples
    --------
    >>> linear_backward(np.zeros((1, 2)), np.zeros((1, 2)), np.array([[1.0, 2.0]]))
    array([[1., 2.]])
    """
    _same_shape(z, a, grad_a)
    return grad_a


def relu(z: np.ndarray) -> np.ndarray:
    """:math:`f(z) = \\max(z, 0)`.

    Examples
    --------
    >>> relu(np.array([[-1.0, 2.0]]))
    array([[0., 2.]])
    """
    _floats(z, "z")
    return np.maximum(z, 0.0)


def relu_backward(z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    """:math:`f'(z) = 1` where :math:`z > 0`, else 0 (0 at the kink, as Keras).

    Examples
    --------
    >>> z = np.array([[-1.0, 2.0]])
    >>> relu_backward(z, relu(z), np.array([[5.0, 5.0]]))
    array([[0., 5.]])
    """
    _same_shape(z, a, grad_a)
    return grad_a * (z > 0)


def _relu_over(z: np.ndarray) -> np.ndarray:
    """:func:`relu` written over ``z`` (a network's own weighted sums)."""
    return np.maximum(z, 0.0, out=z)


def _relu_backward_over(z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    """:func:`relu_backward` written over ``grad_a`` (a network's own). ``z`` may be
    what :func:`_relu_over` left in it: :math:`z > 0` exactly where
    :math:`\\max(z, 0) > 0` (a NaN is neither)."""
    return np.multiply(grad_a, z > 0, out=grad_a)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """:math:`f(z) = 1/(1 + e^{-z})`.

    Examples
    --------
    >>> sigmoid(np.array([[0.0, -1000.0]]))
    array([[0.5, 0. ]])
    """
    _floats(z, "z")
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + _ops.exp(-z))


def sigmoid_backward(z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    """:math:`f'(z) = a(1 - a)`.

    Examples
    --------
    >>> z = np.array([[0.0]])
    >>> sigmoid_backward(z, sigmoid(z), np.array([[1.0]]))
    array([[0.25]])
    """
    _same_shape(z, a, grad_a)
    return grad_a * a * (1.0 - a)


def tanh(z: np.ndarray) -> np.ndarray:
    """:math:`f(z) = \\tanh z`, a smooth activation with values in (-1, 1).

    Examples
    --------
    >>> np.round(tanh(np.array([[0.0, 1.0, -1000.0]])), 6)
    array([[ 0.      ,  0.761594, -1.      ]])
    """
    _floats(z, "z")
    return _ops.tanh(z)


def tanh_backward(z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    """:math:`f'(z) = 1 - \\tanh^2 z = 1 - a^2`.

    Examples
    --------
    >>> z = np.array([[0.0, 1.0]])
    >>> np.round(tanh_backward(z, tanh(z), np.ones((1, 2))), 6)
    array([[1.      , 0.419974]])
    """
    _same_shape(z, a, grad_a)
    return grad_a * (1.0 - a * a)


def softmax(z: np.ndarray) -> np.ndarray:
    """:math:`f(z)_k = e^{z_k} / \\sum_j e^{z_j}` along the last axis (shifted by the
    row's maximum, so that no exponential overflows).

    Examples
    --------
    >>> softmax(np.array([[0.0, 0.0], [1000.0, 0.0]]))
    array([[0.5, 0.5],
           [1. , 0. ]])
    """
    _floats(z, "z")
    shifted = z - _ops.row_max(z)
    e = _ops.exp(shifted)
    return e / _ops.row_sum(e)


def softmax_backward(z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    r"""The Jacobian-vector product
    :math:`\partial L/\partial z_k = a_k(\partial L/\partial a_k - \sum_j a_j\,\partial L/\partial a_j)`.

    Examples
    --------
    >>> z = np.array([[0.0, 0.0]])
    >>> softmax_backward(z, softmax(z), np.array([[1.0, 0.0]]))
    array([[ 0.25, -0.25]])
    """
    _same_shape(z, a, grad_a)
    return a * (grad_a - _ops.row_sum(grad_a * a))


FUNCTIONS: dict[str, tuple[Forward, Backward]] = {
    "linear": (linear, linear_backward),
    "relu": (relu, relu_backward),
    "sigmoid": (sigmoid, sigmoid_backward),
    "softmax": (softmax, softmax_backward),
    "tanh": (tanh, tanh_backward),
}
"""Each activation's name, with its forward and backward functions."""

ACTIVATIONS = tuple(FUNCTIONS)
"""The activations a :class:`lrdoc.nn.Dense` layer knows."""

_OVERWRITING: dict[str, tuple[Forward, Backward]] = {
    "relu": (_relu_over, _relu_backward_over),
}
"""Activations whose passes can write over their input, as a network's own passes
do with the arrays they made (one copy fewer of a sweep's largest arrays)."""
