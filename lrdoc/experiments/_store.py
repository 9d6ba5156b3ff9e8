"""Keep the experiments that take long on disk, keyed on everything they read.

:func:`stored` keeps each result in ``.cache/experiments/`` (see :mod:`lrdoc._cache`)
under a key that covers every file of the ``lrdoc`` package but the figures and the
other pages' experiments modules, as the running process imported it (page modules
import no other page module: a contract in ``pyproject.toml``), and what changes
floating-point results from one computer to another (:func:`lrdoc._cache.machine`).

A result is stored only if every lrdoc module the process ran was loaded from the
files the key hashed (a file saved mid-run stores nothing), and without pickle.
``LRDOC_CACHE=off`` turns the cache off.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from lrdoc import _cache

T = TypeVar("T")


def page_file(relative: str) -> bool:
    """Whether ``relative`` (``experiments/gad.py``, a file of the package) is a
    public module of ``lrdoc.experiments``: a page's (not ``_store.py``, not the
    package's ``__init__.py``)."""
    folder, _, name = relative.rpartition("/")
    return folder == "experiments" and not name.startswith("_")


def _outside(module: str) -> Callable[[str], bool]:
    """The files an experiment of ``module`` cannot read: the figures, and the other
    public modules of ``lrdoc.experiments`` (the pages)."""
    own = "experiments/" + module.rsplit(".", 1)[-1] + ".py"

    def skip(relative: str) -> bool:
        return relative.startswith("figures/") or (
            page_file(relative) and relative != own
        )

    return skip


def key(name: str) -> tuple[str, dict[str, str]]:
    """The key of the experiment ``name`` (``module.function``) and the sources it
    covers.

    Examples
    --------
    >>> k, files = key("lrdoc.experiments.gad.rate_sweep")
    >>> len(k), "experiments/gad.py" in files, "experiments/mcvp.py" in files
    (64, True, False)
    >>> "experiments/_store.py" in files, "figures/gad.py" in files
    (True, False)
    """
    files = _cache.sources(skip=_outside(name.rsplit(".", 1)[0]))
    return _cache.key("experiment", name, files, _cache.machine()), files


_MISSING: Any = object()


def _read(
    name: str, key: str, files: dict[str, str], skip: Callable[[str], bool]
) -> Any:
    """The stored result of ``name`` under ``key``, or ``_MISSING``."""
    if not _cache.consistent(files, skip=skip):
        return _MISSING
    payload = _cache.read("experiments", name, key)
    if payload is None:
        return _MISSING
    try:
        return _cache.decode(payload)
    except Exception:  # a class renamed since: compute again
        return _MISSING


def stored(function: Callable[[], T]) -> Callable[[], T]:
    """Cache an experiment of no argument in memory and on disk.

    Only functions of ``lrdoc.experiments`` modules, reachable by their name, are
    written to disk; any other is cached in memory only.

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
        name = f"{function.__module__}.{function.__qualname__}"
        module = function.__module__
        on_disk = module.startswith("lrdoc.experiments.") and (
            getattr(sys.modules.get(module), function.__qualname__, None) is cached
        )
        if not on_disk or _cache.root() is None:
            return function()
        skip = _outside(module)
        before, files = key(name)
        found = _read(name, before, files, skip)
        if found is not _MISSING:
            return found
        # Computed once among the processes that share the cache: one that waited
        # reads what the first stored.
        with _cache.computing("experiments", name, before):
            found = _read(name, before, files, skip)
            if found is not _MISSING:
                return found
            result = function()
            after, files = key(name)
            if after == before and _cache.consistent(files, skip=skip):
                _cache.write("experiments", name, before, _cache.encode(result))
        return result

    return cached
