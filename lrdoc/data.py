"""Small data sets, built in code or shipped with the package.

Nothing here touches the network.
"""

from __future__ import annotations

import math
from importlib.resources import files

import numpy as np

from lrdoc import _checks


def linear_toy() -> tuple[np.ndarray, np.ndarray]:
    """The four points of *Modern Computer Vision with PyTorch*: y = 3x, x = 1..4.

    Returns
    -------
    x, y : numpy.ndarray
        Two float64 arrays of shape ``(4,)``.

    Examples
    --------
    >>> x, y = linear_toy()
    >>> x
    array([1., 2., 3., 4.])
    >>> y
    array([ 3.,  6.,  9., 12.])
    """
    x = np.arange(1.0, 5.0)
    return x, 3.0 * x


def clinical_trial(
    n: int = 2100, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The made-up drug trial of deeplizard's Keras series: age and side effects.

    Half of the ``n`` people are 13 to 64 years old and half are 65 to 100, in whole
    years drawn uniformly. In the older half everyone has side effects except one in
    21 (50 of 1050 when ``n`` is 2100); in the younger half nobody does except one in
    21. So about 95% of each half follows its age group. The people are returned in
    a random order.

    Parameters
    ----------
    n : int
        Number of people, >= 2.
    seed : int
        Seed of the random generator, >= 0; the same seed gives the same data.

    Returns
    -------
    ages : numpy.ndarray of int, shape (n,)
        Age in years.
    scaled : numpy.ndarray of float, shape (n,)
        Age mapped from [13, 100] onto [0, 1]: ``(ages - 13) / 87``.
    side_effects : numpy.ndarray of int, shape (n,)
        1 for a person with side effects, 0 without.

    Examples
    --------
    >>> ages, scaled, side_effects = clinical_trial(seed=1)
    >>> ages.size, int(ages.min()), int(ages.max())
    (2100, 13, 100)
    >>> float(scaled.min()), float(scaled.max())
    (0.0, 1.0)
    >>> int(side_effects[ages >= 65].sum()), int(side_effects[ages < 65].sum())
    (1000, 50)
    >>> clinical_trial(n=1)
    Traceback (most recent call last):
    ...
    ValueError: n must be >= 2, got 1
    """
    n = _checks.positive_int(n, "n")
    if n < 2:
        raise ValueError(f"n must be >= 2, got {_checks.show(n)}")
    _checks.run_size(n, "n")
    rng = np.random.default_rng(_checks.non_negative_int(seed, "seed"))
    younger, older = n // 2, n - n // 2
    ages = np.concatenate(
        [rng.integers(13, 65, size=younger), rng.integers(65, 101, size=older)]
    )
    side_effects = np.concatenate(
        [
            np.arange(younger) < round(younger / 21),
            np.arange(older) >= round(older / 21),
        ]
    ).astype(int)
    order = rng.permutation(n)
    ages, side_effects = ages[order], side_effects[order]
    return ages, (ages - 13) / 87, side_effects


def iris() -> tuple[np.ndarray, np.ndarray]:
    """Fisher's iris data: 150 flowers, 4 measurements (cm), 3 species.

    The values are scikit-learn's ``load_iris()`` (Fisher's own, as in R), shipped
    with lrdoc in ``datafiles/iris.csv``; ``datafiles/IRIS.txt`` gives the source.
    Columns: sepal length, sepal width, petal length, petal width. Species 0, 1, 2
    are setosa, versicolor, virginica, 50 of each, in that order.

    Returns
    -------
    X : numpy.ndarray, shape (150, 4)
        Measurements, float64.
    y : numpy.ndarray, shape (150,)
        Species labels, int64.

    Examples
    --------
    >>> X, y = iris()
    >>> X.shape, np.bincount(y)
    ((150, 4), array([50, 50, 50]))
    >>> X[0]
    array([5.1, 3.5, 1.4, 0.2])
    """
    text = files("lrdoc").joinpath("datafiles", "iris.csv").read_text()
    table = np.loadtxt(text.splitlines(), delimiter=",", skiprows=1)
    return table[:, :4], table[:, 4].astype(np.int64)


def train_test_split_indices(
    n: int, test_size: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Training and test indices, chosen as scikit-learn's ``train_test_split`` does.

    ``numpy.random.RandomState(seed).permutation(n)`` shuffles the indices; the
    first ``ceil(test_size * n)`` are the test set and the rest the training set.
    So ``train_test_split(X, y, test_size=0.25, random_state=42)`` on iris gives
    ``X[train], X[test]``.

    Parameters
    ----------
    n : int
        Number of samples.
    test_size : float
        Fraction of samples in the test set, in (0, 1).
    seed : int
        The ``random_state``.

    Returns
    -------
    train, test : numpy.ndarray of int

    Examples
    --------
    >>> train, test = train_test_split_indices(150, 0.25, 42)
    >>> train.size, test.size
    (112, 38)
    >>> test[:5]
    array([ 73,  18, 118,  78,  76])
    >>> train_test_split_indices(150, 1.5, 42)
    Traceback (most recent call last):
    ...
    ValueError: test_size must be in (0, 1), got 1.5
    """
    n = _checks.positive_int(n, "n")
    _checks.run_size(n, "n")
    size = _checks.finite_number(test_size, "test_size")
    if not 0 < size < 1:
        raise ValueError(f"test_size must be in (0, 1), got {_checks.show(test_size)}")
    seed = _checks.non_negative_int(seed, "seed")
    if seed >= 2**32:
        raise ValueError(f"seed must be < 2**32, got {_checks.show(seed)}")
    n_test = math.ceil(size * n)
    permutation = np.random.RandomState(seed).permutation(n)
    return permutation[n_test:], permutation[:n_test]
