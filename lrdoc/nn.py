r"""A small dense neural network in plain numpy: layers, activations, losses, backprop.

A :class:`Network` is a stack of :class:`Dense` layers. Layer :math:`l` computes

.. math:: z^{(l)} = a^{(l-1)} W^{(l)} + b^{(l)}, \qquad a^{(l)} = f_l(z^{(l)})

with :math:`a^{(0)} = X`, one row per sample. The conventions are those of Keras 3,
so that its published experiments can be redone here:

- kernels start Glorot-uniform, biases at zero (:func:`build`);
- the cross-entropy losses divide each row of probabilities by its sum, clip it to
  :math:`[10^{-7}, 1 - 10^{-7}]` and average over the batch;
- a layer's ``l2`` adds :math:`\lambda \sum W^2` to the loss;
- :func:`fit` shuffles every epoch, updates once per batch, and reports the epoch's
  training loss and accuracy as the running mean over its batches (each measured
  before that batch's update), like Keras' ``History``.

Everything is float64; Keras computes in float32.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks

ACTIVATIONS = ("linear", "relu", "sigmoid", "softmax", "tanh")
"""The activations a :class:`Dense` layer knows."""

LOSSES = ("categorical_crossentropy", "sparse_categorical_crossentropy", "mse")
"""The losses a :class:`Network` knows, by their Keras names."""

EPSILON = 1e-7
"""Keras' ``backend.epsilon()``: probabilities are clipped to [EPSILON, 1 - EPSILON]."""


class Optimizer(Protocol):
    """What :func:`fit` needs from an optimizer (see :mod:`lrdoc.optimizers`)."""

    def current_learning_rate(self) -> float: ...

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None: ...


def glorot_uniform(rng: np.random.Generator, n_in: int, n_out: int) -> np.ndarray:
    r"""A kernel drawn uniformly from :math:`[-\ell, \ell]`, Keras' default initializer.

    Keras' ``GlorotUniform`` uses :math:`\ell = \sqrt{6/(n_{in}+n_{out})}`.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the random numbers.
    n_in, n_out : int
        Number of inputs and outputs of the layer.

    Returns
    -------
    numpy.ndarray, shape (n_in, n_out)

    Examples
    --------
    >>> kernel = glorot_uniform(np.random.default_rng(0), 4, 50)
    >>> kernel.shape
    (4, 50)
    >>> bool(np.abs(kernel).max() <= np.sqrt(6 / 54))
    True
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {rng!r}")
    n_in = _checks.positive_int(n_in, "n_in")
    n_out = _checks.positive_int(n_out, "n_out")
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def _activate(name: str, z: np.ndarray) -> np.ndarray:
    if name == "linear":
        return z
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "sigmoid":
        with np.errstate(over="ignore"):
            return 1.0 / (1.0 + np.exp(-z))
    if name == "tanh":
        return np.tanh(z)
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def _activation_backward(name: str, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray):
    """dL/dz from dL/da, for a = f(z) applied row by row."""
    if name == "linear":
        return grad_a
    if name == "relu":
        return grad_a * (z > 0)
    if name == "sigmoid":
        return grad_a * a * (1.0 - a)
    if name == "tanh":
        return grad_a * (1.0 - a * a)
    return a * (grad_a - np.sum(grad_a * a, axis=1, keepdims=True))


class Dense:
    """A fully connected layer: ``activation(X @ kernel + bias)``.

    Parameters
    ----------
    kernel : array_like, shape (n_in, n_out)
    bias : array_like, shape (n_out,)
    activation : {"linear", "relu", "sigmoid", "softmax"}
    l2 : float
        Keras' ``regularizers.l2``: the loss gains ``l2 * sum(kernel**2)``.

    Examples
    --------
    >>> layer = Dense([[1.0, -1.0]], [0.0, 0.5], activation="relu")
    >>> layer.forward(np.array([[2.0]]))
    array([[2., 0.]])
    >>> Dense([[1.0]], [0.0], activation="elu")
    Traceback (most recent call last):
    ...
    ValueError: activation must be one of (...), got 'elu'
    """

    def __init__(
        self,
        kernel: ArrayLike,
        bias: ArrayLike,
        activation: str = "linear",
        l2: float = 0.0,
    ) -> None:
        self.kernel = _checks.real_array(kernel, "kernel")
        self.bias = _checks.real_array(bias, "bias")
        if self.kernel.ndim != 2:
            raise ValueError(f"kernel must be 2-d, got shape {self.kernel.shape}")
        if self.bias.shape != (self.kernel.shape[1],):
            raise ValueError(
                f"bias must have shape ({self.kernel.shape[1]},), got {self.bias.shape}"
            )
        if activation not in ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {ACTIVATIONS}, got {activation!r}"
            )
        self.activation = activation
        self.l2 = _checks.finite_number(l2, "l2")
        if self.l2 < 0:
            raise ValueError(f"l2 must be >= 0, got {l2!r}")

    def __repr__(self) -> str:
        n_in, n_out = self.kernel.shape
        extra = f", l2={self.l2!r}" if self.l2 else ""
        return f"Dense({n_in} -> {n_out}, {self.activation}{extra})"

    def forward(self, X: np.ndarray) -> np.ndarray:
        """The layer's output for inputs ``X`` of shape (n, n_in)."""
        return _activate(self.activation, X @ self.kernel + self.bias)


