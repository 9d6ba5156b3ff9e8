r"""The network: a stack of :class:`~lrdoc.nn.layers.Dense` layers, its loss, and
the loss's exact gradients by backpropagation.

With :math:`a^{(0)} = X`, layer :math:`l` computes
:math:`a^{(l)} = f_l(a^{(l-1)} W^{(l)} + b^{(l)})`; the loss compares the last
layer's output with the targets and adds each layer's L2 penalty.

The same code runs a stack of networks (:mod:`lrdoc.nn.stack`): every array then
has a leading model axis, and the loss is one number per model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks
from lrdoc.nn import _ops
from lrdoc.nn.layers import Dense, glorot_uniform
from lrdoc.nn.losses import LOSSES, _accuracy, _data_loss, loss_name, targets


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
        layers = _checks.sequence(layers, "layers", "Dense layers")
        if not layers or not all(isinstance(layer, Dense) for layer in layers):
            raise TypeError(
                f"layers must be a non-empty list of Dense, got {_checks.show(layers)}"
            )
        models = {layer.kernel.shape[:-2] for layer in layers}
        if len(models) != 1:
            raise ValueError(
                "layers must all be single layers or all hold the same number of "
                f"models, got leading shapes {sorted(models)}"
            )
        for index in range(1, len(layers)):
            before, after = (
                layers[index - 1].kernel.shape[-1],
                layers[index].kernel.shape[-2],
            )
            if before != after:
                raise ValueError(
                    f"layers[{index}] takes {after} inputs but layers[{index - 1}] "
                    f"gives {before}"
                )
        self.layers = layers

    def __repr__(self) -> str:
        return f"Network({self.layers!r})"

    @property
    def n_inputs(self) -> int:
        """Number of inputs of the first layer.

        Examples
        --------
        >>> build([4, 3], ["softmax"]).n_inputs
        4
        """
        return int(self.layers[0].kernel.shape[-2])

    @property
    def n_outputs(self) -> int:
        """Number of outputs of the last layer.

        Examples
        --------
        >>> build([4, 3], ["softmax"]).n_outputs
        3
        """
        return int(self.layers[-1].kernel.shape[-1])

    @property
    def models(self) -> int | None:
        """The number of models of a stack (:mod:`lrdoc.nn.stack`); None for one
        network.

        Examples
        --------
        >>> build([4, 3], ["softmax"]).models is None
        True
        """
        kernel = self.layers[0].kernel
        return int(kernel.shape[0]) if kernel.ndim == 3 else None

    def params(self) -> list[np.ndarray]:
        """The live parameter arrays: ``[kernel1, bias1, kernel2, bias2, ...]``.

        Examples
        --------
        >>> [p.shape for p in build([2, 3], ["tanh"]).params()]
        [(2, 3), (3,)]
        """
        return [array for layer in self.layers for array in (layer.kernel, layer.bias)]

    def size(self) -> int:
        """Number of trainable numbers in the network (in a stack, in all models).

        Examples
        --------
        >>> build([4, 50, 12, 3], ["relu", "relu", "softmax"]).size()
        901
        """
        return sum(int(p.size) for p in self.params())

    def _batch_numbers(self, n: int, backward: bool = True) -> int:
        """About how many numbers one pass of ``n`` samples holds, for every model:
        forward and back, per unit its input, weighted sum, output and their
        gradients, with room for the loss's temporaries (six per unit, measured
        about five); forward only, three per unit (measured about two)."""
        widths = self.n_inputs + sum(int(layer.bias.shape[-1]) for layer in self.layers)
        return (6 if backward else 3) * (self.models or 1) * n * widths

    def _inputs(
        self, X: ArrayLike, name: str = "X", passes: str = "backward"
    ) -> np.ndarray:
        """Checked inputs, refused if one pass of all of them (``passes``:
        ``"backward"``, ``"forward"`` or ``"none"`` for no check, a caller that
        estimates its own) would need more than :data:`lrdoc._checks.MAX_BYTES`."""
        X = _checks.finite_matrix(X, name, columns=self.n_inputs)
        if passes != "none":
            _checks.memory(
                f"a {passes} pass of {X.shape[0]} samples ({name}) through a network "
                f"of {self.size()} parameters",
                self._batch_numbers(X.shape[0], passes == "backward"),
            )
        return X

    def _data(
        self,
        X: ArrayLike,
        y: ArrayLike,
        loss: str,
        names: tuple[str, str, str],
        passes: str = "backward",
    ) -> tuple[np.ndarray, np.ndarray]:
        """Checked inputs and targets (as a matrix) for the loss named ``loss``;
        ``passes`` as for :meth:`_inputs`."""
        loss = loss_name(loss, names[2])
        X = self._inputs(X, names[0], passes)
        target = targets(y, loss, self.n_outputs, names[1])
        _checks.same_length(X, target, names[:2])
        return X, target

    def forward(self, X: ArrayLike) -> np.ndarray:
        """The network's outputs for inputs ``X`` of shape (n, n_in).

        Examples
        --------
        >>> Network([Dense([[1.0], [1.0]], [0.0], "tanh")]).forward([[0.5, -0.5]])
        array([[0.]])
        """
        return self._forward(self._inputs(X, passes="forward"))

    def penalty(self) -> float:
        """The regularisation term: the sum of ``l2 * sum(kernel**2)`` over layers.

        Examples
        --------
        >>> Network([Dense([[1.0, 2.0]], [0.0, 0.0], l2=0.1)]).penalty()
        0.5
        """
        return float(self._penalty())

    def _penalty(self) -> np.ndarray:
        """:meth:`penalty`, one per model in a stack."""
        total = np.zeros(self.layers[0].kernel.shape[:-2])
        with np.errstate(all="ignore"):
            for layer in self.layers:
                if layer.l2:
                    total = total + layer.l2 * np.sum(layer.kernel**2, axis=(-2, -1))
        return total

    def loss(self, X: ArrayLike, y: ArrayLike, loss_name: str) -> Any:
        """Mean loss over the samples plus the penalty, as Keras reports it (in a
        stack, an array: one loss per model).

        Examples
        --------
        >>> net = Network([Dense([[0.0, 0.0]], [0.0, 0.0], "softmax", l2=0.5)])
        >>> round(net.loss([[1.0]], [0], "sparse_categorical_crossentropy"), 6)
        0.693147
        """
        X, target = self._data(X, y, loss_name, ("X", "y", "loss_name"), "forward")
        outputs = self._forward(X)
        return _scalar(_data_loss(outputs, target, loss_name)[0] + self._penalty())

    def loss_and_gradients(
        self, X: ArrayLike, y: ArrayLike, loss_name: str
    ) -> tuple[Any, list[np.ndarray]]:
        """The loss and its exact gradient with respect to each array of :meth:`params`
        (in a stack, one loss per model).

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
        X, target = self._data(X, y, loss_name, ("X", "y", "loss_name"))
        loss, grads, _ = self._backprop(X, target, loss_name)
        return _scalar(loss), grads

    def _samples_first(self) -> list[bool]:
        """Per layer, whether a stack's passes lay out its arrays samples first
        (:func:`lrdoc.nn._ops.samples_first`): a hidden layer whose inputs, units
        and next layer's units are each two or more, so that every product that
        reads them multiplies two matrices. The values are the same either way."""
        widths = [self.layers[0].kernel.shape[-2]]
        widths += [layer.kernel.shape[-1] for layer in self.layers]
        stacked = self.models is not None
        return [
            stacked
            and index < len(self.layers) - 1
            and min(widths[index : index + 3]) > 1
            for index in range(len(self.layers))
        ]

    def _forward(self, X: np.ndarray) -> np.ndarray:
        a = X
        for layer, first in zip(self.layers, self._samples_first(), strict=True):
            a = layer._activate_over(layer._sums(a, first))
        return a

    def _backprop(
        self, X: np.ndarray, target: np.ndarray, loss_name: str = LOSSES[0]
    ) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
        """Loss, gradients and outputs for checked inputs and target matrix.

        In a stack, ``X`` and ``target`` are shared, shape (n, k), or one batch per
        model, shape (models, n, k); the loss is one per model."""
        inputs, pre, outs = [], [], []
        a = X
        last = len(self.layers) - 1
        first = self._samples_first()
        with np.errstate(all="ignore"):
            # each activation over its own sums, the hidden layers samples first
            for index, layer in enumerate(self.layers):
                z = layer._sums(a, first[index])
                inputs.append(a)
                pre.append(z)
                a = layer._activate_over(z)
                outs.append(a)
            outputs = a
            data_loss, grad_a = _data_loss(outputs, target, loss_name)
            grads: list[np.ndarray] = []
            for index in range(last, -1, -1):
                layer = self.layers[index]
                grad_z = layer._backward_over(pre[index], outs[index], grad_a)
                grad_kernel = _ops.matmul(np.swapaxes(inputs[index], -1, -2), grad_z)
                if layer.l2:
                    grad_kernel = grad_kernel + 2.0 * layer.l2 * layer.kernel
                grads[:0] = [grad_kernel, grad_z.sum(axis=-2)]
                if index:  # the inputs' own gradient is never needed
                    product = _ops.samples_first if first[index - 1] else _ops.matmul
                    grad_a = product(grad_z, np.swapaxes(layer.kernel, -1, -2))
        return data_loss + self._penalty(), grads, outputs


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
    sizes = _checks.sequence(sizes, "sizes", "layer sizes")
    sizes = [_checks.positive_int(size, f"sizes[{i}]") for i, size in enumerate(sizes)]
    if len(sizes) < 2:
        raise ValueError(
            f"sizes must have at least 2 entries, got {_checks.show(sizes)}"
        )
    count = len(sizes) - 1
    activations = _checks.sequence(activations, "activations", "activation names")
    if len(activations) != count:
        raise ValueError(
            f"activations must have {count} entries (one per layer), "
            f"got {len(activations)}"
        )
    if l2 is None or isinstance(l2, int | float):
        factors = [l2 or 0.0] * count
    else:
        factors = [value or 0.0 for value in _checks.sequence(l2, "l2", "factors")]
        if len(factors) != count:
            raise ValueError(
                f"l2 must have {count} entries (one per layer), got {len(factors)}"
            )
    seed = _checks.non_negative_int(seed, "seed")
    kernels = sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    _checks.run_size(kernels, "parameters")
    # the kernels, and the draws they are made from
    _checks.memory(f"build(sizes={list(sizes)})", (3, kernels + sum(sizes)))
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
) -> tuple[Any, Any]:
    """Loss (with the penalty) and accuracy of ``network`` on ``(X, y)``.

    Accuracy is the fraction of samples whose largest output is the true class. For a
    stack (:mod:`lrdoc.nn.stack`) both are arrays, one entry per model.

    Examples
    --------
    >>> net = Network([Dense([[1.0, -1.0]], [0.0, 0.0], "softmax")])
    >>> loss, accuracy = evaluate(net, [[1.0], [-1.0]], [0, 0],
    ...                           "sparse_categorical_crossentropy")
    >>> round(loss, 4), accuracy
    (1.1269, 0.5)
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {_checks.show(network)}")
    X, target = network._data(X, y, loss_name, ("X", "y", "loss_name"), "forward")
    loss, accuracy = _evaluate(network, X, target, loss_name)
    return _scalar(loss), _scalar(accuracy)


CHUNK = 128
"""A stack is evaluated on this many samples at a time: its batched products then
stay in the CPU's cache."""


def _evaluate(
    network: Network, X: np.ndarray, target: np.ndarray, loss: str
) -> tuple[np.ndarray, np.ndarray]:
    rows = X.shape[0] if network.models is None else CHUNK
    with np.errstate(all="ignore"):
        outputs = np.concatenate(
            [network._forward(X[at : at + rows]) for at in range(0, X.shape[0], rows)],
            axis=-2,
        )
        value = _data_loss(outputs, target, loss)[0] + network._penalty()
    return value, _accuracy(outputs, target)


def _scalar(value: np.ndarray) -> Any:
    """A float for one network's 0-d result, the array itself for a stack's."""
    return float(value) if np.ndim(value) == 0 else value
