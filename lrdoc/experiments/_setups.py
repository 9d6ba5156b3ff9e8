"""The networks and data sets that several pages use, defined once.

- **iris**: the decay article's 4-50-12-3 network (ReLU, ReLU, softmax) on iris,
  split as ``train_test_split(test_size=0.25, random_state=42)``: 112 training and
  38 test flowers, measurements in centimetres;
- **deeplizard**: the deeplizard article's 1-16-32-2 network (ReLU, ReLU with L2 0.01
  on its kernel, sigmoid outputs) on its simulated clinical trial of 2100 people
  (seed 2017), the ages scaled onto [0, 1].
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lrdoc import _checks, data, nn


@dataclass(frozen=True)
class Setup:
    """One network's shape: widths (input first), activations and L2 per layer."""

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    l2: tuple[float | None, ...] | None = None

    def build(self, seed: int) -> nn.Network:
        """The network :func:`lrdoc.nn.build` draws from ``seed``."""
        return nn.build(list(self.sizes), list(self.activations), self.l2, seed=seed)

    def stack(self, seeds: Sequence[int]) -> nn.Stack:
        """One such network per seed, side by side (:func:`lrdoc.nn.stack.build`)."""
        return nn.stack.build(self.sizes, self.activations, seeds, self.l2)


IRIS = Setup((4, 50, 12, 3), ("relu", "relu", "softmax"))
DEEPLIZARD = Setup((1, 16, 32, 2), ("relu", "relu", "sigmoid"), (None, 0.01, None))


@dataclass(frozen=True)
class Training:
    """One network and how the guides train it: epochs and batch size."""

    network: Setup
    epochs: int
    batch_size: int


MODELS = {
    "iris": Training(IRIS, 20, 32),
    "deeplizard": Training(DEEPLIZARD, 3, 64),
}
"""The two networks of the guides (choosing, adaptive) and how each is trained."""

GRIDS = {
    ("iris", "sgd"): tuple(float(r) for r in 10.0 ** np.arange(-4.0, 0.01, 0.5)),
    ("iris", "adam"): tuple(float(r) for r in 10.0 ** np.arange(-4.0, 0.01, 0.5)),
    ("deeplizard", "sgd"): tuple(float(r) for r in 2.0 ** np.arange(-3, 3)),
    ("deeplizard", "adam"): tuple(float(r) for r in 10.0 ** np.arange(-3.0, 0.01, 0.5)),
}
"""The constant rates each sweep tries, by (model, optimizer)."""

TRIAL_SEED = 2017
"""Seed of the clinical-trial draw (the deeplizard article's year)."""


@functools.cache
def iris_split() -> tuple[np.ndarray, np.ndarray]:
    """Indices of the 112 training and the 38 test flowers."""
    return data.train_test_split_indices(150, 0.25, 42)


@functools.cache
def trial() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The clinical trial: ages, scaled ages and side effects of 2100 people."""
    return data.clinical_trial(n=2100, seed=TRIAL_SEED)


VALIDATION_SEED = 2018
"""Seed of the deeplizard validation draw."""


@functools.cache
def validation() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The deeplizard validation draw: ages, scaled ages and side effects of 420
    other people."""
    return data.clinical_trial(n=420, seed=VALIDATION_SEED)


def parabola(scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The four MCVP points shifted to mean zero, the inputs multiplied by ``scale``
    (10: the same data with the inputs in a unit ten times smaller).

    Examples
    --------
    >>> parabola()
    (array([-1.5, -0.5,  0.5,  1.5]), array([-4.5, -1.5,  1.5,  4.5]))
    >>> parabola(10)[0]
    array([-15.,  -5.,   5.,  15.])
    """
    scale = _checks.finite_number(scale, "scale")
    if scale == 0.0:
        raise ValueError(f"scale must be a finite number other than 0, got {scale!r}")
    x, y = data.linear_toy()
    return scale * (x - x.mean()), y - y.mean()
