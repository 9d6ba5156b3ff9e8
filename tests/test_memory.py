"""Memory is bounded by an estimate of bytes (issue 22, item 3).

Every call with size arguments estimates the bytes of its arrays with
lrdoc._checks.memory and refuses more than MAX_BYTES. Here calls estimated just under
the limit run in a fresh interpreter: under ``prlimit --as`` (the interpreter's own
address space plus MAX_BYTES and a margin) they finish, and their peak resident
memory stays within MAX_BYTES of the interpreter's and near MEASURED_PEAK."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from lrdoc import _checks, nn, perceptron, range_test, sharpness, training
from lrdoc.optimizers import SGD

MiB = 2**20
MARGIN = 64 * MiB  # the allocator's spare room and a call's small temporaries

# Each case is estimated just under MAX_BYTES (checked in test_cases_are_near_the_limit).
CASES = {
    "sweep": "training.sweep([1.0, 2.0, 3.0, 4.0], [3.0, 6.0, 9.0, 12.0], "
    "np.linspace(0.01, 0.3, 1000), epochs=16000)",
    "sweep_samples": "training.sweep(np.linspace(0, 1, 10000), np.linspace(0, 2, 10000), "
    "np.linspace(0.01, 0.3, 500), epochs=10)",
    "build": "nn.build([1000, 11000], ['softmax'], seed=0)",
    "fit": "nn.fit(nn.build([100, 20000, 10], ['relu', 'softmax'], seed=0), SGD(0.01), "
    "RNG.normal(size=(100, 100)), RNG.integers(0, 10, 100), epochs=2, batch_size=100)",
    "stack": "nn.fit(nn.stack.build([100, 2000, 10], ['relu', 'softmax'], "
    "seeds=list(range(10))), SGD(0.01), RNG.normal(size=(100, 100)), "
    "RNG.integers(0, 10, 100), epochs=2, batch_size=100, seed=list(range(10)))",
    "hessian": "sharpness.hessian(nn.build([10, 190, 4], ['tanh', 'softmax'], seed=0), "
    "RNG.normal(size=(20, 10)), RNG.integers(0, 4, 20))",
    "range_test": "range_test.range_test(lambda rate: 1.0, num_it=1_550_000, "
    "stop_div=False)",
    "range_tests": "range_test.range_tests(lambda rate: np.ones(100), num_it=59_000, "
    "stop_div=False)",
    "perceptron_sweep": "perceptron.sweep([1.0], [1.0], np.full(1000, 1e-3), "
    "iterations=10_400)",
    "perceptron_train": "perceptron.train([1.0, 1.0], [0.0, 2.0], 1e-3, "
    "max_passes=1_350_000)",
}

PRELUDE = textwrap.dedent(
    """
    import numpy as np
    from lrdoc import _checks, nn, perceptron, range_test, sharpness, training
    from lrdoc.optimizers import SGD
    RNG = np.random.default_rng(0)

    def _status(field):
        with open("/proc/self/status") as status:
            line = next(l for l in status if l.startswith(field))
        return int(line.split()[1]) * 1024

    def vm_peak():
        return _status("VmPeak:")

    def rss_peak():
        # not getrusage's ru_maxrss: it keeps the peak of the process that forked
        return _status("VmHWM:")
    """
)
# one BLAS thread: a many-core machine's per-thread buffers would not measure lrdoc
ENV = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


def _run(code: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", PRELUDE + code]
    if limit is not None:
        command = ["prlimit", f"--as={limit}", *command]
    return subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=300)


def _baseline() -> tuple[int, int]:
    """The interpreter's peak address space and resident memory with lrdoc imported."""
    done = _run("print(vm_peak(), rss_peak())")
    vm, rss = (int(v) for v in done.stdout.split())
    return vm, rss


def _estimate(case: str) -> int:
    """The largest estimate lrdoc._checks.memory makes during the case (run here)."""
    estimates: list[int] = []
    real = _checks.memory

    def spy(what: str, *shapes: object, limit: int | None = None) -> int:
        estimates.append(real(what, *shapes, limit=limit))  # type: ignore[arg-type]
        return estimates[-1]

    names = {"training": training, "nn": nn, "sharpness": sharpness, "np": np}
    names |= {"range_test": range_test, "perceptron": perceptron, "SGD": SGD}
    names["RNG"] = np.random.default_rng(0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_checks, "memory", spy)
        eval(CASES[case], names)  # noqa: S307 (our own literal cases)
    return max(estimates)


