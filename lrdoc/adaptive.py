r"""Optimizers that set their own rate: D-Adaptation, Prodigy and schedule-free.

D-Adaptation and Prodigy keep the learning rate as a multiplier (``lr``, default 1)
of an estimate :math:`d` that they grow as training goes, from a tiny :math:`d_0`
towards the distance from the start to a solution (for the Adam forms, the distance
along the coordinate where it is largest). Schedule-free methods keep a
constant rate and replace its schedule by an average of the iterates.

- :class:`DAdaptSGD`, :class:`DAdaptAdam`: Aaron Defazio and Konstantin Mishchenko,
  "Learning-Rate-Free Learning by D-Adaptation", ICML 2023,
  https://arxiv.org/abs/2301.07733;
- :class:`Prodigy`: Konstantin Mishchenko and Aaron Defazio, "Prodigy: An
  Expeditiously Adaptive Parameter-Free Learner", ICML 2024,
  https://arxiv.org/abs/2306.06101;
- :class:`ScheduleFreeSGD`, :class:`ScheduleFreeAdamW`: Aaron Defazio, Xingyu Yang,
  Harsh Mehta, Konstantin Mishchenko, Ahmed Khaled and Ashok Cutkosky, "The Road Less
  Scheduled", NeurIPS 2024, https://arxiv.org/abs/2405.15682.

Each follows its authors' PyTorch package rather than the paper where the two differ
(the package is what practitioners run): ``dadaptation==3.2``,
``prodigyopt==1.1.2`` and ``schedulefree==1.4.1``. ``tests/test_adaptive.py``
replays every run that ``tests/reference/torch_adaptive.py`` recorded from those
packages under ``torch==2.13.0`` in float64, into
``tests/reference/adaptive_values.json`` (each package with several of its settings,
full-batch, on a least-squares quadratic and a small tanh network with a softmax
cross-entropy loss). Every loss, parameter and estimate :math:`d` of every step
agrees within :data:`REFERENCE_TOLERANCE`, relative. Weight decay is not implemented
for D-Adaptation and Prodigy; schedule-free weight decay is (at :math:`y`, as the
package computes it), checked on the constants that
``tests/reference/torch_schedulefree_decay.py`` prints.

Every optimizer has the ``apply(params, grads)`` protocol of
:mod:`lrdoc.optimizers`: it updates the float arrays ``params`` in place from the
gradients ``grads`` taken at them, and counts its steps in ``iterations``. For a stack
of networks (:mod:`lrdoc.nn.stack`) pass ``models=M``: every array's leading axis then
holds the M models, each model keeps its own estimate (every sum runs over one model's
entries only), and ``lr`` and ``d0`` may be one number per model. A stack of M models
steps as M separate optimizers would, up to rounding.

Examples
--------
Three models of :math:`f(w) = (w-3)^2` from :math:`w = 0`, D-Adaptation started
from three values of :math:`d_0`; after 40 steps each has found the minimum, with an
estimate :math:`d` a little below the true distance 3:

>>> w = np.zeros((3, 1))
>>> opt = DAdaptSGD(d0=[1e-6, 1e-3, 1.0], models=3)
>>> for _ in range(40):
...     opt.apply([w], [2 * (w - 3.0)])
>>> w.ravel().round(6).tolist()
[3.0, 3.0, 3.0]
>>> opt.d.round(3).tolist()
[2.603, 2.603, 2.364]
"""

from __future__ import annotations

import numpy as np

from lrdoc import _checks
from lrdoc._per_model import PerModel

__all__ = [
    "REFERENCE_TOLERANCE",
    "DAdaptAdam",
    "DAdaptSGD",
    "Prodigy",
    "ScheduleFreeAdamW",
    "ScheduleFreeSGD",
]

REFERENCE_TOLERANCE = 1e-10
"""The largest relative gap ``tests/test_adaptive.py`` allows between these optimizers
and the reference packages' recorded runs (float64). The largest gap found when this
was written was 2.3e-12, in :class:`DAdaptAdam`, whose first steps divide by a tiny
second moment."""


def _growth(value: object) -> float:
    """``growth_rate`` as a float: a number >= 1, or infinity (no bound)."""
    number = _checks._to_float(value, "growth_rate")
    if not number >= 1:
        raise ValueError(f"growth_rate must be a number >= 1 or inf, got {value!r}")
    return number


class _PerModel(PerModel):
    """:class:`lrdoc._per_model.PerModel` with the multiplier ``lr`` every method
    here has."""

    def __init__(self, lr: object, models: int | None) -> None:
        super().__init__(models, slots=8)
        self.lr = self._positive(lr, "lr")


