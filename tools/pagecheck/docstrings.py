"""Docstring prose, as the API reference shows it (mkdocstrings renders lrdoc's
docstrings): its numbers are backed like a page's, within the docstring.

A number in a docstring's prose (its summary, its Parameters, Returns and Notes
text; not its examples, literal blocks or ``code``) is backed when

- one of the docstring's own examples prints it (at the precision written, as on
  a page; typed text and echoed literals back nothing), or
- the documented object's code, or the examples' code, holds it as a literal (a
  default ``epochs=100``, a constant ``LIMIT = 10_000``): the docstring describes
  its own code, or
- it is an integer below 10 outside math (how many arrays, classes, dimensions:
  the vocabulary of an API), or a year in a citation (four digits, 1900-2099).

A problem reads ``lrdoc/module.py:LINE: NUMBER (docstring of lrdoc.module.name)``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tools.pagecheck.numbers import MATH_SPANS, Written, backs, written_numbers
from tools.pagecheck.prose import _clean, computed_numbers
from tools.pagecheck.reader import ROOT

PACKAGE = ROOT / "lrdoc"
ROLE_MATH = re.compile(r":math:`(?P<tex>[^`]*)`")
ROLES = re.compile(r":[\w:.-]+:`[^`]*`")
LITERAL = re.compile(r"``.*?``")
DIRECTIVE = re.compile(r"^\s*\.\.\s+(?P<name>[\w-]+)::")
PROMPT = re.compile(r"^\s*(>>>|\.\.\.)(\s|$)")


def _code_numbers(tree: ast.AST) -> list[tuple[int, Decimal]]:
    """(line, value) of every number literal in parsed Python code."""
    found: list[tuple[int, Decimal]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            found.append((node.lineno, abs(Decimal(repr(node.value)))))
    return found


CODE_NUMBER = re.compile(r"(?<![\w.])\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?")


def _numbers_in_code(source: str) -> set[Decimal]:
    """The number literals in a piece of example code (read, not parsed)."""
    found = set()
    for match in CODE_NUMBER.finditer(source):
        try:
            found.add(Decimal(match[0].replace("_", "")))
        except InvalidOperation:
            continue
    return found


def _parts(doc: str) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]]]:
    """(prose lines, examples): prose as (offset, text), examples as (offset,
    source, want), offsets counted from the docstring's first line."""
    lines = doc.splitlines()
    prose: list[tuple[int, str]] = []
    examples: list[tuple[int, str, str]] = []
    index = 0
    block_indent: int | None = None  # inside a literal block or directive
    while index < len(lines):
        text = lines[index]
        indent = len(text) - len(text.lstrip())
        if block_indent is not None:
            if text.strip() and indent <= block_indent:
                block_indent = None
            else:
                index += 1
                continue
        if PROMPT.match(text) and text.lstrip().startswith(">>>"):
            start, source = index, [text.lstrip()[4:]]
            index += 1
            while index < len(lines) and lines[index].lstrip().startswith("..."):
                source.append(lines[index].lstrip()[4:])
                index += 1
            want = []
            while index < len(lines) and lines[index].strip():
                if lines[index].lstrip().startswith(">>>"):
                    break
                want.append(lines[index].strip())
                index += 1
            examples.append((start, "\n".join(source) + "\n", "\n".join(want) + "\n"))
            continue
        if DIRECTIVE.match(text) or text.rstrip().endswith("::"):
            block_indent = indent  # a literal block or a directive's body
        if re.fullmatch(r"\s*[-=~^]{3,}\s*", text):
            index += 1
            continue
        prose.append((index, text))
        index += 1
    return prose, examples


def _written(text: str) -> list[Written]:
    formulas = [m["tex"] for m in ROLE_MATH.finditer(text)]
    text = ROLE_MATH.sub(" ", text)
    formulas += [next(g for g in m.groups() if g) for m in MATH_SPANS.finditer(text)]
    text = MATH_SPANS.sub(" ", text)
    text = LITERAL.sub(" ", text)
    text = ROLES.sub(" ", text)
    text = re.sub(r"\[\d+\]_?|\[\w+\]_", " ", text)  # citation markers
    text = re.sub(r"\barXiv:\s*\S+|\bdoi:\s*\S+", " ", text)  # identifiers
    found = [
        w
        for w in written_numbers(_clean(text))
        if not (w.place == 0 and not w.percent and w.value < 10)
        and not (w.place == 0 and 1900 <= w.value <= 2099 and len(w.text) == 4)
    ]
    for formula in formulas:
        found += written_numbers(formula, math=True)
    return found


