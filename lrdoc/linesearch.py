r"""Step sizes set from the loss: Polyak's step and Armijo backtracking.

Both take a gradient step :math:`x \leftarrow x - \eta_t g_t` whose rate
:math:`\eta_t` is chosen afresh at every step from the loss, instead of being fixed
beforehand:

- :class:`PolyakStep` sets :math:`\eta_t = (f(x_t) - f_*)/\|g_t\|^2`, from an assumed
  minimum value :math:`f_*` of the loss. B. T. Polyak, "Minimization of unsmooth
  functionals", USSR Computational Mathematics and Mathematical Physics, 1969, and
  his book "Introduction to Optimization", Optimization Software, 1987; Elad Hazan
  and Sham Kakade, "Revisiting the Polyak step size", 2019,
  https://arxiv.org/abs/1905.00313. The cap :math:`\gamma_{max}` is the one of
  Nicolas Loizou, Sharan Vaswani, Issam Laradji and Simon Lacoste-Julien,
  "Stochastic Polyak Step-size for SGD: An Adaptive Learning Rate for Fast
  Convergence", AISTATS 2021, https://arxiv.org/abs/2002.10542.
- :class:`Armijo` tries a rate, and shrinks it until the loss falls by enough.
  Larry Armijo, "Minimization of functions having Lipschitz continuous first partial
  derivatives", Pacific Journal of Mathematics, 1966,
  https://doi.org/10.2140/pjm.1966.16.1; for training networks, Sharan Vaswani,
  Aaron Mishkin, Issam Laradji, Mark Schmidt, Gauthier Gidel and Simon
  Lacoste-Julien, "Painless Stochastic Gradient: Interpolation, Line-Search, and
  Convergence Rates", NeurIPS 2019, https://arxiv.org/abs/1905.09997.

Each updates float arrays ``params`` in place, like the optimizers of
:mod:`lrdoc.optimizers`, but also needs the loss at ``params``: ``apply(params,
grads, loss)``, and for :class:`Armijo` a function that evaluates the loss at other
points. Both record the rate of every step in ``rates`` (:class:`Armijo` also the
loss evaluations it spent in ``evaluations``). For a stack of networks
(:mod:`lrdoc.nn.stack`) pass ``models=M``: every array's leading axis holds the M
models, the loss is one number per model, and each model gets its own rate.

Examples
--------
On :math:`f(x) = \tfrac12 x^\top A x` with :math:`A = \mathrm{diag}(1, 3)` the
Polyak rate with the true minimum 0 is :math:`\tfrac12 x^\top A x / x^\top A^2 x`,
0.2 at :math:`x = (1, 1)`: between :math:`1/(2 \cdot 3)` and :math:`1/(2 \cdot 1)`,
the rates it picks on each axis alone:

>>> A = np.array([1.0, 3.0])
>>> x = np.array([1.0, 1.0])
>>> polyak = PolyakStep()
>>> polyak.apply([x], [A * x], loss=0.5 * A @ x**2)
>>> polyak.rates, x.round(6)
([0.2], array([0.8, 0.4]))
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrdoc import _checks
from lrdoc._per_model import PerModel

__all__ = ["Armijo", "PolyakStep"]


class _LossStep(PerModel):
    """:class:`lrdoc._per_model.PerModel` with the loss each step is given."""

    def __init__(self, models: int | None) -> None:
        super().__init__(models, slots=4)

    def _losses(self, value: object, name: str) -> np.ndarray:
        """A loss: one real number, or one per model for a stack (may be inf/nan)."""
        array = _checks.real_array(value, name)
        if self.models is None:
            if array.ndim != 0:
                raise ValueError(f"{name} must be one number, got shape {array.shape}")
            return array.reshape(1)
        if array.shape != (self.models,):
            raise ValueError(
                f"{name} must hold one number per model, shape ({self.models},), "
                f"got shape {array.shape}"
            )
        return array


class PolyakStep(_LossStep):
    r"""Gradient descent at Polyak's rate, from an assumed minimum of the loss.

    .. math::

        \eta_t = \min\Bigl(\gamma_{max}, \frac{\max(0, f(x_t) - f_*)}{\|g_t\|^2}\Bigr),

    .. math::

        x_{t+1} = x_t - \eta_t g_t.

    With the true minimum :math:`f_*` and a convex loss, every step brings
    :math:`x` closer to every minimizer :math:`x_*`:

    .. math::

        \|x_{t+1} - x_*\|^2 \le \|x_t - x_*\|^2 - \frac{(f(x_t) - f_*)^2}{\|g_t\|^2}.

    On a quadratic
    :math:`f(x) = f_* + \tfrac12 (x - x_*)^\top A (x - x_*)` the rate is
    :math:`\tfrac12 e^\top A e / e^\top A^2 e` with :math:`e = x_t - x_*`: on one axis
    of curvature :math:`a` it is :math:`1/(2a)`, half the rate :math:`1/a` that
    lands on the minimum in one step, so each step halves the distance. An
    :math:`f_*` set too low lengthens every step (the loss never reaches
    :math:`f_*`, so the rate stays above the true one); one set too high stops
    the descent where the loss reaches it (the rate is 0 once
    :math:`f(x_t) \le f_*`). A zero gradient gives rate 0.

    Parameters
    ----------
    f_star : float or array_like
        The assumed minimum of the loss (default 0, the minimum of a loss that can
        be fitted exactly); one per model for a stack.
    gamma_max : float or array_like
        The largest rate allowed, > 0 (default ``inf``: no cap); one per model for
        a stack.
    models : int, optional
        The number of models in a stack; None for one model.

    Attributes
    ----------
    rates : list
        The rate of every step (a float, or one per model for a stack).
    iterations : int
        The steps taken.

    Examples
    --------
    On :math:`f(x) = 2 x^2` (curvature :math:`a = 4`) the rate is
    :math:`1/(2a) = 0.125` at every point, and each step halves :math:`x`:

    >>> x = np.array([1.0])
    >>> polyak = PolyakStep()
    >>> for _ in range(3):
    ...     polyak.apply([x], [4 * x], loss=float(2 * x[0] ** 2))
    >>> polyak.rates, x
    ([0.125, 0.125, 0.125], array([0.125]))

    Assuming the minimum is 1 (it is 0) stops the descent where :math:`f = 1`, at
    :math:`x = 1/\sqrt 2`:

    >>> x = np.array([1.0])
    >>> polyak = PolyakStep(f_star=1.0)
    >>> for _ in range(5):
    ...     polyak.apply([x], [4 * x], loss=float(2 * x[0] ** 2))
    >>> x.round(4), [round(r, 4) for r in polyak.rates]
    (array([0.7071]), [0.0625, 0.0139, 0.0004, 0.0, 0.0])

    Assuming -0.01 makes every rate too long, more so near the minimum, where
    :math:`f - f_*` no longer shrinks with :math:`\|g\|^2`; the iterate then
    bounces around 0 instead of converging:

    >>> x = np.array([1.0])
    >>> polyak = PolyakStep(f_star=-0.01)
    >>> for _ in range(5):
    ...     polyak.apply([x], [4 * x], loss=float(2 * x[0] ** 2))
    >>> [round(r, 3) for r in polyak.rates], x.round(4)
    ([0.126, 0.128, 0.136, 0.175, 0.685], array([-0.0581]))
    """

    def __init__(
        self, f_star: object = 0.0, gamma_max: object = np.inf, models=None
    ) -> None:
        super().__init__(models)
        self.f_star = self._per_model(f_star, "f_star")
        _checks.reject(
            self.f_star, ~np.isfinite(self.f_star), "f_star", "finite numbers"
        )
        self.gamma_max = self._positive(gamma_max, "gamma_max", infinite=True)
        self.rates: list[float | np.ndarray] = []

    def step_size(self, grads: list[np.ndarray], loss: object) -> float | np.ndarray:
        """The rate Polyak's rule gives for these gradients and loss (no step taken).

        Examples
        --------
        >>> PolyakStep(gamma_max=0.1).step_size([np.array([1.0, 1.0])], loss=1.0)
        0.1
        >>> PolyakStep().step_size([np.array([1.0, 1.0])], loss=1.0)
        0.5
        """
        grads = [_checks.real_array(g, f"grads[{i}]") for i, g in enumerate(grads)]
        return self._out(self._rate(grads, self._losses(loss, "loss")))

    def _rate(self, grads: list[np.ndarray], loss: np.ndarray) -> np.ndarray:
        squares = self._sum(g * g for g in grads)
        with np.errstate(all="ignore"):
            gap = np.maximum(loss - self.f_star, 0.0)
            rate = np.where(squares > 0, gap / np.where(squares > 0, squares, 1), 0.0)
        return np.minimum(rate, self.gamma_max)

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray], loss) -> None:
        r"""Step ``params`` in place at Polyak's rate; ``loss`` is :math:`f` at them.

        Examples
        --------
        Two models of :math:`f(x) = 2x^2`, the second assuming the minimum is 1:

        >>> x = np.array([[1.0], [1.0]])
        >>> polyak = PolyakStep(f_star=[0.0, 1.0], models=2)
        >>> polyak.apply([x], [4 * x], loss=2 * x[:, 0] ** 2)
        >>> polyak.rates[0], x.ravel()
        (array([0.125 , 0.0625]), array([0.5 , 0.75]))
        """
        grads = self._check(params, grads)
        rate = self._rate(grads, self._losses(loss, "loss"))
        with np.errstate(all="ignore"):
            for p, g in zip(params, grads, strict=True):
                p -= self._along(rate, p) * g
        self.rates.append(self._out(rate))
        self.iterations += 1


class Armijo(_LossStep):
    r"""Gradient descent with Armijo's backtracking line search.

    Each step tries :math:`\eta = \eta_0, \rho\eta_0, \rho^2\eta_0, \ldots` and takes
    the first that decreases the loss by a fraction :math:`c` of what the gradient
    promises:

    .. math::

        f(x_t - \eta g_t) \le f(x_t) - c\,\eta\,\|g_t\|^2.

    Each trial costs one evaluation of the loss (the loss at :math:`x_t` is given).
    If ``max_evaluations`` trials all fail, no step is taken and the rate is
    recorded as 0. A non-finite trial loss fails the test, so a rate that overflows
    is shrunk like any other (numpy's warnings are silenced during the search,
    ``loss_fn`` included). For a stack each model searches its own rate; every
    evaluation computes the loss of the whole stack, and a model's count is the
    trials it needed.

    Parameters
    ----------
    initial_rate : float or array_like
        :math:`\eta_0 > 0`, the first rate tried at every step (default 1); one per
        model for a stack.
    c : float
        The fraction :math:`c` in (0, 1) of the promised decrease to demand
        (default 1e-4, a common choice).
    shrink : float
        :math:`\rho` in (0, 1), the factor a failed rate is multiplied by
        (default 0.5).
    max_evaluations : int
        The most trials per step (default 30).
    models : int, optional
        The number of models in a stack; None for one model.

    Attributes
    ----------
    rates : list
        The accepted rate of every step (0 where none was), one per model for a
        stack.
    evaluations : list
        The loss evaluations every step spent, one per model for a stack.

    Examples
    --------
    On :math:`f(x) = 2x^2` (curvature 4, gradient :math:`4x`) a rate passes when
    :math:`2(1 - 4\eta)^2 x^2 \le 2x^2 - c\,\eta\,(4x)^2`, that is when
    :math:`\eta \le (1 - c)/2`: from :math:`\eta_0 = 1`, halving, 1 and 0.5 fail
    and 0.25 passes, after 3 evaluations, and lands on the minimum:

    >>> x = np.array([1.0])
    >>> armijo = Armijo()
    >>> f = lambda p: float(2 * p[0][0] ** 2)
    >>> armijo.apply([x], [4 * x], loss=f([x]), loss_fn=f)
    >>> armijo.rates, armijo.evaluations, x
    ([0.25], [3], array([0.]))
    """

    def __init__(
        self,
        initial_rate: object = 1.0,
        c: object = 1e-4,
        shrink: object = 0.5,
        max_evaluations: object = 30,
        models=None,
    ) -> None:
        super().__init__(models)
        self.initial_rate = self._positive(initial_rate, "initial_rate")
        self.c = _checks.number_in(c, "c", 0.0, 1.0)
        if self.c == 0:
            raise ValueError(f"c must be in (0, 1), got {c!r}")
        self.shrink = _checks.number_in(shrink, "shrink", 0.0, 1.0)
        if self.shrink == 0:
            raise ValueError(f"shrink must be in (0, 1), got {shrink!r}")
        self.max_evaluations = _checks.positive_int(max_evaluations, "max_evaluations")
        self.rates: list[float | np.ndarray] = []
        self.evaluations: list[int | np.ndarray] = []

    def apply(
        self,
        params: list[np.ndarray],
        grads: list[np.ndarray],
        loss,
        loss_fn: Callable[[list[np.ndarray]], object],
    ) -> None:
        r"""Search a rate and step ``params`` in place.

        ``loss`` is :math:`f` at ``params``; ``loss_fn(trial)`` must return the loss
        at the arrays ``trial`` (shaped like ``params``): a number, or one per
        model for a stack.

        Examples
        --------
        Two models of :math:`f(x) = 2x^2` searched from different first rates: 0.2
        passes at once, 1 needs three trials:

        >>> x = np.array([[1.0], [1.0]])
        >>> f = lambda p: 2 * p[0][:, 0] ** 2
        >>> armijo = Armijo(initial_rate=[0.2, 1.0], models=2)
        >>> armijo.apply([x], [4 * x], loss=f([x]), loss_fn=f)
        >>> armijo.rates[0], armijo.evaluations[0]
        (array([0.2 , 0.25]), array([1, 3]))
        """
        grads = self._check(params, grads)
        if not callable(loss_fn):
            raise TypeError(f"loss_fn must be callable, got {_checks.show(loss_fn)}")
        start = self._losses(loss, "loss")
        squares = self._sum(g * g for g in grads)
        rate = self.initial_rate.copy()
        done = np.zeros(self._count, dtype=bool)
        spent = np.zeros(self._count, dtype=int)
        trial = [p.copy() for p in params]
        with np.errstate(all="ignore"):
            for _ in range(self.max_evaluations):
                for t, p, g in zip(trial, params, grads, strict=True):
                    moving = self._along(~done, p)
                    t[...] = np.where(moving, p - self._along(rate, p) * g, t)
                value = self._losses(loss_fn(trial), "loss_fn(trial)")
                spent += ~done
                passed = ~done & (value <= start - self.c * rate * squares)
                done |= passed
                if done.all():
                    break
                rate = np.where(done, rate, rate * self.shrink)
            accepted = np.where(done, rate, 0.0)
            for p, t in zip(params, trial, strict=True):
                p[...] = np.where(self._along(done, p), t, p)
        self.rates.append(self._out(accepted))
        self.evaluations.append(int(spent[0]) if self.models is None else spent)
        self.iterations += 1