class DAdaptSGD(_PerModel):
    r"""D-Adaptation for SGD, in dual-averaging form (``dadaptation.DAdaptSGD``).

    The step size is :math:`\lambda_k = d_k\,\mathrm{lr}/\|g_0\|`: :math:`d_k` is a
    lower estimate of the distance :math:`D = \|x_0 - x_*\|` from the start to a
    solution, and dividing by the first gradient's norm makes
    :math:`\lambda_0 \|g_0\| = d_0`. Step :math:`k`, with :math:`s_0 = 0`,
    :math:`N_0 = 0`:

    .. math::

        N_{k+1} = N_k + \lambda_k \langle g_k, s_k \rangle,

    .. math::

        s_{k+1} = s_k + \lambda_k g_k,

    .. math::

        \hat d_{k+1} = \frac{2 N_{k+1}}{\|s_{k+1}\|},

    .. math::

        d_{k+1} = \max\bigl(d_k, \min(\hat d_{k+1}, r\,d_k)\bigr),

    .. math::

        z_{k+1} = x_0 - s_{k+1},

    .. math::

        x_{k+1} = \mu x_k + (1 - \mu) z_{k+1}.

    With :math:`\mu = 0` it is gradient descent from :math:`x_0` with steps
    :math:`\lambda_k`; the new :math:`d` first acts at the next step.

    Parameters
    ----------
    lr : float or array_like
        The multiplier of :math:`d` (> 0, default 1: the method's "no learning
        rate"); one per model for a stack.
    momentum : float
        :math:`\mu` in [0, 1), the weight of the current point in the average.
    d0 : float or array_like
        The starting estimate :math:`d_0 > 0` (the package's default 1e-6); one per
        model for a stack.
    growth_rate : float
        :math:`r \geq 1`, the largest factor :math:`d` may grow by in one step;
        ``inf`` (the default) for no bound.
    models : int, optional
        The number of models in a stack; None for one model.

    Attributes
    ----------
    d, d_hat : numpy.ndarray
        :math:`d_k` and the last :math:`\hat d_k`, one per model (shape ``(1,)`` for
        one model).
    iterations : int
        The steps taken.

    Examples
    --------
    On :math:`f(w) = (w - 3)^2` from :math:`w = 0` (so :math:`D = 3` and
    :math:`\|g_0\| = 6`), :math:`d` grows from 1e-6 to 2.6 in 40 steps, and the
    rate it implies, :math:`d/\|g_0\| = 0.434`, is close to the rate that lands on
    the minimum in one step, the inverse of the curvature :math:`f'' = 2`:

    >>> w = np.array([0.0])
    >>> opt = DAdaptSGD()
    >>> for _ in range(40):
    ...     opt.apply([w], [2 * (w - 3.0)])
    >>> round(float(w[0]), 6), round(float(opt.d[0]), 3)
    (3.0, 2.603)
    >>> round(opt.current_learning_rate(), 3)
    0.434
    """

    def __init__(self, lr=1.0, momentum=0.0, d0=1e-6, growth_rate=np.inf, models=None):
        super().__init__(lr, models)
        self.momentum = _checks.number_in(momentum, "momentum", 0.0, 1.0)
        self.d = self._positive(d0, "d0")
        self.d_hat = self.d.copy()
        self.growth_rate = _growth(growth_rate)
        self.numerator = np.zeros_like(self.d)
        self.g0_norm: np.ndarray | None = None
        self._state: list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None

    def current_learning_rate(self) -> float | np.ndarray:
        """:math:`d\\,\\mathrm{lr}/\\|g_0\\|`, the SGD rate ``d`` implies (nan before a step).

        Examples
        --------
        >>> opt = DAdaptSGD(d0=0.5)
        >>> opt.current_learning_rate()
        nan
        >>> opt.apply([np.array([0.0])], [np.array([-4.0])])
        >>> opt.current_learning_rate()
        0.125
        """
        if self.g0_norm is None:
            return self._out(np.full_like(self.d, np.nan))
        return self._out(self.d * self.lr / self.g0_norm)

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        r"""Update every array of ``params`` in place by one step, then ``d``.

        Examples
        --------
        The first step moves by :math:`d_0\,\mathrm{lr}`, whatever the gradient:

        >>> w = np.array([0.0])
        >>> DAdaptSGD(d0=0.01).apply([w], [np.array([-40.0])]); w
        array([0.01])
        """
        grads = self._check(params, grads)
        if self._state is None:
            self._state = [(p.copy(), np.zeros_like(p), p.copy()) for p in params]
            self.g0_norm = np.sqrt(self._sum([g * g for g in grads]))
        dlr = self.d * self.lr / self.g0_norm
        with np.errstate(all="ignore"):
            dots, squares = [], []
            for g, (_, s, _) in zip(grads, self._state, strict=True):
                dots.append(self._along(dlr, g) * g * s)
                s += self._along(dlr, g) * g
                squares.append(s * s)
            self.numerator = self.numerator + self._sum(dots)
            sk = np.sqrt(self._sum(squares))
            d_hat = 2 * self.numerator / sk
            self.d_hat = np.where(sk > 0, d_hat, self.d)
            moved = sk > 0
            self.d = np.where(
                moved,
                np.maximum(self.d, np.minimum(d_hat, self.d * self.growth_rate)),
                self.d,
            )
            ck = 1.0 - self.momentum
            for p, (z, s, x0) in zip(params, self._state, strict=True):
                z[...] = x0 - s
                keep = self._along(moved.astype(float), p)
                p[...] = np.where(keep > 0, p * (1 - ck) + z * ck, p)
        self.iterations += 1


