"""The choosing page's experiments: their results are consistent with their parts."""

import numpy as np
import pytest

from lrdoc import data, nn
from lrdoc.experiments import choosing
from lrdoc.optimizers import SGD


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
