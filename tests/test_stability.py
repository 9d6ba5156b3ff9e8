"""The stability experiments: the tracked sharpness against a converged estimate, the
page's claims, and the momentum grid against the engine's analysis."""

from __future__ import annotations

import numpy as np
import pytest

from lrdoc import analysis, data, nn, sharpness, training
from lrdoc.experiments import stability


def test_tracked_sharpness_matches_lrdoc_sharpness() -> None:
    run = stability.edge_of_stability()
    X, y = stability.iris_half()
    for rate_index, seed in ((0, 3), (2, 9)):
        net = nn.build(list(stability.SIZES), list(stability.ACTIVATIONS), seed=seed)
        sharpness.set_flat_parameters(net, run.final_parameters[rate_index, seed])
        found = sharpness.sharpness(net, X, y, iterations=500)
        assert found.converged
        assert run.sharpness[-1, rate_index, seed] == pytest.approx(
            found.value, rel=2e-3
        )


def test_summary_claims_hold() -> None:
    summary = stability.edge_summary()
    assert summary.in_band.sum() >= 28
    assert (summary.reached_at >= 0).all()
    assert (summary.reached_at < stability.WINDOW[0]).all()
    assert (summary.loss_end < summary.loss_start).all()
    assert (summary.rises > 0).all()
    assert (summary.initial < 2.0 / summary.rates[:, None]).all()


def test_momentum_numbers_come_from_the_engine() -> None:
    result = stability.momentum()
    x, _ = data.linear_toy()
    rate, beta = analysis.optimal_momentum(x)
    assert result.momentum_rate == rate and result.momentum_beta == beta
    assert result.momentum_factor == pytest.approx(analysis.contraction(x, rate, beta))
    assert result.boundary(np.array([0.0]))[0] == pytest.approx(
        analysis.stability_bound(x)
    )


def test_momentum_paths_are_the_engine_runs() -> None:
    result = stability.momentum()
    x, y = data.linear_toy()
    run = training.gradient_descent(
        x, y, result.momentum_rate, 40, momentum=result.momentum_beta
    )
    assert np.array_equal(result.momentum_path[:, 0], run.weights)


def test_stays_below_counts_the_last_crossing() -> None:
    curves = np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 2.0], [2.0, 0.0, np.nan]])
    assert analysis.stays_below(curves, 0.5).tolist() == [-1, 1, -1]


def test_perturbed_copies_share_the_pre_edge_path_and_the_robust_claims() -> None:
    """The copies start 1e-10 away: within 1e-8 up to step 90, the same
    first measured step at 0.9 x 2/eta, and the claims the page makes on every path."""
    run = stability.edge_of_stability()
    (copy,) = stability.perturbed_copies()
    gap = np.abs(copy.losses - run.losses).max(axis=(1, 2))
    assert gap[:91].max() < 1e-8
    for summary in stability.edge_summaries():
        assert (summary.reached_at == stability.edge_summary().reached_at).all()
        assert (summary.loss_end < summary.loss_start).all()
        assert (summary.mean.mean(axis=1) > 1.0).all()  # over the seeds, by rate
        assert summary.in_band.sum() >= 28
