r"""Experiments for the page "Do you still need to choose a learning rate?".

Every method runs on the MCVP line (``data.linear_toy``: four points on
:math:`y = 3x`, the mean squared error of :math:`\hat y = wx + b`, both parameters
from zero), whose minimum loss is 0 at :math:`(3, 0)` and whose tuned constant rates
are known exactly (:mod:`lrdoc.analysis`): gradient descent at
:math:`2/(\lambda_{min} + \lambda_{max})` and heavy-ball momentum at Goh's pair
:math:`(\eta^*, \beta^*)`. One function per section of the page:

- :func:`polyak`: Polyak's step (:class:`lrdoc.linesearch.PolyakStep`), with the
  true minimum and with wrong ones;
- :func:`armijo`: Armijo backtracking (:class:`lrdoc.linesearch.Armijo`) from
  several first trial rates;
- :func:`d_adaptation`: D-Adaptation for SGD and Prodigy
  (:mod:`lrdoc.adaptive`) over a grid of :math:`d_0` and ``lr``;
- :func:`schedule_free`: schedule-free SGD, its three sequences.

Every run is full-batch and deterministic: one epoch is one step, and the numbers
do not depend on a seed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lrdoc import _checks, analysis, data, gradients, nn, optimizers, training
from lrdoc.adaptive import (
    DAdaptAdam,
    DAdaptSGD,
    Prodigy,
    ScheduleFreeAdamW,
    ScheduleFreeSGD,
)
from lrdoc.experiments import _setups
from lrdoc.experiments._store import stored
from lrdoc.linesearch import Armijo, PolyakStep
from lrdoc.optimizers import Adam

EPOCHS = 1000
"""Epochs (full-batch steps) of every run on the line."""

TOLERANCES = (1e-6, 1e-8, 1e-10, 1e-12)
"""The losses at which the page counts epochs."""

WRONG_MINIMA = (0.01, -0.01)
"""The wrong minima assumed for Polyak's step: one too high, one too low."""

INITIAL_RATES = (0.25, 1.0, 4.0)
"""The first rates Armijo's search tries at every step."""

D0S = (1e-8, 1e-6, 1e-4, 1e-2, 1.0)
"""Starting estimates :math:`d_0` of the D-Adaptation grid (the packages' default is
1e-6)."""

MULTIPLIERS = (0.5, 1.0, 2.0)
"""The ``lr`` multipliers of the D-Adaptation grid (the packages' default is 1)."""

SF_RATES = (0.05, 0.1, 0.2, 0.5)
"""Rates of schedule-free SGD on the line."""

SF_BETAS = (0.5, 0.9)
"""Its interpolation weights :math:`\\beta` (the package's default is 0.9)."""


def _line() -> tuple[np.ndarray, np.ndarray]:
    return data.linear_toy()


def _loss(p: np.ndarray) -> float:
    x, y = _line()
    r = p[0] * x + p[1] - y
    return float(np.mean(r * r))


def _grad(p: np.ndarray) -> np.ndarray:
    x, y = _line()
    dw, db = gradients.mse_linear(x, y, float(p[0]), float(p[1]))
    return np.array([dw, db])


def _epochs(losses: np.ndarray) -> np.ndarray:
    return np.array([analysis.stays_below(losses, t) for t in TOLERANCES])


def _run(
    step: Callable[[np.ndarray, np.ndarray, float], None], epochs: int
) -> np.ndarray:
    """The loss after every epoch of ``step(params, grad, loss)`` from (0, 0)."""
    p = np.zeros(2)
    losses = [_loss(p)]
    for _ in range(epochs):
        step(p, _grad(p), losses[-1])
        losses.append(_loss(p))
    return np.array(losses)


@dataclass(frozen=True)
class Tuned:
    """The tuned constant rates on the line, and their epochs.

    Attributes
    ----------
    gd_rate, momentum_rate, momentum_beta, stability_bound : float
        :math:`2/(\\lambda_{min}+\\lambda_{max})`, Goh's :math:`(\\eta^*, \\beta^*)`
        and :math:`2/\\lambda_{max}`.
    lambda_min, lambda_max : float
        The Hessian's eigenvalues.
    gd_epochs, momentum_epochs : numpy.ndarray of int
        Epochs to each of ``TOLERANCES``.
    gd_losses, momentum_losses : numpy.ndarray
        The loss after every epoch.
    """

    gd_rate: float
    momentum_rate: float
    momentum_beta: float
    stability_bound: float
    lambda_min: float
    lambda_max: float
    gd_epochs: np.ndarray
    momentum_epochs: np.ndarray
    gd_losses: np.ndarray
    momentum_losses: np.ndarray


def tuned() -> Tuned:
    """Gradient descent and momentum at their best constant settings, on the line.

    Examples
    --------
    >>> t = tuned()
    >>> round(t.gd_rate, 4), t.gd_epochs.tolist(), t.momentum_epochs.tolist()
    (0.1176, [252, 316, 380, 445], [51, 60, 69, 78])
    """
    x, y = _line()
    gd_rate = analysis.fastest_rate(x)
    m_rate, m_beta = analysis.optimal_momentum(x)
    lo, hi = analysis.curvatures(x)
    gd = training.gradient_descent(x, y, gd_rate, EPOCHS)
    heavy = training.gradient_descent(x, y, m_rate, EPOCHS, momentum=m_beta)
    return Tuned(
        gd_rate,
        m_rate,
        m_beta,
        analysis.stability_bound(x),
        lo,
        hi,
        _epochs(gd.losses),
        _epochs(heavy.losses),
        gd.losses,
        heavy.losses,
    )


