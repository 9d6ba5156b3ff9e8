"""*Modern Computer Vision with PyTorch* (Ayyadevara and Reddy, 2020), chapter 1,
"Understanding the impact of the learning rate", as published.

Only what the book's section and its notebook ``Chapter01/Learning_rate.ipynb``
publish, in the order of the section's numbered steps:

- :func:`book_data`: step 1, ``x = [[1],[2],[3],[4]]`` and ``y = [[3],[6],[9],[12]]``;
- :func:`loss`: step 2, ``feed_forward`` (the mean squared error of ``x @ w + b``);
- :func:`epoch`: step 3, ``update_weights``, and the version of it that prints one
  line per epoch for the weight (:class:`TraceRow`);
- :func:`initial_parameters`: step 4, weight and bias at 0 in float32;
- :func:`train`: step 5, the loop that calls ``update_weights`` and collects the
  weight after each epoch (1000 epochs for the plots, 10 for the printed traces);
- :data:`NUDGE`: the 0.0001 added to each parameter in ``update_weights``.

The book's update rule, step by step as its notebook runs it:

- the parameters are two float32 arrays of shape (1, 1), the weight and the bias;
- the loss is computed in float64 (integer inputs times float32 weights);
- each parameter's gradient is a forward difference: nudge that one parameter by
  0.0001 *inside its float32 array*, recompute the loss, divide the change by 0.0001;
- every gradient is taken at the parameters from the start of the epoch, and the
  updated value is stored back into float32.

The float32 storage is the quirk that matters: once a parameter reaches 2048 (or
drops below -2048), adding 0.0001 to it rounds back to the same float32 number, so
the "gradient" is exactly 0 and the parameter never moves again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoc import _checks

NUDGE = 0.0001
"""The book's finite-difference step."""


@dataclass(frozen=True)
class TraceRow:
    """What the book's printing ``update_weights`` shows for the weight in one epoch:
    the weight, the loss, the loss after the nudge, the gradient, the updated weight."""

    weight: float
    loss: float
    loss_plus: float
    gradient: float
    updated_weight: float


MAX_EPOCHS = 100_000
"""The most epochs :func:`train` runs (its loop is the book's, one Python step per
weight per epoch)."""


