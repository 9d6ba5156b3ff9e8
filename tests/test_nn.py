"""The numpy network: exact gradients against finite differences, Keras semantics."""

import numpy as np
import pytest

from lrdoc import data, nn
from lrdoc.gradients import central_difference
from lrdoc.optimizers import SGD, Adam


def _check_gradients(net, X, y, loss_name, tolerance=1e-6):
    loss, grads = net.loss_and_gradients(X, y, loss_name)
    for param, grad in zip(net.params(), grads, strict=True):
        original = param.copy()

        def f(values, param=param):
            param[...] = values
            return net.loss(X, y, loss_name)

        numeric = central_difference(f, original)
        param[...] = original
        assert np.allclose(grad, numeric, atol=tolerance, rtol=1e-5)
    assert loss == pytest.approx(net.loss(X, y, loss_name))


def test_backprop_matches_finite_differences_softmax_relu():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(7, 4))
    onehot = np.eye(3)[rng.integers(0, 3, size=7)]
    net = nn.build([4, 6, 5, 3], ["relu", "relu", "softmax"], seed=3)
    for layer in net.layers:  # biases away from 0 so no ReLU sits at its kink
        layer.bias[:] = rng.normal(size=layer.bias.shape) * 0.1
    _check_gradients(net, X, onehot, "categorical_crossentropy")


def test_backprop_matches_finite_differences_sigmoid_l2_sparse():
    rng = np.random.default_rng(2)
    X = rng.uniform(size=(9, 1))
    labels = rng.integers(0, 2, size=9)
    net = nn.build([1, 16, 32, 2], ["relu", "relu", "sigmoid"], l2=[None, 0.01, None])
    for layer in net.layers:
        layer.bias[:] = rng.normal(size=layer.bias.shape) * 0.1
    _check_gradients(net, X, labels, "sparse_categorical_crossentropy")


def test_backprop_linear_output_and_clipping():
    """A saturated softmax is clipped: the clipped entries pass no gradient."""
    net = nn.Network([nn.Dense([[40.0, -40.0]], [0.0, 0.0], "softmax")])
    X = np.array([[1.0], [-0.01]])
    _check_gradients(net, X, [1, 0], "sparse_categorical_crossentropy", 1e-5)
    loss = net.loss([[1.0]], [1], "sparse_categorical_crossentropy")
    assert loss == pytest.approx(-np.log(1e-7))


def test_crossentropy_matches_keras_numbers():
    # keras 3.15.1 (torch backend): SparseCategoricalCrossentropy() on these inputs
    value = nn.sparse_categorical_crossentropy([[0.8, 0.6], [0.3, 0.9]], [0, 1])
    assert value == pytest.approx(0.42364901304244995, rel=1e-6)


def test_glorot_limit():
    kernel = nn.glorot_uniform(np.random.default_rng(0), 16, 32)
    assert np.abs(kernel).max() <= np.sqrt(6 / 48)
    assert np.abs(kernel).max() > 0.95 * np.sqrt(6 / 48)
    assert nn.build([4, 3], ["softmax"]).layers[0].bias.tolist() == [0.0, 0.0, 0.0]


