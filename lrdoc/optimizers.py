r"""Optimizers with a learning rate that can be read and set: SGD, momentum, Adam.

An optimizer turns gradients into updates. Each one here keeps a step counter,
``iterations`` (one per call of :meth:`apply`, that is one per batch), and takes its
learning rate either as a number or as a schedule, a function from that counter to a
rate (see :mod:`lrdoc.schedules`). The update rules are Keras 3's:

- :class:`SGD`: :math:`w \leftarrow w - \eta g`;
- :class:`SGD` with momentum :math:`\mu`: :math:`v \leftarrow \mu v - \eta g`,
  :math:`w \leftarrow w + v`;
- :class:`Adam`, in the "epsilon hat" form of Kingma and Ba.

For a stack of networks (:mod:`lrdoc.nn.stack`) the rate may be one per model: an
array, or a schedule that returns one. Model ``m`` then steps with its own rate, along
the stack's leading axis.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from lrdoc import _checks
from lrdoc.schedules import Schedule

__all__ = ["SGD", "Adam", "Rate", "Schedule"]

Rate = float | Sequence[float] | np.ndarray | Callable[[int], float | np.ndarray]
"""A learning rate: a number, or a schedule (any function from step to rate); for a
stack, one per model (an array, or a schedule that returns one)."""


class _Optimizer:
    """Shared parts: the learning rate (a number or a schedule) and the step counter."""

    _learning_rate: float | np.ndarray | Callable[[int], float | np.ndarray]

    def __init__(self, learning_rate: Rate) -> None:
        self.learning_rate = learning_rate
        self.iterations = 0

    @property
    def learning_rate(self) -> Rate:
        """The rate: a float, or the schedule it was given. It can be set."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: Rate) -> None:
        if callable(value):
            self._learning_rate = value
        elif isinstance(value, Sequence | np.ndarray) and not isinstance(value, str):
            self._learning_rate = _checks.learning_rates(value, "learning_rate")
        else:
            self._learning_rate = _checks.learning_rate(value)

    def _base_rate(self) -> float | np.ndarray:
        rate = self._learning_rate
        if not callable(rate):
            return rate
        value = rate(self.iterations)
        if np.ndim(value) == 0:
            return _checks.schedule_value(lambda _: value, self.iterations)
        rates = np.asarray(value, dtype=np.float64)
        name = f"learning_rate({self.iterations})"
        _checks.reject(rates, ~(np.isfinite(rates) & (rates >= 0)), name, "rates >= 0")
        return rates

    def current_learning_rate(self) -> float | np.ndarray:
        """The rate the next step will use (one per model, for per-model rates).

        Examples
        --------
        >>> from lrdoc.schedules import cosine
        >>> adam = Adam(cosine(0.2, decay_steps=1))
        >>> adam.current_learning_rate()
        0.2
        >>> adam.apply([np.zeros(1)], [np.ones(1)])
        >>> adam.current_learning_rate()
        0.0
        """
        return self._base_rate()

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every array of ``params`` in place by one step (in each optimizer).

        Examples
        --------
        >>> w = np.array([1.0])
        >>> Adam(0.1).apply([w], [np.array([1.0])]); np.round(w, 4)
        array([0.9])
        """
        raise NotImplementedError

    @staticmethod
    def _along(rate: float | np.ndarray, like: np.ndarray) -> float | np.ndarray:
        """A per-model rate shaped to broadcast along a stacked array's first axis."""
        if isinstance(rate, np.ndarray):
            return rate.reshape((-1,) + (1,) * (like.ndim - 1))
        return rate

    def _check(
        self, params: list[np.ndarray], grads: list[np.ndarray]
    ) -> list[np.ndarray]:
        """Raise unless params are float arrays and grads real arrays of their shapes."""
        return _checks.params_and_grads(params, grads)


