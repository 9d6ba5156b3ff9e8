"""The decay page, recomputed from the article's description alone.

Plain numpy, written from the article: its decay table, legacy Keras' per-step decay,
and the iris network (4-50-12-3, ReLU, softmax, cross-entropy, plain SGD, batches of
32, 20 epochs, scikit-learn's 25% split with random_state 42). The data are read from
the CSV file lrdoc ships; Keras' default start (Glorot-uniform kernels, zero biases) is
drawn with numpy's default_rng(seed), and each epoch's batch order is
default_rng(seed).permutation, the convention the page states. The only lrdoc import
is the experiments module whose values are compared.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from lrdoc.experiments import decay as results

CSV = Path(__file__).resolve().parents[2] / "lrdoc" / "datafiles" / "iris.csv"


def test_the_table_is_the_recursive_rule_cut_to_three_decimals():
    rate, table = 0.2, []
    for epoch in range(1, 6):
        rate = math.floor(rate / (1 + 0.01 * epoch) * 1000 + 1e-9) / 1000
        table.append(rate)
    assert table == [0.198, 0.194, 0.188, 0.18, 0.171]
    formula = [0.2 / (1 + 0.01 * e) for e in range(1, 6)]
    np.testing.assert_allclose(formula, results.decay_table().formula, rtol=1e-15)


def test_legacy_keras_decay_counts_batches():
    steps_per_epoch = math.ceil(112 / 32)
    after = [0.2 / (1 + 0.01 * steps_per_epoch * e) for e in range(1, 21)]
    np.testing.assert_allclose(after, results.keras_decay().after_epoch, rtol=1e-12)


def load():
    table = np.loadtxt(CSV, delimiter=",", skiprows=1)
    X, y = table[:, :4], table[:, 4].astype(int)
    order = np.random.RandomState(42).permutation(150)
    return X, np.eye(3)[y], order[38:], order[:38]


def train(seed, rate, X, Y, train_idx, test_idx):
    """One run of the article's network; returns final train loss, accuracy, and the
    first step after which the second hidden layer fires on no training flower."""
    rng = np.random.default_rng(seed)
    sizes = [4, 50, 12, 3]
    W = [
        rng.uniform(-r, r, (a, b))
        for a, b in zip(sizes, sizes[1:], strict=False)
        for r in [np.sqrt(6 / (a + b))]
    ]
    B = [np.zeros(b) for b in sizes[1:]]
    Xt, Yt = X[train_idx], Y[train_idx]
    shuffle = np.random.default_rng(seed)
    died, step, epoch_loss = None, 0, 0.0

    def forward(x):
        h1 = np.maximum(x @ W[0] + B[0], 0)
        h2 = np.maximum(h1 @ W[1] + B[1], 0)
        z = h2 @ W[2] + B[2]
        p = np.exp(z - z.max(axis=1, keepdims=True))
        return h1, h2, p / p.sum(axis=1, keepdims=True)

    for _ in range(20):
        order = shuffle.permutation(112)
        epoch_loss = 0.0
        for start in range(0, 112, 32):
            idx = order[start : start + 32]
            x, t = Xt[idx], Yt[idx]
            h1, h2, p = forward(x)
            epoch_loss += -np.sum(t * np.log(np.clip(p, 1e-7, 1 - 1e-7)))
            g3 = (p - t) / len(idx)
            g2 = (g3 @ W[2].T) * (h2 > 0)
            g1 = (g2 @ W[1].T) * (h1 > 0)
            for layer, (a, g) in enumerate(((x, g1), (h1, g2), (h2, g3))):
                W[layer] -= rate * a.T @ g
                B[layer] -= rate * g.sum(axis=0)
            step += 1
            if died is None and not (forward(Xt)[1] > 0).any():
                died = step
    _, _, p = forward(X[test_idx])
    accuracy = np.mean(p.argmax(axis=1) == Y[test_idx].argmax(axis=1))
    return epoch_loss / 112, accuracy, died


@pytest.mark.parametrize("rate", [0.2, 0.03])
def test_iris_runs_over_ten_seeds(rate):
    X, Y, train_idx, test_idx = load()
    runs = results.constant().at(rate)
    for seed in range(10):
        loss, accuracy, died = train(seed, rate, X, Y, train_idx, test_idx)
        assert loss == pytest.approx(runs.loss[seed, -1], rel=1e-6)
        assert accuracy == pytest.approx(runs.accuracy[seed], abs=1e-12)
        assert died == runs.died_at[seed]