def test_bad_input_names_parameter():
    net = nn.build([4, 3], ["softmax"])
    with pytest.raises(ValueError, match="X must have shape"):
        net.forward(np.ones((2, 5)))
    with pytest.raises(ValueError, match="loss_name must be one of"):
        net.loss(np.ones((1, 4)), [0], "hinge")
    with pytest.raises(ValueError, match="labels in 0..2"):
        net.loss(np.ones((1, 4)), [3], "sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="momentum must be in"):
        SGD(0.1, momentum=1.0)
    with pytest.raises(TypeError, match="learning_rate must be a real number"):
        Adam(learning_rate="fast")


def test_divergence_is_a_status_not_a_warning():
    X, y = data.iris()
    net = nn.build([4, 50, 12, 3], ["relu", "relu", "softmax"], seed=0)
    history = nn.fit(net, SGD(1e200), X, y, epochs=20)
    assert history.diverged_at is not None
    assert history.status.startswith("loss became non-finite at epoch")


def test_twenty_epoch_iris_run_records_every_step():
    X, y = data.iris()
    net = nn.build([4, 50, 12, 3], ["relu", "relu", "softmax"], seed=0)
    history = nn.fit(
        net, SGD(0.1), X[:112], y[:112], epochs=20, validation_data=(X[112:], y[112:])
    )
    assert history.learning_rates.size == 80
    assert len(history.val_loss) == 20


# keras 3.15.1 (torch backend, float32): the iris model 4-50-12-3 given lrdoc's
# initial weights (build seed 0), fit(batch_size=32, epochs=20, shuffle=False) with
# categorical_crossentropy; history["loss"] per epoch and the final val_loss.
# Script: model.set_weights(lrdoc params); optimizer as named.
KERAS_IRIS = {
    "SGD(0.1)": (
        [
            1.202146,
            0.884762,
            0.807555,
            0.660051,
            0.599294,
            0.539471,
            0.537965,
            0.524198,
            0.505293,
            0.527814,
            0.458541,
            0.524716,
            0.526445,
            0.471097,
            0.529365,
            0.443999,
            0.441494,
            0.672391,
            0.370833,
            0.477656,
        ],
        0.283837,
    ),
    "SGD(InverseTimeDecay(0.2, 1, 0.01))": (
        [
            1.722515,
            1.098563,
            1.098487,
            1.098514,
            1.098579,
            1.098652,
            1.098721,
            1.098779,
            1.098826,
            1.098862,
            1.098889,
            1.098908,
            1.098921,
            1.098929,
            1.098932,
            1.098932,
            1.098929,
            1.098925,
            1.098918,
            1.098911,
        ],
        1.113344,
    ),
    "Adam()": (
        [
            1.398927,
            1.174901,
            1.043189,
            0.973709,
            0.947241,
            0.929584,
            0.901287,
            0.865897,
            0.833815,
            0.807265,
            0.782717,
            0.757738,
            0.73377,
            0.712071,
            0.691316,
            0.671012,
            0.651494,
            0.632812,
            0.614874,
            0.597757,
        ],
        0.547096,
    ),
}


@pytest.mark.parametrize(
    ("name", "optimizer"),
    [
        ("SGD(0.1)", lambda: SGD(0.1)),
        ("SGD(InverseTimeDecay(0.2, 1, 0.01))", lambda: SGD(0.2, decay=0.01)),
        ("Adam()", lambda: Adam()),
    ],
)
def test_iris_training_matches_keras(name, optimizer):
    X, y = data.iris()
    train, test = data.train_test_split_indices(150, 0.25, 42)
    onehot = np.eye(3)[y]
    net = nn.build([4, 50, 12, 3], ["relu", "relu", "softmax"], seed=0)
    history = nn.fit(
        net,
        optimizer(),
        X[train],
        onehot[train],
        epochs=20,
        loss="categorical_crossentropy",
        validation_data=(X[test], onehot[test]),
        shuffle=False,
    )
    losses, val_loss = KERAS_IRIS[name]
    assert history.loss == pytest.approx(losses, abs=2e-5)
    assert history.val_loss[-1] == pytest.approx(val_loss, abs=2e-5)


def test_tanh_backward_matches_finite_differences_with_mse():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(8, 4))
    targets = rng.normal(size=(8, 3))
    net = nn.build([4, 6, 3], ["tanh", "linear"], seed=1)
    for layer in net.layers:
        layer.bias[:] = rng.normal(size=layer.bias.shape) * 0.1
    _check_gradients(net, X, targets, "mse")


def test_tanh_softmax_crossentropy_gradients():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(7, 4))
    net = nn.build([4, 5, 3], ["tanh", "softmax"], seed=2)
    _check_gradients(
        net, X, rng.integers(0, 3, size=7), "sparse_categorical_crossentropy"
    )


def test_full_batch_gradient_descent_on_iris_with_tanh_and_mse():
    X, labels = data.iris()
    onehot = np.eye(3)[labels]
    net = nn.build([4, 8, 3], ["tanh", "linear"], seed=0)
    history = nn.fit(
        net,
        SGD(0.05),
        X,
        onehot,
        epochs=200,
        batch_size=len(X),
        loss="mse",
        shuffle=False,
    )
    assert history.diverged_at is None
    assert history.learning_rates.size == 200  # one step per epoch: full batch
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert history.accuracy[-1] > 0.8


def test_the_package_re_exports_every_public_name():
    for name in [
        "ACTIVATIONS",
        "EPSILON",
        "LOSSES",
        "Dense",
        "FitHistory",
        "Network",
        "Optimizer",
        "build",
        "categorical_crossentropy",
        "evaluate",
        "fit",
        "glorot_uniform",
        "mse",
        "sparse_categorical_crossentropy",
    ]:
        assert name in nn.__all__ and hasattr(nn, name)
    assert callable(nn.fit) and nn.ACTIVATIONS[-1] == "tanh"


def test_fit_stops_at_the_diverging_batch():
    X, y = data.iris()
    net = nn.build([4, 50, 12, 3], ["relu", "relu", "softmax"], seed=0)
    history = nn.fit(net, SGD(1e200), X, y, epochs=20, batch_size=10)
    assert history.diverged_at == 1
    assert history.learning_rates.size < 15  # stopped inside epoch 1


