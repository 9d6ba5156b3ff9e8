"""Elementary functions whose results are the same bits on every CPU.

numpy picks its ``exp`` and ``log`` code at run time by the CPU's vector
instructions (AVX2, AVX-512, ...), and a matrix product's summation order by the
BLAS kernel: results differ in the last bit from one machine to the next. Most
computations never notice. A chaotic one does: gradient descent at the edge of
stability magnifies a last-bit difference until, a hundred steps later, the runs
part. The functions here are built only from operations that IEEE 754 rounds
exactly, the same way on every instruction set (``+``, ``-``, ``*``, ``/``,
``np.rint``, ``np.frexp``, ``np.ldexp``), and sums whose order numpy fixes (over a
leading axis, element by element). ``exp`` and ``log`` follow fdlibm's algorithms
(Sun Microsystems, 1993): within one unit in the last place.

Set ``NPY_DISABLE_CPU_FEATURES`` (for example to ``"AVX512_ICL X86_V4"``) or
``OPENBLAS_CORETYPE`` to see numpy's own functions change and these stay.

They cost several times numpy's own, so :mod:`lrdoc.nn` uses them only inside
:func:`everywhere`: a network trained in that block gives the same bits on any
machine.

Examples
--------
>>> from lrdoc import nn
>>> from lrdoc.optimizers import SGD
>>> net = nn.build([2, 3, 2], ["tanh", "softmax"], seed=0)
>>> with everywhere():
...     history = nn.fit(net, SGD(0.1), [[0.0, 1.0], [1.0, 0.0]], [0, 1], epochs=2)
>>> history.status
'finished 2 epochs, loss 0.291'
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

import numpy as np

from lrdoc import _checks

_ACTIVE: ContextVar[bool] = ContextVar("lrdoc.nn.exact", default=False)


@contextlib.contextmanager
def everywhere() -> Iterator[None]:
    """Inside this block, :mod:`lrdoc.nn` computes its exponentials, logarithms,
    hyperbolic tangents and matrix products with this module's functions.

    Examples
    --------
    >>> active()
    False
    >>> with everywhere():
    ...     active()
    True
    """
    token = _ACTIVE.set(True)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active() -> bool:
    """Whether the caller runs inside :func:`everywhere`.

    Examples
    --------
    >>> active()
    False
    """
    return _ACTIVE.get()


_LN2_HI = 6.93147180369123816490e-01  # the first 32 bits of ln 2: k * _LN2_HI is exact
_LN2_LO = 1.90821492927058770002e-10  # ln 2 - _LN2_HI
_INV_LN2 = 1.44269504088896338700e00
_EXP_P = (
    1.66666666666666019037e-01,
    -2.77777777770155933842e-03,
    6.61375632143793436117e-05,
    -1.65339022054652515390e-06,
    4.13813679705723846039e-08,
)
_LOG_LG = (
    6.666666666666735130e-01,
    3.999999999940941908e-01,
    2.857142874366239149e-01,
    2.222219843214978396e-01,
    1.818357216161805012e-01,
    1.531383769920937332e-01,
    1.479819860511658591e-01,
)


_BLOCK = 8192
"""Elements per block: small temporaries stay in the cache and are recycled by the
allocator instead of being mapped afresh from the operating system."""


def _floats(x: object, name: str) -> np.ndarray:
    """``x`` as a float64 array (no copy if it is one), or a named error. NaN and
    infinity are numbers here, as for numpy's functions."""
    if isinstance(x, np.ndarray) and x.dtype == np.float64:
        return x
    if isinstance(x, float):
        return np.asarray(x)
    return _checks.real_array(x, name)


def _blockwise(function: Callable[[np.ndarray], np.ndarray], x: object) -> np.ndarray:
    """``function`` applied to a 1-d float array, block by block, reshaped as ``x``."""
    array = _floats(x, "x")
    flat = array.ravel()
    if flat.size <= _BLOCK:
        return function(flat).reshape(array.shape)
    out = np.empty_like(flat)
    for start in range(0, flat.size, _BLOCK):
        out[start : start + _BLOCK] = function(flat[start : start + _BLOCK])
    return out.reshape(array.shape)


def exp(x: np.ndarray | float) -> np.ndarray:
    """:math:`e^x`, element by element, the same bits on every CPU.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([-800.0, -1.0, 0.0, 1e-300, 0.5, 700.0, 800.0])
    >>> bool(np.allclose(exp(x[1:-1]), np.exp(x[1:-1]), rtol=3e-16, atol=0))
    True
    >>> exp(np.array([-800.0, 800.0, np.nan]))
    array([ 0., inf, nan])
    """
    return _blockwise(_exp, x)


