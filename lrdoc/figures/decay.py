"""Figures for the decay page: the iris runs, the rate of every step, the schedules."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lrdoc import data, nn, schedules
from lrdoc.figures import figure
from lrdoc.figures.style import COLORS, new_figure
from lrdoc.optimizers import SGD, Adam

RATES = (0.2, 0.1, 0.03, 0.01)
"""The article's four learning rates."""


def iris_run(optimizer: nn.Optimizer, seed: int = 0) -> nn.FitHistory:
    """The page's iris experiment: 4-50-12-3, 20 epochs, batch 32, the 112/38 split.

    Examples
    --------
    >>> history = iris_run(SGD(0.1))
    >>> len(history.loss), history.learning_rates.size
    (20, 80)
    """
    X, y = data.iris()
    train, test = data.train_test_split_indices(150, 0.25, 42)
    onehot = np.eye(3)[y]
    net = nn.build([4, 50, 12, 3], ["relu", "relu", "softmax"], seed=seed)
    return nn.fit(
        net,
        optimizer,
        X[train],
        onehot[train],
        epochs=20,
        batch_size=32,
        loss="categorical_crossentropy",
        validation_data=(X[test], onehot[test]),
        seed=seed,
    )


def _loss_grid(decay: float) -> Figure:
    fig, axes = new_figure(2, 2, width=7.0, height=5.8)
    epochs = np.arange(1, 21)
    top = 0.0
    for ax, rate in zip(axes.flat, RATES, strict=True):
        history = iris_run(SGD(rate, decay=decay))
        ax.plot(epochs, history.loss, color=COLORS[0], label="training")
        ax.plot(epochs, history.val_loss, color=COLORS[1], label="validation")
        ax.set_title(f"learning rate {rate}")
        top = max(top, history.loss.max(), history.val_loss.max())
    for ax in axes.flat:
        ax.set_ylim(0, top * 1.05)
        ax.set_xticks([1, 5, 10, 15, 20])
    for ax in axes[1]:
        ax.set_xlabel("epoch")
    for ax in axes[:, 0]:
        ax.set_ylabel("cross-entropy")
    axes[0, 0].legend(loc="upper right")
    return fig


@figure("decay-iris-loss")
def iris_loss() -> Figure:
    """Training and validation loss per epoch at the four constant rates."""
    return _loss_grid(decay=0.0)


@figure("decay-iris-loss-decayed")
def iris_loss_decayed() -> Figure:
    """The same runs with legacy Keras decay 0.01."""
    return _loss_grid(decay=0.01)


@figure("decay-rate-per-step")
def rate_per_step() -> Figure:
    """The rate SGD(rate, decay=0.01) uses at each of the 80 steps."""
    fig, ax = new_figure(width=7.0, height=3.4)
    for color, rate in zip(COLORS, RATES, strict=False):
        history = iris_run(SGD(rate, decay=0.01))
        steps = np.arange(history.learning_rates.size)
        ax.plot(steps, history.learning_rates, color=color, label=f"{rate}, decay 0.01")
        ax.plot(steps, np.full(steps.size, rate), color=color, linestyle=":", lw=1.0)
    for epoch in range(0, 81, 20):
        ax.axvline(epoch, color=COLORS[5], lw=0.6, alpha=0.4)
    ax.set_yscale("log")
    ax.set_xlabel("optimizer step (4 per epoch)")
    ax.set_ylabel("learning rate")
    ax.legend(loc="lower left", ncols=2, fontsize=8)
    return fig


@figure("decay-schedules")
def schedule_curves() -> Figure:
    """Four schedules from 0.2 over the 80 steps of a 20-epoch run."""
    fig, ax = new_figure(width=7.0, height=3.4)
    steps = np.arange(81)
    curves = {
        "inverse time, d = 0.01": schedules.inverse_time(0.2, 0.01),
        "step, ×0.5 every 20 steps": schedules.step_decay(0.2, 20, 0.5),
        "exponential, ×0.5 every 40 steps": schedules.exponential(0.2, 0.5, 40),
        "cosine over 80 steps": schedules.cosine(0.2, 80),
    }
    for color, (label, schedule) in zip(COLORS, curves.items(), strict=False):
        ax.plot(steps, [schedule(int(t)) for t in steps], color=color, label=label)
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("learning rate")
    ax.set_ylim(0, 0.21)
    ax.legend(loc="lower left", fontsize=8)
    return fig


@figure("decay-adam-vs-sgd")
def adam_vs_sgd() -> Figure:
    """Training and validation loss: Adam at its default rate beside SGD."""
    fig, axes = new_figure(1, 2, width=7.0, height=3.2)
    epochs = np.arange(1, 21)
    runs = {
        "SGD 0.03": SGD(0.03),
        "SGD 0.03, momentum 0.9": SGD(0.03, momentum=0.9),
        "Adam 0.001": Adam(),
        "Adam 0.01": Adam(0.01),
    }
    for color, (label, optimizer) in zip(COLORS, runs.items(), strict=False):
        history = iris_run(optimizer)
        axes[0].plot(epochs, history.loss, color=color, label=label)
        axes[1].plot(epochs, history.val_loss, color=color, label=label)
    axes[0].set_title("training")
    axes[1].set_title("validation")
    for ax in axes:
        ax.set_xlabel("epoch")
        ax.set_xticks([1, 5, 10, 15, 20])
    axes[0].set_ylabel("cross-entropy")
    axes[1].legend(loc="upper right", fontsize=8)
    return fig