@dataclass(frozen=True)
class Polyak:
    """Polyak's step on the line, with the true minimum 0 and with wrong ones.

    Attributes
    ----------
    rates, losses : numpy.ndarray
        With the true minimum: the rate of every epoch and the loss after every
        epoch (the start first).
    epochs : numpy.ndarray of int
        Epochs to each of ``TOLERANCES``.
    wrong_minima : tuple of float
        ``WRONG_MINIMA``.
    wrong_losses, wrong_rates : numpy.ndarray, shape (len(WRONG_MINIMA), ...)
        The same for each wrong minimum.
    gd_rate, stability_bound : float
        Gradient descent's best constant rate and :math:`2/\\lambda_{max}`, to
        compare the rates with.
    """

    rates: np.ndarray
    losses: np.ndarray
    epochs: np.ndarray
    wrong_minima: tuple[float, ...]
    wrong_losses: np.ndarray
    wrong_rates: np.ndarray
    gd_rate: float
    stability_bound: float

    def rates_until(self, tolerance: float) -> np.ndarray:
        """The rates of the epochs before the loss first goes below ``tolerance``.

        Examples
        --------
        >>> polyak().rates_until(1e-10).size
        87
        """
        below = np.flatnonzero(self.losses < tolerance)
        return self.rates[: below[0]] if below.size else self.rates


def _polyak(f_star: float) -> tuple[np.ndarray, np.ndarray]:
    opt = PolyakStep(f_star=f_star)
    losses = _run(lambda p, g, loss: opt.apply([p], [g], loss=loss), EPOCHS)
    return np.array(opt.rates, dtype=float), losses


@stored
def polyak() -> Polyak:
    """Polyak's step from (0, 0), assuming the minimum 0 and each of ``WRONG_MINIMA``.

    Examples
    --------
    >>> result = polyak()
    >>> result.epochs.tolist()
    [57, 75, 90, 105]
    >>> [round(float(r), 4) for r in result.rates[:3]]
    [0.03, 0.0302, 0.0309]
    """
    rates, losses = _polyak(0.0)
    wrong = [_polyak(f) for f in WRONG_MINIMA]
    return Polyak(
        rates,
        losses,
        _epochs(losses),
        WRONG_MINIMA,
        np.array([w[1] for w in wrong]),
        np.array([w[0] for w in wrong]),
        analysis.fastest_rate(_line()[0]),
        analysis.stability_bound(_line()[0]),
    )


@dataclass(frozen=True)
class ArmijoRuns:
    """Armijo backtracking on the line, one run per first trial rate.

    Attributes
    ----------
    initial_rates : tuple of float
        ``INITIAL_RATES``.
    rates, evaluations, losses : numpy.ndarray, shape (len(INITIAL_RATES), ...)
        The accepted rate and the loss evaluations of every epoch, and the loss
        after every epoch (the start first).
    epochs : numpy.ndarray of int, shape (len(INITIAL_RATES), len(TOLERANCES))
        Epochs to each of ``TOLERANCES``.
    """

    initial_rates: tuple[float, ...]
    rates: np.ndarray
    evaluations: np.ndarray
    losses: np.ndarray
    epochs: np.ndarray

    def evaluations_to(self, tolerance: float) -> np.ndarray:
        """Loss evaluations each run spent before its loss stays below ``tolerance``.

        Examples
        --------
        >>> armijo().evaluations_to(1e-10).tolist()
        [450, 179, 297]
        """
        spent = []
        for row, losses in zip(self.evaluations, self.losses, strict=True):
            spent.append(int(row[: analysis.stays_below(losses, tolerance)].sum()))
        return np.array(spent)


@stored
def armijo() -> ArmijoRuns:
    """Armijo's search (its defaults: a small fraction ``c``, halving) from each of
    ``INITIAL_RATES``.

    Examples
    --------
    >>> armijo().epochs[:, 2].tolist()
    [238, 59, 59]
    """
    rates, evaluations, losses = [], [], []
    for eta0 in INITIAL_RATES:
        opt = Armijo(initial_rate=eta0)

        def step(p: np.ndarray, g: np.ndarray, loss: float, opt: Armijo = opt) -> None:
            opt.apply([p], [g], loss=loss, loss_fn=lambda q: _loss(q[0]))

        losses.append(_run(step, EPOCHS))
        rates.append(opt.rates)
        evaluations.append(opt.evaluations)
    curves = np.array(losses)
    return ArmijoRuns(
        INITIAL_RATES,
        np.array(rates, dtype=float),
        np.array(evaluations),
        curves,
        np.array([_epochs(c) for c in curves]),
    )