def _lerp(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """``start + weight (end - start)``, in the two forms PyTorch's ``lerp`` uses."""
    if weight < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1.0 - weight)


class ScheduleFreeSGD(_PerModel):
    r"""Schedule-free SGD (``schedulefree.SGDScheduleFree``).

    Three sequences: :math:`z`, plain SGD steps; :math:`x`, the running average of
    the :math:`z`, which is the point to evaluate and to return; and :math:`y`, the
    point where the gradient is taken, between the two. The parameters hold
    :math:`y`; :meth:`evaluation_params` gives :math:`x`. With the rate
    :math:`\gamma_k = \mathrm{lr} \min(1, (k+1)/W)` (linear warm-up over :math:`W`
    steps), :math:`\gamma_{max}` the largest so far, the weight
    :math:`w_k = (k+1)^r \gamma_{max}^P` and :math:`c_{k+1} = w_k / \sum_{i \le k}
    w_i`, a step with gradient :math:`g_k` (plus :math:`\lambda y_k` with weight
    decay :math:`\lambda`) taken at :math:`y_k` is

    .. math::

        z_{k+1} = z_k - \gamma_k g_k,

    .. math::

        x_{k+1} = (1 - c_{k+1}) x_k + c_{k+1} z_{k+1},

    .. math::

        y_{k+1} = \beta x_{k+1} + (1 - \beta) z_{k+1},

    from :math:`x_0 = y_0 = z_0`. Without warm-up and with :math:`r = 0`,
    :math:`c_{k+1} = 1/(k+1)`: :math:`x` is the plain mean of the :math:`z`. As the
    package does, :math:`y` is updated in place,
    :math:`y \leftarrow (1-c) y + c z_k + \gamma_k (\beta (1 - c) - 1) g_k`, and
    :math:`x = y + (1 - 1/\beta)(z - y)` is recovered on demand.

    Parameters
    ----------
    lr : float or array_like
        The constant rate (> 0); one per model for a stack.
    momentum : float
        :math:`\beta` in (0, 1): how close :math:`y` stays to the average :math:`x`.
    weight_decay : float
        :math:`\lambda \geq 0`, added to the gradient as :math:`\lambda y`.
    warmup_steps : int
        :math:`W \geq 0`, the steps of linear warm-up (0: none).
    r, weight_lr_power : float
        :math:`r \geq 0` and :math:`P` of the averaging weights (defaults 0 and 2,
        the package's).
    models : int, optional
        The number of models in a stack; None for one model.

    Examples
    --------
    On :math:`f(w) = (w - 3)^2` from 0 at rate 0.1, after 200 steps the gradient
    point and the average are both near the minimum:

    >>> w = np.array([0.0])
    >>> opt = ScheduleFreeSGD(0.1)
    >>> for _ in range(200):
    ...     opt.apply([w], [2 * (w - 3.0)])
    >>> round(float(w[0]), 4), round(float(opt.evaluation_params([w])[0][0]), 4)
    (3.0095, 3.0138)

    With 5 warm-up steps the rate ramps up as 0.02, 0.04, ..., then stays at 0.1:

    >>> opt = ScheduleFreeSGD(0.1, warmup_steps=5)
    >>> rates = []
    >>> for _ in range(6):
    ...     rates.append(round(opt.current_learning_rate(), 3))
    ...     opt.apply([w], [2 * (w - 3.0)])
    >>> rates
    [0.02, 0.04, 0.06, 0.08, 0.1, 0.1]
    """

    def __init__(
        self,
        lr=1.0,
        momentum=0.9,
        weight_decay=0.0,
        warmup_steps=0,
        r=0.0,
        weight_lr_power=2.0,
        models=None,
    ):
        super().__init__(lr, models)
        self.momentum = _checks.number_in(momentum, "momentum", 0.0, 1.0)
        if self.momentum == 0:
            raise ValueError(f"momentum must be in (0, 1), got {momentum!r}")
        self.weight_decay = _checks.finite_number(weight_decay, "weight_decay")
        if self.weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0, got {weight_decay!r}")
        self.warmup_steps = _checks.non_negative_int(warmup_steps, "warmup_steps")
        if self.warmup_steps > _checks.MAX_COUNT:
            raise ValueError(
                f"warmup_steps must be at most 2**53, got {warmup_steps!r}"
            )
        self.r = _checks.finite_number(r, "r")
        if self.r < 0:
            raise ValueError(f"r must be >= 0, got {r!r}")
        self.weight_lr_power = _checks.finite_number(weight_lr_power, "weight_lr_power")
        self._z: list[np.ndarray] | None = None
        self._weight_sum = np.zeros_like(self.lr)
        self._lr_max = np.zeros_like(self.lr)

    def current_learning_rate(self) -> float | np.ndarray:
        """The rate the next step uses: ``lr``, ramped up linearly during warm-up.

        Examples
        --------
        >>> ScheduleFreeSGD([0.1, 0.4], warmup_steps=4, models=2).current_learning_rate()
        array([0.025, 0.1  ])
        """
        return self._out(self._scheduled())

    def _scheduled(self) -> np.ndarray:
        k = self.iterations
        if k < self.warmup_steps:
            return self.lr * ((k + 1) / self.warmup_steps)
        return self.lr

    def _direction(self, g: np.ndarray, y: np.ndarray) -> np.ndarray:
        return g + self.weight_decay * y if self.weight_decay else g

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        r"""Update ``y`` (the arrays of ``params``) and :math:`z` in place by one step.

        Examples
        --------
        The first step is plain SGD:

        >>> w = np.array([1.0])
        >>> ScheduleFreeSGD(0.1).apply([w], [np.array([2.0])]); w
        array([0.8])
        """
        grads = self._check(params, grads)
        if self._z is None:
            self._z = [p.copy() for p in params]
        rate = self._scheduled()
        self._lr_max = np.maximum(self._lr_max, rate)
        weight = (self.iterations + 1) ** self.r * self._lr_max**self.weight_lr_power
        self._weight_sum = self._weight_sum + weight
        c = weight / self._weight_sum
        with np.errstate(all="ignore"):
            for y, g, z in zip(params, grads, self._z, strict=True):
                step = self._direction(g, y)
                cc = self._along(c, y)
                lr = self._along(rate, y)
                y[...] = np.where(cc < 0.5, y + cc * (z - y), z - (z - y) * (1 - cc))
                y += lr * (self.momentum * (1 - cc) - 1) * step
                z -= lr * step
        self.iterations += 1

    def evaluation_params(self, params: list[np.ndarray]) -> list[np.ndarray]:
        """The averaged point :math:`x` to evaluate (new arrays; ``params`` untouched).

        Examples
        --------
        On :math:`f(w) = w^2` from 1 at rate 0.1 the first step is plain SGD, to
        0.8. After the second, :math:`x` is the mean of the two SGD iterates
        :math:`z`, 0.72, and :math:`y`, where the gradient is taken, lies between
        :math:`x` and :math:`z`, near :math:`x`, at 0.712:

        >>> w = np.array([1.0])
        >>> opt = ScheduleFreeSGD(0.1)
        >>> opt.apply([w], [2 * w]); w.round(6)
        array([0.8])
        >>> opt.apply([w], [2 * w])
        >>> opt.evaluation_params([w])[0].round(6), w.round(6)
        (array([0.72]), array([0.712]))
        """
        if self._z is None:
            return [p.copy() for p in params]
        return [
            _lerp(y, z, 1.0 - 1.0 / self.momentum)
            for y, z in zip(params, self._z, strict=True)
        ]


