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
import functools
import hashlib
import importlib
import importlib.metadata
import io
import os
import re
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
    "lrdoc.figures.stability",
    "lrdoc.figures.explorer",
    "lrdoc.figures.primer",
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
    data: Callable[[], Any]


REGISTRY: dict[str, FigureSpec] = {}

Draw = Callable[[Any], "Figure"]


def figure(name: str, data: Callable[[], Any]) -> Callable[[Draw], Draw]:
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

    A figure without an experiment is refused:

    >>> figure("example-empty", data=None)
    Traceback (most recent call last):
    ...
    TypeError: data must be a function of no argument, got None
    """
    if not callable(data):
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
        If the figure's code fails, even by calling ``sys.exit``; the message names
        the figure, its module and its file.

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

    A figure that fails says which one it is, and where:

    >>> @figure("example-broken", data=lambda: 0)
    ... def example_broken(zero):
    ...     return 1 / zero
    >>> render("example-broken")
    Traceback (most recent call last):
    ...
    RuntimeError: figure 'example-broken' (light) failed to render in lrdoc.figures (lrdoc/figures/__init__.py): ZeroDivisionError: division by zero
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

    for variant in variants:
        if variant not in VARIANTS:
            raise ValueError(f"variant must be 'light' or 'dark', got {variant!r}")
    specs = load()
    if name not in specs:
        raise ValueError(f"name must be a registered figure, got {name!r}")
    spec = specs[name]
    drawn: dict[str, bytes] = {}
    variant = variants[0]
    try:
        result = spec.data()
        for variant in variants:
            with matplotlib.rc_context(style.rc(variant)):  # type: ignore[arg-type]
                fig = spec.draw(result)
                buffer = io.BytesIO()
                fig.savefig(buffer, format="svg", metadata={"Date": None})
                plt.close(fig)
            drawn[variant] = buffer.getvalue()
    except (Exception, SystemExit) as exc:  # sys.exit in a figure is a failure too
        raise RuntimeError(
            f"figure {name!r} ({variant}) failed to render in "
            f"{spec.module} ({_shown(spec.module)}): {type(exc).__name__}: {exc}"
        ) from exc
    return drawn


# ------------------------------------------------------------------ fingerprints

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]
DATA_FOLDER = "datafiles"
"""The folder of ``lrdoc`` that holds the data files the engine reads."""


class FigureSourceError(RuntimeError):
    """A figure module, or a module it imports, cannot be read (a SyntaxError)."""


def _shown(module: str, package: Path = _PACKAGE_ROOT) -> str:
    """A module's file, relative to the folder that holds the package."""
    path = _module_path(module, package)
    return path.relative_to(package.parent).as_posix() if path else module


def _module_path(module: str, package: Path = _PACKAGE_ROOT) -> Path | None:
    """The source file of an lrdoc module, or None if it is not one."""
    parts = module.split(".")
    if parts[0] != "lrdoc":
        return None
    base = package.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _parse(path: Path, package: Path) -> ast.Module:
    text = path.read_text()
    try:
        return _tree(text, str(path))
    except SyntaxError as exc:
        names = re.findall(r"""@figure\(\s*["']([^"']+)["']""", text)
        which = f" (figures {', '.join(names)})" if names else ""
        raise FigureSourceError(
            f"{path.relative_to(package.parent).as_posix()}{which} cannot be read: "
            f"SyntaxError: {exc.msg} at line {exc.lineno}"
        ) from None


@functools.lru_cache(maxsize=512)
def _tree(text: str, filename: str) -> ast.Module:
    """A parsed source, kept while its text is unchanged: a build reads each file
    once however many figures import it."""
    return ast.parse(text, filename=filename)


@dataclass(frozen=True)
class _Facts:
    """What the fingerprint needs from one source file, found in one walk."""

    imports: tuple[tuple[int, str, tuple[str, ...]], ...]  # (level, base, names)
    dynamic: tuple[ast.expr, ...]  # arguments of import_module / __import__
    strings: frozenset[str]  # string constants in code, docstrings aside


@functools.lru_cache(maxsize=512)
def _facts(text: str, filename: str) -> _Facts:
    tree = _tree(text, filename)
    imports: list[tuple[int, str, tuple[str, ...]]] = []
    dynamic: list[ast.expr] = []
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    strings: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imports += [(0, alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            imports.append((node.level, node.module or "", names))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None))
            in ("import_module", "__import__")
            and node.args
        ):
            dynamic.append(node.args[0])
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            strings.add(node.value)
    return _Facts(tuple(imports), tuple(dynamic), frozenset(strings))


