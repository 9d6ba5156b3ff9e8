"""The MCVP page's headline results, recomputed with plain numpy written from the
book's description (no lrdoc code is used to compute them)."""

from __future__ import annotations

import numpy as np
import pytest

from lrdoc.experiments import mcvp as experiment

X = np.array([[1], [2], [3], [4]])
Y = 3 * X


def book_run(rate: float, epochs: int) -> list[float]:
    """The book's loop: float32 weight and bias, forward difference with 0.0001."""
    w = [np.zeros((1, 1), np.float32), np.zeros((1, 1), np.float32)]
    out = []
    for _ in range(epochs):
        base = np.mean(np.square(X @ w[0] + w[1] - Y))
        new = [p.copy() for p in w]
        for i in range(2):
            nudged = [p.copy() for p in w]
            nudged[i][0, 0] += 0.0001
            grad = (np.mean(np.square(X @ nudged[0] + nudged[1] - Y)) - base) / 0.0001
            new[i][0, 0] -= grad * rate
        w = new
        out.append(float(w[0][0, 0]))
    return out


def exact_run(rate: float, epochs: int) -> tuple[np.ndarray, int | None]:
    x, y = X.ravel().astype(float), Y.ravel().astype(float)
    w = b = 0.0
    weights = [w]
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, epochs + 1):
            r = w * x + b - y
            w, b = w - rate * 2 * np.mean(r * x), b - rate * 2 * np.mean(r)
            if not np.isfinite(np.mean((w * x + b - y) ** 2)):
                return np.array(weights), epoch
            weights.append(w)
    return np.array(weights), None


def test_first_epoch_and_stuck_weight() -> None:
    first = experiment.first_epoch()
    for rate, book in zip(first.rates, first.book, strict=True):
        assert book_run(rate, 1)[0] == pytest.approx(book, abs=1e-9)
    stuck = experiment.stuck_weight()
    run = book_run(1.0, 10)
    np.testing.assert_allclose(stuck.book_weights[1:], run[:3], rtol=1e-7)
    assert len(set(run[2:])) == 1  # stuck from epoch 3 on
    weights, diverged = exact_run(1.0, 1000)
    np.testing.assert_array_equal(stuck.exact_weights, weights[:4])
    assert diverged == stuck.exact_diverged_at == 128


def test_long_runs_end_where_the_page_says() -> None:
    curves = experiment.weight_curves()
    for i, rate in enumerate(curves.rates):
        assert book_run(rate, 1000)[-1] == pytest.approx(curves.book[i, -1], abs=1e-6)
        weights, diverged = exact_run(rate, 1000)
        assert diverged == curves.exact_diverged_at[i]
        if diverged is None:
            assert weights[-1] == pytest.approx(curves.exact[i, -1], abs=1e-9)


def test_curvature_bound_and_sweep() -> None:
    x = X.ravel().astype(float)
    hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    lo, hi = np.linalg.eigvalsh(hessian)
    stability = experiment.stability()
    assert stability.bound == pytest.approx(2 / hi)
    assert stability.fastest == pytest.approx(2 / (lo + hi))
    # the sweep: last rate whose loss shrank, and the fewest epochs to 1e-20
    sweep = experiment.rate_sweep()
    rates = np.linspace(0.0002, 0.2, 1000)
    y = 3 * x
    w, b = np.zeros_like(rates), np.zeros_like(rates)
    first_below = np.full(rates.size, -1)
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, 1001):
            r = w[:, None] * x + b[:, None] - y
            w, b = w - rates * 2 * (r * x).mean(1), b - rates * 2 * r.mean(1)
            loss = ((w[:, None] * x + b[:, None] - y) ** 2).mean(1)
            first_below[(first_below < 0) & (loss < 1e-20)] = epoch
    shrank = loss < 67.5
    assert rates[shrank].max() == pytest.approx(sweep.last_shrinking)
    assert rates[~shrank].min() == pytest.approx(sweep.first_growing)
    best = np.argmin(np.where(first_below < 0, 10**9, first_below))
    assert (rates[best], first_below[best]) == pytest.approx(sweep.best)
