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

        \eta_t = \eta_0\left[(1-\alpha)\,c_t + \alpha\right],

    where

    .. math::

        c_t = \tfrac12\left(1 + \cos\frac{\pi\min(t, T)}{T}\right)

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


def linear_warmup(
    initial: float, warmup_steps: int, start_factor: float = 1.0 / 3.0
) -> Schedule:
    r"""Linear warmup: the rate climbs in a straight line to :math:`\eta_0`, then stays.

    .. math:: \eta_t = \eta_0\left[s + (1-s)\,\frac{\min(t, T)}{T}\right]

    This is PyTorch's ``LinearLR(start_factor=s, end_factor=1.0, total_iters=T)``
    (its default :math:`s` is 1/3). Goyal et al. ("Accurate, Large Minibatch SGD:
    Training ImageNet in 1 Hour", 2017, arXiv:1706.02677) warm up this way before a
    large rate.

    Parameters
    ----------
    initial : float
        :math:`\eta_0 > 0`, the rate after warmup.
    warmup_steps : int
        :math:`T \geq 1`.
    start_factor : float
        :math:`s \in (0, 1]`: the first step's rate is :math:`s\,\eta_0`.

    Examples
    --------
    PyTorch 2.13.0's ``LinearLR(start_factor=0.1, total_iters=4)`` on a rate of 0.2
    gives 0.02, 0.065, 0.11, 0.155, then 0.2:

    >>> schedule = linear_warmup(0.2, warmup_steps=4, start_factor=0.1)
    >>> [round(schedule(t), 8) for t in range(6)]
    [0.02, 0.065, 0.11, 0.155, 0.2, 0.2]
    >>> linear_warmup(0.2, warmup_steps=4, start_factor=0.0)
    Traceback (most recent call last):
    ...
    ValueError: start_factor must be in (0, 1], got 0.0
    """
    initial = _checks.learning_rate(initial, "initial")
    warmup_steps = _checks.positive_int(warmup_steps, "warmup_steps")
    start_factor = _checks.number_in(
        start_factor, "start_factor", 0.0, 1.0, include_high=True
    )
    if start_factor == 0:
        raise ValueError(f"start_factor must be in (0, 1], got {start_factor!r}")

    def rate(step: int) -> float:
        progress = min(step, warmup_steps) / warmup_steps
        return initial * (start_factor + (1.0 - start_factor) * progress)

    return Schedule(
        f"linear_warmup(initial={initial!r}, warmup_steps={warmup_steps!r}, "
        f"start_factor={start_factor!r})",
        rate,
    )


def one_cycle(
    max_lr: float,
    total_steps: int,
    pct_start: float = 0.3,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
) -> Schedule:
    r"""One-cycle: up from :math:`\eta_{max}/d` to :math:`\eta_{max}`, then down to
    almost nothing, along two half cosines.

    Smith and Topin ("Super-Convergence: Very Fast Training of Neural Networks Using
    Large Learning Rates", 2019, arXiv:1708.07120) train with one cycle of a large
    rate. This is the rate of PyTorch's ``OneCycleLR`` with its defaults
    (``anneal_strategy="cos"``, ``three_phase=False``): with :math:`N` total steps
    and :math:`p` = ``pct_start``, the rate rises from
    :math:`\eta_{max}/d` over steps :math:`0 \dots pN - 1` and falls to
    :math:`\eta_{max}/(d\,f)` at step :math:`N - 1`, each phase along
    :math:`\eta = \eta_{end} + (\eta_{start}-\eta_{end})\,\tfrac12(1+\cos\pi q)`,
    :math:`q` the fraction of the phase done. After step :math:`N-1` it stays at
    its last value (PyTorch raises instead). PyTorch also cycles the momentum; this
    is the rate alone.

    Parameters
    ----------
    max_lr : float
        :math:`\eta_{max} > 0`.
    total_steps : int
        :math:`N \geq 2`.
    pct_start : float
        :math:`p \in (0, 1)`, the fraction of steps spent rising.
    div_factor : float
        :math:`d > 0`: the first rate is :math:`\eta_{max}/d`.
    final_div_factor : float
        :math:`f > 0`: the last rate is :math:`\eta_{max}/(d f)`.

    Examples
    --------
    PyTorch 2.13.0's ``OneCycleLR(max_lr=0.1, total_steps=100)`` gives 0.004 at
    step 0, 0.029516395 at step 10, 0.1 at step 29, 0.079389345 at step 50 and 4e-7 at step 99:

    >>> schedule = one_cycle(0.1, total_steps=100)
    >>> [round(schedule(t), 9) for t in (0, 10, 29, 50, 99, 120)]
    [0.004, 0.029516395, 0.1, 0.079389345, 4e-07, 4e-07]
    >>> one_cycle(0.1, total_steps=100, pct_start=1.0)
    Traceback (most recent call last):
    ...
    ValueError: pct_start must be in (0, 1), got 1.0
    """
    max_lr = _checks.learning_rate(max_lr, "max_lr")
    total_steps = _checks.positive_int(total_steps, "total_steps")
    if total_steps < 2:
        raise ValueError(f"total_steps must be >= 2, got {total_steps!r}")
    pct_start = _checks.finite_number(pct_start, "pct_start")
    if not 0.0 < pct_start < 1.0:
        raise ValueError(f"pct_start must be in (0, 1), got {pct_start!r}")
    div_factor = _checks.positive(div_factor, "div_factor")
    final_div_factor = _checks.positive(final_div_factor, "final_div_factor")
    peak_step = float(pct_start * total_steps) - 1.0
    if peak_step <= 0:
        raise ValueError(
            f"pct_start * total_steps must be > 1, got {pct_start!r} * {total_steps!r}"
        )
    initial = max_lr / div_factor
    final = initial / final_div_factor
    last_step = float(total_steps - 1)

    def anneal(start: float, end: float, fraction: float) -> float:
        return end + (start - end) / 2.0 * (math.cos(math.pi * fraction) + 1.0)

    def rate(step: int) -> float:
        step = min(step, total_steps - 1)
        if step <= peak_step:
            return anneal(initial, max_lr, step / peak_step)
        return anneal(max_lr, final, (step - peak_step) / (last_step - peak_step))

    return Schedule(
        f"one_cycle(max_lr={max_lr!r}, total_steps={total_steps!r}, "
        f"pct_start={pct_start!r}, div_factor={div_factor!r}, "
        f"final_div_factor={final_div_factor!r})",
        rate,
    )
