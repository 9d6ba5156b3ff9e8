"""Sybil: run every Python example in docs/**/*.md and in lrdoc's docstrings.

- A ```python block on a page runs as code; one whose lines start with ``>>>`` is
  a doctest, and each output is asserted.
- ``NUMBER``: a float in an expected output is compared to the precision written,
  so ``0.45`` matches 0.44999248 but not 0.46.
- numpy prints scalars as ``0.45`` rather than ``np.float64(0.45)`` on every page.
- A failure names the page (or module) and the line of the example.
- ``pages`` is the one reader of the Markdown pages: the page checks
  (``tests/pagecheck.py``) and the output updater (``tests/update_outputs.py``) use
  it and Sybil's own lexers, so all three agree on what a block is.
"""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

import numpy as np
from sybil import Sybil
from sybil.evaluators.doctest import NUMBER
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

OPTIONS = ELLIPSIS | NORMALIZE_WHITESPACE | NUMBER


def _setup(namespace: dict) -> None:
    np.set_printoptions(legacy="1.25")
    namespace["np"] = np


def _teardown(namespace: dict) -> None:
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
    setup=_setup,
    teardown=_teardown,
    name="docstrings",
)

pytest_collect_file = (pages + docstrings).pytest()
