r"""Experiments for the page "Momentum and the edge of stability".

- :func:`momentum`: heavy-ball momentum on the MCVP line (``data.linear_toy``): the
  Hessian's numbers, Goh's optimal pair, and a grid of (η, β) as one array
  computation; :func:`adam_range`: gradient descent and Adam on it, rate by rate;
- :func:`edge_of_stability`: full-batch gradient descent on a small sigmoid network
  on iris, 10 seeds at 3 rates, and perturbed copies, as one stack
  (:mod:`lrdoc.nn.stack`), the sharpness tracked by
  :func:`lrdoc.sharpness.sharpness`; :func:`edge_summary` condenses it.

These runs are chaotic (a difference in the last bit grows until the paths part), so
they run inside :func:`lrdoc.nn.exact.everywhere`: the same bits on every CPU and
BLAS, and the same printed numbers on any machine.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from lrdoc import _checks, analysis, data, gradients, nn, training
from lrdoc.experiments._store import stored
from lrdoc.optimizers import SGD, Adam
from lrdoc.sharpness import flat_parameters, set_flat_parameters, sharpness

# --- Momentum on the MCVP line

TOLERANCE = 1e-10
"""A run has converged once its loss stays below this for good."""

TOLERANCES = (1e-6, 1e-8, 1e-10, 1e-12)
"""The tolerances at which the page compares the speed-up with the theory's."""

MAX_EPOCHS = 1000
"""Epochs of every run in the (η, β) grid."""

PATH_EPOCHS = 40
"""Epochs drawn on the contour plot."""


@dataclass(frozen=True)
class Momentum:
    """Heavy-ball momentum on the MCVP line, in theory and on a grid.

    The Hessian, its eigenvalues and condition number ``kappa``; gradient descent's
    best rate and factor per epoch beside Goh's optimal η*, β* and factor, and the
    ratio of epochs they predict (``theory_speedup``); the epochs after which each
    run's loss stays below each of ``TOLERANCES``. Over the grid of ``rates`` ×
    ``betas``: epochs to ``TOLERANCE`` (-1: never), whether the loss became
    non-finite (``diverged``) or ended not below its start (``grew``), and the
    fastest pair. Last, (w, b) after each epoch of both best settings from (0, 0),
    over the loss surface around them (``contour_*``).
    """

    hessian: np.ndarray
    lambda_min: float
    lambda_max: float
    kappa: float
    gd_rate: float
    gd_factor: float
    momentum_rate: float
    momentum_beta: float
    momentum_factor: float
    theory_speedup: float
    gd_epochs: np.ndarray
    momentum_epochs: np.ndarray
    rates: np.ndarray
    betas: np.ndarray
    epochs: np.ndarray
    diverged: np.ndarray
    grew: np.ndarray
    grid_best_rate: float
    grid_best_beta: float
    grid_best_epochs: int
    gd_path: np.ndarray
    momentum_path: np.ndarray
    contour_w: np.ndarray
    contour_b: np.ndarray
    contour_loss: np.ndarray

    @property
    def speedups(self) -> np.ndarray:
        """Measured ratio of epochs, plain gradient descent over momentum, at each
        of ``TOLERANCES``.
        """
        return self.gd_epochs / self.momentum_epochs

    def boundary(self, betas: np.ndarray) -> np.ndarray:
        """The largest stable rate for each β: :math:`(2 + 2\\beta)/\\lambda_{max}`."""
        return (2.0 + 2.0 * np.asarray(betas)) / self.lambda_max