FIRST_RATES = (
    0.3,
    0.5,
    0.75,
    1.0,
    1.5,
    2.0,
    3.0,
    4.0,
    5.0,
    8.0,
    10.0,
    16.0,
    30.0,
    100.0,
)
"""First trial rates of :func:`armijo_sensitivity`, from 0.3 to 100."""

SHRINKS = (0.3, 0.5, 0.7)
"""Shrink factors of :func:`armijo_sensitivity`, from a first trial rate of 1."""


@dataclass(frozen=True)
class ArmijoSensitivity:
    """Epochs to ``TOLERANCES[2]`` of Armijo's search, halving, from each of
    ``first_rates`` (``by_first``); and from a first rate of 1 with each of
    ``shrinks`` (``by_shrink``). -1: not within ``EPOCHS``."""

    first_rates: tuple[float, ...]
    by_first: np.ndarray
    shrinks: tuple[float, ...]
    by_shrink: np.ndarray


@stored
def armijo_sensitivity() -> ArmijoSensitivity:
    """How much Armijo's speed depends on its first trial rate and shrink factor."""

    def epochs(eta0: float, shrink: float) -> int:
        opt = Armijo(initial_rate=eta0, shrink=shrink)

        def step(p: np.ndarray, g: np.ndarray, loss: float) -> None:
            opt.apply([p], [g], loss=loss, loss_fn=lambda q: _loss(q[0]))

        return int(_epochs(_run(step, EPOCHS))[2])

    return ArmijoSensitivity(
        FIRST_RATES,
        np.array([epochs(r, 0.5) for r in FIRST_RATES]),
        SHRINKS,
        np.array([epochs(1.0, s) for s in SHRINKS]),
    )


@dataclass(frozen=True)
class DAdaptation:
    """D-Adaptation for SGD and Prodigy over a grid of :math:`d_0` and ``lr``.

    Attributes
    ----------
    d0s, multipliers : tuple of float
        ``D0S`` and ``MULTIPLIERS``: the grid's rows and columns.
    distance : float
        The distance :math:`D = \\|x_0 - x_*\\|` from the start to the minimum.
    gradient_norm : float
        :math:`\\|g_0\\|`, the norm of the first gradient.
    sgd_d, prodigy_d : numpy.ndarray, shape (len(D0S), len(MULTIPLIERS), EPOCHS + 1)
        :math:`d` before the first step and after every step.
    sgd_epochs, prodigy_epochs : numpy.ndarray of int, shape (len(D0S), len(MULTIPLIERS))
        Epochs until the loss stays below ``TOLERANCES[2]``; -1 if not within
        ``EPOCHS``.
    sgd_rate, prodigy_rate : numpy.ndarray, shape (len(D0S), len(MULTIPLIERS))
        The rate each run ends with: :math:`\\mathrm{lr}\\, d/\\|g_0\\|` for
        D-Adaptation, :math:`\\mathrm{lr}\\, d` (Adam's step size) for Prodigy.
    sgd_losses, prodigy_losses : numpy.ndarray, shape (EPOCHS + 1,)
        The loss curves of the default run (:math:`d_0` = 1e-6, ``lr`` = 1).
    """

    d0s: tuple[float, ...]
    multipliers: tuple[float, ...]
    distance: float
    gradient_norm: float
    sgd_d: np.ndarray
    prodigy_d: np.ndarray
    sgd_epochs: np.ndarray
    prodigy_epochs: np.ndarray
    sgd_rate: np.ndarray
    prodigy_rate: np.ndarray
    sgd_losses: np.ndarray
    prodigy_losses: np.ndarray

    def default(self) -> tuple[int, int]:
        """The grid's indices of the packages' defaults, :math:`d_0` = 1e-6, lr = 1.

        Examples
        --------
        >>> d_adaptation().default()
        (1, 1)
        """
        return D0S.index(1e-6), MULTIPLIERS.index(1.0)


def _adaptive(opt: DAdaptSGD | Prodigy) -> tuple[np.ndarray, np.ndarray]:
    ds = [float(opt.d[0])]

    def step(p: np.ndarray, g: np.ndarray, loss: float) -> None:
        opt.apply([p], [g])
        ds.append(float(opt.d[0]))

    losses = _run(step, EPOCHS)
    return np.array(ds), losses


@stored
def d_adaptation() -> DAdaptation:
    """D-Adaptation for SGD and Prodigy (their packages' other defaults) on the line.

    Examples
    --------
    >>> result = d_adaptation()
    >>> i, j = result.default()
    >>> round(float(result.sgd_d[i, j, -1]), 3), round(float(result.sgd_rate[i, j]), 4)
    (2.642, 0.0557)
    """
    sgd_d = np.empty((len(D0S), len(MULTIPLIERS), EPOCHS + 1))
    prodigy_d = np.empty_like(sgd_d)
    sgd_epochs = np.empty((len(D0S), len(MULTIPLIERS)), dtype=int)
    prodigy_epochs = np.empty_like(sgd_epochs)
    curves: dict[str, np.ndarray] = {}
    for i, d0 in enumerate(D0S):
        for j, lr in enumerate(MULTIPLIERS):
            sgd_d[i, j], sgd_losses = _adaptive(DAdaptSGD(lr=lr, d0=d0))
            prodigy_d[i, j], prodigy_losses = _adaptive(Prodigy(lr=lr, d0=d0))
            sgd_epochs[i, j] = analysis.stays_below(sgd_losses, TOLERANCES[2])
            prodigy_epochs[i, j] = analysis.stays_below(prodigy_losses, TOLERANCES[2])
            if (d0, lr) == (1e-6, 1.0):
                curves = {"sgd": sgd_losses, "prodigy": prodigy_losses}
    g0 = float(np.linalg.norm(_grad(np.zeros(2))))
    lr_grid = np.array(MULTIPLIERS)[None, :]
    return DAdaptation(
        D0S,
        MULTIPLIERS,
        3.0,
        g0,
        sgd_d,
        prodigy_d,
        sgd_epochs,
        prodigy_epochs,
        lr_grid * sgd_d[:, :, -1] / g0,
        lr_grid * prodigy_d[:, :, -1],
        curves["sgd"],
        curves["prodigy"],
    )


