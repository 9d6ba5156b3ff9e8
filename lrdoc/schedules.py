r"""Learning-rate schedules: functions from step to rate.

A schedule maps the optimizer's step counter :math:`t = 0, 1, 2, \dots` (one step per
batch) to the rate of that step. Pass one as the ``learning_rate`` of an optimizer in
:mod:`lrdoc.optimizers`, or call it. Each function below documents its formula and
matches the schedule of the same shape in Keras 3 or PyTorch:

========================  ==============================================
lrdoc                     Keras 3 / PyTorch
========================  ==============================================
:func:`inverse_time`      ``keras.optimizers.schedules.InverseTimeDecay``
:func:`step_decay`        ``torch.optim.lr_scheduler.StepLR``
:func:`exponential`       ``keras.optimizers.schedules.ExponentialDecay``
:func:`cosine`            ``keras.optimizers.schedules.CosineDecay``
========================  ==============================================
"""

from __future__ import annotations

import math
from collections.abc import Callable

from lrdoc import _checks

MAX_STEP = 2**53
"""The largest step a schedule accepts: beyond it a float cannot count steps."""


class Schedule:
    """A learning-rate schedule: call it with a step (an int >= 0) to get a rate.

    lrdoc's one schedule type. The functions of this module build one, and its
    ``repr`` says which; the trainers (:func:`lrdoc.training.gradient_descent`,
    :mod:`lrdoc.optimizers`) also take any plain function from step to rate, and
    :meth:`of` wraps such a function into a Schedule.

    Parameters
    ----------
    description : str
        What ``repr`` shows.
    rate : callable
        The function from step to rate.

    Examples
    --------
    >>> halving = Schedule("halving(0.1)", lambda t: 0.1 / 2**t)
    >>> halving
    halving(0.1)
    >>> halving(3)
    0.0125
    >>> halving(-1)
    Traceback (most recent call last):
    ...
    ValueError: step must be >= 0, got -1
    """

    def __init__(self, description: str, rate: Callable[[int], float]) -> None:
        if not isinstance(description, str):
            raise TypeError(
                f"description must be a str, got {_checks.show(description)}"
            )
        if not callable(rate):
            raise TypeError(
                f"rate must be a function of the step, got {_checks.show(rate)}"
            )
        self._description = description
        self._rate = rate

    @classmethod
    def of(cls, rate: Callable[[int], float]) -> Schedule:
        """``rate`` as a Schedule (itself if it already is one).

        Examples
        --------
        >>> Schedule.of(lambda t: 0.1)(5)
        0.1
        """
        if isinstance(rate, Schedule):
            return rate
        return cls(f"Schedule.of({getattr(rate, '__name__', repr(rate))})", rate)

    def __repr__(self) -> str:
        return self._description

    def __call__(self, step: int) -> float:
        step = _checks.non_negative_int(step, "step")
        if step > MAX_STEP:
            raise ValueError(f"step must be <= 2**53, got {_checks.show(step)}")
        return float(self._rate(step))


def inverse_time(
    initial: float, decay_rate: float, decay_steps: int = 1, staircase: bool = False
) -> Schedule:
    r"""Inverse-time decay: :math:`\eta_t = \eta_0 / (1 + r\,t/s)`.

    With ``staircase=True`` the ratio :math:`t/s` is floored, so the rate is
    constant for :math:`s` steps at a time. With :math:`s = 1` this is exactly
    legacy Keras ``SGD(lr=initial, decay=decay_rate)``.

    Parameters
    ----------
    initial : float
        :math:`\eta_0 > 0`.
    decay_rate : float
        :math:`r \geq 0`.
    decay_steps : int
        :math:`s \geq 1`.
    staircase : bool

    Examples
    --------
    Keras 3.15.1's ``InverseTimeDecay(0.2, decay_steps=1, decay_rate=0.01)`` gives
    0.19801980 at step 1, 0.19230770 at step 4 and 0.1 at step 100:

    >>> schedule = inverse_time(0.2, 0.01)
    >>> schedule
    inverse_time(initial=0.2, decay_rate=0.01, decay_steps=1, staircase=False)
    >>> [round(schedule(t), 8) for t in (0, 1, 4, 100)]
    [0.2, 0.1980198, 0.19230769, 0.1]
    >>> stairs = inverse_time(0.2, 0.01, decay_steps=4, staircase=True)
    >>> [round(stairs(t), 8) for t in (3, 4, 8)]
    [0.2, 0.1980198, 0.19607843]
    """
    initial = _checks.learning_rate(initial, "initial")
    decay_rate = _checks.finite_number(decay_rate, "decay_rate")
    if decay_rate < 0:
        raise ValueError(f"decay_rate must be >= 0, got {_checks.show(decay_rate)}")
    decay_steps = _checks.positive_int(decay_steps, "decay_steps")
    staircase = _checks.flag(staircase, "staircase")

    def rate(step: int) -> float:
        p = step // decay_steps if staircase else step / decay_steps
        return initial / (1.0 + decay_rate * p)

    return Schedule(
        f"inverse_time(initial={initial!r}, decay_rate={decay_rate!r}, "
        f"decay_steps={decay_steps!r}, staircase={staircase!r})",
        rate,
    )


