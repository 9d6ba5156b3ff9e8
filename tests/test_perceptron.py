"""The clipped-linear perceptron (lrdoc.perceptron). The Gad replica: tests/test_gad.py."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrdoc import perceptron

X = [60.0, 40.0, 100.0, 300.0, -50.0, 310.0]
Y = [60.0, 40.0, 100.0, 250.0, -50.0, 250.0]


def test_clipped_linear_clips_from_above_only():
    out = perceptron.clipped_linear([-1e9, 249.9, 250.0, 250.1, np.nan])
    assert out[:4].tolist() == [-1e9, 249.9, 250.0, 250.0]
    assert math.isnan(out[4])


def test_delta_update_moves_each_parameter_by_its_own_input():
    b, w, e = perceptron.delta_update(1.0, 2.0, x=3.0, target=10.0, learning_rate=0.1)
    assert e == pytest.approx(3.0)  # 10 - (1 + 2*3)
    assert (b, w) == pytest.approx((1.3, 2.9))


def test_delta_update_shrinks_own_error_by_the_predicted_factor():
    x, rate = 7.0, 0.01
    b, w, e = perceptron.delta_update(0.0, 0.0, x=x, target=5.0, learning_rate=rate)
    after = 5.0 - (b + w * x)
    assert after == pytest.approx(e * perceptron.update_factors([x], rate)[0])


def test_clipped_sample_does_not_move_the_weights():
    b, w, e = perceptron.delta_update(
        0.0, 1.0, x=300.0, target=250.0, learning_rate=1.0
    )
    assert (b, w, e) == (0.0, 1.0, 0.0)


def test_train_converges_on_the_described_targets():
    run = perceptron.train(X, Y, 0.0001, bias0=0.05, weight0=0.1)
    assert run.converged and run.diverged_at is None
    assert run.mean_abs_errors[-1] < 0.01
    assert run.iterations == run.passes * 6
    assert perceptron.predict([10.0, -160.0], run.biases[-1], run.weights[-1]) == (
        pytest.approx([10.0, -160.0], abs=0.1)
    )


def test_train_reports_divergence_as_a_status():
    run = perceptron.train(X, Y, 1.0, bias0=0.05, weight0=0.1)
    assert run.diverged_at == 36
    assert run.status == "weights became non-finite in pass 36"


def test_sweep_agrees_with_train_pass_by_pass():
    rates = [0.00001, 0.0001]
    result = perceptron.sweep(X, Y, rates, iterations=60, bias0=0.05, weight0=0.1)
    for i, rate in enumerate(rates):
        run = perceptron.train(X, Y, rate, max_passes=10, bias0=0.05, weight0=0.1)
        assert result.weights[i] == pytest.approx(run.weights[-1], rel=1e-12)
        assert result.biases[i] == pytest.approx(run.biases[-1], rel=1e-12)


def test_stability_bound_is_where_the_largest_factor_reaches_minus_one():
    bound = perceptron.stability_bound(X)
    assert perceptron.update_factors(X, bound).min() == pytest.approx(-1.0)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: perceptron.train(X, Y, 0.0), ValueError, "learning_rate must be"),
        (lambda: perceptron.train(X, Y, 0.1, tolerance=-1), ValueError, "tolerance"),
        (lambda: perceptron.train(X, Y, 0.1, max_passes=0), ValueError, "max_passes"),
        (lambda: perceptron.train(X, Y[:5], 0.1), ValueError, "same length"),
        (lambda: perceptron.train(["a"], ["b"], 0.1), TypeError, "x must hold real"),
        (
            lambda: perceptron.train([np.inf], [1.0], 0.1),
            ValueError,
            "x must hold finite",
        ),
        (lambda: perceptron.train(X, Y, 0.1, bias0=np.nan), ValueError, "bias0"),
        (
            lambda: perceptron.predict(X, 0.0, 1.0, ceiling=np.nan),
            ValueError,
            "ceiling",
        ),
        (lambda: perceptron.sweep(X, Y, [], 10), ValueError, "learning_rates"),
        (lambda: perceptron.sweep(X, Y, [0.1], 0), ValueError, "iterations"),
        (lambda: perceptron.stability_bound([[1.0]]), ValueError, "x must be"),
        (lambda: perceptron.delta_update(0, 0, True, 1, 0.1), TypeError, "x must be"),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
