"""A disk cache for the experiments that take long, keyed on everything they read.

A page's examples, its docstrings, its figures and its tests all ask for the same few
heavy results (10 seeds trained at many rates, networks at the edge of stability).
:func:`stored` keeps each result in ``.cache/experiments/`` beside the source
checkout, under a key that covers every input it can have:

- every file of the ``lrdoc`` package except the figures: its Python code (so any
  change to the engine, the replicas or the experiments computes everything
  afresh) and its data files;
- the versions of Python and numpy.

Nothing it stores can go stale without the key changing, and each entry carries the
sha256 of its bytes, checked before use; a missing, damaged or unreadable entry is
computed again. The folder is safe to delete. ``LRDOC_EXPERIMENT_CACHE`` names
another folder; ``LRDOC_EXPERIMENT_CACHE=off`` turns the cache off. Outside a source
checkout (no ``pyproject.toml`` beside the package) nothing is written.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import platform
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

PACKAGE = Path(__file__).resolve().parents[1]
T = TypeVar("T")
MAGIC = b"lrdoc-experiment sha256="


def folder() -> Path | None:
    """Where results are kept, or None when the cache is off.

    Examples
    --------
    >>> import os
    >>> os.environ["LRDOC_EXPERIMENT_CACHE"] = "off"
    >>> folder() is None
    True
    >>> del os.environ["LRDOC_EXPERIMENT_CACHE"]
    """
    chosen = os.environ.get("LRDOC_EXPERIMENT_CACHE")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    checkout = PACKAGE.parent
    if not (checkout / "pyproject.toml").is_file():
        return None
    return checkout / ".cache" / "experiments"


@functools.cache
def key() -> str:
    """A hash of every input an experiment can read (see the module's docstring).

    Examples
    --------
    >>> len(key())
    64
    """
    digest = hashlib.sha256()
    for part in (platform.python_version(), np.__version__):
        digest.update(part.encode() + b"\0")
    skipped = {"figures", "__pycache__"}
    files = sorted(
        p
        for p in PACKAGE.rglob("*")
        if p.is_file()
        and p.suffix != ".pyc"
        and not skipped & set(p.relative_to(PACKAGE).parts)
    )
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read(path: Path) -> tuple[bool, Any]:
    try:
        blob = path.read_bytes()
        head, _, payload = blob.partition(b"\n")
        if head != MAGIC + hashlib.sha256(payload).hexdigest().encode():
            return False, None
        return True, pickle.loads(payload)
    except Exception:  # missing, damaged or from another lrdoc: compute again
        return False, None


def _write(path: Path, result: Any) -> None:
    try:
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(
            MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
        )
        temporary.replace(path)
    except Exception:  # a cache that cannot be written only costs time
        return


def stored(function: Callable[[], T]) -> Callable[[], T]:
    """Cache an experiment of no argument in memory and on disk.

    Only functions of ``lrdoc.experiments`` modules are written to disk; any other
    is cached in memory only.

    Examples
    --------
    >>> calls = []
    >>> @stored
    ... def answer():
    ...     calls.append(1)
    ...     return 42
    >>> answer(), answer(), len(calls)
    (42, 42, 1)
    """

    @functools.cache
    @functools.wraps(function)
    def cached() -> T:
        where = folder()
        if where is None:
            return function()
        name = f"{function.__module__}.{function.__qualname__}"
        path = where / f"{name}-{key()[:20]}.pickle"
        found, result = _read(path)
        if found:
            return result
        result = function()
        module = sys.modules.get(function.__module__)
        if function.__module__.startswith("lrdoc.experiments.") and (
            getattr(module, function.__qualname__, None) is cached
        ):  # a function of an experiments module, reachable by its name
            _write(path, result)
        return result

    return cached
