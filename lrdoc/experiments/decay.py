"""Every result on the page about decay, schedules and the iris network (the
article's table is in :mod:`lrdoc.replicas.decay`). The seeds of a run train side by
side as one stack (:mod:`lrdoc.nn.stack`) through :func:`lrdoc.nn.fit`, each exactly
as it would alone.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lrdoc import data, nn, schedules
from lrdoc.experiments import Erratum
from lrdoc.experiments._setups import IRIS, iris_split
from lrdoc.experiments._store import stored
from lrdoc.optimizers import SGD, Adam
from lrdoc.replicas import decay as published_decay
from lrdoc.stats import BEATS_LEVEL, record, sign_test
from lrdoc.tables import format_table

ERRATA = (
    Erratum("decay", "decay-errata", "rate at epoch 5 from 0.2", "0.171", "0.19048"),
)
"""The article's decay table against the time-based formula it names."""

RATES = (0.2, 0.1, 0.03, 0.01)
"""The article's four learning rates."""

EPOCHS = 20
BATCH_SIZE = 32
SEEDS = np.arange(10)
"""Every comparison on the page runs these 10 seeds (initial weights and batch order)."""

HELD_OUT = np.arange(10, 50)
"""40 seeds the page's comparisons are re-checked on."""

LOSS = "categorical_crossentropy"

OPTIMIZERS: dict[str, Callable[[], nn.Optimizer]] = {
    **{f"{rate:g}": functools.partial(SGD, rate) for rate in RATES},
    **{f"decay {rate:g}": functools.partial(SGD, rate, decay=0.01) for rate in RATES},
    "cosine 0.1": lambda: SGD(schedules.cosine(0.1, decay_steps=EPOCHS * 4)),
    "momentum": lambda: SGD(0.03, momentum=0.9),
    "Adam 0.001": lambda: Adam(),
    "Adam 0.01": lambda: Adam(0.01),
}
"""Every optimizer the page compares, by its label on the page (cosine decay runs over
the 80 steps of a run)."""


@dataclass(frozen=True)
class Iris:
    """The iris data: measurements ``X``, species ``y`` (0, 1, 2) and ``onehot``,
    and the indices of the ``train`` and ``test`` flowers."""

    X: np.ndarray
    y: np.ndarray
    onehot: np.ndarray
    train: np.ndarray
    test: np.ndarray


@functools.cache
def iris() -> Iris:
    """The data and split of the article's experiment (:func:`_setups.iris_split`)."""
    X, y = data.iris()
    return Iris(X, y, np.eye(3)[y], *iris_split())


def _first_batch() -> tuple[nn.Network, list[np.ndarray], np.ndarray]:
    """Seed 0's network, its gradients on the first batch (split order), the batch."""
    d = iris()
    net = IRIS.build(seed=0)
    batch = d.train[:BATCH_SIZE]
    _, grads = net.loss_and_gradients(d.X[batch], d.onehot[batch], LOSS)
    return net, grads, d.X[batch]


def _moves(net: nn.Network, optimizer: nn.Optimizer, grads: list) -> list[np.ndarray]:
    """How far one step of ``optimizer`` moves each of the network's parameters."""
    before = [p.copy() for p in net.params()]
    optimizer.apply(net.params(), grads)
    return [p - b for p, b in zip(net.params(), before, strict=True)]


@dataclass(frozen=True)
class UpdateRule:
    """One step of SGD at 0.1 on the first batch: the output biases' gradient, how far
    the step moved them, and whether every parameter moved by -0.1 times its gradient.
    """

    bias_gradient: np.ndarray
    bias_step: np.ndarray
    every_step_is_a_tenth: bool


@functools.cache
def update_rule() -> UpdateRule:
    """The update rule on the iris network's first batch."""
    net, grads, _ = _first_batch()
    moved = _moves(net, SGD(learning_rate=0.1), grads)
    return UpdateRule(
        bias_gradient=grads[-1],
        bias_step=moved[-1],
        every_step_is_a_tenth=all(
            np.allclose(m, -0.1 * g) for m, g in zip(moved, grads, strict=True)
        ),
    )


