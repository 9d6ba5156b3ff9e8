"""Time the choosing page's iris sweep in PyTorch: 9 rates x 10 seeds = 90 networks
(4-50-12-3, ReLU, ReLU, softmax, Keras' clipped cross-entropy), trained side by side
as one stack with batched matrix products and autograd, float64, 2 threads: 20
epochs of batches of 32 on the 112 training flowers, each seed with its own batch
order, plain SGD at its own rate; then every network evaluated on the training set.
tests/benchmark_stack.py records the time this prints beside lrdoc's.

Run it in a scratch environment, never in the project's:

    python3 -m venv /tmp/scratch-torch
    /tmp/scratch-torch/bin/pip install torch==2.13.0 numpy
    /tmp/scratch-torch/bin/python tests/reference/torch_stacked_sweep.py
"""

import math
import time
from pathlib import Path

import numpy as np
import torch

IRIS = Path(__file__).resolve().parents[2] / "lrdoc" / "datafiles" / "iris.csv"
SIZES = (4, 50, 12, 3)
RATES = 10.0 ** np.arange(-4.0, 0.01, 0.5)
SEEDS = range(10)
EPOCHS, BATCH = 20, 32
EPSILON = 1e-7


def data() -> tuple[torch.Tensor, torch.Tensor]:
    table = np.loadtxt(IRIS, delimiter=",", skiprows=1)
    test = np.random.RandomState(42).permutation(150)[: math.ceil(0.25 * 150)]
    train = np.setdiff1d(np.arange(150), test)  # the order does not change the time
    return torch.tensor(table[train, :4]), torch.tensor(table[train, 4]).long()


def stack(seeds: list[int]) -> list[torch.Tensor]:
    """Glorot-uniform kernels from numpy's generator per seed, zero biases."""
    params = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:], strict=True):
        limit = math.sqrt(6.0 / (n_in + n_out))
        kernels = [
            np.random.default_rng(s).uniform(-limit, limit, (n_in, n_out))
            for s in seeds
        ]
        params += [torch.tensor(np.stack(kernels)), torch.zeros(len(seeds), n_out)]
    return [p.double().requires_grad_() for p in params]


def losses(params, X, y):
    """Per model: mean clipped cross-entropy of its batch, and the probabilities."""
    a = X
    for index in range(0, len(params), 2):
        z = torch.bmm(a, params[index]) + params[index + 1][:, None, :]
        a = torch.relu(z) if index < len(params) - 2 else torch.softmax(z, dim=-1)
    p = a / a.sum(dim=-1, keepdim=True)
    picked = torch.gather(p.clamp(EPSILON, 1 - EPSILON), -1, y[..., None])[..., 0]
    return -torch.log(picked).mean(dim=-1), a


def sweep(X: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    seeds = [s for _ in RATES for s in SEEDS]
    rates = torch.tensor(np.repeat(RATES, len(SEEDS)))
    params = stack(seeds)
    n = X.shape[0]
    rngs = {s: np.random.default_rng(s) for s in SEEDS}
    for _ in range(EPOCHS):
        orders = {s: rng.permutation(n) for s, rng in rngs.items()}
        order = torch.tensor(np.stack([orders[s] for s in seeds]))
        for start in range(0, n, BATCH):
            batch = order[:, start : start + BATCH]
            loss, _ = losses(params, X[batch], y[batch])
            grads = torch.autograd.grad(loss.sum(), params)
            with torch.no_grad():
                for p, g in zip(params, grads, strict=True):
                    p -= rates.view(-1, *[1] * (p.dim() - 1)) * g
    with torch.no_grad():
        shared = X.expand(len(seeds), *X.shape)
        final, probs = losses(params, shared, y.expand(len(seeds), n))
        accuracy = (probs.argmax(dim=-1) == y).double().mean(dim=-1)
    return final, accuracy


def main() -> None:
    torch.set_num_threads(2)
    torch.set_default_dtype(torch.float64)
    X, y = data()
    sweep(X, y)  # warm up
    times, cpu = [], []
    for _ in range(7):
        start, start_cpu = time.perf_counter(), time.process_time()
        final, _ = sweep(X, y)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, float64")
    print(f"iris sweep, 90 networks: best {min(times):.3f} s wall, median "
          f"{sorted(times)[len(times) // 2]:.3f} s; best {min(cpu):.3f} s cpu "
          f"(all threads), of {len(times)} runs")  # fmt: skip
    print(
        "mean final loss per rate:", final.view(len(RATES), -1).mean(1).numpy().round(3)
    )


if __name__ == "__main__":
    main()
