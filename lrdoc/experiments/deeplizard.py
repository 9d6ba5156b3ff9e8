"""Experiments for the deeplizard page, "Learning Rate in a Neural Network explained"
(``articles/deeplizard.md``): each function runs one experiment on lrdoc's engine
and returns a frozen dataclass, which the page prints and
:mod:`lrdoc.figures.deeplizard` draws.

The comparison of Adam's rates (:func:`adam_seeded`) trains every seed's network at
one rate as one stack (:mod:`lrdoc.nn.stack`): each run is exactly the one
:func:`lrdoc.nn.fit` gives that seed's network alone.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from lrdoc import _checks, analysis, gradients, losses, nn, optimizers, stats, training
from lrdoc.experiments._setups import (  # noqa: F401 (the page uses them)
    DEEPLIZARD,
    VALIDATION_SEED,
    parabola,
    trial,
    validation,
)
from lrdoc.experiments._store import stored

STEP_RATES = (0.05, 0.3, 0.85)
"""Rates for the step-size illustration: too small, good, too large."""

ADAM_RATES = (0.0001, 0.01, 1.0)
"""The article's two rates, and one a hundred times the top of its range."""

SEEDS = tuple(range(10))
"""The seeds of the networks' starting weights in the comparison of rates."""

HELD_OUT = tuple(range(10, 50))
"""40 seeds the page's comparison of rates is re-checked on."""

EPOCHS = 20
BATCH_SIZE = 64
LOSS = "sparse_categorical_crossentropy"


def build(seed: int) -> nn.Network:
    """The article's network, with Keras' default initialisation drawn from ``seed``.

    Examples
    --------
    >>> build(0)
    Network([Dense(1 -> 16, relu),
             Dense(16 -> 32, relu, l2=0.01),
             Dense(32 -> 2, sigmoid)])
    """
    return DEEPLIZARD.build(seed)


@dataclass(frozen=True)
class UpdateRule:
    """One step of the update rule on a straight-line fit to the trial data.

    ``older_with`` and ``younger_without`` count people 65 or older with side
    effects and under 65 without; ``gradient`` is (dL/dw, dL/db) at w = 0.5, b = 0;
    ``new_weight`` is 0.5 − η dL/dw per rate of the article, ``engine_weight`` the
    weight after one step of :func:`lrdoc.training.gradient_descent` at 0.01.
    """

    older_with: int
    younger_without: int
    gradient: tuple[float, float]
    new_weight: dict[float, float]
    engine_weight: float


def update_rule() -> UpdateRule:
    """The update rule at the article's two rates, by hand and by the engine."""
    ages, scaled, side_effects = trial()
    dw, db = gradients.mse_linear(scaled, side_effects, 0.5, 0.0)
    run = training.gradient_descent(scaled, side_effects, 0.01, epochs=1, w0=0.5)
    return UpdateRule(
        older_with=int(side_effects[ages >= 65].sum()),
        younger_without=int((1 - side_effects[ages < 65]).sum()),
        gradient=(float(dw), float(db)),
        new_weight={rate: 0.5 - rate * float(dw) for rate in (0.01, 0.0001)},
        engine_weight=float(run.weights[-1]),
    )


def centred_toy() -> tuple[np.ndarray, np.ndarray]:
    """The MCVP points y = 3x, x = 1..4, shifted to mean zero: the bias stays at 0
    and the loss is the parabola 1.25 (w - 3)^2 in the weight alone.
    """
    return parabola()


@dataclass(frozen=True)
class StepSize:
    """10 steps from w = 0 on the parabola, at each of three rates.

    ``curvatures`` are the Hessian's eigenvalues (the bias's, the weight's);
    ``factors`` what each step multiplies the distance to w = 3 by; ``weights`` and
    ``losses`` per rate at the start and after each step; ``curve_w`` and
    ``curve_loss`` the loss curve around each run, for drawing.
    """

    rates: tuple[float, ...]
    curvatures: tuple[float, float]
    factors: np.ndarray
    weights: np.ndarray
    losses: np.ndarray
    curve_w: np.ndarray
    curve_loss: np.ndarray


