"""Regression tests for issue 12, "The engine": one test (or one table) per item.

Every bad input gets a ValueError or TypeError that names the parameter; divergence
is a record (``None`` for never, 0 for the start); nothing leaks a RuntimeWarning
(pytest turns them into errors here as everywhere).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from lrdoc import (
    analysis,
    data,
    gradients,
    losses,
    models,
    nn,
    perceptron,
    schedules,
    tables,
    training,
)
from lrdoc.optimizers import SGD, Adam

X, Y = data.linear_toy()
HUGE = 10**400


@pytest.fixture(autouse=True)
def _no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# A divergence record that lies --------------------------------------------------


def test_nan_in_data_is_bad_input_not_a_finished_run():
    with pytest.raises(
        ValueError, match="x must hold finite numbers, got nan at index 0"
    ):
        training.gradient_descent([np.nan, 2, 3, 4], Y, 0.01, 5)
    with pytest.raises(ValueError, match="y must hold finite numbers, got inf"):
        training.sweep(X, [3, 6, np.inf, 12], [0.01], 5)


def test_a_non_finite_start_is_divergence_at_epoch_zero():
    run = training.gradient_descent(X, Y, 0.01, 5, w0=1e200)
    assert run.diverged_at == 0
    assert run.status == "loss became non-finite at epoch 0"
    assert run.learning_rates.size == 0 and run.weights.tolist() == [1e200]


def test_sweep_records_never_as_nan_and_the_start_as_zero():
    result = training.sweep(X, Y, [0.01, 1.0], 200)
    assert np.isnan(result.diverged_at[0]) and result.diverged_at[1] == 128
    assert result.diverged.tolist() == [False, True]
    start = training.sweep(X, Y, [0.01, 0.1], 5, w0=1e200)
    assert start.diverged_at.tolist() == [0.0, 0.0]
    x, y = [60, 40, 100, 300, -50, 310], [60, 40, 100, 250, -50, 250]
    grown = perceptron.sweep(x, y, [0.0001, 0.001], 1200, bias0=0.05, weight0=0.1)
    assert np.isnan(grown.diverged_at[0]) and grown.diverged_at[1] == 857


def test_every_trainer_says_none_for_never():
    assert training.gradient_descent(X, Y, 0.01, 5).diverged_at is None
    assert perceptron.train([1.0, 2.0], [1.0, 2.0], 0.01).diverged_at is None
    net = nn.build([1, 2], ["softmax"], seed=0)
    history = nn.fit(net, SGD(0.1), [[0.0], [1.0]], [0, 1], epochs=2)
    assert history.diverged_at is None


def test_nn_divergence_at_the_start_is_epoch_zero():
    net = nn.Network([nn.Dense([[1e200, -1e200]], [0.0, 0.0], "linear")])
    history = nn.fit(net, SGD(0.1), [[1e200]], [[0.0, 0.0]], epochs=3, loss="mse")
    assert history.diverged_at == 0 and history.loss.size == 0


# Gaps in validation --------------------------------------------------------------

EMPTY = [
    ("gradient_descent", lambda: training.gradient_descent([], [], 0.1, 5), "x"),
    ("sweep", lambda: training.sweep([], [], [0.1], 5), "x"),
    ("hessian", lambda: analysis.hessian_mse_linear([]), "x"),
    ("curvatures", lambda: analysis.curvatures([]), "x"),
    ("stability_bound", lambda: analysis.stability_bound([]), "x"),
    ("fastest_rate", lambda: analysis.fastest_rate([]), "x"),
    ("contraction", lambda: analysis.contraction([], 0.1), "x"),
    ("condition_number", lambda: analysis.condition_number([]), "x"),
    ("momentum_bound", lambda: analysis.momentum_bound([], 0.5), "x"),
    ("optimal_momentum", lambda: analysis.optimal_momentum([]), "x"),
    ("fastest_contraction", lambda: analysis.fastest_contraction([]), "x"),
    (
        "optimal_momentum_contraction",
        lambda: analysis.optimal_momentum_contraction([]),
        "x",
    ),
    (
        "fit",
        lambda: nn.fit(
            nn.build([1, 2], ["softmax"]), SGD(0.1), np.empty((0, 1)), [], 1
        ),
        "X",
    ),
    ("linear", lambda: models.linear([], 1.0, 0.0), "x"),
    ("mse", lambda: losses.mse([], []), "y"),
    ("mse_linear", lambda: gradients.mse_linear([], [], 0.0, 0.0), "x"),
    ("perceptron.sweep", lambda: perceptron.sweep([], [], [0.1], 5), "x"),
]


@pytest.mark.parametrize(("label", "call", "name"), EMPTY, ids=[e[0] for e in EMPTY])
def test_empty_input_is_a_named_value_error(label, call, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        call()


ANALYSIS = [
    analysis.hessian_mse_linear,
    analysis.curvatures,
    analysis.stability_bound,
    analysis.fastest_rate,
    analysis.condition_number,
    analysis.optimal_momentum,
    analysis.fastest_contraction,
    analysis.optimal_momentum_contraction,
    lambda x: analysis.contraction(x, 0.1),
    lambda x: analysis.momentum_bound(x, 0.5),
]


@pytest.mark.parametrize("function", ANALYSIS)
def test_analysis_refuses_nan_2d_and_overflowing_input(function):
    with pytest.raises(ValueError, match="x must hold finite numbers, got nan"):
        function([1.0, np.nan])
    with pytest.raises(ValueError, match=r"x must be a non-empty 1-d array"):
        function([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(ValueError, match="x is too large"):
        function([1e200])


def test_models_losses_gradients_check_their_arguments():
    with pytest.raises(TypeError, match="w must hold real numbers"):
        models.linear(X, None, 0.0)
    with pytest.raises(ValueError, match="w and b must have the same shape"):
        models.linear(X, [1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match="prediction must have n = 4 entries"):
        losses.mse([1.0], Y)
    with pytest.raises(TypeError, match="y must hold real numbers"):
        losses.mse(X, None)
    with pytest.raises(ValueError, match="x and y must have the same length"):
        gradients.mse_linear(X, [1.0], 0.0, 0.0)
    with pytest.raises(TypeError, match="b must hold real numbers"):
        gradients.mse_linear(X, Y, 0.0, None)


def test_central_difference_refuses_a_zero_step():
    with pytest.raises(ValueError, match="step must be a finite number > 0, got 0"):
        gradients.central_difference(lambda t: 0.0, [1.0], step=0)
    with pytest.raises(TypeError, match="f must be a function"):
        gradients.central_difference(None, [1.0])


HUGE_CALLS = [
    ("learning_rate", lambda: training.gradient_descent(X, Y, HUGE, 5)),
    ("w0", lambda: training.gradient_descent(X, Y, 0.1, 5, w0=HUGE)),
    ("epochs", lambda: training.gradient_descent(X, Y, 0.1, HUGE)),
    ("x", lambda: training.gradient_descent([HUGE, 1, 2, 3], Y, 0.1, 5)),
    ("momentum", lambda: training.gradient_descent(X, Y, 0.1, 5, momentum=HUGE)),
    ("learning_rates", lambda: training.sweep(X, Y, [HUGE], 5)),
    ("epochs", lambda: training.sweep(X, Y, [0.1], HUGE)),
    ("momentum", lambda: analysis.momentum_bound(X, HUGE)),
    ("learning_rate", lambda: analysis.contraction(X, HUGE)),
    ("initial", lambda: schedules.cosine(HUGE, 10)),
    ("step", lambda: schedules.step_decay(0.1, 10, 0.5)(HUGE)),
    ("learning_rate", lambda: SGD(HUGE)),
    ("decay", lambda: SGD(0.1, decay=HUGE)),
    ("epsilon", lambda: Adam(epsilon=HUGE)),
    ("l2", lambda: nn.build([1, 2], ["softmax"], l2=HUGE)),
    (
        "epochs",
        lambda: nn.fit(nn.build([1, 2], ["softmax"]), SGD(0.1), [[0.0]], [0], HUGE),
    ),
    ("bias0", lambda: perceptron.train([1.0], [1.0], 0.1, bias0=HUGE)),
    ("max_passes", lambda: perceptron.train([1.0], [1.0], 0.1, max_passes=HUGE)),
    ("iterations", lambda: perceptron.sweep([1.0], [1.0], [0.1], iterations=HUGE)),
    ("n", lambda: data.clinical_trial(n=HUGE)),
    ("n", lambda: data.train_test_split_indices(HUGE, 0.2, 0)),
    ("seed", lambda: data.train_test_split_indices(10, 0.2, seed=HUGE)),
    ("digits", lambda: tables.format_table(["a"], [(1.0,)], digits=HUGE)),
    ("w", lambda: models.linear(X, HUGE, 0.0)),
]


@pytest.mark.parametrize(("name", "call"), HUGE_CALLS, ids=[c[0] for c in HUGE_CALLS])
def test_huge_python_ints_give_a_named_value_error_not_overflow(name, call):
    with pytest.raises(ValueError) as caught:
        call()
    message = str(caught.value)
    assert name in message and len(message) < 300


@pytest.mark.parametrize(
    "call",
    [
        lambda m: training.gradient_descent(m, Y, 0.1, 5),
        lambda m: training.sweep(X, Y, m, 5),
        lambda m: analysis.stability_bound(m),
        lambda m: perceptron.sweep(m, Y, [0.1], 5),
        lambda m: models.linear(m, 1.0, 0.0),
    ],
)
def test_masked_arrays_are_refused_not_silently_unmasked(call):
    masked = np.ma.masked_array([0.1, 0.2, 0.3, 0.4], mask=[0, 1, 0, 0])
    with pytest.raises(TypeError, match="not a masked array"):
        call(masked)


# No resource limits ------------------------------------------------------------


def test_run_size_limit_is_checked_up_front():
    # Each raises before any work: a run of 10**10 epochs could not return at all.
    with pytest.raises(ValueError, match="run too large: epochs"):
        training.gradient_descent(X, Y, 0.1, epochs=10**10)
    with pytest.raises(ValueError, match="run too large: epochs × runs × 2"):
        training.sweep(X, Y, np.geomspace(1e-3, 0.1, 1000), epochs=10**6)
    with pytest.raises(ValueError, match="run too large: iterations"):
        perceptron.sweep([1.0], [1.0], np.full(1000, 0.1), iterations=10**6)
    with pytest.raises(ValueError, match="run too large: epochs × batches"):
        nn.fit(nn.build([4, 50, 3], ["relu", "softmax"]), SGD(0.1), *data.iris(), 10**6)


def test_a_run_stops_at_divergence():
    run = training.gradient_descent(X, Y, 1.0, epochs=2_000_000)
    assert run.diverged_at == 128 and run.weights.size == 129
    result = training.sweep(X, Y, [1.0, 2.0], epochs=1_000_000)
    assert np.isnan(result.loss_curves[200:]).all()


# lrdoc rejects its own schedule -------------------------------------------------


def test_a_schedule_that_reaches_zero_is_accepted_by_every_trainer():
    schedule = schedules.cosine(0.2, 100)
    assert schedule(100) == 0.0
    run = training.gradient_descent(X, Y, schedule, epochs=101)
    assert run.learning_rates[-1] == 0.0 and run.diverged_at is None
    sgd = SGD(schedule)
    sgd.iterations = 100
    assert sgd.current_learning_rate() == 0.0
    negative = lambda t: -0.1  # noqa: E731
    message = r"learning_rate\(0\) must be a finite number >= 0, got -0.1"
    with pytest.raises(ValueError, match=message):
        training.gradient_descent(X, Y, negative, epochs=3)
    with pytest.raises(ValueError, match=message):
        SGD(negative).current_learning_rate()


# nn messages and order ------------------------------------------------------------


def test_nn_labels_inf_is_a_named_error_without_a_warning():
    with pytest.raises(ValueError, match="labels must hold finite numbers, got inf"):
        nn.sparse_categorical_crossentropy([[0.5, 0.5]], [np.inf])
    net = nn.build([1, 2], ["softmax"])
    with pytest.raises(ValueError, match="y must hold finite numbers, got inf"):
        nn.fit(net, SGD(0.1), [[0.0]], [np.inf], epochs=1)


def test_nn_messages_use_the_real_parameter_names():
    net = nn.build([1, 2], ["softmax"])
    with pytest.raises(ValueError, match="^loss must be one of"):
        nn.fit(net, SGD(0.1), [[0.0]], [0], epochs=1, loss="hinge")
    with pytest.raises(ValueError, match="^loss_name must be one of"):
        net.loss([[0.0]], [0], "hinge")
    with pytest.raises(ValueError, match="^labels must hold integer labels in 0..1"):
        nn.sparse_categorical_crossentropy([[0.5, 0.5]], [2])


def test_nan_in_X_is_bad_input_not_divergence():
    net = nn.build([1, 2], ["softmax"])
    with pytest.raises(ValueError, match="X must hold finite numbers, got nan"):
        nn.fit(net, SGD(0.1), [[0.0], [np.nan]], [0, 1], epochs=1)


def test_validation_data_is_checked_before_training_starts():
    X_iris, y_iris = data.iris()
    net = nn.build([4, 8, 3], ["relu", "softmax"], seed=0)
    before = [p.copy() for p in net.params()]
    with pytest.raises(ValueError, match=r"validation_data\[0\] must have shape"):
        nn.fit(
            net, SGD(0.1), X_iris, y_iris, 1, validation_data=(X_iris[:, :2], y_iris)
        )
    with pytest.raises(ValueError, match=r"validation_data\[1\] must hold integer"):
        nn.fit(net, SGD(0.1), X_iris, y_iris, 1, validation_data=(X_iris, y_iris + 5))
    with pytest.raises(TypeError, match="validation_data must be a pair"):
        nn.fit(net, SGD(0.1), X_iris, y_iris, 1, validation_data=X_iris)
    for old, new in zip(before, net.params(), strict=True):
        assert np.array_equal(old, new)


# Optimizers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "optimizer", [SGD(1e300), SGD(1e300, momentum=0.9), Adam(1e300)]
)
def test_optimizers_apply_huge_values_without_warnings(optimizer):
    w = np.array([1e300, -1e300])
    for _ in range(3):
        optimizer.apply([w], [np.array([1e300, np.inf])])
    assert not np.isfinite(w).all()


def test_optimizers_name_bad_params_and_grads():
    with pytest.raises(TypeError, match=r"params\[0\] must be a float numpy array"):
        SGD(0.1).apply([[1.0]], [np.ones(1)])
    with pytest.raises(ValueError, match=r"grads\[0\] must have shape \(2,\)"):
        Adam().apply([np.zeros(2)], [np.ones(3)])
