"""Figures for the deeplizard page, "Learning Rate in a Neural Network explained"."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lrdoc import analysis, data, nn, optimizers, training
from lrdoc.figures import figure
from lrdoc.figures.style import COLORS, new_figure

STEP_RATES = {"too small": 0.05, "good": 0.3, "too large": 0.85}
STEPS = 10
SEED = 2017


def centred_toy() -> tuple[np.ndarray, np.ndarray]:
    """The MCVP points y = 3x, x = 1..4, shifted to mean zero: the bias stays at 0
    and the loss is the parabola 1.25 (w - 3)^2 in the weight alone."""
    x, y = data.linear_toy()
    return x - x.mean(), y - y.mean()


@figure("deeplizard-step-size")
def step_size() -> Figure:
    """Ten steps of gradient descent on one loss curve, for three learning rates."""
    x, y = centred_toy()
    fig, axes = new_figure(1, 3, width=9.0, height=3.2)
    for ax, (label, rate), color in zip(axes, STEP_RATES.items(), COLORS, strict=False):
        run = training.gradient_descent(x, y, rate, epochs=STEPS)
        reach = max(abs(run.weights - 3.0).max() * 1.15, 1.0)
        w = np.linspace(3.0 - reach, 3.0 + reach, 200)
        ax.plot(w, 1.25 * (w - 3.0) ** 2, color=COLORS[5], linewidth=1.2)
        ax.plot(run.weights, run.losses, color=color, marker="o", markersize=3.5)
        ax.plot(run.weights[0], run.losses[0], "o", color=COLORS[3], markersize=6)
        ax.set_title(f"{label}: η = {rate:g}")
        ax.set_xlabel("weight w")
    axes[0].set_ylabel(f"loss, {STEPS} steps from w = 0")
    return fig


@figure("deeplizard-stable-range")
def stable_range() -> Figure:
    """The largest stable rate for a straight-line fit of side effects against age,
    as the unit of age changes, with the band 0.0001 to 0.01 shaded."""
    ages, scaled, _ = data.clinical_trial(seed=SEED)
    units = np.geomspace(1 / 12, 100.0, 60)  # years per unit: months .. centuries
    bounds = [analysis.stability_bound(ages / unit) for unit in units]
    fig, ax = new_figure(width=7.0, height=3.4)
    ax.loglog(units, bounds, color=COLORS[0], label="largest stable rate 2/λmax")
    ax.axhspan(1e-4, 1e-2, color=COLORS[1], alpha=0.18, label="0.0001 to 0.01")
    marks = {"months": 1 / 12, "years": 1.0, "decades": 10.0}
    for name, unit in marks.items():
        ax.plot(unit, analysis.stability_bound(ages / unit), "o", color=COLORS[3])
        ax.annotate(
            name,
            (unit, analysis.stability_bound(ages / unit)),
            xytext=(7, -4) if name == "months" else (6, -12),
            textcoords="offset points",
        )
    ax.plot(87.0, analysis.stability_bound(scaled), "s", color=COLORS[2])
    ax.annotate(
        "(age − 13) / 87",
        (87.0, analysis.stability_bound(scaled)),
        xytext=(-98, -3),
        textcoords="offset points",
    )
    ax.set_xlabel("unit of age, in years")
    ax.set_ylabel("learning rate")
    ax.legend(loc="upper left")
    return fig


def train_deeplizard_model(rate: float) -> nn.FitHistory:
    """The page's run: deeplizard's model, Adam at ``rate``, 20 epochs of batches of
    64 on the seeded clinical-trial data, validated on a second, smaller draw."""
    _, scaled, side_effects = data.clinical_trial(seed=SEED)
    _, val_scaled, val_side_effects = data.clinical_trial(n=420, seed=SEED + 1)
    model = nn.build(
        [1, 16, 32, 2], ["relu", "relu", "sigmoid"], l2=[None, 0.01, None], seed=0
    )
    return nn.fit(
        model,
        optimizers.Adam(learning_rate=rate),
        scaled[:, None],
        side_effects,
        epochs=20,
        batch_size=64,
        validation_data=(val_scaled[:, None], val_side_effects),
    )


@figure("deeplizard-adam-curves")
def adam_curves() -> Figure:
    """Loss and accuracy per epoch of the deeplizard model, Adam at 0.0001 and 0.01."""
    fig, (loss_ax, accuracy_ax) = new_figure(1, 2, width=9.0, height=3.4)
    for rate, color in zip((0.0001, 0.01), COLORS, strict=False):
        history = train_deeplizard_model(rate)
        epochs = np.arange(1, history.loss.size + 1)
        for ax, train, val in (
            (loss_ax, history.loss, history.val_loss),
            (accuracy_ax, history.accuracy, history.val_accuracy),
        ):
            ax.plot(
                epochs,
                train,
                color=color,
                marker="o",
                markersize=3,
                label=f"η = {rate:g}, training",
            )
            ax.plot(
                epochs,
                val,
                color=color,
                linestyle="--",
                label=f"η = {rate:g}, validation",
            )
    loss_ax.set_ylabel("loss (cross-entropy + L2)")
    accuracy_ax.set_ylabel("accuracy")
    accuracy_ax.axhline(2000 / 2100, color=COLORS[3], linestyle=":", linewidth=1.2)
    for ax in (loss_ax, accuracy_ax):
        ax.set_xlabel("epoch")
        ax.set_xticks([1, 5, 10, 15, 20])
    accuracy_ax.legend(loc="lower right")
    return fig
