r"""Fitting a network: mini-batch (or full-batch) training, as Keras' ``model.fit``.

:func:`fit` shuffles every epoch, updates once per batch, and reports the epoch's
training loss and accuracy as the running mean over its batches (each measured
before that batch's update), like Keras' ``History``. With ``batch_size`` equal to
the number of samples and ``shuffle=False`` it is full-batch gradient descent.
Everything is float64; Keras computes in float32.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks
from lrdoc.nn.losses import _accuracy, loss_name
from lrdoc.nn.network import Network, _evaluate


class Optimizer(Protocol):
    """What :func:`fit` needs from an optimizer (see :mod:`lrdoc.optimizers`).

    Examples
    --------
    >>> from lrdoc.optimizers import SGD
    >>> optimizer: Optimizer = SGD(0.1)
    >>> optimizer.current_learning_rate()
    0.1
    """

    def current_learning_rate(self) -> float:
        """The rate the next step will use.

        Examples
        --------
        >>> from lrdoc.optimizers import Adam
        >>> Adam(0.01).current_learning_rate()
        0.01
        """
        ...

    def apply(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update every array of ``params`` in place by one step.

        Examples
        --------
        >>> from lrdoc.optimizers import SGD
        >>> w = np.array([1.0])
        >>> SGD(0.5).apply([w], [np.array([1.0])]); w
        array([0.5])
        """
        ...


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
    batch_losses : numpy.ndarray, shape (steps,) or (steps + 1,)
        The loss of each step's batch, measured just before its update (with
        ``batch_size`` equal to the number of samples: the training loss before
        every step of full-batch gradient descent). A batch whose loss is not
        finite ends the array, and no step is taken on it.
    diverged_at : int or None
        The epoch (counted from 1) in which the loss or a parameter became
        non-finite, 0 if the loss was not finite before training, else ``None``.
        Training stops at that batch; the arrays stop at that epoch.

    Examples
    --------
    >>> from lrdoc.nn.network import build
    >>> from lrdoc.optimizers import SGD
    >>> net = build([1, 2], ["softmax"], seed=0)
    >>> history = fit(net, SGD(0.1), [[0.0], [1.0]], [0, 1], epochs=2, batch_size=1)
    >>> history.loss.shape, history.learning_rates.size, history.diverged_at
    ((2,), 4, None)
    >>> history.batch_losses.shape
    (4,)
    """

    loss: np.ndarray
    accuracy: np.ndarray
    val_loss: np.ndarray
    val_accuracy: np.ndarray
    learning_rates: np.ndarray
    diverged_at: int | None
    batch_losses: np.ndarray = field(default_factory=lambda: np.empty(0))

    @property
    def status(self) -> str:
        """One line that says how the run ended.

        Examples
        --------
        >>> x, y = np.array([[0.0], [1.0]]), np.array([0, 1])
        >>> from lrdoc.nn.network import build
        >>> from lrdoc.optimizers import SGD
        >>> net = build([1, 2], ["softmax"], seed=0)
        >>> fit(net, SGD(0.1), x, y, epochs=3).status
        'finished 3 epochs, loss 0.96'
        """
        if self.diverged_at is None:
            return f"finished {len(self.loss)} epochs, loss {self.loss[-1]:.3g}"
        return f"loss became non-finite at epoch {self.diverged_at}"


def _optimizer(value: object) -> Optimizer:
    if not (
        callable(getattr(value, "apply", None))
        and callable(getattr(value, "current_learning_rate", None))
    ):
        raise TypeError(
            "optimizer must have apply(params, grads) and current_learning_rate(), "
            f"got {_checks.show(value)}"
        )
    return value  # type: ignore[return-value]


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
    smaller), and makes one optimizer step per batch. Every argument, the validation
    data included, is checked before the first step, so a bad one leaves the network
    untouched. Training stops at the first batch whose loss, or whose updated
    parameters, are not finite (see :attr:`FitHistory.diverged_at`).

    Parameters
    ----------
    network : Network
    optimizer : object with ``current_learning_rate()`` and ``apply(params, grads)``
        See :mod:`lrdoc.optimizers`.
    X, y : array_like
        Inputs, shape (n, n_in), finite, and targets: integer labels for the sparse
        loss, one-hot rows for ``categorical_crossentropy``, real rows (or, for one
        output, numbers) for ``mse``.
    epochs, batch_size : int
        ``epochs × batches per epoch × parameters`` may not exceed
        :data:`lrdoc._checks.MAX_RUN_SIZE`.
    loss : str
        ``"sparse_categorical_crossentropy"``, ``"categorical_crossentropy"`` or
        ``"mse"``.
    validation_data : (X_val, y_val) or None
        Evaluated after every epoch.
    shuffle : bool
    seed : int

    Returns
    -------
    FitHistory

    Examples
    --------
    >>> from lrdoc.nn.network import build
    >>> from lrdoc.optimizers import SGD
    >>> x = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> y = np.array([0, 0, 1, 1])
    >>> net = build([1, 2], ["softmax"], seed=0)
    >>> history = fit(net, SGD(0.5), x, y, epochs=50, batch_size=2)
    >>> history.learning_rates.size, float(history.accuracy[-1])
    (100, 1.0)

    Full-batch gradient descent on a smooth network with the squared error:

    >>> net = build([1, 4, 1], ["tanh", "linear"], seed=0)
    >>> history = fit(net, SGD(0.1), x, [0.0, 1.0, 2.0, 3.0], epochs=300,
    ...               batch_size=4, loss="mse", shuffle=False)
    >>> bool(history.loss[-1] < 0.01 * history.loss[0])
    True
    >>> fit(net, SGD(0.5), x, y, epochs=0)
    Traceback (most recent call last):
    ...
    ValueError: epochs must be >= 1, got 0
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {_checks.show(network)}")
    optimizer = _optimizer(optimizer)
    epochs = _checks.positive_int(epochs, "epochs")
    batch_size = _checks.positive_int(batch_size, "batch_size")
    seed = _checks.non_negative_int(seed, "seed")
    shuffle = _checks.flag(shuffle, "shuffle")
    loss = loss_name(loss, "loss")
    X, target = network._data(X, y, loss, ("X", "y", "loss"))
    validation = None
    if validation_data is not None:
        if not isinstance(validation_data, tuple | list) or len(validation_data) != 2:
            raise TypeError(
                "validation_data must be a pair (X_val, y_val), "
                f"got {type(validation_data).__name__}"
            )
        validation = network._data(
            validation_data[0],
            validation_data[1],
            loss,
            ("validation_data[0]", "validation_data[1]", "loss"),
        )
    n = X.shape[0]
    batches = math.ceil(n / batch_size)
    _checks.run_size(epochs * batches * network.size(), "epochs × batches × parameters")
    rng = np.random.default_rng(seed)
    params = network.params()
    history: dict[str, list[float]] = {
        "loss": [],
        "accuracy": [],
        "val_loss": [],
        "val_accuracy": [],
    }
    rates: list[float] = []
    batch_losses: list[float] = []
    diverged_at = None
    if not math.isfinite(_evaluate(network, X, target, loss)[0]):
        diverged_at = 0
        epochs = 0
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n) if shuffle else np.arange(n)
        loss_sum, correct, seen = 0.0, 0.0, 0
        for start in range(0, n, batch_size):
            batch = order[start : start + batch_size]
            batch_loss, grads, outputs = network._backprop(
                X[batch], target[batch], loss
            )
            correct += _accuracy(outputs, target[batch]) * batch.size
            loss_sum += batch_loss * batch.size
            seen += batch.size
            batch_losses.append(batch_loss)
            if not math.isfinite(batch_loss):
                diverged_at = epoch
                break
            rates.append(float(optimizer.current_learning_rate()))
            with np.errstate(all="ignore"):
                optimizer.apply(params, grads)
            if not all(np.isfinite(p).all() for p in params):
                diverged_at = epoch
                break
        history["loss"].append(loss_sum / seen)
        history["accuracy"].append(correct / seen)
        if validation is not None:
            val_loss, val_accuracy = _evaluate(network, *validation, loss)
            history["val_loss"].append(val_loss)
            history["val_accuracy"].append(val_accuracy)
        if diverged_at is not None:
            break
    return FitHistory(
        **{key: np.array(values) for key, values in history.items()},
        learning_rates=np.array(rates),
        diverged_at=diverged_at,
        batch_losses=np.array(batch_losses),
    )
