"""Divergence is always said (issue 22, item 2): one rule, lrdoc.divergence, in every
trainer. Per trainer: growth without overflow, overflow, and (for the clipped
cross-entropy of lrdoc.nn, the one loss with a ceiling) saturation."""

import math

import numpy as np
import pytest

from lrdoc import data, divergence, nn, perceptron, training
from lrdoc.nn import losses
from lrdoc.optimizers import SGD

X, Y = [1.0, 2.0, 3.0, 4.0], [3.0, 6.0, 9.0, 12.0]


def _bound() -> float:
    """The stability bound of gradient descent on (X, Y): 2 / the largest eigenvalue
    of the Hessian of the mean-square loss, 2 E[[x, 1][x, 1]^T]."""
    a = np.array([[np.mean(np.square(X)), np.mean(X)], [np.mean(X), 1.0]])
    return float(2.0 / (2.0 * np.linalg.eigvalsh(a).max()))


# ------------------------------------------------------------------ the rule


def test_the_rule() -> None:
    assert divergence.rose(1.0, 1.001e3) and not divergence.rose(1.0, 999.0)
    assert divergence.rose(1.0, math.inf) and divergence.rose(1.0, math.nan)
    assert not divergence.rose(0.0, 1e-7)  # at or below FLOOR: noise around zero
    assert divergence.saturated(1.0, 0.25 * 16.0, 16.0)
    assert not divergence.saturated(10.0, 9.0, 16.0)  # falling from a high start
    assert not divergence.diverged(1.0, 10.0)  # no ceiling, no growth
    assert divergence.onset([1.0, 2e3, 1.0, 2e3, 3e3]).item() == 3


# ------------------------------------------------------- linear gradient descent


def test_gradient_descent_growth_without_overflow() -> None:
    run = training.gradient_descent(X, Y, 1.7 * _bound(), epochs=100)
    assert np.isfinite(run.losses).all() and run.losses.size == 101
    assert run.diverged_at is not None and 0 < run.diverged_at < 100
    assert run.status.startswith("diverged: loss rose from 67.5 to ")


def test_gradient_descent_overflow() -> None:
    run = training.gradient_descent(X, Y, 1.0, epochs=1000)
    assert run.diverged_at == 128
    assert run.status == "loss became non-finite at epoch 128"


def test_gradient_descent_converging_run_finishes() -> None:
    run = training.gradient_descent(X, Y, 0.1, epochs=10)
    assert run.diverged_at is None and run.status.startswith("finished")


def test_sweep_growth_and_overflow() -> None:
    rates = [0.1, 1.7 * _bound(), 1.0]
    grown = training.sweep(X, Y, rates, epochs=100)
    assert grown.diverged.tolist() == [False, True, True]
    assert np.isfinite(grown.losses).all()  # 100 epochs: nothing overflowed yet
    # the rule agrees with the single runs, epoch for epoch
    for rate, at in zip(rates, grown.diverged_at, strict=True):
        single = training.gradient_descent(X, Y, rate, epochs=100).diverged_at
        assert (single is None and np.isnan(at)) or single == at
    overflowed = training.sweep(X, Y, rates, epochs=1000)
    assert overflowed.diverged_at[2] == 128 and np.isnan(overflowed.losses[2])
    assert overflowed.diverged.tolist() == [False, True, True]


# --------------------------------------------------------------- the perceptron

PX, PY = [60, 40, 100, 300, -50, 310], [60, 40, 100, 250, -50, 250]


def test_perceptron_growth_without_overflow() -> None:
    run = perceptron.train(PX, PY, 1.0, max_passes=5, bias0=0.05, weight0=0.1)
    assert np.isfinite(run.mean_abs_errors).all() and run.diverged_at == 1
    assert run.status.startswith("diverged: loss rose from 111 to ")


def test_perceptron_overflow() -> None:
    run = perceptron.train(PX, PY, 1.0, bias0=0.05, weight0=0.1)
    assert run.diverged_at == 36
    assert run.status == "weights became non-finite in pass 36"


