"""pytest's entry to Sybil: every page's and every docstring's examples run as tests.

The configuration (parsers, options, setup) is in :mod:`tools.sybil_config`, which
the page check and the output updater import too.
"""

import sys

# The tests keep their bytecode between runs even where PYTHONDONTWRITEBYTECODE is
# set (as on this project's machines): compiling lrdoc, the tests and Sybil's
# parsers from source in every worker would cost seconds on each run.
sys.dont_write_bytecode = False

from tools.sybil_config import (  # noqa: E402
    pytest_collect_file,
    pytest_collection_modifyitems,
)

__all__ = ["pytest_collect_file", "pytest_collection_modifyitems"]
