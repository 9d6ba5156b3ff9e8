"""The sharpness estimator against a Hessian built from loss values alone."""

from __future__ import annotations

import numpy as np
import pytest

from lrdoc import nn, sharpness
from lrdoc.experiments.stability import iris_half

LOSS = "sparse_categorical_crossentropy"


def loss_only_hessian(network: nn.Network, X, y, h: float = 1e-4) -> np.ndarray:
    """Second differences of the loss itself (no gradient code involved)."""
    theta = sharpness.flat_parameters(network)
    size = theta.size
    eye = np.eye(size) * h

    def loss(t: np.ndarray) -> float:
        sharpness.set_flat_parameters(network, t)
        return network.loss(X, y, LOSS)

    matrix = np.empty((size, size))
    for i in range(size):
        for j in range(i, size):
            value = (
                loss(theta + eye[i] + eye[j])
                - loss(theta + eye[i] - eye[j])
                - loss(theta - eye[i] + eye[j])
                + loss(theta - eye[i] - eye[j])
            ) / (4 * h * h)
            matrix[i, j] = matrix[j, i] = value
    sharpness.set_flat_parameters(network, theta)
    return matrix


@pytest.fixture(scope="module")
def small_case():
    X, y = iris_half()
    X, y = X[::3], y[::3]  # 25 flowers
    return nn.build([4, 3, 3], ["sigmoid", "softmax"], seed=2), X, y


@pytest.fixture(scope="module")
def exact(small_case) -> np.ndarray:
    return loss_only_hessian(*small_case)


def test_hessian_matches_second_differences_of_the_loss(small_case, exact) -> None:
    network, X, y = small_case
    assert np.allclose(sharpness.hessian(network, X, y), exact, atol=2e-5)


def test_sharpness_is_the_top_eigenvalue(small_case, exact) -> None:
    network, X, y = small_case
    top = np.linalg.eigvalsh(exact)[-1]
    found = sharpness.sharpness(network, X, y)
    assert found.converged
    assert found.value == pytest.approx(top, rel=1e-5)


def test_negative_dominant_eigenvalue_is_not_reported() -> None:
    X, y = iris_half()
    network = nn.build([4, 3, 3], ["sigmoid", "softmax"], seed=0)
    eigenvalues = np.linalg.eigvalsh(sharpness.hessian(network, X, y))
    assert -eigenvalues[0] > eigenvalues[-1]  # the case the shift is for
    assert sharpness.sharpness(network, X, y).value == pytest.approx(
        eigenvalues[-1], rel=1e-5
    )


def test_parameters_are_restored_and_flat_round_trip(small_case) -> None:
    network, X, y = small_case
    before = sharpness.flat_parameters(network)
    sharpness.sharpness(network, X, y, iterations=5)
    assert np.array_equal(sharpness.flat_parameters(network), before)
    sharpness.set_flat_parameters(network, before + 1.0)
    assert np.array_equal(sharpness.flat_parameters(network), before + 1.0)
    sharpness.set_flat_parameters(network, before)


def test_hvp_is_linear_in_the_vector(small_case) -> None:
    network, X, y = small_case
    size = sharpness.flat_parameters(network).size
    v = np.random.default_rng(0).standard_normal(size)
    one = sharpness.hessian_vector_product(network, X, y, v)
    three = sharpness.hessian_vector_product(network, X, y, 3.0 * v)
    assert np.allclose(three, 3.0 * one, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"iterations": 0}, ValueError, "iterations must be >= 1, got 0"),
        ({"tolerance": -1.0}, ValueError, "tolerance must be >= 0, got -1.0"),
        ({"start": [1.0, 2.0]}, ValueError, "start must have shape"),
        ({"seed": -1}, ValueError, "seed must be >= 0, got -1"),
    ],
)
def test_bad_input(small_case, kwargs, error, message) -> None:
    network, X, y = small_case
    with pytest.raises(error, match=message):
        sharpness.sharpness(network, X, y, **kwargs)


def test_not_a_network() -> None:
    with pytest.raises(TypeError, match="network must be an lrdoc.nn.Network"):
        sharpness.flat_parameters("net")
    net = nn.build([2, 2], ["softmax"], seed=0)
    with pytest.raises(ValueError, match="vector must not be all zeros"):
        sharpness.hessian_vector_product(net, [[0.0, 1.0]], [0], np.zeros(6))
