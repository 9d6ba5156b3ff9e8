"""Rewrite the expected ``>>>`` outputs in docs/ from what the code now prints.

    python3 .ci/dev.py update            # every page under docs/
    python3 .ci/dev.py update PAGE.md    # some pages
    python3 .ci/dev.py update --check    # only list what would change

The page is read and run exactly as pytest runs it: by
:data:`tools.sybil_config.pages` (Sybil's parsers and the pages' setup), top to
bottom in one namespace, with Sybil's own skip directives and pytest's warning
filters (``filterwarnings`` in ``pyproject.toml``: a ``RuntimeWarning`` is an error).
An output that still matches (floats rounding to the precision written, ``...`` as a
wildcard) is left as written; only outputs that no longer match are replaced, with
``<BLANKLINE>`` for a blank line, keeping the example's indentation (folded
``??? check`` blocks included). Review the diff, then commit.

The tool refuses, names the example's ``page:line`` and exits with status 1, rather
than turn a regression into documentation. It does not write:

- an example that now raises where the page expects output (a traceback is written
  only where the page already expects an exception), or that now raises an
  exception of another type than the page expects, or raises nothing;
- an example that exits (``SystemExit``): pytest would fail it;
- an output that differs between two runs of the page (an object's address, a
  time, an unseeded random number): pytest would fail on the next run;
- an output that holds an absolute path (it names one machine);
- an output that would open or close a fence, or start a new example (a line
  starting with ```` ``` ```` or ``~~~``, or with ``>>>``, or ``...`` first);
- a page whose rewritten text pytest would then fail: the new page is run again as
  pytest runs it, and any failure stops the write.

A plain code block that raises stops the page (nothing after it can run). Examples
marked ``+SKIP`` and examples under a ``skip:`` directive are not run and are left
exactly as written.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import sys
import tempfile
import traceback
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import SkipTest

from sybil import Example

ROOT = Path(__file__).resolve().parents[1]

ABSOLUTE = re.compile(
    r"(?<![\w.~])/(?:home|root|tmp|var|usr|opt|private|Users|work|mnt|srv|etc)/"
    r"|\b[A-Za-z]:\\\\?[\w]"
)
"""An absolute path in an output: it holds only on the machine that printed it."""


@dataclass
class Update:
    """What one page's update did: the lines of the outputs it rewrote (or would
    rewrite), and the examples it refused to rewrite, as ``page:line: why``."""

    changed: list[int] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@dataclass
class _Got:
    """What one doctest example printed on one run."""

    text: str
    raised: str | None = None  # the exception's type name, if it raised
    exited: bool = False


class _Stop(Exception):
    """A plain block raised: the rest of the page cannot run."""


@contextlib.contextmanager
def _pytest_warnings() -> Iterator[None]:
    """pytest's warning filters (``filterwarnings`` in pyproject.toml) in force."""
    import tomllib

    with warnings.catch_warnings():
        settings = tomllib.loads((ROOT / "pyproject.toml").read_text())
        options = settings.get("tool", {}).get("pytest", {}).get("ini_options", {})
        for entry in options.get("filterwarnings", []):
            from _pytest.config import parse_warning_filter

            action, message, category, module, lineno = parse_warning_filter(
                entry, escape=False
            )
            warnings.filterwarnings(action, message, category, module, lineno)
        yield