ADAM_RATES = np.geomspace(0.01, 10.0, 13)
"""The constant rates of the Adam sweep that Prodigy is compared with."""


@dataclass(frozen=True)
class AdamSweep:
    """Adam (:class:`lrdoc.optimizers.Adam`, its defaults) at constant rates.

    Attributes
    ----------
    rates : numpy.ndarray
        ``ADAM_RATES``.
    epochs : numpy.ndarray of int, shape (len(ADAM_RATES),)
        Epochs until the loss stays below ``TOLERANCES[2]``; -1 if not within
        ``EPOCHS``.
    """

    rates: np.ndarray
    epochs: np.ndarray


@stored
def adam_sweep() -> AdamSweep:
    """Adam on the line at each of ``ADAM_RATES``: the tuned baseline for Prodigy.

    Examples
    --------
    >>> adam_sweep().epochs.tolist()
    [-1, -1, -1, -1, 796, 435, 259, 256, 257, 260, 261, 270, 286]
    """
    epochs = []
    for rate in ADAM_RATES:
        opt = Adam(learning_rate=float(rate))

        def step(p: np.ndarray, g: np.ndarray, loss: float, opt: Adam = opt) -> None:
            opt.apply([p], [g])

        epochs.append(analysis.stays_below(_run(step, EPOCHS), TOLERANCES[2]))
    return AdamSweep(ADAM_RATES, np.array(epochs))


@dataclass(frozen=True)
class ScheduleFree:
    """Schedule-free SGD on the line: its three sequences, over rates and weights.

    Attributes
    ----------
    rates, betas : tuple of float
        ``SF_RATES`` and ``SF_BETAS``.
    x_losses, y_losses, z_losses : numpy.ndarray, shape (len(SF_BETAS), len(SF_RATES), EPOCHS + 1)
        The loss at the average :math:`x` (the point returned), at the gradient
        point :math:`y` and at the SGD sequence :math:`z`, after every epoch;
        ``nan`` once a run has diverged.
    x_epochs : numpy.ndarray of int, shape (len(SF_BETAS), len(SF_RATES))
        Epochs until the loss at :math:`x` stays below ``TOLERANCES[0]``.
    """

    rates: tuple[float, ...]
    betas: tuple[float, ...]
    x_losses: np.ndarray
    y_losses: np.ndarray
    z_losses: np.ndarray
    x_epochs: np.ndarray


@stored
def schedule_free() -> ScheduleFree:
    """Schedule-free SGD (no warm-up, the package's averaging weights) on the line.

    Examples
    --------
    >>> result = schedule_free()
    >>> result.x_epochs.tolist()
    [[788, 392, 194, -1], [-1, 943, 755, 299]]
    """
    shape = (len(SF_BETAS), len(SF_RATES), EPOCHS + 1)
    xs, ys, zs = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    for i, beta in enumerate(SF_BETAS):
        for j, rate in enumerate(SF_RATES):
            _sf_run(rate, beta, xs[i, j], ys[i, j], zs[i, j])
    epochs = np.array(
        [[analysis.stays_below(row, TOLERANCES[0]) for row in rows] for rows in xs]
    )
    return ScheduleFree(SF_RATES, SF_BETAS, xs, ys, zs, epochs)


def _sf_run(
    rate: float, beta: float, xs: np.ndarray, ys: np.ndarray, zs: np.ndarray
) -> None:
    """One schedule-free run, its losses written into ``xs``, ``ys``, ``zs``."""
    with np.errstate(over="ignore", invalid="ignore"):
        opt = ScheduleFreeSGD(rate, momentum=beta)
        p = np.zeros(2)
        xs[0] = ys[0] = zs[0] = _loss(p)
        for t in range(1, xs.size):
            opt.apply([p], [_grad(p)])
            x_point = opt.evaluation_params([p])[0]
            z_point = (p - beta * x_point) / (1.0 - beta)
            xs[t], ys[t], zs[t] = _loss(x_point), _loss(p), _loss(z_point)
            if not (np.isfinite(p).all() and np.isfinite(xs[t])):
                xs[t:] = ys[t:] = zs[t:] = np.nan
                return


LONGER = 3000
"""Epochs of :func:`longer`: three times the page's horizon."""


