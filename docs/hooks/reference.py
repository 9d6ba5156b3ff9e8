"""MkDocs hook: one API reference page per experiments module, written at build time.

Each page module of :mod:`lrdoc.experiments` (``PAGES``, plus the explorer's data and
the errata collector) gets ``reference/experiments/NAME.md`` with a ``::: `` line for
mkdocstrings. One page per module keeps each page light; writing them here means a
new page's module (``new-page``) is documented with no further edit. The overview
``reference/experiments.md`` lists them where it says ``<!-- experiment modules -->``.
"""

from __future__ import annotations

import ast
from pathlib import Path

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
EXTRA = ("explorer", "errata")
MARKER = "<!-- experiment modules -->"


def modules() -> list[str]:
    """The experiments modules to document, in the site's reading order."""
    source = (ROOT / "lrdoc" / "experiments" / "__init__.py").read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "PAGES" for t in node.targets
        ):
            return [*ast.literal_eval(node.value), *EXTRA]
    raise RuntimeError("lrdoc/experiments/__init__.py defines no PAGES")


def on_files(files: Files, config) -> Files:
    for name in modules():
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
        f"- [`lrdoc.experiments.{name}`](experiments/{name}.md)" for name in modules()
    )
    return markdown.replace(MARKER, links)
