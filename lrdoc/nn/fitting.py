r"""Fitting a network: mini-batch (or full-batch) training, as Keras' ``model.fit``.

:func:`fit` shuffles every epoch, updates once per batch, and reports the epoch's
training loss and accuracy as the running mean over its batches (each measured
before that batch's update), like Keras' ``History``. With ``batch_size`` equal to
the number of samples and ``shuffle=False`` it is full-batch gradient descent.
Everything is float64; Keras computes in float32. The same loop trains a stack of
networks (:mod:`lrdoc.nn.stack`), every model as it would train alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks
from lrdoc.divergence import describe, onset
from lrdoc.divergence import diverged as _diverged
from lrdoc.nn.losses import _accuracy, ceiling, loss_name
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

    def current_learning_rate(self) -> float | np.ndarray:
        """The rate the next step will use (one per model for a stack's optimizer).

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

    For a stack (:mod:`lrdoc.nn.stack`) every array gains a leading model axis.

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
    diverged_at : int or None, or a tuple of them for a stack
        The epoch (counted from 1) in which the loss or a parameter became
        non-finite, 0 if the loss was not finite before training: one network
        stops training at that batch, and its arrays stop at that epoch; the models
        of a stack train on, and a diverged model's epoch losses are ``nan`` after
        that epoch. For a run whose loss stayed finite but rose or saturated (the
        rule of :mod:`lrdoc.divergence`), the first epoch from which it stayed so.
        ``None`` for a run that did not diverge.
    ceiling : float
        The largest value the loss can take (:func:`lrdoc.nn.losses.ceiling`):
        :math:`-\\ln \\varepsilon` for the clipped cross-entropies, ``inf`` for
        ``"mse"``.

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
    diverged_at: int | None | tuple[int | None, ...]
    batch_losses: np.ndarray = field(default_factory=lambda: np.empty(0))
    ceiling: float = math.inf

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

        A rate far too large pins every probability at the clip: the loss
        saturates below its ceiling instead of overflowing.

        >>> net = build([1, 3], ["softmax"], seed=0)
        >>> fit(net, SGD(1e6), [[0.0], [1.0], [2.0]], [0, 1, 2], epochs=3).status
        'diverged: loss saturated at 10.7 (ceiling 16.1 of the clipped loss)'
        """
        if isinstance(self.diverged_at, tuple):
            lost = sum(epoch is not None for epoch in self.diverged_at)
            return (
                f"finished {self.loss.shape[-1]} epochs, {len(self.diverged_at)} "
                f"models, {lost} diverged"
            )
        if self.diverged_at is None:
            return f"finished {len(self.loss)} epochs, loss {self.loss[-1]:.3g}"
        first, last = (
            (float(self.loss[0]), float(self.loss[-1])) if len(self.loss) else (0, 0)
        )
        if math.isfinite(last) and _diverged(first, last, self.ceiling):
            return describe(first, last, self.ceiling)
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


Seed = int | Sequence[int]
"""The seed of the batch order: one for all models, or one per model of a stack."""


def _seeds(seed: object, models: int | None) -> tuple[list[int], bool]:
    """The checked seeds, and whether each model has its own."""
    if isinstance(seed, Sequence) and not isinstance(seed, str):
        seeds = [_checks.non_negative_int(s, "seed") for s in seed]
        if models is None or len(seeds) != models or not seeds:
            wanted = "an int" if models is None else f"an int or {models} ints"
            raise ValueError(f"seed must be {wanted}, got {len(seeds)} seeds")
        return seeds, True
    return [_checks.non_negative_int(seed, "seed")], False


def batches(
    n: int, batch_size: int, seed: Seed = 0, shuffle: bool = True
) -> Iterator[np.ndarray]:
    """The sample indices of each mini-batch, epoch after epoch, without end.

    Every epoch draws one permutation of the ``n`` samples from each seed's
    ``numpy.random.default_rng(seed)`` (or keeps their order, with ``shuffle=False``)
    and cuts it into batches of ``batch_size``, the last one smaller. With one seed a
    batch is a 1-d array of indices; with a sequence of seeds (one per model of a
    stack) it has one row per seed. This is the loop of :func:`fit`, and of anything
    that steps a network batch by batch itself (a range test).

    Examples
    --------
    >>> stream = batches(5, 2, seed=0)
    >>> [next(stream).tolist() for _ in range(4)]
    [[2, 4], [3, 0], [1], [4, 1]]
    >>> next(batches(5, 2, seed=[0, 0, 1])).shape
    (3, 2)
    """
    n = _checks.positive_int(n, "n")
    batch_size = _checks.positive_int(batch_size, "batch_size")
    shuffle = _checks.flag(shuffle, "shuffle")
    count = (
        len(seed) if isinstance(seed, Sequence) and not isinstance(seed, str) else None
    )
    seeds, per_model = _seeds(seed, count)
    _checks.memory(f"batches(n={n}, {len(seeds)} seeds)", (len(seeds), n))
    unique = sorted(set(seeds))
    which = np.array([unique.index(s) for s in seeds])
    rngs = [np.random.default_rng(s) for s in unique]
    while True:
        if shuffle:
            orders = np.stack([rng.permutation(n) for rng in rngs])[which]
        else:
            orders = np.broadcast_to(np.arange(n), (len(seeds), n))
        order = orders if per_model else orders[0]
        for start in range(0, n, batch_size):
            yield order[..., start : start + batch_size]


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
    seed: Seed = 0,
    callback: Callable[[int], object] | None = None,
) -> FitHistory:
    """Train ``network`` in place by mini-batch updates, as Keras' ``model.fit`` does.

    Each epoch shuffles the samples (``numpy.random.default_rng(seed)``, one
    permutation per epoch), cuts them into batches of ``batch_size`` (the last one
    smaller), and makes one optimizer step per batch (:func:`batches`). Every
    argument, the validation data included, is checked before the first step, so a
    bad one leaves the network untouched. Training stops at the first batch whose
    loss, or whose updated parameters, are not finite (see
    :attr:`FitHistory.diverged_at`).

    A stack (:mod:`lrdoc.nn.stack`) trains every model at once, each as this
    function would train it alone: with a sequence of seeds, one per model, each
    model has its own batch order; an optimizer with one rate per model
    (:mod:`lrdoc.optimizers`) gives each model its rate.

    Parameters
    ----------
    network : Network
        One network, or a stack.
    optimizer : object with ``current_learning_rate()`` and ``apply(params, grads)``
        See :mod:`lrdoc.optimizers`.
    X, y : array_like
        Inputs, shape (n, n_in), finite, and targets: integer labels for the sparse
        loss, one-hot rows for ``categorical_crossentropy``, real rows (or, for one
        output, numbers) for ``mse``.
    epochs, batch_size : int
        ``epochs × batches per epoch × parameters`` may not exceed
        :data:`lrdoc._checks.MAX_RUN_SIZE`, nor the estimated memory of the
        parameters, a batch's pass and the history :data:`lrdoc._checks.MAX_BYTES`.
    loss : str
        ``"sparse_categorical_crossentropy"``, ``"categorical_crossentropy"`` or
        ``"mse"``.
    validation_data : (X_val, y_val) or None
        Evaluated after every epoch.
    shuffle : bool
    seed : int, or a sequence of int (one per model of a stack)
    callback : callable or None
        Called after every step with the number of steps taken so far.

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
    models = network.models
    _seeds(seed, models)
    shuffle = _checks.flag(shuffle, "shuffle")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable, got {_checks.show(callback)}")
    loss = loss_name(loss, "loss")
    X, target = network._data(X, y, loss, ("X", "y", "loss"), "none")
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
            "none",
        )
    n = X.shape[0]
    per_epoch = math.ceil(n / batch_size)
    _checks.run_size(
        epochs * per_epoch * network.size(), "epochs × batches × parameters"
    )
    stacked = models is not None
    count = models or 1
    steps = epochs * per_epoch
    widest = max(min(batch_size, n), 0 if stacked else n)
    if validation is not None:
        widest = max(widest, validation[0].shape[0])
    # the parameters, their gradients, an optimizer's state and the update's
    # temporaries; the widest pass forward and back; the data and each epoch's
    # batch orders; and the history, a list entry per step and epoch (a Python
    # object and a pointer, then an array entry) per model
    _checks.memory(
        f"fit(epochs={epochs}, batch_size={batch_size}) of {count} model(s) with "
        f"{network.size() // count} parameters each on {n} samples",
        (6, network.size()),
        network._batch_numbers(widest),
        (2, n, X.shape[1] + target.shape[1] + count),
        (2 * steps + 4 * epochs, 20 + 2 * count),
    )
    labels = np.argmax(target, axis=-1)  # where each row's largest target is
    stream = batches(n, batch_size, seed, shuffle)
    params = network.params()
    history: dict[str, list] = {
        "loss": [],
        "accuracy": [],
        "val_loss": [],
        "val_accuracy": [],
    }
    rates: list = []
    batch_losses: list = []
    # One network stops at its first non-finite loss or parameter; the models of a
    # stack train on, and each is marked in the epoch it diverged.
    diverged_at: int | None = None
    diverged: list[int | None] = [None] * (models or 0)
    alive = np.ones(models or 0, dtype=bool)
    if not stacked and not math.isfinite(_evaluate(network, X, target, loss)[0]):
        diverged_at = 0
        epochs = 0
    step = 0
    with np.errstate(all="ignore"):  # an overflow is divergence, not a warning
        for epoch in range(1, epochs + 1):
            loss_sum: Any = 0.0
            correct: Any = 0.0
            seen = 0
            for _ in range(per_epoch):
                batch = next(stream)
                rate = optimizer.current_learning_rate()
                seen_target = target[batch]
                batch_loss, outputs = _step(
                    network, optimizer, X[batch], seen_target, loss, stacked
                )
                size = batch.shape[-1]
                hits = _accuracy(outputs, seen_target, labels[batch])
                correct = correct + hits * size
                loss_sum = loss_sum + batch_loss * size
                seen += size
                batch_losses.append(batch_loss)
                if not stacked and not math.isfinite(batch_loss):
                    diverged_at = epoch
                    break
                rates.append(np.full(count, rate) if stacked else float(rate))
                step += 1
                if callback is not None:
                    callback(step)
                if not stacked and not all(np.isfinite(p).all() for p in params):
                    diverged_at = epoch
                    break
            epoch_loss: Any = loss_sum / seen
            if stacked:
                epoch_loss = np.where(alive, epoch_loss, np.nan)
                finite = np.isfinite(epoch_loss) & _finite_models(params)
                for model in np.flatnonzero(alive & ~finite):
                    diverged[model] = epoch
                alive &= finite
            history["loss"].append(epoch_loss)
            history["accuracy"].append(correct / seen)
            if validation is not None:
                val_loss, val_accuracy = _evaluate(network, *validation, loss)
                history["val_loss"].append(val_loss)
                history["val_accuracy"].append(val_accuracy)
            if diverged_at is not None:
                break

    def column(values: list) -> np.ndarray:  # a stack's models first
        array = np.array(values, dtype=np.float64)
        return array.reshape(len(values), count).T if stacked else array

    # a run whose loss stayed finite may still have risen or saturated
    top = ceiling(loss)
    if history["loss"]:
        rose_at = onset(column(history["loss"]).T, top).reshape(-1) + 1
        if stacked:
            diverged = [
                int(rose_at[m]) if at is None and rose_at[m] > 0 else at
                for m, at in enumerate(diverged)
            ]
        elif diverged_at is None and rose_at[0] > 0:
            diverged_at = int(rose_at[0])
    return FitHistory(
        **{key: column(values) for key, values in history.items()},
        learning_rates=column(rates),
        diverged_at=tuple(diverged) if stacked else diverged_at,
        batch_losses=column(batch_losses),
        ceiling=top,
    )


