"""Every page's errata, collected for the home page's table.

This lives apart from :mod:`lrdoc.experiments` itself so that importing one page's
experiments does not import every page's (a figure's cache key follows its imports).
"""

from __future__ import annotations

import importlib

from lrdoc.experiments import PAGES, Erratum


def collect() -> list[Erratum]:
    """Every page's ``ERRATA``, in the site's reading order.

    Examples
    --------
    >>> found = collect()
    >>> all(isinstance(e, Erratum) for e in found), len(found) > 0
    (True, True)
    """
    found: list[Erratum] = []
    for page in PAGES:
        module = importlib.import_module(f"lrdoc.experiments.{page}")
        found.extend(getattr(module, "ERRATA", ()))
    return found
