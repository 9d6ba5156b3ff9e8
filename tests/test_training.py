"""The clean engine: exact results, named errors, divergence as a result, speed."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from lrdoc import analysis, data, gradients, losses, models, training
from lrdoc.replicas import mcvp

X, Y = data.linear_toy()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"learning_rate": 0.0},
            ValueError,
            "learning_rate must be a finite number > 0, got 0.0",
        ),
        (
            {"learning_rate": -0.1},
            ValueError,
            "learning_rate must be a finite number > 0, got -0.1",
        ),
        ({"learning_rate": float("nan")}, ValueError, "got nan"),
        ({"learning_rate": float("inf")}, ValueError, "got inf"),
        (
            {"learning_rate": "0.1"},
            TypeError,
            "learning_rate must be a real number, got '0.1'",
        ),
        ({"epochs": 0}, ValueError, "epochs must be >= 1, got 0"),
        ({"epochs": 2.5}, TypeError, "epochs must be an integer, got 2.5"),
        ({"y": Y[:3]}, ValueError, "x and y must have the same length, got 4 and 3"),
        ({"x": np.array(["a"] * 4)}, TypeError, "x must hold real numbers"),
        ({"w0": float("nan")}, ValueError, "w0 must be finite, got nan"),
    ],
)
def test_bad_input_names_the_parameter_and_value(kwargs, error, message):
    arguments = {"x": X, "y": Y, "learning_rate": 0.1, "epochs": 10, **kwargs}
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        training.gradient_descent(**arguments)


def test_sweep_rejects_a_bad_rate_by_index():
    with pytest.raises(ValueError, match="got -1.0 at index 1"):
        training.sweep(X, Y, [0.1, -1.0], epochs=5)


def test_a_schedule_is_a_function_from_step_to_rate():
    run = training.gradient_descent(X, Y, lambda t: 0.1 / (1 + t), epochs=3)
    np.testing.assert_allclose(run.learning_rates, [0.1, 0.05, 0.1 / 3])
    with pytest.raises(
        ValueError, match=r"learning_rate\(2\) must be a finite number >= 0"
    ):
        training.gradient_descent(X, Y, lambda t: 0.1 - 0.06 * t, epochs=3)


def test_divergence_is_reported_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = training.gradient_descent(X, Y, 1.0, epochs=1000)
    assert run.diverged_at == 128
    assert run.status == "loss became non-finite at epoch 128"
    assert len(run.weights) == 129 and np.isfinite(run.losses[:-1]).all()
    assert not np.isfinite(run.losses[-1])


def test_engine_matches_the_textbook_formulas():
    run = training.gradient_descent(X, Y, 0.05, epochs=3)
    w, b = 0.0, 0.0
    for t in range(3):
        dw, db = gradients.mse_linear(X, Y, w, b)
        w, b = w - 0.05 * dw, b - 0.05 * db
        assert run.weights[t + 1] == pytest.approx(w, rel=1e-12)
        assert run.losses[t + 1] == pytest.approx(losses.mse(models.linear(X, w, b), Y))


def test_exact_gradient_agrees_with_central_differences():
    for w, b in [(0.0, 0.0), (2.5, -1.0), (-3.0, 4.0)]:
        exact = gradients.mse_linear(X, Y, w, b)
        numeric = gradients.central_difference(
            lambda t: losses.mse(models.linear(X, t[0], t[1]), Y), [w, b]
        )
        np.testing.assert_allclose(exact, numeric, rtol=1e-7)


def test_sweep_equals_one_run_per_rate():
    rates = [0.01, 0.05, 0.1]
    result = training.sweep(X, Y, rates, epochs=50)
    for i, rate in enumerate(rates):
        run = training.gradient_descent(X, Y, rate, epochs=50)
        assert result.weights[i] == run.weights[-1]
        assert result.losses[i] == pytest.approx(run.losses[-1], rel=1e-14)


def test_stability_bound_separates_converging_from_diverging_rates():
    bound = analysis.stability_bound(X)
    result = training.sweep(X, Y, [0.99 * bound, 1.01 * bound], epochs=3000)
    assert result.losses[0] < 1e-3 and result.losses[1] > result.loss_curves[0, 1]


def test_replica_reproduces_the_books_printed_first_epoch():
    for rate, printed in [(0.01, 0.45), (0.1, 4.5), (1.0, 45.0)]:
        weights, trace = mcvp.train(rate, epochs=1)
        assert round(float(weights[0]), 2) == printed
        assert trace[0].gradient == pytest.approx(-45.0, abs=1e-3)


def test_replica_weight_is_stuck_from_epoch_three_at_rate_one():
    weights, _ = mcvp.train(1.0, epochs=50)
    assert (weights[2:] == weights[2]).all()
    from lrdoc.experiments.mcvp import nudge_is_lost

    assert nudge_is_lost(float(weights[2]))


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_sweep_equals_one_run_per_pair_and_a_plain_loop(nesterov):
    rates, betas = np.array([0.02, 0.1, 0.2]), np.array([0.0, 0.5, 0.9])
    result = training.sweep(
        X, Y, rates[:, None], epochs=60, momentum=betas[None, :], nesterov=nesterov
    )
    assert result.shape == (3, 3)
    grid = result.weights.reshape(result.shape)
    for i, rate in enumerate(rates):
        for j, beta in enumerate(betas):
            run = training.gradient_descent(
                X, Y, rate, epochs=60, momentum=beta, nesterov=nesterov
            )
            w = b = vw = vb = 0.0
            for _ in range(60):
                at_w, at_b = (w + beta * vw, b + beta * vb) if nesterov else (w, b)
                dw, db = gradients.mse_linear(X, Y, at_w, at_b)
                vw, vb = beta * vw - rate * dw, beta * vb - rate * db
                w, b = w + vw, b + vb
            assert run.weights[-1] == pytest.approx(w, rel=1e-9)
            assert grid[i, j] == pytest.approx(run.weights[-1], rel=1e-12)


def test_momentum_bound_separates_converging_from_diverging_pairs():
    betas = np.array([0.0, 0.5, 0.9])
    bounds = np.array([analysis.momentum_bound(X, beta) for beta in betas])
    result = training.sweep(
        X, Y, np.stack([0.98 * bounds, 1.02 * bounds]), epochs=4000, momentum=betas
    )
    final = result.losses.reshape(result.shape)
    assert (final[0] < 1e-6).all()
    assert not (final[1] < result.loss_curves[0, 0]).any()


def test_optimal_momentum_beats_the_fastest_constant_rate_as_theory_says():
    rate, beta = analysis.optimal_momentum(X)
    fastest = analysis.fastest_rate(X)
    result = training.sweep(X, Y, [fastest, rate], epochs=3000, momentum=[0.0, beta])
    gd, heavy = result.epochs_to(1e-20)
    assert 0 < heavy < gd
    assert analysis.contraction(X, rate, beta) == pytest.approx(
        analysis.optimal_momentum_contraction(X), rel=1e-6
    )


def test_sweep_names_bad_momentum_and_shapes():
    with pytest.raises(ValueError, match=r"momentum must hold numbers in \[0, 1\)"):
        training.sweep(X, Y, [0.1], 5, momentum=[0.5, 1.0])
    with pytest.raises(ValueError, match="must broadcast together"):
        training.sweep(X, Y, [0.1, 0.2], 5, momentum=[0.1, 0.2, 0.3])
    with pytest.raises(TypeError, match="nesterov must be True or False"):
        training.sweep(X, Y, [0.1], 5, nesterov="yes")
