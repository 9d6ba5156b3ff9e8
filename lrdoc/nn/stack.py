r"""A stack: several networks of one shape, trained side by side.

A sweep over rates × seeds trains many small networks that differ only in their
starting weights, their batch order and their rate. A :class:`Stack` holds them all:
layer :math:`l`'s kernels are one array of shape ``(models, n_in, n_out)``, and one
batched matrix product computes every model's layer at once. A stack is a
:class:`lrdoc.nn.Network` whose arrays carry a leading model axis, so the same
forward and backward passes, :func:`lrdoc.nn.fit` and :func:`lrdoc.nn.evaluate`
serve it; each model is exactly the network :func:`lrdoc.nn.build` draws from its
seed, and trains exactly as :func:`lrdoc.nn.fit` trains that network alone.

Examples
--------
Two seeds at three rates each, six models in one computation, every model with its
own batch order and rate:

>>> import numpy as np
>>> from lrdoc import data, nn
>>> from lrdoc.optimizers import SGD
>>> X, y = data.iris()
>>> seeds = [0, 0, 0, 1, 1, 1]
>>> stack = build([4, 50, 12, 3], ["relu", "relu", "softmax"], seeds)
>>> history = nn.fit(stack, SGD([0.3, 0.01, 0.001] * 2), X, y, epochs=5, seed=seeds)
>>> history.loss.shape, history.status
((6, 5), 'finished 5 epochs, 6 models, 0 diverged')
>>> loss, accuracy = nn.evaluate(stack, X, y, "sparse_categorical_crossentropy")
>>> accuracy.round(2)
array([0.33, 0.73, 0.33, 0.33, 0.85, 0.33])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lrdoc import _checks
from lrdoc.nn.layers import Dense
from lrdoc.nn.network import Network
from lrdoc.nn.network import build as build_network


class Stack(Network):
    """Several networks of one shape, each with its own weights.

    Parameters
    ----------
    layers : sequence of Dense
        Each with a kernel of shape ``(models, n_in, n_out)`` and a bias of shape
        ``(models, n_out)``, the same number of models in every layer.

    Examples
    --------
    >>> stack = build([4, 50, 12, 3], ["relu", "relu", "softmax"], seeds=[0, 1, 2])
    >>> stack
    Stack(3 models, sizes [4, 50, 12, 3], ['relu', 'relu', 'softmax'])
    >>> stack.layers[0].kernel.shape, stack.layers[2].bias.shape
    ((3, 4, 50), (3, 3))
    >>> Stack([Dense([[1.0]], [0.0])])
    Traceback (most recent call last):
    ...
    ValueError: layers must hold one kernel per model, shape (models, n_in, n_out)
    """

    def __init__(self, layers: Sequence[Dense]) -> None:
        super().__init__(layers)
        if self.models is None:
            raise ValueError(
                "layers must hold one kernel per model, shape (models, n_in, n_out)"
            )

    @property
    def sizes(self) -> list[int]:
        """Layer widths, input first.

        Examples
        --------
        >>> build([1, 4, 2], ["relu", "softmax"], seeds=[0]).sizes
        [1, 4, 2]
        """
        return [self.n_inputs] + [int(layer.kernel.shape[-1]) for layer in self.layers]

    def __repr__(self) -> str:
        activations = [layer.activation for layer in self.layers]
        return f"Stack({self.models} models, sizes {self.sizes}, {activations})"

    def copy(self) -> Stack:
        """An independent copy (training changes a stack in place).

        Examples
        --------
        >>> stack = build([1, 2], ["softmax"], seeds=[0])
        >>> twin = stack.copy()
        >>> twin.layers[0].kernel[...] = 0.0
        >>> bool(stack.layers[0].kernel.any())
        True
        """
        return Stack(
            [
                Dense(
                    layer.kernel.copy(), layer.bias.copy(), layer.activation, layer.l2
                )
                for layer in self.layers
            ]
        )


def build(
    sizes: Sequence[int],
    activations: Sequence[str],
    seeds: Sequence[int],
    l2: float | Sequence[float | None] | None = None,
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
    l2 : float, sequence or None
        The L2 factor of every layer, or one per layer (``None`` for none).

    Examples
    --------
    >>> from lrdoc import nn
    >>> stack = build([1, 16, 32, 2], ["relu", "relu", "sigmoid"], seeds=[0, 5],
    ...               l2=[None, 0.01, None])
    >>> one = nn.build([1, 16, 32, 2], ["relu", "relu", "sigmoid"], seed=5)
    >>> bool(np.array_equal(stack.layers[1].kernel[1], one.layers[1].kernel))
    True
    >>> build([4, 3], ["relu"], seeds=[])
    Traceback (most recent call last):
    ...
    ValueError: seeds must hold at least one seed, got []
    """
    if isinstance(seeds, str | bytes) or not isinstance(seeds, Sequence):
        raise TypeError(f"seeds must be a sequence of int, got {_checks.show(seeds)}")
    seeds = [_checks.non_negative_int(s, "seeds") for s in seeds]
    if not seeds:
        raise ValueError(f"seeds must hold at least one seed, got {seeds!r}")
    one = build_network(sizes, activations, l2, seed=seeds[0])
    # every distinct seed's network, the stacked copy, and the stacking's draws
    _checks.memory(
        f"stack build(sizes={list(sizes)}, {len(seeds)} seeds)",
        (len(set(seeds)) + len(seeds) + 1, one.size()),
    )
    drawn = {s: build_network(sizes, activations, l2, seed=s) for s in set(seeds)}
    first = drawn[seeds[0]].layers
    return Stack(
        [
            Dense(
                np.stack([drawn[s].layers[index].kernel for s in seeds]),
                np.stack([drawn[s].layers[index].bias for s in seeds]),
                layer.activation,
                layer.l2,
            )
            for index, layer in enumerate(first)
        ]
    )
