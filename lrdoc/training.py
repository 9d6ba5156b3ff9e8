r"""Training: full-batch gradient descent on the linear model, one run or many.

The model is :func:`lrdoc.models.linear`, the loss :func:`lrdoc.losses.mse` and the
gradient :func:`lrdoc.gradients.mse_linear`; the trainers run exactly those kernels.
With parameters :math:`\theta = (w, b)`, plain gradient descent updates

.. math:: \theta_{t+1} = \theta_t - \eta_t\,\nabla L(\theta_t),

and heavy-ball momentum :math:`\beta \in [0, 1)` keeps a velocity :math:`v_0 = 0`:

.. math:: v_{t+1} = \beta\,v_t - \eta_t\,\nabla L(\theta_t),

.. math:: \theta_{t+1} = \theta_t + v_{t+1}.

Nesterov's variant takes the gradient at the look-ahead point instead,
:math:`v_{t+1} = \beta v_t - \eta_t \nabla L(\theta_t + \beta v_t)` (Sutskever et al.'s
form). Keras' and PyTorch's ``nesterov=True`` keep the look-ahead point
:math:`\theta_t + \beta v_t` as their parameters instead; the two sequences differ by
:math:`\beta v_t` and converge alike. With :math:`\beta = 0` all three are the same
update.

Divergence is a result, not a warning: when the loss stops being a finite number, the
run stops and records the epoch (0 if the starting loss is already not finite). A run
whose loss stays finite but ends far above where it started is diverged too, by the
one rule of :mod:`lrdoc.divergence` (documented in ``docs/reference/errors.md``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks
from lrdoc.divergence import describe, onset
from lrdoc.gradients import _mse_linear
from lrdoc.losses import _mean_square
from lrdoc.models import _linear
from lrdoc.schedules import Schedule

__all__ = ["History", "Schedule", "Sweep", "gradient_descent", "sweep"]


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
        The first epoch whose loss was not finite (0 for the start), and the arrays
        stop there; or, for a run whose loss stayed finite but rose (the rule of
        :mod:`lrdoc.divergence`), the first epoch from which it stayed risen, and
        the arrays hold every epoch. ``None`` for a run that did not diverge.
    momentum : float
        The momentum :math:`\\beta` of the run (0 for plain gradient descent).

    Examples
    --------
    >>> run = gradient_descent([1.0, 2.0], [2.0, 4.0], 0.1, epochs=2)
    >>> run.weights, run.learning_rates, run.diverged_at
    (array([0.  , 1.  , 1.32]), array([0.1, 0.1]), None)
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

        Above the stability bound the loss can grow for 100 epochs without
        overflowing; the run is diverged all the same:

        >>> gradient_descent(x, y, learning_rate=0.2, epochs=100).status
        'diverged: loss rose from 67.5 to 4.74e+75'
        """
        last = float(self.losses[-1])
        if self.diverged_at is None:
            return f"finished {len(self.learning_rates)} epochs, loss {last:.6g}"
        if math.isfinite(last):
            return describe(float(self.losses[0]), last)
        return f"loss became non-finite at epoch {self.diverged_at}"