def _onehot_targets(
    y: ArrayLike, loss_name: str, n_classes: int, name: str = "y"
) -> np.ndarray:
    """Targets as a float one-hot (or probability) matrix, checked against the loss."""
    if loss_name not in LOSSES:
        raise ValueError(f"loss_name must be one of {LOSSES}, got {loss_name!r}")
    if loss_name == "mse":
        target = _checks.real_array(y, name)
        if target.ndim == 1 and n_classes == 1:
            target = target[:, None]
        if target.ndim != 2 or target.shape[1] != n_classes:
            raise ValueError(
                f"{name} must have shape (n, {n_classes}) for {loss_name}, "
                f"got {target.shape}"
            )
        return target
    if loss_name == "categorical_crossentropy":
        target = _checks.real_array(y, name)
        if target.ndim != 2 or target.shape[1] != n_classes:
            raise ValueError(
                f"{name} must have shape (n, {n_classes}) for {loss_name}, "
                f"got {target.shape}"
            )
        return target
    labels = np.asarray(y)
    if labels.dtype.kind not in "iu" and not (
        labels.dtype.kind == "f" and np.all(labels == np.round(labels))
    ):
        raise TypeError(f"{name} must hold integer labels for {loss_name}")
    labels = labels.astype(np.int64).reshape(-1)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"{name} must hold labels in 0..{n_classes - 1}, got {labels.min()} "
            f"to {labels.max()}"
        )
    return np.eye(n_classes)[labels]


