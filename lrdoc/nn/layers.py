r"""Layers: the fully connected :class:`Dense` layer and its Keras initializer.

Layer :math:`l` computes :math:`z^{(l)} = a^{(l-1)} W^{(l)} + b^{(l)}` and
:math:`a^{(l)} = f_l(z^{(l)})`, one row per sample. Kernels start Glorot-uniform,
biases at zero, as in Keras; a layer's ``l2`` adds :math:`\lambda \sum W^2` to the loss.
A layer of a stack (:mod:`lrdoc.nn.stack`) holds one kernel and one bias per model,
along a leading axis.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks
from lrdoc.nn import _ops
from lrdoc.nn.activations import _OVERWRITING, ACTIVATIONS, FUNCTIONS


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
        raise TypeError(
            f"rng must be a numpy.random.Generator, got {_checks.show(rng)}"
        )
    n_in = _checks.positive_int(n_in, "n_in")
    n_out = _checks.positive_int(n_out, "n_out")
    _checks.run_size(n_in * n_out, "n_in × n_out")
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))


class Dense:
    """A fully connected layer: ``activation(X @ kernel + bias)``.

    Parameters
    ----------
    kernel : array_like, shape (n_in, n_out), or (models, n_in, n_out) in a stack
    bias : array_like, shape (n_out,), or (models, n_out) in a stack
    activation : {"linear", "relu", "sigmoid", "softmax", "tanh"}
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
        stacked = np.ndim(kernel) == 3  # a stack's layer: one kernel per model
        self.kernel = (
            _checks.finite_array(kernel, "kernel")
            if stacked
            else _checks.finite_matrix(kernel, "kernel")
        )
        self.bias = _checks.real_array(bias, "bias")
        wanted = self.kernel.shape[:-2] + self.kernel.shape[-1:]
        if self.bias.shape != wanted:
            raise ValueError(f"bias must have shape {wanted}, got {self.bias.shape}")
        _checks.reject(self.bias, ~np.isfinite(self.bias), "bias", "finite numbers")
        if not isinstance(activation, str) or activation not in ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {ACTIVATIONS}, got {_checks.show(activation)}"
            )
        self.activation = activation
        self.l2 = _checks.finite_number(l2, "l2")
        if self.l2 < 0:
            raise ValueError(f"l2 must be >= 0, got {_checks.show(l2)}")

    def __repr__(self) -> str:
        *models, n_in, n_out = self.kernel.shape
        extra = f", l2={self.l2!r}" if self.l2 else ""
        stacked = f"{models[0]} × " if models else ""
        return f"Dense({stacked}{n_in} -> {n_out}, {self.activation}{extra})"

    def forward(self, X: np.ndarray) -> np.ndarray:
        """The layer's output for inputs ``X`` of shape (n, n_in) (or, in a stack,
        (models, n, n_in)).

        Examples
        --------
        >>> Dense([[2.0]], [1.0], "tanh").forward(np.array([[0.0]]))
        array([[0.76159416]])
        """
        return self.activate(self.weighted_sums(X))

    def weighted_sums(self, X: np.ndarray) -> np.ndarray:
        """``z = X @ kernel + bias``, before the activation.

        Examples
        --------
        >>> Dense([[2.0]], [1.0], "tanh").weighted_sums(np.array([[0.5]]))
        array([[2.]])
        """
        return self._sums(X, samples_first=False)

    def activate(self, z: np.ndarray) -> np.ndarray:
        """The layer's activation applied to weighted sums ``z``.

        Examples
        --------
        >>> Dense([[1.0]], [0.0], "relu").activate(np.array([[-2.0, 3.0]]))
        array([[0., 3.]])
        """
        with np.errstate(all="ignore"):
            return FUNCTIONS[self.activation][0](z)

    def backward(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        """``dL/dz`` from ``dL/da``, for ``a = activate(z)``.

        Examples
        --------
        >>> layer = Dense([[1.0]], [0.0], "relu")
        >>> z = np.array([[-2.0, 3.0]])
        >>> layer.backward(z, layer.activate(z), np.ones((1, 2)))
        array([[0., 1.]])
        """
        with np.errstate(all="ignore"):
            return FUNCTIONS[self.activation][1](z, a, grad_a)

    # A network's own passes: the same values, faster for a stack.

    def _sums(self, X: np.ndarray, samples_first: bool) -> np.ndarray:
        """:meth:`weighted_sums`, laid out samples first if ``samples_first``."""
        z = (_ops.samples_first if samples_first else _ops.matmul)(X, self.kernel)
        z += self.bias[..., None, :]
        return z

    def _activate_over(self, z: np.ndarray) -> np.ndarray:
        """:meth:`activate`, written over ``z`` where the activation allows."""
        forward = _OVERWRITING.get(self.activation, FUNCTIONS[self.activation])[0]
        with np.errstate(all="ignore"):
            return forward(z)

    def _backward_over(
        self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray
    ) -> np.ndarray:
        """:meth:`backward`, written over ``grad_a`` where the activation allows."""
        backward = _OVERWRITING.get(self.activation, FUNCTIONS[self.activation])[1]
        with np.errstate(all="ignore"):
            return backward(z, a, grad_a)