def _run(source: str, namespace: dict[str, Any], name: str) -> _Got:
    """Run one example as doctest does: what it printed, and the exception it
    raised (the output then ends with doctest's form of the traceback)."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(source, name, "single"), namespace)
    except SystemExit as exc:
        return _Got(out.getvalue() + f"SystemExit: {exc.code}\n", "SystemExit", True)
    except Exception as exc:
        error = traceback.format_exception_only(type(exc), exc)[-1]
        text = out.getvalue() + "Traceback (most recent call last):\n...\n" + error
        return _Got(text, type(exc).__name__)
    return _Got(out.getvalue())


def _want_lines(got: str, indent: str) -> list[str]:
    return [
        indent + (text.rstrip() or "<BLANKLINE>") + "\n" for text in got.splitlines()
    ]


def _run_page(path: Path, refused: list[str]) -> dict[int, _Got]:
    """Run every example of the page once, in a fresh namespace, as pytest does:
    what each doctest example printed, by the line of its ``>>>``."""
    from tools.sybil_config import pages

    document = pages.parse(path)
    namespace = document.namespace
    namespace.setdefault("__name__", "__lrdoc_page__")
    results: dict[int, _Got] = {}

    def evaluate(example: Example) -> str | None:
        parsed = example.parsed
        if not isinstance(parsed, doctest.Example):
            run = example.region.evaluator
            assert run is not None  # Sybil gives every region it yields an evaluator
            try:
                return run(example)
            except (Exception, SystemExit) as exc:
                refused.append(
                    f"{path}:{example.line}: this block raised "
                    f"{type(exc).__name__}: {exc}; fix it before updating outputs"
                )
                raise _Stop from exc
        if not parsed.options.get(doctest.SKIP):
            results[example.line] = _run(
                parsed.source, namespace, f"{path}:{example.line}"
            )
        return None

    if pages.setup is not None:
        pages.setup(namespace)
    try:
        with _pytest_warnings():
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
    return results


def _unsafe(got: str) -> str | None:
    """Why an output cannot be written on a page, or None."""
    lines = got.splitlines()
    for text in lines:
        if text.lstrip().startswith(("```", "~~~")):
            return "it would open or close a fence"
        if text.lstrip().startswith(">>>"):
            return "a line starts with >>>, which would start a new example"
    if lines and lines[0].lstrip().startswith("..."):
        return "it starts with ..., which doctest reads as more code"
    if ABSOLUTE.search(got) or str(ROOT) in got or str(Path.home()) + os.sep in got:
        return "it holds an absolute path, which names one machine"
    return None


def _pytest_failures(path: Path, text: str) -> list[tuple[int, str]]:
    """(index of the example, why) for each example pytest would fail on the page
    with this text: the page is run again, as pytest runs it."""
    from sybil.example import SybilFailure

    from tools.sybil_config import pages

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        copy.write_text(text)
        document = pages.parse(copy)
        namespace = document.namespace
        failures = []
        if pages.setup is not None:
            pages.setup(namespace)
        try:
            with _pytest_warnings():
                for index, example in enumerate(document):
                    try:
                        example.evaluate()
                    except SkipTest:
                        continue
                    except SybilFailure as failure:
                        failures.append((index, str(failure.result).strip()))
                    except (Exception, SystemExit) as exc:
                        failures.append((index, f"{type(exc).__name__}: {exc}"))
                        break
        finally:
            if pages.teardown is not None:
                pages.teardown(namespace)
    return failures


def update_page(path: Path, write: bool = True) -> Update:
    """Run a page's examples as pytest does and rewrite the outputs that changed,
    unless any of them is unsafe to write (see the module's docstring)."""
    from tools.sybil_config import OPTIONS, RoundingChecker, pages

    path = Path(path)
    original = path.read_text()
    lines = original.splitlines(keepends=True)
    update = Update()
    first_run = _run_page(path, update.refused)
    if update.refused:  # a plain block raised: nothing is written
        return update
    second_run = _run_page(path, [])
    checker = RoundingChecker()
    replacements: list[tuple[int, int, list[str]]] = []
    examples = [e for e in pages.parse(path) if isinstance(e.parsed, doctest.Example)]
    for example in examples:
        parsed = example.parsed
        got = first_run.get(example.line)
        if got is None:  # skipped
            continue
        where = f"{path}:{example.line}"
        again = second_run.get(example.line)
        if again is None or again.text != got.text:
            if not checker.check_output(parsed.want, got.text, OPTIONS):
                update.refused.append(
                    f"{where}: the output differs between two runs of the page "
                    "(an address, a time, an unseeded random number?); not written"
                )
                continue
        if got.exited:
            update.refused.append(
                f"{where}: exits ({got.text.strip()}); pytest fails an example "
                "that exits; not written"
            )
            continue
        if checker.check_output(parsed.want, got.text, OPTIONS):
            continue
        if got.raised and parsed.exc_msg is None:
            update.refused.append(
                f"{where}: now raises {got.text.splitlines()[-1]!r} where the page "
                "expects output; not written (fix the code, or write the traceback "
                "by hand if the error is intended)"
            )
            continue
        if not got.raised and parsed.exc_msg is not None:
            update.refused.append(
                f"{where}: expected {parsed.exc_msg.strip()!r} but now raises "
                "nothing; not written (fix the code, or edit the page by hand)"
            )
            continue
        if got.raised and parsed.exc_msg is not None:
            expected = parsed.exc_msg.split(":", 1)[0].strip().rsplit(".", 1)[-1]
            if expected != got.raised:
                update.refused.append(
                    f"{where}: expected {expected} but now raises {got.raised}; "
                    "not written (fix the code, or edit the page by hand)"
                )
                continue
        unsafe = _unsafe(got.text)
        if unsafe:
            update.refused.append(f"{where}: the new output is not written: {unsafe}")
            continue
        first = example.line + parsed.source.count("\n")
        count = parsed.want.count("\n")
        prompt = lines[example.line - 1]
        indent = prompt[: prompt.index(">>>")] if ">>>" in prompt else ""
        old = [line.strip() for line in lines[first - 1 : first - 1 + count]]
        if old != [line.strip() for line in parsed.want.splitlines()]:
            update.refused.append(
                f"{where}: cannot find this example's output on the page; not written"
            )
            continue
        replacements.append((first, count, _want_lines(got.text, indent)))
        update.changed.append(first)
    if update.refused or not update.changed:
        return update
    new = list(lines)
    for first, count, written in sorted(replacements, reverse=True):
        new[first - 1 : first - 1 + count] = written
    text = "".join(new)
    every = [e.line for e in pages.parse(path)]
    for index, why in _pytest_failures(path, text):
        line = every[index] if index < len(every) else 1
        first_line = why.splitlines()[0] if why else "fails"
        update.refused.append(
            f"{path}:{line}: pytest would fail the rewritten page here "
            f"({first_line}); nothing written"
        )
    if update.refused:
        return update
    if write:
        path.write_text(text)
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
        if not update.refused:
            for line in update.changed:
                print(f"{shown}:{line}: {'differs' if check else 'updated'}")
            total += len(update.changed)
        for message in update.refused:
            print(f"refused: {message}", file=sys.stderr)
        refused += len(update.refused)
    print(f"{total} output(s) {'differ' if check else 'rewritten'}, {refused} refused")
    return 1 if refused or (check and total) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