@dataclass(frozen=True)
class Longer:
    """Two results of the page rerun over ``LONGER`` epochs: epochs until the loss
    at schedule-free SGD's :math:`x` (at the rate and weight of :func:`longer`) stays
    below ``TOLERANCES[0]`` (``sf_x_epochs``), and Adam's epochs to
    ``TOLERANCES[2]`` at each of ``ADAM_RATES`` (``adam_epochs``); -1: not by the
    end."""

    sf_x_epochs: int
    adam_epochs: np.ndarray


@stored
def longer() -> Longer:
    """Schedule-free SGD at 0.1 and the Adam sweep, run for ``LONGER`` epochs."""
    xs, ys, zs = (np.full(LONGER + 1, np.nan) for _ in range(3))
    _sf_run(0.1, 0.9, xs, ys, zs)
    epochs = []
    for rate in ADAM_RATES:
        opt = Adam(learning_rate=float(rate))

        def step(p: np.ndarray, g: np.ndarray, loss: float, opt: Adam = opt) -> None:
            opt.apply([p], [g])

        epochs.append(analysis.stays_below(_run(step, LONGER), TOLERANCES[2]))
    return Longer(int(analysis.stays_below(xs, TOLERANCES[0])), np.array(epochs))


RACE = (
    "gradient descent at its best rate",
    "momentum at Goh's pair",
    "Polyak's step",
    "Armijo, first trial 1",
    "D-Adaptation (SGD)",
    "Prodigy",
    "schedule-free SGD, rate 0.1",
)
"""The runs that :func:`race` gathers, in its order."""


@dataclass(frozen=True)
class Race:
    """The loss curves of every method on the line, with its defaults or its
    tuned setting.

    Attributes
    ----------
    names : tuple of str
        ``RACE``.
    losses : numpy.ndarray, shape (len(RACE), EPOCHS + 1)
        The loss after every epoch, the start first (for schedule-free SGD, at the
        average :math:`x`, the point it returns).
    epochs : numpy.ndarray of int, shape (len(RACE), len(TOLERANCES))
        Epochs until each loss stays below each of ``TOLERANCES`` (-1: not within
        ``EPOCHS``).
    """

    names: tuple[str, ...]
    losses: np.ndarray
    epochs: np.ndarray


@stored
def race() -> Race:
    """Gather the runs of ``RACE`` from the page's other experiments.

    Examples
    --------
    >>> result = race()
    >>> result.epochs[:, 2].tolist()
    [380, 69, 90, 59, 661, 259, -1]
    """
    t, p, a, d, sf = tuned(), polyak(), armijo(), d_adaptation(), schedule_free()
    i, j = d.default()
    curves = np.array(
        [
            t.gd_losses,
            t.momentum_losses,
            p.losses,
            a.losses[INITIAL_RATES.index(1.0)],
            d.sgd_losses,
            d.prodigy_losses,
            sf.x_losses[SF_BETAS.index(0.9), SF_RATES.index(0.1)],
        ]
    )
    assert (i, j) == (1, 1)
    return Race(RACE, curves, np.array([_epochs(c) for c in curves]))


# ---------------------------------------------------------------------------
# The networks of the choosing guide
# ---------------------------------------------------------------------------

SEEDS = tuple(range(10))
"""The seeds of the network comparisons on the page (each draws a network's
Glorot-uniform weights and its batch order)."""

HELD_OUT = tuple(range(10, 50))
"""The seeds of the held-out check (``tests/test_replication_adaptive.py``)."""


NETWORKS = _setups.MODELS
"""The two networks of the choosing guide, trained as it trains them
(:data:`lrdoc.experiments._setups.MODELS`)."""

GRIDS = _setups.GRIDS
"""The choosing guide's rate grids, by (network, optimizer)
(:data:`lrdoc.experiments._setups.GRIDS`): schedule-free SGD runs on the SGD grid,
schedule-free AdamW on the Adam grid."""

IRIS_RATES = GRIDS[("iris", "adam")]
"""The constant rates of Adam and schedule-free AdamW on iris: 1e-4 to 1, half a
decade apart (the choosing page's Adam grid)."""

IRIS_EPOCHS = NETWORKS["iris"].epochs
"""Epochs of every iris run (the choosing page's budget)."""

IRIS_BATCH = NETWORKS["iris"].batch_size
"""Batch size of every iris run."""

BAND = 1.5
"""A rate is in the best band if its mean final loss is at most this times the best."""

STACK_LIMIT = 150_000
"""Models times training samples above which a grid trains one stack per rate
rather than every rate in one stack (the deeplizard grids on ``HELD_OUT``: the
final forward pass would exceed lrdoc's memory limit)."""

ADAPTIVE = ("D-Adaptation (SGD)", "D-Adaptation (Adam)", "Prodigy")
"""The methods of :class:`Methods` that estimate their rate, in its order."""

YARDSTICKS = ("sgd", "adam", "adam")
"""The optimizer each of ``ADAPTIVE`` is judged against: its band and its tuned
constant rate are that optimizer's."""


