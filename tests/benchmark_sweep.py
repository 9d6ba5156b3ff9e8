"""Benchmark: a sweep of many learning rates, vectorized, against the book's replica.

    .venv/bin/python -m tests.benchmark_sweep            # 1,000 rates x 1,000 epochs
    .venv/bin/python -m tests.benchmark_sweep --replica-rates 1000   # the full replica

lrdoc's sweep runs every rate in one array computation. The replica of *Modern Computer
Vision with PyTorch* runs one rate at a time, a parameter at a time, so by default it is
timed on a sample of rates and scaled up to the same work (it grows linearly in rates).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from lrdoc import data, training
from lrdoc.replicas import mcvp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", type=int, default=1000)
    parser.add_argument("--epochs", type=int, default=1000)
    parser.add_argument("--replica-rates", type=int, default=10)
    args = parser.parse_args()

    x, y = data.linear_toy()
    rates = np.geomspace(1e-4, 0.1, args.rates)

    start = time.perf_counter()
    training.sweep(x, y, rates, epochs=args.epochs)
    vectorized = time.perf_counter() - start

    sample = rates[:: max(1, args.rates // args.replica_rates)][: args.replica_rates]
    start = time.perf_counter()
    for rate in sample:
        mcvp.train(float(rate), epochs=args.epochs)
    replica = (time.perf_counter() - start) * args.rates / len(sample)

    work = f"{args.rates} rates x {args.epochs} epochs"
    print(f"lrdoc.training.sweep, vectorized   {work}: {vectorized:8.3f} s")
    scaled = "" if len(sample) == args.rates else f" (timed on {len(sample)}, scaled)"
    print(f"lrdoc.replicas.mcvp, one by one    {work}: {replica:8.3f} s{scaled}")
    print(f"speed-up: {replica / vectorized:,.0f}x")


if __name__ == "__main__":
    main()