Documented = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef


def _documented(tree: ast.Module, name: str) -> Iterator[tuple[str, Documented]]:
    """(qualified name, node) of the module and each public class, function and
    method: what mkdocstrings shows (names starting with ``_`` are filtered)."""
    yield name, tree
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name.startswith("_"):
                continue
            yield f"{name}.{node.name}", node
            if isinstance(node, ast.ClassDef):
                for inner in node.body:
                    if isinstance(
                        inner, ast.FunctionDef | ast.AsyncFunctionDef
                    ) and not inner.name.startswith("_"):
                        yield f"{name}.{node.name}.{inner.name}", inner


def docstring_problems(path: Path, module: str | None = None) -> list[str]:
    """``module.py:line: number (docstring of NAME)`` for each number in a public
    docstring's prose that the docstring's examples do not print, its code does not
    hold, and that is not an API's small count."""
    path = Path(path)
    source = path.read_text()
    if module is None:
        relative = path.resolve().relative_to(ROOT).with_suffix("")
        parts = [p for p in relative.parts if p != "__init__"]
        module = ".".join(parts)
    if any(part.startswith("_") for part in module.split(".")):
        return []
    tree = ast.parse(source)
    numbers = _code_numbers(tree)
    problems = []
    for name, node in _documented(tree, module):
        body = getattr(node, "body", [])
        if not (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            continue
        first = body[0].value.lineno
        doc = body[0].value.value
        prose, examples = _parts(doc)
        printed = [n for _, s, w in examples for n in computed_numbers(s, w)]
        if isinstance(node, ast.Module):
            literals = {value for _, value in numbers}
        else:
            end = node.end_lineno or node.lineno
            literals = {v for n, v in numbers if node.lineno <= n <= end}
        for _, example_source, _ in examples:
            literals |= _numbers_in_code(example_source)
        for offset, text in prose:
            for number in _written(text):
                if abs(number.value) in literals:
                    continue
                if any(backs(p, number) for p in printed):
                    continue
                problems.append(
                    f"{path}:{first + offset}: {number.text} (docstring of {name})"
                )
    return problems


def modules() -> list[Path]:
    """lrdoc's modules whose docstrings the reference shows (public modules)."""
    return [
        p
        for p in sorted(PACKAGE.rglob("*.py"))
        if not any(
            part.startswith("_") and part != "__init__.py"
            for part in p.relative_to(PACKAGE).parts
        )
    ]


BASELINE = Path(__file__).with_name("docstring_baseline.txt")
"""The docstring numbers that were unbacked when this check began, one
``module.name: number`` a line: the check fails on any other, so no new one gets
in. Whoever backs one (an example that prints it) removes its line."""


def _key(problem: str) -> str:
    where, _, rest = problem.partition(": ")
    number, _, name = rest.partition(" (docstring of ")
    return f"{name.rstrip(')')}: {number}"


def new_docstring_problems(path: Path) -> list[str]:
    """:func:`docstring_problems` less those listed in :data:`BASELINE` (as many
    of each as listed)."""
    allowed: dict[str, int] = {}
    for line in BASELINE.read_text().splitlines() if BASELINE.exists() else []:
        if line.strip() and not line.startswith("#"):
            allowed[line.strip()] = allowed.get(line.strip(), 0) + 1
    problems = []
    for problem in docstring_problems(path):
        key = _key(problem)
        if allowed.get(key, 0) > 0:
            allowed[key] -= 1
            continue
        problems.append(problem)
    return problems


def write_baseline() -> int:
    """Write :data:`BASELINE` from today's problems (``python -m tools.pagecheck
    --docstring-baseline``); returns how many it lists."""
    keys = sorted(_key(p) for m in modules() for p in docstring_problems(m))
    header = (
        "# Unbacked numbers in docstring prose when the check began (see\n"
        "# tools/pagecheck/docstrings.py). Remove a line when its number is backed.\n"
    )
    BASELINE.write_text(header + "".join(f"{k}\n" for k in keys))
    return len(keys)
