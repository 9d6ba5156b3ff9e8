"""Experiments of the page "Choosing a learning rate" (``docs/guides/choosing.md``).

The iris and the deeplizard networks (:mod:`lrdoc.experiments._setups`), each trained
from 10 seeds (the seed draws the Glorot-uniform weights and the shuffling) as
:data:`MODELS` says. A rate's score is the mean over the seeds of the loss on the
whole training set once training is over; the **best band** is every rate of the
grid whose score is at most :data:`TOLERANCE` times the best score. Every sweep
trains all rates × seeds at once (a stack, :mod:`lrdoc.nn.stack`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lrdoc import _checks, data, nn, optimizers, range_test, schedules
from lrdoc.experiments import _setups
from lrdoc.experiments._store import stored
from lrdoc.stats import BEATS_LEVEL, sign_test, verdict  # noqa: F401 (the page uses them)

SEEDS = tuple(range(10))
"""The seeds of every comparison on the page."""

HELD_OUT = tuple(range(10, 50))
"""40 seeds that the page's claims are checked on again, disjoint from :data:`SEEDS`
(``tests/test_replication_choosing.py``; rule in ``docs/contributing.md``)."""

TOLERANCE = 1.5
"""A rate is in the best band if its mean final loss is at most this times the best."""

GRIDS = _setups.GRIDS
"""The rates each sweep tries, by (model, optimizer) (:data:`lrdoc.experiments._setups.GRIDS`)."""

MODELS = _setups.MODELS
"""The two networks and how each is trained (:data:`lrdoc.experiments._setups.MODELS`)."""

BATCH_SIZES = (16, 32, 64, 128, 256)
"""Batch sizes of the linear-scaling test, on the deeplizard network."""

BUDGETS = (1, 2, 4, 8)
"""Multiples of each network's epochs at which :func:`budgets` sweeps again."""

WINDOWS = ((1e-7, 10.0), (1e-7, 1.0))
"""Range-test windows (first rate, last rate) of :func:`windows`: fastai's default
and one that stops a decade lower."""

LOSS = "sparse_categorical_crossentropy"


def _data(model: str, train: bool) -> tuple[np.ndarray, np.ndarray]:
    """The training or the held-out inputs and labels of ``model``."""
    if model == "iris":
        X, y = data.iris()
        rows = _setups.iris_split()[0 if train else 1]
        return X[rows], y[rows]
    if model == "deeplizard":
        _, scaled, side_effects = _setups.trial() if train else _setups.validation()
        return scaled[:, None], side_effects
    raise ValueError(f"model must be 'iris' or 'deeplizard', got {model!r}")


