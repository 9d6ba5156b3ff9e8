"""The Gad replica (lrdoc.replicas.gad) and the page's experiments (lrdoc.experiments.gad)."""

from __future__ import annotations

import numpy as np
import pytest

from lrdoc.experiments import gad as results
from lrdoc.replicas import gad


def test_replica_keeps_the_difference_of_its_weights():
    for rate in (None, 0.00001, 0.0004):
        trajectory = gad.training_loop(rate, max_iterations=200).trajectory
        finite = np.isfinite(trajectory).all(axis=1)
        diff = trajectory[finite, 1] - trajectory[finite, 0]
        assert np.allclose(
            diff, 0.05, rtol=0, atol=1e-9 * np.abs(trajectory[finite]).max()
        )


def test_replica_first_two_steps_match_the_article_text():
    steps = gad.training_loop(None, max_iterations=2).steps
    assert steps[0].predicted == pytest.approx(6.05)
    assert steps[0].weights == pytest.approx([3237.05, 3237.1])
    assert steps[1].predicted == 250 and steps[1].error == 210
    assert steps[1].weights == pytest.approx([-5162.95, -5162.9])


def test_paths_are_the_replica_loop_vectorized():
    rates = np.array([0.000001, 0.00001, 0.0001])
    final = results.published_paths(rates)[-1]
    for rate, weights in zip(rates, final, strict=True):
        loop = gad.training_loop(float(rate), max_iterations=2002)
        assert loop.iterations == 2002
        np.testing.assert_allclose(weights, loop.weights, rtol=1e-12)


def test_paths_with_rate_one_are_the_run_without_a_rate():
    loop = gad.training_loop(None, max_iterations=300).trajectory
    vectorized = results.published_paths(np.array([1.0]), updates=300)[:, 0, :]
    np.testing.assert_array_equal(vectorized, loop)


def test_replica_safety_stop_is_reported():
    run = gad.training_loop(0.00001, max_iterations=5)
    assert run.iterations == 5 and not run.stopped


def test_replica_rejects_bad_rates_and_experiments_bad_shapes():
    with pytest.raises(ValueError, match="learning_rate"):
        gad.training_loop(float("nan"))
    with pytest.raises(ValueError, match="weights must have shape"):
        results.training_error(np.zeros(3))


def test_replica_holds_only_published_names():
    public = {name for name in vars(gad) if not name.startswith("_")}
    added = {"training_error", "update_factors", "stability_bound", "sweep"}
    assert not public & (added | {"trajectories", "step_table"})


def test_errata_name_sections_that_exist():
    page = (results.__file__.rsplit("lrdoc", 1)[0]) + "docs/articles/gad.md"
    text = open(page).read()
    for erratum in results.ERRATA:
        assert "{#" + erratum.anchor + "}" in text
        assert erratum.as_published in text and erratum.as_computed in text
