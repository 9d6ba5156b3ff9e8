"""Experiments for the page on *Modern Computer Vision with PyTorch*: the book's
update rule (:mod:`lrdoc.replicas.mcvp`, a forward difference on float32 parameters)
beside lrdoc's exact gradients in float64.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoc import _checks, analysis, data, gradients, training
from lrdoc.experiments import Erratum
from lrdoc.experiments._store import stored
from lrdoc.replicas import mcvp
from lrdoc.tables import format_table

RATES = (0.01, 0.1, 1.0)
"""The book's three learning rates."""

EPOCHS = 1000
"""Epochs in the book's long runs."""

SWEEP_RATES = np.linspace(0.0002, 0.2, 1000)
"""The grid of the rate sweep, shared by the page and its figure."""

TOLERANCE = 1e-20
"""The loss a run of the sweep must get below to count as arrived."""

LONGEST = 1200
"""The longest exact run at 0.1, to see whether its loss reaches 0."""

ERRATA = (
    Erratum(
        "mcvp",
        "stuck-weight",
        "weight at η = 1 after 1000 epochs",
        "12755.16, stuck",
        "diverges: loss non-finite at epoch 128",
    ),
)


def _book(rate: float, epochs: int) -> tuple[list[list[np.ndarray]], list]:
    """The book's ``[weight, bias]`` at the start and after each epoch, and the row
    it prints for each epoch."""
    x, y = mcvp.book_data()
    params, rows = [mcvp.initial_parameters()], []
    for _ in range(epochs):
        after, row = mcvp.epoch(x, y, params[-1], rate)
        params.append(after)
        rows.append(row)
    return params, rows


def _pair(params: list[np.ndarray]) -> tuple[float, float]:
    """The weight and the bias of the book's parameters, as floats."""
    return float(params[0][0, 0]), float(params[1][0, 0])


@dataclass(frozen=True)
class FirstEpoch:
    """The weight after one epoch from w = b = 0 at each of the book's ``rates``, by
    the ``book``'s rule (a float32 forward difference) and with ``exact`` gradients."""

    rates: tuple[float, ...]
    book: np.ndarray
    exact: np.ndarray


def first_epoch() -> FirstEpoch:
    """One epoch at 0.01, 0.1 and 1, by the book's rule and by exact gradients."""
    x, y = data.linear_toy()
    book = np.array([float(mcvp.train(rate, 1)[0][0]) for rate in RATES])
    exact = np.array([training.gradient_descent(x, y, r, 1).weights[-1] for r in RATES])
    return FirstEpoch(RATES, book, exact)


@dataclass(frozen=True)
class GradientBias:
    """The book's first gradient for the weight against the ``exact`` one, at w = b = 0,
    the ``curvature`` along w, ``2 / n * sum(x**2)``, and the ``predicted_bias`` of a
    forward difference, half the step times that curvature."""

    book: float
    exact: float
    curvature: float
    predicted_bias: float


def gradient_bias() -> GradientBias:
    """How far the book's forward difference is from the exact gradient at the start."""
    x, y = data.linear_toy()
    _, rows = _book(0.01, 1)
    exact, _ = gradients.mse_linear(x, y, 0.0, 0.0)
    curvature = 2.0 * float(np.mean(x**2))
    return GradientBias(
        rows[0].gradient, float(exact), curvature, mcvp.NUDGE / 2 * curvature
    )


@dataclass(frozen=True)
class Trace:
    """The book's printed trace for one rate: one row per epoch."""

    rate: float
    rows: tuple[mcvp.TraceRow, ...]

    def table(self) -> str:
        """The trace as an aligned table, rounded to 2 decimals as the book prints it."""
        rows = [
            (t + 1, r.weight, r.loss, r.loss_plus, r.gradient, r.updated_weight)
            for t, r in enumerate(self.rows)
        ]
        headers = ["epoch", "weight", "loss", "loss_plus", "gradient", "updated"]
        return format_table(headers, rows)

    @property
    def steps(self) -> np.ndarray:
        """How far the weight moved in each epoch."""
        return np.array([r.updated_weight - r.weight for r in self.rows])

    @property
    def wrong_way_epochs(self) -> list[int]:
        """Epochs whose gradient sign contradicts the weight's side of 3: positive
        while the weight is below 3, or negative while it is above."""
        return [
            t + 1
            for t, r in enumerate(self.rows)
            if (r.weight < 3.0 and r.gradient > 0)
            or (r.weight > 3.0 and r.gradient < 0)
        ]

    @property
    def gradient_signs(self) -> str:
        """The sign of each epoch's gradient, one character per epoch (``0`` for zero)."""
        return "".join(
            "-" if r.gradient < 0 else "+" if r.gradient > 0 else "0" for r in self.rows
        )