class ScheduleFreeAdamW(ScheduleFreeSGD):
    r"""Schedule-free AdamW (``schedulefree.AdamWScheduleFree``).

    :class:`ScheduleFreeSGD` with :math:`\beta = \beta_1`, on Adam's normalised
    gradient in place of :math:`g_k`:

    .. math::

        v_{k+1} = \beta_2 v_k + (1 - \beta_2) g_k^2,

    .. math::

        u_k = \frac{g_k}{\sqrt{v_{k+1} / (1 - \beta_2^{k+1})} + \epsilon} + \lambda y_k,

    entry by entry (:math:`v_0 = 0`). There is no first moment: the averaging plays
    its part. Only :math:`v` is bias-corrected, :math:`\epsilon` is outside the
    root, and weight decay :math:`\lambda` is added after the normalisation, as in
    the package (version 1.4.1 does not scale the rate by a bias correction).

    Parameters
    ----------
    lr : float or array_like
        The constant rate (> 0, the package's default 0.0025); one per model for a
        stack.
    beta_1 : float
        :math:`\beta_1` in (0, 1), the :math:`\beta` of :class:`ScheduleFreeSGD`.
    beta_2 : float
        :math:`\beta_2` in [0, 1), the decay of the squared-gradient average.
    epsilon : float
        :math:`\epsilon > 0`.
    weight_decay, warmup_steps, r, weight_lr_power, models
        As for :class:`ScheduleFreeSGD`.

    Examples
    --------
    Like Adam, the first step moves the weight by about the rate, whatever the size
    of the gradient:

    >>> w = np.array([0.0])
    >>> opt = ScheduleFreeAdamW(0.1)
    >>> opt.apply([w], [2 * (w - 3.0)])
    >>> round(float(w[0]), 4)
    0.1
    >>> for _ in range(399):
    ...     opt.apply([w], [2 * (w - 3.0)])
    >>> round(float(opt.evaluation_params([w])[0][0]), 3)
    2.999
    """

    def __init__(
        self,
        lr=0.0025,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        weight_decay=0.0,
        warmup_steps=0,
        r=0.0,
        weight_lr_power=2.0,
        models=None,
    ):
        _checks.number_in(beta_1, "beta_1", 0.0, 1.0)  # named as here, not momentum
        super().__init__(
            lr, beta_1, weight_decay, warmup_steps, r, weight_lr_power, models
        )
        self.beta_2 = _checks.number_in(beta_2, "beta_2", 0.0, 1.0)
        self.epsilon = _checks.learning_rate(epsilon, "epsilon")
        self._v: list[np.ndarray] | None = None

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        r"""Update ``y`` (the arrays of ``params``) and :math:`z` in place by one step.

        Examples
        --------
        >>> w = np.array([1.0])
        >>> ScheduleFreeAdamW(0.1).apply([w], [np.array([-5.0])]); w.round(6)
        array([1.1])
        """
        grads = self._check(params, grads)
        if self._v is None:
            self._v = [np.zeros_like(p) for p in params]
        correction = 1.0 - self.beta_2 ** (self.iterations + 1)
        normalised = []
        with np.errstate(all="ignore"):
            for g, v in zip(grads, self._v, strict=True):
                v *= self.beta_2
                v += (1 - self.beta_2) * g * g
                normalised.append(g / (np.sqrt(v / correction) + self.epsilon))
        super().apply(params, normalised)