def step_decay(initial: float, step_size: int, gamma: float) -> Schedule:
    r"""Step decay: :math:`\eta_t = \eta_0\,\gamma^{\lfloor t/k \rfloor}`.

    The rate is multiplied by :math:`\gamma` every :math:`k` steps, as PyTorch's
    ``StepLR(step_size=k, gamma=γ)`` does. (Keras' ``ExponentialDecay`` with
    ``staircase=True`` is the same schedule.)

    Parameters
    ----------
    initial : float
        :math:`\eta_0 > 0`.
    step_size : int
        :math:`k \geq 1`.
    gamma : float
        :math:`\gamma`, in (0, 1].

    Examples
    --------
    PyTorch 2.13.0's ``StepLR(step_size=10, gamma=0.5)`` on a rate of 0.2 gives 0.2
    at steps 0 and 9, 0.1 at step 10 and 0.05 at step 20:

    >>> schedule = step_decay(0.2, step_size=10, gamma=0.5)
    >>> [schedule(t) for t in (0, 9, 10, 20)]
    [0.2, 0.2, 0.1, 0.05]
    """
    initial = _checks.learning_rate(initial, "initial")
    step_size = _checks.positive_int(step_size, "step_size")
    gamma = _checks.number_in(gamma, "gamma", 0.0, 1.0, include_high=True)
    if gamma == 0:
        raise ValueError(f"gamma must be in (0, 1], got {_checks.show(gamma)}")

    def rate(step: int) -> float:
        return initial * gamma ** (step // step_size)

    return Schedule(
        f"step_decay(initial={initial!r}, step_size={step_size!r}, gamma={gamma!r})",
        rate,
    )


def exponential(
    initial: float, decay_rate: float, decay_steps: int, staircase: bool = False
) -> Schedule:
    r"""Exponential decay: :math:`\eta_t = \eta_0\,r^{t/s}`.

    The rate is multiplied by :math:`r` every :math:`s` steps, smoothly in between;
    with ``staircase=True`` the exponent is floored. PyTorch's
    ``ExponentialLR(gamma)`` is the case :math:`s = 1`, :math:`r = \gamma`.

    Parameters
    ----------
    initial : float
        :math:`\eta_0 > 0`.
    decay_rate : float
        :math:`r`, in (0, 1].
    decay_steps : int
        :math:`s \geq 1`.
    staircase : bool

    Examples
    --------
    Keras 3.15.1's ``ExponentialDecay(0.2, decay_steps=10, decay_rate=0.5)`` gives
    0.14142136 at step 5 and 0.05 at step 20; PyTorch's ``ExponentialLR(gamma=0.9)``
    gives 0.069735688 after 10 steps:

    >>> schedule = exponential(0.2, decay_rate=0.5, decay_steps=10)
    >>> [round(schedule(t), 8) for t in (0, 5, 10, 20)]
    [0.2, 0.14142136, 0.1, 0.05]
    >>> exponential(0.2, 0.5, 10, staircase=True)(5)
    0.2
    >>> round(exponential(0.2, decay_rate=0.9, decay_steps=1)(10), 9)
    0.069735688
    """
    initial = _checks.learning_rate(initial, "initial")
    decay_rate = _checks.number_in(
        decay_rate, "decay_rate", 0.0, 1.0, include_high=True
    )
    if decay_rate == 0:
        raise ValueError(
            f"decay_rate must be in (0, 1], got {_checks.show(decay_rate)}"
        )
    decay_steps = _checks.positive_int(decay_steps, "decay_steps")
    staircase = _checks.flag(staircase, "staircase")

    def rate(step: int) -> float:
        p = step // decay_steps if staircase else step / decay_steps
        return initial * decay_rate**p

    return Schedule(
        f"exponential(initial={initial!r}, decay_rate={decay_rate!r}, "
        f"decay_steps={decay_steps!r}, staircase={staircase!r})",
        rate,
    )


def cosine(initial: float, decay_steps: int, alpha: float = 0.0) -> Schedule:
    r"""Cosine decay: half a cosine wave from :math:`\eta_0` to :math:`\alpha\eta_0`.

    .. math::

        \eta_t = \eta_0\left[(1-\alpha)\,\tfrac12\left(1 + \cos\frac{\pi\min(t, T)}{T}
        \right) + \alpha\right]

    After :math:`T` steps the rate stays at :math:`\alpha\eta_0`. This is Keras'
    ``CosineDecay`` (no warm-up), and PyTorch's ``CosineAnnealingLR(T_max=T,
    eta_min=α·η0)`` up to rounding for :math:`t \leq T`.

    Parameters
    ----------
    initial : float
        :math:`\eta_0 > 0`.
    decay_steps : int
        :math:`T \geq 1`.
    alpha : float
        :math:`\alpha \in [0, 1]`, the final rate as a fraction of the first.

    Examples
    --------
    Keras 3.15.1's ``CosineDecay(0.2, decay_steps=100)`` gives 0.17071068 at step 25
    and 0.02928932 at step 75; with ``alpha=0.1`` it gives 0.11 at step 50 and 0.02
    from step 100 on:

    >>> schedule = cosine(0.2, decay_steps=100)
    >>> [round(schedule(t), 8) for t in (0, 25, 50, 75, 100, 150)]
    [0.2, 0.17071068, 0.1, 0.02928932, 0.0, 0.0]
    >>> floor = cosine(0.2, decay_steps=100, alpha=0.1)
    >>> [round(floor(t), 8) for t in (50, 100, 150)]
    [0.11, 0.02, 0.02]
    """
    initial = _checks.learning_rate(initial, "initial")
    decay_steps = _checks.positive_int(decay_steps, "decay_steps")
    alpha = _checks.number_in(alpha, "alpha", 0.0, 1.0, include_high=True)

    def rate(step: int) -> float:
        progress = min(step, decay_steps) / decay_steps
        return initial * (
            (1.0 - alpha) * 0.5 * (1.0 + math.cos(math.pi * progress)) + alpha
        )

    return Schedule(
        f"cosine(initial={initial!r}, decay_steps={decay_steps!r}, alpha={alpha!r})",
        rate,
    )