def _read_facts(path: Path, package: Path) -> _Facts:
    _parse(path, package)  # a SyntaxError names the file and its figures
    return _facts(path.read_text(), str(path))


def _imports(module: str, package: Path = _PACKAGE_ROOT) -> set[str]:
    """lrdoc modules that ``module`` imports: absolute and relative imports, and
    ``importlib.import_module("lrdoc.x")`` (a name built at run time,
    ``f"lrdoc.experiments.{page}"``, counts as every module of that package)."""
    path = _module_path(module, package)
    if path is None:
        return set()
    facts = _read_facts(path, package)
    is_package = path.name == "__init__.py"
    names: list[str] = []
    for level, base, imported in facts.imports:
        if level:
            parts = module.split(".")
            keep = len(parts) - level + (1 if is_package else 0)
            base = ".".join(parts[:keep] + ([base] if base else []))
        names += [base] + [f"{base}.{name}" for name in imported]
    for argument in facts.dynamic:
        names += _named_modules(argument, package)
    return {n for n in names if _module_path(n, package) is not None}


def _named_modules(argument: ast.expr, package: Path) -> list[str]:
    """Modules named by the argument of an ``import_module`` call: a string, or an
    f-string whose fixed start names a package (then every module in it)."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return [argument.value]
    if isinstance(argument, ast.JoinedStr) and argument.values:
        head = argument.values[0]
        if isinstance(head, ast.Constant) and re.fullmatch(
            r"lrdoc(\.\w+)*\.", str(head.value)
        ):
            folder = package.joinpath(*str(head.value).split(".")[1:-1])
            modules = sorted(
                p.stem for p in folder.glob("*.py") if p.stem != "__init__"
            )
            return [f"{head.value!s}{stem}" for stem in modules]
    return []


def dependencies(module: str, package: Path = _PACKAGE_ROOT) -> list[str]:
    """Every lrdoc module that ``module`` imports, directly or not, itself excluded.

    Examples
    --------
    >>> "lrdoc.training" in dependencies("lrdoc.figures.mcvp")
    True
    """
    seen: set[str] = set()
    todo = [module]
    while todo:
        for name in _imports(todo.pop(), package):
            if name not in seen and name != module:
                seen.add(name)
                todo.append(name)
    return sorted(seen)


def data_files(module: str, package: Path = _PACKAGE_ROOT) -> list[Path]:
    """The data files a module may read: every file in ``lrdoc/datafiles/`` if its
    code (docstrings aside) has a string naming that folder or one of its files,
    otherwise none. (This module names the folder only to hash it.)

    Examples
    --------
    >>> [p.name for p in data_files("lrdoc.data")]
    ['IRIS.txt', 'iris.csv']
    >>> data_files("lrdoc.figures.style"), data_files("lrdoc.figures")
    ([], [])
    """
    path = _module_path(module, package)
    folder = package / DATA_FOLDER
    if path is None or module == __name__ or not folder.is_dir():
        return []
    every = sorted(p for p in folder.glob("*") if p.is_file())
    names = {DATA_FOLDER, *(p.name for p in every)}
    strings = _read_facts(path, package).strings
    if any(name in text for text in strings for name in names):
        return every
    return []


def matplotlibrc() -> bytes:
    """The text of the ``matplotlibrc`` that matplotlib would read, found as
    matplotlib finds it (``$MATPLOTLIBRC``, the working directory, then the user's
    configuration folder), without importing matplotlib; ``b""`` when matplotlib
    would use its own defaults (covered by its version).

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "matplotlibrc").write_text("lines.linewidth: 3\\n")
    ...     os.environ["MATPLOTLIBRC"] = folder
    ...     try:
    ...         found = matplotlibrc()
    ...     finally:
    ...         del os.environ["MATPLOTLIBRC"]
    >>> found
    b'lines.linewidth: 3\\n'
    """
    candidates: list[Path] = []
    if os.environ.get("MATPLOTLIBRC"):
        where = Path(os.environ["MATPLOTLIBRC"])
        candidates += [where, where / "matplotlibrc"]
    candidates.append(Path.cwd() / "matplotlibrc")
    if os.environ.get("MPLCONFIGDIR"):
        candidates.append(Path(os.environ["MPLCONFIGDIR"]) / "matplotlibrc")
    else:
        xdg = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        candidates.append(Path(xdg) / "matplotlib" / "matplotlibrc")
        candidates.append(Path.home() / ".matplotlib" / "matplotlibrc")
    for candidate in candidates:
        if candidate.is_file():
            return candidate.read_bytes()
    return b""


def discover(package: Path = _PACKAGE_ROOT) -> dict[str, tuple[str, str]]:
    """Every figure's name, module and function source, read from the source files
    without importing them.

    Examples
    --------
    >>> module, source = discover()["mcvp-rate-sweep"]
    >>> module, source.splitlines()[0].startswith('@figure("mcvp-rate-sweep"')
    ('lrdoc.figures.mcvp', True)
    """
    found: dict[str, tuple[str, str]] = {}
    for module in MODULES:
        path = _module_path(module, package)
        if path is None:
            continue
        lines = path.read_text().splitlines()
        for node in _parse(path, package).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and getattr(decorator.func, "id", None) == "figure"
                    and decorator.args
                    and isinstance(decorator.args[0], ast.Constant)
                    and isinstance(decorator.args[0].value, str)
                ):
                    first = min(d.lineno for d in node.decorator_list)
                    source = "\n".join(lines[first - 1 : node.end_lineno])
                    found[decorator.args[0].value] = (module, source)
    return found


def fingerprint(name: str, variant: str = "light") -> str:
    """A hash of everything that can change a figure's SVG.

    It covers the figure function's own source; the rest of its module, without the
    other figures' functions; every lrdoc module it imports, directly or not
    (relative imports and the style among them); the data files those modules read;
    the ``matplotlibrc`` in force; and the versions of numpy and matplotlib. Editing
    one figure function changes that figure's fingerprint only. Nothing is imported.

    Examples
    --------
    A figure's key follows the matplotlib settings in force, which change its SVG:

    >>> import os, tempfile
    >>> before = fingerprint("mcvp-weight-curves")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "matplotlibrc").write_text("lines.linewidth: 3\\n")
    ...     os.environ["MATPLOTLIBRC"] = folder
    ...     try:
    ...         after = fingerprint("mcvp-weight-curves")
    ...     finally:
    ...         del os.environ["MATPLOTLIBRC"]
    >>> after == before, fingerprint("mcvp-weight-curves") == before
    (False, True)

    The data files count too: ``tests/test_build.py`` appends a row to ``iris.csv``
    in a copy of lrdoc and sees exactly the figures that read it change key.
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be 'light' or 'dark', got {variant!r}")
    every = fingerprints()
    if (name, variant) not in every:
        raise ValueError(
            f"name must be a figure in lrdoc.figures.MODULES, got {name!r}"
        )
    return every[(name, variant)]