@stored
def momentum() -> Momentum:
    """Heavy-ball momentum on the MCVP line: theory, a grid of (η, β), two paths."""
    x, y = data.linear_toy()
    lo, hi = analysis.curvatures(x)
    gd_rate = analysis.fastest_rate(x)
    m_rate, m_beta = analysis.optimal_momentum(x)
    gd_factor = analysis.fastest_contraction(x)
    m_factor = analysis.optimal_momentum_contraction(x)

    pair = training.sweep(x, y, [gd_rate, m_rate], epochs=3000, momentum=[0.0, m_beta])
    pair_curves = pair.loss_curves
    assert pair_curves is not None  # sweep records the curves by default
    pair_epochs = np.array([analysis.stays_below(pair_curves, t) for t in TOLERANCES])

    rates = np.linspace(0.003125, 0.25, 80)
    betas = np.linspace(0.0, 0.945, 64)
    grid = training.sweep(
        x, y, rates[None, :], epochs=MAX_EPOCHS, momentum=betas[:, None]
    )
    grid_curves = grid.loss_curves
    assert grid_curves is not None
    epochs = analysis.stays_below(grid_curves, TOLERANCE).reshape(grid.shape)
    best = int(np.argmin(np.where(epochs < 0, np.iinfo(np.int64).max, epochs)))

    gd = training.gradient_descent(x, y, gd_rate, PATH_EPOCHS)
    heavy = training.gradient_descent(x, y, m_rate, PATH_EPOCHS, momentum=m_beta)
    gd_path = np.stack([gd.weights, gd.biases], axis=1)
    m_path = np.stack([heavy.weights, heavy.biases], axis=1)
    both = np.concatenate([gd_path, m_path])
    w_axis = np.linspace(both[:, 0].min() - 1.0, both[:, 0].max() + 1.0, 121)
    b_axis = np.linspace(both[:, 1].min() - 2.0, both[:, 1].max() + 2.0, 101)
    cw, cb = np.meshgrid(w_axis, b_axis)
    contour_loss = np.mean((cw[..., None] * x + cb[..., None] - y) ** 2, axis=-1)
    return Momentum(
        hessian=analysis.hessian_mse_linear(x),
        lambda_min=lo,
        lambda_max=hi,
        kappa=analysis.condition_number(x),
        gd_rate=gd_rate,
        gd_factor=gd_factor,
        momentum_rate=m_rate,
        momentum_beta=m_beta,
        momentum_factor=m_factor,
        theory_speedup=math.log(m_factor) / math.log(gd_factor),
        gd_epochs=pair_epochs[:, 0],
        momentum_epochs=pair_epochs[:, 1],
        rates=rates,
        betas=betas,
        epochs=epochs,
        diverged=grid.diverged.reshape(grid.shape),
        grew=~(grid.losses < grid_curves[0]).reshape(grid.shape),
        grid_best_rate=float(np.broadcast_to(rates, grid.shape).ravel()[best]),
        grid_best_beta=float(np.broadcast_to(betas[:, None], grid.shape).ravel()[best]),
        grid_best_epochs=int(epochs.ravel()[best]),
        gd_path=gd_path,
        momentum_path=m_path,
        contour_w=cw,
        contour_b=cb,
        contour_loss=contour_loss,
    )


# --- Adam on the same quadratic

ADAM_EPOCHS = 1000
"""Epochs of every run in :func:`adam_range`."""


@dataclass(frozen=True)
class AdamRange:
    """Plain gradient descent and Adam on the MCVP line, rate by rate: their losses
    after ``ADAM_EPOCHS`` epochs (``inf`` where gradient descent diverged,
    ``gd_diverged``), Adam's largest change of the weight in one epoch
    (``adam_largest_step``) and largest loss after the first epoch
    (``adam_worst_loss``), and gradient descent's limit :math:`2/\\lambda_{max}`."""

    rates: np.ndarray
    gd_losses: np.ndarray
    adam_losses: np.ndarray
    gd_diverged: np.ndarray
    adam_largest_step: np.ndarray
    adam_worst_loss: np.ndarray
    stability_bound: float


@functools.cache
def adam_range() -> AdamRange:
    """Gradient descent and Keras-style Adam on the MCVP line at rates 0.001 to 10."""
    x, y = data.linear_toy()
    rates = np.geomspace(1e-3, 10.0, 13)
    swept = training.sweep(x, y, rates, epochs=ADAM_EPOCHS)
    # Adam's moments depend only on the gradients it is given, element by element:
    # one optimizer with rate 1 drives all runs, and each run scales its move by
    # its own rate.
    optimizer = Adam(learning_rate=1.0)
    w, b = np.zeros(rates.size), np.zeros(rates.size)
    largest, worst = np.zeros(rates.size), np.zeros(rates.size)
    for _ in range(ADAM_EPOCHS):
        moves = [np.zeros(rates.size), np.zeros(rates.size)]
        grads = [np.asarray(g) for g in gradients.mse_linear(x, y, w, b)]
        optimizer.apply(moves, grads)
        w, b = w + rates * moves[0], b + rates * moves[1]
        largest = np.maximum(largest, np.abs(rates * moves[0]))
        loss = np.mean((x[:, None] * w + b - y[:, None]) ** 2, axis=0)
        worst = np.maximum(worst, loss)
    return AdamRange(
        rates=rates,
        gd_losses=np.where(swept.diverged_at > 0, np.inf, swept.losses),
        adam_losses=loss,
        gd_diverged=swept.diverged_at > 0,
        adam_largest_step=largest,
        adam_worst_loss=worst,
        stability_bound=analysis.stability_bound(x),
    )


