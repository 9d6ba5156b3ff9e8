"""Scaffold a new page: ``python3 .ci/dev.py new-page SLUG "Title"``.

It writes, ready to pass every check at once:

- ``docs/guides/SLUG.md``: front matter with ``givens:``, the Source box, one section
  whose example prints the number its prose states, a figure, and the takeaways;
- ``lrdoc/experiments/SLUG.py``: one experiment returning a frozen dataclass;
- ``lrdoc/figures/SLUG.py``: a figure that only draws that result;

and registers them: the figure module in ``MODULES`` (``lrdoc/figures/__init__.py``),
the page in ``PAGES`` (``lrdoc/experiments/__init__.py``), the page in ``nav:`` under
``Guides`` (``mkdocs.yml``), and a line on the home page (``docs/index.md``, before
the marker ``<!-- new pages above this line -->``). Replace every ``TODO`` with the
page's own content. Standard library only: it runs before any environment exists.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = "<!-- new pages above this line -->"
SLUG = re.compile(r"[a-z][a-z0-9_]*")

PAGE = """\
---
givens:
  - 0.1   # TODO: the inputs this page only takes (here: the example's rate)
  - 20    # and its number of steps
---

# {title}

!!! quote "Source"
    TODO: credit the source by title, authors and link, for example:
    A. Author, "The article's title" (Publisher). [Article](https://example.org/).
    This page restates it in lrdoc's words and recomputes what it describes.

TODO: say in two sentences what this page shows. Link jargon to the glossary the
first time the page uses it, as with the [learning rate](../glossary.md#notation)
\\(\\eta\\).

## One example

Gradient descent on \\(f(w) = w^2\\) multiplies the weight by the same factor at
every step. With \\(\\eta = 0.1\\), after 20 steps the weight is 0.0115:

```python
>>> from lrdoc.experiments import {slug}
>>> result = {slug}.descent(learning_rate=0.1, steps=20)
>>> round(float(result.weights[-1]), 4)
0.0115
```

![The weight at each step of gradient descent: it shrinks by the same factor at every step.](../figures/{figure}.svg)

## Takeaways

- TODO: what a reader should remember, one line each.
"""

EXPERIMENT = '''\
"""Experiments for the page "{title}" (``docs/guides/{slug}.md``).

Every result that the page states or a figure draws comes from one function here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoc import _checks


@dataclass(frozen=True)
class Descent:
    """The weights of gradient descent on :math:`f(w) = w^2`, one per step.

    Attributes
    ----------
    learning_rate : float
        The learning rate :math:`\\\\eta`.
    weights : numpy.ndarray
        The weight before the first step and after each step.

    Examples
    --------
    >>> Descent(0.5, np.array([1.0, 0.0])).weights[-1]
    0.0
    """

    learning_rate: float
    weights: np.ndarray


def descent(learning_rate: float = 0.1, steps: int = 20) -> Descent:
    """Run gradient descent on :math:`f(w) = w^2` from :math:`w = 1`.

    Each step is :math:`w \\\\leftarrow w - 2 \\\\eta w`, so the weight is multiplied
    by :math:`1 - 2\\\\eta` at every step.

    Parameters
    ----------
    learning_rate : float
        The learning rate :math:`\\\\eta`, a finite number > 0.
    steps : int
        The number of steps, > 0.

    Returns
    -------
    Descent
        The weights, the starting one first.

    Examples
    --------
    >>> result = descent(learning_rate=0.25, steps=3)
    >>> result.weights
    array([1.   , 0.5  , 0.25 , 0.125])

    Bad input names the parameter:

    >>> descent(steps=0)
    Traceback (most recent call last):
    ...
    ValueError: steps must be ..., got 0
    """
    learning_rate = _checks.learning_rate(learning_rate)
    steps = _checks.positive_int(steps, "steps")
    weights = (1.0 - 2.0 * learning_rate) ** np.arange(steps + 1)
    return Descent(learning_rate, weights)
'''

FIGURE = '''\
"""Figures for the page "{title}" (``docs/guides/{slug}.md``)."""

from __future__ import annotations

from matplotlib.figure import Figure

from lrdoc.experiments import {slug}
from lrdoc.figures import figure
from lrdoc.figures.style import COLORS, new_figure


@figure("{figure}", data={slug}.descent)
def descent(result: {slug}.Descent) -> Figure:
    """The weight at each step of gradient descent.

    Examples
    --------
    >>> fig = descent({slug}.descent(steps=3))
    >>> fig.axes[0].get_xlabel()
    'step'
    """
    fig, ax = new_figure(width=6.0, height=3.0)
    ax.plot(result.weights, color=COLORS[0], marker="o", markersize=3)
    ax.set_xlabel("step")
    ax.set_ylabel(f"weight w, η = {{result.learning_rate:g}}")
    return fig
'''


def _add_to_tuple(path: Path, name: str, item: str) -> None:
    """Append ``"item"`` to the tuple assigned to ``name`` at the top of ``path``."""
    text = path.read_text()
    for node in ast.parse(text).body:
        targets = [
            t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)
        ]
        if name in targets and isinstance(node.value, ast.Tuple):  # type: ignore[attr-defined]
            value = node.value  # type: ignore[attr-defined]
            break
    else:
        raise SystemExit(f"new-page: no tuple {name} = (...) in {path}")
    items = [ast.literal_eval(element) for element in value.elts]
    if item in items:
        raise SystemExit(f"new-page: {item!r} is already in {name} in {path}")
    lines = text.splitlines(keepends=True)
    start, end = value.lineno - 1, value.end_lineno - 1
    if start == end:  # one line: rewrite it one item a line, as ruff format keeps it
        head = lines[start][: value.col_offset]
        tail = lines[start][value.end_col_offset :]
        body = "".join(f'    "{i}",\n' for i in [*items, item])
        lines[start] = f"{head}(\n{body}){tail}"
    else:  # one item a line already: add one before the closing parenthesis
        last = lines[end - 1].rstrip("\n")
        if not last.rstrip().endswith((",", "(")):
            lines[end - 1] = last + ",\n"
        lines.insert(end, f'    "{item}",\n')
    path.write_text("".join(lines))


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
    """Write the page, its experiments and figure modules, and register them."""
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
        root / "docs" / "guides" / f"{slug}.md": PAGE,
        root / "lrdoc" / "experiments" / f"{slug}.py": EXPERIMENT,
        root / "lrdoc" / "figures" / f"{slug}.py": FIGURE,
    }
    for path in files:
        if path.exists():
            raise SystemExit(f"new-page: {path.relative_to(root)} exists already")
    for path, template in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**fields))
    _add_to_tuple(
        root / "lrdoc" / "figures" / "__init__.py", "MODULES", f"lrdoc.figures.{slug}"
    )
    _add_to_tuple(root / "lrdoc" / "experiments" / "__init__.py", "PAGES", slug)
    _add_to_nav(root / "mkdocs.yml", title, f"guides/{slug}.md")
    _add_to_home(root / "docs" / "index.md", title, f"guides/{slug}.md")
    return list(files)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print('usage: python3 .ci/dev.py new-page SLUG "Title"', file=sys.stderr)
        return 2
    for path in scaffold(*argv):
        print(f"new-page: wrote {path.relative_to(ROOT)}")
    print(
        "new-page: registered it in MODULES, PAGES, mkdocs.yml's nav and docs/index.md.\n"
        "new-page: now replace every TODO, then run: python3 .ci/dev.py test"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
