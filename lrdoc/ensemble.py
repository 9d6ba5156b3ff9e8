r"""Many copies of one dense network, trained at once: one array per layer, a leading
"model" axis.

A sweep over rates × seeds trains many small networks that differ only in their
starting weights, their shuffling and their rate. :class:`Stack` holds all of them:
layer :math:`l`'s kernels are one array of shape ``(models, n_in, n_out)``, and one
batched matrix product computes every model's layer at once. Each model is exactly the
network that :func:`lrdoc.nn.build` draws from its seed, and :func:`fit` trains each
exactly as :func:`lrdoc.nn.fit` would with the same seed (same Glorot draws, same
shuffles, same Keras loss, same SGD or Adam steps), to rounding.

Each model has its own learning rate at every step, so a constant rate, a schedule,
or a different rate per model are all the same array ``rates[model, step]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks
from lrdoc.nn import ACTIVATIONS, EPSILON, glorot_uniform

OPTIMIZERS = ("sgd", "adam")
"""The update rules :func:`fit` knows: plain SGD, and Adam as :class:`lrdoc.optimizers.Adam`."""


class Stack:
    """``models`` copies of one network shape, each with its own weights.

    Parameters
    ----------
    kernels : sequence of numpy.ndarray
        One per layer, shape ``(models, n_in, n_out)``.
    biases : sequence of numpy.ndarray
        One per layer, shape ``(models, n_out)``.
    activations : sequence of str
        One per layer, from :data:`lrdoc.nn.ACTIVATIONS`.
    l2 : sequence of float
        One per layer: the loss gains ``l2 * sum(kernel**2)`` per model.

    Examples
    --------
    >>> stack = build([4, 50, 12, 3], ["relu", "relu", "softmax"], seeds=[0, 1, 2])
    >>> stack
    Stack(3 models, sizes [4, 50, 12, 3], ['relu', 'relu', 'softmax'])
    >>> stack.kernels[0].shape, stack.biases[2].shape
    ((3, 4, 50), (3, 3))
    """

    def __init__(
        self,
        kernels: Sequence[np.ndarray],
        biases: Sequence[np.ndarray],
        activations: Sequence[str],
        l2: Sequence[float],
    ) -> None:
        self.kernels = [np.array(k, dtype=np.float64) for k in kernels]
        self.biases = [np.array(b, dtype=np.float64) for b in biases]
        self.activations = list(activations)
        self.l2 = [float(f) for f in l2]
        if not self.kernels or not (
            len(self.kernels)
            == len(self.biases)
            == len(self.activations)
            == len(self.l2)
        ):
            raise ValueError(
                "kernels, biases, activations and l2 must have one entry per layer"
            )
        for name in self.activations:
            if name not in ACTIVATIONS:
                raise ValueError(
                    f"activation must be one of {ACTIVATIONS}, got {name!r}"
                )

    @property
    def models(self) -> int:
        """The number of models.

        Examples
        --------
        >>> build([1, 2], ["softmax"], seeds=[0, 1, 2]).models
        3
        """
        return self.kernels[0].shape[0]

    @property
    def sizes(self) -> list[int]:
        """Layer widths, input first.

        Examples
        --------
        >>> build([1, 4, 2], ["relu", "softmax"], seeds=[0]).sizes
        [1, 4, 2]
        """
        return [self.kernels[0].shape[1]] + [k.shape[2] for k in self.kernels]

    def __repr__(self) -> str:
        return f"Stack({self.models} models, sizes {self.sizes}, {self.activations})"

    def copy(self) -> Stack:
        """An independent copy (training changes a stack in place).

        Examples
        --------
        >>> stack = build([1, 2], ["softmax"], seeds=[0])
        >>> twin = stack.copy()
        >>> twin.kernels[0][...] = 0.0
        >>> bool(stack.kernels[0].any())
        True
        """
        return Stack(self.kernels, self.biases, self.activations, self.l2)

    def params(self) -> list[np.ndarray]:
        """The live arrays ``[kernel1, bias1, kernel2, bias2, ...]``.

        Examples
        --------
        >>> [p.shape for p in build([1, 2], ["softmax"], seeds=[0, 1]).params()]
        [(2, 1, 2), (2, 2)]
        """
        return [a for pair in zip(self.kernels, self.biases, strict=True) for a in pair]


def build(
    sizes: Sequence[int],
    activations: Sequence[str],
    seeds: Sequence[int],
    l2: Sequence[float | None] | None = None,
) -> Stack:
    """One model per seed, each drawn exactly as :func:`lrdoc.nn.build` draws it.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, input first.
    activations : sequence of str
        One per layer.
    seeds : sequence of int
        One per model; seeds may repeat (the same start for several rates).
    l2 : sequence of float or None
        One L2 factor per layer (``None`` for none).

    Examples
    --------
    >>> from lrdoc import nn
    >>> stack = build([1, 16, 32, 2], ["relu", "relu", "sigmoid"], seeds=[0, 5],
    ...               l2=[None, 0.01, None])
    >>> one = nn.build([1, 16, 32, 2], ["relu", "relu", "sigmoid"], seed=5)
    >>> bool(np.array_equal(stack.kernels[1][1], one.layers[1].kernel))
    True
    >>> build([4, 3], ["relu"], seeds=[])
    Traceback (most recent call last):
    ...
    ValueError: seeds must hold at least one seed, got []
    """
    sizes = [_checks.positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
    count = len(sizes) - 1
    if count < 1 or len(activations) != count:
        raise ValueError(
            f"activations must have {count} entries (one per layer), got {len(activations)}"
        )
    seeds = [_checks.non_negative_int(s, "seeds") for s in seeds]
    if not seeds:
        raise ValueError(f"seeds must hold at least one seed, got {seeds!r}")
    factors = [0.0] * count if l2 is None else [f or 0.0 for f in l2]
    if len(factors) != count:
        raise ValueError(
            f"l2 must have {count} entries (one per layer), got {len(factors)}"
        )
    drawn: dict[int, list[np.ndarray]] = {}
    for seed in set(seeds):
        rng = np.random.default_rng(seed)
        drawn[seed] = [
            glorot_uniform(rng, i, o)
            for i, o in zip(sizes[:-1], sizes[1:], strict=True)
        ]
    kernels = [np.stack([drawn[s][layer] for s in seeds]) for layer in range(count)]
    biases = [np.zeros((len(seeds), o)) for o in sizes[1:]]
    return Stack(kernels, biases, activations, factors)


def _activate(name: str, z: np.ndarray) -> np.ndarray:
    if name == "linear":
        return z
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _activation_backward(
    name: str, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray
) -> np.ndarray:
    if name == "linear":
        return grad_a
    if name == "relu":
        return grad_a * (z > 0)
    if name == "sigmoid":
        return grad_a * a * (1.0 - a)
    return a * (grad_a - np.sum(grad_a * a, axis=-1, keepdims=True))


def _forward(stack: Stack, X: np.ndarray) -> tuple[list, list, list]:
    inputs, pre, outs = [], [], []
    a = X
    for kernel, bias, name in zip(
        stack.kernels, stack.biases, stack.activations, strict=True
    ):
        z = a @ kernel + bias[:, None, :]
        inputs.append(a)
        pre.append(z)
        a = _activate(name, z)
        outs.append(a)
    return inputs, pre, outs


def _crossentropy(
    probs: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Keras cross-entropy per model: the mean loss (models,) and dL/dprobs."""
    total = probs.sum(axis=-1, keepdims=True)
    p = probs / total
    clipped = np.clip(p, EPSILON, 1.0 - EPSILON)
    per_sample = -np.sum(target * np.log(clipped), axis=-1)
    n = probs.shape[-2]
    grad_p = -(target / clipped) * ((p >= EPSILON) & (p <= 1.0 - EPSILON)) / n
    grad_probs = (grad_p - np.sum(grad_p * p, axis=-1, keepdims=True)) / total
    return per_sample.mean(axis=-1), grad_probs


