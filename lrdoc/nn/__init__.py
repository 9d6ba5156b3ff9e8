r"""A small dense neural network in plain numpy: layers, activations, losses, backprop.

A :class:`Network` is a stack of :class:`Dense` layers. Layer :math:`l` computes

.. math:: z^{(l)} = a^{(l-1)} W^{(l)} + b^{(l)}, \qquad a^{(l)} = f_l(z^{(l)})

with :math:`a^{(0)} = X`, one row per sample. The conventions are those of Keras 3,
so that its published experiments can be redone here:

- kernels start Glorot-uniform, biases at zero (:func:`build`);
- the cross-entropy losses divide each row of probabilities by its sum, clip it to
  :math:`[10^{-7}, 1 - 10^{-7}]` and average over the batch; ``"mse"`` averages the
  squared errors over outputs and samples;
- a layer's ``l2`` adds :math:`\lambda \sum W^2` to the loss;
- :func:`fit` shuffles every epoch, updates once per batch, and reports the epoch's
  training loss and accuracy as the running mean over its batches (each measured
  before that batch's update), like Keras' ``History``.

Everything is float64; Keras computes in float32. The package is split by role:
:mod:`~lrdoc.nn.activations` (each forward pass beside its backward pass),
:mod:`~lrdoc.nn.layers`, :mod:`~lrdoc.nn.losses`, :mod:`~lrdoc.nn.network` and
:mod:`~lrdoc.nn.fitting`; every public name is also here. :mod:`~lrdoc.nn.stack`
trains several networks side by side with the same code, and
:mod:`~lrdoc.nn.exact` makes a run give the same bits on every CPU.

Examples
--------
>>> from lrdoc import nn
>>> from lrdoc.optimizers import SGD
>>> net = nn.build([2, 3, 2], ["tanh", "softmax"], seed=0)
>>> nn.fit(net, SGD(0.1), [[0.0, 1.0], [1.0, 0.0]], [0, 1], epochs=2).status
'finished 2 epochs, loss 0.291'
"""

from lrdoc.nn import exact, stack  # noqa: E402,I001 (after what they import)
from lrdoc.nn.activations import ACTIVATIONS
from lrdoc.nn.fitting import FitHistory, Optimizer, batches, fit, train_on_batch
from lrdoc.nn.layers import Dense, glorot_uniform
from lrdoc.nn.losses import (
    EPSILON,
    LOSSES,
    categorical_crossentropy,
    mse,
    sparse_categorical_crossentropy,
)
from lrdoc.nn.network import Network, build, evaluate
from lrdoc.nn.stack import Stack

__all__ = [
    "ACTIVATIONS",
    "EPSILON",
    "LOSSES",
    "Dense",
    "FitHistory",
    "Network",
    "Optimizer",
    "Stack",
    "batches",
    "build",
    "categorical_crossentropy",
    "evaluate",
    "exact",
    "fit",
    "glorot_uniform",
    "mse",
    "sparse_categorical_crossentropy",
    "stack",
    "train_on_batch",
]
