r"""Losses of a network's outputs against targets, with their gradients, as Keras
computes them.

- the cross-entropy losses divide each row of probabilities by its sum, clip it to
  :math:`[10^{-7}, 1 - 10^{-7}]` and average over the batch;
- ``"mse"`` is the mean of the squared errors over every output of every sample.

Targets are checked here: integer labels for ``sparse_categorical_crossentropy``,
one-hot (or probability) rows for ``categorical_crossentropy``, real rows for
``"mse"``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks
from lrdoc.nn import _ops

LOSSES = ("categorical_crossentropy", "sparse_categorical_crossentropy", "mse")
"""The losses a :class:`lrdoc.nn.Network` knows, by their Keras names."""

EPSILON = 1e-7
"""Keras' ``backend.epsilon()``: probabilities are clipped to [EPSILON, 1 - EPSILON]."""

CEILING = -float(np.log(EPSILON))
"""The largest cross-entropy one sample can have, :math:`-\\ln` EPSILON (about 16.1):
the clip keeps its target's probability at EPSILON or above. The mean loss of a run
cannot pass it, so a run that diverges saturates below it instead of overflowing
(the rule of :mod:`lrdoc.divergence`)."""


def ceiling(loss: str) -> float:
    """The largest value the loss named ``loss`` can take: :data:`CEILING` for the
    clipped cross-entropies, ``inf`` for ``"mse"``.

    Examples
    --------
    >>> round(ceiling("sparse_categorical_crossentropy"), 4), ceiling("mse")
    (16.1181, inf)
    """
    return math.inf if loss_name(loss) == "mse" else CEILING


def loss_name(value: object, name: str = "loss") -> str:
    """``value`` if it is one of :data:`LOSSES`, else raise naming ``name``.

    Examples
    --------
    >>> loss_name("hinge")
    Traceback (most recent call last):
    ...
    ValueError: loss must be one of ('categorical_crossentropy', 'sparse_categorical_crossentropy', 'mse'), got 'hinge'
    """
    if not isinstance(value, str) or value not in LOSSES:
        raise ValueError(f"{name} must be one of {LOSSES}, got {_checks.show(value)}")
    return value


def targets(
    values: ArrayLike, loss: str, n_outputs: int, name: str = "labels"
) -> np.ndarray:
    """Targets as a float matrix of shape ``(n, n_outputs)``, checked against ``loss``.

    Integer labels (for ``sparse_categorical_crossentropy``) are one-hot encoded.

    Parameters
    ----------
    values : array_like
        Integer labels, shape (n,), or rows, shape (n, n_outputs).
    loss : str
        One of :data:`LOSSES`.
    n_outputs : int
        The network's number of outputs.
    name : str
        The parameter's name, for error messages.

    Examples
    --------
    >>> targets([0, 2], "sparse_categorical_crossentropy", 3)
    array([[1., 0., 0.],
           [0., 0., 1.]])
    >>> targets([0, float("inf")], "sparse_categorical_crossentropy", 3)
    Traceback (most recent call last):
    ...
    ValueError: labels must hold finite numbers, got inf at index 1
    """
    name = _checks.text(name, "name")
    loss = loss_name(loss)
    n_outputs = _checks.positive_int(n_outputs, "n_outputs")
    array = _checks.real_array(values, name)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    _checks.reject(array, ~np.isfinite(array), name, "finite numbers")
    if loss == "sparse_categorical_crossentropy":
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        if array.ndim != 1:
            raise ValueError(
                f"{name} must be 1-d integer labels for {loss}, got shape {array.shape}"
            )
        _checks.reject(
            array,
            (array != np.round(array)) | (array < 0) | (array >= n_outputs),
            name,
            f"integer labels in 0..{n_outputs - 1}",
        )
        _checks.memory(
            f"targets({array.size} labels, n_outputs={n_outputs})",
            (array.size, n_outputs),
        )
        return np.eye(n_outputs)[array.astype(np.int64)]
    if loss == "mse" and array.ndim == 1 and n_outputs == 1:
        array = array[:, None]
    if array.ndim != 2 or array.shape[1] != n_outputs:
        raise ValueError(
            f"{name} must have shape (n, {n_outputs}) for {loss}, got {array.shape}"
        )
    return array


def seen_probabilities(probs: np.ndarray) -> np.ndarray:
    """The probabilities as Keras' cross-entropy sees them: each row (along the last
    axis) divided by its sum, then clipped to [EPSILON, 1 - EPSILON].

    Examples
    --------
    >>> seen_probabilities(np.array([[2.0, 0.0], [1.0, 3.0]]))
    array([[9.999999e-01, 1.000000e-07],
           [2.500000e-01, 7.500000e-01]])
    """
    if not isinstance(probs, np.ndarray) or probs.dtype.kind != "f" or probs.ndim < 1:
        raise TypeError(
            f"probs must be a float numpy array of probabilities, got {_checks.show(probs)}"
        )
    return _seen(probs)[2]