def _penalty(stack: Stack) -> np.ndarray:
    total = np.zeros(stack.models)
    for kernel, factor in zip(stack.kernels, stack.l2, strict=True):
        if factor:
            total = total + factor * np.sum(kernel**2, axis=(1, 2))
    return total


def loss_and_gradients(
    stack: Stack, X: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Each model's loss on its own batch, its gradients, and its outputs.

    Parameters
    ----------
    stack : Stack
    X : numpy.ndarray, shape (models, batch, n_in)
    target : numpy.ndarray, shape (models, batch, n_out)
        One-hot rows.

    Returns
    -------
    loss : numpy.ndarray, shape (models,)
        Mean Keras cross-entropy plus the L2 penalty, as :meth:`lrdoc.nn.Network.loss`.
    grads : list of numpy.ndarray
        Shaped as :meth:`Stack.params`.
    probs : numpy.ndarray, shape (models, batch, n_out)

    Examples
    --------
    >>> from lrdoc import nn
    >>> stack = build([4, 5, 3], ["relu", "softmax"], seeds=[3])
    >>> X, y = np.ones((2, 4)), np.array([0, 2])
    >>> loss, grads, _ = loss_and_gradients(stack, X[None], np.eye(3)[y][None])
    >>> one_loss, one_grads = nn.build([4, 5, 3], ["relu", "softmax"], seed=3
    ...     ).loss_and_gradients(X, y, "sparse_categorical_crossentropy")
    >>> bool(np.isclose(loss[0], one_loss)), bool(np.allclose(grads[0][0], one_grads[0]))
    (True, True)
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        inputs, pre, outs = _forward(stack, X)
        probs = outs[-1]
        data_loss, grad_a = _crossentropy(probs, target)
        grads: list[np.ndarray] = []
        for index in range(len(stack.kernels) - 1, -1, -1):
            kernel = stack.kernels[index]
            grad_z = _activation_backward(
                stack.activations[index], pre[index], outs[index], grad_a
            )
            grad_kernel = np.swapaxes(inputs[index], 1, 2) @ grad_z
            if stack.l2[index]:
                grad_kernel = grad_kernel + 2.0 * stack.l2[index] * kernel
            grads[:0] = [grad_kernel, grad_z.sum(axis=1)]
            grad_a = grad_z @ np.swapaxes(kernel, 1, 2)
        loss = data_loss + _penalty(stack)
    return loss, grads, probs


def evaluate(stack: Stack, X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Every model's loss (with the penalty) and accuracy on the same data.

    Parameters
    ----------
    stack : Stack
    X : array_like, shape (n, n_in)
    y : array_like of int, shape (n,)
        Class labels.

    Returns
    -------
    loss, accuracy : numpy.ndarray, shape (models,)
        A model whose weights are not finite has loss ``inf``.

    Examples
    --------
    >>> stack = build([1, 2], ["softmax"], seeds=[0, 1])
    >>> loss, accuracy = evaluate(stack, [[1.0], [-1.0]], [0, 1])
    >>> loss.shape, accuracy.shape
    ((2,), (2,))
    """
    X, target = _data(stack, X, y)
    chunks = []
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        # Small chunks of samples keep the batched products in cache.
        for start in range(0, X.shape[0], 128):
            part = X[start : start + 128]
            shared = np.ascontiguousarray(
                np.broadcast_to(part, (stack.models, *part.shape))
            )
            chunks.append(_forward(stack, shared)[2][-1])
        probs = np.concatenate(chunks, axis=1)
        data_loss, _ = _crossentropy(probs, np.broadcast_to(target, probs.shape))
        loss = data_loss + _penalty(stack)
    accuracy = np.mean(probs.argmax(axis=-1) == target.argmax(axis=-1), axis=-1)
    finite = _finite_models(stack.params())
    return np.where(finite & np.isfinite(loss), loss, np.inf), accuracy


def _data(stack: Stack, X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    X = _checks.real_array(X, "X")
    n_in, n_out = stack.sizes[0], stack.sizes[-1]
    if X.ndim != 2 or X.shape[1] != n_in:
        raise ValueError(f"X must have shape (n, {n_in}), got {X.shape}")
    labels = np.asarray(y)
    if labels.dtype.kind not in "iu" or labels.shape != (X.shape[0],):
        raise ValueError(f"y must hold {X.shape[0]} integer labels, got {labels!r}")
    if labels.min() < 0 or labels.max() >= n_out:
        raise ValueError(f"y must hold labels in 0..{n_out - 1}")
    return X, np.eye(n_out)[labels]


@dataclass(frozen=True)
class StackHistory:
    """What :func:`fit` did to each model.

    Attributes
    ----------
    loss : numpy.ndarray, shape (models, epochs)
        Each epoch's training loss, the mean over its batches (each measured before
        its update), as :class:`lrdoc.nn.FitHistory` and Keras report it; ``nan``
        after a model diverged.
    final_loss, final_accuracy : numpy.ndarray, shape (models,)
        Loss and accuracy on the whole training set after the last epoch
        (:func:`evaluate`); ``inf`` loss for a model that diverged.
    diverged_at : tuple of (int or None)
        Per model, the epoch (from 1) whose loss became non-finite, or None (never).
    """

    loss: np.ndarray
    final_loss: np.ndarray
    final_accuracy: np.ndarray
    diverged_at: tuple[int | None, ...]


def fit(
    stack: Stack,
    X: ArrayLike,
    y: ArrayLike,
    rates: ArrayLike,
    epochs: int,
    batch_size: int = 32,
    seeds: Sequence[int] | None = None,
    optimizer: str = "sgd",
) -> StackHistory:
    """Train every model of ``stack`` in place, each as :func:`lrdoc.nn.fit` would.

    Every epoch, model ``m`` visits the samples in the order
    ``numpy.random.default_rng(seeds[m])`` draws (one permutation per epoch), in
    batches of ``batch_size`` (the last one smaller), one step per batch.

    Parameters
    ----------
    stack : Stack
    X : array_like, shape (n, n_in)
    y : array_like of int, shape (n,)
    rates : array_like, shape (models,) or (models, steps)
        Each model's rate: one constant, or one per step (a schedule, evaluated).
        ``steps`` is ``epochs * ceil(n / batch_size)``.
    epochs, batch_size : int
    seeds : sequence of int, optional
        Each model's shuffling seed; by default model ``m`` uses seed ``m``.
    optimizer : {"sgd", "adam"}
        Plain SGD, or Adam with Keras' defaults (β1 = 0.9, β2 = 0.999, ε̂ = 1e-7).

    Returns
    -------
    StackHistory

    Examples
    --------
    Two seeds at three rates each, six models in one computation:

    >>> from lrdoc import data
    >>> X, y = data.iris()
    >>> seeds = [0, 0, 0, 1, 1, 1]
    >>> stack = build([4, 50, 12, 3], ["relu", "relu", "softmax"], seeds=seeds)
    >>> history = fit(stack, X, y, [0.3, 0.01, 0.001] * 2, epochs=5, seeds=seeds)
    >>> history.loss.shape, history.diverged_at
    ((6, 5), (None, None, None, None, None, None))
    >>> fit(stack, X, y, [0.1], epochs=5)
    Traceback (most recent call last):
    ...
    ValueError: rates must have shape (6,) or (6, 25), got (1,)
    """
    X, target = _data(stack, X, y)
    epochs = _checks.positive_int(epochs, "epochs")
    batch_size = _checks.positive_int(batch_size, "batch_size")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}")
    models, n = stack.models, X.shape[0]
    per_epoch = -(-n // batch_size)
    steps = epochs * per_epoch
    rates = np.asarray(rates, dtype=np.float64)
    if rates.shape == (models,):
        rates = np.repeat(rates[:, None], steps, axis=1)
    if rates.shape != (models, steps):
        raise ValueError(
            f"rates must have shape ({models},) or ({models}, {steps}), got {rates.shape}"
        )
    if not np.all(np.isfinite(rates) & (rates > 0)):
        raise ValueError("rates must all be finite numbers > 0")
    seeds = (
        list(range(models))
        if seeds is None
        else [_checks.non_negative_int(s, "seeds") for s in seeds]
    )
    if len(seeds) != models:
        raise ValueError(f"seeds must have {models} entries, got {len(seeds)}")
    orders = _orders(seeds, n, epochs)
    params = stack.params()
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    losses = np.full((models, epochs), np.nan)
    diverged: list[int | None] = [None] * models
    alive = np.ones(models, dtype=bool)
    step = 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(epochs):
            loss_sum = np.zeros(models)
            for start in range(0, n, batch_size):
                batch = orders[:, epoch, start : start + batch_size]
                loss, grads, _ = loss_and_gradients(stack, X[batch], target[batch])
                loss_sum += loss * batch.shape[1]
                rate = rates[:, step]
                step += 1
                if optimizer == "sgd":
                    for p, g in zip(params, grads, strict=True):
                        p -= _along(rate, p) * g
                else:
                    _adam(params, grads, moments, rate, step)
            epoch_loss = loss_sum / n
            finite = np.isfinite(epoch_loss) & _finite_models(params)
            losses[alive, epoch] = epoch_loss[alive]
            for m in np.flatnonzero(alive & ~finite):
                diverged[m] = epoch + 1
            alive &= finite
    final_loss, final_accuracy = evaluate(stack, X, y)
    return StackHistory(losses, final_loss, final_accuracy, tuple(diverged))


def _finite_models(params: list[np.ndarray]) -> np.ndarray:
    """Per model, whether every one of its parameters is finite."""
    finite = np.ones(params[0].shape[0], dtype=bool)
    for p in params:
        finite &= np.isfinite(p).reshape(p.shape[0], -1).all(axis=1)
    return finite


def _along(values: np.ndarray, like: np.ndarray) -> np.ndarray:
    """Per-model values shaped to broadcast against a stacked parameter array."""
    return values.reshape((-1,) + (1,) * (like.ndim - 1))


def _adam(params, grads, moments, rate, t, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    alpha = rate * np.sqrt(1.0 - beta_2**t) / (1.0 - beta_1**t)
    for p, g, (m, v) in zip(params, grads, moments, strict=True):
        m += (1.0 - beta_1) * (g - m)
        v += (1.0 - beta_2) * (g * g - v)
        p -= _along(alpha, p) * m / (np.sqrt(v) + epsilon)


def _orders(seeds: list[int], n: int, epochs: int) -> np.ndarray:
    """Each model's sample order, epoch by epoch: shape (models, epochs, n)."""
    unique = {}
    for seed in set(seeds):
        rng = np.random.default_rng(seed)
        unique[seed] = np.stack([rng.permutation(n) for _ in range(epochs)])
    return np.stack([unique[s] for s in seeds])
