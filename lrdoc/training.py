r"""Training: full-batch gradient descent on the linear model, one rate or many.

Every update is

.. math:: w_{t+1} = w_t - \eta_t\,\partial_w L(w_t, b_t), \qquad
          b_{t+1} = b_t - \eta_t\,\partial_b L(w_t, b_t)

with exact gradients. Divergence is a result, not a warning: when the loss stops
being a finite number, the run stops and records the epoch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks

Schedule = Callable[[int], float]


@dataclass(frozen=True)
class History:
    """What one run of gradient descent did, epoch by epoch.

    Attributes
    ----------
    weights, biases : numpy.ndarray
        Parameters after each epoch; entry 0 is the starting point.
    losses : numpy.ndarray
        Loss at each entry of ``weights``/``biases``.
    learning_rates : numpy.ndarray
        The rate used at each step; entry t moved entry t to entry t + 1.
    diverged_at : int or None
        The first epoch after which the loss was not finite, else ``None``.
        The arrays stop at that epoch.
    """

    weights: np.ndarray
    biases: np.ndarray
    losses: np.ndarray
    learning_rates: np.ndarray
    diverged_at: int | None

    @property
    def status(self) -> str:
        """One line that says how the run ended.

        Examples
        --------
        >>> x, y = [1.0, 2.0, 3.0, 4.0], [3.0, 6.0, 9.0, 12.0]
        >>> gradient_descent(x, y, learning_rate=1.0, epochs=1000).status
        'loss became non-finite at epoch 128'
        """
        if self.diverged_at is None:
            return f"finished {len(self.learning_rates)} epochs, loss {self.losses[-1]:.6g}"
        return f"loss became non-finite at epoch {self.diverged_at}"


@dataclass(frozen=True)
class Sweep:
    """Final state of many runs that differ only in their learning rate.

    Attributes
    ----------
    learning_rates : numpy.ndarray, shape (R,)
    weights, biases, losses : numpy.ndarray, shape (R,)
        Final parameters and loss of each run (``inf``/``nan`` where it diverged).
    diverged_at : numpy.ndarray of int, shape (R,)
        First epoch with a non-finite loss, or 0 for runs that never diverged.
    loss_curves : numpy.ndarray, shape (epochs + 1, R)
        The loss of every run after every epoch; row 0 is the start.
    """

    learning_rates: np.ndarray
    weights: np.ndarray
    biases: np.ndarray
    losses: np.ndarray
    diverged_at: np.ndarray
    loss_curves: np.ndarray

    def epochs_to(self, tolerance: float) -> np.ndarray:
        """Epochs each run needed to bring its loss below ``tolerance``; -1 if never.

        Examples
        --------
        >>> x, y = [1.0, 2.0, 3.0, 4.0], [3.0, 6.0, 9.0, 12.0]
        >>> sweep(x, y, [0.01, 0.1, 1.0], epochs=1000).epochs_to(1e-6)
        array([ -1, 195,  -1])
        """
        tolerance = _checks.learning_rate(tolerance, "tolerance")
        below = self.loss_curves < tolerance
        return np.where(below.any(axis=0), np.argmax(below, axis=0), -1)


def _descend(
    x: np.ndarray, y: np.ndarray, rates: np.ndarray, w0: float, b0: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Run ``len(rates)`` steps for ``rates.shape[1]`` models at once.

    One residual per step gives the loss and both gradients (the formulas of
    :func:`lrdoc.losses.mse` and :func:`lrdoc.gradients.mse_linear`), laid out as
    ``(n, R)`` so that every operation runs over all R models together.
    """
    steps, count = rates.shape
    n = x.size
    xs, ys = x[:, None], y[:, None]
    w = np.empty((steps + 1, count))
    b = np.empty((steps + 1, count))
    loss = np.empty((steps + 1, count))
    w[0], b[0] = w0, b0
    residual = np.empty((n, count))
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps + 1):
            np.multiply(xs, w[t], out=residual)
            residual += b[t]
            residual -= ys
            loss[t] = np.einsum("ij,ij->j", residual, residual) / n
            if t == steps:
                break
            w[t + 1] = w[t] - rates[t] * (2.0 / n) * (xs * residual).sum(axis=0)
            b[t + 1] = b[t] - rates[t] * (2.0 / n) * residual.sum(axis=0)
    finite = np.isfinite(loss)
    diverged_at = np.where(finite.all(axis=0), 0, np.argmin(finite, axis=0))
    return w, b, loss, diverged_at