@functools.cache
def step_size() -> StepSize:
    """10 steps of gradient descent on the centred points at each of
    :data:`STEP_RATES`."""
    x, y = centred_toy()
    lo, hi = analysis.curvatures(x)
    runs = [training.gradient_descent(x, y, rate, epochs=10) for rate in STEP_RATES]
    weights = np.array([run.weights for run in runs])
    curve_w, curve_loss = [], []
    for run in runs:
        reach = max(float(abs(run.weights - 3.0).max()) * 1.15, 1.0)
        w = np.linspace(3.0 - reach, 3.0 + reach, 200)
        curve_w.append(w)
        curve_loss.append([losses.mse(v * x, y) for v in w])
    return StepSize(
        rates=STEP_RATES,
        curvatures=(lo, hi),
        factors=1.0 - hi * np.array(STEP_RATES),
        weights=weights,
        losses=np.array([run.losses for run in runs]),
        curve_w=np.array(curve_w),
        curve_loss=np.array(curve_loss),
    )


@dataclass(frozen=True)
class Boundaries:
    """100 steps on the centred points at rates around 1/λ and 2/λ.

    ``bound`` is 2/λmax; per rate, ``statuses`` says how the run ended and
    ``overshoots`` whether every step crossed w = 3.
    """

    bound: float
    rates: tuple[float, ...]
    statuses: tuple[str, ...]
    overshoots: tuple[bool, ...]


def boundaries() -> Boundaries:
    """Runs of 100 steps at 0.4, 0.79 and 0.81."""
    x, y = centred_toy()
    rates = (0.4, 0.79, 0.81)
    runs = [training.gradient_descent(x, y, rate, epochs=100) for rate in rates]
    overshoots = []
    for run in runs:
        side = np.sign(run.weights - 3.0)
        overshoots.append(bool(np.all(side[1:] * side[:-1] < 0)))
    return Boundaries(
        bound=analysis.stability_bound(x),
        rates=rates,
        statuses=tuple(run.status for run in runs),
        overshoots=tuple(overshoots),
    )


UNITS = {"months": 1 / 12, "years": 1.0, "decades": 10.0}
"""Units of age, in years per unit."""


@dataclass(frozen=True)
class StableRange:
    """The largest stable rate of the straight-line fit as the unit of age changes.

    ``bounds`` is 2/λmax for ages in each of ``units`` (years per unit, from a
    month to a century); ``named`` holds (years per unit, bound) for months, years,
    decades and the scaled ages (age − 13)/87.
    """

    units: np.ndarray
    bounds: np.ndarray
    named: dict[str, tuple[float, float]]


@functools.cache
def stable_range() -> StableRange:
    """2/λmax of the straight-line fit for ages in 60 units from months to centuries."""
    ages, scaled, _ = trial()
    units = np.geomspace(1 / 12, 100.0, 60)
    bounds = np.array([analysis.stability_bound(ages / unit) for unit in units])
    named = {name: (u, analysis.stability_bound(ages / u)) for name, u in UNITS.items()}
    named["scaled"] = (87.0, analysis.stability_bound(scaled))
    return StableRange(units, bounds, named)


@dataclass(frozen=True)
class UnitRuns:
    """1000 epochs of the straight-line fit at a few (unit, rate) pairs.

    ``runs`` holds (unit, rate, how the run ended); ``optimum`` is the
    least-squares loss on the scaled ages.
    """

    runs: tuple[tuple[str, float, str], ...]
    optimum: float


@stored
def unit_runs() -> UnitRuns:
    """Which rates of the usual range diverge, for ages in months, years and scaled."""
    ages, scaled, side_effects = trial()
    inputs = {"months": ages * 12, "years": ages, "scaled": scaled}
    pairs = [("months", 0.0001), ("years", 0.01), ("years", 0.0001)]
    pairs += [("scaled", 0.0001), ("scaled", 0.01), ("scaled", 0.5)]
    runs = []
    for unit, rate in pairs:
        run = training.gradient_descent(inputs[unit], side_effects, rate, epochs=1000)
        runs.append((unit, rate, run.status))
    w, b = np.polyfit(scaled, side_effects, 1)
    optimum = float(np.mean((w * scaled + b - side_effects) ** 2))
    return UnitRuns(tuple(runs), optimum)