@dataclass(frozen=True)
class DecayTable:
    r"""The article's table, the time-based ``formula`` :math:`\eta_0/(1 + d\,e)`
    and its ``recursive`` reading, :math:`\eta_{e-1}/(1 + d\,e)`, epochs 1 to 5,
    and a ``table`` of them beside the recursive rule cut to 3 decimals."""

    published: tuple[float, ...]
    formula: np.ndarray
    recursive: np.ndarray
    table: str


@functools.cache
def decay_table() -> DecayTable:
    """The decay table, from 0.2 with decay 0.01."""
    epochs = np.arange(1, 6)
    per_epoch = schedules.inverse_time(0.2, decay_rate=0.01)
    formula = np.array([per_epoch(int(e)) for e in epochs])
    recursive = 0.2 / np.cumprod(1 + 0.01 * epochs)
    truncated = published_decay.recursive_truncated(0.2, 0.01, 5)
    columns = (epochs, published_decay.PUBLISHED, formula, recursive, truncated)
    rows = [
        (int(e), f"{p:.3f}", f"{f:.5f}", f"{r:.5f}", f"{t:.3f}")
        for e, p, f, r, t in zip(*columns, strict=True)
    ]
    headers = ["epoch", "published", "formula", "recursive", "rec. cut"]
    return DecayTable(
        published_decay.PUBLISHED, formula, recursive, format_table(headers, rows)
    )


@dataclass(frozen=True)
class KerasDecay:
    """What legacy Keras ``SGD(0.2, decay=0.01)`` did over the article's epochs: the
    rate of each step, the rate after each epoch, the time-based formula with the
    epoch as its counter, whether ``inverse_time(0.2, 0.01)`` gives the same rates,
    and the article's table (which the figure marks)."""

    steps_per_epoch: int
    steps: int
    rate_per_step: np.ndarray
    after_epoch: np.ndarray
    per_epoch_formula: np.ndarray
    schedule_matches: bool
    published: tuple[float, ...]


@functools.cache
def keras_decay() -> KerasDecay:
    """Legacy Keras decay, step by step, from 0.2."""
    steps_per_epoch = int(np.ceil(iris().train.size / BATCH_SIZE))
    sgd = SGD(0.2, decay=0.01)
    formula = schedules.inverse_time(0.2, decay_rate=0.01)
    scheduled = SGD(formula)
    zero = [np.zeros(1)]
    per_step, after, same = [], [], True
    for _ in range(EPOCHS):
        for _ in range(steps_per_epoch):
            per_step.append(sgd.current_learning_rate())
            same &= sgd.current_learning_rate() == scheduled.current_learning_rate()
            sgd.apply([np.zeros(1)], zero)
            scheduled.apply([np.zeros(1)], zero)
        after.append(sgd.current_learning_rate())
    return KerasDecay(
        steps_per_epoch=steps_per_epoch,
        steps=sgd.iterations,
        rate_per_step=np.array(per_step),
        after_epoch=np.array(after),
        per_epoch_formula=np.array([formula(e) for e in range(1, EPOCHS + 1)]),
        schedule_matches=bool(same),
        published=published_decay.PUBLISHED,
    )