def _inputs(x: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    x = _checks.real_array(x, "x")
    y = _checks.real_array(y, "y")
    if x.ndim != 1 or y.ndim != 1:
        raise ValueError(
            f"x and y must be 1-d arrays, got shapes {x.shape} and {y.shape}"
        )
    _checks.same_length(x, y)
    return x, y


def gradient_descent(
    x: ArrayLike,
    y: ArrayLike,
    learning_rate: float | Schedule,
    epochs: int,
    w0: float = 0.0,
    b0: float = 0.0,
) -> History:
    """Fit ``y ≈ w x + b`` by full-batch gradient descent with exact gradients.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Inputs and targets.
    learning_rate : float or callable
        A rate > 0, or a schedule: a function from step (0, 1, ...) to rate.
    epochs : int
        Number of updates, >= 1.
    w0, b0 : float
        Starting weight and bias.

    Returns
    -------
    History
        Weights, biases and losses after every epoch, and the rate of every step.

    Raises
    ------
    ValueError, TypeError
        For a rate that is not a finite number > 0, ``epochs < 1``, x and y of
        different lengths, or inputs that are not real numbers.

    Examples
    --------
    >>> x, y = [1.0, 2.0, 3.0, 4.0], [3.0, 6.0, 9.0, 12.0]
    >>> run = gradient_descent(x, y, learning_rate=0.01, epochs=1)
    >>> run.weights
    array([0.  , 0.45])
    >>> gradient_descent(x, y, learning_rate=0.0, epochs=1)
    Traceback (most recent call last):
    ...
    ValueError: learning_rate must be a finite number > 0, got 0.0
    """
    x, y = _inputs(x, y)
    epochs = _checks.positive_int(epochs, "epochs")
    w0 = _checks.finite_number(w0, "w0")
    b0 = _checks.finite_number(b0, "b0")
    if callable(learning_rate):
        rates = np.array(
            [
                _checks.learning_rate(learning_rate(t), f"learning_rate({t})")
                for t in range(epochs)
            ]
        )
    else:
        rates = np.full(epochs, _checks.learning_rate(learning_rate))
    w, b, loss, diverged_at = _descend(x, y, rates[:, None], w0, b0)
    end = int(diverged_at[0]) or epochs
    return History(
        weights=w[: end + 1, 0],
        biases=b[: end + 1, 0],
        losses=loss[: end + 1, 0],
        learning_rates=rates[:end],
        diverged_at=int(diverged_at[0]) or None,
    )


def sweep(
    x: ArrayLike,
    y: ArrayLike,
    learning_rates: ArrayLike,
    epochs: int,
    w0: float = 0.0,
    b0: float = 0.0,
) -> Sweep:
    """Run gradient descent once per learning rate, all rates in one array computation.

    Each epoch updates every run at once, so 1,000 rates cost little more than one.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Inputs and targets.
    learning_rates : array_like, shape (R,)
        Rates, each a finite number > 0.
    epochs : int
        Number of updates per run, >= 1.
    w0, b0 : float
        Starting weight and bias of every run.

    Returns
    -------
    Sweep
        Final weight, bias and loss of each run, and where each diverged.

    Examples
    --------
    >>> x, y = [1.0, 2.0, 3.0, 4.0], [3.0, 6.0, 9.0, 12.0]
    >>> result = sweep(x, y, [0.01, 0.1, 1.0], epochs=1)
    >>> result.weights
    array([ 0.45,  4.5 , 45.  ])
    >>> sweep(x, y, [0.1, 1.0], epochs=200).diverged_at
    array([  0, 128])
    """
    x, y = _inputs(x, y)
    rates = _checks.learning_rates(learning_rates)
    epochs = _checks.positive_int(epochs, "epochs")
    w0 = _checks.finite_number(w0, "w0")
    b0 = _checks.finite_number(b0, "b0")
    w, b, loss, diverged_at = _descend(
        x, y, np.broadcast_to(rates, (epochs, rates.size)), w0, b0
    )
    return Sweep(
        learning_rates=rates,
        weights=w[-1],
        biases=b[-1],
        losses=loss[-1],
        diverged_at=diverged_at,
        loss_curves=loss,
    )