# --- The edge of stability

SIZES = (4, 16, 16, 3)
"""The network: 4 inputs, two hidden layers of 16 sigmoid units, 3 softmax outputs."""

ACTIVATIONS = ("sigmoid", "sigmoid", "softmax")

RATES = (0.3, 0.4, 0.5)
"""The three learning rates; 2/η is 6.67, 5 and 4."""

SEEDS = tuple(range(10))
"""Seeds of ``nn.build``: one network per seed, the same start at every rate."""

STEPS = 600
"""Full-batch steps of every run."""

EVERY = 15
"""The sharpness is measured every this many steps (an odd number, so successive
measurements fall on both points of a two-step oscillation)."""

WINDOW = (300, 600)
"""The steps over which the page checks the edge of stability."""

REACHED = 0.9
"""The sharpness has reached 2/η once it is at least this multiple of 2/η."""

BAND = (0.9, 1.4)
"""The band, as a multiple of 2/η, in which the page checks the sharpness averaged
over two successive measurements."""

FIRST_ITERATIONS = 30
"""Power iterations at step 0 from a random vector (every one made: no tolerance),
and of the second pass of a network whose estimate came out negative."""

WARM_ITERATIONS = 6
"""Power iterations at every later measurement, from the previous vector."""

PERTURBATION = 1e-10
"""Size of the nudges of the perturbed copies: each starting parameter moves by a
normal draw with this standard deviation."""

COPIES = 1
"""Perturbed copies of every run. At the edge, rounding differences grow step by
step, so the path after about step 100 depends on rounding; the page claims only
what holds on the unperturbed run and on every copy."""


def iris_half() -> tuple[np.ndarray, np.ndarray]:
    """Every second flower of iris (75 of them, 25 per species), measurements in cm.

    Examples
    --------
    >>> X, y = iris_half()
    >>> X.shape, np.bincount(y)
    ((75, 4), array([25, 25, 25]))
    """
    X, y = data.iris()
    return X[::2], y[::2]


@dataclass(frozen=True)
class EdgeOfStability:
    """Full-batch gradient descent on the iris network, R rates × S seeds: the
    ``losses`` (STEPS + 1, R, S) after each step, the ``sharpness`` (M, R, S) at the
    M steps ``measured_at``, and the ``final_parameters`` (R, S, P)."""

    rates: np.ndarray
    seeds: np.ndarray
    losses: np.ndarray
    measured_at: np.ndarray
    sharpness: np.ndarray
    final_parameters: np.ndarray

    @property
    def thresholds(self) -> np.ndarray:
        """2/η for each rate."""
        return 2.0 / self.rates


