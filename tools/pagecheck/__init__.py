"""Static checks of the Markdown pages: prose numbers, fences, skips and headings.

One reader of Markdown
----------------------
Blocks are found by Sybil's own lexers (``RawFencedCodeBlockLexer`` for every fenced
block, whatever its language) and the examples by the project's ``tools.sybil_config.pages``
(the parsers pytest runs). The page check, the output updater
(:mod:`tools.update_outputs`) and pytest therefore agree on what a block is. A fence
Sybil reads differently from the Markdown renderer is caught by
:func:`rendered_heading_problems`, which compares against the real rendering.

The prose-number rule (:func:`prose_number_problems`)
------------------------------------------------------
A number written in prose must match, **at the precision written**, a value printed
by an example (the expected output of a ``>>>`` line) in the **same section**, or be
a declared given (``givens:`` in the page's front matter).

- *Section*: a heading (ATX, ``## Title``, as the site writes them) and everything
  under it, subsections included, up to the next heading of the same or a higher
  level. The page title (``#``, level 1) and any text
  before the first heading are the exception: their section is the lead only (up to
  the next heading of any level), since otherwise a number in the lead would be
  checked against the whole page, which is the loophole this rule closes.
- *Printed*: numbers in the expected output of a doctest example that runs,
  folded ones (``??? check "How this is checked"``) included. Input code, plain
  (non-``>>>``) blocks, ``+SKIP`` examples and examples under a ``skip:`` directive
  print nothing that is checked, so they back nothing; nor does a number the code
  only types (``print("loss 0.46")``: a number inside a string literal) or echoes
  (``>>> 0.46``: an example that is only a literal).
- *Precision written*: ``0.45`` matches a printed 0.44999 (0.45 to 2 decimals) but not
  0.46; an integer ``45`` matches a printed 44.999249. A printed value backs a prose
  number only if it is printed at least as precisely: printed ``0.45`` does not back
  ``0.450``.
- *Prose* is every line outside fences and HTML comments, read as a reader sees it:
  paragraphs, headings, table cells, list items, admonition and tab titles and
  bodies, figure alt text (``![alt](...)``, ``alt="..."`` or ``alt=...``), link and
  image titles (``[x](url "title")``, also on reference-link definitions),
  ``title`` and ``aria-label`` attributes, captions (``<figcaption>`` text, with the
  tags removed), footnotes, and the front matter's ``title`` and ``description``
  (searched with the page title). Text before, between and after comments on a
  line is prose. Digits split by markup or invisible characters are one number
  (``**1**4``, ``1<b>4</b>``, ``1\\u200b4``, ``7\\.46``), and so are digits grouped
  by thin or no-break spaces, ``_`` or ``'`` (``10 410``).
- *Scientific notation* is read whole: ``1.7e-6``, ``1.7 × 10⁻⁶``, ``1.7 \\times
  10^{-6}`` and ``10^{-20}`` are one number each, with the precision of the mantissa
  (``10^{-20}`` is 1 × 10⁻²⁰ to 1 significant digit). Printed ``2.1e-05`` is read the
  same way.
- *Percentages*: ``95%`` (or ``95\\%`` in math, or "95 per cent") matches a printed
  fraction, 0.95 (to 2 decimals: the precision written, moved two places), or a
  printed percentage, ``95.0%``; not a bare printed 95, which may be any count.
  ``0.3%`` matches a printed 0.0034 but not 0.2994 or 0.34. A printed percentage
  backs only a percentage.
- *Signs* are not compared: prose often states a magnitude ("falls by 45").
- *Inline and display math* (``\\(...\\)``, ``\\[...\\]``, ``$...$``, ``$$...$$``): numbers
  with a decimal point, numbers of 10 or more and powers of ten are checked; integers
  below 10 are structure (``2/n``, ``x^2``, indices, a bound ``< 2``) and are not,
  unless the formula states one as a value (``\\eta = 3``: 2 to 9 after ``=`` or
  ``\\approx``). Words in a formula (``\\text{3 epochs}``) are prose. Sub- and
  superscripts (``x_{10}``, ``w^{(2)}``) are structure too, except a power of ten.
- *Not prose*: inline code, link and image targets, URLs, HTML tags and attributes
  other than ``alt``/``title``/``aria-label``, attribute lists ``{: ...}``,
  footnote markers ``[^1]``, reference-link targets, ordered-list markers (``1.``,
  only where a list can start: ``46. Then`` inside a paragraph is a number), and
  numbers after letters, which are names (``float32``, ``L2``). A number followed
  by letters is a number with a unit or factor and is checked (``46ms``, ``7.5x``);
  ``.46`` is 0.46. Ordinals (``3rd``) are checked as their number. Dotted versions with three parts
  (``1.2.3``) are names; ``Keras 3`` or ``Python 3.11`` are numbers and must be
  givens.
- *Headings*: a heading's own numbers belong to its section; a leading section
  number ending with a dot (``## 2. Results``, ``## 2.1. Setup``) is structure, but
  a heading that starts with a number states it (``### 17 epochs are enough``).
- *Footnotes*: a footnote's text is checked against the section where the footnote is
  first referenced.
- *Dates and years*: an ISO date (``2020-06-01``) is read as its year; a year (for
  example in a citation) must be a given.
- *Givens* match exactly (or as a percentage: a given 0.05 backs ``5%``), anywhere on
  the page.

A problem reads ``page:line: number (searched section "Heading", lines a-b)``.

Docstrings (:mod:`tools.pagecheck.docstrings`) and the site (:mod:`tools.pagecheck.site`)
-------------------------------------------------------------------------------------------
The API reference shows lrdoc's docstrings: their prose numbers are printed by their
own examples or held by their code. A page is in ``nav:``; an article or guide opens
with its Source box; a figure is one ``lrdoc.figures`` draws, with alt text.

Fences and skips (:func:`fence_problems`)
------------------------------------------
Every fenced block is closed; no fence that could close a block opens inside one;
every block is a Python block that Sybil runs, a block declared as another language,
or a Python block skipped on purpose. A ``skip: next`` or ``skip: start`` needs a
quoted reason (``<!-- skip: next "needs Keras" -->``), which pytest reports.

Headings (:func:`rendered_heading_problems`)
---------------------------------------------
The page is rendered with the site's Markdown extensions (from ``mkdocs.yml``). No
rendered code block may contain a Markdown heading (Python comments in examples use a
single ``#``), and the renderer must see exactly the headings the reader sees.
"""

from __future__ import annotations

from pathlib import Path

from tools.pagecheck.docstrings import docstring_problems, new_docstring_problems
from tools.pagecheck.fences import fence_problems
from tools.pagecheck.headings import render, rendered_heading_problems
from tools.pagecheck.numbers import backs, printed_numbers, written_numbers
from tools.pagecheck.prose import prose_number_problems
from tools.pagecheck.reader import Page, read
from tools.pagecheck.sections import Section, sections
from tools.pagecheck.site import figure_problems, nav_problems, source_box_problems

__all__ = [
    "Page",
    "Section",
    "all_problems",
    "backs",
    "docstring_problems",
    "new_docstring_problems",
    "fence_problems",
    "figure_problems",
    "nav_problems",
    "printed_numbers",
    "prose_number_problems",
    "read",
    "render",
    "rendered_heading_problems",
    "sections",
    "source_box_problems",
    "written_numbers",
]


def all_problems(path: Path) -> list[str]:
    """Every problem the page checks find on one page."""
    return (
        nav_problems(path)
        + source_box_problems(path)
        + fence_problems(path)
        + rendered_heading_problems(path)
        + prose_number_problems(path)
        + figure_problems(path)
    )
