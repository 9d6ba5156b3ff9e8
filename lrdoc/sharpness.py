r"""Sharpness: the largest eigenvalue of the Hessian of a network's training loss.

For gradient descent on a quadratic, the rate must stay below :math:`2/\lambda_{max}`
(see :mod:`lrdoc.analysis`). On a network the Hessian changes as the parameters move;
its largest eigenvalue at the current parameters is called the **sharpness**.

The Hessian of a network with thousands of parameters is never formed here. Power
iteration needs only Hessian-vector products, and each one costs two gradients: the
central difference of the exact (backpropagated) gradient along the vector,

.. math:: H v \approx \frac{\nabla L(\theta + \varepsilon v) - \nabla L(\theta - \varepsilon v)}
          {2\varepsilon},

whose error is of order :math:`\varepsilon^2`. The functions take any
:class:`lrdoc.nn.Network` and read or write its parameters as one flat vector
:math:`\theta`, in the order of :meth:`~lrdoc.nn.Network.params`. They take a stack
(:mod:`lrdoc.nn.stack`) too: then :math:`\theta`, the vectors and the results have
one row per model, and one power iteration runs for every model at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from lrdoc import _checks
from lrdoc.nn import Dense, Network

LOSS = "sparse_categorical_crossentropy"


def _network(network: object) -> Network:
    if not isinstance(network, Network):
        raise TypeError(f"network must be an lrdoc.nn.Network, got {network!r}")
    return network


def flat_parameters(network: Network) -> np.ndarray:
    """A copy of every parameter of ``network`` as one vector.

    Kernels and biases follow the order of :meth:`lrdoc.nn.Network.params`, each
    flattened row by row.

    Examples
    --------
    >>> from lrdoc import nn
    >>> net = nn.build([4, 3, 2], ["sigmoid", "softmax"], seed=0)
    >>> flat_parameters(net).shape   # 4*3 + 3 + 3*2 + 2
    (23,)
    """
    network = _network(network)
    rows = network.models
    if rows is None:
        return np.concatenate([p.ravel() for p in network.params()])
    return np.concatenate([p.reshape(rows, -1) for p in network.params()], axis=1)


def set_flat_parameters(network: Network, theta: ArrayLike) -> None:
    """Write the vector ``theta`` into the parameters of ``network``, in place.

    The inverse of :func:`flat_parameters`.

    Examples
    --------
    >>> from lrdoc import nn
    >>> net = nn.build([2, 2], ["softmax"], seed=0)
    >>> set_flat_parameters(net, np.arange(6.0))
    >>> net.layers[0].kernel, net.layers[0].bias
    (array([[0., 1.],
           [2., 3.]]), array([4., 5.]))
    >>> set_flat_parameters(net, np.zeros(5))
    Traceback (most recent call last):
    ...
    ValueError: theta must have 6 entries (the parameters of network), got 5
    """
    network = _network(network)
    params = network.params()
    rows = network.models or 1
    theta = _checks.real_array(theta, "theta").reshape(rows, -1)
    size = sum(p.size for p in params) // rows
    if theta.shape[1] != size:
        raise ValueError(
            f"theta must have {size} entries (the parameters of network), "
            f"got {theta.shape[1]}"
        )
    start = 0
    for p in params:
        count = p.size // rows
        p[...] = theta[:, start : start + count].reshape(p.shape)
        start += count


def loss_and_gradient(
    network: Network, X: ArrayLike, y: ArrayLike, loss_name: str = LOSS
) -> tuple[float, np.ndarray]:
    """The full-batch loss of ``network`` on ``(X, y)`` and its exact gradient, flat.

    The gradient is :meth:`lrdoc.nn.Network.loss_and_gradients`, flattened as
    :func:`flat_parameters` is.

    Examples
    --------
    >>> from lrdoc import nn
    >>> net = nn.Network([nn.Dense([[0.0, 0.0]], [0.0, 0.0], "softmax")])
    >>> loss, grad = loss_and_gradient(net, [[2.0]], [0])
    >>> round(loss, 6), grad
    (0.693147, array([-1. ,  1. , -0.5,  0.5]))
    """
    network = _network(network)
    loss, grads = network.loss_and_gradients(X, y, loss_name)
    rows = network.models
    if rows is None:
        return loss, np.concatenate([g.ravel() for g in grads])
    return loss, np.concatenate([g.reshape(rows, -1) for g in grads], axis=1)


def hessian_vector_product(
    network: Network,
    X: ArrayLike,
    y: ArrayLike,
    vector: ArrayLike,
    loss_name: str = LOSS,
    epsilon: float = 1e-5,
) -> np.ndarray:
    r"""The Hessian of the loss times ``vector``, by a central difference of gradients.

    :math:`Hv \approx (\nabla L(\theta + \varepsilon v) - \nabla L(\theta -
    \varepsilon v)) / (2\varepsilon)`, with ``vector`` scaled to unit length first
    and the result scaled back, so that ``epsilon`` is the length of the step in
    parameter space. The network's parameters are restored afterwards.

    Parameters
    ----------
    network : lrdoc.nn.Network
    X, y : array_like
        The full training set.
    vector : array_like, shape (P,)
        A direction in parameter space (P parameters), not all zero.
    loss_name : str
        A loss that :class:`lrdoc.nn.Network` knows.
    epsilon : float
        Length of the finite-difference step, > 0.

    Examples
    --------
    A softmax layer of two units on one input :math:`x = 0`, at zero weights: both
    classes have probability 1/2, and the Hessian of the loss in the two biases is
    :math:`\operatorname{diag}(p) - pp^\top`, with rows ``[0.25, -0.25]`` and
    ``[-0.25, 0.25]``. Along the first bias:

    >>> from lrdoc import nn
    >>> net = nn.Network([nn.Dense([[0.0, 0.0]], [0.0, 0.0], "softmax")])
    >>> hv = hessian_vector_product(net, [[0.0]], [0], [0.0, 0.0, 1.0, 0.0])
    >>> np.round(hv, 6)
    array([ 0.  ,  0.  ,  0.25, -0.25])
    """
    network = _network(network)
    theta = flat_parameters(network)
    if network.models is None:
        vector = _checks.finite_vector(vector, "vector")
    else:
        vector = _checks.finite_array(vector, "vector")
    epsilon = _checks.positive(epsilon, "epsilon")
    if vector.shape != theta.shape:
        raise ValueError(
            f"vector must have {theta.shape[-1]} entries (the parameters of network)"
            f" per model, got shape {vector.shape}"
        )
    norm = _norm(vector)
    if not np.all(norm > 0.0):
        raise ValueError("vector must not be all zeros")
    step = (epsilon / norm) * vector
    try:
        set_flat_parameters(network, theta + step)
        _, plus = loss_and_gradient(network, X, y, loss_name)
        set_flat_parameters(network, theta - step)
        _, minus = loss_and_gradient(network, X, y, loss_name)
    finally:
        set_flat_parameters(network, theta)
    return (plus - minus) * (norm / (2.0 * epsilon))


def _models(stack: Network, rows: np.ndarray) -> Network:
    """A copy of the models of ``stack`` where ``rows`` is true, as a stack."""
    return Network(
        [
            Dense(layer.kernel[rows], layer.bias[rows], layer.activation, layer.l2)
            for layer in stack.layers
        ]
    )


def _norm(vectors: np.ndarray) -> np.ndarray:
    """Euclidean length along the last axis, kept for broadcasting: a sum in an order
    numpy fixes (no BLAS), the same on every CPU."""
    return np.sqrt(np.sum(vectors * vectors, axis=-1, keepdims=True))


def hessian(
    network: Network,
    X: ArrayLike,
    y: ArrayLike,
    loss_name: str = LOSS,
    epsilon: float = 1e-5,
) -> np.ndarray:
    """The full Hessian, one :func:`hessian_vector_product` per parameter, symmetrised.

    P parameters cost 2P gradients and a P × P matrix, so this is for small networks
    and for checking :func:`sharpness`; a network whose Hessian would need more than
    :data:`lrdoc._checks.MAX_BYTES` is refused.

    Examples
    --------
    >>> from lrdoc import nn
    >>> net = nn.Network([nn.Dense([[0.0, 0.0]], [0.0, 0.0], "softmax")])
    >>> np.round(hessian(net, [[2.0]], [0]), 6)
    array([[ 1.  , -1.  ,  0.5 , -0.5 ],
           [-1.  ,  1.  , -0.5 ,  0.5 ],
           [ 0.5 , -0.5 ,  0.25, -0.25],
           [-0.5 ,  0.5 , -0.25,  0.25]])
    """
    size = flat_parameters(network).size
    samples = network._inputs(X).shape[0]
    # the identity, the columns, the stacked and the symmetrised matrix; two
    # gradients' passes over the samples and the shifted parameters per product
    _checks.memory(
        f"hessian of a network with {size} parameters on {samples} samples",
        (4, size, size),
        2 * network._batch_numbers(samples),
        (6, size),
    )
    columns = [
        hessian_vector_product(network, X, y, unit, loss_name, epsilon)
        for unit in np.eye(size)
    ]
    matrix = np.stack(columns, axis=1)
    return (matrix + matrix.T) / 2.0


@dataclass(frozen=True)
class Sharpness:
    """What :func:`sharpness` found.

    Attributes
    ----------
    value : float (numpy.ndarray, one per model, for a stack)
        The estimate of the largest eigenvalue: the Rayleigh quotient
        :math:`v^\\top H v` of the last unit vector.
    vector : numpy.ndarray, shape (P,) (for a stack, (models, P))
        That unit vector, the estimate of the eigenvector (pass it as ``start`` to
        the next call to start close to the answer).
    iterations : int
        Hessian-vector products used (for a stack, by the slowest model).
    converged : bool (numpy.ndarray of bool for a stack)
        Whether two successive estimates agreed to ``tolerance`` (relative).
    """

    value: Any
    vector: np.ndarray
    iterations: int
    converged: Any


def _power(
    matvec: Callable[[np.ndarray], np.ndarray],
    vector: np.ndarray,
    iterations: int,
    tolerance: float,
) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """Power iteration on ``matvec`` from unit vectors (one per row): values,
    vectors, products used, converged. A row that has converged keeps its value and
    vector; with ``tolerance`` 0 every row runs all ``iterations``."""
    value = np.full(vector.shape[:-1], np.nan)
    converged = np.zeros(vector.shape[:-1], dtype=bool)
    count = 0
    while count < iterations and not converged.all():
        count += 1
        product = matvec(vector)
        new_value = np.sum(vector * product, axis=-1)
        length = _norm(product)
        moving = ~converged
        flat = moving & (length[..., 0] == 0.0)
        new_value = np.where(flat, 0.0, new_value)
        with np.errstate(invalid="ignore", divide="ignore"):
            turned = np.where(length > 0.0, product / length, vector)
        vector = np.where(moving[..., None], turned, vector)
        close = tolerance > 0 and np.abs(new_value - value) <= tolerance * np.abs(
            new_value
        )
        value = np.where(moving, new_value, value)
        converged = converged | (moving & (flat | close))
    return value, vector, count, converged


def sharpness(
    network: Network,
    X: ArrayLike,
    y: ArrayLike,
    loss_name: str = LOSS,
    iterations: int = 200,
    tolerance: float = 1e-7,
    start: ArrayLike | None = None,
    seed: int = 0,
    epsilon: float = 1e-5,
    restart_iterations: int | None = None,
) -> Sharpness:
    r"""The largest eigenvalue of the loss's Hessian, by power iteration.

    Starting from a unit vector :math:`v`, repeat :math:`v \leftarrow Hv / \|Hv\|`;
    the Rayleigh quotient :math:`v^\top H v` tends to the eigenvalue of largest
    magnitude, :math:`\mu`. If :math:`\mu \ge 0` it is the sharpness. If it is
    negative (away from a minimum the Hessian can have a negative eigenvalue larger in
    size than every positive one), a second power iteration on :math:`H - \mu I`,
    whose eigenvalues :math:`\lambda - \mu` are all :math:`\ge 0`, finds
    :math:`\lambda_{max} - \mu`.

    Parameters
    ----------
    network : lrdoc.nn.Network
    X, y : array_like
        The full training set.
    loss_name : str
        A loss that :class:`lrdoc.nn.Network` knows.
    iterations : int
        At most this many Hessian-vector products per power iteration, >= 1.
    tolerance : float
        Stop when two successive estimates differ by less than ``tolerance`` times
        the latest, >= 0 (0: always make ``iterations`` products).
    start : array_like or None
        First vector (for a stack, one row per model); by default a random one
        drawn with ``seed``.
    seed : int
        Seed of the random first vector.
    epsilon : float
        Finite-difference step of :func:`hessian_vector_product`.
    restart_iterations : int or None
        Products of the second pass, from a new random vector (by default
        ``iterations``). In a stack, only the models whose first estimate came out
        negative make it.

    Returns
    -------
    Sharpness

    Examples
    --------
    The softmax pair of :func:`hessian_vector_product` on the input 2: its Hessian
    (see :func:`hessian`) has the eigenvalues 0, 0, 0 and
    :math:`(x^2 + 1) \times 0.5 = 2.5`:

    >>> from lrdoc import nn
    >>> net = nn.Network([nn.Dense([[0.0, 0.0]], [0.0, 0.0], "softmax")])
    >>> found = sharpness(net, [[2.0]], [0])
    >>> round(found.value, 6), found.converged
    (2.5, True)
    >>> sharpness(net, [[2.0]], [0], iterations=0)
    Traceback (most recent call last):
    ...
    ValueError: iterations must be >= 1, got 0
    """
    network = _network(network)
    iterations = _checks.positive_int(iterations, "iterations")
    again_iterations = _checks.positive_int(
        iterations if restart_iterations is None else restart_iterations,
        "restart_iterations",
    )
    tolerance = _checks.finite_number(tolerance, "tolerance")
    if tolerance < 0:
        raise ValueError(f"tolerance must be >= 0, got {_checks.show(tolerance)}")
    seed = _checks.non_negative_int(seed, "seed")
    shape = flat_parameters(network).shape
    rng = np.random.default_rng(seed)
    if start is None:
        vector = rng.standard_normal(shape)
    else:
        vector = _checks.finite_array(start, "start")
        if vector.shape != shape:
            raise ValueError(f"start must have shape {shape}, got {vector.shape}")
    vector = vector / _norm(vector)

    def product(v: np.ndarray) -> np.ndarray:
        return hessian_vector_product(network, X, y, v, loss_name, epsilon)

    value, vector, count, converged = _power(product, vector, iterations, tolerance)
    negative = np.asarray(value < 0)
    if negative.any():
        stacked = network.models is not None
        part = _models(network, negative) if stacked else network
        # one row per negative model of a stack; for one network, itself
        shift = np.asarray(value)[negative][:, None] if stacked else value
        again = rng.standard_normal(vector[negative].shape if stacked else vector.shape)
        shifted, turned, extra, settled = _power(
            lambda v: (
                hessian_vector_product(part, X, y, v, loss_name, epsilon) - shift * v
            ),
            again / _norm(again),
            again_iterations,
            tolerance,
        )
        if stacked:
            value, vector, converged = (
                np.array(a, copy=True) for a in (value, vector, converged)
            )
            value[negative] = shifted + shift[:, 0]
            vector[negative] = turned
            converged[negative] = settled
        else:
            value, vector, converged = shifted + shift, turned, settled
        count += extra
    if network.models is None:
        return Sharpness(float(value), vector, count, bool(converged))
    return Sharpness(value, vector, count, converged)
