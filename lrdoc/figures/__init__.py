"""Figures: every plot on the site, drawn from lrdoc when the site is built.

A figure is a function that receives the result of one experiment (a function in
:mod:`lrdoc.experiments` that takes no argument) and only draws it, returning a
:class:`matplotlib.figure.Figure`. It trains, sweeps and solves nothing itself.
The :func:`figure` decorator registers it under a name together with its experiment;
a page shows it with ``![alt text](../figures/NAME.svg)`` (the path relative to the
page), and the build hook renders it in a light and a dark variant from one
computation of the experiment.

Figure modules are the ``lrdoc.figures.*`` submodules listed in :data:`MODULES`.
Importing this package does not import matplotlib: the build hook can tell which
figures changed (:func:`fingerprint`) by reading source code alone.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.metadata
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MODULES = (
    "lrdoc.figures.mcvp",
    "lrdoc.figures.gad",
    "lrdoc.figures.decay",
    "lrdoc.figures.deeplizard",
    "lrdoc.figures.choosing",
)
"""Every module that defines figures. A new page's figure module is added here."""

VARIANTS = ("light", "dark")
"""Every figure is drawn once per variant, to follow the site's palette toggle."""


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: its name, its experiment, the function that draws the
    experiment's result, and the module it lives in."""

    name: str
    draw: Callable[[Any], Figure]
    module: str
    data: Callable[[], Any] | None


REGISTRY: dict[str, FigureSpec] = {}

Draw = Callable[[Any], "Figure"]


def figure(name: str, data: Callable[[], Any] | None = None) -> Callable[[Draw], Draw]:
    """Register a figure function under ``name`` (the SVG is ``figures/NAME.svg``).

    Parameters
    ----------
    name : str
        The figure's name, unique across lrdoc.
    data : callable
        The experiment: a function of no argument whose result the figure draws. It
        is called once per build of the figure, and both variants draw that result.

    Examples
    --------
    >>> from lrdoc.figures.style import new_figure
    >>> @figure("example-line", data=lambda: [0.0, 1.0])
    ... def example_line(ys):
    ...     fig, ax = new_figure()
    ...     ax.plot([0, 1], ys)
    ...     return fig
    >>> REGISTRY["example-line"].data()
    [0.0, 1.0]
    >>> del REGISTRY["example-line"]
    """
    # TRANSITIONAL: data=None (a figure that computes its own data) goes away once
    # every page has its experiments module; then data becomes required.
    if data is not None and not callable(data):
        raise TypeError(f"data must be a function of no argument, got {data!r}")

    def register(draw: Draw) -> Draw:
        if name in REGISTRY and REGISTRY[name].module != draw.__module__:
            raise ValueError(
                f"figure name {name!r} is used twice: in {REGISTRY[name].module} "
                f"and {draw.__module__}"
            )
        REGISTRY[name] = FigureSpec(name, draw, draw.__module__, data)
        return draw

    return register


def load() -> dict[str, FigureSpec]:
    """Import every figure module and return the registry.

    Examples
    --------
    >>> "mcvp-weight-curves" in load()
    True
    """
    for module in MODULES:
        importlib.import_module(module)
    return REGISTRY


def render(name: str, variant: str = "light") -> bytes:
    """Draw one figure in one variant and return it as SVG bytes, identical from run
    to run. See :func:`render_variants` to draw both from one computation.

    Parameters
    ----------
    name : str
        A registered figure name.
    variant : {"light", "dark"}
        Colour scheme, matching the site's palette toggle.

    Raises
    ------
    RuntimeError
        If the figure's code fails; the message names the figure and its module.

    Examples
    --------
    >>> from lrdoc.figures.style import new_figure
    >>> @figure("example-dot", data=lambda: (0.0, 0.0))
    ... def example_dot(point):
    ...     fig, ax = new_figure(width=2, height=2)
    ...     ax.plot(*point, "o")
    ...     return fig
    >>> svg = render("example-dot")
    >>> svg.startswith(b"<?xml")
    True
    >>> render("example-dot") == svg
    True
    >>> del REGISTRY["example-dot"]

    A figure that fails says which one it is:

    >>> @figure("example-broken", data=lambda: 0)
    ... def example_broken(zero):
    ...     return 1 / zero
    >>> render("example-broken")
    Traceback (most recent call last):
    ...
    RuntimeError: figure 'example-broken' (light) failed to render in lrdoc.figures: ZeroDivisionError: division by zero
    >>> del REGISTRY["example-broken"]
    """
    return render_variants(name, (variant,))[variant]


