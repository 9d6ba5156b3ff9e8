"""Gad's one-neuron perceptron, recomputed from the article's description alone.

Plain numpy and Python, written from the article's text and listing: the six
samples, the clipped activation, the update that adds eta * (y - prediction) * x to
the bias and the weight, and the loop "while iteration < 2000 or error >= 0.01". The
only lrdoc import is the experiments module whose values are compared.
"""

from __future__ import annotations

import math

import numpy as np

from lrdoc.experiments import gad as results

X = [60, 40, 100, 300, -50, 310]
Y = [60, 40, 150, 250, -50, 250]
TEXT_Y = [min(x, 250) for x in X]


def clip(z):
    return 250 if z > 250 else z


def article_loop(eta):
    """The article's loop; eta None leaves the factor out. Returns updates, weights, error."""
    b, w, error, i, n = 0.05, 0.1, 1.0, 0, 0
    first_inf = first_nan = None
    while n < 2000 or error >= 0.01:
        x, y = X[i], Y[i]
        predicted = clip(b + w * x)
        error = abs(y - predicted)
        change = (y - predicted) * x * (1.0 if eta is None else eta)
        b, w = b + change, w + change
        n += 1
        if first_inf is None and (math.isinf(b) or math.isinf(w)):
            first_inf = n
        if first_nan is None and (math.isnan(b) or math.isnan(w)):
            first_nan = n
        i = (i + 1) % 6
    return n, b, w, error, first_inf, first_nan


def delta_rule(eta, tolerance=0.01):
    """The corrected program: delta rule, the text's targets, mean error per pass."""
    b, w, passes = 0.05, 0.1, 0
    while True:
        for x, y in zip(X, TEXT_Y, strict=True):
            e = y - clip(b + w * x)
            b, w = b + eta * e, w + eta * e * x
        passes += 1
        if (
            sum(abs(y - clip(b + w * x)) for x, y in zip(X, TEXT_Y, strict=True)) / 6
            < tolerance
        ):
            return passes, b, w


def test_no_rate_overflows_and_the_loop_stops_anyway():
    with np.errstate(all="ignore"):
        n, b, w, error, first_inf, first_nan = article_loop(None)
    expected = results.no_rate()
    assert (n, first_inf, first_nan) == (
        expected.iterations,
        expected.first_infinite,
        expected.first_nan,
    )
    assert math.isnan(error) and math.isnan(expected.error)


def test_article_rate_run_and_test_predictions():
    n, b, w, error, _, _ = article_loop(0.00001)
    expected = results.published()
    assert n == expected.iterations == 2002
    np.testing.assert_allclose([b, w], expected.weights, rtol=1e-12)
    predicted = [clip(b + w * x) for x in (10, 240, 550, -160)]
    np.testing.assert_allclose(predicted, expected.predicted, rtol=1e-12)
    train = np.mean([abs(y - clip(b + w * x)) for x, y in zip(X, Y, strict=True)])
    assert math.isclose(train, expected.train_error, rel_tol=1e-12)


def test_corrected_program_converges_where_the_page_says():
    passes, b, w = delta_rule(0.00001)
    expected = results.corrected()
    assert 6 * passes == expected.iterations
    assert math.isclose(b, expected.bias, rel_tol=1e-9)
    assert math.isclose(w, expected.weight, rel_tol=1e-9)


def test_sweep_edge_where_training_error_grows():
    rates = np.geomspace(1e-6, 1e-2, 401)
    b = np.full(rates.size, 0.05)
    w = np.full(rates.size, 0.1)
    with np.errstate(all="ignore"):
        for t in range(2002):
            x, y = X[t % 6], Y[t % 6]
            z = b + w * x
            change = rates * (y - np.minimum(z, 250)) * x
            b, w = b + change, w + change
        z = b[:, None] + w[:, None] * np.array(X)
        errors = np.mean(np.abs(np.array(Y) - np.minimum(z, 250)), axis=1)
    start = np.mean([abs(y - clip(0.05 + 0.1 * x)) for x, y in zip(X, Y, strict=True)])
    grew = ~(errors < start)
    expected = results.rate_sweep()
    assert math.isclose(start, expected.published_start, rel_tol=1e-12)
    assert (rates[~grew].max(), rates[grew].min()) == expected.published_edge


def test_per_update_bound():
    bound = 2 / max(x * (1 + x) for x in X)
    assert math.isclose(bound, results.bounds().bound, rel_tol=1e-12)