def _step(
    network: Network,
    optimizer: Optimizer,
    X: np.ndarray,
    target: np.ndarray,
    loss: str,
    stacked: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """One step on one batch: the batch's loss before it, and the outputs. One
    network takes no step on a batch whose loss is not finite; a stack always does."""
    batch_loss, grads, outputs = network._backprop(X, target, loss)
    if stacked or math.isfinite(batch_loss):
        with np.errstate(all="ignore"):  # an overflow is divergence, not a warning
            optimizer.apply(network.params(), grads)
    return batch_loss, outputs


def train_on_batch(
    network: Network,
    optimizer: Optimizer,
    X: ArrayLike,
    y: ArrayLike,
    loss: str = "sparse_categorical_crossentropy",
) -> Any:
    """One optimizer step on one batch, as Keras' ``model.train_on_batch``; returns
    the batch's loss measured before the step.

    For a stack, ``X`` and ``y`` may hold one batch per model: shapes
    ``(models, b, n_in)`` and ``(models, b)`` (or ``(models, b, n_out)``). A loop
    that steps a network itself, batch by batch, takes its batches from
    :func:`batches` (a range test does).

    Examples
    --------
    >>> from lrdoc.nn.network import build
    >>> from lrdoc.nn.stack import build as build_stack
    >>> from lrdoc.optimizers import SGD
    >>> net = build([1, 2], ["softmax"], seed=0)
    >>> round(train_on_batch(net, SGD(0.1), [[1.0]], [0]), 4)
    0.303
    >>> stack = build_stack([1, 2], ["softmax"], seeds=[0, 1])
    >>> train_on_batch(stack, SGD(0.1), [[[1.0]], [[2.0]]], [[0], [1]]).round(4)
    array([0.303 , 0.0803])
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {_checks.show(network)}")
    optimizer = _optimizer(optimizer)
    loss = loss_name(loss, "loss")
    models = network.models
    array = np.asarray(X)
    if models is not None and array.ndim == 3:
        if array.shape[0] != models:
            raise ValueError(
                f"X must hold one batch per model, {models}, got {array.shape[0]}"
            )
        pairs = [
            network._data(array[m], np.asarray(y)[m], loss, ("X", "y", "loss"))
            for m in range(models)
        ]
        inputs = np.stack([pair[0] for pair in pairs])
        target = np.stack([pair[1] for pair in pairs])
    else:
        inputs, target = network._data(X, y, loss, ("X", "y", "loss"))
    batch_loss, _ = _step(network, optimizer, inputs, target, loss, models is not None)
    return float(batch_loss) if models is None else batch_loss


def _finite_models(params: list[np.ndarray]) -> np.ndarray:
    """Per model of a stack, whether every one of its parameters is finite."""
    finite = np.ones(params[0].shape[0], dtype=bool)
    for p in params:
        finite &= np.isfinite(p).reshape(p.shape[0], -1).all(axis=1)
    return finite
