r"""Every result on the page about decay, schedules and the iris network.

The article's decay table is reproduced in :mod:`lrdoc.replicas.decay`; the rest is
here: the update rule on one batch, the time-based formula and legacy Keras' decay per
step, and the iris network of the article (4-50-12-3, ReLU, softmax, plain SGD,
batches of 32, 20 epochs, the 112/38 split) trained from 10 seeds at a time for every
optimizer the page compares. Each function takes no argument, returns a frozen
dataclass, and is computed once.

The 10 seeds of a run train side by side as one stack (:mod:`lrdoc.nn.stack`),
through :func:`lrdoc.nn.fit` with lrdoc's optimizers (:mod:`lrdoc.optimizers`): each
seed's network trains exactly as it would alone, for about the cost of one.
"""

from __future__ import annotations

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
from lrdoc.stats import BEATS_LEVEL, sign_test  # noqa: F401 (the page uses them)
from lrdoc.tables import format_table

ERRATA = (
    Erratum("decay", "decay-errata", "rate at epoch 5 from 0.2", "0.171", "0.19048"),
)
"""The article's decay table against the time-based formula it names."""

SIZES = IRIS.sizes
"""The article's network: 4 inputs, hidden layers of 50 and 12 units, 3 outputs."""

ACTIVATIONS = IRIS.activations
RATES = (0.2, 0.1, 0.03, 0.01)
"""The article's four learning rates."""

EPOCHS = 20
BATCH_SIZE = 32
SEEDS = np.arange(10)
"""Every comparison on the page runs these 10 seeds (initial weights and batch order)."""

LOSS = "categorical_crossentropy"


@dataclass(frozen=True)
class Iris:
    """The iris data, split as ``train_test_split(test_size=0.25, random_state=42)``.

    Attributes
    ----------
    X, onehot : numpy.ndarray
        Measurements (150, 4) and one-hot species (150, 3).
    y : numpy.ndarray
        Species 0, 1, 2.
    train, test : numpy.ndarray
        Indices of the 112 training and 38 test flowers.
    """

    X: np.ndarray
    y: np.ndarray
    onehot: np.ndarray
    train: np.ndarray
    test: np.ndarray


@functools.cache
def iris() -> Iris:
    """The data and split of the article's experiment.

    Examples
    --------
    >>> iris().train.size, iris().test.size
    (112, 38)
    """
    X, y = data.iris()
    return Iris(X, y, np.eye(3)[y], *iris_split())


# ---------------------------------------------------------------------------
# the update rule and decay


@dataclass(frozen=True)
class UpdateRule:
    """One step of SGD at 0.1 on the first 32 training flowers (split order), seed 0.

    Attributes
    ----------
    bias_gradient, bias_step : numpy.ndarray
        The gradient of the loss with respect to the 3 output biases, and how far
        the step moved them.
    every_step_is_a_tenth : bool
        Whether every parameter moved by exactly -0.1 times its gradient.
    """

    bias_gradient: np.ndarray
    bias_step: np.ndarray
    every_step_is_a_tenth: bool


@functools.cache
def update_rule() -> UpdateRule:
    """The update rule on the iris network's first batch.

    Examples
    --------
    >>> update_rule().every_step_is_a_tenth
    True
    """
    d = iris()
    net = nn.build(list(SIZES), list(ACTIVATIONS), seed=0)
    batch = d.train[:BATCH_SIZE]
    _, grads = net.loss_and_gradients(d.X[batch], d.onehot[batch], LOSS)
    before = [p.copy() for p in net.params()]
    SGD(learning_rate=0.1).apply(net.params(), grads)
    moved = [p - b for p, b in zip(net.params(), before, strict=True)]
    return UpdateRule(
        bias_gradient=grads[-1],
        bias_step=moved[-1],
        every_step_is_a_tenth=all(
            np.allclose(m, -0.1 * g) for m, g in zip(moved, grads, strict=True)
        ),
    )


