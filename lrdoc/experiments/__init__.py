"""Experiments: every result that a page states or a figure draws, one module per page.

The layers of lrdoc, from the bottom up: the engine (:mod:`lrdoc.nn`,
:mod:`lrdoc.training`, ...), exact and knowing nothing of pages; :mod:`lrdoc.replicas`,
only what an article published; :mod:`lrdoc.experiments` (here), one module per page,
named after the page's file (``docs/articles/mcvp.md`` → ``lrdoc.experiments.mcvp``)
and found by :func:`pages`, whose functions return plain result objects (frozen
dataclasses) that a page asserts and a figure of :mod:`lrdoc.figures` draws.

A page module may define ``ERRATA``, a tuple of :class:`Erratum`: where the article's
number is not what its own method gives (the home page's table of errata).
"""

from __future__ import annotations

import pkgutil
from dataclasses import dataclass


def pages() -> list[str]:
    """Every module of this package but the private ones and :mod:`errata`, in
    alphabetical order (the site orders them as its ``nav:`` does).

    Examples
    --------
    >>> "mcvp" in pages(), "errata" in pages(), "_store" in pages()
    (True, False, False)
    """
    return sorted(
        m.name
        for m in pkgutil.iter_modules(__path__)
        if not m.name.startswith("_") and m.name != "errata"
    )


@dataclass(frozen=True)
class Erratum:
    """One place where an article's number differs from what lrdoc computes.

    ``page`` is the page module's name, ``anchor`` the id of the section that shows
    both values, ``claim`` what the number is, ``as_published`` what the article
    prints (or its own code gives), ``as_computed`` what lrdoc computes, ``folder``
    where the page lives under ``docs/``.

    Examples
    --------
    >>> e = Erratum("gad", "errata", "product in the text", "3.327", "3.237")
    >>> e.link
    'articles/gad.md#errata'
    """

    page: str
    anchor: str
    claim: str
    as_published: str
    as_computed: str
    folder: str = "articles"

    @property
    def link(self) -> str:
        """The link to the section that shows both values, relative to the site root."""
        return f"{self.folder}/{self.page}.md#{self.anchor}"