def test_full_batch_losses_are_the_loss_before_each_step():
    X, y = data.iris()
    net = nn.build([4, 8, 3], ["tanh", "softmax"], seed=1)
    start = net.loss(X, y, "sparse_categorical_crossentropy")
    history = nn.fit(net, SGD(0.1), X, y, epochs=5, batch_size=len(X), shuffle=False)
    assert history.batch_losses[0] == pytest.approx(start)
    np.testing.assert_allclose(history.batch_losses, history.loss)


@pytest.mark.parametrize("widths", [[6], [1, 6], [9, 1], [8, 2]], ids=str)
@pytest.mark.parametrize("hidden", nn.ACTIVATIONS)
def test_a_stack_equals_separate_networks(hidden, widths):
    """Every activation, loss and optimizer, hidden layers of one unit and of more
    (a stack lays the latter out samples first): model m of a stack gives, bit for
    bit, the loss, the gradients and the training of the network its seed draws."""
    X, y = data.iris()
    seeds, rates = [0, 3, 3], [0.01, 0.005, 0.002]
    onehot = np.eye(3)[y]
    outputs = {
        "sparse_categorical_crossentropy": ("softmax", y),
        "categorical_crossentropy": ("sigmoid", onehot),
        "mse": ("linear", onehot),
    }
    for loss, (last, target) in outputs.items():
        shape = ([4, *widths, 3], [hidden] * len(widths) + [last])
        l2 = [0.01] + [None] * len(widths)
        stack = nn.stack.build(*shape, seeds, l2=l2)
        stacked_loss, stacked_grads = stack.loss_and_gradients(X, target, loss)
        for m, seed in enumerate(seeds):
            net = nn.build(*shape, l2=l2, seed=seed)
            one_loss, one_grads = net.loss_and_gradients(X, target, loss)
            assert stacked_loss[m] == one_loss
            for stacked, one in zip(stacked_grads, one_grads, strict=True):
                np.testing.assert_array_equal(stacked[m], one)
        for make in (SGD, lambda r: SGD(r, momentum=0.9), Adam):
            stack = nn.stack.build(*shape, seeds, l2=l2)
            history = nn.fit(stack, make(rates), X, target, 2, 64, loss, seed=seeds)
            assert history.diverged_at == (None,) * len(seeds)  # one net would stop
            for m, (seed, rate) in enumerate(zip(seeds, rates, strict=True)):
                net = nn.build(*shape, l2=l2, seed=seed)
                one = nn.fit(net, make(rate), X, target, 2, 64, loss, seed=seed)
                np.testing.assert_array_equal(history.loss[m], one.loss)
                for stacked, single in zip(stack.params(), net.params(), strict=True):
                    np.testing.assert_array_equal(stacked[m], single)


def test_a_stack_trains_on_past_a_diverged_model():
    # A step of 1e308 times a gradient of about 5 overflows the kernel to inf.
    X, y = np.array([[10.0], [-10.0]]), np.array([1, 0])
    stack = nn.stack.build([1, 2], ["softmax"], seeds=[0, 0])
    history = nn.fit(stack, SGD([1e308, 1e-3]), X, y, epochs=3, batch_size=2)
    assert history.diverged_at[1] is None and history.diverged_at[0] in (1, 2, 3)
    assert np.isnan(history.loss[0, -1]) and np.isfinite(history.loss[1]).all()


@pytest.mark.parametrize("k", range(1, 13))
def test_short_row_sums_and_maxima_are_numpys_bits(k):
    """`_ops.row_sum` and `_ops.row_max` stand in for numpy's own reductions along
    the last axis because they are faster on a network's 2 or 3 classes; they must
    give the same numbers, infinities and NaNs included, and a sum the same signed
    zeros (the sign of a maximum of 0.0 and -0.0 is numpy's choice, which changes
    with the CPU's vector instructions; softmax subtracts it, where it cannot
    matter)."""
    from lrdoc.nn import _ops

    rng = np.random.default_rng(k)
    x = rng.standard_normal((7, 300, k)) * 10.0 ** rng.integers(-9, 9, (7, 300, k))
    x.flat[::13] = -0.0
    x.flat[::17] = 0.0
    x.flat[5::97] = np.inf
    x.flat[7::89] = -np.inf
    x.flat[11::101] = np.nan
    x[0, :3] = -0.0  # rows of -0.0 only: numpy's sum is +0.0
    with np.errstate(all="ignore"):
        for mine, theirs, signed in (
            (_ops.row_sum(x), x.sum(axis=-1, keepdims=True), True),
            (_ops.row_max(x), x.max(axis=-1, keepdims=True), False),
        ):
            assert mine.shape == theirs.shape
            assert np.array_equal(mine, theirs, equal_nan=True)
            assert not signed or (np.signbit(mine) == np.signbit(theirs)).all()
