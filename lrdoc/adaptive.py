r"""Learning-rate-free optimizers: D-Adaptation, Prodigy and schedule-free.

Each has the ``apply(params, grads)`` protocol of :mod:`lrdoc.optimizers`. For a
stack of networks pass ``models=M``: every array's leading axis holds the M models,
and each model keeps its own estimate (sums run over one model's arrays only).

- :class:`DAdaptSGD`, :class:`DAdaptAdam`: Defazio and Mishchenko,
  "Learning-Rate-Free Learning by D-Adaptation", ICML 2023,
  https://arxiv.org/abs/2301.07733 (as the ``dadaptation`` package computes them);
- :class:`Prodigy`: Mishchenko and Defazio, "Prodigy: An Expeditiously Adaptive
  Parameter-Free Learner", ICML 2024, https://arxiv.org/abs/2306.06101;
- :class:`ScheduleFreeSGD`, :class:`ScheduleFreeAdamW`: Defazio et al., "The Road
  Less Scheduled", NeurIPS 2024, https://arxiv.org/abs/2405.15682. The parameters
  hold the gradient point :math:`y`; :meth:`ScheduleFree.evaluation_params` gives
  the averaged point :math:`x` to evaluate.

Work in progress: not yet cross-checked against the reference runs.
"""

from __future__ import annotations

import numpy as np

from lrdoc import _checks

__all__ = ["DAdaptAdam", "DAdaptSGD", "Prodigy", "ScheduleFreeAdamW", "ScheduleFreeSGD"]


def _per_model(value: object, name: str, models: int | None) -> np.ndarray:
    array = _checks.finite_array(value, name)
    _checks.reject(array, array <= 0, name, "numbers > 0")
    count = 1 if models is None else models
    if array.size not in (1, count):
        raise ValueError(f"{name} must hold 1 or {count} values, got {array.size}")
    return np.broadcast_to(array.ravel(), (count,)).copy()


class _PerModel:
    """Shared parts: the model count, per-model sums, and argument checks."""

    def __init__(self, lr: object, models: int | None) -> None:
        if models is not None:
            models = _checks.positive_int(models, "models")
        self.models = models
        self.lr = _per_model(lr, "lr", models)
        self.iterations = 0

    def _shape(self, p: np.ndarray) -> np.ndarray:
        return np.ones(1) if self.models is None else np.ones(p.shape[0])

    def _sum(self, arrays: list[np.ndarray]) -> np.ndarray:
        """Per model, the sum of every array's entries."""
        count = 1 if self.models is None else self.models
        total = np.zeros(count)
        for a in arrays:
            total += a.reshape(count, -1).sum(axis=1)
        return total

    def _along(self, value: np.ndarray, like: np.ndarray) -> np.ndarray:
        if self.models is None:
            return value[0] * np.ones(())
        return value.reshape((-1,) + (1,) * (like.ndim - 1))

    def _out(self, value: np.ndarray) -> float | np.ndarray:
        return float(value[0]) if self.models is None else value.copy()

    def _check(self, params: list, grads: list) -> list[np.ndarray]:
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
        out = []
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                raise TypeError(
                    f"params[{i}] must be a float numpy array (it is updated in "
                    f"place), got {_checks.show(p)}"
                )
            grad = _checks.real_array(g, f"grads[{i}]")
            if grad.shape != p.shape:
                raise ValueError(
                    f"grads[{i}] must have shape {p.shape}, got {grad.shape}"
                )
            if self.models is not None and (p.ndim == 0 or p.shape[0] != self.models):
                raise ValueError(
                    f"params[{i}] must have {self.models} models along its first "
                    f"axis, got shape {p.shape}"
                )
            out.append(grad)
        return out


