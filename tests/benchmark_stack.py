"""Benchmark: the stacked trainer against PyTorch on the choosing page's iris sweep.

    .venv/bin/python -m tests.benchmark_stack

90 networks (9 rates × 10 seeds; 4-50-12-3, ReLU, softmax), 20 epochs of batches of
32, each seed with its own batch order, then each network evaluated on the training
set: lrdoc's ``choosing.sweep("iris")`` (one stack, :mod:`lrdoc.nn.stack`) is timed
here, uncached. PyTorch is not an lrdoc dependency: its time is the one
``tests/reference/torch_stacked_sweep.py`` printed in a scratch environment (the same
work: batched matrix products, autograd, float64), recorded below.

On a shared machine wall time measures the neighbours; the CPU time of the process
(all its threads) measures the work. Both are printed.
"""

from __future__ import annotations

import time

from lrdoc.experiments import choosing

TORCH = {
    "version": "torch 2.13.0+cpu, float64",
    "1 thread": {"wall": 0.153, "cpu": 0.153},
    "2 threads": {"wall": 0.115, "cpu": 0.231},
    "measured": "2026-12-05, 2 cores, idle",
}
"""Best of 7 runs of tests/reference/torch_stacked_sweep.py (2 threads) and of the
same sweep with ``torch.set_num_threads(1)``, three times each, interleaved with
this script: the lowest of each. lrdoc's sweep then took 0.112-0.116 s, one
thread (0.137-0.142 s before the samples-first layout and the in-place ReLU of
5 December). Issue 19 names PyTorch 2.15; the CPU build at hand here is 2.13 (a
newer wheel is a CUDA build of several GB, and this machine's pip caps torch at
2.14.1)."""


def main() -> None:
    run = choosing.sweep.__wrapped__  # the sweep itself, not its cache
    run("iris")
    wall, cpu = [], []
    for _ in range(7):
        start, start_cpu = time.perf_counter(), time.process_time()
        run("iris")
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(f"lrdoc   iris sweep: best {min(wall):.3f} s wall, {min(cpu):.3f} s cpu")
    for threads in ("1 thread", "2 threads"):
        t = TORCH[threads]
        print(
            f"PyTorch ({threads}, recorded): {t['wall']:.3f} s wall, {t['cpu']:.3f} s cpu"
        )
    print(f"({TORCH['version']}; {TORCH['measured']})")


if __name__ == "__main__":
    main()