def trace(rate: float, epochs: int = 10) -> Trace:
    """The book's printed trace at ``rate``, over ``epochs`` epochs."""
    rate = _checks.learning_rate(rate)
    epochs = _checks.positive_int(epochs, "epochs")
    _, rows = mcvp.train(rate, epochs)
    return Trace(rate, tuple(rows))


@dataclass(frozen=True)
class TraceDifferences:
    """How the book's printed trace at one rate compares with exact gradients at the
    two decimals it prints: the cells that differ among the weight, loss, gradient and
    updated weight of each epoch, the cells compared, and the first epoch whose
    updated weight differs (None: none) with the two weights there."""

    rate: float
    cells: int
    compared: int
    first_epoch: int | None
    book_weight: float | None
    exact_weight: float | None


def trace_differences(rate: float, epochs: int = 10) -> TraceDifferences:
    """Compare the book's trace at ``rate`` with the same table from exact gradients."""
    book = trace(rate, epochs)
    x, y = data.linear_toy()
    run = training.gradient_descent(x, y, book.rate, len(book.rows))
    grad, _ = gradients.mse_linear(x, y, run.weights[:-1], run.biases[:-1])
    exact_grads = np.broadcast_to(grad, run.weights[:-1].shape)

    def shown(value: float) -> str:
        return f"{value:.2f}"

    cells, first = 0, None
    for t, row in enumerate(book.rows):
        exact = (run.weights[t], run.losses[t], exact_grads[t], run.weights[t + 1])
        printed = (row.weight, row.loss, row.gradient, row.updated_weight)
        for column, (a, b) in enumerate(zip(exact, printed, strict=True)):
            if shown(float(a)) != shown(b):
                cells += 1
                if column == 3 and first is None:
                    first = (t + 1, float(shown(b)), float(shown(float(a))))
    return TraceDifferences(
        book.rate, cells, 4 * len(book.rows), *(first or (None, None, None))
    )


@dataclass(frozen=True)
class WeightCurves:
    """The weight after each of 1000 epochs at each of the book's rates, by the book's
    rule and with exact gradients (column 0 is the start; NaN once an exact run's loss
    is not finite), and the epoch at which each exact run diverged (None: never)."""

    rates: tuple[float, ...]
    book: np.ndarray
    exact: np.ndarray
    exact_diverged_at: tuple[int | None, ...]

    @property
    def epochs(self) -> np.ndarray:
        """0, 1, ..., 1000."""
        return np.arange(self.book.shape[1])

    def table(self) -> str:
        """Where each run ends after 1000 epochs, by the book's rule and exactly."""
        rows = []
        for i, rate in enumerate(self.rates):
            gone = self.exact_diverged_at[i] is not None
            exact = "diverged" if gone else float(self.exact[i, -1])
            rows.append((str(rate), float(self.book[i, -1]), exact))
        return format_table(["rate", "book's rule", "exact gradient"], rows, digits=4)


@stored
def weight_curves() -> WeightCurves:
    """1000 epochs at 0.01, 0.1 and 1, by the book's rule and with exact gradients."""
    x, y = data.linear_toy()
    book = np.zeros((len(RATES), EPOCHS + 1))
    exact = np.full((len(RATES), EPOCHS + 1), np.nan)
    diverged = []
    for i, rate in enumerate(RATES):
        book[i, 1:] = mcvp.train(rate, EPOCHS)[0]
        run = training.gradient_descent(x, y, rate, EPOCHS)
        exact[i, : run.weights.size] = np.where(
            np.isfinite(run.losses), run.weights, np.nan
        )
        diverged.append(run.diverged_at)
    return WeightCurves(RATES, book, exact, tuple(diverged))


@dataclass(frozen=True)
class RestingPoint:
    """Where the book's rule comes to rest at rate 0.1: the predicted point
    ``θ* − (h/2) H⁻¹ diag(H)``, where the true gradient cancels the forward
    difference's bias; the book's weight and bias after 1000 epochs and how far its
    weight moved in the last one; the exact run's loss then, and the epoch from which
    it is exactly 0 up to :data:`LONGEST` (None: it is not)."""

    predicted: tuple[float, float]
    book_final: tuple[float, float]
    moved_last_epoch: float
    exact_final_loss: float
    exact_zero_from: int | None


