"""MkDocs hook: one API reference page per experiments module, written at build time.

Each module of :mod:`lrdoc.experiments` (found: every public module, see
``lrdoc.experiments.pages``, plus the errata collector) gets
``reference/experiments/NAME.md`` with a ``:::`` line for mkdocstrings. One page per
module keeps each page light; writing them here means a new page's module
(``new-page``) is documented with no further edit. The overview
``reference/experiments.md`` lists them where it says ``<!-- experiment modules -->``,
in the order of ``nav:`` (the modules no page is named after come last).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- experiment modules -->"


def _nav_pages(nav) -> list[str]:
    """Every page path of ``nav:``, in order."""
    found: list[str] = []
    for item in nav if isinstance(nav, list) else [nav]:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, str):
                found.append(value)
            else:
                found += _nav_pages(value)
    return found


def modules(nav=None) -> list[str]:
    """The experiments modules to document: the pages' in the order of ``nav``,
    then the others alphabetically."""
    folder = ROOT / "lrdoc" / "experiments"
    found = sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))
    order = [Path(page).stem for page in _nav_pages(nav or [])]
    return sorted(found, key=lambda m: order.index(m) if m in order else len(order))


def on_files(files: Files, config) -> Files:
    for name in modules(config["nav"]):
        content = (
            "---\nsearch:\n  exclude: true\n---\n\n"  # internals: a light index
            f"# lrdoc.experiments.{name}\n\n::: lrdoc.experiments.{name}\n"
        )
        files.append(
            File.generated(config, f"reference/experiments/{name}.md", content=content)
        )
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    if MARKER not in markdown:
        return markdown
    links = "\n".join(
        f"- [`lrdoc.experiments.{name}`](experiments/{name}.md)"
        for name in modules(config["nav"])
    )
    return markdown.replace(MARKER, links)
