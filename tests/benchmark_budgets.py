"""Benchmark: the wall-clock budgets that used to be asserts inside unit tests.

    .venv/bin/python -m tests.benchmark_budgets           # print each time and budget
    .venv/bin/python -m tests.benchmark_budgets --check   # exit 1 if one is over

A time measures the machine as much as the code, so it is not a unit test: run this
on a quiet machine after a change to the engine's hot loops. Each case is timed as the
best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

import numpy as np

from lrdoc import data, nn, training
from lrdoc.optimizers import SGD


def sweep_thousand_by_thousand() -> None:
    """1,000 learning rates x 1,000 epochs of the line fit, in one sweep."""
    x, y = data.linear_toy()
    training.sweep(x, y, np.geomspace(1e-4, 1.0, 1000), epochs=1000)


def iris_twenty_epochs() -> None:
    """Build the 4-50-12-3 network and train it 20 epochs on iris."""
    X, y = data.iris()
    net = nn.build([4, 50, 12, 3], ["relu", "relu", "softmax"], seed=0)
    nn.fit(
        net, SGD(0.1), X[:112], y[:112], epochs=20, validation_data=(X[112:], y[112:])
    )


def too_large_runs_refused() -> None:
    """Four runs over the size limit, each refused before any work."""
    x, y = data.linear_toy()
    for call in (
        lambda: training.gradient_descent(x, y, 0.1, epochs=10**10),
        lambda: training.sweep(x, y, np.geomspace(1e-3, 0.1, 1000), epochs=10**6),
    ):
        try:
            call()
        except ValueError:
            pass


def divergence_stops_the_run() -> None:
    """Rate 1 on the line fit for 2,000,000 epochs: it stops at epoch 128."""
    x, y = data.linear_toy()
    training.gradient_descent(x, y, 1.0, epochs=2_000_000)


BUDGETS: dict[str, tuple[Callable[[], None], float]] = {
    "training.sweep, 1000 rates x 1000 epochs": (sweep_thousand_by_thousand, 1.0),
    "nn.fit, iris, 20 epochs": (iris_twenty_epochs, 0.5),
    "too-large runs refused up front": (too_large_runs_refused, 1.0),
    "a diverging run of 2e6 epochs stops": (divergence_stops_the_run, 2.0),
}
"""Each case and its budget in seconds (from tests/test_training.py, tests/test_nn.py
and tests/test_validation.py)."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if over budget")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    over = 0
    for name, (case, budget) in BUDGETS.items():
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            case()
            times.append(time.perf_counter() - start)
        best = min(times)
        verdict = "ok" if best < budget else "OVER BUDGET"
        over += best >= budget
        print(f"{name:45s} {best:7.3f} s  (budget {budget:.1f} s)  {verdict}")
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