class SGD(_Optimizer):
    r"""Stochastic gradient descent, with optional momentum and legacy Keras decay.

    The step uses the rate :math:`\eta_t = \eta(t) / (1 + d\,t)`, where
    :math:`\eta(t)` is the learning rate (a constant or a schedule), :math:`d` is
    ``decay`` and :math:`t` is ``iterations``, the number of steps taken so far. The
    ``decay`` is that of Keras 2's ``SGD(lr, decay)``: it counts batches, not epochs.
    Keras 3 ignores ``decay``; its equivalent is an inverse-time schedule.

    Without momentum :math:`w \leftarrow w - \eta_t g`. With momentum
    :math:`\mu > 0`, as Keras writes it, :math:`v \leftarrow \mu v - \eta_t g`
    and :math:`w \leftarrow w + v`, with :math:`v` starting at zero.

    Parameters
    ----------
    learning_rate : float, array_like or callable
        A rate > 0, or a schedule from step to rate. Keras' default is 0.01. For a
        stack, one rate per model, or a schedule that returns one per model.
    momentum : float
        :math:`\mu` in [0, 1).
    decay : float
        :math:`d \geq 0`.

    Examples
    --------
    >>> w = np.array([1.0])
    >>> sgd = SGD(learning_rate=0.1)
    >>> sgd.apply([w], [np.array([2.0])])
    >>> w
    array([0.8])

    Legacy decay: the rate after 4 steps with ``decay=0.01`` is 0.2 / 1.04.

    >>> sgd = SGD(0.2, decay=0.01)
    >>> for _ in range(4):
    ...     sgd.apply([w], [np.array([0.0])])
    >>> sgd.iterations, round(sgd.current_learning_rate(), 6)
    (4, 0.192308)

    The rate can be read and set, and a bad one is refused:

    >>> sgd.learning_rate = 0.01
    >>> sgd.learning_rate
    0.01
    >>> sgd.learning_rate = -1
    Traceback (most recent call last):
    ...
    ValueError: learning_rate must be a finite number > 0, got -1
    """

    def __init__(
        self,
        learning_rate: Rate = 0.01,
        momentum: float = 0.0,
        decay: float = 0.0,
    ) -> None:
        super().__init__(learning_rate)
        self.momentum = _checks.number_in(momentum, "momentum", 0.0, 1.0)
        self.decay = _checks.finite_number(decay, "decay")
        if self.decay < 0:
            raise ValueError(f"decay must be >= 0, got {_checks.show(decay)}")
        self._velocities: list[np.ndarray] | None = None

    def current_learning_rate(self) -> float | np.ndarray:
        """The rate of the next step: the base rate over ``1 + decay * iterations``.

        Examples
        --------
        >>> round(SGD(0.2, decay=0.01).current_learning_rate(), 6)
        0.2
        """
        return self._base_rate() / (1.0 + self.decay * self.iterations)

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every array of ``params`` in place by one step.

        Examples
        --------
        With momentum 0.9 the second step is 1.9 times the first:

        >>> w = np.array([0.0])
        >>> sgd = SGD(0.1, momentum=0.9)
        >>> sgd.apply([w], [np.array([1.0])]); w
        array([-0.1])
        >>> sgd.apply([w], [np.array([1.0])]); w
        array([-0.29])
        """
        grads = self._check(params, grads)
        rate = self.current_learning_rate()
        with np.errstate(all="ignore"):  # an overflow is divergence, not a warning
            if self.momentum:
                if self._velocities is None:
                    self._velocities = [
                        np.zeros_like(p, dtype=np.float64) for p in params
                    ]
                for p, g, v in zip(params, grads, self._velocities, strict=True):
                    v *= self.momentum
                    v -= self._along(rate, p) * g
                    p += v
            else:
                for p, g in zip(params, grads, strict=True):
                    p -= self._along(rate, p) * g
        self.iterations += 1


class Adam(_Optimizer):
    r"""Adam, as Keras 3 computes it (the "epsilon hat" form of Kingma and Ba).

    With :math:`t` the step number counted from 1,

    .. math::

        m \leftarrow \beta_1 m + (1-\beta_1) g,

    .. math::

        v \leftarrow \beta_2 v + (1-\beta_2) g^2,

    .. math::

        w \leftarrow w - \eta \frac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}
        \frac{m}{\sqrt{v} + \hat\epsilon}.

    PyTorch instead adds its :math:`\epsilon` (default 1e-8) to :math:`\sqrt{\hat v}`,
    the bias-corrected root; the two differ only when :math:`\sqrt v` is tiny.

    Parameters
    ----------
    learning_rate : float, array_like or callable
        Keras' default is 0.001. As for :class:`SGD`, one per model for a stack.
    beta_1, beta_2 : float
        Decay rates of the two moment estimates, each in [0, 1).
    epsilon : float
        :math:`\hat\epsilon > 0`; Keras' default is 1e-7.

    Examples
    --------
    The first step moves every weight by about the learning rate, whatever the
    size of its gradient; only a gradient near :math:`\hat\epsilon / \sqrt{1-\beta_2}`
    moves less:

    >>> w = np.array([0.0, 0.0])
    >>> adam = Adam()
    >>> adam.apply([w], [np.array([1000.0, 0.001])])
    >>> np.round(w, 7)
    array([-0.001    , -0.0009968])
    """

    def __init__(
        self,
        learning_rate: Rate = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
    ) -> None:
        super().__init__(learning_rate)
        self.beta_1 = _checks.number_in(beta_1, "beta_1", 0.0, 1.0)
        self.beta_2 = _checks.number_in(beta_2, "beta_2", 0.0, 1.0)
        self.epsilon = _checks.positive(epsilon, "epsilon")
        self._moments: list[tuple[np.ndarray, np.ndarray]] | None = None

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every array of ``params`` in place by one step.

        Examples
        --------
        >>> w = np.array([1.0])
        >>> adam = Adam(learning_rate=0.1)
        >>> for _ in range(3):
        ...     adam.apply([w], [2 * w])
        >>> adam.iterations, np.round(w, 4)
        (3, array([0.7016]))
        """
        grads = self._check(params, grads)
        rate = self.current_learning_rate()
        if self._moments is None:
            self._moments = [
                (np.zeros_like(p, dtype=np.float64), np.zeros_like(p, dtype=np.float64))
                for p in params
            ]
        t = self.iterations + 1
        alpha = rate * np.sqrt(1.0 - self.beta_2**t) / (1.0 - self.beta_1**t)
        with np.errstate(all="ignore"):  # an overflow is divergence, not a warning
            for p, g, (m, v) in zip(params, grads, self._moments, strict=True):
                m += (1.0 - self.beta_1) * (g - m)
                v += (1.0 - self.beta_2) * (g * g - v)
                p -= self._along(alpha, p) * m / (np.sqrt(v) + self.epsilon)
        self.iterations += 1
