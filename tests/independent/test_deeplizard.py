"""The deeplizard page's headline results, recomputed with plain numpy written from
the article's and Keras' descriptions (no lrdoc code computes them; the clinical-trial
data are taken as given)."""

from __future__ import annotations

import numpy as np
import pytest

from lrdoc.experiments import deeplizard as experiment


def test_the_data_follow_the_description() -> None:
    ages, scaled, side = experiment.trial()
    assert ages.size == 2100 and ages.min() == 13 and ages.max() == 100
    assert (ages < 65).sum() == (ages >= 65).sum() == 1050
    assert side[ages >= 65].sum() == (1 - side[ages < 65]).sum() == 1000
    np.testing.assert_allclose(scaled, (ages - 13) / 87)


def test_update_rule_and_parabola() -> None:
    _, s, y = experiment.trial()
    dw = 2 * np.mean((0.5 * s - y) * s)
    assert experiment.update_rule().new_weight[0.01] == pytest.approx(0.5 - 0.01 * dw)
    # L(w) = 1.25 (w - 3)^2: each step multiplies w - 3 by 1 - 2.5 eta
    steps = experiment.step_size()
    for i, rate in enumerate(steps.rates):
        w = 3 - 3 * (1 - 2.5 * rate) ** np.arange(11)
        np.testing.assert_allclose(steps.weights[i], w, atol=1e-12)
        np.testing.assert_allclose(steps.losses[i], 1.25 * (w - 3) ** 2, atol=1e-9)


def test_stable_rates_by_unit() -> None:
    ages, _, _ = experiment.trial()
    named = experiment.stable_range().named
    for unit, years in (("months", 1 / 12), ("years", 1.0), ("decades", 10.0)):
        x = ages / years
        hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
        assert named[unit][1] == pytest.approx(2 / np.linalg.eigvalsh(hessian).max())


def keras_run(rate: float, seed: int) -> tuple[float, float]:
    """The article's network, Keras' Glorot-uniform and Adam, 20 epochs of 64."""
    _, s, y = experiment.trial()
    _, vs, vy = experiment.validation()  # an input, like the data
    rng = np.random.default_rng(seed)
    sizes = [1, 16, 32, 2]
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        limit = np.sqrt(6 / (n_in + n_out))
        params += [rng.uniform(-limit, limit, (n_in, n_out)), np.zeros(n_out)]

    def forward(x):
        h1 = np.maximum(x @ params[0] + params[1], 0)
        h2 = np.maximum(h1 @ params[2] + params[3], 0)
        out = 1 / (1 + np.exp(-(h2 @ params[4] + params[5])))
        return h1, h2, out

    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    shuffle, t = np.random.default_rng(0), 0
    for _ in range(20):
        order = shuffle.permutation(s.size)
        for start in range(0, s.size, 64):
            batch = order[start : start + 64]
            x, labels = s[batch, None], y[batch]
            h1, h2, out = forward(x)
            total = out.sum(1, keepdims=True)
            onehot = np.eye(2)[labels]
            # d/d out of -mean log(out_label / total)
            g_out = (-(onehot / out) + 1 / total) / batch.size
            g_z3 = g_out * out * (1 - out)
            g_h2 = g_z3 @ params[4].T
            g_z2 = g_h2 * (h2 > 0)
            g_z1 = (g_z2 @ params[2].T) * (h1 > 0)
            grads = [
                x.T @ g_z1, g_z1.sum(0),
                h1.T @ g_z2 + 2 * 0.01 * params[2], g_z2.sum(0),
                h2.T @ g_z3, g_z3.sum(0),
            ]  # fmt: skip
            t += 1
            step = rate * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
            for p, g, mm, vv in zip(params, grads, m, v, strict=True):
                mm += 0.1 * (g - mm)
                vv += 0.001 * (g * g - vv)
                p -= step * mm / (np.sqrt(vv) + 1e-7)
    *_, out = forward(vs[:, None])
    p = out / out.sum(1, keepdims=True)
    val_loss = -np.mean(np.log(p[np.arange(vy.size), vy])) + 0.01 * np.sum(
        params[2] ** 2
    )
    return float(val_loss), float(np.mean(out.argmax(1) == vy))


@pytest.mark.parametrize(("rate", "seed"), [(0.01, 0), (0.0001, 2)])
def test_adam_runs_match_an_independent_network(rate: float, seed: int) -> None:
    runs = experiment.adam_runs()
    i = runs.rates.index(rate)
    val_loss, val_accuracy = keras_run(rate, seed)
    assert runs.val_loss[i, seed, -1] == pytest.approx(val_loss, rel=1e-9)
    assert runs.val_accuracy[i, seed, -1] == val_accuracy


def test_the_ceiling_is_the_split_at_65() -> None:
    ages, _, side = experiment.trial()
    assert experiment.adam_runs().ceiling == np.mean((ages >= 65) == side)
