"""The choosing page's engine and experiments: the ensemble trains each model exactly
as lrdoc.nn does, and the experiments' results are consistent with their parts."""

import numpy as np
import pytest

from lrdoc import data, ensemble, nn, schedules
from lrdoc.experiments import choosing
from lrdoc.optimizers import SGD, Adam


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_ensemble_matches_nn_on_iris(optimizer):
    X, y = choosing.training_data("iris")
    seeds = [0, 7]
    stack = ensemble.build([4, 50, 12, 3], ["relu", "relu", "softmax"], seeds=seeds)
    history = ensemble.fit(
        stack, X, y, [0.05, 0.01], epochs=5, seeds=seeds, optimizer=optimizer
    )
    for m, (seed, rate) in enumerate(zip(seeds, [0.05, 0.01], strict=True)):
        net = nn.build([4, 50, 12, 3], ["relu", "relu", "softmax"], seed=seed)
        make = SGD if optimizer == "sgd" else Adam
        one = nn.fit(net, make(rate), X, y, epochs=5, seed=seed)
        np.testing.assert_allclose(history.loss[m], one.loss, rtol=1e-13, atol=0)
        for stacked, single in zip(stack.params(), net.params(), strict=True):
            np.testing.assert_allclose(stacked[m], single, rtol=1e-12, atol=1e-15)
        loss, _ = nn.evaluate(net, X, y, "sparse_categorical_crossentropy")
        assert history.final_loss[m] == pytest.approx(loss, rel=1e-13)


def test_ensemble_matches_nn_on_deeplizard_with_a_schedule():
    X, y = choosing.training_data("deeplizard")
    schedule = schedules.one_cycle(0.5, total_steps=33)
    rates = np.array([[schedule(t) for t in range(33)]])
    stack = ensemble.build(
        [1, 16, 32, 2], ["relu", "relu", "sigmoid"], seeds=[3], l2=[None, 0.01, None]
    )
    history = ensemble.fit(stack, X, y, rates, epochs=1, batch_size=64, seeds=[3])
    net = nn.build(
        [1, 16, 32, 2], ["relu", "relu", "sigmoid"], l2=[None, 0.01, None], seed=3
    )
    one = nn.fit(net, SGD(schedule), X, y, epochs=1, batch_size=64, seed=3)
    np.testing.assert_allclose(history.loss[0], one.loss, rtol=1e-13)
    np.testing.assert_allclose(one.learning_rates, rates[0], rtol=1e-15)


def test_ensemble_records_divergence():
    # A step of 1e308 times a gradient of about 5 overflows the kernel to inf.
    X = np.array([[10.0], [-10.0]])
    y = np.array([1, 0])
    stack = ensemble.build([1, 2], ["softmax"], seeds=[0, 0])
    history = ensemble.fit(
        stack, X, y, [1e308, 1e-3], epochs=3, batch_size=2, seeds=[0, 0]
    )
    assert history.diverged_at[1] is None
    assert history.diverged_at[0] in (1, 2, 3)
    assert history.final_loss[0] == np.inf


def test_ensemble_bad_input():
    stack = ensemble.build([1, 2], ["softmax"], seeds=[0])
    with pytest.raises(ValueError, match="optimizer must be one of"):
        ensemble.fit(stack, [[0.0]], [0], [0.1], epochs=1, optimizer="rmsprop")
    with pytest.raises(ValueError, match="rates must all be finite numbers > 0"):
        ensemble.fit(stack, [[0.0]], [0], [-0.1], epochs=1)
    with pytest.raises(ValueError, match="y must hold labels in 0..1"):
        ensemble.fit(stack, [[0.0]], [2], [0.1], epochs=1)


def test_band_is_contiguous_and_contains_the_best_rate():
    for model, optimizer in choosing.GRIDS:
        result = choosing.sweep(model, optimizer)
        low, high = result.band
        inside = (result.rates >= low) & (result.rates <= high)
        assert np.all(result.mean[inside] <= choosing.TOLERANCE * result.mean.min())
        assert low <= result.best_rate <= high


def test_sweep_matches_a_single_run():
    result = choosing.sweep("iris")
    X, y = choosing.training_data("iris")
    net = nn.build([4, 50, 12, 3], ["relu", "relu", "softmax"], seed=4)
    nn.fit(net, SGD(0.01), X, y, epochs=20, batch_size=32, seed=4)
    loss, accuracy = nn.evaluate(net, X, y, "sparse_categorical_crossentropy")
    i = list(result.rates).index(0.01)
    assert result.losses[i, 4] == pytest.approx(loss, rel=1e-12)
    assert result.accuracies[i, 4] == accuracy


def test_range_tests_use_the_sweep_band():
    tests = choosing.range_tests("iris")
    assert tests.band == choosing.sweep("iris").band
    assert all(len(rates) == 10 for rates in tests.suggested.values())


def test_iris_training_data_is_the_decay_split():
    X, y = choosing.training_data("iris")
    X_all, y_all = data.iris()
    train, _ = data.train_test_split_indices(150, 0.25, 42)
    np.testing.assert_array_equal(X, X_all[train])
    with pytest.raises(ValueError, match="model must be"):
        choosing.training_data("mnist")