class _AdamBase(_PerModel):
    """Shared parts of :class:`Prodigy` and :class:`DAdaptAdam`."""

    def __init__(
        self,
        lr,
        beta_1,
        beta_2,
        epsilon,
        d0,
        growth_rate,
        use_bias_correction,
        models,
    ) -> None:
        super().__init__(lr, models)
        self.beta_1 = _checks.number_in(beta_1, "beta_1", 0.0, 1.0)
        self.beta_2 = _checks.number_in(beta_2, "beta_2", 0.0, 1.0)
        self.epsilon = _checks.learning_rate(epsilon, "epsilon")
        self.d0 = self._positive(d0, "d0")
        self.d = self.d0.copy()
        self.d_hat = self.d0.copy()
        self.growth_rate = _growth(growth_rate)
        self.use_bias_correction = _checks.flag(
            use_bias_correction, "use_bias_correction"
        )
        self.numerator = np.zeros_like(self.d)
        self._state: list[tuple[np.ndarray, ...]] | None = None

    def _correction(self) -> float:
        """Adam's bias correction folded into the rate, or 1."""
        if not self.use_bias_correction:
            return 1.0
        k = self.iterations + 1
        return (1 - self.beta_2**k) ** 0.5 / (1 - self.beta_1**k)

    def current_learning_rate(self) -> float | np.ndarray:
        """:math:`d\\,\\mathrm{lr}`, the Adam rate ``d`` implies (before bias correction).

        Examples
        --------
        >>> Prodigy(lr=[1.0, 0.5], d0=1e-4, models=2).current_learning_rate()
        array([1.e-04, 5.e-05])
        """
        return self._out(self.d * self.lr)


