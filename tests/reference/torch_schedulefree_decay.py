"""Print schedulefree's SGD and AdamW with weight decay and warm-up, the constants
that tests/test_adaptive.py checks lrdoc.adaptive's schedule-free weight decay
against (tests/reference/adaptive_values.json has no run with weight decay).

Run it in a scratch environment, never in the project's:

    python3 -m venv /work/scratch/ref24
    /work/scratch/ref24/bin/pip install torch==2.13.0 numpy schedulefree==1.4.1
    /work/scratch/ref24/bin/python tests/reference/torch_schedulefree_decay.py

Problem: least squares, X 15x4 and y 15 and w0 4 drawn by numpy's
default_rng(3) in that order, gradient X^T (X w - y) / 15, given to the optimizer
in float64; 30 steps, then eval() and the averaged point x is printed.
"""

from importlib.metadata import version

import numpy as np
import schedulefree
import torch

torch.set_default_dtype(torch.float64)


def main():
    print("torch", torch.__version__, "schedulefree", version("schedulefree"))
    rng = np.random.default_rng(3)
    X, y, w0 = rng.normal(size=(15, 4)), rng.normal(size=15), rng.normal(size=4)
    cases = {
        "SGD_DECAY": (
            schedulefree.SGDScheduleFree,
            dict(lr=0.05, momentum=0.9, weight_decay=0.1, warmup_steps=3),
        ),
        "ADAMW_DECAY": (
            schedulefree.AdamWScheduleFree,
            dict(lr=0.05, betas=(0.9, 0.999), weight_decay=0.1, warmup_steps=3),
        ),
    }
    for name, (cls, kwargs) in cases.items():
        w = torch.nn.Parameter(torch.tensor(w0))
        optimizer = cls([w], **kwargs)
        optimizer.train()
        for _ in range(30):
            optimizer.zero_grad()
            numpy_w = w.detach().numpy()
            w.grad = torch.tensor(X.T @ (X @ numpy_w - y) / len(y))
            optimizer.step()
        optimizer.eval()
        print(f"{name} = {w.detach().numpy().tolist()!r}")


if __name__ == "__main__":
    main()