@dataclass(frozen=True)
class DecayTable:
    """The article's table beside the rules that could have made it, epochs 1 to 5.

    Attributes
    ----------
    published : tuple of float
        The article's rates.
    formula : numpy.ndarray
        The time-based formula :math:`\\eta_0/(1 + d\\,e)`.
    recursive : numpy.ndarray
        The formula read recursively, :math:`\\eta_e = \\eta_{e-1}/(1 + d\\,e)`.
    recursive_truncated : list of float
        The recursive rule with each rate cut to 3 decimals.
    table : str
        The four side by side.
    """

    published: tuple[float, ...]
    formula: np.ndarray
    recursive: np.ndarray
    recursive_truncated: list[float]
    table: str


@functools.cache
def decay_table() -> DecayTable:
    """The decay table, from 0.2 with decay 0.01.

    Examples
    --------
    >>> decay_table().recursive_truncated
    [0.198, 0.194, 0.188, 0.18, 0.171]
    """
    epochs = np.arange(1, 6)
    per_epoch = schedules.inverse_time(0.2, decay_rate=0.01)
    formula = np.array([per_epoch(int(e)) for e in epochs])
    recursive = 0.2 / np.cumprod(1 + 0.01 * epochs)
    truncated = published_decay.recursive_truncated(0.2, 0.01, 5)
    rows = [
        (int(e), f"{p:.3f}", f"{f:.5f}", f"{r:.5f}", f"{t:.3f}")
        for e, p, f, r, t in zip(
            epochs,
            published_decay.PUBLISHED,
            formula,
            recursive,
            truncated,
            strict=True,
        )
    ]
    headers = ["epoch", "published", "formula", "recursive", "rec. cut"]
    return DecayTable(
        published=published_decay.PUBLISHED,
        formula=formula,
        recursive=recursive,
        recursive_truncated=truncated,
        table=format_table(headers, rows),
    )


@dataclass(frozen=True)
class KerasDecay:
    """What legacy Keras ``SGD(0.2, decay=0.01)`` did over the article's 20 epochs.

    Attributes
    ----------
    steps_per_epoch, steps : int
        4 batches of at most 32 of the 112 flowers; 80 in all.
    rate_per_step : numpy.ndarray, shape (80,)
        The rate each step used.
    after_epoch : numpy.ndarray, shape (20,)
        The rate the next step would use, after each epoch.
    per_epoch_formula : numpy.ndarray, shape (20,)
        The time-based formula with the epoch as its counter.
    schedule_matches : bool
        Whether the schedule ``inverse_time(0.2, 0.01)`` gives the same rates.
    published : tuple of float
        The article's table (epochs 1 to 5), which the figure marks.
    """

    steps_per_epoch: int
    steps: int
    rate_per_step: np.ndarray
    after_epoch: np.ndarray
    per_epoch_formula: np.ndarray
    schedule_matches: bool
    published: tuple[float, ...]


@functools.cache
def keras_decay() -> KerasDecay:
    """Legacy Keras decay, step by step, from 0.2.

    Examples
    --------
    >>> keras_decay().steps
    80
    """
    steps_per_epoch = int(np.ceil(iris().train.size / BATCH_SIZE))
    sgd = SGD(0.2, decay=0.01)
    scheduled = SGD(schedules.inverse_time(0.2, decay_rate=0.01))
    zero = [np.zeros(1)]
    per_step, after, same = [], [], True
    for _ in range(EPOCHS):
        for _ in range(steps_per_epoch):
            per_step.append(sgd.current_learning_rate())
            same &= sgd.current_learning_rate() == scheduled.current_learning_rate()
            sgd.apply([np.zeros(1)], zero)
            scheduled.apply([np.zeros(1)], zero)
        after.append(sgd.current_learning_rate())
    formula = schedules.inverse_time(0.2, decay_rate=0.01)
    return KerasDecay(
        steps_per_epoch=steps_per_epoch,
        steps=sgd.iterations,
        rate_per_step=np.array(per_step),
        after_epoch=np.array(after),
        per_epoch_formula=np.array([formula(e) for e in range(1, EPOCHS + 1)]),
        schedule_matches=bool(same),
        published=published_decay.PUBLISHED,
    )


# ---------------------------------------------------------------------------
# the iris network, 10 seeds at a time


