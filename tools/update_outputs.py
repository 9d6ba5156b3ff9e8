"""Rewrite the expected ``>>>`` outputs in docs/ from what the code now prints.

    python3 .ci/dev.py update            # every page under docs/
    python3 .ci/dev.py update PAGE.md    # some pages
    python3 .ci/dev.py update --check    # only list what would change

The page is read and run exactly as pytest runs it: by :data:`tools.sybil_config.pages` (Sybil's
parsers and the pages' setup), top to bottom in one namespace, with Sybil's own skip
directives. An output that still matches (floats to the precision written, ``...`` as
a wildcard) is left as written; only outputs that no longer match are replaced, with
``<BLANKLINE>`` for a blank line. Review the diff, then commit.

The tool refuses, and exits with status 1, rather than turn a regression into
documentation:

- an example that now raises where the page expects output is not rewritten (a
  traceback is written only where the page already expects an exception);
- an example that expected an exception and now prints output is not rewritten;
- a plain code block that raises stops the page (nothing after it can run).

Examples marked ``+SKIP`` and examples under a ``skip:`` directive are not run and
are left exactly as written.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from unittest import SkipTest

from sybil import Example

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Update:
    """What one page's update did: the lines of the outputs it rewrote (or would
    rewrite), and the examples it refused to rewrite, as ``page:line: why``."""

    changed: list[int] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


class _Stop(Exception):
    """A plain block raised: the rest of the page cannot run."""


def _run(source: str, namespace: dict, name: str) -> tuple[str, bool]:
    """Run one example as doctest does; return what it printed and whether it
    raised (then the output ends with doctest's form of the traceback)."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(source, name, "single"), namespace)
    except Exception as exc:
        error = traceback.format_exception_only(type(exc), exc)[-1]
        return (
            out.getvalue() + "Traceback (most recent call last):\n...\n" + error,
            True,
        )
    return out.getvalue(), False


def _want_lines(got: str, indent: str) -> list[str]:
    return [
        indent + (text.rstrip() or "<BLANKLINE>") + "\n" for text in got.splitlines()
    ]


def update_page(path: Path, write: bool = True) -> Update:
    """Run a page's examples as pytest does and rewrite the outputs that changed."""
    from tools.sybil_config import OPTIONS, RoundingChecker, pages

    path = Path(path)
    lines = path.read_text().splitlines(keepends=True)
    document = pages.parse(path)
    namespace = document.namespace
    namespace.setdefault("__name__", "__lrdoc_page__")
    checker = RoundingChecker()
    update = Update()
    replacements: list[tuple[int, int, list[str]]] = []

    def evaluate(example: Example) -> str | None:
        parsed = example.parsed
        if not isinstance(parsed, doctest.Example):
            run = example.region.evaluator
            assert run is not None  # Sybil gives every region it yields an evaluator
            try:
                return run(example)
            except Exception as exc:
                update.refused.append(
                    f"{path}:{example.line}: this block raised "
                    f"{type(exc).__name__}: {exc}; fix it before updating outputs"
                )
                raise _Stop from exc
        if parsed.options.get(doctest.SKIP):
            return None
        got, raised = _run(parsed.source, namespace, f"{path}:{example.line}")
        if checker.check_output(parsed.want, got, OPTIONS):
            return None
        where = f"{path}:{example.line}"
        if raised and parsed.exc_msg is None:
            update.refused.append(
                f"{where}: now raises {got.splitlines()[-1]!r} where the page expects "
                "output; not written (fix the code, or write the traceback by hand "
                "if the error is intended)"
            )
            return None
        if not raised and parsed.exc_msg is not None:
            update.refused.append(
                f"{where}: expected {parsed.exc_msg.strip()!r} but now raises nothing; "
                "not written (fix the code, or edit the page by hand)"
            )
            return None
        first = example.line + parsed.source.count("\n")
        count = parsed.want.count("\n")
        prompt = lines[example.line - 1]
        indent = prompt[: prompt.index(">>>")] if ">>>" in prompt else ""
        old = [line.strip() for line in lines[first - 1 : first - 1 + count]]
        if old != [line.strip() for line in parsed.want.splitlines()]:
            update.refused.append(
                f"{where}: cannot find this example's output on the page; not written"
            )
            return None
        replacements.append((first, count, _want_lines(got, indent)))
        update.changed.append(first)
        return None

    if pages.setup is not None:
        pages.setup(namespace)
    try:
        for example in document:
            try:
                document.evaluate(example, evaluate)
            except SkipTest:
                continue
            except _Stop:
                break
    finally:
        if pages.teardown is not None:
            pages.teardown(namespace)
    for first, count, new in sorted(replacements, reverse=True):
        lines[first - 1 : first - 1 + count] = new
    if write and update.changed:
        path.write_text("".join(lines))
    return update


def main(argv: list[str]) -> int:
    """Update (or, with ``--check``, list) outputs; 1 on any refusal or, with
    ``--check``, any difference."""
    check = "--check" in argv
    targets = [Path(a) for a in argv if a != "--check"] or sorted(
        (ROOT / "docs").rglob("*.md")
    )
    total, refused = 0, 0
    for path in targets:
        update = update_page(path, write=not check)
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for line in update.changed:
            print(f"{shown}:{line}: {'differs' if check else 'updated'}")
        for message in update.refused:
            print(f"refused: {message}", file=sys.stderr)
        total += len(update.changed)
        refused += len(update.refused)
    print(f"{total} output(s) {'differ' if check else 'rewritten'}, {refused} refused")
    return 1 if refused or (check and total) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
