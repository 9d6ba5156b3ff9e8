"""The stability page recomputed in plain numpy, without importing lrdoc.

The functions above the tests are written from Goh's and Cohen et al.'s
descriptions and the page's prose; only the tests import lrdoc, to compare.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

IRIS = Path(__file__).resolve().parents[2] / "lrdoc" / "datafiles" / "iris.csv"

# --- momentum on the line y = 3x, x = 1..4 -----------------------------------

X_LINE = np.array([1.0, 2.0, 3.0, 4.0])
Y_LINE = 3.0 * X_LINE


def line_theory() -> dict[str, float]:
    design = np.column_stack([X_LINE, np.ones(4)])
    hessian = 2.0 / 4 * design.T @ design
    small, large = np.linalg.eigvalsh(hessian)
    kappa = large / small
    return {
        "lambda_min": small,
        "lambda_max": large,
        "kappa": kappa,
        "gd_rate": 2.0 / (small + large),
        "gd_factor": (kappa - 1) / (kappa + 1),
        "rate": 4.0 / (math.sqrt(small) + math.sqrt(large)) ** 2,
        "beta": ((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2,
        "factor": (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1),
    }


def epochs_until_loss_stays_below(rate: float, beta: float, tol: float) -> int:
    """Polyak's form: theta_next = theta - rate grad + beta (theta - theta_prev)."""
    theta = prev = np.zeros(2)
    design = np.column_stack([X_LINE, np.ones(4)])
    last_above = 0
    for epoch in range(5000):
        residual = design @ theta - Y_LINE
        if not np.mean(residual**2) < tol:
            last_above = epoch
        grad = 2.0 / 4 * design.T @ residual
        theta, prev = theta - rate * grad + beta * (theta - prev), theta
    return last_above + 1


# --- one edge-of-stability run -------------------------------------------------


def half_iris() -> tuple[np.ndarray, np.ndarray]:
    table = np.loadtxt(IRIS, delimiter=",", skiprows=1)
    return table[::2, :4], table[::2, 4].astype(int)


def glorot_network(seed: int, sizes=(4, 16, 16, 3)) -> list[np.ndarray]:
    """Kernels uniform on +-sqrt(6 / (fan_in + fan_out)), drawn layer by layer
    from numpy's default generator; biases zero."""
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        params += [rng.uniform(-limit, limit, (fan_in, fan_out)), np.zeros(fan_out)]
    return params


def flatten(params: list[np.ndarray]) -> np.ndarray:
    return np.concatenate([p.ravel() for p in params])


def unflatten(theta: np.ndarray, sizes=(4, 16, 16, 3)) -> list[np.ndarray]:
    params, at = [], 0
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        params.append(theta[at : at + fan_in * fan_out].reshape(fan_in, fan_out))
        at += fan_in * fan_out
        params.append(theta[at : at + fan_out])
        at += fan_out
    return params


def loss_and_grad(theta: np.ndarray, X: np.ndarray, y: np.ndarray):
    """Mean cross-entropy of a sigmoid-sigmoid-softmax network, by backprop with
    the softmax and cross-entropy combined (delta = p - onehot)."""
    W1, b1, W2, b2, W3, b3 = unflatten(theta)
    h1 = 1 / (1 + np.exp(-(X @ W1 + b1)))
    h2 = 1 / (1 + np.exp(-(h1 @ W2 + b2)))
    z = h2 @ W3 + b3
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    n = len(y)
    loss = -np.mean(np.log(p[np.arange(n), y]))
    d3 = p.copy()
    d3[np.arange(n), y] -= 1
    d3 /= n
    d2 = (d3 @ W3.T) * h2 * (1 - h2)
    d1 = (d2 @ W2.T) * h1 * (1 - h1)
    grads = [X.T @ d1, d1.sum(0), h1.T @ d2, d2.sum(0), h2.T @ d3, d3.sum(0)]
    return loss, flatten(grads)