@dataclass(frozen=True)
class Runs:
    """One optimizer on the iris network, from each of :data:`SEEDS`.

    Attributes
    ----------
    label : str
    loss, val_loss : numpy.ndarray, shape (10, 20)
        Per seed and epoch: the training loss (the mean over the epoch's batches,
        each measured before its step, as Keras reports it) and the loss on the 38
        test flowers after the epoch.
    accuracy : numpy.ndarray, shape (10,)
        Accuracy on the test flowers after training.
    learning_rates : numpy.ndarray, shape (80,)
        The rate of each step (the same for every seed).
    live_units : numpy.ndarray of int, shape (10, 81)
        Units of the second hidden layer that fire on at least one training flower,
        before the first step and after each.
    predictions : numpy.ndarray of int, shape (10, 38)
        The species each trained network predicts for each test flower.
    largest_move : numpy.ndarray, shape (10,)
        Per seed, the largest distance any weight or bias moved from its initial
        value by the end of training.
    """

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
        """Per seed, how many of the 38 test flowers are predicted as each species:
        shape (10, 3).

        Examples
        --------
        >>> constant().at(0.2).predicted_counts[0]
        array([ 0, 38,  0])
        """
        return np.stack([np.bincount(p, minlength=3) for p in self.predictions])

    @property
    def setosa_only(self) -> np.ndarray:
        """Per seed, whether the run only tells setosa from the rest: it gets every
        test setosa right and predicts one of the two other species at most once.

        Examples
        --------
        >>> int(constant().at(0.1).setosa_only.sum())
        7
        """
        d = iris()
        setosa = d.y[d.test] == 0
        right = np.all(self.predictions[:, setosa] == 0, axis=1)
        counts = self.predicted_counts
        return right & (counts[:, 1:].min(axis=1) <= 1)

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
        """Label, test accuracy as mean ± sd and min–max, mean final losses.

        The sd is the population standard deviation of the 10 seeds (numpy's
        default, ``ddof=0``)."""
        a = self.accuracy
        return (
            self.label,
            f"{a.mean():.3f} ± {a.std():.3f}",
            f"{a.min():.3f}–{a.max():.3f}",
            f"{self.loss[:, -1].mean():.3f} / {self.val_loss[:, -1].mean():.3f}",
        )