@dataclass(frozen=True)
class Runs:
    """One optimizer on the iris network, one row per seed: the training loss per
    epoch (the mean over its batches, each before its step, as Keras reports it), the
    test loss after each epoch, the final test accuracy and predictions, the rate of
    each step, the second hidden layer's live units (firing on some training flower)
    before the first step and after each, and the largest distance any parameter
    moved from its start."""

    label: str
    loss: np.ndarray
    val_loss: np.ndarray
    accuracy: np.ndarray
    learning_rates: np.ndarray
    live_units: np.ndarray
    predictions: np.ndarray
    largest_move: np.ndarray

    @property
    def predicted_counts(self) -> np.ndarray:
        """Per seed, how many test flowers are predicted as each species."""
        return np.stack([np.bincount(p, minlength=3) for p in self.predictions])

    @property
    def setosa_only(self) -> np.ndarray:
        """Per seed, whether the run only tells setosa from the rest: it gets every
        test setosa right and predicts one of the two other species at most once."""
        d = iris()
        setosa = d.y[d.test] == 0
        right = np.all(self.predictions[:, setosa] == 0, axis=1)
        return right & (self.predicted_counts[:, 1:].min(axis=1) <= 1)

    @property
    def died_at(self) -> tuple[int | None, ...]:
        """Per seed, the step after which the second hidden layer has no live unit
        for good, or None if it keeps one."""
        found = []
        for live in self.live_units:
            alive = np.flatnonzero(live > 0)
            last = int(alive[-1]) if alive.size else -1
            found.append(None if last == live.size - 1 else last + 1)
        return tuple(found)

    def summary(self) -> tuple[str, str, str, str]:
        """Label, test accuracy as mean ± sd (``ddof=0``) and min–max, mean final
        training and validation losses."""
        a = self.accuracy
        return (
            self.label,
            f"{a.mean():.3f} ± {a.std():.3f}",
            f"{a.min():.3f}–{a.max():.3f}",
            f"{self.loss[:, -1].mean():.3f} / {self.val_loss[:, -1].mean():.3f}",
        )


def train_seeds(
    label: str,
    make_optimizer: Callable[[], nn.Optimizer],
    seeds: np.ndarray = SEEDS,
) -> Runs:
    """Train the article's network from each seed with one optimizer.

    Parameters
    ----------
    label : str
    make_optimizer : callable
        Returns a fresh optimizer.
    seeds : numpy.ndarray
        Each seed draws one network's initial weights and batch order.

    Returns
    -------
    Runs
        The runs of ``nn.fit(IRIS.build(s), make_optimizer(), ..., seed=s)``.

    Examples
    --------
    >>> runs = train_seeds("SGD 0.1", lambda: SGD(0.1), np.arange(2))
    >>> runs.loss.shape, runs.accuracy.shape, runs.live_units.shape
    ((2, 20), (2,), (2, 81))
    """
    d = iris()
    X, T = d.X[d.train], d.onehot[d.train]
    X_val, T_val = d.X[d.test], d.onehot[d.test]
    stack = IRIS.stack(seeds.tolist())
    initial = [p.copy() for p in stack.params()]
    hidden = nn.Network(stack.layers[:2])  # the same layers, up to the second

    def live() -> np.ndarray:
        return (hidden.forward(X) > 0).any(axis=1).sum(axis=1)

    alive = [live()]
    history = nn.fit(
        stack,
        make_optimizer(),
        X,
        T,
        EPOCHS,
        BATCH_SIZE,
        LOSS,
        validation_data=(X_val, T_val),
        seed=seeds.tolist(),
        callback=lambda _: alive.append(live()),
    )
    predictions = stack.forward(X_val).argmax(axis=-1)
    moves = [
        np.abs(p - p0).reshape(seeds.size, -1).max(axis=1)
        for p, p0 in zip(stack.params(), initial, strict=True)
    ]
    return Runs(
        label=label,
        loss=history.loss,
        val_loss=history.val_loss,
        accuracy=np.mean(predictions == T_val.argmax(axis=-1), axis=-1),
        learning_rates=history.learning_rates[0],
        live_units=np.array(alive).T,
        predictions=predictions,
        largest_move=np.max(moves, axis=0),
    )


def _train(optimizer: str, seeds: np.ndarray = SEEDS, label: str = "") -> Runs:
    """:func:`train_seeds` with one of :data:`OPTIMIZERS`, labelled as it or ``label``."""
    return train_seeds(label or optimizer, OPTIMIZERS[optimizer], seeds)