def _data(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` as the book's column arrays of equal shape ``(n, 1)``."""
    for name, values in (("x", x), ("y", y)):
        array = _checks.finite_array(values, name)
        if array.ndim != 2 or array.shape[1] != 1 or array.shape[0] == 0:
            raise ValueError(f"{name} must be a column of shape (n, 1), got {values!r}")
    xs, ys = np.asarray(x), np.asarray(y)
    if xs.shape != ys.shape:
        raise ValueError(f"x and y must have one shape, got {xs.shape} and {ys.shape}")
    return xs, ys


def _params(params: object) -> list[np.ndarray]:
    """``params`` as ``[weight, bias]``, two arrays of shape (1, 1) (not finite once
    a run has diverged)."""
    if not isinstance(params, (list, tuple)) or len(params) != 2:
        raise TypeError(
            f"params must be a list [weight, bias], got {_checks.show(params)}"
        )
    for name, p in zip(("weight", "bias"), params, strict=True):
        array = _checks.real_array(p, f"params ({name})")
        if array.shape != (1, 1):
            raise ValueError(
                f"params ({name}) must have shape (1, 1), got {array.shape}"
            )
    return [np.asarray(p) for p in params]


def book_data() -> tuple[np.ndarray, np.ndarray]:
    """The book's inputs and outputs (its step 1), as integer arrays of shape (4, 1).

    Examples
    --------
    >>> x, y = book_data()
    >>> x.ravel(), y.ravel()
    (array([1, 2, 3, 4]), array([ 3,  6,  9, 12]))
    """
    x = np.array([[1], [2], [3], [4]])
    return x, 3 * x


def initial_parameters() -> list[np.ndarray]:
    """Weight and bias at 0, each a float32 array of shape (1, 1), as in the book's
    step 4.

    Examples
    --------
    >>> [p.dtype.name for p in initial_parameters()]
    ['float32', 'float32']
    """
    return [np.zeros((1, 1), dtype=np.float32), np.zeros((1, 1), dtype=np.float32)]


def loss(x: np.ndarray, y: np.ndarray, params: list[np.ndarray]) -> np.float64:
    """Mean squared error of ``x @ w + b``, computed the book's way (its step 2,
    ``feed_forward``).

    It stays a numpy float64 scalar, as in the book: with a Python float, numpy 2
    would do the float32 update below in float32 arithmetic and round differently.

    Examples
    --------
    >>> x, y = book_data()
    >>> loss(x, y, initial_parameters())
    67.5
    """
    x, y = _data(x, y)
    params = _params(params)
    prediction = np.dot(x, params[0]) + params[1]
    return np.mean(np.square(prediction - y))


def epoch(
    x: np.ndarray, y: np.ndarray, params: list[np.ndarray], learning_rate: float
) -> tuple[list[np.ndarray], TraceRow]:
    """One epoch of the book's update (its step 3, ``update_weights``), and the line
    that the printing version of it shows for the weight.

    Parameters
    ----------
    x, y : numpy.ndarray
        Data as returned by :func:`book_data`.
    params : list of numpy.ndarray
        ``[weight, bias]``, float32 arrays of shape (1, 1); not modified.
    learning_rate : float
        The rate, > 0.

    Returns
    -------
    (new_params, row)

    Examples
    --------
    >>> x, y = book_data()
    >>> params, row = epoch(x, y, initial_parameters(), 0.01)
    >>> round(row.gradient, 2), round(row.updated_weight, 2)
    (-45.0, 0.45)
    """
    learning_rate = _checks.learning_rate(learning_rate)
    x, y = _data(x, y)
    params = _params(params)
    start_loss = loss(x, y, params)
    updated = [p.copy() for p in params]
    rows = []
    for i, layer in enumerate(params):
        for index in np.ndindex(layer.shape):
            nudged = [p.copy() for p in params]
            nudged[i][index] += NUDGE  # stored in float32: may round back to itself
            loss_plus = loss(x, y, nudged)
            gradient = (loss_plus - start_loss) / NUDGE
            updated[i][index] -= gradient * learning_rate  # stored in float32
            if i == 0:
                rows.append(
                    TraceRow(
                        float(layer[index]),
                        float(start_loss),
                        float(loss_plus),
                        float(gradient),
                        float(updated[i][index]),
                    )
                )
    return updated, rows[0]


def train(learning_rate: float, epochs: int) -> tuple[np.ndarray, list[TraceRow]]:
    """Run the book's loop (its step 5): ``epochs`` epochs from w = b = 0.

    Returns
    -------
    weights : numpy.ndarray, float32, shape (epochs,)
        The weight at the end of each epoch, as the book collects it.
    trace : list of TraceRow
        The printed line of every epoch.

    Examples
    --------
    >>> weights, trace = train(0.1, epochs=2)
    >>> np.round(weights, 2)
    array([4.5, 1.5], dtype=float32)
    """
    epochs = _checks.positive_int(epochs, "epochs")
    # a printed row per epoch (about 250 bytes of Python objects) and its weight
    _checks.memory(f"train(epochs={epochs})", (40, epochs))
    if epochs > MAX_EPOCHS:
        raise ValueError(f"epochs must be at most {MAX_EPOCHS}, got {epochs}")
    x, y = book_data()
    params = initial_parameters()
    weights = np.empty(epochs, dtype=np.float32)
    trace = []
    for t in range(epochs):
        params, row = epoch(x, y, params, learning_rate)
        weights[t] = params[0][0, 0]
        trace.append(row)
    return weights, trace