class Prodigy(_AdamBase):
    r"""Prodigy: D-Adaptation for Adam with a faster-growing estimate
    (``prodigyopt.Prodigy``).

    Adam's step is :math:`\lambda_k = d_k\,\mathrm{lr}\,c_k` (:math:`c_k = 1`, or
    :math:`\sqrt{1 - \beta_2^{k+1}} / (1 - \beta_1^{k+1})` with bias correction),
    and the moments carry :math:`d`. Step :math:`k` with gradient :math:`g_k` at
    :math:`x_k`, from zero moments, :math:`s_0 = 0`, :math:`N_0 = 0` and
    :math:`d_{max} = d_0`:

    .. math::

        m_{k+1} = \beta_1 m_k + d_k (1 - \beta_1) g_k,

    .. math::

        v_{k+1} = \beta_2 v_k + d_k^2 (1 - \beta_2) g_k^2,

    .. math::

        N_{k+1} = \beta_3 N_k + \frac{d_k}{d_0} \lambda_k \langle g_k, x_0 - x_k
        \rangle,

    .. math::

        s_{k+1} = \beta_3 s_k + \frac{d_k}{d_0} \lambda_k g_k,

    .. math::

        \hat d_{k+1} = d_{coef} \frac{N_{k+1}}{\|s_{k+1}\|_1},

    .. math::

        d_{max} \leftarrow \max(d_{max}, \hat d_{k+1}),

    .. math::

        d_{k+1} = \min(d_{max}, r\,d_k'),

    .. math::

        x_{k+1} = x_k - \lambda_k \frac{m_{k+1}}{\sqrt{v_{k+1}} + d_{k+1}\epsilon},

    where :math:`d_k' = \max(d_k, \hat d_{k+1})` while :math:`d_k = d_0` and
    :math:`d_k` after (so the first growth is not bounded by :math:`r`). With
    :math:`r = \infty`, :math:`d_{k+1}` is the largest of :math:`d_0` and every
    :math:`\hat d` so far. With ``safeguard_warmup`` the :math:`s` update uses
    :math:`d_k` in place of :math:`\lambda_k`. The step taken uses the old
    :math:`d_k`, its :math:`\epsilon` the new one.

    Parameters
    ----------
    lr : float or array_like
        The multiplier of :math:`d` (> 0, default 1); one per model for a stack.
    beta_1, beta_2 : float
        Adam's decay rates, each in [0, 1).
    epsilon : float
        :math:`\epsilon > 0`, scaled by :math:`d`.
    d0 : float or array_like
        :math:`d_0 > 0` (default 1e-6); one per model for a stack.
    d_coef : float
        :math:`d_{coef} > 0`, a factor on the estimate (default 1; the package's
        documentation calls it the preferred knob to tune, halving or doubling it).
    growth_rate : float
        :math:`r \geq 1`, or ``inf`` (default) for no bound.
    beta_3 : float, optional
        :math:`\beta_3` in [0, 1); None (default) for :math:`\sqrt{\beta_2}`.
    use_bias_correction, safeguard_warmup : bool
        The package's two switches, both off by default.
    models : int, optional
        The number of models in a stack; None for one model.

    Attributes
    ----------
    d, d_hat, d_max : numpy.ndarray
        :math:`d_k`, the last :math:`\hat d` and :math:`d_{max}`, one per model.

    Examples
    --------
    On :math:`f(w) = (w - 3)^2` from 0, :math:`d` grows from 1e-6 to 1.09 in the
    first steps and then stays; Adam with that rate reaches the minimum:

    >>> w = np.array([0.0])
    >>> opt = Prodigy()
    >>> for _ in range(200):
    ...     opt.apply([w], [2 * (w - 3.0)])
    >>> round(float(w[0]), 4), round(opt.current_learning_rate(), 4)
    (3.0002, 1.0914)

    Over four models whose :math:`d_0` spans six orders of magnitude the final
    :math:`d` stays within a factor of two:

    >>> w = np.zeros((4, 1))
    >>> opt = Prodigy(d0=[1e-8, 1e-6, 1e-4, 1e-2], models=4)
    >>> for _ in range(200):
    ...     opt.apply([w], [2 * (w - 3.0)])
    >>> opt.d.round(2).tolist()
    [1.22, 1.09, 1.07, 1.74]
    """

    def __init__(
        self,
        lr=1.0,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        d0=1e-6,
        d_coef=1.0,
        growth_rate=np.inf,
        beta_3=None,
        use_bias_correction=False,
        safeguard_warmup=False,
        models=None,
    ):
        _AdamBase.__init__(
            self,
            lr,
            beta_1,
            beta_2,
            epsilon,
            d0,
            growth_rate,
            use_bias_correction,
            models,
        )
        self.d_coef = _checks.learning_rate(d_coef, "d_coef")
        self.d_max = self.d0.copy()
        if beta_3 is None:
            self.beta_3 = float(np.sqrt(self.beta_2))
        else:
            self.beta_3 = _checks.number_in(beta_3, "beta_3", 0.0, 1.0)
        self.safeguard_warmup = _checks.flag(safeguard_warmup, "safeguard_warmup")

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        r"""Update every array of ``params`` in place by one step, then ``d``.

        Examples
        --------
        The first step moves every coordinate by the same amount whatever its
        gradient: :math:`d_0\,\mathrm{lr}` with bias correction,
        :math:`(1-\beta_1)/\sqrt{1-\beta_2}` times that without:

        >>> w = np.array([0.0, 0.0])
        >>> Prodigy(d0=0.01).apply([w], [np.array([-40.0, 2.0])]); w.round(6)
        array([ 0.031623, -0.031623])
        >>> round(0.01 * (1 - 0.9) / (1 - 0.999) ** 0.5, 6)
        0.031623
        >>> w = np.array([0.0, 0.0])
        >>> opt = Prodigy(d0=0.01, use_bias_correction=True)
        >>> opt.apply([w], [np.array([-40.0, 2.0])]); w.round(6)
        array([ 0.01, -0.01])
        """
        grads = self._check(params, grads)
        if self._state is None:
            self._state = [
                (p.copy(), np.zeros_like(p), np.zeros_like(p), np.zeros_like(p))
                for p in params
            ]
        beta_3 = self.beta_3
        d, dlr = self.d, self.d * self.lr * self._correction()
        with np.errstate(all="ignore"):
            dots, norms = [], []
            for p, g, (x0, s, m, v) in zip(params, grads, self._state, strict=True):
                a = self._along(d / self.d0 * dlr, p)
                dots.append(a * g * (x0 - p))
                m *= self.beta_1
                m += self._along(d * (1 - self.beta_1), p) * g
                v *= self.beta_2
                v += self._along(d * d * (1 - self.beta_2), p) * g * g
                s *= beta_3
                s += (
                    self._along(d / self.d0 * d, p) if self.safeguard_warmup else a
                ) * g
                norms.append(np.abs(s))
            self.numerator = beta_3 * self.numerator + self._sum(dots)
            denom = self._sum(norms)
            moved = denom > 0
            d_hat = self.d_coef * self.numerator / np.where(moved, denom, 1.0)
            self.d_hat = np.where(moved, d_hat, d)
            first = moved & (d == self.d0)
            new_d = np.where(first, np.maximum(d, d_hat), d)
            self.d_max = np.where(moved, np.maximum(self.d_max, d_hat), self.d_max)
            self.d = np.where(
                moved, np.minimum(self.d_max, new_d * self.growth_rate), d
            )
            for p, (_, _, m, v) in zip(params, self._state, strict=True):
                step = m / (np.sqrt(v) + self._along(self.d * self.epsilon, p))
                p -= self._along(np.where(moved, dlr, 0.0), p) * step
        self.iterations += 1


