"""Argument checks shared by every public function of the engine.

Each check raises an error that names the parameter and the value it got, so a
mistake reads as ``learning_rate must be a finite number > 0, got -0.1``:
a :class:`TypeError` for the wrong kind of value (a string, a bool, ``None``), a
:class:`ValueError` for the right kind with a bad value (empty, not finite, the wrong
shape, out of range, too large). Arrays are checked for dtype, shape, size and
finiteness; masked arrays are refused rather than silently losing their mask; Python
integers too large for a float (``10**400``) get a ValueError, not an OverflowError.

Examples
--------
>>> finite_number(10**400, "w0")
Traceback (most recent call last):
...
ValueError: w0 must be finite, got an integer with 401 digits
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Integral, Real
from typing import Any

import numpy as np

MAX_RUN_SIZE = 50_000_000
"""The largest run the trainers accept, counted as epochs × runs × parameters: a
bound on the work (the time) of a call. :func:`lrdoc.perceptron.sweep` counts
updates × rates × 2, :func:`lrdoc.nn.fit` epochs × batches × parameters. A larger
run is refused up front with a ValueError. Memory is bounded by :data:`MAX_BYTES`."""

MAX_BYTES = 256 * 2**20
"""The most memory, in bytes, that the arrays of one call may need: 256 MiB.

Every trainer and every function with size arguments (:func:`lrdoc.training.sweep`
and :func:`lrdoc.training.gradient_descent`, the perceptron's, :func:`lrdoc.nn.fit`
for a network and a stack, :func:`lrdoc.nn.build`, :func:`lrdoc.sharpness.hessian`,
:func:`lrdoc.range_test.range_test` and ``range_tests``) estimates the bytes of its
main arrays with :func:`memory` before it allocates them, and refuses a call whose
estimate is above this limit with a ValueError that names the parameters and the
estimate. Calls estimated just under the limit peak at :data:`MEASURED_PEAK` of
resident memory at most, the interpreter, numpy and lrdoc included;
``tests/test_memory.py`` runs them under ``prlimit --as`` and measures them."""

MEASURED_PEAK = 243 * 2**20
"""The largest peak resident memory (``VmHWM``) measured for a call estimated just
under :data:`MAX_BYTES`, the Python process included: 243 MiB, for the
``range_tests`` case of ``tests/test_memory.py`` (Linux x86-64, one BLAS thread),
which measures every case again and checks that each stays
within :data:`MAX_BYTES` of the bare interpreter, and the largest near this figure."""


MAX_COUNT = 2**53
"""The largest count (of steps, epochs, units) a check accepts: every integer up to
it is exact as a float, so a schedule or a loop can do arithmetic with it."""


def show(value: object) -> str:
    """``repr(value)``, shortened for huge integers."""
    if isinstance(value, Integral) and not isinstance(value, bool):
        digits = len(str(abs(int(value))))
        if digits > 20:
            return f"an integer with {digits} digits"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _to_float(value: object, name: str) -> float:
    """``float(value)`` for a real number, naming ``name`` in the error."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {show(value)}")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"{name} must be finite, got {show(value)}") from None