def _exp(x: np.ndarray) -> np.ndarray:
    # Beyond these bounds the result is inf or 0 anyway; nan stays nan throughout.
    # In-place operations: each is still one rounded IEEE operation.
    r = np.clip(x, -746.0, 710.0)
    k = np.rint(r * _INV_LN2)
    r -= k * _LN2_HI  # exact: k has at most 11 bits, _LN2_HI 32
    lo = k * _LN2_LO
    hi = r.copy()
    r -= lo
    t = r * r
    p1, p2, p3, p4, p5 = _EXP_P
    c = t * p5
    c += p4
    c *= t
    c += p3
    c *= t
    c += p2
    c *= t
    c += p1
    c *= t
    np.subtract(r, c, out=c)  # c = r - t * (p1 + t * (...))
    r *= c
    c -= 2.0
    r /= c  # r c / (c - 2) = -(r c / (2 - c))
    r += lo  # lo - r c / (2 - c), as fdlibm
    r -= hi
    y = np.subtract(1.0, r, out=r)
    with np.errstate(invalid="ignore"):
        whole = k.astype(np.int32)
    top = whole > 1023  # 2**1024 overflows where y * 2**1024 may not
    if top.any():
        y[top] *= 2.0
        whole[top] -= 1
    with np.errstate(over="ignore"):
        out = np.ldexp(y, whole)
    if np.isnan(k).any():
        out[np.isnan(k)] = np.nan
    return out


def log(x: np.ndarray | float) -> np.ndarray:
    """The natural logarithm, element by element, the same bits on every CPU.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([1e-300, 1e-7, 0.5, 1.0, 2.0, 1e300])
    >>> bool(np.allclose(log(x), np.log(x), rtol=3e-16, atol=0))
    True
    >>> log(np.array([0.0, -1.0, np.inf]))
    array([-inf,  nan,  inf])
    """
    return _blockwise(_log, x)


def _log(x: np.ndarray) -> np.ndarray:
    finite = np.isfinite(x) & (x > 0)
    m, e = np.frexp(np.where(finite, x, 1.0))
    small = m < 0.7071067811865476
    m = np.where(small, 2.0 * m, m)
    k = (e - small).astype(np.float64)
    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    g1, g2, g3, g4, g5, g6, g7 = _LOG_LG
    t1 = w * (g2 + w * (g4 + w * g6))
    t2 = z * (g1 + w * (g3 + w * (g5 + w * g7)))
    r = t2 + t1
    hfsq = 0.5 * f * f
    out = k * _LN2_HI - ((hfsq - (s * (hfsq + r) + k * _LN2_LO)) - f)
    out = np.where(x == 0.0, -np.inf, out)
    out = np.where(x == np.inf, np.inf, out)
    return np.where((x < 0) | np.isnan(x), np.nan, out)


def tanh(x: np.ndarray | float) -> np.ndarray:
    """The hyperbolic tangent, ``sign(x) (1 - e) / (1 + e)`` with ``e = exp(-2|x|)``:
    within about 1e-16 of numpy's (absolutely), the same bits on every CPU.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([-30.0, -1.0, 0.0, 1e-3, 0.5, 800.0])
    >>> bool(np.allclose(tanh(x), np.tanh(x), rtol=0, atol=2e-16))
    True
    """
    x = _floats(x, "x")
    e = exp(-2.0 * np.abs(x))
    return np.sign(x) * ((1.0 - e) / (1.0 + e))


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` (leading axes broadcast), the same bits on every CPU and BLAS.

    Each entry is the sum of its products in the order of the shared axis, one
    element-wise addition at a time: no BLAS kernel, no dispatched reduction.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.arange(6.0).reshape(2, 3)
    >>> b = np.arange(12.0).reshape(2, 3, 2)
    >>> bool(np.array_equal(matmul(a, b), a @ b))
    True
    """
    a, b = _floats(a, "a"), _floats(b, "b")
    if a.ndim < 1 or b.ndim < 2 or a.shape[-1] != b.shape[-2] or a.shape[-1] == 0:
        raise ValueError(
            "a and b must be arrays with a @ b defined and a shared axis of length "
            f">= 1, got shapes {a.shape} and {b.shape}"
        )
    columns = np.moveaxis(a, -1, 0)[..., None]  # (k, ..., n, 1)
    rows = np.moveaxis(b, -2, 0)[..., None, :]  # (k, ..., 1, m)
    out = columns[0] * rows[0]
    term = np.empty_like(out)
    for j in range(1, columns.shape[0]):
        out += np.multiply(columns[j], rows[j], out=term)
    return out