def train_seeds(label: str, make_optimizer: Callable[[], nn.Optimizer]) -> Runs:
    """Train the article's network from each of :data:`SEEDS` with one optimizer.

    The runs are those of ``nn.fit(nn.build(SIZES, ACTIVATIONS, seed=s),
    make_optimizer(), ..., epochs=20, batch_size=32, seed=s)``, stacked.

    Examples
    --------
    >>> runs = train_seeds("SGD 0.1", lambda: SGD(0.1))
    >>> runs.loss.shape, runs.accuracy.shape
    ((10, 20), (10,))
    """
    d = iris()
    X, T = d.X[d.train], d.onehot[d.train]
    X_val, T_val = d.X[d.test], d.onehot[d.test]
    stack = IRIS.stack(SEEDS.tolist())
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
        seed=SEEDS.tolist(),
        callback=lambda _: alive.append(live()),
    )
    predictions = stack.forward(X_val).argmax(axis=-1)
    moves = [
        np.abs(p - p0).reshape(SEEDS.size, -1).max(axis=1)
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


_FIELDS = (
    "loss",
    "val_loss",
    "accuracy",
    "learning_rates",
    "live_units",
    "predictions",
    "largest_move",
)


def _table(runs: tuple[Runs, ...], first: str) -> str:
    return format_table(
        [first, "accuracy", "min–max", "loss / val"],
        [r.summary() for r in runs],
    )


@dataclass(frozen=True)
class RateRuns:
    """The article's four rates, 10 seeds each, with or without legacy decay 0.01.

    Attributes
    ----------
    decay : float
    runs : tuple of Runs
        One per rate of :data:`RATES`.
    table : str
        Each rate's test accuracy (mean ± sd, and min–max) and the mean final
        training and validation losses.
    """

    decay: float
    runs: tuple[Runs, ...]
    table: str

    def at(self, rate: float) -> Runs:
        """The runs at one of :data:`RATES`."""
        return self.runs[RATES.index(rate)]

    def wins(self, rate: float, other: float) -> tuple[int, int, int]:
        """Seed by seed, in how many seeds ``rate`` ends with a higher, the same
        and a lower test accuracy than ``other``.

        Examples
        --------
        >>> constant().wins(0.1, 0.2)
        (8, 2, 0)
        """
        diff = self.at(rate).accuracy - self.at(other).accuracy
        return (
            int((diff > 1e-12).sum()),
            int((abs(diff) <= 1e-12).sum()),
            int((diff < -1e-12).sum()),
        )

    def dead(self, rate: float) -> list[int]:
        """The seeds in which the second hidden layer dies at ``rate``.

        Examples
        --------
        >>> constant().dead(0.2)
        [0, 1, 5]
        """
        return [s for s, step in enumerate(self.at(rate).died_at) if step is not None]


def _rate_runs(decay: float) -> RateRuns:
    runs = tuple(
        train_seeds(f"{rate:g}", functools.partial(SGD, rate, decay=decay))
        for rate in RATES
    )
    return RateRuns(decay, runs, _table(runs, "rate"))


@stored
def constant() -> RateRuns:
    """The article's first experiment: constant rates.

    Examples
    --------
    >>> constant().at(0.1).accuracy.size
    10
    """
    return _rate_runs(0.0)


@stored
def decayed() -> RateRuns:
    """The article's second experiment: ``decay=0.01``, legacy Keras' meaning.

    Examples
    --------
    >>> decayed().at(0.2).learning_rates.size
    80
    """
    return _rate_runs(0.01)


@dataclass(frozen=True)
class Paired:
    """Decayed against constant, seed by seed (the same start and batch order).

    Attributes
    ----------
    better, same, worse : tuple of int
        Per rate, the seeds in which decay gave a higher, equal or lower accuracy.
    """

    better: tuple[int, ...]
    same: tuple[int, ...]
    worse: tuple[int, ...]


@functools.cache
def paired() -> Paired:
    """Seed-by-seed comparison of decayed and constant runs, per rate.

    Examples
    --------
    >>> p = paired()
    >>> all(b + s + w == 10 for b, s, w in zip(p.better, p.same, p.worse))
    True
    """
    diff = [
        decayed().at(rate).accuracy - constant().at(rate).accuracy for rate in RATES
    ]
    return Paired(
        better=tuple(int((d > 1e-12).sum()) for d in diff),
        same=tuple(int((abs(d) <= 1e-12).sum()) for d in diff),
        worse=tuple(int((d < -1e-12).sum()) for d in diff),
    )


@dataclass(frozen=True)
class Baseline:
    """The best loss of a network that predicts the same for every flower.

    Attributes
    ----------
    counts : numpy.ndarray
        Training flowers per species.
    entropy : float
        The entropy of those shares: the lowest cross-entropy of a constant output.
    test_counts : numpy.ndarray
        Test flowers per species.
    """

    counts: np.ndarray
    entropy: float
    test_counts: np.ndarray


@functools.cache
def baseline() -> Baseline:
    """Species counts and the loss of the best constant prediction.

    Examples
    --------
    >>> round(baseline().entropy, 4)
    1.0976
    """
    d = iris()
    counts = np.bincount(d.y[d.train])
    shares = counts / counts.sum()
    return Baseline(
        counts, float(-np.sum(shares * np.log(shares))), np.bincount(d.y[d.test])
    )


@dataclass(frozen=True)
class Family:
    """Four schedules from 0.2 over the 80 steps of a run.

    Attributes
    ----------
    names : tuple of str
    steps : numpy.ndarray
        0 to 80.
    rates : numpy.ndarray, shape (4, 81)
        Each schedule's rate at each step.
    """

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
    """Inverse-time, step, exponential and cosine decay from 0.2.

    Examples
    --------
    >>> family().rates.shape
    (4, 81)
    """
    members = {
        "inverse time": schedules.inverse_time(0.2, decay_rate=0.01),
        "step decay": schedules.step_decay(0.2, step_size=20, gamma=0.5),
        "exponential": schedules.exponential(0.2, decay_rate=0.5, decay_steps=40),
        "cosine": schedules.cosine(0.2, decay_steps=80),
    }
    steps = np.arange(81)
    rates = np.array([[s(int(t)) for t in steps] for s in members.values()])
    return Family(tuple(members), steps, rates)


@dataclass(frozen=True)
class Comparison:
    """Several optimizers on the iris network, 10 seeds each.

    Attributes
    ----------
    runs : tuple of Runs
    table : str
        Each optimizer's test accuracy (mean ± sd, min–max) and mean final losses.
    """

    runs: tuple[Runs, ...]
    table: str

    def get(self, label: str) -> Runs:
        """The runs with this label."""
        return next(r for r in self.runs if r.label == label)

    def wins(self, label: str, other: str) -> int:
        """In how many seeds ``label`` ends with a higher test accuracy than ``other``."""
        return int(np.sum(self.get(label).accuracy > self.get(other).accuracy + 1e-12))


@functools.cache
def cosine() -> Comparison:
    """Cosine decay from 0.1 over the 80 steps, beside SGD at a constant 0.1.

    Examples
    --------
    >>> cosine().get("cosine 0.1").learning_rates[0]
    0.1
    """
    plain = constant().at(0.1)
    runs = (
        Runs("SGD 0.1", *(getattr(plain, f) for f in _FIELDS)),
        train_seeds("cosine 0.1", _cosine_sgd),
    )
    return Comparison(runs, _table(runs, "schedule"))


def _cosine_sgd() -> SGD:
    return SGD(schedules.cosine(0.1, decay_steps=EPOCHS * 4))


@dataclass(frozen=True)
class AdamStep:
    """Adam's first step on the first 32 training flowers (split order), seed 0.

    Attributes
    ----------
    parameters : int
        Weights and biases of the network: 901.
    zero_gradient : int
        How many of them have a zero gradient on this batch, and so do not move.
    silent_units : tuple of int
        Per hidden layer, the ReLU units that fire on none of the 32 flowers.
    zero_is_silent : bool
        Whether the parameters with a zero gradient are exactly those that belong
        to, or are fed by, such a unit.
    moved : int
        How many moved.
    median_move, smallest_move : float
        The median and smallest distance a parameter moved, over those that moved.
    near_rate : float
        The share of those that moved by within 1% of the rate 0.001.
    threshold : float
        :math:`\\hat\\epsilon/\\sqrt{1-\\beta_2}`: the first step moves a
        parameter by :math:`\\eta\\,|g|/(|g| + \\text{threshold})`, about
        :math:`\\eta` when :math:`|g|` is well above it.
    """

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
    """How far Adam's first step moves each weight.

    Examples
    --------
    >>> round(adam_first_step().median_move, 6)
    0.001
    """
    d = iris()
    net = nn.build(list(SIZES), list(ACTIVATIONS), seed=0)
    batch = d.train[:BATCH_SIZE]
    _, grads = net.loss_and_gradients(d.X[batch], d.onehot[batch], LOSS)
    # the parameters tied to a hidden unit that fires on none of the batch's flowers:
    # its kernel column, its bias, and its row of the next kernel
    quiet: list[np.ndarray] = [
        np.asarray(~(nn.Network(net.layers[: k + 1]).forward(d.X[batch]) > 0).any(0))
        for k in range(len(SIZES) - 2)
    ]
    tied = [np.zeros(p.shape, dtype=bool) for p in net.params()]
    for k, q in enumerate(quiet):
        tied[2 * k] |= q[None, :]
        tied[2 * k + 1] |= q
        tied[2 * k + 2] |= q[:, None]
    same = all(np.array_equal(t, g == 0) for t, g in zip(tied, grads, strict=True))
    optimizer = Adam()
    before = [p.copy() for p in net.params()]
    optimizer.apply(net.params(), grads)
    moved = np.concatenate(
        [np.abs(p - b).ravel() for p, b in zip(net.params(), before, strict=True)]
    )
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
    """SGD at 0.03 with and without momentum 0.9, and Adam at 0.001 and 0.01.

    Examples
    --------
    >>> [r.label for r in adaptive().runs]
    ['SGD 0.03', 'momentum', 'Adam 0.001', 'Adam 0.01']
    """
    plain = constant().at(0.03)
    runs = (
        Runs("SGD 0.03", *(getattr(plain, f) for f in _FIELDS)),
        train_seeds("momentum", lambda: SGD(0.03, momentum=0.9)),
        train_seeds("Adam 0.001", lambda: Adam()),
        train_seeds("Adam 0.01", lambda: Adam(0.01)),
    )
    return Comparison(runs, _table(runs, "optimizer"))


# ---------------------------------------------------------------------------
# the decay formula, read three ways


@dataclass(frozen=True)
class FormulaReadings:
    """What the article's decay formula would give, read each way its image allows.

    The article shows its formula as an image; the rules below are the readings of
    a rate :math:`\\eta` divided by :math:`1 + d\\,e` (or multiplied by
    :math:`1 - d\\,e`) in epoch :math:`e`, with the article's :math:`d` and first rate.

    Attributes
    ----------
    from_initial : numpy.ndarray
        :math:`\\eta_e = \\eta_0/(1 + d\\,e)`: every epoch divides the initial rate.
    fitted_decay : numpy.ndarray
        Under that reading, the :math:`d` each published rate needs on its own:
        :math:`(\\eta_0/\\eta_e - 1)/e`.
    recursive_rounded : list of float
        :math:`\\eta_e = \\eta_{e-1}/(1 + d\\,e)`, each rate rounded to 3 decimals
        before the next epoch divides it.
    recursive_cut : list of float
        The same with each rate cut to 3 decimals (the replica's rule).
    multiplied_rounded : list of float
        :math:`\\eta_e = \\eta_{e-1}\\,(1 - d\\,e)`, each rate rounded to 3
        decimals.
    multiplied_zero_epoch : int
        The epoch at which :math:`1 - d\\,e` reaches 0 under that reading, where the
        rate becomes 0 (and negative after it).
    matches : dict of str to bool
        Whether each reading gives the published five rates to 3 decimals.
    """

    from_initial: np.ndarray
    fitted_decay: np.ndarray
    recursive_rounded: list[float]
    recursive_cut: list[float]
    multiplied_rounded: list[float]
    multiplied_zero_epoch: int
    matches: dict[str, bool]


@functools.cache
def formula_readings() -> FormulaReadings:
    """The article's table against each reading of its decay formula.

    Examples
    --------
    >>> formula_readings().matches
    {'from initial': False, 'recursive, rounded': False, 'recursive, cut': True, 'multiplied, rounded': True}
    """
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
        recursive_cut=cut,
        multiplied_rounded=multiplied,
        multiplied_zero_epoch=int(round(1 / decay)),
        matches={
            "from initial": same(from_initial),
            "recursive, rounded": same(rounded),
            "recursive, cut": same(cut),
            "multiplied, rounded": same(multiplied),
        },
    )