def render_variants(
    name: str, variants: tuple[str, ...] = VARIANTS
) -> dict[str, bytes]:
    """Compute a figure's experiment once and draw it in each of ``variants``.

    Examples
    --------
    >>> from lrdoc.figures.style import new_figure
    >>> calls = []
    >>> @figure("example-count", data=lambda: calls.append(1) or len(calls))
    ... def example_count(count):
    ...     fig, ax = new_figure(width=2, height=2)
    ...     ax.plot([0], [count], "o")
    ...     return fig
    >>> sorted(render_variants("example-count"))
    ['dark', 'light']
    >>> len(calls)
    1
    >>> del REGISTRY["example-count"]
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lrdoc.figures import style

    specs = load()
    if name not in specs:
        raise ValueError(f"name must be a registered figure, got {name!r}")
    for variant in variants:
        if variant not in VARIANTS:
            raise ValueError(f"variant must be 'light' or 'dark', got {variant!r}")
    spec = specs[name]
    drawn: dict[str, bytes] = {}
    variant = variants[0]
    try:
        result = spec.data() if spec.data is not None else None
        for variant in variants:
            with matplotlib.rc_context(style.rc(variant)):
                fig = spec.draw(result) if spec.data is not None else spec.draw()
                buffer = io.BytesIO()
                fig.savefig(buffer, format="svg", metadata={"Date": None})
                plt.close(fig)
            drawn[variant] = buffer.getvalue()
    except Exception as exc:
        raise RuntimeError(
            f"figure {name!r} ({variant}) failed to render in "
            f"{spec.module}: {type(exc).__name__}: {exc}"
        ) from exc
    return drawn


_PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def _module_path(module: str) -> Path | None:
    """The source file of an lrdoc module, or None if it is not one."""
    parts = module.split(".")
    if parts[0] != "lrdoc":
        return None
    base = _PACKAGE_ROOT.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path) -> set[str]:
    """lrdoc modules imported by the file at ``path``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        found.update(n for n in names if _module_path(n) is not None)
    return found


def dependencies(module: str) -> list[str]:
    """Every lrdoc module that ``module`` imports, directly or not, itself excluded.

    Examples
    --------
    >>> "lrdoc.training" in dependencies("lrdoc.figures.mcvp")
    True
    """
    seen: set[str] = set()
    todo = [module]
    while todo:
        path = _module_path(todo.pop())
        for name in _imports(path) if path else ():
            if name not in seen and name != module:
                seen.add(name)
                todo.append(name)
    return sorted(seen)


def discover() -> dict[str, tuple[str, str]]:
    """Every figure's name, module and function source, read from the source files
    without importing them.

    Examples
    --------
    >>> module, source = discover()["mcvp-rate-sweep"]
    >>> module, source.splitlines()[0]
    ('lrdoc.figures.mcvp', '@figure("mcvp-rate-sweep")')
    """
    found: dict[str, tuple[str, str]] = {}
    for module in MODULES:
        text = _module_path(module).read_text()
        lines = text.splitlines()
        for node in ast.parse(text).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and getattr(decorator.func, "id", None) == "figure"
                    and decorator.args
                    and isinstance(decorator.args[0], ast.Constant)
                ):
                    first = min(d.lineno for d in node.decorator_list)
                    source = "\n".join(lines[first - 1 : node.end_lineno])
                    found[decorator.args[0].value] = (module, source)
    return found


def fingerprint(name: str, variant: str = "light") -> str:
    """A hash of everything that can change a figure's SVG.

    It covers the figure function's own source; the rest of its module, without the
    other figures' functions; every lrdoc module it imports, directly or not (the
    style among them); and the versions of numpy and matplotlib. Editing one figure
    function changes that figure's fingerprint only. Nothing is imported.

    Examples
    --------
    >>> len(fingerprint("mcvp-weight-curves"))
    64
    >>> fingerprint("mcvp-weight-curves") == fingerprint("mcvp-rate-sweep")
    False
    >>> fingerprint("mcvp-weight-curves") == fingerprint("mcvp-weight-curves", "dark")
    False
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be 'light' or 'dark', got {variant!r}")
    every = fingerprints()
    if (name, variant) not in every:
        raise ValueError(
            f"name must be a figure in lrdoc.figures.MODULES, got {name!r}"
        )
    return every[(name, variant)]


def fingerprints() -> dict[tuple[str, str], str]:
    """:func:`fingerprint` of every figure in every variant, reading each file once.

    Examples
    --------
    >>> ("mcvp-rate-sweep", "dark") in fingerprints()
    True
    """
    figures = discover()
    versions = (_version("numpy"), _version("matplotlib"))
    shared: dict[str, bytes] = {}
    for module in {module for module, _ in figures.values()}:
        digest = hashlib.sha256()
        for dependency in dependencies(module):
            digest.update(_module_path(dependency).read_bytes())
        shared[module] = digest.digest()
    result = {}
    for name, (module, _) in figures.items():
        rest = _module_path(module).read_text()
        for other, (other_module, source) in figures.items():
            if other_module == module and other != name:
                rest = rest.replace(source, "")
        for variant in VARIANTS:
            digest = hashlib.sha256()
            for part in (name, variant, *versions, rest):
                digest.update(part.encode() + b"\0")
            digest.update(shared[module])
            result[(name, variant)] = digest.hexdigest()
    return result


def _version(package: str) -> str:
    return importlib.metadata.version(package)