def _crossentropy(
    probs: np.ndarray, target: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Keras cross-entropy: the mean loss, the per-sample losses, and dL/dprobs."""
    total = probs.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        p = probs / total
        clipped = np.clip(p, EPSILON, 1.0 - EPSILON)
        per_sample = -np.sum(target * np.log(clipped), axis=1)
        n = probs.shape[0]
        grad_p = -(target / clipped) * ((p >= EPSILON) & (p <= 1.0 - EPSILON)) / n
        grad_probs = (grad_p - np.sum(grad_p * p, axis=1, keepdims=True)) / total
    return float(np.mean(per_sample)), per_sample, grad_probs


def _mse(outputs: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    """Keras' mean squared error: the mean over outputs and samples, and dL/doutputs."""
    with np.errstate(over="ignore", invalid="ignore"):
        error = outputs - target
        loss = float(np.mean(error * error))
        grad = (2.0 / error.size) * error
    return loss, grad


def _data_loss(
    outputs: np.ndarray, target: np.ndarray, loss_name: str
) -> tuple[float, np.ndarray]:
    """The mean loss named ``loss_name`` and its gradient with respect to ``outputs``."""
    if loss_name == "mse":
        return _mse(outputs, target)
    loss, _, grad = _crossentropy(outputs, target)
    return loss, grad


def mse(outputs: ArrayLike, targets: ArrayLike) -> float:
    r"""Mean squared error over every output of every sample, as Keras' ``"mse"``:
    :math:`L = \frac{1}{nk}\sum_i\sum_j (a_{ij} - t_{ij})^2`.

    Examples
    --------
    >>> mse([[1.0, 0.0], [0.5, 0.5]], [[1.0, 0.0], [0.0, 1.0]])
    0.125
    """
    outputs = _checks.real_array(outputs, "outputs")
    targets = _checks.real_array(targets, "targets")
    if outputs.ndim != 2 or outputs.shape != targets.shape:
        raise ValueError(
            f"outputs and targets must be 2-d of the same shape, got {outputs.shape} "
            f"and {targets.shape}"
        )
    return _mse(outputs, targets)[0]


def categorical_crossentropy(probs: ArrayLike, onehot: ArrayLike) -> float:
    r"""Mean cross-entropy of probabilities against one-hot targets, as in Keras.

    Each row of ``probs`` is first divided by its sum and clipped to
    :math:`[10^{-7}, 1-10^{-7}]`; then
    :math:`L = -\frac1n \sum_i \sum_k t_{ik} \log p_{ik}`.

    Examples
    --------
    >>> round(categorical_crossentropy([[0.8, 0.6], [0.3, 0.9]], [[1, 0], [0, 1]]), 6)
    0.423649
    """
    probs = _checks.real_array(probs, "probs")
    onehot = _checks.real_array(onehot, "onehot")
    if probs.ndim != 2 or probs.shape != onehot.shape:
        raise ValueError(
            f"probs and onehot must be 2-d of the same shape, got {probs.shape} "
            f"and {onehot.shape}"
        )
    return _crossentropy(probs, onehot)[0]


def sparse_categorical_crossentropy(probs: ArrayLike, labels: ArrayLike) -> float:
    r"""Mean cross-entropy of probabilities against integer labels, as in Keras.

    The same as :func:`categorical_crossentropy` with ``labels`` one-hot encoded. On
    a two-unit sigmoid output the rows do not sum to 1, so the normalisation matters:
    :math:`-\frac12(\ln\frac{0.8}{1.4} + \ln\frac{0.9}{1.2})`.

    Examples
    --------
    >>> round(sparse_categorical_crossentropy([[0.8, 0.6], [0.3, 0.9]], [0, 1]), 6)
    0.423649
    """
    probs = _checks.real_array(probs, "probs")
    if probs.ndim != 2:
        raise ValueError(f"probs must be 2-d, got shape {probs.shape}")
    target = _onehot_targets(labels, "sparse_categorical_crossentropy", probs.shape[1])
    _checks.same_length(probs, target, ("probs", "labels"))
    return _crossentropy(probs, target)[0]


def _accuracy(probs: np.ndarray, target: np.ndarray) -> float:
    return float(np.mean(np.argmax(probs, axis=1) == np.argmax(target, axis=1)))


class Network:
    """A stack of :class:`Dense` layers with a loss and its exact gradients.

    Parameters
    ----------
    layers : sequence of Dense
        Each layer's ``n_in`` must equal the previous layer's ``n_out``.

    Examples
    --------
    >>> net = build([4, 50, 12, 3], ["relu", "relu", "softmax"], seed=0)
    >>> net
    Network([Dense(4 -> 50, relu), Dense(50 -> 12, relu), Dense(12 -> 3, softmax)])
    >>> [p.shape for p in net.params()]
    [(4, 50), (50,), (50, 12), (12,), (12, 3), (3,)]
    >>> net.forward(np.ones((2, 4))).sum(axis=1)
    array([1., 1.])
    """

    def __init__(self, layers: Sequence[Dense]) -> None:
        layers = list(layers)
        if not layers or not all(isinstance(layer, Dense) for layer in layers):
            raise TypeError(f"layers must be a non-empty list of Dense, got {layers!r}")
        for index in range(1, len(layers)):
            before, after = (
                layers[index - 1].kernel.shape[1],
                layers[index].kernel.shape[0],
            )
            if before != after:
                raise ValueError(
                    f"layers[{index}] takes {after} inputs but layers[{index - 1}] "
                    f"gives {before}"
                )
        self.layers = layers

    def __repr__(self) -> str:
        return f"Network({self.layers!r})"

    def params(self) -> list[np.ndarray]:
        """The live parameter arrays: ``[kernel1, bias1, kernel2, bias2, ...]``."""
        return [array for layer in self.layers for array in (layer.kernel, layer.bias)]

    def _inputs(self, X: ArrayLike) -> np.ndarray:
        X = _checks.real_array(X, "X")
        n_in = self.layers[0].kernel.shape[0]
        if X.ndim != 2 or X.shape[1] != n_in:
            raise ValueError(f"X must have shape (n, {n_in}), got {X.shape}")
        return X

    def forward(self, X: ArrayLike) -> np.ndarray:
        """The network's outputs for inputs ``X`` of shape (n, n_in)."""
        a = self._inputs(X)
        with np.errstate(over="ignore", invalid="ignore"):
            for layer in self.layers:
                a = layer.forward(a)
        return a

    def penalty(self) -> float:
        """The regularisation term: the sum of ``l2 * sum(kernel**2)`` over layers."""
        with np.errstate(over="ignore", invalid="ignore"):
            return float(
                sum(
                    layer.l2 * np.sum(layer.kernel**2)
                    for layer in self.layers
                    if layer.l2
                )
            )

    def loss(self, X: ArrayLike, y: ArrayLike, loss_name: str) -> float:
        """Mean loss over the samples plus the penalty, as Keras reports it.

        Examples
        --------
        >>> net = Network([Dense([[0.0, 0.0]], [0.0, 0.0], "softmax", l2=0.5)])
        >>> round(net.loss([[1.0]], [0], "sparse_categorical_crossentropy"), 6)
        0.693147
        """
        probs = self.forward(X)
        target = _onehot_targets(y, loss_name, probs.shape[1])
        _checks.same_length(probs, target, ("X", "y"))
        return _data_loss(probs, target, loss_name)[0] + self.penalty()

    def loss_and_gradients(
        self, X: ArrayLike, y: ArrayLike, loss_name: str
    ) -> tuple[float, list[np.ndarray]]:
        """The loss and its exact gradient with respect to each array of :meth:`params`.

        Backpropagation: the gradient of the loss with respect to each layer's output
        is passed back through its activation and its kernel, layer by layer.

        Examples
        --------
        One softmax layer, one sample: the gradient of the kernel is
        ``x (p - t)`` and that of the bias ``p - t``.

        >>> net = Network([Dense([[0.0, 0.0]], [0.0, 0.0], "softmax")])
        >>> loss, (d_kernel, d_bias) = net.loss_and_gradients(
        ...     [[2.0]], [0], "sparse_categorical_crossentropy")
        >>> round(loss, 6), d_kernel, d_bias
        (0.693147, array([[-1.,  1.]]), array([-0.5,  0.5]))
        """
        X = self._inputs(X)
        n_out = self.layers[-1].kernel.shape[1]
        target = _onehot_targets(y, loss_name, n_out)
        _checks.same_length(X, target, ("X", "y"))
        loss, grads, _ = self._backprop(X, target, loss_name)
        return loss, grads

    def _backprop(
        self, X: np.ndarray, target: np.ndarray, loss_name: str = LOSSES[0]
    ) -> tuple[float, list[np.ndarray], np.ndarray]:
        """Loss, gradients and output probabilities for checked inputs."""
        inputs, pre, outs = [], [], []
        a = X
        with np.errstate(over="ignore", invalid="ignore"):
            for layer in self.layers:
                z = a @ layer.kernel + layer.bias
                inputs.append(a)
                pre.append(z)
                a = _activate(layer.activation, z)
                outs.append(a)
        probs = a
        data_loss, grad_a = _data_loss(probs, target, loss_name)
        grads: list[np.ndarray] = []
        with np.errstate(over="ignore", invalid="ignore"):
            for index in range(len(self.layers) - 1, -1, -1):
                layer = self.layers[index]
                grad_z = _activation_backward(
                    layer.activation, pre[index], outs[index], grad_a
                )
                grad_kernel = inputs[index].T @ grad_z
                if layer.l2:
                    grad_kernel = grad_kernel + 2.0 * layer.l2 * layer.kernel
                grads[:0] = [grad_kernel, grad_z.sum(axis=0)]
                grad_a = grad_z @ layer.kernel.T
        return data_loss + self.penalty(), grads, probs


def build(
    sizes: Sequence[int],
    activations: Sequence[str],
    l2: float | Sequence[float | None] | None = None,
    seed: int = 0,
) -> Network:
    """A network with Glorot-uniform kernels and zero biases, Keras' defaults.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, input first: ``[4, 50, 12, 3]`` is 4 inputs, two hidden
        layers of 50 and 12 units, and 3 outputs.
    activations : sequence of str
        One per layer (``len(sizes) - 1`` of them).
    l2 : float, sequence or None
        The L2 factor of every layer, or one per layer (``None`` for none).
    seed : int
        Seed of the :class:`numpy.random.Generator` that draws the kernels, layer
        by layer.

    Examples
    --------
    >>> net = build([1, 16, 32, 2], ["relu", "relu", "sigmoid"], l2=[None, 0.01, None])
    >>> net.layers[1]
    Dense(16 -> 32, relu, l2=0.01)
    >>> round(float(net.layers[0].kernel[0, 0]), 6)
    0.162735
    >>> build([4, 3], ["relu", "softmax"])
    Traceback (most recent call last):
    ...
    ValueError: activations must have 1 entries (one per layer), got 2
    """
    sizes = [_checks.positive_int(size, f"sizes[{i}]") for i, size in enumerate(sizes)]
    if len(sizes) < 2:
        raise ValueError(f"sizes must have at least 2 entries, got {sizes!r}")
    count = len(sizes) - 1
    activations = list(activations)
    if len(activations) != count:
        raise ValueError(
            f"activations must have {count} entries (one per layer), "
            f"got {len(activations)}"
        )
    if l2 is None or isinstance(l2, int | float):
        factors = [l2 or 0.0] * count
    else:
        factors = [value or 0.0 for value in l2]
        if len(factors) != count:
            raise ValueError(
                f"l2 must have {count} entries (one per layer), got {len(factors)}"
            )
    seed = _checks.non_negative_int(seed, "seed")
    rng = np.random.default_rng(seed)
    layers = [
        Dense(glorot_uniform(rng, n_in, n_out), np.zeros(n_out), activation, factor)
        for n_in, n_out, activation, factor in zip(
            sizes[:-1], sizes[1:], activations, factors, strict=True
        )
    ]
    return Network(layers)


def evaluate(
    network: Network, X: ArrayLike, y: ArrayLike, loss_name: str
) -> tuple[float, float]:
    """Loss (with the penalty) and accuracy of ``network`` on ``(X, y)``.

    Accuracy is the fraction of samples whose largest output is the true class.

    Examples
    --------
    >>> net = Network([Dense([[1.0, -1.0]], [0.0, 0.0], "softmax")])
    >>> loss, accuracy = evaluate(net, [[1.0], [-1.0]], [0, 0],
    ...                           "sparse_categorical_crossentropy")
    >>> round(loss, 4), accuracy
    (1.1269, 0.5)
    """
    probs = network.forward(X)
    target = _onehot_targets(y, loss_name, probs.shape[1])
    _checks.same_length(probs, target, ("X", "y"))
    loss = _data_loss(probs, target, loss_name)[0] + network.penalty()
    return loss, _accuracy(probs, target)


@dataclass(frozen=True)
class FitHistory:
    """What :func:`fit` did, epoch by epoch, like Keras' ``History.history``.

    Attributes
    ----------
    loss, accuracy : numpy.ndarray, shape (epochs,)
        Training loss and accuracy of each epoch: the running mean over its
        batches, each batch measured just before its update.
    val_loss, val_accuracy : numpy.ndarray, shape (epochs,)
        Loss and accuracy on the validation data after each epoch (empty without
        validation data).
    learning_rates : numpy.ndarray, shape (steps,)
        The rate used at each optimizer step (one step per batch).
    diverged_at : int or None
        The epoch (counted from 1) in which the loss became non-finite, else None;
        the arrays stop there.
    """

    loss: np.ndarray
    accuracy: np.ndarray
    val_loss: np.ndarray
    val_accuracy: np.ndarray
    learning_rates: np.ndarray
    diverged_at: int | None

    @property
    def status(self) -> str:
        """One line that says how the run ended.

        Examples
        --------
        >>> x, y = np.array([[0.0], [1.0]]), np.array([0, 1])
        >>> from lrdoc.optimizers import SGD
        >>> net = build([1, 2], ["softmax"], seed=0)
        >>> fit(net, SGD(0.1), x, y, epochs=3).status
        'finished 3 epochs, loss 0.96'
        """
        if self.diverged_at is None:
            return f"finished {len(self.loss)} epochs, loss {self.loss[-1]:.3g}"
        return f"loss became non-finite at epoch {self.diverged_at}"


def fit(
    network: Network,
    optimizer: Optimizer,
    X: ArrayLike,
    y: ArrayLike,
    epochs: int,
    batch_size: int = 32,
    loss: str = "sparse_categorical_crossentropy",
    validation_data: tuple[ArrayLike, ArrayLike] | None = None,
    shuffle: bool = True,
    seed: int = 0,
) -> FitHistory:
    """Train ``network`` in place by mini-batch updates, as Keras' ``model.fit`` does.

    Each epoch shuffles the samples (``numpy.random.default_rng(seed)``, one
    permutation per epoch), cuts them into batches of ``batch_size`` (the last one
    smaller), and makes one optimizer step per batch.

    Parameters
    ----------
    network : Network
    optimizer : object with ``current_learning_rate()`` and ``apply(params, grads)``
        See :mod:`lrdoc.optimizers`.
    X, y : array_like
        Inputs, shape (n, n_in), and targets: integer labels for the sparse loss,
        one-hot rows for ``categorical_crossentropy``.
    epochs, batch_size : int
    loss : str
        ``"sparse_categorical_crossentropy"`` or ``"categorical_crossentropy"``.
    validation_data : (X_val, y_val) or None
        Evaluated after every epoch.
    shuffle : bool
    seed : int

    Returns
    -------
    FitHistory

    Examples
    --------
    >>> from lrdoc.optimizers import SGD
    >>> x = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> y = np.array([0, 0, 1, 1])
    >>> net = build([1, 2], ["softmax"], seed=0)
    >>> history = fit(net, SGD(0.5), x, y, epochs=50, batch_size=2)
    >>> history.learning_rates.size, float(history.accuracy[-1])
    (100, 1.0)
    >>> fit(net, SGD(0.5), x, y, epochs=0)
    Traceback (most recent call last):
    ...
    ValueError: epochs must be >= 1, got 0
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {network!r}")
    epochs = _checks.positive_int(epochs, "epochs")
    batch_size = _checks.positive_int(batch_size, "batch_size")
    seed = _checks.non_negative_int(seed, "seed")
    X = network._inputs(X)
    n_out = network.layers[-1].kernel.shape[1]
    target = _onehot_targets(y, loss, n_out)
    _checks.same_length(X, target, ("X", "y"))
    rng = np.random.default_rng(seed)
    n = X.shape[0]
    params = network.params()
    history: dict[str, list[float]] = {
        "loss": [],
        "accuracy": [],
        "val_loss": [],
        "val_accuracy": [],
    }
    rates: list[float] = []
    diverged_at = None
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n) if shuffle else np.arange(n)
        loss_sum, correct = 0.0, 0.0
        for start in range(0, n, batch_size):
            batch = order[start : start + batch_size]
            batch_loss, grads, probs = network._backprop(X[batch], target[batch], loss)
            correct += _accuracy(probs, target[batch]) * batch.size
            loss_sum += batch_loss * batch.size
            rates.append(float(optimizer.current_learning_rate()))
            with np.errstate(over="ignore", invalid="ignore"):
                optimizer.apply(params, grads)
        history["loss"].append(loss_sum / n)
        history["accuracy"].append(correct / n)
        if validation_data is not None:
            val_loss, val_accuracy = evaluate(network, *validation_data, loss)
            history["val_loss"].append(val_loss)
            history["val_accuracy"].append(val_accuracy)
        if not np.isfinite(loss_sum) or not all(np.isfinite(p).all() for p in params):
            diverged_at = epoch
            break
    return FitHistory(
        **{key: np.array(values) for key, values in history.items()},
        learning_rates=np.array(rates),
        diverged_at=diverged_at,
    )
