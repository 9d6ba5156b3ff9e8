"""Every page's errata, collected for the home page's table.

This lives apart from :mod:`lrdoc.experiments` itself so that importing one page's
experiments does not import every page's.
"""

from __future__ import annotations

import importlib

from lrdoc.experiments import Erratum, pages


def collect() -> list[Erratum]:
    """Every page's ``ERRATA``, page by page in the order of :func:`pages` (the
    home page's table orders them as the site's ``nav:``).
    """
    found: list[Erratum] = []
    for page in pages():
        module = importlib.import_module(f"lrdoc.experiments.{page}")
        found.extend(getattr(module, "ERRATA", ()))
    return found
