"""Hypothesis properties over the public engine API (issue 12).

The budget is small and fixed (30 examples a property, ``derandomize=True``: the same examples every run),
so the suite is reproducible and takes a few seconds.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lrdoc import analysis, divergence, gradients, nn, perceptron, schedules, training
from lrdoc.nn import activations
from lrdoc.optimizers import SGD

NET = nn.build([1, 2], ["softmax"], seed=0)

BUDGET = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
samples = st.integers(2, 8).flatmap(
    lambda n: st.tuples(
        st.lists(finite, min_size=n, max_size=n),
        st.lists(finite, min_size=n, max_size=n),
    )
)
rates = st.floats(1e-6, 10.0)
betas = st.floats(0.0, 0.99)
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=3),
    st.integers(-(10**400), 10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.one_of(st.none(), finite, st.text(max_size=2)), max_size=3),
    st.lists(st.lists(finite, max_size=2), max_size=2),
)


@pytest.fixture(autouse=True)
def _no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _distinct(x: list[float]) -> bool:
    return max(x) - min(x) > 1e-3


@BUDGET
@given(samples, rates, betas, st.integers(1, 60))
def test_a_run_either_finishes_finite_or_records_where_it_diverged(data, rate, beta, n):
    x, y = data
    run = training.gradient_descent(x, y, rate, n, momentum=beta)
    if run.diverged_at is None:
        assert np.isfinite(run.losses).all() and run.learning_rates.size == n
        assert not divergence.diverged(run.losses[0], run.losses[-1])
    elif np.isfinite(run.losses[-1]):  # rose without overflowing: every epoch kept
        assert run.learning_rates.size == n and run.weights.size == n + 1
        assert divergence.rose(run.losses[0], run.losses[-1])
        assert run.diverged_at == divergence.onset(run.losses) > 0
        assert run.status.startswith("diverged: loss rose from ")
    else:
        assert 0 <= run.diverged_at <= n
        assert np.isfinite(run.losses[:-1]).all()
        assert run.weights.size == run.diverged_at + 1


@BUDGET
@given(samples, st.lists(rates, min_size=1, max_size=4), betas, st.booleans())
def test_sweep_is_one_gradient_descent_per_run(data, rate_list, beta, nesterov):
    x, y = data
    result = training.sweep(x, y, rate_list, 30, momentum=beta, nesterov=nesterov)
    for index, rate in enumerate(rate_list):
        run = training.gradient_descent(
            x, y, rate, 30, momentum=beta, nesterov=nesterov
        )
        if run.diverged_at is None:
            assert np.isnan(result.diverged_at[index])
            assert result.losses[index] == pytest.approx(run.losses[-1], rel=1e-9)
        else:
            assert result.diverged_at[index] == run.diverged_at


@BUDGET
@given(samples, st.floats(0.01, 0.99))
def test_below_the_bound_the_loss_never_rises(data, fraction):
    x, y = data
    if not _distinct(x):
        return
    rate = fraction * analysis.stability_bound(x)
    curve = training.gradient_descent(x, y, rate, 50).losses
    assert (np.diff(curve) <= 1e-9 * (1.0 + curve[:-1])).all()


@BUDGET
@given(st.lists(finite, min_size=2, max_size=8), betas)
def test_momentum_theory_is_consistent(x, beta):
    if not _distinct(x) or analysis.condition_number(x) > 1e8:
        return
    assert analysis.momentum_bound(x, beta) >= analysis.stability_bound(x)
    rate, best = analysis.optimal_momentum(x)
    assert 0 <= best < 1 and rate < analysis.momentum_bound(x, best)
    assert analysis.contraction(x, rate, best) == pytest.approx(
        analysis.optimal_momentum_contraction(x), rel=1e-5, abs=1e-9
    )
    assert analysis.optimal_momentum_contraction(x) <= analysis.fastest_contraction(x)
    bound = analysis.momentum_bound(x, beta)
    assert analysis.contraction(x, 0.95 * bound, beta) < 1.0
    assert analysis.contraction(x, 1.05 * bound, beta) > 1.0


@settings(BUDGET, max_examples=20)
@given(anything)
def test_bad_arguments_raise_only_named_value_or_type_errors(value):
    calls = [
        lambda: training.gradient_descent(value, [1.0, 2.0], 0.1, 3),
        lambda: training.gradient_descent([1.0, 2.0], [1.0, 2.0], value, 3),
        lambda: training.gradient_descent([1.0, 2.0], [1.0, 2.0], 0.1, value),
        lambda: training.sweep([1.0, 2.0], [1.0, 2.0], value, 3),
        lambda: training.sweep([1.0, 2.0], [1.0, 2.0], 0.1, 3, momentum=value),
        lambda: analysis.stability_bound(value),
        lambda: analysis.momentum_bound([1.0, 2.0], value),
        lambda: perceptron.train([1.0, 2.0], [1.0, 2.0], value),
        lambda: schedules.cosine(value, 10),
        lambda: gradients.central_difference(lambda t: 0.0, [1.0], value),
        lambda: nn.fit(NET, SGD(0.1), value, [0], 1),
        lambda: nn.fit(NET, SGD(0.1), [[0.0]], value, 1),
        lambda: nn.fit(NET, SGD(0.1), [[0.0]], [0], 1, batch_size=value),
        lambda: nn.fit(NET, SGD(0.1), [[0.0]], [0], 1, validation_data=value),
        lambda: NET.forward(value),
        lambda: SGD(0.1).apply([np.zeros(1)], [value]),
    ]
    for call in calls:
        try:
            call()
        except (ValueError, TypeError) as error:
            assert str(error)
            assert "OverflowError" not in str(error)


@BUDGET
@given(
    st.sampled_from(
        [
            schedules.cosine(0.2, 100),
            schedules.cosine(0.2, 100, alpha=0.1),
            schedules.exponential(0.2, 0.5, 10),
            schedules.inverse_time(0.2, 0.01),
            schedules.step_decay(0.2, 10, 0.5),
        ]
    ),
    st.integers(0, 2**53),
)
def test_every_schedule_gives_a_rate_between_zero_and_its_start(schedule, step):
    value = schedule(step)
    assert math.isfinite(value) and 0.0 <= value <= 0.2 * (1 + 1e-12)


@BUDGET
@given(
    st.sampled_from(activations.ACTIVATIONS),
    st.lists(st.floats(-3, 3), min_size=3, max_size=3),
)
def test_every_backward_pass_matches_finite_differences(name, values):
    forward, backward = activations.FUNCTIONS[name]
    z = np.array([values])
    if name == "relu" and np.min(np.abs(z)) < 1e-3:
        return
    weights = np.array([[0.3, -1.2, 0.7]])
    a = forward(z)
    exact = backward(z, a, weights)
    numeric = gradients.central_difference(
        lambda t: float(np.sum(weights * forward(t))), z
    )
    np.testing.assert_allclose(exact, numeric, rtol=1e-5, atol=1e-7)


@BUDGET
@given(st.integers(0, 10_000), st.floats(1e-3, 1.0))
def test_full_batch_nn_runs_finish_or_record_divergence(seed, rate):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, 2))
    labels = rng.integers(0, 2, size=6)
    net = nn.build([2, 3, 2], ["tanh", "softmax"], seed=seed)
    history = nn.fit(net, SGD(rate), X, labels, epochs=5, batch_size=6)
    if history.diverged_at is None:
        assert np.isfinite(history.loss).all() and history.loss.size == 5
        assert not divergence.diverged(history.loss[0], history.loss[-1], 16.2)
    else:
        assert 0 <= history.diverged_at <= 5
