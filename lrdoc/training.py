r"""Training: full-batch gradient descent on the linear model, one run or many.

The model is :func:`lrdoc.models.linear`, the loss :func:`lrdoc.losses.mse` and the
gradient :func:`lrdoc.gradients.mse_linear`; the trainers run exactly those kernels.
With parameters :math:`\theta = (w, b)`, plain gradient descent updates

.. math:: \theta_{t+1} = \theta_t - \eta_t\,\nabla L(\theta_t),

and heavy-ball momentum :math:`\beta \in [0, 1)` keeps a velocity :math:`v_0 = 0`:

.. math:: v_{t+1} = \beta\,v_t - \eta_t\,\nabla L(\theta_t), \qquad
          \theta_{t+1} = \theta_t + v_{t+1}.

Nesterov's variant takes the gradient at the look-ahead point instead,
:math:`v_{t+1} = \beta v_t - \eta_t \nabla L(\theta_t + \beta v_t)` (Sutskever et al.'s
form). With :math:`\beta = 0` all three are the same update.

Divergence is a result, not a warning: when the loss stops being a finite number, the
run stops and records the epoch (0 if the starting loss is already not finite).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks
from lrdoc.gradients import _mse_linear
from lrdoc.losses import _mean_square
from lrdoc.models import _linear

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
        The first epoch whose loss was not finite (0 for the start), else ``None``.
        The arrays stop at that epoch.
    momentum : float
        The momentum :math:`\\beta` of the run (0 for plain gradient descent).
    """

    weights: np.ndarray
    biases: np.ndarray
    losses: np.ndarray
    learning_rates: np.ndarray
    diverged_at: int | None
    momentum: float = 0.0

    @property
    def status(self) -> str:
        """One line that says how the run ended.

        Examples
        --------
        >>> x, y = [1.0, 2.0, 3.0, 4.0], [3.0, 6.0, 9.0, 12.0]
        >>> gradient_descent(x, y, learning_rate=1.0, epochs=1000).status
        'loss became non-finite at epoch 128'
        >>> gradient_descent(x, y, learning_rate=0.1, epochs=10).status
        'finished 10 epochs, loss 0.0984834'
        """
        if self.diverged_at is None:
            return f"finished {len(self.learning_rates)} epochs, loss {self.losses[-1]:.6g}"
        return f"loss became non-finite at epoch {self.diverged_at}"


