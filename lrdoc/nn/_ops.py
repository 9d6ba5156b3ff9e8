"""The elementary operations of :mod:`lrdoc.nn`: numpy's own, or inside
:func:`lrdoc.nn.exact.everywhere` those of :mod:`lrdoc.nn.exact`."""

from __future__ import annotations

import numpy as np

from lrdoc.nn import exact


def exp(x: np.ndarray) -> np.ndarray:
    return exact.exp(x) if exact.active() else np.exp(x)


def log(x: np.ndarray) -> np.ndarray:
    return exact.log(x) if exact.active() else np.log(x)


def tanh(x: np.ndarray) -> np.ndarray:
    return exact.tanh(x) if exact.active() else np.tanh(x)


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return exact.matmul(a, b) if exact.active() else np.matmul(a, b)


def samples_first(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``matmul(a, b)``, the same bits, a stack's result laid out samples first.

    The ``(models, samples, units)`` result is a view of a
    ``(samples, models, units)`` array, so that a sum over the samples or a bias
    added to every sample runs along rows of ``models × units`` numbers instead of
    one short row per model and sample. Entry by entry, along a row, summed over
    the samples (one after another, as numpy adds along a non-contiguous axis) and
    read by a matrix product of two matrices, it gives the bits of the usual
    layout; where a single unit would make a product a matrix-vector one (another
    BLAS routine), or make numpy add the samples pairwise, a network keeps the
    usual layout (:meth:`lrdoc.nn.Network._samples_first`).

    Examples
    --------
    >>> a, b = np.ones((2, 3, 4)), np.ones((2, 4, 5))
    >>> c = samples_first(a, b)
    >>> c.shape, c.base.shape, bool((c == a @ b).all())
    ((2, 3, 5), (3, 2, 5), True)
    """
    if a.ndim != 3 or b.ndim != 3 or exact.active():
        return matmul(a, b)
    models = max(a.shape[0], b.shape[0])  # numpy refuses any other mismatch
    dtype = np.result_type(a, b)
    out = np.empty((a.shape[1], models, b.shape[2]), dtype).transpose(1, 0, 2)
    return np.matmul(a, b, out=out)


SHORT = 8
"""numpy adds fewer than this many numbers one after another, left to right; from
8 on it adds them in eight interleaved partial sums (its pairwise summation)."""


def _fold(x: np.ndarray, first: np.ndarray, step: np.ufunc, reduce: str) -> np.ndarray:
    """``first`` (the row's first column), combined with each further column by
    ``step``, left to right; numpy's own ``reduce`` method for rows of
    :data:`SHORT` or more."""
    k = x.shape[-1]
    if not 1 <= k < SHORT:
        return getattr(x, reduce)(axis=-1, keepdims=True)
    for j in range(1, k):
        step(first, x[..., j : j + 1], out=first)
    return first


def row_sum(x: np.ndarray) -> np.ndarray:
    """``x.sum(axis=-1, keepdims=True)``, the same bits, faster for short rows.

    A reduction along a short last axis (a network's 2 or 3 classes) costs numpy
    tens of microseconds of set-up per call; for fewer than :data:`SHORT` entries
    numpy adds them from left to right, starting from +0.0, and so does this,
    column by column (``tests/test_nn.py`` checks the bits against numpy's, signed
    zeros, infinities and NaNs included).

    Examples
    --------
    >>> row_sum(np.array([[1.0, 2.0, 3.0]]))
    array([[6.]])
    """
    return _fold(x, x[..., :1] + 0.0, np.add, "sum")


def row_max(x: np.ndarray) -> np.ndarray:
    """``x.max(axis=-1, keepdims=True)``, faster for short rows (a maximum does not
    depend on the order; a NaN in a row gives NaN either way; of 0.0 and -0.0
    either may come out, as from numpy's own, whose choice changes with the CPU).

    Examples
    --------
    >>> row_max(np.array([[1.0, 3.0, 2.0]]))
    array([[3.]])
    """
    return _fold(x, x[..., :1].copy(), np.maximum, "max")