def _train(
    X: np.ndarray,
    y: np.ndarray,
    rates: tuple[float, ...],
    every: int,
    copies: int = 0,
    seed_list: tuple[int, ...] = SEEDS,
) -> tuple[EdgeOfStability, ...]:
    """One network per rate and seed of ``seed_list`` on (X, y), and ``copies``
    nudged copies of each, in one stack, the sharpness measured every ``every``
    steps; the unperturbed runs first, then one result per copy."""
    rate_array, seeds = np.array(rates), np.array(seed_list)
    paths, runs = copies + 1, rate_array.size * seeds.size
    stack = nn.stack.build(
        SIZES, ACTIVATIONS, list(seed_list) * (rate_array.size * paths)
    )
    theta = flat_parameters(stack)
    nudges = np.random.default_rng(2).standard_normal((copies, runs, theta.shape[1]))
    theta[runs:] += PERTURBATION * nudges.reshape(-1, theta.shape[1])
    set_flat_parameters(stack, theta)
    start = np.random.default_rng(0).standard_normal((runs, theta.shape[1]))
    measured, sharp = [], []

    def measure(step: int, iterations: int = WARM_ITERATIONS) -> None:
        nonlocal start
        if step % every == 0:
            found = sharpness(
                stack, X, y, iterations=iterations, tolerance=0.0, start=start,
                seed=1, restart_iterations=FIRST_ITERATIONS,
            )  # fmt: skip
            measured.append(step)
            sharp.append(found.value)
            start = found.vector

    with nn.exact.everywhere():
        start = np.tile(start, (paths, 1))
        measure(0, FIRST_ITERATIONS)
        rate = SGD(np.tile(np.repeat(rate_array, seeds.size), paths))
        history = nn.fit(stack, rate, X, y, STEPS, X.shape[0], shuffle=False,
                         callback=measure)  # fmt: skip
        end, _ = nn.evaluate(stack, X, y, "sparse_categorical_crossentropy")
    shape = (paths, rate_array.size, seeds.size)
    losses = np.column_stack([history.batch_losses, end]).T.reshape(-1, *shape)
    sharpness_values = np.array(sharp).reshape(-1, *shape)
    final = flat_parameters(stack).reshape(*shape, -1)
    return tuple(
        EdgeOfStability(
            rates=rate_array,
            seeds=seeds,
            losses=losses[:, path],
            measured_at=np.array(measured),
            sharpness=sharpness_values[:, path],
            final_parameters=final[path],
        )
        for path in range(paths)
    )


@stored
def _all_paths() -> tuple[EdgeOfStability, ...]:
    return _train(*iris_half(), RATES, EVERY, COPIES)


def edge_of_stability() -> EdgeOfStability:
    """The networks of every seed and rate on :func:`iris_half`, their sharpness
    measured every ``EVERY`` steps."""
    return _all_paths()[0]


def perturbed_copies() -> tuple[EdgeOfStability, ...]:
    """The ``COPIES`` copies of :func:`edge_of_stability` whose starting parameters
    were nudged by about ``PERTURBATION``."""
    return _all_paths()[1:]


def _standardised(seeds: tuple[int, ...], rate: float, every: int) -> EdgeOfStability:
    """The runs at ``rate`` from ``seeds``, each input scaled to mean 0 and standard
    deviation 1, the sharpness measured every ``every`` steps."""
    X, y = iris_half()
    return _train((X - X.mean(axis=0)) / X.std(axis=0), y, (rate,), every, 0, seeds)[0]


@stored
def standardised_inputs() -> EdgeOfStability:
    """The page's runs at rate 0.4 again, each input scaled to mean 0 and standard
    deviation 1; the sharpness is measured every 75 steps."""
    return _standardised(SEEDS, 0.4, 75)


@dataclass(frozen=True)
class EdgeSummary:
    """The numbers the page states about :func:`edge_of_stability`; every array but
    ``rates`` has one row per rate, one column per seed.

    Attributes
    ----------
    initial, peak_ratio : numpy.ndarray
        Sharpness at step 0; the largest before the window over it.
    reached_at : numpy.ndarray of int
        First measured step with sharpness >= ``REACHED`` × 2/η; -1 if none.
    low, high, mean : numpy.ndarray
        Least, largest and mean in the window of the sharpness averaged over two
        successive measurements, as multiples of 2/η.
    loss_start, loss_end, rises : numpy.ndarray
        The loss at the window's first and last step; steps after which it rose.
    """

    rates: np.ndarray
    initial: np.ndarray
    reached_at: np.ndarray
    peak_ratio: np.ndarray
    low: np.ndarray
    high: np.ndarray
    mean: np.ndarray
    loss_start: np.ndarray
    loss_end: np.ndarray
    rises: np.ndarray

    @property
    def in_band(self) -> np.ndarray:
        """Whether each run's averaged sharpness stayed inside ``BAND`` all window."""
        return (self.low >= BAND[0]) & (self.high <= BAND[1])


def _span(values: np.ndarray, digits: int) -> str:
    """``"lo–hi"`` at ``digits`` decimals, or one number if both round alike."""
    lo, hi = f"{values.min():.{digits}f}", f"{values.max():.{digits}f}"
    return lo if lo == hi else f"{lo}–{hi}"


