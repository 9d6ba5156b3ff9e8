"""Sybil: run every Python example in docs/**/*.md and in lrdoc's docstrings.

- A ```python block on a page runs as code; one whose lines start with ``>>>`` is
  a doctest, and each output is asserted.
- ``NUMBER``: a float in an expected output is compared to the precision written,
  and passes only if the printed value rounds to it (within half a unit of the last
  written digit): ``0.45`` matches 0.44999248 but not 0.4549 or 0.46, and ``0.44``
  does not match 0.4499925. (Sybil's own ``NUMBER`` accepts a whole unit either
  way; :class:`RoundingChecker` narrows it, on the pages and in the docstrings.)
- numpy prints scalars as ``0.45`` rather than ``np.float64(0.45)`` on every page.
- A failure names the page (or module) and the line of the example.
- ``pages`` is the one reader of the Markdown pages: the page checks
  (:mod:`tools.pagecheck`) and the output updater (:mod:`tools.update_outputs`) use
  it and Sybil's own lexers, so all three agree on what a block is.

``conftest.py`` (at the top of the repository) hands :data:`pytest_collect_file` and
:func:`pytest_collection_modifyitems` to pytest; the tools import this module.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sybil import Document, Region, Sybil
from sybil.evaluators.doctest import NUMBER, DocTestEvaluator, OutputChecker
from sybil.integration.pytest import SybilItem
from sybil.parsers.abstract import DocTestStringParser
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

ROOT = Path(__file__).resolve().parents[1]
"""The repository: Sybil reads ``docs/`` and ``lrdoc/`` under it."""

OPTIONS = ELLIPSIS | NORMALIZE_WHITESPACE | NUMBER


def rounds_to(written: str, printed: str) -> bool:
    """Whether ``printed`` rounds to ``written`` at the precision written: within
    half a unit of its last digit (``0.45`` for 0.4499925, not ``0.44``)."""
    try:
        want, got = Decimal(written), Decimal(printed)
    except InvalidOperation:
        return False
    exponent = want.as_tuple().exponent
    if not isinstance(exponent, int):  # nan, inf
        return False
    return abs(want - got) <= Decimal(5).scaleb(exponent - 1)


class RoundingChecker(OutputChecker):
    """Sybil's output checker, with ``NUMBER`` read as "rounds to what is written"."""

    def _remove_unwanted_precision(self, want: str, got: str) -> str:
        wants = list(self._number_re.finditer(want))
        gots = list(self._number_re.finditer(got))
        if len(wants) != len(gots):
            return got
        offset = 0
        for w, g in zip(wants, gots, strict=True):
            if rounds_to(w.group(), g.group()):
                # Close enough: put the written text in place of the printed one,
                # so that the literal comparison that follows matches here.
                start, end = g.start() + offset, g.end() + offset
                got = got[:start] + w.group() + got[end:]
                offset += len(w.group()) - len(g.group())
        return got


class RoundingEvaluator(DocTestEvaluator):
    """Sybil's doctest evaluator with :class:`RoundingChecker`."""

    def __init__(self, optionflags: int = 0) -> None:
        super().__init__(optionflags)
        self.runner._checker = RoundingChecker()  # type: ignore[attr-defined]


def _in_original(source: str, original: str, position: int) -> int:
    """Where ``position`` in a block's dedented ``source`` is in its ``original``
    (indented) text: the same line, shifted by what dedenting removed there."""
    line = source.count("\n", 0, position)
    column = position - (source.rfind("\n", 0, position) + 1)
    kept = source.splitlines(keepends=True)
    lines = original.splitlines(keepends=True)
    before = sum(len(text) for text in lines[:line])
    removed = len(lines[line]) - len(kept[line]) if line < len(kept) else 0
    return before + max(removed, 0) + column


class PageParser(PythonCodeBlockParser):
    """Python blocks on a page; their doctests compare numbers by rounding.

    A block indented under an admonition (``??? check "How this is checked"``, its
    content indented 4 spaces) is dedented before its doctests are parsed; Sybil
    maps their places back as if nothing had been removed, so every example after
    the first would be reported a few lines too early. Here each example keeps its
    own line: pytest, the page check and the updater name the line of its ``>>>``.
    """

    def __init__(self, doctest_optionflags: int = 0) -> None:
        super().__init__(doctest_optionflags=doctest_optionflags)
        self.doctest_parser = DocTestStringParser(
            RoundingEvaluator(doctest_optionflags)
        )

    def __call__(self, document: Document) -> Iterable[Region]:
        for region in self.codeblock_parser(document):
            source = region.parsed
            if not source.startswith(">>>"):
                yield region
                continue
            base = region.start + source.offset
            original = document.text[base : region.end]
            for example in self.doctest_parser(source, document.path):
                example.start = base + _in_original(source, original, example.start)
                example.end = base + _in_original(source, original, example.end)
                yield example


class DocstringParser(DocTestParser):
    """Doctests in docstrings, compared by rounding as on the pages."""

    def __init__(self, optionflags: int = 0) -> None:
        super().__init__(optionflags)
        self.string_parser = DocTestStringParser(RoundingEvaluator(optionflags))


_environments: dict[int, dict[str, str]] = {}
"""The environment as each document's examples found it (by namespace), restored
after them: an example that sets and deletes ``LRDOC_CACHE`` leaves the value the
test run gave (``.ci/run`` gives one) in place, not a process without it."""


def _setup(namespace: dict[str, Any]) -> None:
    """A page's examples: numpy prints scalars as ``0.45``. Nothing is added to
    the namespace, so every page imports what it uses and can be copied."""
    np.set_printoptions(legacy="1.25")
    _environments[id(namespace)] = dict(os.environ)


def _setup_docstring(namespace: dict[str, Any]) -> None:
    """A docstring's examples assume ``import numpy as np``, as numpy's own do."""
    _setup(namespace)
    namespace["np"] = np


def _teardown(namespace: dict[str, Any]) -> None:
    np.set_printoptions(legacy=False)
    before = _environments.pop(id(namespace), None)
    if before is None:
        return
    for name in set(os.environ) - set(before):
        del os.environ[name]
    for name, value in before.items():
        if os.environ.get(name) != value:
            os.environ[name] = value


pages = Sybil(
    parsers=[PageParser(doctest_optionflags=OPTIONS), SkipParser()],
    path=str(ROOT / "docs"),
    patterns=["*.md", "**/*.md"],
    setup=_setup,
    teardown=_teardown,
    name="pages",
)

docstrings = Sybil(
    parsers=[DocstringParser(optionflags=OPTIONS)],
    path=str(ROOT / "lrdoc"),
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