def resting_point() -> RestingPoint:
    r"""Where the book's update stops at rate 0.1: not at (3, 0).

    A forward difference overestimates each partial derivative of a quadratic by
    :math:`\tfrac h2 H_{ii}`, so the update stops where the true gradient equals
    :math:`-\tfrac h2\,\mathrm{diag}(H)`, at
    :math:`\theta^* - \tfrac h2 H^{-1}\mathrm{diag}(H)`.
    """
    x, y = data.linear_toy()
    hessian = analysis.hessian_mse_linear(x)
    shift = -(mcvp.NUDGE / 2) * np.linalg.solve(hessian, np.diag(hessian))
    params, rows = _book(0.1, EPOCHS)
    exact = training.gradient_descent(x, y, 0.1, LONGEST).losses
    zero = np.flatnonzero(exact != 0.0)
    zero_from = int(zero[-1]) + 1 if zero.size else 0
    return RestingPoint(
        predicted=(3.0 + float(shift[0]), float(shift[1])),
        book_final=_pair(params[-1]),
        moved_last_epoch=rows[-1].updated_weight - rows[-1].weight,
        exact_final_loss=float(exact[EPOCHS]),
        exact_zero_from=zero_from if zero_from <= LONGEST else None,
    )


def nudge_is_lost(value: float) -> bool:
    """True when adding the book's nudge to ``value`` in float32 gives ``value`` back."""
    value = _checks.finite_number(value, "value")
    stored = np.array([value], dtype=np.float32)
    nudged = stored.copy()
    nudged += mcvp.NUDGE
    return bool(nudged[0] == stored[0])


@dataclass(frozen=True)
class StuckWeight:
    """The run at rate 1: the book's weight at the start and after epochs 1 to 3
    (float32), its weight and bias after epoch 3 (where they stay), its gradient in
    epoch 4 and how far that epoch moved them; the exact gradient there, the exact
    run's first weights, the epoch at which it diverged, and its worst-direction
    contraction (> 1: it grows)."""

    book_weights: np.ndarray
    book_params: tuple[float, float]
    book_gradient: float
    book_moved_in_epoch_4: tuple[float, float]
    exact_gradient_there: tuple[float, float]
    exact_weights: np.ndarray
    exact_diverged_at: int | None
    factor: float


def stuck_weight() -> StuckWeight:
    """Why the book's weight gets stuck at rate 1, and what exact gradients do."""
    x, y = data.linear_toy()
    params, rows = _book(1.0, 4)
    w, b = _pair(params[3])
    after = _pair(params[4])
    exact_w, exact_b = gradients.mse_linear(x, y, w, b)
    run = training.gradient_descent(x, y, 1.0, EPOCHS)
    return StuckWeight(
        book_weights=np.array([_pair(p)[0] for p in params[:4]], dtype=np.float32),
        book_params=(w, b),
        book_gradient=rows[3].gradient,
        book_moved_in_epoch_4=(after[0] - w, after[1] - b),
        exact_gradient_there=(float(exact_w), float(exact_b)),
        exact_weights=run.weights[:4],
        exact_diverged_at=run.diverged_at,
        factor=analysis.contraction(x, 1.0),
    )


@dataclass(frozen=True)
class Stability:
    """The ``hessian`` of the loss, its ``curvatures`` (λmin, λmax), the stability
    ``bound`` 2/λmax, the ``fastest`` rate 2/(λmin + λmax), and the worst-direction
    factor per epoch at a few rates (``factors``)."""

    hessian: np.ndarray
    curvatures: tuple[float, float]
    bound: float
    fastest: float
    factors: dict[float, float]


def stability() -> Stability:
    """Curvatures, stability bound and fastest rate of the book's problem."""
    x, _ = data.linear_toy()
    fastest = analysis.fastest_rate(x)
    return Stability(
        hessian=analysis.hessian_mse_linear(x),
        curvatures=analysis.curvatures(x),
        bound=analysis.stability_bound(x),
        fastest=fastest,
        factors={r: analysis.contraction(x, r) for r in (0.0001, 0.01, fastest)},
    )