def positive(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise.

    Examples
    --------
    >>> positive(2.5, "width")
    2.5
    >>> positive(0, "width")
    Traceback (most recent call last):
    ...
    ValueError: width must be a finite number > 0, got 0
    """
    return learning_rate(value, name)


def text(value: object, name: str) -> str:
    """Return ``value`` if it is a string, else raise.

    Examples
    --------
    >>> text(3, "label")
    Traceback (most recent call last):
    ...
    TypeError: label must be a string, got 3
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {show(value)}")
    return value


def sequence(value: object, name: str, what: str = "values") -> list:
    """Return ``value`` as a list if it is a list, a tuple or a 1-d array (not a
    string), else raise.

    Examples
    --------
    >>> sequence((4, 3), "sizes")
    [4, 3]
    >>> sequence(5, "sizes", "layer sizes")
    Traceback (most recent call last):
    ...
    TypeError: sizes must be a sequence of layer sizes, got 5
    """
    if isinstance(value, np.ndarray) and value.ndim == 1:
        return value.tolist()
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a sequence of {what}, got {show(value)}")
    return list(value)


def instance(value: object, kind: type, name: str) -> Any:
    """Return ``value`` if it is a ``kind``, else raise a TypeError naming ``name``.

    Examples
    --------
    >>> instance(3, str, "label")
    Traceback (most recent call last):
    ...
    TypeError: label must be a str, got 3
    """
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a {kind.__name__}, got {show(value)}")
    return value


def params_and_grads(
    params: object, grads: object, models: int | None = None
) -> list[np.ndarray]:
    """The gradients as real arrays, after checking an optimizer's arguments:
    ``params`` float arrays (updated in place), ``grads`` of their shapes, and with
    ``models``, that many models along each array's first axis. A gradient that is
    already a plain float64 array comes back as it is (:func:`read_array`): an
    optimizer reads it and never writes into it.

    Examples
    --------
    >>> params_and_grads([np.zeros(2)], [[1, 2]])
    [array([1., 2.])]
    >>> params_and_grads([np.zeros(2)], [np.zeros(3)])
    Traceback (most recent call last):
    ...
    ValueError: grads[0] must have shape (2,), got (3,)
    """
    if not isinstance(params, list | tuple) or not isinstance(grads, list | tuple):
        raise TypeError(
            "params and grads must be lists of arrays, got "
            f"{type(params).__name__} and {type(grads).__name__}"
        )
    if len(params) != len(grads):
        raise ValueError(
            f"params and grads must have the same length, got {len(params)} "
            f"and {len(grads)}"
        )
    checked = []
    for index, (p, g) in enumerate(zip(params, grads, strict=True)):
        if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
            raise TypeError(
                f"params[{index}] must be a float numpy array (it is updated "
                f"in place), got {show(p)}"
            )
        grad = read_array(g, f"grads[{index}]")
        if p.shape != grad.shape:
            raise ValueError(
                f"grads[{index}] must have shape {p.shape}, got {grad.shape}"
            )
        if models is not None and (p.ndim == 0 or p.shape[0] != models):
            raise ValueError(
                f"params[{index}] must have {models} models along its first "
                f"axis, got shape {p.shape}"
            )
        checked.append(grad)
    return checked


def choice(value: object, name: str, options: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of the strings ``options``, else raise.

    Examples
    --------
    >>> choice("sepia", "variant", ("light", "dark"))
    Traceback (most recent call last):
    ...
    ValueError: variant must be 'light' or 'dark', got 'sepia'
    """
    if not isinstance(value, str) or value not in options:
        quoted = [repr(o) for o in options]
        allowed = ", ".join(quoted[:-1]) + " or " + quoted[-1]
        error = ValueError if isinstance(value, str) else TypeError
        raise error(f"{name} must be {allowed}, got {show(value)}")
    return value


def learning_rate(value: object, name: str = "learning_rate") -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise.

    Examples
    --------
    >>> learning_rate(0.1)
    0.1
    >>> learning_rate(0)
    Traceback (most recent call last):
    ...
    ValueError: learning_rate must be a finite number > 0, got 0
    """
    try:
        rate = _to_float(value, name)
    except ValueError:
        rate = math.inf
    if not math.isfinite(rate) or rate <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {show(value)}")
    return rate


def schedule_value(schedule: Callable[[int], object], step: int) -> float:
    """The rate ``schedule(step)`` if it is a finite number >= 0, else raise.

    A schedule may reach 0 (cosine decay ends there); a constant rate may not.

    Examples
    --------
    >>> schedule_value(lambda t: 0.1 - 0.1 * t, 1)
    0.0
    >>> schedule_value(lambda t: -0.5, 3)
    Traceback (most recent call last):
    ...
    ValueError: learning_rate(3) must be a finite number >= 0, got -0.5
    """
    name = f"learning_rate({step})"
    value = schedule(step)
    try:
        rate = _to_float(value, name)
    except ValueError:
        rate = math.inf
    if not math.isfinite(rate) or rate < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {show(value)}")
    return rate


def learning_rates(values: object, name: str = "learning_rates") -> np.ndarray:
    """Return a non-empty 1-d float64 array of finite rates > 0, else raise.

    Examples
    --------
    >>> learning_rates([0.1, -1.0])
    Traceback (most recent call last):
    ...
    ValueError: learning_rates must hold finite numbers > 0, got -1.0 at index 1
    """
    rates = _vector(values, name)
    reject(rates, ~np.isfinite(rates) | (rates <= 0), name, "finite numbers > 0")
    return rates


def positive_int(value: object, name: str) -> int:
    """Return ``value`` as an int if it is an integer >= 1, else raise.

    Examples
    --------
    >>> positive_int(3, "epochs")
    3
    >>> positive_int(2.5, "epochs")
    Traceback (most recent call last):
    ...
    TypeError: epochs must be an integer, got 2.5
    >>> positive_int(10**400, "decay_steps")
    Traceback (most recent call last):
    ...
    ValueError: decay_steps must be at most 2**53, got an integer with 401 digits
    """
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {show(value)}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {show(value)}")
    if int(value) > MAX_COUNT:
        raise ValueError(f"{name} must be at most 2**53, got {show(value)}")
    return int(value)


def non_negative_int(value: object, name: str) -> int:
    """Return ``value`` as an int if it is an integer >= 0, else raise.

    Examples
    --------
    >>> non_negative_int(-1, "seed")
    Traceback (most recent call last):
    ...
    ValueError: seed must be >= 0, got -1
    """
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {show(value)}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {show(value)}")
    return int(value)


def real_number(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a real number (NaN and infinity
    included: a run that diverged passes them on), else raise.

    Examples
    --------
    >>> real_number(float("inf"), "predicted")
    inf
    >>> real_number("7", "predicted")
    Traceback (most recent call last):
    ...
    TypeError: predicted must be a real number, got '7'
    """
    return _to_float(value, name)


def finite_number(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a finite real number, else raise.

    Examples
    --------
    >>> finite_number(float("nan"), "w0")
    Traceback (most recent call last):
    ...
    ValueError: w0 must be finite, got nan
    """
    number = _to_float(value, name)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {show(value)}")
    return number


def number_in(
    value: object, name: str, low: float, high: float, *, include_high: bool = False
) -> float:
    """Return ``value`` as a float if it lies in [low, high), or [low, high].

    Examples
    --------
    >>> number_in(1.0, "momentum", 0.0, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: momentum must be in [0.0, 1.0), got 1.0
    """
    number = finite_number(value, name)
    above_high = number > high if include_high else number >= high
    if number < low or above_high:
        bracket = "]" if include_high else ")"
        raise ValueError(
            f"{name} must be in [{low!r}, {high!r}{bracket}, got {show(value)}"
        )
    return number


def flag(value: object, name: str) -> bool:
    """Return ``value`` if it is True or False, else raise.

    Examples
    --------
    >>> flag(1, "nesterov")
    Traceback (most recent call last):
    ...
    TypeError: nesterov must be True or False, got 1
    """
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {show(value)}")
    return bool(value)


def real_array(values: object, name: str) -> np.ndarray:
    """Return ``values`` as a float64 array if it holds real numbers, else raise.

    Masked arrays are refused (their mask would be lost), and so are integers too
    large for a float.

    Examples
    --------
    >>> real_array([1, 2], "x")
    array([1., 2.])
    >>> real_array([1, None], "x")
    Traceback (most recent call last):
    ...
    TypeError: x must hold real numbers, got an array of dtype object
    >>> real_array(np.ma.masked_array([1.0, 2.0], mask=[0, 1]), "x")
    Traceback (most recent call last):
    ...
    TypeError: x must be a plain array, not a masked array (fill or drop the masked entries first)
    """
    if isinstance(values, np.ma.MaskedArray):
        raise TypeError(
            f"{name} must be a plain array, not a masked array "
            "(fill or drop the masked entries first)"
        )
    try:
        array = np.asarray(values)
    except (ValueError, OverflowError, TypeError) as error:
        raise ValueError(f"{name} must be an array of real numbers ({error})") from None
    if array.dtype == object:
        array = _object_array(array, name)
    if array.dtype == bool or array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold real numbers, got an array of dtype {array.dtype}"
        )
    return array.astype(np.float64)


def read_array(values: object, name: str) -> np.ndarray:
    """:func:`real_array`, but a float64 array comes back as it is, not copied: for
    reading a long record, never for writing into.

    Examples
    --------
    >>> a = np.zeros(3)
    >>> read_array(a, "x") is a, read_array([1, 2], "x")
    (True, array([1., 2.]))
    """
    if type(values) is np.ndarray and values.dtype == np.float64:
        return values  # a subclass (a masked array, np.matrix) is checked and copied
    return real_array(values, name)


def _object_array(array: np.ndarray, name: str) -> np.ndarray:
    """An object array of Python numbers (e.g. huge ints) as float64, else raise."""
    flat = array.ravel()
    if not all(
        isinstance(v, Real) and not isinstance(v, bool | np.bool_) for v in flat
    ):
        raise TypeError(
            f"{name} must hold real numbers, got an array of dtype {array.dtype}"
        )
    out = np.empty(flat.size)
    for index, value in enumerate(flat):
        try:
            out[index] = float(value)
        except OverflowError:
            raise ValueError(
                f"{name} must hold finite numbers, got {show(value)} at index {index}"
            ) from None
    return out.reshape(array.shape)


def finite_array(values: object, name: str) -> np.ndarray:
    """Return ``values`` as a non-empty float64 array of finite numbers, else raise.

    Examples
    --------
    >>> finite_array([[1, 2]], "grid")
    array([[1., 2.]])
    >>> finite_array([], "grid")
    Traceback (most recent call last):
    ...
    ValueError: grid must not be empty, got shape (0,)
    """
    array = real_array(values, name)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    reject(array, ~np.isfinite(array), name, "finite numbers")
    return array


def finite_vector(values: object, name: str) -> np.ndarray:
    """Return ``values`` as a non-empty 1-d float64 array of finite numbers, else raise.

    Examples
    --------
    >>> finite_vector([1, 2], "x")
    array([1., 2.])
    >>> finite_vector([1.0, float("nan")], "x")
    Traceback (most recent call last):
    ...
    ValueError: x must hold finite numbers, got nan at index 1
    """
    array = _vector(values, name)
    reject(array, ~np.isfinite(array), name, "finite numbers")
    return array


def finite_matrix(values: object, name: str, columns: int | None = None) -> np.ndarray:
    """Return ``values`` as a non-empty 2-d float64 array of finite numbers, else raise.

    Examples
    --------
    >>> finite_matrix([[1.0, 2.0]], "X", columns=2)
    array([[1., 2.]])
    >>> finite_matrix([[1.0, 2.0]], "X", columns=4)
    Traceback (most recent call last):
    ...
    ValueError: X must have shape (n, 4) with n >= 1, got (1, 2)
    """
    array = real_array(values, name)
    if (
        array.ndim != 2
        or array.shape[0] == 0
        or (columns is not None and array.shape[1] != columns)
        or array.shape[1] == 0
    ):
        shape = "(n, k)" if columns is None else f"(n, {columns})"
        raise ValueError(
            f"{name} must have shape {shape} with n >= 1, got {array.shape}"
        )
    reject(array, ~np.isfinite(array), name, "finite numbers")
    return array


def same_length(
    x: np.ndarray, y: np.ndarray, names: tuple[str, str] = ("x", "y")
) -> None:
    """Raise if ``x`` and ``y`` do not have the same number of samples.

    Examples
    --------
    >>> same_length(np.zeros(4), np.zeros(3))
    Traceback (most recent call last):
    ...
    ValueError: x and y must have the same length, got 4 and 3
    """
    if len(x) != len(y):
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same length, "
            f"got {len(x)} and {len(y)}"
        )


def run_size(size: int, what: str, limit: int | None = None) -> None:
    """Raise if a run of ``size`` (epochs × runs × parameters) exceeds the limit.

    Examples
    --------
    >>> run_size(10**10, "epochs × runs × 2")
    Traceback (most recent call last):
    ...
    ValueError: run too large: epochs × runs × 2 is 10000000000, above the limit of 50000000 (lrdoc._checks.MAX_RUN_SIZE)
    """
    limit = MAX_RUN_SIZE if limit is None else limit
    if size > limit:
        shown = size if size < 10**30 else show(size)
        raise ValueError(
            f"run too large: {what} is {shown}, above the limit of {limit} "
            "(lrdoc._checks.MAX_RUN_SIZE)"
        )


def memory(what: str, *shapes: int | tuple[int, ...], limit: int | None = None) -> int:
    """Estimate the bytes of float64 arrays of the given ``shapes`` (an int is a
    count of numbers) and raise if the estimate is above :data:`MAX_BYTES`.

    ``what`` names the call and the parameters the sizes come from. Sizes are Python
    integers, so an estimate never overflows. Returns the estimate.

    Examples
    --------
    >>> memory("sweep(epochs=1000, runs=10)", (1001, 10), 4 * 10)
    80400
    >>> memory("sweep(epochs=1000000, runs=1000)", (1000001, 1000))
    Traceback (most recent call last):
    ...
    ValueError: too much memory: sweep(epochs=1000000, runs=1000) needs about 7.45 GiB of arrays (8000008000 bytes), above the limit of 256 MiB (lrdoc._checks.MAX_BYTES)
    """
    total = 0
    for shape in shapes:
        count = 1
        for size in (shape,) if isinstance(shape, int) else shape:
            count *= int(size)
        total += 8 * count
    limit = MAX_BYTES if limit is None else limit
    if total > limit:
        shown = f" ({total} bytes)" if total < 10**30 else ""
        raise ValueError(
            f"too much memory: {what} needs about {_binary(total)} of arrays{shown}, "
            f"above the limit of {_binary(limit)} (lrdoc._checks.MAX_BYTES)"
        )
    return total


def _binary(size: int) -> str:
    """``size`` bytes in MiB, GiB, ... with 3 significant digits."""
    units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
    if size >= 1024 ** len(units):
        return "more than 1024 YiB"
    power = 0
    while size >= 1024 ** (power + 1):
        power += 1
    if power == 0:
        return f"{size} bytes"
    return f"{size / 1024**power:.3g} {units[power]}"


def reject(array: np.ndarray, bad: np.ndarray, name: str, what: str) -> None:
    """Raise naming the first entry of ``array`` flagged in ``bad``, if any.

    Examples
    --------
    >>> reject(np.array([1.0, -2.0]), np.array([False, True]), "rates", "numbers > 0")
    Traceback (most recent call last):
    ...
    ValueError: rates must hold numbers > 0, got -2.0 at index 1
    """
    if bad.any():
        index = np.unravel_index(int(np.flatnonzero(bad)[0]), bad.shape)
        at = int(index[0]) if len(index) == 1 else tuple(int(i) for i in index)
        value = float(np.broadcast_to(array, bad.shape)[index])
        raise ValueError(f"{name} must hold {what}, got {show(value)} at index {at}")


def _vector(values: object, name: str) -> np.ndarray:
    """``values`` as a non-empty 1-d float64 array of real numbers, else raise."""
    array = real_array(values, name)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(
            f"{name} must be a non-empty 1-d array, got shape {array.shape}"
        )
    return array
