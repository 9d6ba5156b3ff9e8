"""Scaffold a new page: ``python3 .ci/dev.py new-page SLUG "Title"``.

It writes, from the templates in ``.ci/templates/``, ready to pass every check:

- ``docs/guides/SLUG.md``: front matter with ``givens:``, the Source box, one section
  whose example prints the number its prose states, a figure, and the takeaways;
- ``lrdoc/experiments/SLUG.py``: one experiment returning a frozen dataclass;
- ``lrdoc/figures/SLUG.py``: a figure that only draws that result;

and adds what cannot be found from the files: the page in ``nav:`` under ``Guides``
(``mkdocs.yml``) and a line on the home page (``docs/index.md``, before the marker
``<!-- new pages above this line -->``). The figure and experiment modules need no
registration: lrdoc finds them. Replace every ``TODO`` with the page's own content.
Standard library only: it runs before any environment exists.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).resolve().parent / "templates"
MARKER = "<!-- new pages above this line -->"
SLUG = re.compile(r"[a-z][a-z0-9_]*")


def _add_to_nav(path: Path, title: str, page: str) -> None:
    """Add ``title: page`` under the ``Guides`` section of ``nav:``."""
    lines = path.read_text().splitlines(keepends=True)
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    entry = f"      - {quoted}: {page}\n"
    nav = next((i for i, line in enumerate(lines) if line.rstrip() == "nav:"), None)
    if nav is None:
        raise SystemExit(f"new-page: no nav: in {path}")
    end = nav + 1
    while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    section = next(
        (i for i in range(nav, end) if lines[i].strip() == "- Guides:"), None
    )
    if section is None:  # a new section after the articles (or at the end of nav)
        articles = next(
            (i for i in range(nav, end) if lines[i].strip() == "- Articles:"), None
        )
        at = end
        if articles is not None:
            at = articles + 1
            while at < end and lines[at].startswith("      "):
                at += 1
        lines[at:at] = ["  - Guides:\n", entry]
    else:
        at = section + 1
        while at < end and lines[at].startswith("      "):
            at += 1
        lines.insert(at, entry)
    path.write_text("".join(lines))


def _add_to_home(path: Path, title: str, page: str) -> None:
    """Add a line for the page before the marker on the home page."""
    text = path.read_text()
    if MARKER not in text:
        raise SystemExit(
            f"new-page: {path} has no line {MARKER!r}; put it after the list of pages"
        )
    before = text[: text.index(MARKER)]
    numbers = [int(n) for n in re.findall(r"^(\d+)\. \[", before, flags=re.MULTILINE)]
    bullet = f"{max(numbers) + 1}." if numbers else "-"
    line = (
        f"{bullet} [{title}]({page}): TODO: what the page shows, in one sentence.\n\n"
    )
    path.write_text(text.replace(MARKER, line + MARKER, 1))


def scaffold(slug: str, title: str, root: Path = ROOT) -> list[Path]:
    """Write the page, its experiments and figure modules; add it to nav and home."""
    if not SLUG.fullmatch(slug):
        raise SystemExit(
            f"new-page: SLUG must be lowercase letters, digits and underscores, "
            f"starting with a letter (a Python module name), got {slug!r}"
        )
    if not title.strip() or "\n" in title:
        raise SystemExit(f"new-page: Title must be one non-empty line, got {title!r}")
    fields = {
        "slug": slug,
        "title": title,
        "figure": f"{slug.replace('_', '-')}-descent",
    }
    files = {
        root / "docs" / "guides" / f"{slug}.md": "page.md",
        root / "lrdoc" / "experiments" / f"{slug}.py": "experiment.py.tmpl",
        root / "lrdoc" / "figures" / f"{slug}.py": "figure.py.tmpl",
    }
    for path in files:
        if path.exists():
            raise SystemExit(f"new-page: {path.relative_to(root)} exists already")
    for path, template in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((TEMPLATES / template).read_text().format(**fields))
    _add_to_nav(root / "mkdocs.yml", title, f"guides/{slug}.md")
    _add_to_home(root / "docs" / "index.md", title, f"guides/{slug}.md")
    return list(files)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print('usage: python3 .ci/dev.py new-page SLUG "Title"', file=sys.stderr)
        return 2
    slug, title = argv
    for path in scaffold(slug, title):
        print(f"new-page: wrote {path.relative_to(ROOT)}")
    print(
        "new-page: added it to mkdocs.yml's nav and docs/index.md.\n"
        "new-page: now replace every TODO, then run: python3 .ci/dev.py test"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