def test_the_limit_refuses_with_the_parameters_and_the_estimate() -> None:
    with pytest.raises(
        ValueError, match=r"sweep\(epochs=100000, runs=250, samples=4\)"
    ):
        training.sweep([1.0, 2.0, 3.0, 4.0], [1.0] * 4, np.full(250, 0.1), 100_000)
    with pytest.raises(ValueError, match=r"needs about 1.79 GiB of arrays"):
        x = np.linspace(0, 1, 20_000)
        training.sweep(x, x, np.full(2000, 0.1), epochs=1)
    with pytest.raises(ValueError, match="range test with num_it=1000000000"):
        range_test.range_test(lambda rate: 1.0, num_it=10**9)
    big = nn.build([50, 2000, 10], ["relu", "softmax"])
    with pytest.raises(ValueError, match=r"hessian of a network with 122010 param"):
        sharpness.hessian(big, np.zeros((5, 50)), np.zeros(5))
    wide = nn.build([784, 5000, 10], ["relu", "softmax"])
    with pytest.raises(ValueError, match=r"fit\(epochs=1, batch_size=600\) of 1 model"):
        nn.fit(wide, SGD(0.1), np.zeros((600, 784)), np.zeros(600), 1, 600)
    with pytest.raises(ValueError, match=r"build\(sizes=\[10000, 1500\]\) needs"):
        nn.build([10_000, 1500], ["softmax"])
    with pytest.raises(
        ValueError, match=r"stack build\(sizes=\[1000, 3000\], 8 seeds\)"
    ):
        nn.stack.build([1000, 3000], ["softmax"], seeds=list(range(8)))
    with pytest.raises(ValueError, match=r"train\(max_passes=10000000\) needs"):
        perceptron.train([1.0], [1.0], 0.1, max_passes=10**7)


def test_a_pass_over_too_many_samples_is_refused() -> None:
    net = nn.build([100, 10000, 10], ["relu", "softmax"])
    X, y = np.zeros((2000, 100)), np.zeros(2000)
    for call in (
        lambda: net.forward(X),
        lambda: nn.evaluate(net, X, y, "sparse_categorical_crossentropy"),
        lambda: net.loss_and_gradients(X[:1000], y[:1000], "mse"),
        lambda: sharpness.sharpness(net, X[:1000], y[:1000]),
    ):
        with pytest.raises(ValueError, match=r"pass of \d+ samples \(X\) through"):
            call()
    assert net.forward(X[:100]).shape == (100, 10)  # a smaller pass runs


def test_experiments_and_replicas_with_sizes_refuse_too() -> None:
    from lrdoc.experiments import mcvp
    from lrdoc.replicas import decay, gad

    for call, what in [
        (lambda: mcvp.trace(0.1, epochs=10**8), r"train\(epochs=100000000\)"),
        (lambda: mcvp.trace_differences(0.1, epochs=10**8), "29.8 GiB"),
        (lambda: mcvp.exact_fall_per_epoch(0, 10**7), "gradient_descent"),
        (lambda: gad.training_loop(max_iterations=10**8), "training_loop"),
        (lambda: decay.recursive_truncated(epochs=10**9), "recursive_truncated"),
    ]:
        with pytest.raises(ValueError, match=what):
            call()


@pytest.mark.slow  # each case allocates up to the limit (seconds in all)
@pytest.mark.parametrize("case", sorted(CASES))
def test_cases_are_near_the_limit(case: str) -> None:
    assert 0.75 * _checks.MAX_BYTES < _estimate(case) <= _checks.MAX_BYTES


@pytest.mark.slow  # three interpreters, each allocating up to the limit
@pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs util-linux prlimit")
@pytest.mark.parametrize("case", ["sweep", "hessian", "fit"])
def test_a_call_near_the_limit_runs_under_prlimit(case: str) -> None:
    vm, _ = _baseline()
    limit = vm + _checks.MAX_BYTES + MARGIN
    done = _run(f"{CASES[case]}\nprint('ok')", limit=limit)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
    # and the address limit bites: twice the limit in one array does not fit
    over = _run(f"np.ones({2 * _checks.MAX_BYTES // 8})", limit=limit)
    assert over.returncode != 0 and "MemoryError" in over.stderr


@pytest.mark.slow
def test_the_measured_peak_is_documented() -> None:
    """Every case peaks within MAX_BYTES of the bare interpreter; the largest peak
    is the figure MEASURED_PEAK documents (within 15%: allocators differ)."""
    _, rss = _baseline()
    peaks = {}
    for case, call in CASES.items():
        done = _run(f"{call}\nprint(rss_peak())")
        assert done.returncode == 0, done.stderr[-2000:]
        peaks[case] = int(done.stdout.split()[-1])
        assert peaks[case] <= rss + _checks.MAX_BYTES, (case, peaks[case] / MiB)
    largest = max(peaks.values())
    assert abs(largest - _checks.MEASURED_PEAK) <= 0.15 * _checks.MEASURED_PEAK, {
        case: round(peak / MiB) for case, peak in peaks.items()
    }