@dataclass(frozen=True)
class Comparison:
    """Several optimizers on the iris network, 10 seeds each, and a table of each
    one's test accuracy (mean ± sd, min–max) and mean final losses."""

    runs: tuple[Runs, ...]
    table: str

    def get(self, label: str) -> Runs:
        """The runs with this label."""
        return next(r for r in self.runs if r.label == label)

    def wins(self, label: str, other: str) -> int:
        """In how many seeds ``label`` ends with a higher test accuracy than ``other``."""
        return record(self.get(label).accuracy, self.get(other).accuracy)[0]


def _compare(first: str, *runs: Runs) -> Comparison:
    """The runs and their table, whose first column is headed ``first``."""
    rows = [r.summary() for r in runs]
    return Comparison(
        runs, format_table([first, "accuracy", "min–max", "loss / val"], rows)
    )


@dataclass(frozen=True)
class RateRuns:
    """The article's four rates, 10 seeds each, with or without legacy decay: one
    :class:`Runs` per rate of :data:`RATES`, and their table (as :class:`Comparison`).
    """

    decay: float
    runs: tuple[Runs, ...]
    table: str

    def at(self, rate: float) -> Runs:
        """The runs at one of :data:`RATES`."""
        return self.runs[RATES.index(rate)]

    def wins(self, rate: float, other: float) -> tuple[int, int, int]:
        """Seeds in which ``rate`` ends with a higher, the same and a lower test
        accuracy than ``other``."""
        return record(self.at(rate).accuracy, self.at(other).accuracy)

    def dead(self, rate: float) -> list[int]:
        """The seeds in which the second hidden layer dies at ``rate``."""
        return [s for s, step in enumerate(self.at(rate).died_at) if step is not None]


def _rate_runs(decay: float) -> RateRuns:
    prefix = "decay " if decay else ""
    runs = tuple(_train(f"{prefix}{r:g}", label=f"{r:g}") for r in RATES)
    return RateRuns(decay, runs, _compare("rate", *runs).table)


@stored
def constant() -> RateRuns:
    """The article's first experiment: constant rates."""
    return _rate_runs(0.0)


@stored
def decayed() -> RateRuns:
    """The article's second experiment: ``decay=0.01``, legacy Keras' meaning."""
    return _rate_runs(0.01)


@dataclass(frozen=True)
class Paired:
    """Per rate, the seeds in which decay gave a higher, equal or lower accuracy than
    the constant rate (the same start and batch order)."""

    better: tuple[int, ...]
    same: tuple[int, ...]
    worse: tuple[int, ...]


@functools.cache
def paired() -> Paired:
    """Seed-by-seed comparison of decayed and constant runs, per rate."""
    records = [
        record(decayed().at(rate).accuracy, constant().at(rate).accuracy)
        for rate in RATES
    ]
    better, same, worse = (tuple(column) for column in zip(*records, strict=True))
    return Paired(better, same, worse)


@dataclass(frozen=True)
class Baseline:
    """Training flowers per species, the entropy of their shares (the lowest
    cross-entropy of a constant output) and test flowers per species."""

    counts: np.ndarray
    entropy: float
    test_counts: np.ndarray


@functools.cache
def baseline() -> Baseline:
    """Species counts and the loss of the best constant prediction."""
    d = iris()
    counts = np.bincount(d.y[d.train])
    shares = counts / counts.sum()
    return Baseline(
        counts, float(-np.sum(shares * np.log(shares))), np.bincount(d.y[d.test])
    )


