"""Benchmark: the choosing page's experiments, each timed from a cold cache.

    .venv/bin/python -m tests.benchmark_choosing

Every sweep trains rates × 10 seeds at once (a stack, lrdoc.nn.stack). For comparison, the
iris SGD sweep is also timed one network at a time with lrdoc.nn on a sample of its
models, and scaled up to the same work.
"""

from __future__ import annotations

import time

import numpy as np

from lrdoc import nn
from lrdoc.experiments import choosing
from lrdoc.optimizers import SGD

STEPS = (
    ("sweep iris SGD", lambda: choosing.sweep("iris")),
    ("range tests iris", lambda: choosing.range_tests("iris")),
    ("one-cycle", choosing.one_cycle),
    ("warmup", choosing.warmup),
    (
        "range tests deeplizard (+ its sweep)",
        lambda: choosing.range_tests("deeplizard"),
    ),
    ("Adam and SGD (2 more sweeps)", choosing.adam_and_sgd),
    ("units (2 more sweeps)", choosing.units),
    ("batch sizes (4 more sweeps)", choosing.batch_scaling),
)


def main() -> None:
    total_wall, total_cpu = 0.0, 0.0
    for label, run in STEPS:
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        total_wall += wall
        total_cpu += cpu
        print(f"{label:<40} {wall:6.2f} s wall  {cpu:6.2f} s cpu")
    print(
        f"{'all experiments of the page':<40} {total_wall:6.2f} s wall  "
        f"{total_cpu:6.2f} s cpu"
    )

    X, y = choosing.training_data("iris")
    sample = 5
    start = time.process_time()
    for seed in range(sample):
        net = nn.build([4, 50, 12, 3], ["relu", "relu", "softmax"], seed=seed)
        nn.fit(net, SGD(0.01), X, y, epochs=20, batch_size=32, seed=seed)
        nn.evaluate(net, X, y, "sparse_categorical_crossentropy")
    per_model = (time.process_time() - start) / sample
    models = len(choosing.GRIDS[("iris", "sgd")]) * len(choosing.SEEDS)
    print(
        f"iris SGD sweep one network at a time (lrdoc.nn, {models} models, "
        f"scaled from {sample}): {per_model * models:.2f} s cpu"
    )
    assert np.isfinite(per_model)


if __name__ == "__main__":
    main()
