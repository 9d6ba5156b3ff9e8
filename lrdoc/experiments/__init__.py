"""Experiments: every result that a page states or a figure draws, one module per page.

The layers of lrdoc, from the bottom up:

- the engine (:mod:`lrdoc.data`, :mod:`lrdoc.training`, :mod:`lrdoc.nn`, ...): exact,
  vectorised, knows nothing of articles or pages;
- :mod:`lrdoc.replicas`: only what an article published, quirks included;
- :mod:`lrdoc.experiments` (here): one module per page, named after the page's file
  (``docs/articles/mcvp.md`` → ``lrdoc.experiments.mcvp``), found by
  :func:`pages`. Each public function
  runs one experiment on the engine or the replicas and returns a plain result
  object (a frozen dataclass of numbers and arrays). A page calls these functions and
  asserts what it shows; a figure receives the same result and only draws it;
- :mod:`lrdoc.figures`: drawing only.

Each page module may also define ``ERRATA``, a tuple of :class:`Erratum`: the places
where the article's number is not what its own method gives. The home page builds
its table of errata from them with :func:`errata`.
"""

from __future__ import annotations

import pkgutil
from dataclasses import dataclass


def pages() -> list[str]:
    """Every module of this package but the private ones and :mod:`errata`: found,
    not listed, in alphabetical order (the site orders them as its ``nav:`` does).

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

    Attributes
    ----------
    page : str
        The page module's name, e.g. ``"mcvp"`` (the page is ``articles/PAGE.md``).
    anchor : str
        The id of the section on that page that shows both values.
    claim : str
        What the number is, in a few words.
    as_published : str
        What the article prints, or what its own code gives.
    as_computed : str
        What lrdoc computes.
    folder : str
        Where the page lives under ``docs/``: ``"articles"`` (the default) or
        ``"guides"``.

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
