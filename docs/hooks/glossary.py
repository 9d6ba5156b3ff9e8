"""MkDocs hook: every glossary term explains itself where a page uses it.

The glossary (``docs/glossary.md``) is the one place where terms are defined. This hook
reads it at build time and gives every other page an abbreviation definition
(``*[term]: text``, Python-Markdown's ``abbr``) for each term, whose text is the first
sentence of the term's entry. Material's ``content.tooltips`` shows it on hover and
focus. Nothing is typed twice: change an entry and every tooltip follows.

- **Terms** are the entry's heading, split at commas and "and" (``## Epoch and step``
  gives "epoch" and "step"), or the list in a comment on the line below the heading,
  ``<!-- terms: momentum, heavy-ball -->``; an empty list (``<!-- terms: -->``) gives
  no tooltip. Each term also matches with a capital first letter and with a plural
  "s".
- **The text** is the entry's first sentence as plain text: links, emphasis and code
  marks are dropped, and the few TeX symbols it may hold become Unicode. A first
  sentence with a number in it fails the build: a tooltip is shown on every page, and
  a number there would be checked on none (the page check reads each page's source).
- **Once per page.** Only a term's first use in a page's text gets the tooltip; later
  uses, and uses in headings (which also feed the table of contents) and in a Source
  box (where words are titles and names), are left plain.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

GLOSSARY = "glossary.md"
ENTRY = re.compile(
    r"^## (?P<title>[^\n{]+?)\s*\{#(?P<anchor>[\w-]+)\}\s*\n"
    r"(?:<!-- terms:(?P<terms>[^\n]*?)-->\s*\n)?"
    r"\s*(?P<body>.*?)(?=^## |\Z)",
    re.M | re.S,
)
TEX = {
    r"\eta": "η",
    r"\lambda": "λ",
    r"\theta": "θ",
    r"\beta": "β",
    r"\kappa": "κ",
    r"\nabla": "∇",
    r"\hat y": "ŷ",
    r"_{max}": "max",
    r"_{min}": "min",
}
NUMBER = re.compile(r"(?<!\w)\d")  # a number, not a name such as float32
NO_PLURAL = ("s", "x", "y", "ed", "ing")  # no plain "s" plural: left as written
SENTENCE_END = re.compile(r"(?<=[a-z)\]`*])[.:]\s")


@dataclass(frozen=True)
class Term:
    """One glossary entry: the words that name it and its tooltip text."""

    anchor: str
    words: tuple[str, ...]
    text: str


def plain(markdown: str) -> str:
    r"""Markdown and inline TeX as plain text, for a tooltip.

    Examples
    --------
    >>> plain(r"The factor \(\eta\) that turns a [gradient](#g) into a **step**.")
    'The factor η that turns a gradient into a step.'
    """
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\*\*|__|`", "", text)
    text = re.sub(r"(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)", "", text)

    def tex(match: re.Match) -> str:
        inner = match[1]
        for command, symbol in TEX.items():
            inner = inner.replace(command, symbol)
        if "\\" in inner or "{" in inner:
            raise ValueError(f"no plain text for the formula {match[0]!r}")
        return inner.strip()

    text = re.sub(r"\\\((.*?)\\\)", tex, text)
    return " ".join(text.split())


def first_sentence(body: str) -> str:
    """The first sentence of an entry's first paragraph, as plain text.

    Examples
    --------
    >>> first_sentence("A factor of ten. On a log scale of rates...")
    'A factor of ten.'
    """
    paragraph = body.strip().split("\n\n")[0].replace("\n", " ")
    end = SENTENCE_END.search(paragraph + " ")
    sentence = paragraph[: end.start() + 1] if end else paragraph
    return plain(sentence.rstrip(":") + ("." if sentence.endswith(":") else ""))


def _words(title: str, listed: str | None) -> tuple[str, ...]:
    if listed is not None:
        names = [w.strip() for w in listed.split(",")]
    else:
        names = [w.strip() for w in re.split(r",|\band\b", title)]
    forms: list[str] = []
    for name in filter(None, names):
        variants = [name]
        if not any(c.isupper() for c in name[1:]):  # not an acronym such as SGD
            variants += [name[0].lower() + name[1:], name[0].upper() + name[1:]]
        for v in list(variants):
            if v[-1:].isalpha() and v[-1:].islower() and not v.endswith(NO_PLURAL):
                variants.append(v + "s")
        forms.extend(v for v in dict.fromkeys(variants) if v not in forms)
    return tuple(forms)


def terms(glossary: str) -> list[Term]:
    """Every entry of the glossary's Markdown that gives a tooltip.

    Examples
    --------
    >>> text = "## Epoch and step {#epoch}\\n\\nA **step** is one update. More.\\n"
    >>> [(t.words, t.text) for t in terms(text)]
    [(('epoch', 'Epoch', 'epochs', 'Epochs', 'step', 'Step', 'steps', 'Steps'), 'A step is one update.')]
    """
    found, problems = [], []
    for match in ENTRY.finditer(glossary):
        words = _words(match["title"], match["terms"])
        if not words:
            continue
        try:
            text = first_sentence(match["body"])
        except ValueError as exc:
            problems.append(f"#{match['anchor']}: {exc}")
            continue
        if NUMBER.search(text):
            problems.append(
                f"#{match['anchor']}: its first sentence holds a number, which a "
                f"tooltip would show unchecked on every page: {text!r}"
            )
        found.append(Term(match["anchor"], words, text))
    if problems:
        raise ValueError("; ".join(problems))
    return found


def definitions(found: list[Term]) -> str:
    """The ``abbr`` definitions for a page, one line per word."""
    lines = []
    seen: set[str] = set()
    for term in found:
        for word in term.words:
            if word not in seen:
                seen.add(word)
                lines.append(f"*[{word}]: {term.text}")
    return "\n".join(lines)


_cache: dict[str, tuple[float, list[Term]]] = {}


def _load(docs_dir: str) -> list[Term]:
    path = Path(docs_dir) / GLOSSARY
    stamp = path.stat().st_mtime
    if _cache.get(str(path), (None,))[0] != stamp:
        try:
            _cache[str(path)] = (stamp, terms(path.read_text(encoding="utf-8")))
        except ValueError as exc:
            raise PluginError(f"{GLOSSARY}: {exc}") from None
    return _cache[str(path)][1]


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.file.src_uri == GLOSSARY:
        return markdown
    return markdown + "\n\n" + definitions(_load(config["docs_dir"])) + "\n"


ABBR = re.compile(r'<abbr title="(?P<title>[^"]*)">(?P<text>.*?)</abbr>', re.S)
SKIPPED = re.compile(
    r"<h(?P<level>[1-6])\b.*?</h(?P=level)>"  # headings, which feed the contents
    r'|<div class="admonition quote">.*?</div>',  # a Source box: titles, names
    re.S,
)


def first_uses(content: str) -> str:
    """Keep each tooltip's first use outside headings and Source boxes; unwrap every
    other one.

    Examples
    --------
    >>> first_uses('<h2>A <abbr title="t">x</abbr></h2><p><abbr title="t">x</abbr> '
    ...            '<abbr title="t">x</abbr></p>')
    '<h2>A x</h2><p><abbr title="t">x</abbr> x</p>'
    """
    headings = [(m.start(), m.end()) for m in SKIPPED.finditer(content)]
    seen: set[tuple[str, str]] = set()

    def keep(match: re.Match) -> str:
        inside = any(a <= match.start() < b for a, b in headings)
        key = (html.unescape(match["title"]), match["text"].lower().rstrip("s"))
        if inside or key in seen:
            return match["text"]
        seen.add(key)
        return match[0]

    return ABBR.sub(keep, content)


def on_page_content(content: str, page, config, files) -> str:
    if page.file.src_uri == GLOSSARY:
        return content
    return first_uses(content)