# ---------------------------------------------------------------------------
# replication: the page's comparisons on seeds it does not use

HELD_OUT = np.arange(10, 50)
"""40 seeds the page's comparisons are re-checked on (the page runs :data:`SEEDS`)."""


def train_each(
    make_optimizer: Callable[[], nn.Optimizer], seeds: np.ndarray | list[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Train the article's network from each seed with :func:`lrdoc.nn.fit`.

    Each seed fixes everything random: ``nn.build(..., seed=s)`` draws the initial
    weights and ``nn.fit(..., seed=s)`` the batch order, as in :func:`train_seeds`.

    Returns
    -------
    accuracy : numpy.ndarray, shape (seeds,)
        On the test flowers after training.
    dead : numpy.ndarray of bool, shape (seeds,)
        Whether the second hidden layer fires on no training flower at the end.
    val_loss : numpy.ndarray, shape (seeds, epochs)
        The loss on the test flowers after each epoch.

    Examples
    --------
    >>> accuracy, dead, _ = train_each(lambda: SGD(0.1), [0, 1])
    >>> bool(np.array_equal(accuracy, constant().at(0.1).accuracy[:2]))
    True
    """
    d = iris()
    X, T = d.X[d.train], d.onehot[d.train]
    accuracy, dead, val_loss = [], [], []
    for seed in seeds:
        net = nn.build(list(SIZES), list(ACTIVATIONS), seed=int(seed))
        history = nn.fit(
            net,
            make_optimizer(),
            X,
            T,
            epochs=EPOCHS,
            batch_size=BATCH_SIZE,
            loss=LOSS,
            validation_data=(d.X[d.test], d.onehot[d.test]),
            seed=int(seed),
        )
        accuracy.append(np.mean(net.forward(d.X[d.test]).argmax(-1) == d.y[d.test]))
        p = net.params()
        hidden = np.maximum(np.maximum(X @ p[0] + p[1], 0.0) @ p[2] + p[3], 0.0)
        dead.append(not (hidden > 0).any())
        val_loss.append(history.val_loss)
    return np.array(accuracy), np.array(dead), np.array(val_loss)


_HELD_OUT_RUNS: dict[str, Callable[[], nn.Optimizer]] = {
    **{f"{rate:g}": functools.partial(SGD, rate) for rate in RATES},
    **{f"decay {rate:g}": functools.partial(SGD, rate, decay=0.01) for rate in RATES},
    "cosine 0.1": _cosine_sgd,
    "momentum": lambda: SGD(0.03, momentum=0.9),
    "Adam 0.001": lambda: Adam(),
    "Adam 0.01": lambda: Adam(0.01),
}


@dataclass(frozen=True)
class Replication:
    """Every optimizer the page compares, on the :data:`HELD_OUT` seeds.

    Labels: the constant rates ``"0.2"``, ``"0.1"``, ``"0.03"``, ``"0.01"``; the
    same with legacy decay, ``"decay 0.2"`` ...; ``"cosine 0.1"``,
    ``"momentum"``, ``"Adam 0.001"`` and ``"Adam 0.01"``.

    Attributes
    ----------
    seeds : numpy.ndarray
    accuracy : dict of str to numpy.ndarray, one value per held-out seed
    dead : dict of str to numpy.ndarray of bool, one value per held-out seed
    val_loss : dict of str to numpy.ndarray, one row per held-out seed, one column per epoch
    """

    seeds: np.ndarray
    accuracy: dict[str, np.ndarray]
    dead: dict[str, np.ndarray]
    val_loss: dict[str, np.ndarray]

    def record(self, label: str, other: str) -> tuple[int, int, int]:
        """Seeds in which ``label`` ends with a higher, the same, a lower test
        accuracy than ``other``.

        Examples
        --------
        >>> replication().record("Adam 0.001", "0.03")
        (18, 5, 17)
        """
        a, b = self.accuracy[label], self.accuracy[other]
        better = int(np.sum(a > b + 1e-12))
        worse = int(np.sum(a < b - 1e-12))
        return better, a.size - better - worse, worse

    def p_value(self, label: str, other: str) -> float:
        """The sign test of :meth:`record` (ties left out).

        Examples
        --------
        >>> round(replication().p_value("0.1", "0.2"), 3)
        0.009
        """
        better, _, worse = self.record(label, other)
        return sign_test(better, worse)

    def beats(self, label: str, other: str) -> bool:
        """Whether ``label`` wins more seeds and the sign test is below :data:`BEATS_LEVEL`.

        Examples
        --------
        >>> replication().beats("momentum", "0.03"), replication().beats("0.03", "momentum")
        (True, False)
        """
        better, _, worse = self.record(label, other)
        return better > worse and sign_test(better, worse) < BEATS_LEVEL

    def line(self, label: str, other: str) -> str:
        """``label vs other: wins/ties/losses, p ...`` on one short line.

        Examples
        --------
        >>> replication().line("decay 0.1", "0.1")
        'decay 0.1 vs 0.1: 20/11/9, p 0.061'
        """
        better, same, worse = self.record(label, other)
        p = self.p_value(label, other)
        return f"{label} vs {other}: {better}/{same}/{worse}, p {p:.2g}"


@stored
def replication() -> Replication:
    """The page's comparisons, rerun on the held-out seeds it does not use.

    Examples
    --------
    >>> rep = replication()
    >>> rep.record("cosine 0.1", "0.1"), rep.beats("cosine 0.1", "0.1")
    ((28, 5, 7), True)
    """
    accuracy, dead, val_loss = {}, {}, {}
    for label, make in _HELD_OUT_RUNS.items():
        accuracy[label], dead[label], val_loss[label] = train_each(make, HELD_OUT)
    return Replication(HELD_OUT, accuracy, dead, val_loss)