@dataclass(frozen=True)
class FirstStep:
    """The article's network (seed 0) on the trial data, and one step on it.

    ``loss`` is the cross-entropy plus the L2 penalty at the start; ``weight`` and
    ``gradient`` the first kernel weight and its gradient; per parameter,
    ``adam_step`` is how far Adam's first step at 0.01 moves it, ``gradients`` its
    gradient and ``penalty_only`` whether only the penalty's part is non-zero;
    ``dead_units`` counts each hidden layer's units whose ReLU outputs 0 for everyone.
    """

    parameters: int
    loss: float
    weight: float
    gradient: float
    adam_step: np.ndarray
    gradients: np.ndarray
    dead_units: tuple[int, int]
    penalty_only: np.ndarray


@stored
def first_step() -> FirstStep:
    """The network's loss and gradients at its start, and Adam's first step at 0.01."""
    _, scaled, side_effects = trial()
    model = build(0)
    loss, grads = model.loss_and_gradients(scaled[:, None], side_effects, LOSS)
    before = [p.copy() for p in model.params()]
    after = [p.copy() for p in before]
    optimizers.Adam(learning_rate=0.01).apply(after, grads)
    step = np.concatenate([(b - a).ravel() for b, a in zip(before, after, strict=True)])
    for layer in model.layers:
        layer.l2 = 0.0  # the same network without its penalty: the data's gradient
    _, data_grads = model.loss_and_gradients(scaled[:, None], side_effects, LOSS)
    from_data = np.concatenate([g.ravel() for g in data_grads])
    total = np.concatenate([g.ravel() for g in grads])
    hidden = scaled[:, None]
    dead = []
    for layer in model.layers[:2]:
        hidden = layer.forward(hidden)
        dead.append(int((hidden.max(axis=0) == 0).sum()))
    return FirstStep(
        parameters=int(sum(p.size for p in before)),
        loss=float(loss),
        weight=float(before[0][0, 0]),
        gradient=float(grads[0][0, 0]),
        adam_step=step,
        gradients=total,
        dead_units=(dead[0], dead[1]),
        penalty_only=(from_data == 0) & (total != 0),
    )


@dataclass(frozen=True)
class AdamRuns:
    """The article's network trained with Adam, per rate and seed, epoch by epoch.

    Arrays are (rates, seeds) or (rates, seeds, epochs): ``start_loss`` before the
    first step; ``loss``, ``accuracy``, ``val_loss`` and ``val_accuracy`` per epoch
    as :func:`lrdoc.nn.fit` reports them; after training, ``distinct_outputs`` (rows
    of probabilities as Keras' loss sees them,
    :func:`lrdoc.nn.losses.seen_probabilities`), ``dead_first_layer`` (first-layer
    units that output 0 for everyone) and ``first_output`` (the two sigmoids for the
    first person). ``steps`` counts optimizer steps per run, ``val_size`` the
    validation draw; ``ceiling`` and ``val_ceiling`` are the accuracy of "side
    effects if 65 or older" on each set; ``ddof`` is that of :meth:`spread`'s sd.
    """

    rates: tuple[float, ...]
    seeds: tuple[int, ...]
    start_loss: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    val_loss: np.ndarray
    val_accuracy: np.ndarray
    steps: int
    val_size: int
    ceiling: float
    val_ceiling: float
    distinct_outputs: np.ndarray
    dead_first_layer: np.ndarray
    first_output: np.ndarray
    ddof: int = 0

    def spread(self, name: str, rate: float, epoch: int = -1) -> str:
        """``mean ± sd (min–max)`` over the seeds of one measure at one epoch."""
        values = getattr(self, name)[self.rates.index(rate), :, epoch]
        return (
            f"{values.mean():.3f} ± {values.std(ddof=self.ddof):.3f} "
            f"({values.min():.3f}–{values.max():.3f})"
        )


