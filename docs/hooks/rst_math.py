"""Griffe extension: reST math and cross-references in lrdoc's docstrings.

The engine's docstrings are written for Sybil and for ``help()``, in reST:
``:math:`\\eta < 2/\\lambda``` inline and ``.. math::`` blocks. Before mkdocstrings
renders a docstring, this rewrites them as ``\\(…\\)`` and ``\\[…\\]``, which
``pymdownx.arithmatex`` keeps intact and ``docs/hooks/site.py`` turns into MathML.
Cross-reference roles (``:func:``, ``:class:``, ``:mod:``, ...) become links to the
object's entry in the API reference: the name is resolved where the docstring is
(so ``:func:`fit``` in ``lrdoc.nn`` is ``lrdoc.nn.fit``) and handed to
mkdocs-autorefs as an optional reference, which is plain code when the object has no
entry (a private module, say). The source files are not changed.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Extension, Module, Object

INLINE = re.compile(r":math:`(?P<tex>[^`]+)`")
ROLE_LINK = re.compile(
    r":(?:func|meth|class|data|attr|mod|obj|exc):`(?P<target>[^`]+)`"
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


def rst_roles_to_links(text: str, resolve) -> str:
    """reST cross-reference roles as links for mkdocs-autorefs (``resolve`` gives a
    name's full path, or None), and ````literals```` as Markdown code spans.

    >>> rst_roles_to_links("see :func:`~lrdoc.training.sweep`", lambda n: n)
    'see <autoref identifier="lrdoc.training.sweep" optional><code>sweep</code></autoref>'
    >>> rst_roles_to_links(":func:`nowhere` and ``epochs``", lambda n: None)
    '`nowhere` and `epochs`'
    """

    def link(match: re.Match) -> str:
        written = match["target"].split(" <")[0]
        target = written.lstrip("~")
        shown = target.rsplit(".", 1)[-1] if written.startswith("~") else target
        full = resolve(target)
        if full is None:
            return f"`{shown}`"
        return f'<autoref identifier="{full}" optional><code>{shown}</code></autoref>'

    text = ROLE_LINK.sub(link, text)
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


def _resolver(obj: Object):
    """A function giving the full path of a name as seen from ``obj``, or None."""

    def resolve(name: str) -> str | None:
        if name.split(".")[0] == obj.package.name:
            return name
        try:
            return obj.resolve(name)
        except Exception:  # not a name in scope: shown as plain code
            return None

    return resolve


def _objects(obj: Object):
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _objects(member)  # type: ignore[arg-type]


class RestMath(Extension):
    """Rewrite each docstring's reST math as it is loaded, and its cross-references
    once the whole package is loaded (so that names resolve)."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rst_math_to_tex(obj.docstring.value)

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        for obj in _objects(pkg):
            if obj.docstring is not None:
                resolve = _resolver(obj)
                obj.docstring.value = _outside_examples(
                    obj.docstring.value, lambda t, r=resolve: rst_roles_to_links(t, r)
                )