@dataclass(frozen=True)
class Sweep:
    """Final state of many runs that differ only in their learning rate (and momentum).

    lrdoc's one result type for a sweep: :func:`sweep` (gradient descent on the
    linear model) and :func:`lrdoc.perceptron.sweep` (the delta rule) both return it.
    The runs are the entries of ``learning_rates`` and ``momentum`` broadcast
    together, flattened in C order; ``shape`` is their broadcast shape, so
    ``result.losses.reshape(result.shape)`` lays the results out as the grid given.

    Attributes
    ----------
    learning_rates : numpy.ndarray, shape (R,)
        The rate of each run.
    weights, biases : numpy.ndarray, shape (R,)
        Final parameters of each run (not finite where it diverged).
    losses : numpy.ndarray, shape (R,)
        Final loss of each run, as named by ``loss`` (``nan`` where it became
        non-finite).
    diverged_at : numpy.ndarray of float, shape (R,)
        Where each run diverged (the rule of :mod:`lrdoc.divergence`): the first
        epoch (or update, for the delta rule) whose loss or parameters were not
        finite, 0 for the start; for a run whose loss stayed finite but rose, the
        first recorded epoch from which it stayed risen; ``nan`` for runs that did
        not diverge. :attr:`diverged` is the same as a boolean array.
    loss_curves : numpy.ndarray, shape (epochs + 1, R), or None
        The loss of every run after every epoch; row 0 is the start, and a run's
        entries after it diverged are ``nan``. ``None`` where not recorded.
    momentum : numpy.ndarray, shape (R,)
        The momentum of each run (zeros for plain gradient descent).
    shape : tuple of int
        The broadcast shape of the rates and momenta given.
    loss : str
        What ``losses`` measure: ``"mean squared error"`` or ``"mean absolute error"``.

    Examples
    --------
    >>> result = sweep([1.0, 2.0], [2.0, 4.0], [0.1, 0.2], epochs=2)
    >>> result.weights, result.loss_curves.shape, result.loss
    (array([1.32, 1.28]), (3, 2), 'mean squared error')
    """

    learning_rates: np.ndarray
    weights: np.ndarray
    biases: np.ndarray
    losses: np.ndarray
    diverged_at: np.ndarray
    loss_curves: np.ndarray | None
    momentum: np.ndarray
    shape: tuple[int, ...]
    loss: str = "mean squared error"

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

    @property
    def mean_abs_errors(self) -> np.ndarray:
        """:attr:`losses`, when they are mean absolute errors (the delta rule's).

        Examples
        --------
        >>> from lrdoc import perceptron
        >>> result = perceptron.sweep([1.0, 2.0], [1.0, 2.0], [0.1], iterations=500)
        >>> bool(result.mean_abs_errors[0] < 0.01)
        True
        """
        if self.loss != "mean absolute error":
            raise AttributeError(
                f"this sweep's losses are the {self.loss}, not mean absolute errors"
            )
        return self.losses

    def epochs_to(self, tolerance: float) -> np.ndarray:
        """Epochs each run needed to bring its loss below ``tolerance``; -1 if never.

        Examples
        --------
        >>> x, y = [1.0, 2.0, 3.0, 4.0], [3.0, 6.0, 9.0, 12.0]
        >>> sweep(x, y, [0.01, 0.1, 1.0], epochs=1000).epochs_to(1e-6)
        array([ -1, 195,  -1])
        """
        tolerance = _checks.positive(tolerance, "tolerance")
        if self.loss_curves is None:
            raise ValueError("this sweep recorded no loss curves")
        below = self.loss_curves < tolerance
        return np.where(below.any(axis=0), np.argmax(below, axis=0), -1)