@functools.cache
def training_data(model: str, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The training inputs and labels of ``model``, inputs multiplied by ``scale``."""
    X, y = _data(model, train=True)
    return X * scale, y


def validation_data(model: str) -> tuple[np.ndarray, np.ndarray]:
    """Data no network trains on: the test flowers of the iris split, or the people
    of the deeplizard validation draw (:func:`lrdoc.experiments._setups.validation`).
    """
    return _data(model, train=False)


def _learns_nothing(model: str, accuracies: np.ndarray) -> np.ndarray:
    """Whether each accuracy is no better than always answering the most common
    class of ``model``'s training labels."""
    _, y = training_data(model)
    return accuracies <= np.bincount(y).max() / y.size + 1e-12


def _fit(
    model: str,
    rates: np.ndarray,
    seeds: list[int],
    optimizer: str = "sgd",
    scale: float = 1.0,
    batch_size: int = 0,
    epochs: int = 0,
) -> nn.Stack:
    """One network of ``model`` per seed, trained at its row of ``rates`` (shape
    (models,) or (models, steps)), all in one stack; 0 means the model's own."""
    spec = MODELS[model]
    X, y = training_data(model, scale)
    stack = spec.network.stack(seeds)
    rule = optimizers.SGD if optimizer == "sgd" else optimizers.Adam
    rate = rates if rates.ndim == 1 else lambda step: rates[:, step]
    batch = batch_size or spec.batch_size
    nn.fit(stack, rule(rate), X, y, epochs or spec.epochs, batch, seed=seeds)
    return stack


def _score(stack: nn.Stack, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, ...]:
    """Each network's loss on (X, y) (``inf`` once diverged) and its accuracy."""
    loss, accuracy = nn.evaluate(stack, X, y, LOSS)
    return np.where(np.isfinite(loss), loss, np.inf), accuracy


@dataclass(frozen=True)
class Sweep:
    """Rates × seeds of ``model``, each trained to the end.

    ``losses`` and ``accuracies`` (rates, seeds) are measured on the whole training
    set after training (or on held-out data, for :attr:`Runs.valid`).
    """

    model: str
    batch_size: int
    rates: np.ndarray
    losses: np.ndarray
    accuracies: np.ndarray

    @property
    def mean(self) -> np.ndarray:
        """Mean final loss over the seeds, per rate (the rate's score)."""
        return self.losses.mean(axis=1)

    @property
    def sd(self) -> np.ndarray:
        """Standard deviation of the final loss over the seeds, per rate."""
        return self.losses.std(axis=1)

    @property
    def best_rate(self) -> float:
        """The rate with the lowest mean final loss."""
        return float(self.rates[int(np.argmin(self.mean))])

    @property
    def best_median_rate(self) -> float:
        """The rate with the lowest median final loss over the seeds."""
        return float(self.rates[int(np.argmin(np.median(self.losses, axis=1)))])

    def median_at_best(self) -> float:
        """The median final loss over the seeds at the best rate (by mean)."""
        return float(np.median(self.at_best()))

    @property
    def lowest_per_seed(self) -> np.ndarray:
        """Each seed's lowest final loss over every rate of the grid."""
        return self.losses.min(axis=0)

    def at_best(self) -> np.ndarray:
        """Each seed's final loss at the best rate (by mean)."""
        return _at_best(self.losses)

    def _index(self, rate: float) -> int:
        """The index of the grid rate nearest ``rate``."""
        return int(np.argmin(np.abs(np.log(self.rates / rate))))

    def failing_seeds(self, rate: float) -> list[int]:
        """The seeds that learn nothing at ``rate``: their accuracy is no better than
        always answering the most common class."""
        failed = _learns_nothing(self.model, self.accuracies[self._index(rate)])
        return [int(k) for k in np.flatnonzero(failed)]

    @property
    def band(self) -> tuple[float, float]:
        """The lowest and highest rate whose mean loss is within TOLERANCE × best."""
        return band_of(self.losses, self.rates)

    @property
    def band_decades(self) -> float:
        """The width of the band, in decades of rate."""
        low, high = self.band
        return math.log10(high / low)

    def row(self, rate: float) -> str:
        """The rate, and the mean ± sd and min–max of its final loss over the seeds."""
        i = self._index(rate)
        losses = self.losses[i]
        return (
            f"{self.rates[i]:<8.3g} {losses.mean():.3f} ± {losses.std():.3f} "
            f"({losses.min():.3g}–{losses.max():.3g})"
        )

    def table(self) -> str:
        """Every rate's row, the best band marked with ``*``."""
        low, high = self.band
        return "\n".join(
            ("* " if low <= r <= high else "  ") + self.row(r) for r in self.rates
        )


@functools.cache
def sweep(
    model: str, optimizer: str = "sgd", scale: float = 1.0, batch_size: int = 0
) -> Sweep:
    """Train ``model`` at every rate of its grid from each of :data:`SEEDS`.

    Parameters
    ----------
    model : {"iris", "deeplizard"}
    optimizer : {"sgd", "adam"}
    scale : float
        Multiply the inputs by this (``10`` turns the iris centimetres into
        millimetres).
    batch_size : int
        0 for the model's own.
    """
    return _runs(model, optimizer, SEEDS, 0, batch_size, scale, together=True).train


def _range_step(model: str, seeds: tuple[int, ...]) -> Callable[[float], np.ndarray]:
    """One SGD step per call of every seed's network on its next mini-batch; returns
    the batch losses, one per seed."""
    spec = MODELS[model]
    X, y = training_data(model)
    stack = spec.network.stack(list(seeds))
    stream = nn.batches(X.shape[0], spec.batch_size, seed=list(seeds))

    def step(rate: float) -> np.ndarray:
        batch = next(stream)
        return nn.train_on_batch(stack, optimizers.SGD(rate), X[batch], y[batch])

    return step


@dataclass(frozen=True)
class RangeTests:
    """fastai's range test on one model, one of ``tests`` per seed, each rule's
    ``suggested`` rate per seed, and the SGD sweep's best ``band``."""

    tests: tuple[range_test.RangeTest, ...]
    suggested: dict[str, np.ndarray]
    band: tuple[float, float]

    def hits(self, rule: str) -> int:
        """In how many seeds the rule's suggestion lies inside the band."""
        low, high = self.band
        rates = self.suggested[rule]
        return int(np.sum((rates >= low) & (rates <= high)))

    def misses(self, rule: str) -> np.ndarray:
        """Per seed, the factor by which the suggestion misses the band (1 = inside);
        below 1 means too small (``0.1`` is ten times below the band's low end)."""
        low, high = self.band
        rates = self.suggested[rule]
        return np.where(
            rates < low, rates / low, np.where(rates > high, rates / high, 1)
        )

    @property
    def rise(self) -> np.ndarray:
        """Per seed, the largest ratio of the smoothed loss to its lowest value so far
        (the run would stop above 4)."""
        return np.array(
            [np.max(t.losses / np.minimum.accumulate(t.losses)) for t in self.tests]
        )

    @property
    def lowest(self) -> np.ndarray:
        """Per seed, the lowest smoothed loss of the run."""
        return np.array([t.losses.min() for t in self.tests])

    def summary(self) -> str:
        """Three short lines per rule: hits; median and range of the suggestions;
        worst misses below and above."""
        lines = []
        for rule, rates in self.suggested.items():
            miss = self.misses(rule)
            lines += [
                f"{rule:<8} in band {self.hits(rule)} of {len(rates)}",
                f"  median {np.median(rates):.3g}, range {rates.min():.3g}–"
                f"{rates.max():.3g}",
                f"  worst miss ×{miss.min():.2g} / ×{miss.max():.2g}",
            ]
        return "\n".join(lines)


@functools.cache
def range_tests(model: str) -> RangeTests:
    """fastai's range test (its default window and iterations, SGD) from each of the
    page's seeds, each suggestion compared with the best band of :func:`sweep`."""
    return range_tests_on(model, SEEDS, WINDOWS[0], sweep(model).band)


@functools.cache
def range_tests_on(
    model: str,
    seeds: tuple[int, ...] = SEEDS,
    window: tuple[float, float] = WINDOWS[0],
    band: tuple[float, float] | None = None,
) -> RangeTests:
    """fastai's range test from ``seeds`` over ``window`` (first and last rate, fastai's
    iterations), against ``band`` (default: the band of those seeds' own sweep in
    :func:`replication`)."""
    start, end = window
    step = _range_step(model, seeds)
    tests = tuple(range_test.range_tests(step, start_lr=start, end_lr=end))
    found = [range_test.suggest(test) for test in tests]
    suggested = {
        rule: np.array([f[rule].rate for f in found]) for rule in range_test.SUGGESTIONS
    }
    if band is None:
        i = [(SEEDS + HELD_OUT).index(s) for s in seeds]
        train = replication().sgd[model]
        band = band_of(train.losses[:, i], train.rates)
    return RangeTests(tests, suggested, band)


@stored
def range_figure() -> tuple[tuple[str, RangeTests, dict], ...]:
    """The data of the figure ``choosing-range-test``: per model, its name, its
    range tests and seed 0's suggestions."""
    tests = {m: range_tests(m) for m in ("iris", "deeplizard")}
    return tuple((m, t, range_test.suggest(t.tests[0])) for m, t in tests.items())


@dataclass(frozen=True)
class Schedules:
    """Per schedule's label, the final training loss and accuracy of iris from each
    seed."""

    losses: dict[str, np.ndarray]
    accuracies: dict[str, np.ndarray]

    def row(self, label: str) -> str:
        """Mean ± sd and min–max of one schedule's final loss, and its failures."""
        x = self.losses[label]
        return (
            f"{label:<20} loss {x.mean():.3f} ± {x.std():.3f}  "
            f"({x.min():.3g}–{x.max():.3g})  learns nothing in {self.failures(label)}"
        )

    def short(self, label: str) -> str:
        """:meth:`row` in three short lines, for a phone."""
        x = self.losses[label]
        return (
            f"{label}\n  loss {x.mean():.3f} ± {x.std():.3f} "
            f"({x.min():.3g}–{x.max():.3g})\n"
            f"  learns nothing in {self.failures(label)} of {x.size}"
        )

    def wins(self, label: str, against: str) -> int:
        """In how many seeds ``label`` ends with a lower loss than ``against``."""
        return int(np.sum(self.losses[label] < self.losses[against]))

    def failures(self, label: str) -> int:
        """In how many seeds the network learns nothing: its accuracy is no better
        than always answering the most common class."""
        return int(np.sum(_learns_nothing("iris", self.accuracies[label])))


def iris_steps() -> int:
    """The number of SGD steps of one iris run: its epochs times its batches."""
    spec = MODELS["iris"]
    return spec.epochs * -(-training_data("iris")[0].shape[0] // spec.batch_size)


ONE_CYCLE_PEAK = 0.1
"""A fixed one-cycle peak for :func:`one_cycle`: the top of the iris SGD band."""

WARMUP_EPOCHS = 5
"""Epochs of linear warmup (from a tenth of the rate) in :func:`warmup`."""


Plan = Callable[[int], float]
"""A schedule: the rate at each step."""


def _constant(rate: float) -> Plan:
    """A schedule that stays at ``rate``."""
    return lambda step: rate


def _schedule_runs(plans: dict[str, list[Plan]], seeds: tuple[int, ...]) -> Schedules:
    """iris trained from every seed under its schedule of each label (one schedule
    per seed), all in one stack."""
    steps = iris_steps()
    rows = [[p(t) for t in range(steps)] for plan in plans.values() for p in plan]
    stack = _fit("iris", np.array(rows), list(seeds) * len(plans))
    losses, accuracies = (
        a.reshape(len(plans), len(seeds)) for a in _score(stack, *training_data("iris"))
    )
    return Schedules(
        dict(zip(plans, losses, strict=True)), dict(zip(plans, accuracies, strict=True))
    )


def _one_cycles(
    minimum: np.ndarray, valley: np.ndarray | None = None
) -> dict[str, list[Plan]]:
    """The page's best constant rate; one-cycle at each seed's ``minimum`` (and
    ``valley``) suggestion and at :data:`ONE_CYCLE_PEAK`; a constant rate at
    ``minimum``."""
    steps = iris_steps()
    peaks = {"one-cycle at minimum": minimum}
    if valley is not None:
        peaks["one-cycle at valley"] = valley
    peaks[f"one-cycle at {ONE_CYCLE_PEAK:g}"] = np.full(minimum.size, ONE_CYCLE_PEAK)
    plans = {"best constant": [_constant(sweep("iris").best_rate)] * minimum.size}
    for label, chosen in peaks.items():
        plans[label] = [
            schedules.one_cycle(float(p), total_steps=steps) for p in chosen
        ]
    return plans | {"constant at minimum": [_constant(float(p)) for p in minimum]}


def _warmups(n: int) -> dict[str, list[Plan]]:
    """Each iris grid rate above the SGD band, constant and with linear warmup over
    :data:`WARMUP_EPOCHS` from a tenth of it, for ``n`` seeds."""
    base = sweep("iris")
    warm = WARMUP_EPOCHS * iris_steps() // MODELS["iris"].epochs
    plans: dict[str, list[Plan]] = {}
    for rate in (float(r) for r in base.rates if r > base.band[1]):
        ramp = schedules.linear_warmup(rate, warmup_steps=warm, start_factor=0.1)
        plans[f"{rate:.3g} constant"] = [_constant(rate)] * n
        plans[f"{rate:.3g} warmup"] = [ramp] * n
    return plans


@stored
def one_cycle() -> Schedules:
    """iris with one-cycle (PyTorch's defaults) peaking at each seed's own range-test
    suggestion, and at :data:`ONE_CYCLE_PEAK`, against the sweep's best constant rate,
    seed by seed; and a constant rate at each seed's ``minimum`` suggestion."""
    suggested = range_tests("iris").suggested
    return _schedule_runs(_one_cycles(suggested["minimum"], suggested["valley"]), SEEDS)


@stored
def warmup() -> Schedules:
    """iris at the rates above the best band, with and without linear warmup."""
    return _schedule_runs(_warmups(len(SEEDS)), SEEDS)


@stored
def schedules_held_out() -> Schedules:
    """:func:`one_cycle` (at ``minimum`` and :data:`ONE_CYCLE_PEAK`) and
    :func:`warmup` again on :data:`HELD_OUT`."""
    minimum = range_tests_on("iris", HELD_OUT).suggested["minimum"]
    return _schedule_runs(_one_cycles(minimum) | _warmups(len(HELD_OUT)), HELD_OUT)


def warmup_changes(result: Schedules, rate: str) -> tuple[int, int, int]:
    """At ``rate`` (a label prefix such as ``"0.316"``): how many seeds learn without
    warmup, how many warmup rescues (learn only with it) and breaks (only without)."""
    _checks.instance(result, Schedules, "result")
    if f"{rate} constant" not in result.accuracies:
        raise ValueError(f"rate must be a rate label of the schedules, got {rate!r}")
    plain = ~_learns_nothing("iris", result.accuracies[f"{rate} constant"])
    warm = ~_learns_nothing("iris", result.accuracies[f"{rate} warmup"])
    return int(plain.sum()), int((warm & ~plain).sum()), int((plain & ~warm).sum())


@dataclass(frozen=True)
class Bands:
    """Best bands of several sweeps, by label."""

    sweeps: dict[str, Sweep]

    def summary(self) -> str:
        """One line per sweep: its band, its width, its best rate, and where 0.001
        falls."""
        lines = []
        for label, result in self.sweeps.items():
            low, high = result.band
            on_grid = np.isclose(result.rates, 0.001, rtol=1e-9)
            loss_there = (
                f"loss {result.mean[on_grid][0]:.3f}" if on_grid.any() else "not swept"
            )
            best = result.mean.min()
            where = "inside" if low <= 0.001 <= high else "outside"
            lines.append(
                f"{label:<16} band {low:.3g}–{high:.3g} ({result.band_decades:.1f} "
                f"decades)  best {result.best_rate:.3g} (loss {best:.3f})  "
                f"0.001: {loss_there}, {where}"
            )
        return "\n".join(lines)


def wins(first: Sweep, second: Sweep) -> int:
    """In how many seeds ``first`` ends lower than ``second``, each at its best rate."""
    _checks.instance(first, Sweep, "first"), _checks.instance(second, Sweep, "second")
    return int(np.sum(first.at_best() < second.at_best()))


OPTIMIZERS = (("sgd", "SGD"), ("adam", "Adam"))
UNITS = (("cm", 1.0), ("mm", 10.0))


@stored
def adam_and_sgd() -> Bands:
    """SGD's and Adam's best bands on both networks."""
    return Bands({f"{m} {name}": sweep(m, o) for m in MODELS for o, name in OPTIMIZERS})


@stored
def units() -> Bands:
    """iris in centimetres and in millimetres (inputs × ``10``), SGD and Adam."""
    return Bands(
        {
            f"{name} {unit}": sweep("iris", optimizer, scale)
            for optimizer, name in OPTIMIZERS
            for unit, scale in UNITS
        }
    )


@stored
def units_held_out() -> Bands:
    """:func:`units` on :data:`HELD_OUT`."""
    return Bands(
        {
            f"{name} {unit}": runs("iris", optimizer, HELD_OUT, scale=scale).train
            for optimizer, name in OPTIMIZERS
            for unit, scale in UNITS
        }
    )


@dataclass(frozen=True)
class BatchScaling:
    """The deeplizard network's SGD sweep at each of :data:`BATCH_SIZES`."""

    sweeps: tuple[Sweep, ...]

    @property
    def best(self) -> np.ndarray:
        """The best rate at each batch size."""
        return np.array([s.best_rate for s in self.sweeps])

    def per_seed(self) -> str:
        """One line per batch size: how many seeds have each grid rate as their own
        best rate (lowest final loss)."""
        grid = self.sweeps[0].rates
        lines = ["batch  " + "".join(f"{r:>6.3g}" for r in grid)]
        for s in self.sweeps:
            counts = np.bincount(np.argmin(s.losses, axis=0), minlength=len(grid))
            lines.append(f"{s.batch_size:>5}  " + "".join(f"{c:>6}" for c in counts))
        return "\n".join(lines)

    def summary(self) -> str:
        """One line per batch size: best rate, what linear scaling from the smallest
        batch predicts, the best rate's loss (mean ± sd) and the band."""
        first = self.sweeps[0]
        lines = []
        for s in self.sweeps:
            k = s.batch_size / first.batch_size
            i = int(np.argmin(s.mean))
            low, high = s.band
            lines.append(
                f"batch {s.batch_size:>3}  best {s.best_rate:<6.3g} linear "
                f"{first.best_rate * k:<6.3g} loss {s.mean[i]:.3f} ± {s.sd[i]:.3f}  "
                f"band {low:.3g}–{high:.3g}"
            )
        return "\n".join(lines)


@stored
def batch_scaling() -> BatchScaling:
    """Goyal et al.'s linear scaling rule on the deeplizard network: its SGD grid at
    each of :data:`BATCH_SIZES`, from the page's seeds."""
    return BatchScaling(tuple(sweep("deeplizard", "sgd", 1.0, b) for b in BATCH_SIZES))


@stored
def batch_scaling_held_out() -> BatchScaling:
    """:func:`batch_scaling` on :data:`HELD_OUT`."""
    return BatchScaling(
        tuple(runs("deeplizard", "sgd", HELD_OUT, 0, b).train for b in BATCH_SIZES)
    )


@dataclass(frozen=True)
class Runs:
    """Rates × seeds trained to the end, scored on the training data (``train``) and
    on :func:`validation_data` (``valid``)."""

    train: Sweep
    valid: Sweep


@functools.cache
def runs(
    model: str,
    optimizer: str = "sgd",
    seeds: tuple[int, ...] = SEEDS,
    epochs: int = 0,
    batch_size: int = 0,
    scale: float = 1.0,
) -> Runs:
    """Train ``model`` at every rate of its grid from each of ``seeds``, for
    ``epochs`` (0: the model's own), and score every run on both data sets.

    With the default arguments ``runs(m).train`` equals :func:`sweep` ``(m)``. The
    page's seeds with SGD at a budget of :data:`BUDGETS` come from the stored
    :func:`budgets`."""
    spec = MODELS[model]
    epochs = epochs or spec.epochs
    multiple, rest = divmod(epochs, spec.epochs)
    page = optimizer == "sgd" and seeds == SEEDS and scale == 1.0
    if page and batch_size in (0, spec.batch_size) and not rest and multiple in BUDGETS:
        return budgets().runs[(model, multiple)]
    return _runs(model, optimizer, seeds, epochs, batch_size, scale)


def _runs(
    model: str,
    optimizer: str,
    seeds: tuple[int, ...],
    epochs: int,
    batch_size: int,
    scale: float,
    together: bool = False,
) -> Runs:
    """:func:`runs`, computed: every rate in one stack (``together``), or one stack
    per rate (within the run-size limit)."""
    rates = np.array(GRIDS[(model, optimizer)])
    batch_size = batch_size or MODELS[model].batch_size
    X, y = training_data(model, scale)
    Xv, yv = validation_data(model)
    scores = []
    for group in [rates] if together else rates[:, None]:
        rows, each = np.repeat(group, len(seeds)), list(seeds) * len(group)
        stack = _fit(model, rows, each, optimizer, scale, batch_size, epochs)
        scores.append(_score(stack, X, y) + _score(stack, Xv * scale, yv))
    loss, accuracy, valid_loss, valid_accuracy = (
        np.concatenate(c).reshape(len(rates), -1) for c in zip(*scores, strict=True)
    )
    return Runs(
        Sweep(model, batch_size, rates, loss, accuracy),
        Sweep(model, batch_size, rates, valid_loss, valid_accuracy),
    )


def _model_and_seeds(model: object, seeds: object) -> None:
    """Raise unless ``model`` is one of :data:`MODELS` and ``seeds`` a slice."""
    _checks.choice(model, "model", tuple(MODELS))
    _checks.instance(seeds, slice, "seeds")


def band_of(losses: np.ndarray, rates: np.ndarray, reference: float = 0.0) -> tuple:
    """The best band of a (rates, seeds) loss table: every rate whose mean loss is at
    most :data:`TOLERANCE` times ``reference`` (0: the table's own best mean);
    ``(nan, nan)`` if no rate is."""
    losses, rates = (
        _checks.real_array(losses, "losses"),
        _checks.finite_vector(rates, "rates"),
    )
    if losses.ndim != 2 or losses.shape[0] != rates.size or losses.shape[1] == 0:
        raise ValueError(f"losses must be (rates, seeds), got {losses.shape}")
    _checks.reject(losses, np.isnan(losses), "losses", "numbers, not NaN")
    reference = _checks.number_in(reference, "reference", 0.0, math.inf)
    mean = losses.mean(axis=1)
    good = rates[mean <= TOLERANCE * (reference or mean.min())]
    return (float(good.min()), float(good.max())) if good.size else (math.nan,) * 2


@dataclass(frozen=True)
class BandSpread:
    """The best band of one network on each group of seeds of :func:`band_spread`,
    and ``pooled``, the band of all of them (:data:`SEEDS` and :data:`HELD_OUT`)."""

    bands: list[tuple[float, float]]
    pooled: tuple[float, float]

    def summary(self) -> str:
        """One line per edge: its values over the groups, and how often each."""
        lines = []
        for name, i in (("low", 0), ("high", 1)):
            edges = [b[i] for b in self.bands]
            counts = {e: edges.count(e) for e in sorted(set(edges))}
            lines.append(
                f"{name:<5} " + ", ".join(f"{e:.3g} ×{k}" for e, k in counts.items())
            )
        return "\n".join(lines)


def _groups(losses: np.ndarray, size: int) -> list[np.ndarray]:
    """The columns of a (rates, seeds) table in disjoint groups of ``size``."""
    return [losses[:, i : i + size] for i in range(0, losses.shape[1], size)]


@functools.cache
def band_spread(model: str) -> BandSpread:
    """The SGD best band of ``model`` on each group of 10 of the page's and the
    held-out seeds."""
    train = replication().sgd[model]
    bands = [band_of(group, train.rates) for group in _groups(train.losses, 10)]
    return BandSpread(bands, band_of(train.losses, train.rates))


@dataclass(frozen=True)
class Replication:
    """The sweeps of the page on every seed (:data:`SEEDS` then :data:`HELD_OUT`):
    per network, SGD's and Adam's training loss (``sgd``, ``adam``) and SGD's loss
    on :func:`validation_data` (``sgd_valid``)."""

    sgd: dict[str, Sweep]
    adam: dict[str, Sweep]
    sgd_valid: dict[str, Sweep]


@stored
def replication() -> Replication:
    """SGD and Adam on both networks from :data:`SEEDS` and :data:`HELD_OUT`, scored
    on both data sets."""
    seeds = SEEDS + HELD_OUT
    both = {m: runs(m, "sgd", seeds) for m in MODELS}
    return Replication(
        {m: r.train for m, r in both.items()},
        {m: runs(m, "adam", seeds).train for m in MODELS},
        {m: r.valid for m, r in both.items()},
    )


def yardstick_band(model: str, optimizer: str, seeds: slice = slice(0, 10)) -> tuple:
    """The band of ``optimizer`` on ``model`` measured against SGD's threshold:
    every rate whose mean loss is at most :data:`TOLERANCE` times SGD's best mean
    loss, over the seeds ``seeds`` of :func:`replication` (the page's by default)."""
    _model_and_seeds(model, seeds)
    _checks.choice(optimizer, "optimizer", ("sgd", "adam"))
    r = replication()
    sgd = r.sgd[model].losses[:, seeds]
    chosen = (r.sgd if optimizer == "sgd" else r.adam)[model]
    reference = float(sgd.mean(axis=1).min())
    return band_of(chosen.losses[:, seeds], chosen.rates, reference)


@dataclass(frozen=True)
class Windows:
    """Per (network, window, rule): how often the rule lands in the band on
    :data:`SEEDS` and on :data:`HELD_OUT`, each against its own seeds' band."""

    hits: dict[tuple[str, tuple[float, float], str], tuple[int, int]]

    def summary(self) -> str:
        """One line per network and window: hits of each rule, page / held-out."""
        lines = ["end_lr  net  minimum  steep  valley"]
        for model in MODELS:
            for window in WINDOWS:
                cells = [
                    "{}/{}".format(*self.hits[(model, window, rule)])
                    for rule in range_test.SUGGESTIONS
                ]
                lines.append(
                    f"{window[1]:<6g}  {model[:4]}  {cells[0]:>7}  {cells[1]:>5}"
                    f"  {cells[2]:>6}"
                )
        return "\n".join(lines)


@stored
def windows() -> Windows:
    """Range tests from every seed over each of :data:`WINDOWS`, on both networks."""
    hits = {}
    for model in MODELS:
        for window in WINDOWS:
            page = range_tests_on(model, SEEDS, window)
            held = range_tests_on(model, HELD_OUT, window)
            for rule in range_test.SUGGESTIONS:
                hits[(model, window, rule)] = (page.hits(rule), held.hits(rule))
    return Windows(hits)


@dataclass(frozen=True)
class Budgets:
    """The SGD sweep of each network at several multiples of its epochs, per
    (network, multiple)."""

    runs: dict[tuple[str, int], Runs]

    def summary(self) -> str:
        """Two short tables, on the training loss and then on held-out data: per
        network and budget, the best rate and the band."""
        lines = []
        for title, which in (("training loss", "train"), ("held-out", "valid")):
            lines.append(f"{title}: net ×ep best band")
            for (model, k), r in self.runs.items():
                s = getattr(r, which)
                low, high = s.band
                lines.append(
                    f"  {model[:4]} {k:>2}  {s.best_rate:<6.3g} {low:.3g}–{high:.3g}"
                )
        return "\n".join(lines)


def _budgets(seeds: tuple[int, ...]) -> Budgets:
    """:func:`budgets` from ``seeds``."""
    return Budgets(
        {
            (m, k): _runs(m, "sgd", seeds, MODELS[m].epochs * k, 0, 1.0)
            for m in MODELS
            for k in BUDGETS
        }
    )


@stored
def budgets() -> Budgets:
    """Both networks' SGD sweeps at each multiple :data:`BUDGETS` of their epochs,
    page's seeds, scored on the training loss and on :func:`validation_data`."""
    return _budgets(SEEDS)


@stored
def budgets_held_out() -> Budgets:
    """:func:`budgets` on :data:`HELD_OUT`."""
    return _budgets(HELD_OUT)


@dataclass(frozen=True)
class LossCurve:
    """What the figure ``choosing-loss-rate`` draws for one network: per rate, the
    mean final training loss over the page's seeds, its min and max over them, the
    mean over :data:`HELD_OUT`, and the page's best band."""

    model: str
    rates: np.ndarray
    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray
    held_out_mean: np.ndarray
    band: tuple[float, float]


@stored
def loss_curves() -> tuple[LossCurve, ...]:
    """The data of the figure ``choosing-loss-rate``, one curve per network."""
    curves = []
    for model in MODELS:
        train = replication().sgd[model]
        page, held = train.losses[:, : len(SEEDS)], train.losses[:, len(SEEDS) :]
        curves.append(
            LossCurve(
                model,
                train.rates,
                page.mean(axis=1),
                page.min(axis=1),
                page.max(axis=1),
                held.mean(axis=1),
                sweep(model).band,
            )
        )
    return tuple(curves)


def _at_best(losses: np.ndarray) -> np.ndarray:
    """Each seed's loss at the rate of the lowest mean loss of a (rates, seeds) table."""
    return losses[int(np.argmin(losses.mean(axis=1)))]


def adam_wins(model: str, seeds: slice = slice(0, 10)) -> tuple[int, int]:
    """Seeds where Adam at its best rate ends lower than SGD at its best rate, and
    seeds where it ends higher (best by the mean over the seeds ``seeds`` of
    :func:`replication`)."""
    _model_and_seeds(model, seeds)
    r = replication()
    adam = _at_best(r.adam[model].losses[:, seeds])
    sgd = _at_best(r.sgd[model].losses[:, seeds])
    return int(np.sum(adam < sgd)), int(np.sum(adam > sgd))


def scaling_groups() -> list[tuple[float, ...]]:
    """The best rate (by the mean) at each batch size of :data:`BATCH_SIZES`, on each
    group of 10 seeds: the page's, then the groups of :data:`HELD_OUT`."""
    page = [s.losses for s in batch_scaling().sweeps]
    held = [_groups(s.losses, 10) for s in batch_scaling_held_out().sweeps]
    rates = batch_scaling().sweeps[0].rates

    def best(losses: np.ndarray) -> float:
        return float(rates[int(np.argmin(losses.mean(axis=1)))])

    groups = [tuple(best(p) for p in page)]
    return groups + [tuple(best(h[g]) for h in held) for g in range(len(held[0]))]


def rule_wins(held_out: bool = False) -> list[tuple[int, float, int, int]]:
    """Above batch 64, the linear rule against the page's best rate, seed by seed.

    For each batch size of :data:`BATCH_SIZES` above 64: the batch size, the rate the
    linear rule predicts from the page's best rate at the smallest batch, and in how
    many seeds the page's best rate at that batch ends lower than the rule's rate,
    and higher. The seeds are :data:`SEEDS`, or :data:`HELD_OUT` with
    ``held_out=True``.
    """
    _checks.flag(held_out, "held_out")
    page = batch_scaling()
    sweeps = batch_scaling_held_out().sweeps if held_out else page.sweeps
    first = page.sweeps[0]
    rows = []
    for ours, s in zip(page.sweeps, sweeps, strict=True):
        if s.batch_size <= 64:
            continue
        rule = first.best_rate * s.batch_size / first.batch_size
        rates = list(s.rates)
        best = s.losses[rates.index(ours.best_rate)]
        ruled = s.losses[rates.index(rule)]
        rows.append(
            (s.batch_size, rule, int(np.sum(best < ruled)), int(np.sum(best > ruled)))
        )
    return rows