@dataclass(frozen=True)
class Sweep:
    """Final state of many runs that differ only in their learning rate and momentum.

    The runs are the entries of ``learning_rates`` and ``momentum`` broadcast
    together, flattened in C order; ``shape`` is their broadcast shape, so
    ``result.losses.reshape(result.shape)`` lays the results out as the grid given.

    Attributes
    ----------
    learning_rates, momentum : numpy.ndarray, shape (R,)
        The rate and momentum of each run.
    weights, biases, losses : numpy.ndarray, shape (R,)
        Final parameters and loss of each run (not finite where it diverged).
    diverged_at : numpy.ndarray of float, shape (R,)
        First epoch with a non-finite loss (0 for the start), or ``nan`` for runs
        that never diverged; :attr:`diverged` is the same as a boolean array.
    loss_curves : numpy.ndarray, shape (epochs + 1, R)
        The loss of every run after every epoch; row 0 is the start. After a run
        diverges its entries are ``nan``.
    shape : tuple of int
        The broadcast shape of the rates and momenta given.
    """

    learning_rates: np.ndarray
    weights: np.ndarray
    biases: np.ndarray
    losses: np.ndarray
    diverged_at: np.ndarray
    loss_curves: np.ndarray
    momentum: np.ndarray | None = None
    shape: tuple[int, ...] = ()

    @property
    def diverged(self) -> np.ndarray:
        """Whether each run diverged, shape (R,).

        Examples
        --------
        >>> x, y = [1.0, 2.0, 3.0, 4.0], [3.0, 6.0, 9.0, 12.0]
        >>> sweep(x, y, [0.1, 1.0], epochs=200).diverged
        array([False,  True])
        """
        return ~np.isnan(self.diverged_at)

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
    x: np.ndarray,
    y: np.ndarray,
    rates: np.ndarray,
    momentum: np.ndarray,
    nesterov: bool,
    w0: float,
    b0: float,
    path: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Run ``len(rates)`` steps for ``rates.shape[1]`` models at once.

    Returns the weights and biases (of every epoch, shape ``(steps + 1, R)``, if
    ``path``, else the last, shape ``(R,)``), the loss curves, shape
    ``(steps + 1, R)``, and the divergence epochs (``-1`` for never). After a run
    diverges its losses are ``nan``; the loop ends when every run has diverged.
    """
    steps, count = rates.shape
    y = y[:, None]
    w = np.full(count, w0)
    b = np.full(count, b0)
    vw = np.zeros(count)
    vb = np.zeros(count)
    heavy = bool(momentum.any())
    look = heavy and nesterov
    loss = np.full((steps + 1, count), np.nan)
    ws = np.full((steps + 1, count), np.nan) if path else w
    bs = np.full((steps + 1, count), np.nan) if path else b
    diverged_at = np.full(count, -1)
    alive = np.ones(count, dtype=bool)
    with np.errstate(all="ignore"):
        for t in range(steps + 1):
            residual = _linear(x, w, b) - y
            loss[t] = _mean_square(residual)
            if path:
                ws[t], bs[t] = w, b
            if not math.isfinite(loss[t].sum()):  # cheap guard, then find which
                fresh = alive & ~np.isfinite(loss[t])
                if fresh.any():
                    diverged_at[fresh] = t
                    alive &= ~fresh
                if not alive.any():
                    break
            if t == steps:
                break
            if look:
                residual = _linear(x, w + momentum * vw, b + momentum * vb) - y
            dw, db = _mse_linear(x, residual)
            if heavy:
                vw = momentum * vw - rates[t] * dw
                vb = momentum * vb - rates[t] * db
                w = w + vw
                b = b + vb
            else:
                w = w - rates[t] * dw
                b = b - rates[t] * db
    epoch = np.arange(steps + 1)[:, None]
    loss[(diverged_at >= 0) & (epoch > diverged_at)] = np.nan
    if path:
        return ws, bs, loss, diverged_at
    return w, b, loss, diverged_at


def _inputs(x: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    x = _checks.finite_vector(x, "x")
    y = _checks.finite_vector(y, "y")
    _checks.same_length(x, y)
    return x, y


def _momentum(value: object) -> float:
    return _checks.number_in(value, "momentum", 0.0, 1.0)


def gradient_descent(
    x: ArrayLike,
    y: ArrayLike,
    learning_rate: float | Schedule,
    epochs: int,
    w0: float = 0.0,
    b0: float = 0.0,
    momentum: float = 0.0,
    nesterov: bool = False,
) -> History:
    r"""Fit ``y ≈ w x + b`` by full-batch gradient descent with exact gradients.

    With ``momentum`` :math:`\beta > 0` this is heavy-ball momentum,
    :math:`v_{t+1} = \beta v_t - \eta_t \nabla L(\theta_t)`,
    :math:`\theta_{t+1} = \theta_t + v_{t+1}`, :math:`v_0 = 0`; with ``nesterov``
    the gradient is taken at :math:`\theta_t + \beta v_t` (see :mod:`lrdoc.training`).

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Inputs and targets, finite numbers.
    learning_rate : float or callable
        A rate > 0, or a schedule: a function from step (0, 1, ...) to a rate >= 0.
    epochs : int
        Number of updates, >= 1.
    w0, b0 : float
        Starting weight and bias.
    momentum : float
        :math:`\beta` in [0, 1); 0 is plain gradient descent.
    nesterov : bool
        Take the gradient at the look-ahead point.

    Returns
    -------
    History
        Weights, biases and losses after every epoch, and the rate of every step.

    Raises
    ------
    ValueError, TypeError
        For a rate that is not a finite number > 0 (a schedule's value may be 0),
        ``epochs < 1``, a run larger than :data:`lrdoc._checks.MAX_RUN_SIZE`, x and y
        of different lengths, empty, or holding anything but finite real numbers.

    Examples
    --------
    >>> x, y = [1.0, 2.0, 3.0, 4.0], [3.0, 6.0, 9.0, 12.0]
    >>> run = gradient_descent(x, y, learning_rate=0.01, epochs=1)
    >>> run.weights
    array([0.  , 0.45])

    With momentum 0.9 the second step adds 0.9 times the first to its own:

    >>> gradient_descent(x, y, 0.01, epochs=2, momentum=0.9).weights
    array([0.  , 0.45, 1.23])
    >>> gradient_descent(x, y, learning_rate=0.0, epochs=1)
    Traceback (most recent call last):
    ...
    ValueError: learning_rate must be a finite number > 0, got 0.0
    """
    x, y = _inputs(x, y)
    epochs = _checks.positive_int(epochs, "epochs")
    _checks.run_size(epochs * 2, "epochs")
    w0 = _checks.finite_number(w0, "w0")
    b0 = _checks.finite_number(b0, "b0")
    beta = _momentum(momentum)
    nesterov = _checks.flag(nesterov, "nesterov")
    if callable(learning_rate):
        rates = np.array(
            [_checks.schedule_value(learning_rate, t) for t in range(epochs)]
        )
    else:
        rates = np.full(epochs, _checks.learning_rate(learning_rate))
    w, b, loss, diverged_at = _descend(
        x, y, rates[:, None], np.array([beta]), nesterov, w0, b0, path=True
    )
    at = int(diverged_at[0])
    end = epochs if at < 0 else at
    return History(
        weights=w[: end + 1, 0],
        biases=b[: end + 1, 0],
        losses=loss[: end + 1, 0],
        learning_rates=rates[:end],
        diverged_at=None if at < 0 else at,
        momentum=beta,
    )


def sweep(
    x: ArrayLike,
    y: ArrayLike,
    learning_rates: ArrayLike,
    epochs: int,
    w0: float = 0.0,
    b0: float = 0.0,
    momentum: ArrayLike = 0.0,
    nesterov: bool = False,
) -> Sweep:
    r"""Run gradient descent once per (rate, momentum) pair, all in one array computation.

    Each epoch updates every run at once, so 1,000 runs cost little more than one.
    ``learning_rates`` and ``momentum`` broadcast together like numpy arrays; each
    entry of the broadcast is one run, and the runs are flattened in C order. So
    ``learning_rates=rates[:, None], momentum=betas[None, :]`` sweeps the grid of
    every rate with every momentum, and ``result.losses.reshape(result.shape)`` is
    that grid, rates down, momenta across. The update is heavy-ball momentum,
    :math:`v_{t+1} = \beta v_t - \eta \nabla L(\theta_t)`,
    :math:`\theta_{t+1} = \theta_t + v_{t+1}` (plain gradient descent for
    :math:`\beta = 0`), as in :func:`gradient_descent`.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Inputs and targets, finite numbers.
    learning_rates : array_like, any shape
        Rates, each a finite number > 0.
    epochs : int
        Number of updates per run, >= 1.
    w0, b0 : float
        Starting weight and bias of every run.
    momentum : float or array_like, broadcastable with ``learning_rates``
        :math:`\beta`, each in [0, 1).
    nesterov : bool
        Take the gradient at the look-ahead point :math:`\theta_t + \beta v_t`.

    Returns
    -------
    Sweep
        Final weight, bias and loss of each run, its loss curve, and where it diverged.

    Raises
    ------
    ValueError, TypeError
        As :func:`gradient_descent`, for shapes that do not broadcast, and for
        ``epochs × runs × 2`` above :data:`lrdoc._checks.MAX_RUN_SIZE`.

    Examples
    --------
    >>> x, y = [1.0, 2.0, 3.0, 4.0], [3.0, 6.0, 9.0, 12.0]
    >>> result = sweep(x, y, [0.01, 0.1, 1.0], epochs=1)
    >>> result.weights
    array([ 0.45,  4.5 , 45.  ])
    >>> sweep(x, y, [0.1, 1.0], epochs=200).diverged_at
    array([ nan, 128.])

    A grid of 2 rates by 3 momenta is 6 runs. At η = 0.2, above the plain bound
    2/λmax ≈ 0.12, only β = 0.9 keeps ηλmax below 2 + 2β:

    >>> grid = sweep(x, y, [[0.05], [0.2]], epochs=1000, momentum=[0.0, 0.5, 0.9])
    >>> grid.shape, grid.losses.shape
    ((2, 3), (6,))
    >>> grid.diverged.reshape(grid.shape)
    array([[False, False, False],
           [ True,  True, False]])
    """
    x, y = _inputs(x, y)
    rates = _checks.finite_array(learning_rates, "learning_rates")
    _checks.reject(rates, rates <= 0, "learning_rates", "numbers > 0")
    betas = _checks.finite_array(momentum, "momentum")
    _checks.reject(betas, (betas < 0) | (betas >= 1), "momentum", "numbers in [0, 1)")
    try:
        rates, betas = np.broadcast_arrays(rates, betas)
    except ValueError:
        raise ValueError(
            f"learning_rates and momentum must broadcast together, got shapes "
            f"{np.shape(rates)} and {np.shape(betas)}"
        ) from None
    shape = rates.shape
    rates, betas = rates.ravel(), betas.ravel()
    epochs = _checks.positive_int(epochs, "epochs")
    _checks.run_size(epochs * rates.size * 2, "epochs × runs × 2")
    w0 = _checks.finite_number(w0, "w0")
    b0 = _checks.finite_number(b0, "b0")
    nesterov = _checks.flag(nesterov, "nesterov")
    w, b, loss, diverged_at = _descend(
        x,
        y,
        np.broadcast_to(rates, (epochs, rates.size)),
        betas,
        nesterov,
        w0,
        b0,
        path=False,
    )
    return Sweep(
        learning_rates=rates,
        weights=w,
        biases=b,
        losses=loss[-1],
        diverged_at=np.where(diverged_at < 0, np.nan, diverged_at.astype(float)),
        loss_curves=loss,
        momentum=betas,
        shape=shape,
    )
