"""Sybil: run every Python example in docs/**/*.md and in lrdoc's docstrings.

- A ```python block on a page runs as code; one whose lines start with ``>>>`` is
  a doctest, and each output is asserted.
- ``NUMBER``: a float in an expected output is compared to the precision written,
  so ``0.45`` matches 0.44999248 but not 0.46.
- numpy prints scalars as ``0.45`` rather than ``np.float64(0.45)`` on every page.
- A failure names the page (or module) and the line of the example.
- ``pages`` is the one reader of the Markdown pages: the page checks
  (:mod:`tools.pagecheck`) and the output updater (:mod:`tools.update_outputs`) use
  it and Sybil's own lexers, so all three agree on what a block is.

``conftest.py`` (at the top of the repository) hands :data:`pytest_collect_file` and
:func:`pytest_collection_modifyitems` to pytest; the tools import this module.
"""

from __future__ import annotations

from collections import defaultdict
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from typing import Any

import numpy as np
import pytest
from sybil import Sybil
from sybil.evaluators.doctest import NUMBER
from sybil.integration.pytest import SybilItem
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

OPTIONS = ELLIPSIS | NORMALIZE_WHITESPACE | NUMBER


def _setup(namespace: dict[str, Any]) -> None:
    """A page's examples: numpy prints scalars as ``0.45``. Nothing is added to
    the namespace, so every page imports what it uses and can be copied."""
    np.set_printoptions(legacy="1.25")


def _setup_docstring(namespace: dict[str, Any]) -> None:
    """A docstring's examples assume ``import numpy as np``, as numpy's own do."""
    _setup(namespace)
    namespace["np"] = np


def _teardown(namespace: dict[str, Any]) -> None:
    np.set_printoptions(legacy=False)


pages = Sybil(
    parsers=[PythonCodeBlockParser(doctest_optionflags=OPTIONS), SkipParser()],
    path="docs",
    patterns=["*.md", "**/*.md"],
    setup=_setup,
    teardown=_teardown,
    name="pages",
)

docstrings = Sybil(
    parsers=[DocTestParser(optionflags=OPTIONS)],
    path="lrdoc",
    patterns=["*.py", "**/*.py"],
    setup=_setup_docstring,
    teardown=_teardown,
    name="docstrings",
)

pytest_collect_file = (pages + docstrings).pytest()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run each page's (and docstring's) examples in the order they are written.

    The examples of one document share one namespace, so their order is part of the
    document. pytest-randomly shuffles every test (its hook runs first); this puts
    each document's examples back in document order, in the places they were
    shuffled to. Tests in ``tests/`` keep their random order. (``--dist loadfile``
    in ``pyproject.toml`` keeps each document on one xdist worker.)
    """
    slots: dict[object, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        if isinstance(item, SybilItem):
            slots[item.parent].append(index)
    for indexes in slots.values():
        ordered = sorted(
            (items[i] for i in indexes),
            key=lambda it: it.example.start,  # type: ignore[attr-defined]
        )
        for index, example in zip(indexes, ordered, strict=True):
            items[index] = example