def _data(model: str) -> tuple[np.ndarray, np.ndarray]:
    """The training inputs and labels of ``model``, as the choosing guide reads
    them: the 112 training flowers, or the 2100 people of the trial, ages scaled."""
    if model == "iris":
        X, y = data.iris()
        train, _ = _setups.iris_split()
        return X[train], y[train]
    _, scaled, side_effects = _setups.trial()
    return scaled[:, None], side_effects


def _train(
    spec: _setups.Training,
    X: np.ndarray,
    y: np.ndarray,
    opt: object,
    seeds: list[int],
    average: bool = False,
) -> np.ndarray:
    """Train one network of ``spec`` per seed on ``(X, y)`` with ``opt`` (built for
    ``len(seeds)`` models), each seed drawing its weights and batch order; the final
    training loss of each (``inf`` once diverged). With ``average`` the loss is
    taken at the schedule-free average :math:`x`."""
    stack = spec.network.stack(seeds)
    nn.fit(stack, opt, X, y, spec.epochs, spec.batch_size, seed=seeds)  # type: ignore[arg-type]
    if average:
        assert isinstance(opt, ScheduleFreeSGD)
        with np.errstate(all="ignore"):
            for p, x_point in zip(
                stack.params(), opt.evaluation_params(stack.params()), strict=True
            ):
                p[...] = x_point
    with np.errstate(all="ignore"):
        loss, _ = nn.evaluate(stack, X, y, "sparse_categorical_crossentropy")
    loss = np.asarray(loss, dtype=float)
    return np.where(np.isfinite(loss), loss, np.inf)


def summary(losses: np.ndarray) -> str:
    """Mean ± sd and min–max of final losses over seeds, as the choosing guide
    prints a schedule's row.

    Examples
    --------
    >>> summary(np.array([0.4, 0.5, 0.6]))
    'loss 0.500 ± 0.082 (0.4–0.6)'
    """
    x = _checks.real_array(losses, "losses")
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"losses must be a non-empty 1-d array, got {x.shape}")
    _checks.reject(x, np.isnan(x), "losses", "numbers, not NaN")
    return f"loss {x.mean():.3f} ± {x.std():.3f} ({x.min():.3g}–{x.max():.3g})"


def split(first: np.ndarray, second: np.ndarray) -> tuple[int, int]:
    """In how many seeds ``first`` ends lower than ``second``, and in how many higher
    (one final loss per seed, the same seeds in both; ties count in neither).

    Examples
    --------
    >>> split(np.array([0.1, 0.5, 0.3]), np.array([0.2, 0.4, 0.3]))
    (1, 1)
    """
    first = _checks.real_array(first, "first")
    second = _checks.real_array(second, "second")
    if first.ndim != 1 or first.shape != second.shape:
        raise ValueError(
            f"first and second must be one loss per seed each, got {first.shape} "
            f"and {second.shape}"
        )
    return int((first < second).sum()), int((first > second).sum())