def _seen(probs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's sum, the rows divided by it, and those clipped (Keras' clip, the
    one place it is written)."""
    with np.errstate(all="ignore"):
        total = _ops.row_sum(probs)
        p = probs / total
        return total, p, np.clip(p, EPSILON, 1 - EPSILON)


def _crossentropy(
    probs: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keras cross-entropy: the mean loss, the per-sample losses, and dL/dprobs.

    Samples run along the second-to-last axis, classes along the last; any axes
    before them (a stack's models) give one mean loss each."""
    total, p, clipped = _seen(probs)
    with np.errstate(all="ignore"):
        per_sample = -_ops.row_sum(target * _ops.log(clipped))[..., 0]
        n = probs.shape[-2]
        grad_p = -(target / clipped) * (clipped == p) / n  # 0 where clipped
        grad_probs = (grad_p - _ops.row_sum(grad_p * p)) / total
        mean = np.mean(per_sample, axis=-1)
    return mean, per_sample, grad_probs


def _mse(outputs: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keras' mean squared error: the mean over outputs and samples, and dL/doutputs."""
    with np.errstate(all="ignore"):
        error = outputs - target
        loss = np.mean(error * error, axis=(-2, -1))
        grad = (2.0 / (error.shape[-2] * error.shape[-1])) * error
    return loss, grad


def _data_loss(
    outputs: np.ndarray, target: np.ndarray, loss: str
) -> tuple[np.ndarray, np.ndarray]:
    """The mean loss named ``loss`` (one per model of a stack) and its gradient with
    respect to ``outputs``."""
    if loss == "mse":
        return _mse(outputs, target)
    value, _, grad = _crossentropy(outputs, target)
    return value, grad


def _accuracy(
    outputs: np.ndarray, target: np.ndarray, labels: np.ndarray | None = None
) -> np.ndarray:
    """Fraction of rows whose largest output is where the target's largest entry is
    (``labels``, that entry's index, if known)."""
    if labels is None:
        labels = np.argmax(target, axis=-1)
    hits = np.argmax(outputs, axis=-1) == labels
    return np.count_nonzero(hits, axis=-1) / hits.shape[-1]


def _pair(
    first: ArrayLike, second: ArrayLike, names: tuple[str, str]
) -> tuple[np.ndarray, np.ndarray]:
    a = _checks.finite_matrix(first, names[0])
    b = _checks.real_array(second, names[1])
    if a.shape != b.shape:
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same shape, got {a.shape} "
            f"and {b.shape}"
        )
    _checks.reject(b, ~np.isfinite(b), names[1], "finite numbers")
    return a, b


def mse(outputs: ArrayLike, targets: ArrayLike) -> float:
    r"""Mean squared error over every output of every sample, as Keras' ``"mse"``:
    :math:`L = \frac{1}{nk}\sum_i\sum_j (a_{ij} - t_{ij})^2`.

    Examples
    --------
    >>> mse([[1.0, 0.0], [0.5, 0.5]], [[1.0, 0.0], [0.0, 1.0]])
    0.125
    """
    a, t = _pair(outputs, targets, ("outputs", "targets"))
    return float(_mse(a, t)[0])


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
    p, t = _pair(probs, onehot, ("probs", "onehot"))
    return float(_crossentropy(p, t)[0])


def sparse_categorical_crossentropy(probs: ArrayLike, labels: ArrayLike) -> float:
    r"""Mean cross-entropy of probabilities against integer labels, as in Keras.

    The same as :func:`categorical_crossentropy` with ``labels`` one-hot encoded. On
    a two-unit sigmoid output the rows do not sum to 1, so the normalisation matters:
    :math:`-\frac12(\ln\frac{0.8}{1.4} + \ln\frac{0.9}{1.2})`.

    Examples
    --------
    >>> round(sparse_categorical_crossentropy([[0.8, 0.6], [0.3, 0.9]], [0, 1]), 6)
    0.423649
    >>> sparse_categorical_crossentropy([[0.8, 0.6]], [2])
    Traceback (most recent call last):
    ...
    ValueError: labels must hold integer labels in 0..1, got 2.0 at index 0
    """
    p = _checks.finite_matrix(probs, "probs")
    target = targets(labels, "sparse_categorical_crossentropy", p.shape[1])
    _checks.same_length(p, target, ("probs", "labels"))
    return float(_crossentropy(p, target)[0])