def _descend(
    x: np.ndarray,
    y: np.ndarray,
    steps: int,
    rate_at: Callable[[int], np.ndarray],
    momentum: np.ndarray,
    nesterov: bool,
    w0: float,
    b0: float,
    path: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Run ``steps`` steps for ``momentum.size`` models at once.

    ``rate_at(t)`` gives the rates of step t, one per model (or one for all).
    Returns the weights and biases (of every epoch reached, shape ``(T, R)``, if
    ``path``, else the last, shape ``(R,)``), the loss curves, shape
    ``(steps + 1, R)``, and the divergence epochs (``-1`` for never). After a run
    diverges its losses are ``nan``; the loop ends when every run has diverged, so
    ``T`` may be less than ``steps + 1``.
    """
    count = momentum.size
    y = y[:, None]
    w = np.full(count, w0)
    b = np.full(count, b0)
    vw = np.zeros(count)
    vb = np.zeros(count)
    heavy = bool(momentum.any())
    look = heavy and nesterov
    # every loss curve (and, for one run, every parameter) is preallocated
    curves = np.empty((steps + 1, count))
    ws = np.empty((steps + 1 if path else 0, count))
    bs = np.empty_like(ws)
    diverged_at = np.full(count, -1)
    alive = np.ones(count, dtype=bool)
    with np.errstate(all="ignore"):
        for t in range(steps + 1):
            residual = _linear(x, w, b) - y
            loss = _mean_square(residual)
            curves[t] = loss
            if path:
                ws[t] = w
                bs[t] = b
            if not math.isfinite(loss.sum()):  # a cheap guard, then find which
                fresh = alive & ~np.isfinite(loss)
                if fresh.any():
                    diverged_at[fresh] = t
                    alive &= ~fresh
                if not alive.any():
                    break
            if t == steps:
                break
            rate = rate_at(t)
            if look:
                residual = _linear(x, w + momentum * vw, b + momentum * vb) - y
            dw, db = _mse_linear(x, residual)
            if heavy:
                vw = momentum * vw - rate * dw
                vb = momentum * vb - rate * db
                w = w + vw
                b = b + vb
            else:
                w = w - rate * dw
                b = b - rate * db
    if path:
        end = t + 1  # rows reached
        return ws[:end], bs[:end], curves[:end], diverged_at
    last = steps if alive.any() else int(diverged_at.max())  # the last row computed
    curves[last + 1 :] = np.nan
    if (diverged_at >= 0).any():
        epoch = np.arange(last + 1)[:, None]
        curves[: last + 1][(diverged_at >= 0) & (epoch > diverged_at)] = np.nan
    return w, b, curves, diverged_at


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
    learning_rate: float | Callable[[int], float],
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
        A rate > 0, or a schedule (:class:`lrdoc.schedules.Schedule`, or any
        function from step 0, 1, ... to a rate >= 0).
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
        ``epochs < 1``, a run larger than :data:`lrdoc._checks.MAX_RUN_SIZE` or whose
        arrays would need more than :data:`lrdoc._checks.MAX_BYTES`, x and y of
        different lengths, empty, or holding anything but finite real numbers.

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
    _checks.run_size(epochs * 2, "epochs × 2")
    # losses, weights, biases and rates per epoch (a schedule's rates as Python
    # floats first), the divergence rule's masks, and the residuals of one epoch
    _checks.memory(
        f"gradient_descent(epochs={epochs}, samples={x.size})",
        (9, epochs + 1),
        (6, x.size),
    )
    w0 = _checks.finite_number(w0, "w0")
    b0 = _checks.finite_number(b0, "b0")
    beta = _momentum(momentum)
    nesterov = _checks.flag(nesterov, "nesterov")
    rates: list[float] = []
    if callable(learning_rate):
        schedule = learning_rate

        def rate_at(t: int) -> np.ndarray:
            rates.append(_checks.schedule_value(schedule, t))
            return np.array(rates[-1:])

    else:
        constant = np.array([_checks.learning_rate(learning_rate)])

        def rate_at(t: int) -> np.ndarray:
            return constant

    w, b, loss, diverged_at = _descend(
        x, y, epochs, rate_at, np.array([beta]), nesterov, w0, b0, path=True
    )
    at = int(diverged_at[0])
    end = epochs if at < 0 else at
    if at < 0:  # finite to the end: did the loss rise?
        at = int(onset(loss[:, 0]))
    if not callable(learning_rate):
        rates = [float(constant[0])] * end
    return History(
        weights=w[: end + 1, 0],
        biases=b[: end + 1, 0],
        losses=loss[: end + 1, 0],
        learning_rates=np.array(rates[:end]),
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
        As :func:`gradient_descent`, for shapes that do not broadcast, for
        ``epochs × runs × 2`` above :data:`lrdoc._checks.MAX_RUN_SIZE`, and for
        arrays (every run's loss curve, and its residuals over the samples) whose
        bytes would exceed :data:`lrdoc._checks.MAX_BYTES`.

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
    # every run's loss curve, the divergence rule's masks over it, the residuals
    # and gradients of one epoch, and each run's parameters and velocities
    _checks.memory(
        f"sweep(epochs={epochs}, runs={rates.size}, samples={x.size})",
        (2, epochs + 1, rates.size),
        (6, x.size, rates.size),
        (16, rates.size),
    )
    w0 = _checks.finite_number(w0, "w0")
    b0 = _checks.finite_number(b0, "b0")
    nesterov = _checks.flag(nesterov, "nesterov")
    w, b, loss, diverged_at = _descend(
        x, y, epochs, lambda t: rates, betas, nesterov, w0, b0, path=False
    )
    diverged_at = np.where(diverged_at < 0, onset(loss), diverged_at)
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