def adam_seeded(
    seeds: tuple[int, ...] = SEEDS,
    rates: tuple[float, ...] = ADAM_RATES,
    order_seed: int | None = None,
) -> AdamRuns:
    """Adam at each rate from each seed, where the seed fixes the starting weights
    *and* the batch order: ``nn.fit(build(seed), optimizers.Adam(rate), ...,
    seed=seed)``, the page's epochs and batch size.

    With ``order_seed`` every run shuffles with that one seed instead, as
    :func:`adam_runs` does with 0.

    Examples
    --------
    >>> runs = adam_seeded(seeds=(0, 1), rates=(0.01,))
    >>> runs.loss.shape, runs.seeds, runs.steps
    ((1, 2, 20), (0, 1), 660)
    """
    seeds = tuple(
        _checks.non_negative_int(s, "seeds")
        for s in _checks.sequence(seeds, "seeds", "seeds")
    )
    rates = tuple(
        _checks.learning_rate(r, "rates")
        for r in _checks.sequence(rates, "rates", "rates")
    )
    if not seeds or not rates:
        raise ValueError(f"seeds and rates must not be empty, got {seeds} and {rates}")
    if order_seed is not None:
        order_seed = _checks.non_negative_int(order_seed, "order_seed")
    ages, scaled, side_effects = trial()
    val_ages, val_scaled, val_side_effects = validation()
    X, Xv = scaled[:, None], val_scaled[:, None]
    order = list(seeds) if order_seed is None else order_seed
    per_rate: list[dict[str, Any]] = []
    for rate in rates:  # one stack per rate keeps each run within the run-size limit
        stack = DEEPLIZARD.stack(seeds)
        start_loss, _ = nn.evaluate(stack, X, side_effects, LOSS)
        history = nn.fit(
            stack,
            optimizers.Adam(np.full(len(seeds), rate)),  # Keras' other defaults
            X,
            side_effects,
            EPOCHS,
            BATCH_SIZE,
            validation_data=(Xv, val_side_effects),
            seed=order,
        )
        first = nn.Network(stack.layers[:1]).forward(X)
        outputs = stack.forward(X)
        seen = nn.losses.seen_probabilities(outputs)
        per_rate.append(
            {name: getattr(history, name) for name in ("loss", "accuracy", "val_loss")}
            | {
                "val_accuracy": history.val_accuracy,
                "start_loss": start_loss,
                "distinct_outputs": [len(np.unique(r, axis=0)) for r in seen],
                "dead_first_layer": (first.max(axis=1) == 0).sum(axis=-1),
                "first_output": outputs[:, 0, :],
            }
        )
    stacked: dict[str, Any] = {
        n: np.array([r[n] for r in per_rate]) for n in per_rate[0]
    }
    return AdamRuns(
        rates=tuple(rates),
        seeds=tuple(seeds),
        steps=history.learning_rates.shape[1],
        val_size=int(val_ages.size),
        ceiling=float(np.mean((ages >= 65) == side_effects)),
        val_ceiling=float(np.mean((val_ages >= 65) == val_side_effects)),
        **stacked,
    )


@stored
def adam_runs() -> AdamRuns:
    """Adam at each of :data:`ADAM_RATES` on the article's network from the page's
    seeds, every run shuffled with the one batch order 0 (``nn.fit``'s default)."""
    return adam_seeded(SEEDS, ADAM_RATES, order_seed=0)


@dataclass(frozen=True)
class RateSwitch:
    """One example: 10 epochs of Adam at 0.0001, then 10 at 0.01: the ``rates`` of
    every step, the training loss after the first 10 epochs (``loss_before``), the
    loss and accuracy after all 20 (``loss_after``, ``accuracy_after``)."""

    rates: np.ndarray
    loss_before: float
    loss_after: float
    accuracy_after: float


