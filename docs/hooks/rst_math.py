"""Griffe extension: reST math in lrdoc's docstrings becomes arithmatex math.

The engine's docstrings are written for Sybil and for ``help()``, in reST:
``:math:`\\eta < 2/\\lambda``` inline and ``.. math::`` blocks. Before mkdocstrings
renders a docstring, this rewrites them as ``\\(…\\)`` and ``\\[…\\]``, which
``pymdownx.arithmatex`` keeps intact and ``docs/hooks/site.py`` turns into MathML.
The source files are not changed.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Extension, Object

INLINE = re.compile(r":math:`(?P<tex>[^`]+)`")
ROLE = re.compile(
    r":(?:func|meth|class|data|attr|mod|obj|exc|ref):`~?(?P<target>[^`]+)`"
)
LITERAL = re.compile(r"``(?P<code>[^`]+)``")
DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\. math::[ \t]*(?P<first>.*)$")


def _blocks(text: str) -> str:
    """Every ``.. math::`` directive (its first line and its indented body) as a
    display formula ``\\[…\\]`` at the directive's indentation."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        found = DIRECTIVE.match(lines[i])
        if not found:
            out.append(lines[i])
            i += 1
            continue
        indent = found["indent"]
        body = [found["first"]] if found["first"].strip() else []
        i += 1
        while i < len(lines) and (
            not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > len(indent)
        ):
            body.append(lines[i].strip())
            i += 1
        tex = " ".join(line for line in body if line)
        out += ["", f"{indent}\\[{tex}\\]", ""]
    return "\n".join(out)


def rst_math_to_tex(text: str) -> str:
    """reST math in ``text`` as ``\\(…\\)`` and ``\\[…\\]``.

    >>> rst_math_to_tex("so :math:`a < b` holds")
    'so \\\\(a < b\\\\) holds'
    """
    return INLINE.sub(lambda m: f"\\({m['tex']}\\)", _blocks(text))


def rst_roles_to_code(text: str) -> str:
    """reST cross-reference roles and ````literals```` as Markdown code spans.

    >>> rst_roles_to_code("see :func:`~lrdoc.training.sweep` and ``epochs``")
    'see `lrdoc.training.sweep` and `epochs`'
    """
    text = ROLE.sub(lambda m: f"`{m['target'].split(' <')[0]}`", text)
    return LITERAL.sub(lambda m: f"`{m['code']}`", text)


def _outside_examples(text: str, change) -> str:
    """``change`` applied to every line but the ``>>>`` examples and their output."""
    out, in_example = [], False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith((">>>", "...")):
            in_example = True
        elif not stripped:
            in_example = False
        out.append(line if in_example else change(line))
    return "\n".join(out)


class RestMath(Extension):
    """Rewrite each docstring's reST math as it is loaded."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            text = rst_math_to_tex(obj.docstring.value)
            obj.docstring.value = _outside_examples(text, rst_roles_to_code)
