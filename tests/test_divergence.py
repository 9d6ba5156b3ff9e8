"""Divergence is always said (issue 22, item 2): growth without overflow counts."""

import numpy as np

from lrdoc.divergence import rose
from lrdoc.training import gradient_descent


def test_growth_without_overflow_is_said() -> None:
    x, y = [1.0, 2.0, 3.0, 4.0], [3.0, 6.0, 9.0, 12.0]
    # The stability bound of the mean-square loss on this data is 2 / (2 * mean(x**2 + ...)):
    # take it from the curvature of the loss, 2 * largest eigenvalue of E[[x, 1][x, 1]^T].
    a = np.array([[np.mean(np.square(x)), np.mean(x)], [np.mean(x), 1.0]])
    bound = 2.0 / (2.0 * np.linalg.eigvalsh(a).max())
    run = gradient_descent(x, y, 1.7 * bound, epochs=100)
    assert run.diverged_at is None and np.isfinite(run.losses[-1])
    assert run.status.startswith("diverged: loss rose from ")


def test_converging_run_finishes() -> None:
    run = gradient_descent([1.0, 2.0, 3.0, 4.0], [3.0, 6.0, 9.0, 12.0], 0.1, epochs=10)
    assert run.status.startswith("finished")
    assert not rose(1.0, 1.0)


def test_perceptron_growth_is_said() -> None:
    from lrdoc.perceptron import train

    x, y = [60, 40, 100, 300, -50, 310], [60, 40, 100, 250, -50, 250]
    run = train(x, y, 1.0, max_passes=5, bias0=0.05, weight0=0.1)
    assert run.diverged_at is None
    assert run.status.startswith("diverged: loss rose from 111 to ")