@dataclass(frozen=True)
class RateSweep:
    """1000 epochs at each of 1000 rates, from w = b = 0: the final loss (inf or nan
    where it overflowed), whether it shrank, the epochs to :data:`TOLERANCE` (-1:
    never), the bound 2/λmax, η* = 2/(λmin + λmax) and the epochs at η* itself, which
    is not on the grid."""

    rates: np.ndarray
    final_loss: np.ndarray
    shrank: np.ndarray
    epochs_to_tolerance: np.ndarray
    bound: float
    fastest: float
    fastest_epochs: int

    @property
    def step(self) -> float:
        """The spacing of the grid; an error if it is not evenly spaced."""
        gaps = np.diff(self.rates)
        if not np.allclose(gaps, gaps[0], rtol=1e-9, atol=0.0):
            raise ValueError("rates must be evenly spaced")
        return float(gaps[0])

    @property
    def falls_until(self) -> float:
        """The last rate up to which the final loss falls at every step of the grid."""
        with np.errstate(invalid="ignore"):
            rises = np.flatnonzero(~(np.diff(self.final_loss) < 0))
        return float(self.rates[rises[0]]) if rises.size else float(self.rates[-1])

    def loss_at(self, rate: float) -> tuple[float, float]:
        """The grid rate nearest ``rate`` and its final loss."""
        rate = _checks.finite_number(rate, "rate")
        i = int(np.argmin(abs(self.rates - rate)))
        return float(self.rates[i]), float(self.final_loss[i])

    @property
    def last_shrinking(self) -> float:
        """The largest rate whose loss shrank."""
        return float(self.rates[self.shrank].max())

    @property
    def first_growing(self) -> float:
        """The smallest rate whose loss did not shrink."""
        return float(self.rates[~self.shrank].min())

    @property
    def best(self) -> tuple[float, int]:
        """The rate that reached the tolerance in the fewest epochs, and those epochs."""
        epochs = np.where(self.epochs_to_tolerance < 0, 10**9, self.epochs_to_tolerance)
        i = int(np.argmin(epochs))
        return float(self.rates[i]), int(epochs[i])

    @property
    def at_fastest(self) -> tuple[float, int]:
        """The grid rate nearest η*, and its epochs to the tolerance."""
        i = int(np.argmin(abs(self.rates - self.fastest)))
        return float(self.rates[i]), int(self.epochs_to_tolerance[i])


@stored
def rate_sweep() -> RateSweep:
    """Train at 1000 rates from 0.0002 to 0.2 for 1000 epochs each, in one computation."""
    x, y = data.linear_toy()
    result = training.sweep(x, y, SWEEP_RATES, epochs=EPOCHS)
    assert result.loss_curves is not None  # a sweep records its curves by default
    with np.errstate(invalid="ignore"):
        shrank = result.losses < result.loss_curves[0]
    fastest = analysis.fastest_rate(x)
    at_fastest = training.sweep(x, y, np.array([fastest]), epochs=EPOCHS)
    return RateSweep(
        rates=SWEEP_RATES,
        final_loss=result.losses,
        shrank=shrank,
        epochs_to_tolerance=result.epochs_to(TOLERANCE),
        bound=analysis.stability_bound(x),
        fastest=fastest,
        fastest_epochs=int(at_fastest.epochs_to(TOLERANCE)[0]),
    )


def highest_loss_between(low: float, high: float) -> float:
    """The highest final loss among :func:`rate_sweep`'s rates from ``low`` to
    ``high``: near the best rates the loss sits at float64's rounding floor, where
    its exact value depends on how the arithmetic rounds, and only a bound is stable.

    Examples
    --------
    >>> highest_loss_between(0.2, 0.1)
    Traceback (most recent call last):
    ...
    ValueError: low must not exceed high, got low=0.2, high=0.1
    """
    low = _checks.finite_number(low, "low")
    high = _checks.finite_number(high, "high")
    if low > high:
        raise ValueError(f"low must not exceed high, got low={low}, high={high}")
    sweep = rate_sweep()
    inside = (sweep.rates >= low - 1e-12) & (sweep.rates <= high + 1e-12)
    if not inside.any():
        raise ValueError(f"no sweep rate lies between low={low} and high={high}")
    return float(sweep.final_loss[inside].max())


def exact_fall_per_epoch(start: int = 900, end: int = EPOCHS) -> float:
    r"""The fraction by which the exact run's loss at rate 0.1 falls per epoch, on
    average, from epoch ``start`` to ``end``, a stretch far above float64's rounding
    floor: the flat direction's :math:`1 - (1 - 0.1\,\lambda_{min})^2`.

    Examples
    --------
    >>> exact_fall_per_epoch(1000, 900)
    Traceback (most recent call last):
    ...
    ValueError: start must be below end, got start=1000, end=900
    """
    if not 0 <= start < end:
        raise ValueError(f"start must be below end, got start={start}, end={end}")
    x, y = data.linear_toy()
    losses = training.gradient_descent(x, y, 0.1, end).losses
    return float(1.0 - (losses[end] / losses[start]) ** (1.0 / (end - start)))