def table(summaries: tuple[EdgeSummary, ...]) -> str:
    """Short lines per rate over the seeds and every path (the runs and their
    perturbed copies): when the sharpness reached ``REACHED`` × 2/η, the extremes
    and the mean of the averaged ratio in the window, the loss at its ends, and how
    often the loss rose."""
    given = _checks.sequence(summaries, "summaries", "EdgeSummary")
    if not given:
        raise ValueError("summaries must hold at least one EdgeSummary, got none")
    for s in given:
        _checks.instance(s, EdgeSummary, "summaries")
    lines = []
    first = summaries[0]
    for i, rate in enumerate(first.rates):
        reached = first.reached_at[i]
        spread = (
            f"{reached.mean():.0f} ± {reached.std():.0f} "
            f"({reached.min()}–{reached.max()})"
        )
        low = np.array([s.low[i].min() for s in summaries])
        high = np.array([s.high[i].max() for s in summaries])
        mean = np.array([s.mean[i].mean() for s in summaries])
        start = np.array([s.loss_start[i].mean() for s in summaries])
        end = np.array([s.loss_end[i].mean() for s in summaries])
        rises = np.array([s.rises[i] for s in summaries])
        lines += [
            f"rate {rate}, 2/η = {2 / rate:.2f}",
            f"  ≥ {REACHED} × 2/η by step {spread}",
            f"  pair averages      {low.min():.2f}–{high.max():.2f}",
            f"  window mean        {_span(mean, 2)}",
            f"  loss {WINDOW[0]} → {WINDOW[1]}     {_span(start, 2)} → {_span(end, 2)}",
            f"  loss rose after    {rises.min()}–{rises.max()} steps",
        ]
    return "\n".join(lines)


def summarise(result: EdgeOfStability) -> EdgeSummary:
    """Condense an :class:`EdgeOfStability` into an :class:`EdgeSummary`."""
    at = _checks.instance(result, EdgeOfStability, "result").measured_at
    ratio = result.sharpness / result.thresholds[None, :, None]
    inside = (at >= WINDOW[0]) & (at <= WINDOW[1])
    pairs = (ratio[1:] + ratio[:-1]) / 2.0
    pair_inside = inside[1:] & inside[:-1]
    reached = ratio >= REACHED
    reached_at = np.where(reached.any(axis=0), at[np.argmax(reached, axis=0)], -1)
    before = at < WINDOW[0]
    window_losses = result.losses[WINDOW[0] : WINDOW[1] + 1]
    return EdgeSummary(
        rates=result.rates,
        initial=np.broadcast_to(result.sharpness[0], ratio.shape[1:]).copy(),
        reached_at=reached_at,
        peak_ratio=result.sharpness[before].max(axis=0) / result.sharpness[0],
        low=pairs[pair_inside].min(axis=0),
        high=pairs[pair_inside].max(axis=0),
        mean=pairs[pair_inside].mean(axis=0),
        loss_start=window_losses[0],
        loss_end=window_losses[-1],
        rises=(np.diff(window_losses, axis=0) > 0).sum(axis=0),
    )


@functools.cache
def edge_summary() -> EdgeSummary:
    """:func:`summarise` of :func:`edge_of_stability`."""
    return summarise(edge_of_stability())


@functools.cache
def edge_summaries() -> tuple[EdgeSummary, ...]:
    """:func:`summarise` of :func:`edge_of_stability`, then of each of its
    :func:`perturbed_copies`."""
    return tuple(summarise(r) for r in (edge_of_stability(), *perturbed_copies()))


# --- Replication: the edge-of-stability claims on held-out seeds

HELD_OUT = tuple(range(10, 40))
"""30 seeds, disjoint from :data:`SEEDS`, that the page's claims about the network
runs are checked on again (``tests/test_replication_stability.py``)."""


@stored
def held_out_edge() -> EdgeOfStability:
    """:func:`edge_of_stability` from the :data:`HELD_OUT` seeds (no perturbed copy)."""
    return _train(*iris_half(), RATES, EVERY, seed_list=HELD_OUT)[0]


@stored
def held_out_standardised() -> EdgeOfStability:
    """:func:`standardised_inputs` from the :data:`HELD_OUT` seeds."""
    return _standardised(HELD_OUT, 0.4, 75)