class DAdaptAdam(_AdamBase):
    r"""D-Adaptation for Adam (``dadaptation.DAdaptAdam``, coupled form).

    Adam's step size is :math:`\lambda_k = d_k\,\mathrm{lr}\,c_k` (:math:`c_k` as
    in :class:`Prodigy`). With :math:`q = \sqrt{\beta_2}`, from zero moments,
    :math:`s_0 = 0` and :math:`N_0 = 0`, step :math:`k` with gradient :math:`g_k`:

    .. math::

        N_{k+1} = q N_k + (1 - q) \lambda_k \langle g_k, u_k \rangle,

    .. math::

        u_k = \frac{s_k}{\sqrt{v_k} + \epsilon},

    .. math::

        m_{k+1} = \beta_1 m_k + \lambda_k (1 - \beta_1) g_k,

    .. math::

        v_{k+1} = \beta_2 v_k + (1 - \beta_2) g_k^2,

    .. math::

        s_{k+1} = q s_k + \lambda_k (1 - q) g_k,

    .. math::

        \hat d_{k+1} = \frac{N_{k+1}}{(1 - q)\|s_{k+1}\|_1},

    .. math::

        d_{k+1} = \max\bigl(d_k, \min(\hat d_{k+1}, r\,d_k)\bigr),

    .. math::

        x_{k+1} = x_k - \frac{m_{k+1}}{\sqrt{v_{k+1}} + \epsilon}.

    The numerator uses :math:`s_k` and :math:`v_k` from before the step, and the
    step size rides in the first moment :math:`m`, so a change of :math:`d` acts
    gradually. Unlike :class:`Prodigy`, :math:`v` does not carry :math:`d`.

    Parameters
    ----------
    lr : float or array_like
        The multiplier of :math:`d` (> 0, default 1); one per model for a stack.
    beta_1, beta_2 : float
        Adam's decay rates, each in [0, 1).
    epsilon : float
        :math:`\epsilon > 0`.
    d0 : float or array_like
        :math:`d_0 > 0` (default 1e-6); one per model for a stack.
    growth_rate : float
        :math:`r \geq 1`, or ``inf`` (default) for no bound.
    use_bias_correction : bool
        Fold Adam's bias correction into :math:`\lambda_k` (default False).
    models : int, optional
        The number of models in a stack; None for one model.

    Attributes
    ----------
    d, d_hat : numpy.ndarray
        :math:`d_k` and the last :math:`\hat d`, one per model.

    Examples
    --------
    On :math:`f(w) = (w - 3)^2` from 0, :math:`d` settles at 8.46 within 20
    steps, overshoots the minimum and comes back:

    >>> w = np.array([0.0])
    >>> opt = DAdaptAdam()
    >>> for step in range(1, 201):
    ...     opt.apply([w], [2 * (w - 3.0)])
    ...     if step in (20, 200):
    ...         print(step, round(float(w[0]), 4), round(float(opt.d[0]), 2))
    20 3.4931 8.46
    200 2.9999 8.46
    """

    def __init__(
        self,
        lr=1.0,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        d0=1e-6,
        growth_rate=np.inf,
        use_bias_correction=False,
        models=None,
    ):
        super().__init__(
            lr, beta_1, beta_2, epsilon, d0, growth_rate, use_bias_correction, models
        )

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        r"""Update every array of ``params`` in place by one step, then ``d``.

        Examples
        --------
        The first step moves every coordinate by the same amount whatever its
        gradient: :math:`d_0\,\mathrm{lr}` with bias correction,
        :math:`(1-\beta_1)/\sqrt{1-\beta_2}` times that without:

        >>> w = np.array([0.0, 0.0])
        >>> DAdaptAdam(d0=0.01).apply([w], [np.array([-40.0, 2.0])]); w.round(6)
        array([ 0.031623, -0.031623])
        >>> round(0.01 * (1 - 0.9) / (1 - 0.999) ** 0.5, 6)
        0.031623
        >>> w = np.array([0.0, 0.0])
        >>> opt = DAdaptAdam(d0=0.01, use_bias_correction=True)
        >>> opt.apply([w], [np.array([-40.0, 2.0])]); w.round(6)
        array([ 0.01, -0.01])
        """
        grads = self._check(params, grads)
        if self._state is None:
            self._state = [
                (p.copy(), np.zeros_like(p), np.zeros_like(p), np.zeros_like(p))
                for p in params
            ]
        root = np.sqrt(self.beta_2)
        dlr = self.d * self.lr * self._correction()
        with np.errstate(all="ignore"):
            dots, norms = [], []
            for p, g, (_, s, m, v) in zip(params, grads, self._state, strict=True):
                a = self._along(dlr, p)
                dots.append(a * g * (s / (np.sqrt(v) + self.epsilon)))
                m *= self.beta_1
                m += a * (1 - self.beta_1) * g
                v *= self.beta_2
                v += (1 - self.beta_2) * g * g
                s *= root
                s += a * (1 - root) * g
                norms.append(np.abs(s))
            self.numerator = root * self.numerator + (1 - root) * self._sum(dots)
            denom = self._sum(norms)
            moved = denom > 0
            d_hat = self.numerator / ((1 - root) * np.where(moved, denom, 1.0))
            self.d_hat = np.where(moved, d_hat, self.d)
            grown = np.maximum(self.d, np.minimum(d_hat, self.d * self.growth_rate))
            self.d = np.where(moved, grown, self.d)
            for p, (_, _, m, v) in zip(params, self._state, strict=True):
                step = m / (np.sqrt(v) + self.epsilon)
                p -= self._along(moved.astype(float), p) * step
        self.iterations += 1
