"""lrdoc's iris data and split are scikit-learn's, checked against recorded values.

The constants below are the output of ``tests/reference/sklearn_iris_split.py``, run
in a scratch environment with scikit-learn (not one of lrdoc's dependencies), so
this check runs everywhere.
"""

import hashlib

import numpy as np
import pytest

from lrdoc import data

# fmt: off
# scikit-learn 1.9.1, numpy 2.4.6
IRIS_DATA_SHA256 = "012f498fe9c8b3b34212c3c5d98e1f03f2f79931cd49349beb1bad64dcf164a7"
IRIS_SPLIT = (150, 0.25, 42)
IRIS_TRAIN = [
    4, 32, 142, 85, 86, 16, 10, 81, 133, 137, 75, 109, 96, 105, 66, 0, 122, 67, 28, 40,
    44, 60, 123, 24, 25, 23, 94, 39, 95, 117, 47, 97, 113, 33, 138, 101, 62, 84, 148,
    53, 5, 93, 111, 49, 35, 80, 77, 34, 114, 7, 43, 70, 98, 120, 83, 134, 135, 89, 8,
    13, 119, 125, 3, 17, 38, 72, 136, 6, 112, 100, 2, 63, 54, 126, 50, 115, 46, 139, 61,
    147, 79, 59, 91, 41, 58, 90, 48, 88, 107, 124, 21, 57, 144, 129, 37, 140, 1, 52,
    130, 103, 99, 116, 87, 74, 121, 149, 20, 71, 106, 14, 92, 102
]
IRIS_TEST = [
    73, 18, 118, 78, 76, 31, 64, 141, 68, 82, 110, 12, 36, 9, 19, 56, 104, 69, 55, 132,
    29, 127, 26, 128, 131, 145, 108, 143, 45, 30, 22, 15, 65, 11, 42, 146, 51, 27
]
SMALL_SPLIT = (10, 0.3, 0)
SMALL_TRAIN = [
    9, 1, 6, 7, 3, 0, 5
]
SMALL_TEST = [
    2, 8, 4
]
ODD_SPLIT = (151, 0.2, 7)
ODD_TRAIN = [
    80, 22, 140, 74, 45, 36, 5, 17, 97, 143, 77, 133, 120, 115, 49, 65, 62, 148, 29, 3,
    39, 79, 13, 96, 128, 60, 54, 26, 8, 43, 88, 111, 106, 59, 15, 53, 20, 14, 76, 117,
    12, 108, 47, 58, 137, 95, 94, 18, 50, 2, 107, 81, 122, 57, 30, 33, 90, 119, 27, 132,
    91, 114, 100, 21, 104, 102, 7, 126, 109, 35, 10, 145, 71, 147, 131, 93, 31, 16, 125,
    1, 48, 83, 144, 149, 99, 87, 9, 146, 4, 38, 78, 73, 129, 34, 64, 61, 123, 112, 56,
    69, 44, 19, 6, 55, 75, 0, 135, 127, 68, 136, 42, 110, 89, 72, 23, 142, 92, 103, 67,
    25
]
ODD_TEST = [
    150, 86, 40, 66, 118, 41, 52, 98, 11, 51, 121, 116, 32, 113, 28, 70, 85, 24, 46, 37,
    84, 124, 63, 138, 130, 139, 101, 82, 105, 141, 134
]
# fmt: on


def test_iris_values_equal_scikit_learn():
    X, y = data.iris()
    assert (
        hashlib.sha256(np.ascontiguousarray(X, dtype=np.float64).tobytes()).hexdigest()
        == IRIS_DATA_SHA256
    )
    assert y.tolist() == [0] * 50 + [1] * 50 + [2] * 50


@pytest.mark.parametrize(
    ("split", "train", "test"),
    [
        (IRIS_SPLIT, IRIS_TRAIN, IRIS_TEST),
        (SMALL_SPLIT, SMALL_TRAIN, SMALL_TEST),
        (ODD_SPLIT, ODD_TRAIN, ODD_TEST),
    ],
    ids=["iris-150-0.25-42", "10-0.3-0", "151-0.2-7"],
)
def test_split_equals_train_test_split(split, train, test):
    got_train, got_test = data.train_test_split_indices(*split)
    assert got_train.tolist() == train
    assert got_test.tolist() == test
