"""The glossary and its tooltips (``docs/hooks/glossary.py``).

- the glossary defines every term the pages lean on, including the ones a new reader
  trips over first;
- every term gives a tooltip whose text is plain and holds no number (a number there
  would be shown on every page and checked on none);
- on the built site a term's tooltip appears once per page, never in a heading or in
  the table of contents, and formulas stay MathML.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.md"

REQUIRED = (
    "momentum",
    "sharpness",
    "condition number",
    "spectral radius",
    "ReLU",
    "validation set",
    "warmup",
    "one-cycle",
    "range test",
    "decade",
    "learning rate",
    "stability bound",
    "curvature",
    "Hessian",
    "Adam",
    "epoch",
    "seed",
    "edge of stability",
)


def _hook():
    spec = importlib.util.spec_from_file_location(
        "glossary_hook", ROOT / "docs" / "hooks" / "glossary.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def hook():
    return _hook()


def test_every_required_term_has_a_tooltip(hook):
    words = {w for t in hook.terms(GLOSSARY.read_text()) for w in t.words}
    missing = [term for term in REQUIRED if term not in words]
    assert not missing


def test_tooltips_are_plain_text_without_numbers(hook):
    for term in hook.terms(GLOSSARY.read_text()):
        assert term.text.endswith("."), term
        assert not re.search(r"[\\{}`*\[\]]", term.text), term
        assert not hook.NUMBER.search(term.text), term


def test_a_number_in_a_first_sentence_fails(hook):
    text = "## Bound {#bound}\n\nRates below 0.8 converge.\n"
    with pytest.raises(ValueError, match="#bound: its first sentence holds a number"):
        hook.terms(text)


def test_a_formula_without_plain_text_fails(hook):
    text = "## Sum {#sum}\n\nThe sum \\(\\sum_i x_i\\) of the inputs.\n"
    with pytest.raises(ValueError, match="#sum: no plain text for the formula"):
        hook.terms(text)


def test_an_entry_with_an_empty_terms_list_gives_no_tooltip(hook):
    text = "## Notation {#notation}\n<!-- terms: -->\n\nThe rate is eta.\n"
    assert hook.terms(text) == []


def test_only_the_first_use_outside_headings_and_source_boxes_keeps_its_tooltip(hook):
    abbr = '<abbr title="A factor of ten.">decade</abbr>'
    page = (
        f'<div class="admonition quote"><p>{abbr}</p></div>'
        f"<h2>A {abbr}</h2><p>{abbr} and {abbr}</p>"
    )
    assert hook.first_uses(page) == (
        '<div class="admonition quote"><p>decade</p></div>'
        f"<h2>A decade</h2><p>{abbr} and decade</p>"
    )


def test_the_built_pages_show_each_tooltip_once_and_keep_their_math(built_site):
    for page in ("primer", "guides/stability", "articles/decay"):
        markup = (built_site / page / "index.html").read_text(encoding="utf-8")
        uses = re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', markup)
        assert uses, page
        keys = [(title, text.lower().rstrip("s")) for title, text in uses]
        assert len(keys) == len(set(keys)), page
        for heading in re.findall(r"<h[1-6]\b.*?</h[1-6]>", markup, re.S):
            assert "<abbr" not in heading, (page, heading)
        for nav in re.findall(r"<nav\b.*?</nav>", markup, re.S):
            assert "<abbr" not in nav, page
        assert "<math" in markup and "\\(" not in markup
    glossary = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "<abbr" not in glossary