def top_eigenvalue(theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """The largest eigenvalue of the whole Hessian, column by column from central
    differences of the gradient."""
    h = 1e-5
    columns = []
    for i in range(theta.size):
        e = np.zeros(theta.size)
        e[i] = h
        columns.append(
            (loss_and_grad(theta + e, X, y)[1] - loss_and_grad(theta - e, X, y)[1])
            / (2 * h)
        )
    hessian = np.array(columns)
    return float(np.linalg.eigvalsh((hessian + hessian.T) / 2)[-1])


@pytest.fixture(scope="module")
def one_run():
    """Rate 0.4, seed 0, 600 full-batch steps."""
    X, y = half_iris()
    theta = flatten(glorot_network(0))
    losses, kept = [], {}
    for step in range(601):
        if step in (300, 600):
            kept[step] = theta.copy()
        loss, grad = loss_and_grad(theta, X, y)
        losses.append(loss)
        theta = theta - 0.4 * grad
    return np.array(losses), kept, X, y


# --- the comparisons ----------------------------------------------------------


def test_momentum_theory_agrees() -> None:
    from lrdoc.experiments import stability

    mine, theirs = line_theory(), stability.momentum()
    for name in ("lambda_min", "lambda_max", "kappa", "gd_rate", "gd_factor"):
        assert getattr(theirs, name) == pytest.approx(mine[name], rel=1e-12)
    assert theirs.momentum_rate == pytest.approx(mine["rate"], rel=1e-12)
    assert theirs.momentum_beta == pytest.approx(mine["beta"], rel=1e-12)
    assert theirs.momentum_factor == pytest.approx(mine["factor"], rel=1e-12)
    speedup = math.log(mine["factor"]) / math.log(mine["gd_factor"])
    assert theirs.theory_speedup == pytest.approx(speedup, rel=1e-12)
    assert round(speedup, 2) == 7.51


def test_momentum_epochs_agree() -> None:
    from lrdoc.experiments import stability

    theory, result = line_theory(), stability.momentum()
    for index, tol in enumerate(stability.TOLERANCES):
        gd = epochs_until_loss_stays_below(theory["gd_rate"], 0.0, tol)
        heavy = epochs_until_loss_stays_below(theory["rate"], theory["beta"], tol)
        assert (gd, heavy) == (result.gd_epochs[index], result.momentum_epochs[index])


def test_momentum_region_agrees_on_a_few_cells() -> None:
    from lrdoc.experiments import stability

    result = stability.momentum()
    large = line_theory()["lambda_max"]
    for i, j in ((0, 37), (0, 39), (40, 60), (40, 62), (63, 77)):
        rate, beta = result.rates[j], result.betas[i]
        assert result.grew[i, j] == (rate * large >= 2 + 2 * beta)


def test_edge_of_stability_run_agrees(one_run) -> None:
    """The two implementations agree to rounding until the sharpness nears 2/eta;
    from there on, rounding differences grow along the unstable direction and the
    runs part (here after step 150), so later steps are compared by their
    statistics, and the sharpness at lrdoc's own parameters."""
    from lrdoc.experiments import stability

    losses, kept, X, y = one_run
    result = stability.edge_of_stability()
    rate_index = list(result.rates).index(0.4)
    theirs = result.losses[:, rate_index, 0]
    assert np.allclose(theirs[:151], losses[:151], rtol=1e-12)
    window = slice(300, 601)
    assert theirs[window].mean() == pytest.approx(losses[window].mean(), rel=0.05)
    assert theirs[600] == pytest.approx(losses[600], rel=0.1)
    final = result.final_parameters[rate_index, 0]
    assert result.sharpness[-1, rate_index, 0] == pytest.approx(
        top_eigenvalue(final, X, y), rel=2e-3
    )


def test_edge_of_stability_claims_hold_for_this_run(one_run) -> None:
    """Seed 0 at rate 0.4, from the independent run: the sharpness at the window's
    two ends is within the page's band of 2/eta, and the loss fell over the window
    while going up at some steps."""
    losses, kept, X, y = one_run
    edge = 2 / 0.4
    start = top_eigenvalue(flatten(glorot_network(0)), X, y)
    assert start < edge
    for theta in kept.values():
        assert 0.6 * edge < top_eigenvalue(theta, X, y) < 1.5 * edge
    assert losses[600] < losses[300]
    assert (np.diff(losses[300:601]) > 0).sum() >= 100