def test_perceptron_sweep_growth_and_overflow() -> None:
    rates = [0.0001, 0.01, 1.0]
    grown = perceptron.sweep(PX, PY, rates, iterations=30, bias0=0.05, weight0=0.1)
    assert np.isfinite(grown.losses).all()
    assert grown.diverged.tolist() == [False, True, True]
    assert grown.diverged_at[2] == 6  # after the first pass over the 6 samples
    gone = perceptron.sweep(PX, PY, rates, iterations=1200, bias0=0.05, weight0=0.1)
    assert gone.diverged.tolist() == [False, True, True]
    assert np.isnan(gone.losses[1:]).all()


# --------------------------------------------------------- networks and stacks

NX = np.array([[0.0], [1.0], [2.0], [3.0]])
NY = [0.0, 1.0, 2.0, 3.0]


def _linear_net(seeds: list[int] | None = None) -> nn.Network:
    if seeds is None:
        return nn.build([1, 4, 1], ["linear", "linear"], seed=0)
    return nn.stack.build([1, 4, 1], ["linear", "linear"], seeds=seeds)


def _fit_mse(net: nn.Network, rate: object, epochs: int) -> nn.FitHistory:
    return nn.fit(net, SGD(rate), NX, NY, epochs, 4, loss="mse", shuffle=False)


def test_network_growth_without_overflow() -> None:
    history = _fit_mse(_linear_net(), 0.5, 5)
    assert np.isfinite(history.loss).all() and history.ceiling == math.inf
    assert history.diverged_at == 3
    assert history.status.startswith("diverged: loss rose from 14.2 to ")


def test_network_overflow() -> None:
    history = _fit_mse(_linear_net(), 0.5, 20)
    assert history.diverged_at == 6
    assert history.status == "loss became non-finite at epoch 6"


@pytest.mark.parametrize("batch_size", [32, 150])
def test_network_saturation_on_iris(batch_size: int) -> None:
    features, species = data.iris()
    net = nn.build([4, 8, 3], ["relu", "softmax"], seed=0)
    history = nn.fit(net, SGD(1e6), features, species, 20, batch_size)
    assert history.ceiling == losses.CEILING == pytest.approx(-math.log(1e-7))
    # every sample given to one class: two thirds of them at the ceiling
    assert history.loss[-1] == pytest.approx(2 / 3 * losses.CEILING, rel=1e-6)
    assert history.diverged_at in (1, 2)
    assert history.status == (
        "diverged: loss saturated at 10.7 (ceiling 16.1 of the clipped loss)"
    )


def test_a_slowly_recovering_network_is_not_saturated() -> None:
    # starts confidently wrong (loss 10.4, above a quarter of the ceiling) and falls
    stack = nn.stack.build([1, 2], ["softmax"], seeds=[0])
    history = nn.fit(stack, SGD([1e-3]), [[10.0], [-10.0]], [1, 0], 3, batch_size=2)
    assert history.loss[0, 0] > 10 and history.loss[0, -1] < history.loss[0, 0]
    assert history.diverged_at == (None,)


def test_stack_growth_overflow_and_saturation() -> None:
    grown = _fit_mse(_linear_net([0, 0, 0]), [0.5, 0.5, 1e-3], 5)
    assert grown.diverged_at == (3, 3, None)
    assert grown.status == "finished 5 epochs, 3 models, 2 diverged"
    gone = _fit_mse(_linear_net([0, 0]), [0.5, 1e-3], 20)
    assert gone.diverged_at == (6, None) and np.isnan(gone.loss[0, -1])
    features, species = data.iris()
    stack = nn.stack.build([4, 8, 3], ["relu", "softmax"], seeds=[0, 1])
    pinned = nn.fit(stack, SGD([1e6, 1e-3]), features, species, 20)
    assert pinned.diverged_at[0] in (1, 2) and pinned.diverged_at[1] is None
    assert pinned.status == "finished 20 epochs, 2 models, 1 diverged"