class DAdaptSGD(_PerModel):
    r"""D-Adaptation for SGD (dual averaging, as ``dadaptation.DAdaptSGD``).

    With :math:`\lambda_k = d_k\,\mathrm{lr}/\|g_0\|`:
    :math:`s \leftarrow s + \lambda_k g_k`, numerator
    :math:`N \leftarrow N + \lambda_k \langle g_k, s_{old}\rangle`,
    :math:`\hat d = 2N/\|s\|`, :math:`d \leftarrow \max(d, \min(\hat d, r d))`,
    :math:`z = x_0 - s`, :math:`x \leftarrow \mu x + (1-\mu) z`.

    Examples
    --------
    >>> w = np.array([0.0])
    >>> opt = DAdaptSGD()
    >>> for _ in range(40):
    ...     opt.apply([w], [2 * (w - 3.0)])
    >>> round(float(w[0]), 3)
    3.0
    """

    def __init__(self, lr=1.0, momentum=0.0, d0=1e-6, growth_rate=np.inf, models=None):
        super().__init__(lr, models)
        self.momentum = _checks.number_in(momentum, "momentum", 0.0, 1.0)
        self.d = _per_model(d0, "d0", models)
        self.d_hat = self.d.copy()
        self.growth_rate = _growth(growth_rate)
        self.numerator = np.zeros_like(self.d)
        self.g0_norm: np.ndarray | None = None
        self._state: list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None

    def current_learning_rate(self) -> float | np.ndarray:
        """:math:`d\\,\\mathrm{lr}/\\|g_0\\|`, the SGD rate d implies (nan before a step)."""
        if self.g0_norm is None:
            return self._out(np.full_like(self.d, np.nan))
        return self._out(self.d * self.lr / self.g0_norm)

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
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
    r"""Schedule-free SGD (as ``schedulefree.SGDScheduleFree``, no warm-up).

    The parameters hold :math:`y`; with :math:`c_{k+1} = \mathrm{lr}^2 /
    \sum_{i \le k} \mathrm{lr}^2` (here :math:`1/(k+1)`),
    :math:`y \leftarrow (1-c)y + c z + \mathrm{lr}(\beta(1-c) - 1) g`,
    :math:`z \leftarrow z - \mathrm{lr}\,g`, and the point to evaluate is
    :math:`x = y + (1 - 1/\beta)(z - y)`.

    Examples
    --------
    >>> w = np.array([0.0])
    >>> opt = ScheduleFreeSGD(0.1)
    >>> for _ in range(200):
    ...     opt.apply([w], [2 * (w - 3.0)])
    >>> round(float(opt.evaluation_params([w])[0][0]), 2)
    3.0
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
        self.r = _checks.finite_number(r, "r")
        if self.r < 0:
            raise ValueError(f"r must be >= 0, got {r!r}")
        self.weight_lr_power = _checks.finite_number(weight_lr_power, "weight_lr_power")
        self._z: list[np.ndarray] | None = None
        self._weight_sum = np.zeros_like(self.lr)
        self._lr_max = np.zeros_like(self.lr)

    def current_learning_rate(self) -> float | np.ndarray:
        """The rate the next step uses: ``lr``, ramped up linearly during warm-up."""
        return self._out(self._scheduled())

    def _scheduled(self) -> np.ndarray:
        k = self.iterations
        if k < self.warmup_steps:
            return self.lr * ((k + 1) / self.warmup_steps)
        return self.lr

    def _direction(self, g: np.ndarray, y: np.ndarray) -> np.ndarray:
        return g + self.weight_decay * y if self.weight_decay else g

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
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
        """The averaged point :math:`x` to evaluate (new arrays; ``params`` untouched)."""
        if self._z is None:
            return [p.copy() for p in params]
        return [
            _lerp(y, z, 1.0 - 1.0 / self.momentum)
            for y, z in zip(params, self._z, strict=True)
        ]


class ScheduleFreeAdamW(ScheduleFreeSGD):
    r"""Schedule-free AdamW (as ``schedulefree.AdamWScheduleFree``, no warm-up).

    :class:`ScheduleFreeSGD` on the normalised gradient
    :math:`g / (\sqrt{v/(1-\beta_2^{k+1})} + \epsilon)`, with
    :math:`v \leftarrow \beta_2 v + (1-\beta_2) g^2`; weight decay is added to the
    normalised gradient at :math:`y`.

    Examples
    --------
    >>> w = np.array([0.0])
    >>> opt = ScheduleFreeAdamW(0.1)
    >>> for _ in range(600):
    ...     opt.apply([w], [2 * (w - 3.0)])
    >>> round(float(opt.evaluation_params([w])[0][0]), 3)
    3.0
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
        super().__init__(
            lr, beta_1, weight_decay, warmup_steps, r, weight_lr_power, models
        )
        self.beta_2 = _checks.number_in(beta_2, "beta_2", 0.0, 1.0)
        self.epsilon = _checks.learning_rate(epsilon, "epsilon")
        self._v: list[np.ndarray] | None = None

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
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


