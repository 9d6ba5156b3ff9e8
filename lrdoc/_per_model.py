"""The base of the optimizers that keep state per model of a stack.

:mod:`lrdoc.adaptive` and :mod:`lrdoc.linesearch` hold numbers per model (a rate, an
estimate of the distance to a solution, a loss): one network has ``models=None``
and one entry; a stack of ``models`` networks (:mod:`lrdoc.nn.stack`) has one per
model, along the first axis of every parameter array.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from lrdoc import _checks


class PerModel:
    """The model count, one value per model, per-model sums and argument checks.

    Parameters
    ----------
    models : int or None
        None for one network; the number of models of a stack otherwise.
    slots : int
        How many numbers per model the optimizer keeps (for the memory estimate).

    Examples
    --------
    >>> state = PerModel(models=3, slots=1)
    >>> state._positive(0.5, "lr")
    array([0.5, 0.5, 0.5])
    >>> state._sum([np.ones((3, 2)), np.ones(3)])
    array([3., 3., 3.])
    >>> PerModel(models=None, slots=1)._positive([1.0, 2.0], "lr")
    Traceback (most recent call last):
    ...
    ValueError: lr must hold 1 value (models=None), got 2
    """

    def __init__(self, models: int | None, slots: int) -> None:
        if models is not None:
            models = _checks.positive_int(models, "models")
            _checks.memory(f"{type(self).__name__}(models={models})", (models, slots))
        self.models = models
        self.iterations = 0

    @property
    def _count(self) -> int:
        return 1 if self.models is None else self.models

    def _per_model(self, value: object, name: str) -> np.ndarray:
        """``value`` as one float per model (a single value is shared)."""
        array = _checks.real_array(value, name)
        if array.size not in (1, self._count):
            allowed = (
                "1 value (models=None)"
                if self.models is None
                else f"1 or {self._count} values"
            )
            raise ValueError(f"{name} must hold {allowed}, got {array.size}")
        return np.broadcast_to(array.ravel(), (self._count,)).copy()

    def _positive(self, value: object, name: str, infinite: bool = False) -> np.ndarray:
        """:meth:`_per_model`, each value a finite number > 0 (or inf, if allowed)."""
        array = self._per_model(value, name)
        bad = ~(array > 0) | (~np.isfinite(array) & ~(infinite & (array == np.inf)))
        what = "numbers > 0 (or inf)" if infinite else "finite numbers > 0"
        _checks.reject(array, bad, name, what)
        return array

    def _sum(self, arrays: Iterable[np.ndarray]) -> np.ndarray:
        """Per model, the sum of every array's entries."""
        total = np.zeros(self._count)
        for a in arrays:
            total += a.reshape(self._count, -1).sum(axis=1)
        return total

    def _along(self, value: np.ndarray, like: np.ndarray) -> np.ndarray:
        """A per-model value shaped to broadcast against a parameter array ``like``."""
        if self.models is None:
            return value[0] * np.ones(())
        return value.reshape((-1,) + (1,) * (like.ndim - 1))

    def _out(self, value: np.ndarray) -> float | np.ndarray:
        """A per-model value as the user sees it: a float for one network."""
        return float(value[0]) if self.models is None else value.copy()

    def _check(self, params: list, grads: list) -> list[np.ndarray]:
        return _checks.params_and_grads(params, grads, self.models)
