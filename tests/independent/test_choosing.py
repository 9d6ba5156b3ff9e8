"""Independent check of the choosing page's headline numbers.

The functions at the top are plain numpy. They import nothing from lrdoc and are
written from the sources: Smith's range test and fastai's ``lr_find``,
``AvgSmoothLoss`` and suggestion rules (fastai/callback/schedule.py), PyTorch's
documented ``OneCycleLR`` formula, Keras' conventions for the network (Glorot-uniform
kernels, zero biases, cross-entropy on probabilities clipped to [1e-7, 1 - 1e-7]),
and scikit-learn's ``train_test_split`` (a RandomState permutation, the test set
first). The tests then compare them with ``lrdoc.experiments.choosing``.

What is compared: the iris SGD sweep (every rate × 10 seeds: the final losses, the
best rate and the best band), the iris range test from each seed (every suggested
rate, and how many land in the band), and one-cycle at each seed's `minimum`
suggestion against the best constant rate (the final losses and the win count).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

IRIS_CSV = Path(__file__).resolve().parents[2] / "lrdoc" / "datafiles" / "iris.csv"
SEEDS = range(10)
EPS = 1e-7


def iris_train():
    table = np.loadtxt(IRIS_CSV, delimiter=",", skiprows=1)
    X, y = table[:, :4], table[:, 4].astype(int)
    permutation = np.random.RandomState(42).permutation(150)
    train = permutation[math.ceil(0.25 * 150) :]
    return X[train], y[train]


def init(seed, sizes=(4, 50, 12, 3)):
    rng = np.random.default_rng(seed)
    weights = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        limit = math.sqrt(6 / (n_in + n_out))
        weights.append([rng.uniform(-limit, limit, (n_in, n_out)), np.zeros(n_out)])
    return weights


def forward(weights, X):
    a, cache = X, []
    for i, (W, b) in enumerate(weights):
        z = a @ W + b
        cache.append((a, z))
        if i < len(weights) - 1:
            a = np.maximum(z, 0)
        else:
            e = np.exp(z - z.max(axis=1, keepdims=True))
            a = e / e.sum(axis=1, keepdims=True)
    return a, cache


def loss_and_step(weights, X, y, rate):
    """Keras cross-entropy of the batch, then one SGD step in place."""
    p, cache = forward(weights, X)
    n = len(y)
    clipped = np.clip(p, EPS, 1 - EPS)
    loss = -np.mean(np.log(clipped[np.arange(n), y]))
    onehot = np.eye(p.shape[1])[y]
    inside = (p >= EPS) & (p <= 1 - EPS)
    grad_p = -onehot / clipped * inside / n
    grad = p * (grad_p - np.sum(grad_p * p, axis=1, keepdims=True))  # softmax
    for i in range(len(weights) - 1, -1, -1):
        a, z = cache[i]
        if i < len(weights) - 1:
            grad = grad * (z > 0)
        W, b = weights[i]
        grad_W, grad_b = a.T @ grad, grad.sum(axis=0)
        grad = grad @ W.T
        W -= rate * grad_W
        b -= rate * grad_b
    return loss


def final_loss(weights, X, y):
    p, _ = forward(weights, X)
    if not all(np.isfinite(w).all() for pair in weights for w in pair):
        return math.inf
    return float(-np.mean(np.log(np.clip(p, EPS, 1 - EPS)[np.arange(len(y)), y])))


def train(seed, rates, X, y, epochs=20, batch=32):
    """SGD with rates[t] at step t; the batches shuffled by default_rng(seed)."""
    weights, rng, t = init(seed), np.random.default_rng(seed), 0
    with np.errstate(all="ignore"):
        for _ in range(epochs):
            order = rng.permutation(len(y))
            for start in range(0, len(y), batch):
                part = order[start : start + batch]
                loss_and_step(weights, X[part], y[part], rates[t])
                t += 1
        return final_loss(weights, X, y)


def lr_find(seed, X, y, start=1e-7, end=10.0, num_it=100, beta=0.98):
    """fastai's lr_find: exponential ramp, AvgSmoothLoss, stop at 4x the best."""
    weights, rng = init(seed), np.random.default_rng(seed)
    order, at = rng.permutation(len(y)), 0
    lrs, losses, val, best = [], [], 0.0, math.inf
    with np.errstate(all="ignore"):
        for it in range(num_it):
            if at >= len(y):
                order, at = rng.permutation(len(y)), 0
            part = order[at : at + 32]
            at += 32
            lr = start * (end / start) ** (it / num_it)
            loss = loss_and_step(weights, X[part], y[part], lr)
            val = val * beta + loss * (1 - beta)
            smooth = val / (1 - beta ** (it + 1))
            lrs.append(lr)
            losses.append(smooth)
            best = min(best, smooth)
            if smooth > 4 * best:
                break
    lrs = np.array(lrs)[num_it // 10 : -5]
    losses = np.array(losses)[num_it // 10 : -5]
    return lrs, losses


def suggestions(lrs, losses):
    minimum = lrs[np.argmin(losses)] / 10
    grads = (losses[1:] - losses[:-1]) / (np.log(lrs[1:]) - np.log(lrs[:-1]))
    steep = lrs[np.argmin(grads)]
    n = len(losses)
    lds, max_start, max_end = [1] * n, 0, 0
    for i in range(1, n):
        for j in range(i):
            if losses[i] < losses[j] and lds[i] < lds[j] + 1:
                lds[i] = lds[j] + 1
            if lds[max_end] < lds[i]:
                max_end, max_start = i, i - lds[i]
    sections = (max_end - max_start) / 3
    valley = lrs[max_start + int(sections) + int(sections / 2)]
    return {"minimum": minimum, "steep": steep, "valley": valley}


def one_cycle(max_lr, total, pct=0.3, div=25.0, final_div=1e4):
    initial, low = max_lr / div, max_lr / div / final_div
    peak = pct * total - 1

    def cos(a, b, q):
        return b + (a - b) / 2 * (math.cos(math.pi * q) + 1)

    return [
        cos(initial, max_lr, t / peak)
        if t <= peak
        else cos(max_lr, low, (t - peak) / (total - 1 - peak))
        for t in range(total)
    ]


RATES = 10.0 ** np.arange(-4.0, 0.01, 0.5)


@pytest.fixture(scope="module")
def independent():
    X, y = iris_train()
    losses = np.array([[train(s, [r] * 80, X, y) for s in SEEDS] for r in RATES])
    mean = losses.mean(axis=1)
    good = RATES[mean <= 1.5 * mean.min()]
    found = [suggestions(*lr_find(s, X, y)) for s in SEEDS]
    cycles = [
        train(s, one_cycle(f["minimum"], 80), X, y)
        for s, f in zip(SEEDS, found, strict=True)
    ]
    return {
        "losses": losses,
        "best": RATES[np.argmin(mean)],
        "band": (good.min(), good.max()),
        "found": found,
        "cycles": np.array(cycles),
    }


def test_iris_sweep(independent):
    from lrdoc.experiments import choosing

    result = choosing.sweep("iris")
    np.testing.assert_allclose(result.rates, RATES, rtol=1e-12)
    np.testing.assert_allclose(result.losses, independent["losses"], rtol=1e-9)
    assert result.best_rate == pytest.approx(independent["best"])
    assert result.band == pytest.approx(independent["band"])


def test_iris_range_test_suggestions(independent):
    from lrdoc.experiments import choosing

    result = choosing.range_tests("iris")
    low, high = independent["band"]
    for rule in ("minimum", "steep", "valley"):
        mine = np.array([f[rule] for f in independent["found"]])
        np.testing.assert_allclose(result.suggested[rule], mine, rtol=1e-12)
        assert result.hits(rule) == int(np.sum((mine >= low) & (mine <= high)))


def test_one_cycle_against_the_best_constant(independent):
    from lrdoc.experiments import choosing

    result = choosing.one_cycle()
    best = independent["losses"][np.argmin(independent["losses"].mean(axis=1))]
    np.testing.assert_allclose(
        result.losses["one-cycle at minimum"], independent["cycles"], rtol=1e-9
    )
    wins = int(np.sum(independent["cycles"] < best))
    assert result.wins("one-cycle at minimum", "best constant") == wins