def _growth(value: object) -> float:
    """``growth_rate`` as a float: a number >= 1, or infinity (no bound)."""
    number = _checks._to_float(value, "growth_rate")
    if not number >= 1:
        raise ValueError(f"growth_rate must be a number >= 1 or inf, got {value!r}")
    return number


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
        self.d0 = _per_model(d0, "d0", models)
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
        """:math:`d\\,\\mathrm{lr}`, the Adam rate d implies (before bias correction)."""
        return self._out(self.d * self.lr)


class Prodigy(_AdamBase):
    r"""Prodigy (as ``prodigyopt.Prodigy``: no bias correction, no weight decay).

    With :math:`\lambda = d\,\mathrm{lr}` and :math:`\beta_3 = \sqrt{\beta_2}`:
    :math:`m \leftarrow \beta_1 m + d(1-\beta_1) g`,
    :math:`v \leftarrow \beta_2 v + d^2(1-\beta_2) g^2`,
    :math:`N \leftarrow \beta_3 N + (d/d_0)\lambda\langle g, x_0 - x\rangle`,
    :math:`s \leftarrow \beta_3 s + (d/d_0)\lambda g`,
    :math:`\hat d = N/\|s\|_1`, :math:`d \leftarrow \min(\max(d_{max}, \hat d), r d)`
    (the first growth from :math:`d_0` unbounded), then
    :math:`x \leftarrow x - \lambda m/(\sqrt v + d\epsilon)`.

    Examples
    --------
    >>> w = np.array([0.0])
    >>> opt = Prodigy()
    >>> for _ in range(100):
    ...     opt.apply([w], [2 * (w - 3.0)])
    >>> bool(opt.current_learning_rate() > 0.1)
    True
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
    r"""D-Adaptation for Adam (as ``dadaptation.DAdaptAdam``: no bias correction).

    With :math:`\lambda = d\,\mathrm{lr}`, the numerator
    :math:`N \leftarrow \sqrt{\beta_2} N + (1-\sqrt{\beta_2})\lambda
    \langle g, s/(\sqrt v + \epsilon)\rangle` (old :math:`s, v`),
    :math:`m \leftarrow \beta_1 m + \lambda(1-\beta_1) g`,
    :math:`v \leftarrow \beta_2 v + (1-\beta_2) g^2`,
    :math:`s \leftarrow \sqrt{\beta_2} s + \lambda(1-\sqrt{\beta_2}) g`,
    :math:`\hat d = N/((1-\sqrt{\beta_2})\|s\|_1)`,
    :math:`d \leftarrow \max(d, \min(\hat d, r d))`, then
    :math:`x \leftarrow x - m/(\sqrt v + \epsilon)`.

    Examples
    --------
    >>> w = np.array([0.0])
    >>> opt = DAdaptAdam()
    >>> for _ in range(100):
    ...     opt.apply([w], [2 * (w - 3.0)])
    >>> bool(opt.current_learning_rate() > 0.1)
    True
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
