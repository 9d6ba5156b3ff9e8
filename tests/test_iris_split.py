"""lrdoc's iris split is scikit-learn's; runs only where scikit-learn is installed."""

import numpy as np
import pytest

from lrdoc import data

sklearn_datasets = pytest.importorskip("sklearn.datasets")
model_selection = pytest.importorskip("sklearn.model_selection")


def test_iris_values_equal_scikit_learn():
    bunch = sklearn_datasets.load_iris()
    X, y = data.iris()
    assert np.array_equal(X, bunch.data)
    assert np.array_equal(y, bunch.target)


def test_split_equals_train_test_split():
    X, y = data.iris()
    X_train, X_test, y_train, y_test = model_selection.train_test_split(
        X, y, test_size=0.25, random_state=42
    )
    train, test = data.train_test_split_indices(150, 0.25, 42)
    assert np.array_equal(X[train], X_train)
    assert np.array_equal(X[test], X_test)
    assert np.array_equal(y[train], y_train)
    assert np.array_equal(y[test], y_test)


@pytest.mark.parametrize(("n", "test_size", "seed"), [(10, 0.3, 0), (151, 0.2, 7)])
def test_split_rule_other_sizes(n, test_size, seed):
    train_ref, test_ref = model_selection.train_test_split(
        np.arange(n), test_size=test_size, random_state=seed
    )
    train, test = data.train_test_split_indices(n, test_size, seed)
    assert np.array_equal(train, train_ref)
    assert np.array_equal(test, test_ref)