@dataclass(frozen=True)
class Family:
    """Four schedules from 0.2 over the steps of a run: their ``names``, the
    ``steps`` and each schedule's ``rates`` at each step."""

    names: tuple[str, ...]
    steps: np.ndarray
    rates: np.ndarray

    def table(self, at: tuple[int, ...] = (0, 20, 40, 60, 80)) -> str:
        """The rates at a few steps, one schedule per line."""
        rows = [
            (name, *(f"{r:.4f}" for r in rates[list(at)]))
            for name, rates in zip(self.names, self.rates, strict=True)
        ]
        return format_table(["schedule", *(f"t={t}" for t in at)], rows)


@functools.cache
def family() -> Family:
    """Inverse-time, step, exponential and cosine decay from 0.2."""
    members = {
        "inverse time": schedules.inverse_time(0.2, decay_rate=0.01),
        "step decay": schedules.step_decay(0.2, step_size=20, gamma=0.5),
        "exponential": schedules.exponential(0.2, decay_rate=0.5, decay_steps=40),
        "cosine": schedules.cosine(0.2, decay_steps=80),
    }
    steps = np.arange(81)
    rates = np.array([[s(int(t)) for t in steps] for s in members.values()])
    return Family(tuple(members), steps, rates)


@functools.cache
def cosine() -> Comparison:
    """Cosine decay from 0.1 over the run's steps, beside SGD at a constant 0.1."""
    plain = dataclasses.replace(constant().at(0.1), label="SGD 0.1")
    return _compare("schedule", plain, _train("cosine 0.1"))


@dataclass(frozen=True)
class AdamStep:
    r"""Adam's first step on the first batch, seed 0: parameters, those with a zero
    gradient, the silent ReLU units per hidden layer (firing on none of the batch),
    whether the zero gradients are exactly the parameters of or fed by such units,
    how many moved and by how much, the share within 1% of the rate, and the
    ``threshold`` :math:`\hat\epsilon/\sqrt{1-\beta_2}`: the first step moves a
    parameter by :math:`\eta\,|g|/(|g| + \text{threshold})`."""

    parameters: int
    zero_gradient: int
    silent_units: tuple[int, ...]
    zero_is_silent: bool
    moved: int
    median_move: float
    smallest_move: float
    near_rate: float
    threshold: float


@functools.cache
def adam_first_step() -> AdamStep:
    """How far Adam's first step moves each weight."""
    net, grads, X = _first_batch()
    # the parameters tied to a hidden unit that fires on none of the batch's flowers:
    # its kernel column, its bias, and its row of the next kernel
    quiet: list[np.ndarray] = [
        np.asarray(~(nn.Network(net.layers[: k + 1]).forward(X) > 0).any(0))
        for k in range(len(IRIS.sizes) - 2)
    ]
    tied = [np.zeros(p.shape, dtype=bool) for p in net.params()]
    for k, q in enumerate(quiet):
        tied[2 * k] |= q[None, :]
        tied[2 * k + 1] |= q
        tied[2 * k + 2] |= q[:, None]
    same = all(np.array_equal(t, g == 0) for t, g in zip(tied, grads, strict=True))
    optimizer = Adam()
    moved = np.concatenate([np.abs(m).ravel() for m in _moves(net, optimizer, grads)])
    gradient = np.concatenate([g.ravel() for g in grads])
    nonzero = moved[moved > 0]
    rate = optimizer.current_learning_rate()
    return AdamStep(
        parameters=int(gradient.size),
        zero_gradient=int((gradient == 0).sum()),
        silent_units=tuple(int(q.sum()) for q in quiet),
        zero_is_silent=same,
        moved=int(nonzero.size),
        median_move=float(np.median(nonzero)),
        smallest_move=float(nonzero.min()),
        near_rate=float(np.mean(np.abs(nonzero - rate) <= 0.01 * rate)),
        threshold=float(optimizer.epsilon / np.sqrt(1 - optimizer.beta_2)),
    )