def rate_switch(seed: int = 0) -> RateSwitch:
    """Change a built model's rate between two calls of :func:`lrdoc.nn.fit`."""
    seed = _checks.non_negative_int(seed, "seed")
    _, scaled, side_effects = trial()
    model = build(seed)
    adam = optimizers.Adam(learning_rate=0.0001)
    first = nn.fit(model, adam, scaled[:, None], side_effects, epochs=10, batch_size=64)
    adam.learning_rate = 0.01
    then = nn.fit(model, adam, scaled[:, None], side_effects, epochs=10, batch_size=64)
    return RateSwitch(
        rates=np.concatenate([first.learning_rates, then.learning_rates]),
        loss_before=float(first.loss[-1]),
        loss_after=float(then.loss[-1]),
        accuracy_after=float(then.accuracy[-1]),
    )


@dataclass(frozen=True)
class KerasRun:
    """What the article's Keras lines did in today's Keras, recorded from one run of
    ``tests/reference/keras_deeplizard.py`` in a scratch environment (Keras is not an
    lrdoc dependency, so the tests do not recompute them).

    ``lr_argument`` and ``lr_before`` are what ``Adam(lr=0.0001)`` and reading
    ``model.optimizer.lr`` raised; ``lr_after`` and ``learning_rate_after`` what
    ``optimizer.lr`` and ``float(optimizer.learning_rate)`` read after
    ``optimizer.lr = 0.01``; ``step_after_lr``, ``step_after_learning_rate`` and
    ``step_after_assign`` how far one training step moved the output biases after
    ``optimizer.lr = 0.01``, ``optimizer.learning_rate = 0.01`` and
    ``optimizer.learning_rate.assign(0.01)``.
    """

    versions: str
    lr_argument: str
    lr_before: str
    lr_after: float
    learning_rate_after: float
    step_after_lr: float
    step_after_learning_rate: float
    step_after_assign: float


KERAS_3 = KerasRun(
    versions="keras 3.15.1, jax backend, Python 3.11.7",
    lr_argument="ValueError: Argument(s) not recognized: {'lr': 0.0001}",
    lr_before="AttributeError: 'Adam' object has no attribute 'lr'",
    lr_after=0.01,
    learning_rate_after=9.999999747378752e-05,
    step_after_lr=9.996649896493182e-05,
    step_after_learning_rate=0.00999664980918169,
    step_after_assign=0.00999664980918169,
)
"""The article's Keras lines in Keras 3, as recorded (see :class:`KerasRun`)."""

ERRATA: tuple = ()
"""None: the article prints no result that its own method contradicts. Its Keras
lines fail in today's Keras, which the page shows apart, as a change of version."""


@stored
def seeded_runs() -> AdamRuns:
    """The page's comparison of Adam's rates: seeds 0 to 9, each fixing the starting
    weights and the batch order.
    """
    return adam_seeded(SEEDS)


@stored
def held_out_runs() -> AdamRuns:
    """The same comparison on the :data:`HELD_OUT` seeds."""
    return adam_seeded(HELD_OUT)


def record(runs: AdamRuns, rate: float, other: float) -> tuple[int, int, int]:
    """Seeds in which ``rate`` ends with a higher, the same, a lower validation
    accuracy than ``other`` (the last epoch).
    """
    _checks.instance(runs, AdamRuns, "runs")
    for name, value in (("rate", rate), ("other", other)):
        if _checks.real_number(value, name) not in runs.rates:
            raise ValueError(
                f"{name} must be one of the rates {runs.rates}, got {value!r}"
            )
    final = runs.val_accuracy[:, :, -1]
    return stats.record(final[runs.rates.index(rate)], final[runs.rates.index(other)])


OTHER_ORDER = 5
"""A second batch order shared by every run, beside :func:`adam_runs`' order 0."""


@stored
def other_shared_order() -> AdamRuns:
    """Adam at 0.01 from seeds 0 to 9, every run shuffled with the one order
    :data:`OTHER_ORDER`: the seeds' final accuracies coinciding under order 0 is a
    property of that order, not of sharing one.
    """
    return adam_seeded(SEEDS, rates=(0.01,), order_seed=OTHER_ORDER)
