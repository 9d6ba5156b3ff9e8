"""*Modern Computer Vision with PyTorch* (Ayyadevara and Reddy, 2020), chapter 1,
"Understanding the impact of the learning rate", as published.

The book's update rule, step by step as its notebook runs it:

- the parameters are two float32 arrays of shape (1, 1), the weight and the bias;
- the loss is computed in float64 (integer inputs times float32 weights);
- each parameter's gradient is a forward difference: nudge that one parameter by
  0.0001 *inside its float32 array*, recompute the loss, divide the change by 0.0001;
- every gradient is taken at the parameters from the start of the epoch, and the
  updated value is stored back into float32.

The float32 storage is the quirk that matters: once a positive parameter reaches
2048 (a negative one, -4096), adding 0.0001 to it rounds back to the same float32
number, so the "gradient" is exactly 0 and the parameter never moves again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoc import _checks

NUDGE = 0.0001
"""The book's finite-difference step."""


@dataclass(frozen=True)
class TraceRow:
    """What the book prints for the weight in one epoch."""

    weight: float
    loss: float
    loss_plus: float
    gradient: float
    updated_weight: float


def book_data() -> tuple[np.ndarray, np.ndarray]:
    """The book's inputs and outputs, as integer arrays of shape (4, 1).

    Examples
    --------
    >>> x, y = book_data()
    >>> x.ravel(), y.ravel()
    (array([1, 2, 3, 4]), array([ 3,  6,  9, 12]))
    """
    x = np.array([[1], [2], [3], [4]])
    return x, 3 * x


def initial_parameters() -> list[np.ndarray]:
    """Weight and bias at 0, each a float32 array of shape (1, 1), as in the book.

    Examples
    --------
    >>> [p.dtype.name for p in initial_parameters()]
    ['float32', 'float32']
    """
    return [np.zeros((1, 1), dtype=np.float32), np.zeros((1, 1), dtype=np.float32)]


def loss(x: np.ndarray, y: np.ndarray, params: list[np.ndarray]) -> np.float64:
    """Mean squared error of ``x @ w + b``, computed the book's way.

    It stays a numpy float64 scalar, as in the book: with a Python float, numpy 2
    would do the float32 update below in float32 arithmetic and round differently.

    Examples
    --------
    >>> x, y = book_data()
    >>> loss(x, y, initial_parameters())
    67.5
    """
    prediction = np.dot(x, params[0]) + params[1]
    return np.mean(np.square(prediction - y))


def epoch(
    x: np.ndarray, y: np.ndarray, params: list[np.ndarray], learning_rate: float
) -> tuple[list[np.ndarray], TraceRow]:
    """One epoch of the book's update, and the line the book prints for the weight.

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
    """Run the book's loop: ``epochs`` epochs from w = b = 0.

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
    x, y = book_data()
    params = initial_parameters()
    weights = np.empty(epochs, dtype=np.float32)
    trace = []
    for t in range(epochs):
        params, row = epoch(x, y, params, learning_rate)
        weights[t] = params[0][0, 0]
        trace.append(row)
    return weights, trace


def nudge_is_lost(value: float) -> bool:
    """True when adding the book's nudge to ``value`` in float32 gives ``value`` back.

    Examples
    --------
    >>> nudge_is_lost(2047.0), nudge_is_lost(2048.0)
    (False, True)
    >>> nudge_is_lost(-2048.0), nudge_is_lost(-4096.0)
    (False, True)
    """
    stored = np.array([value], dtype=np.float32)
    nudged = stored.copy()
    nudged += NUDGE
    return bool(nudged[0] == stored[0])


def trace_table(learning_rate: float, epochs: int = 10) -> str:
    """The book's printed trace as an aligned table, rounded to 2 decimals as printed.

    Examples
    --------
    >>> print(trace_table(0.1, epochs=2))
    epoch  weight   loss  loss_plus  gradient  updated
        1    0.00  67.50      67.50    -45.00     4.50
        2    4.50  30.37      30.38     30.04     1.50
    """
    from lrdoc.tables import format_table

    _, trace = train(learning_rate, epochs)
    rows = [
        (t + 1, r.weight, r.loss, r.loss_plus, r.gradient, r.updated_weight)
        for t, r in enumerate(trace)
    ]
    headers = ["epoch", "weight", "loss", "loss_plus", "gradient", "updated"]
    return format_table(headers, rows)


def biased_minimum(step: float = NUDGE) -> tuple[float, float]:
    r"""Where the book's update comes to rest: not at (3, 0).

    A forward difference overestimates each partial derivative of a quadratic by
    :math:`\tfrac h2 H_{ii}`, so the update stops where the true gradient equals
    :math:`-\tfrac h2\,\mathrm{diag}(H)`, at
    :math:`\theta^* - \tfrac h2 H^{-1}\mathrm{diag}(H)`.

    Examples
    --------
    >>> w, b = biased_minimum()
    >>> round(w, 6), round(b, 6)
    (2.9998, 0.00045)
    """
    from lrdoc import analysis

    step = _checks.learning_rate(step, "step")
    x, _ = book_data()
    hessian = analysis.hessian_mse_linear(x.ravel())
    shift = -(step / 2) * np.linalg.solve(hessian, np.diag(hessian))
    return 3.0 + float(shift[0]), float(shift[1])