@stored
def adaptive() -> Comparison:
    """SGD at 0.03 with and without momentum, and Adam at two rates."""
    plain = dataclasses.replace(constant().at(0.03), label="SGD 0.03")
    labels = ("momentum", "Adam 0.001", "Adam 0.01")
    return _compare("optimizer", plain, *(_train(label) for label in labels))


@dataclass(frozen=True)
class FormulaReadings:
    r"""The article's decay formula read each way its image allows: the initial
    rate divided, :math:`\eta_0/(1 + d\,e)`, and the :math:`d` each published rate
    needs under it; the recursive rule rounded to 3 decimals; the epoch at which the
    multiplied rule's :math:`1 - d\,e` reaches 0; and whether each reading gives the
    published rates."""

    from_initial: np.ndarray
    fitted_decay: np.ndarray
    recursive_rounded: list[float]
    multiplied_zero_epoch: int
    matches: dict[str, bool]


@functools.cache
def formula_readings() -> FormulaReadings:
    """The article's table against each reading of its decay formula."""
    initial, decay, epochs = 0.2, 0.01, np.arange(1, 6)
    table = np.array(published_decay.PUBLISHED)
    from_initial = initial / (1 + decay * epochs)
    rounded, multiplied = [], []
    rate_r = rate_m = initial
    for e in epochs:
        rate_r = round(rate_r / (1 + decay * e), 3)
        rate_m = round(rate_m * (1 - decay * e), 3)
        rounded.append(float(rate_r))
        multiplied.append(float(rate_m))
    cut = published_decay.recursive_truncated(initial, decay, int(epochs[-1]))

    def same(rates: object) -> bool:
        return bool(np.allclose(np.round(np.asarray(rates), 3), table, atol=1e-12))

    return FormulaReadings(
        from_initial=from_initial,
        fitted_decay=(initial / table - 1) / epochs,
        recursive_rounded=rounded,
        multiplied_zero_epoch=int(round(1 / decay)),
        matches={
            "from initial": same(from_initial),
            "recursive, rounded": same(rounded),
            "recursive, cut": same(cut),
            "multiplied, rounded": same(multiplied),
        },
    )


# replication: the page's comparisons on seeds it does not use


@dataclass(frozen=True)
class Replication:
    """Every optimizer the page compares (labelled as on the page) on the
    :data:`HELD_OUT` seeds: per label and seed, the test accuracy, whether the second
    hidden layer is dead at the end, and the test loss per epoch."""

    seeds: np.ndarray
    accuracy: dict[str, np.ndarray]
    dead: dict[str, np.ndarray]
    val_loss: dict[str, np.ndarray]

    def record(self, label: str, other: str) -> tuple[int, int, int]:
        """Seeds in which ``label`` ends with a higher, the same, a lower test
        accuracy than ``other``."""
        return record(self.accuracy[label], self.accuracy[other])

    def p_value(self, label: str, other: str) -> float:
        """The sign test of :meth:`record` (ties left out)."""
        better, _, worse = self.record(label, other)
        return sign_test(better, worse)

    def beats(self, label: str, other: str) -> bool:
        """Whether ``label`` wins more seeds and the sign test is below :data:`BEATS_LEVEL`."""
        better, _, worse = self.record(label, other)
        return better > worse and sign_test(better, worse) < BEATS_LEVEL

    def line(self, label: str, other: str) -> str:
        """``label vs other: wins/ties/losses, p ...`` on one short line."""
        better, same, worse = self.record(label, other)
        p = self.p_value(label, other)
        return f"{label} vs {other}: {better}/{same}/{worse}, p {p:.2g}"


@stored
def replication() -> Replication:
    """The page's comparisons, rerun on the held-out seeds it does not use."""
    runs = {label: _train(label, HELD_OUT) for label in OPTIMIZERS}
    return Replication(
        HELD_OUT,
        {label: r.accuracy for label, r in runs.items()},
        {label: r.live_units[:, -1] == 0 for label, r in runs.items()},
        {label: r.val_loss for label, r in runs.items()},
    )
