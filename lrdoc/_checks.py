"""Argument checks shared by every public function.

Each check raises an error that names the parameter and the value it got, so a
mistake reads as ``learning_rate must be a finite number > 0, got -0.1``.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np


def learning_rate(value: object, name: str = "learning_rate") -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    rate = float(value)
    if not math.isfinite(rate) or rate <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return rate


def learning_rates(values: object, name: str = "learning_rates") -> np.ndarray:
    """Return a 1-d float64 array of finite rates > 0, else raise."""
    rates = _vector(values, name)
    _reject_first(rates, ~np.isfinite(rates) | (rates <= 0), name, "finite numbers > 0")
    return rates


def positive_int(value: object, name: str) -> int:
    """Return ``value`` as an int if it is an integer >= 1, else raise."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value!r}")
    return int(value)


def finite_number(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a finite real number, else raise."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number


def real_array(values: object, name: str) -> np.ndarray:
    """Return ``values`` as a float64 array if it holds real numbers, else raise."""
    array = np.asarray(values)
    if array.dtype == bool or array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold real numbers, got an array of dtype {array.dtype}"
        )
    return array.astype(np.float64)


def same_length(
    x: np.ndarray, y: np.ndarray, names: tuple[str, str] = ("x", "y")
) -> None:
    """Raise if ``x`` and ``y`` do not have the same number of samples."""
    if len(x) != len(y):
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same length, "
            f"got {len(x)} and {len(y)}"
        )


def number_in(
    value: object, name: str, low: float, high: float, *, include_high: bool = False
) -> float:
    """Return ``value`` as a float if it lies in [low, high), or [low, high]."""
    number = finite_number(value, name)
    above_high = number > high if include_high else number >= high
    if number < low or above_high:
        bracket = "]" if include_high else ")"
        raise ValueError(
            f"{name} must be in [{low!r}, {high!r}{bracket}, got {value!r}"
        )
    return number


def non_negative_int(value: object, name: str) -> int:
    """Return ``value`` as an int if it is an integer >= 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return int(value)


def finite_vector(values: object, name: str) -> np.ndarray:
    """Return ``values`` as a non-empty 1-d float64 array of finite numbers, else raise.

    Examples
    --------
    >>> finite_vector([1, 2], "x")
    array([1., 2.])
    """
    array = _vector(values, name)
    _reject_first(array, ~np.isfinite(array), name, "finite numbers")
    return array


def _vector(values: object, name: str) -> np.ndarray:
    """``values`` as a non-empty 1-d float64 array of real numbers, else raise."""
    array = real_array(values, name)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(
            f"{name} must be a non-empty 1-d array, got shape {array.shape}"
        )
    return array


def _reject_first(array: np.ndarray, bad: np.ndarray, name: str, what: str) -> None:
    """Raise naming the first entry of ``array`` flagged in ``bad``, if any."""
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name} must hold {what}, got {float(array[index])!r} at index {index}"
        )
