"""How much of each narrative page's code a reader sees open, in the built site.

    python3 -m tools.foldcount [SITE]     # SITE: a built site (default: site/)

For every narrative page (every page under ``docs/`` but the reference, the
glossary, the home page and the contributing guide), the built HTML's ``>>>`` lines
are counted inside collapsed blocks (a ``<details>`` without ``open``: Material's
``??? check "How this is checked"``) and outside them, with the number of examples
Sybil runs on the page (code blocks and ``>>>`` examples, skipped ones left out).

The standard (issue 18): at most :data:`LIMIT` of a page's ``>>>`` lines are open.
:data:`CONVERTED` lists the pages held to it (``tests/test_foldcount.py``); a page
joins the list when its checks are folded.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

LIMIT = 0.40
"""The largest share of a narrative page's ``>>>`` lines that may be open."""

CONVERTED: frozenset[str] = frozenset(
    {
        "primer.md",
        "articles/mcvp.md",
        "articles/gad.md",
        "articles/deeplizard.md",
        "articles/decay.md",
        "guides/choosing.md",
        "guides/stability.md",
    }
)
"""The pages (relative to ``docs/``) held to :data:`LIMIT`, once their checks are
folded, for example ``"guides/choosing.md"``."""

NOT_NARRATIVE = ("reference/", "index.md", "glossary.md", "contributing.md")
"""Pages that are not read as a story: everything else under ``docs/`` is."""


class _Prompts(HTMLParser):
    """Counts ``>>>`` lines in code, inside and outside closed ``<details>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = 0
        self.outside = 0
        self._details: list[bool] = []  # for each open <details>: is it collapsed?
        self._pre = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "details":
            self._details.append("open" not in dict(attrs))
        elif tag == "pre":
            if not self._pre:
                self._text = []
            self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "details" and self._details:
            self._details.pop()
        elif tag == "pre" and self._pre:
            self._pre -= 1
            if not self._pre:
                prompts = sum(
                    line.lstrip().startswith(">>>")
                    for line in "".join(self._text).splitlines()
                )
                if any(self._details):
                    self.inside += prompts
                else:
                    self.outside += prompts

    def handle_data(self, data: str) -> None:
        if self._pre:
            self._text.append(data)


def prompts(html: str) -> tuple[int, int]:
    """(inside, outside): the ``>>>`` lines inside and outside collapsed blocks."""
    parser = _Prompts()
    parser.feed(html)
    parser.close()
    return parser.inside, parser.outside


def examples(page: Path) -> int:
    """How many examples Sybil runs on a page (skipped ones left out)."""
    from tools.pagecheck import read

    found = read(page)
    skipped = {o.line for o in found.outputs if o.skipped}
    skipped |= {
        line
        for fence in found.fences
        if fence.skip_reason is not None
        for line in range(fence.line, fence.last + 1)
    }
    return len(found.example_lines - skipped)


def narrative_pages() -> list[str]:
    """Every narrative page, relative to ``docs/``."""
    names = [p.relative_to(DOCS).as_posix() for p in sorted(DOCS.rglob("*.md"))]
    return [n for n in names if not n.startswith(NOT_NARRATIVE)]


def built(site: Path, page: str) -> Path:
    """The built HTML of a page (``guides/choosing.md`` → ``guides/choosing/``)."""
    relative = Path(page).with_suffix("")
    folder = relative.parent if relative.name == "index" else relative
    return site / folder / "index.html"


@dataclass(frozen=True)
class Row:
    page: str
    inside: int
    outside: int
    examples: int

    @property
    def visible(self) -> float:
        """The share of the page's ``>>>`` lines that are open."""
        total = self.inside + self.outside
        return self.outside / total if total else 0.0


def table(site: Path) -> list[Row]:
    """One row per narrative page of a built site."""
    rows = []
    for page in narrative_pages():
        inside, outside = prompts(built(site, page).read_text())
        rows.append(Row(page, inside, outside, examples(DOCS / page)))
    return rows


def render(rows: list[Row]) -> str:
    """The table as text, with a total line."""
    lines = [f"{'page':28} {'folded':>6} {'open':>6} {'visible':>7} {'examples':>8}"]
    for r in rows:
        mark = "" if r.page not in CONVERTED else "  (converted)"
        lines.append(
            f"{r.page:28} {r.inside:6} {r.outside:6} {r.visible:7.0%} "
            f"{r.examples:8}{mark}"
        )
    inside = sum(r.inside for r in rows)
    outside = sum(r.outside for r in rows)
    total = Row("total", inside, outside, sum(r.examples for r in rows))
    lines.append(
        f"{'total':28} {total.inside:6} {total.outside:6} {total.visible:7.0%} "
        f"{total.examples:8}"
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "site"
    if not (site / "index.html").exists():
        print(f"no built site in {site}: run python3 .ci/dev.py build", file=sys.stderr)
        return 2
    print(render(table(site)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