def fingerprints(package: Path = _PACKAGE_ROOT) -> dict[tuple[str, str], str]:
    """:func:`fingerprint` of every figure in every variant, reading each file once.
    ``package`` is the ``lrdoc`` folder to read (another copy, in tests).

    Raises
    ------
    FigureSourceError
        If a figure module or a module it imports has a SyntaxError; the message
        names the file and the figures in it.

    Examples
    --------
    >>> ("mcvp-rate-sweep", "dark") in fingerprints()
    True
    """
    figures = discover(package)
    settings = [_version("numpy"), _version("matplotlib")]
    rc = matplotlibrc()
    shared: dict[str, bytes] = {}
    for module in {module for module, _ in figures.values()}:
        digest = hashlib.sha256(rc + b"\0")
        inputs: set[Path] = set(data_files(module, package))
        for dependency in dependencies(module, package):
            path = _module_path(dependency, package)
            assert path is not None
            digest.update(dependency.encode() + b"\0" + path.read_bytes() + b"\0")
            inputs.update(data_files(dependency, package))
        for path in sorted(inputs):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        shared[module] = digest.digest()
    result = {}
    for name, (module, _) in figures.items():
        path = _module_path(module, package)
        assert path is not None
        rest = path.read_text()
        for other, (other_module, source) in figures.items():
            if other_module == module and other != name:
                rest = rest.replace(source, "")
        for variant in VARIANTS:
            digest = hashlib.sha256()
            for part in (name, variant, *settings, rest):
                digest.update(part.encode() + b"\0")
            digest.update(shared[module])
            result[(name, variant)] = digest.hexdigest()
    return result


def _version(package: str) -> str:
    return importlib.metadata.version(package)
