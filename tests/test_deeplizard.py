"""The deeplizard page: the clinical-trial data, the rate setter, the cheap figures."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from matplotlib.figure import Figure

from lrdoc import data, optimizers
from lrdoc.experiments import deeplizard as experiments
from lrdoc.figures import deeplizard as figures


def test_clinical_trial_is_reproducible_and_seeded() -> None:
    first = data.clinical_trial(seed=3)
    again = data.clinical_trial(seed=3)
    other = data.clinical_trial(seed=4)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], other[0])


@pytest.mark.parametrize("n", [2, 21, 2100, 2101])
def test_clinical_trial_follows_the_description(n: int) -> None:
    ages, scaled, side_effects = data.clinical_trial(n=n, seed=0)
    assert ages.shape == scaled.shape == side_effects.shape == (n,)
    assert ages.min() >= 13 and ages.max() <= 100
    assert scaled.min() >= 0.0 and scaled.max() <= 1.0
    np.testing.assert_allclose(scaled, (ages - 13) / 87)
    younger, older = ages < 65, ages >= 65
    assert younger.sum() == n // 2 and older.sum() == n - n // 2
    assert set(np.unique(side_effects)) <= {0, 1}
    assert side_effects[younger].sum() == round((n // 2) / 21)
    assert (1 - side_effects[older]).sum() == round((n - n // 2) / 21)


def test_clinical_trial_default_has_50_against_the_trend_in_each_half() -> None:
    ages, _, side_effects = data.clinical_trial()
    assert ages.size == 2100
    assert side_effects[ages < 65].sum() == 50
    assert (1 - side_effects[ages >= 65]).sum() == 50
    # shuffled: the labels are not sorted by group
    assert 0 < np.flatnonzero(ages >= 65)[0] < 50


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n": 1}, ValueError, "n must be >= 2, got 1"),
        ({"n": 0}, ValueError, "n must be >= 1, got 0"),
        ({"n": 2.5}, TypeError, "n must be an integer, got 2.5"),
        ({"seed": -1}, ValueError, "seed must be >= 0, got -1"),
        ({"seed": True}, TypeError, "seed must be an integer, got True"),
    ],
)
def test_clinical_trial_names_bad_input(kwargs, error, message) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(")):
        data.clinical_trial(**kwargs)


@pytest.mark.parametrize("bad", [0.0, -0.01, float("nan"), float("inf")])
def test_adam_learning_rate_setter_refuses_bad_values(bad: float) -> None:
    adam = optimizers.Adam(learning_rate=0.0001)
    with pytest.raises(ValueError, match="learning_rate must be a finite number > 0"):
        adam.learning_rate = bad
    assert adam.learning_rate == 0.0001


def test_a_new_rate_is_used_from_the_next_step() -> None:
    w = np.array([0.0])
    adam = optimizers.Adam(learning_rate=0.0001)
    adam.apply([w], [np.array([5.0])])
    np.testing.assert_allclose(w, [-0.0001], rtol=1e-6)
    adam.learning_rate = 0.01
    before = w.copy()
    adam.apply([w], [np.array([5.0])])
    np.testing.assert_allclose(before - w, [0.01], rtol=1e-3)


@pytest.mark.parametrize(
    ("draw", "experiment"),
    [
        (figures.step_size, experiments.step_size),
        (figures.stable_range, experiments.stable_range),
    ],
)
def test_cheap_figures_draw_their_experiment_without_warnings(draw, experiment) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = draw(experiment())
    assert isinstance(fig, Figure)


def test_keras_record_matches_the_page_claims() -> None:
    keras3 = experiments.KERAS_3
    assert keras3.lr_after == 0.01
    assert keras3.learning_rate_after == pytest.approx(0.0001, rel=1e-6)
    assert keras3.step_after_lr == pytest.approx(0.0001, rel=1e-2)
    assert keras3.step_after_learning_rate == pytest.approx(0.01, rel=1e-2)