@dataclass(frozen=True)
class Methods:
    """The rate-free and schedule-free methods on one network of the choosing guide.

    Attributes
    ----------
    model : str
        ``"iris"`` or ``"deeplizard"``.
    seeds : tuple of int
    sgd_rates, adam_rates : tuple of float
        The network's grids, ``GRIDS[(model, "sgd")]`` and ``GRIDS[(model, "adam")]``.
    schedule_free_sgd : numpy.ndarray, shape (len(sgd_rates), len(seeds))
        Final training loss of schedule-free SGD (no warm-up, the package's default
        :math:`\\beta`) at each SGD rate, taken at the average :math:`x`.
    schedule_free_adamw : numpy.ndarray, shape (len(adam_rates), len(seeds))
        The same for schedule-free AdamW (no warm-up, no weight decay) on the Adam
        grid.
    losses : numpy.ndarray, shape (len(ADAPTIVE), len(seeds))
        Final training loss of each of ``ADAPTIVE`` with its package's defaults.
    rates : numpy.ndarray, shape (len(ADAPTIVE), len(seeds))
        The rate each implies at the end: :math:`\\mathrm{lr}\\,d/\\|g_0\\|` (an SGD
        rate) for D-Adaptation (SGD), :math:`\\mathrm{lr}\\,d` (Adam's step size)
        for the Adam forms.
    """

    model: str
    seeds: tuple[int, ...]
    sgd_rates: tuple[float, ...]
    adam_rates: tuple[float, ...]
    schedule_free_sgd: np.ndarray
    schedule_free_adamw: np.ndarray
    losses: np.ndarray
    rates: np.ndarray

    def best(self, losses: np.ndarray) -> int:
        """The index of the grid rate with the lowest mean loss over the seeds.

        Examples
        --------
        >>> result = networks()["iris"]
        >>> round(result.sgd_rates[result.best(result.schedule_free_sgd)], 4)
        0.3162
        """
        return _best(losses)

    def method(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The final losses and implied rates of one of ``ADAPTIVE``.

        Examples
        --------
        >>> losses, rates = networks()["iris"].method("Prodigy")
        >>> losses.shape, rates.shape
        ((10,), (10,))
        """
        i = ADAPTIVE.index(_checks.choice(name, "name", ADAPTIVE))
        return self.losses[i], self.rates[i]

    def stuck(self, losses: np.ndarray) -> int:
        r"""In how many seeds the final loss is above :math:`\ln K - 0.01` (``K``
        the network's classes): a network that gives every class about
        :math:`1/K`, having learned nothing.

        Examples
        --------
        >>> result = networks()["deeplizard"]
        >>> result.stuck(result.method("D-Adaptation (SGD)")[0])
        10
        """
        classes = NETWORKS[self.model].network.sizes[-1]
        return int((np.asarray(losses) > math.log(classes) - 0.01).sum())

    def inside(self, name: str, band: tuple[float, float]) -> tuple[int, int, int]:
        """In how many seeds the rate that ``name`` implies at the end lies below
        ``band``, inside it and above it (the edges widened a little, for the
        rounding of a grid rate).

        Examples
        --------
        >>> networks()["deeplizard"].inside("D-Adaptation (SGD)", (0.25, 1.0))
        (0, 0, 10)
        """
        low, high = band
        rates = self.method(name)[1]
        below, above = rates < low * 0.999, rates > high * 1.001
        return int(below.sum()), int((~below & ~above).sum()), int(above.sum())

    def counts(self, name: str, tuned: np.ndarray) -> tuple[int, int]:
        """In how many seeds ``name`` ends lower than ``tuned`` (one final loss per
        seed, the same seeds), and in how many higher.

        Examples
        --------
        >>> result = networks()["iris"]
        >>> result.counts("Prodigy", iris().adam[5])
        (4, 6)
        """
        return split(self.method(name)[0], tuned)

    def report(
        self, name: str, band: tuple[float, float], best_rate: float, tuned: np.ndarray
    ) -> str:
        """Short lines on ``name``, for a phone: the rates it implies against
        ``band``, its final loss, the tuned constant's at ``best_rate`` (``tuned``,
        one loss per seed), the seeds where it ends lower and higher, and the stuck
        networks.

        Examples
        --------
        >>> result = networks()["iris"]
        >>> print(result.report("Prodigy", (0.01, 0.0316), 0.0316, iris().adam[5]))
        iris, Prodigy
          rates 0.00999–0.0421
          band 0.01–0.0316
          below 1, in 8, above 1
          loss 0.341 ± 0.398 (0.0677–1.1)
          tuned at 0.0316:
            loss 0.226 ± 0.301 (0.0679–1.1)
          lower in 4, higher in 6
          stuck 2 (tuned 1)
        """
        losses, rates = self.method(name)
        below, inside, above = self.inside(name, band)
        lower, higher = self.counts(name, tuned)
        return (
            f"{self.model}, {name}\n"
            f"  rates {rates.min():.3g}–{rates.max():.3g}\n"
            f"  band {band[0]:.3g}–{band[1]:.3g}\n"
            f"  below {below}, in {inside}, above {above}\n"
            f"  {summary(losses)}\n"
            f"  tuned at {best_rate:.3g}:\n"
            f"    {summary(tuned)}\n"
            f"  lower in {lower}, higher in {higher}\n"
            f"  stuck {self.stuck(losses)} (tuned {self.stuck(tuned)})"
        )


def _methods(model: str, seeds: tuple[int, ...]) -> Methods:
    """Every method of :class:`Methods` on ``model`` from ``seeds``: one stack per
    method, the grid's rates side by side."""
    spec, (X, y) = NETWORKS[model], _data(model)
    n = len(seeds)
    grids = {}
    for name, rule in (("sgd", ScheduleFreeSGD), ("adam", ScheduleFreeAdamW)):
        rates = np.array(GRIDS[(model, name)])
        together = rates.size * n * X.shape[0] <= STACK_LIMIT
        rows = []
        for group in [rates] if together else rates[:, None]:
            opt = rule(np.repeat(group, n), models=group.size * n)
            group_seeds = [s for _ in group for s in seeds]
            rows.append(_train(spec, X, y, opt, group_seeds, average=True))
        grids[name] = np.concatenate(rows).reshape(rates.size, n)
    losses, implied = [], []
    for estimator in (DAdaptSGD, DAdaptAdam, Prodigy):
        adaptive = estimator(models=n)
        losses.append(_train(spec, X, y, adaptive, list(seeds)))
        implied.append(np.asarray(adaptive.current_learning_rate(), dtype=float))
    return Methods(
        model,
        tuple(seeds),
        GRIDS[(model, "sgd")],
        GRIDS[(model, "adam")],
        grids["sgd"],
        grids["adam"],
        np.array(losses),
        np.array(implied),
    )


@stored
def networks() -> dict[str, Methods]:
    """The methods of :class:`Methods` on both networks, from the page's ``SEEDS``.

    Examples
    --------
    >>> sorted(networks()), networks()["deeplizard"].losses.shape
    (['deeplizard', 'iris'], (3, 10))
    """
    return {model: _methods(model, SEEDS) for model in NETWORKS}


@stored
def networks_held_out() -> dict[str, Methods]:
    """:func:`networks` on ``HELD_OUT``.

    Examples
    --------
    >>> networks_held_out()["iris"].losses.shape
    (3, 40)
    """
    return {model: _methods(model, HELD_OUT) for model in NETWORKS}


@dataclass(frozen=True)
class Implied:
    """What the figure of implied rates draws: per network (``models``) and method
    (``ADAPTIVE``), the rate each seed ends with (``rates``, shape (networks,
    methods, seeds)) and the best band it is judged against (``bands``: the SGD band
    for D-Adaptation (SGD), the Adam band for the others)."""

    models: tuple[str, ...]
    methods: tuple[str, ...]
    rates: np.ndarray
    bands: tuple[tuple[tuple[float, float], ...], ...]


def _sweep(model: str, optimizer: str, seeds: tuple[int, ...]) -> np.ndarray:
    """Final training losses of plain SGD or Adam at every rate of the network's
    grid (``GRIDS``) from each of ``seeds``, shape (rates, seeds): the choosing
    guide's sweep, run here again (this module may not import that page's)."""
    rates = np.array(GRIDS[(model, optimizer)])
    rule = optimizers.SGD if optimizer == "sgd" else optimizers.Adam
    grid_seeds = [s for _ in rates for s in seeds]
    losses = _train(
        NETWORKS[model],
        *_data(model),
        rule(np.repeat(rates, len(seeds))),
        grid_seeds,
    )
    return losses.reshape(rates.size, len(seeds))


def _best(losses: np.ndarray) -> int:
    """The index of the row (a rate) of ``losses`` with the lowest mean over the
    seeds."""
    return int(np.argmin(losses.mean(axis=1)))


def _band(losses: np.ndarray, rates: tuple[float, ...]) -> tuple[float, float]:
    """The lowest and highest rate whose mean loss over the seeds (a row of
    ``losses`` per rate) is within ``BAND`` times the best mean.

    Examples
    --------
    >>> _band(np.array([[1.0, 1.0], [0.5, 0.7], [0.8, 0.8]]), (0.1, 0.2, 0.4))
    (0.2, 0.4)
    """
    mean = losses.mean(axis=1)
    inside = np.flatnonzero(mean <= BAND * mean.min())
    return rates[inside[0]], rates[inside[-1]]


@stored
def implied() -> Implied:
    """The implied rates of :func:`networks` against the best band of the
    optimizer each is judged with, from the sweeps of :func:`_sweep` on ``SEEDS``.

    Examples
    --------
    >>> implied().rates.shape
    (2, 3, 10)
    """
    result = networks()
    models = tuple(NETWORKS)
    bands = {
        (m, o): _band(_sweep(m, o, SEEDS), GRIDS[(m, o)])
        for m in models
        for o in sorted(set(YARDSTICKS))
    }
    return Implied(
        models,
        ADAPTIVE,
        np.array([result[m].rates for m in models]),
        tuple(tuple(bands[(m, o)] for o in YARDSTICKS) for m in models),
    )


# ---------------------------------------------------------------------------
# Adam's sweep on iris
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Iris:
    """Prodigy and schedule-free AdamW against Adam's rate sweep on iris.

    Attributes
    ----------
    seeds : tuple of int
    rates : tuple of float
        ``IRIS_RATES``.
    adam, schedule_free : numpy.ndarray, shape (len(IRIS_RATES), len(seeds))
        Final training loss at every constant rate and seed.
    prodigy : numpy.ndarray, shape (len(seeds),)
        Final training loss of Prodigy with its defaults.
    prodigy_d : numpy.ndarray, shape (len(seeds),)
        Prodigy's final :math:`d`, its Adam step size (``lr`` = 1).
    """

    seeds: tuple[int, ...]
    rates: tuple[float, ...]
    adam: np.ndarray
    schedule_free: np.ndarray
    prodigy: np.ndarray
    prodigy_d: np.ndarray

    def best(self, losses: np.ndarray) -> int:
        """The index of the rate with the lowest mean loss over the seeds.

        Examples
        --------
        >>> result = iris()
        >>> round(result.rates[result.best(result.adam)], 4)
        0.0316
        """
        return _best(losses)

    def band(self, losses: np.ndarray) -> tuple[float, float]:
        """The lowest and highest rate whose mean loss is within ``BAND`` times the
        best mean.

        Examples
        --------
        >>> [round(r, 4) for r in iris().band(iris().adam)]
        [0.01, 0.0316]
        """
        return _band(losses, self.rates)


def _iris(methods: Methods) -> Iris:
    """Adam's sweep on iris from the seeds of ``methods``, with its schedule-free
    AdamW and Prodigy runs."""
    seeds = methods.seeds
    prodigy, prodigy_d = methods.method("Prodigy")
    return Iris(
        tuple(seeds),
        IRIS_RATES,
        _sweep("iris", "adam", seeds),
        methods.schedule_free_adamw,
        prodigy,
        prodigy_d,
    )


@stored
def iris() -> Iris:
    """The iris comparison on the page's ``SEEDS``.

    Examples
    --------
    >>> iris().prodigy.shape
    (10,)
    """
    return _iris(networks()["iris"])


@stored
def iris_held_out() -> Iris:
    """The iris comparison on ``HELD_OUT``.

    Examples
    --------
    >>> iris_held_out().prodigy.shape
    (40,)
    """
    return _iris(networks_held_out()["iris"])
