"""Figures: every plot on the site, drawn from lrdoc when the site is built.

A figure is a function that receives the result of one experiment (a function in
:mod:`lrdoc.experiments` that takes no argument) and only draws it, returning a
:class:`matplotlib.figure.Figure`. It trains, sweeps and solves nothing itself.
The :func:`figure` decorator registers it under a name together with its experiment;
a page shows it with ``![alt text](../figures/NAME.svg)`` (the path relative to the
page), and the build hook renders it in a light and a dark variant from one
computation of the experiment.

Figure modules are found, not listed: every public module of this package
(:func:`modules`). A figure module imports no other figure module (a contract in
``pyproject.toml``), so a figure's cache key (:func:`keys`) covers its own module,
the rest of lrdoc but the other figure modules, the result it draws and the
matplotlib settings. Importing this package does not import matplotlib.
"""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import io
import os
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lrdoc import _cache, _checks
from lrdoc.experiments import _store

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def modules() -> list[str]:
    """Every public module of this package: the figure modules (and the style).

    Examples
    --------
    >>> "lrdoc.figures.mcvp" in modules(), "lrdoc.figures.style" in modules()
    (True, True)
    """
    return sorted(
        f"{__name__}.{m.name}"
        for m in pkgutil.iter_modules(__path__)
        if not m.name.startswith("_")
    )


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
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise ValueError(
            f"name must be lower-case letters, digits and hyphens (a file name), "
            f"got {_checks.show(name)}"
        )

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
    for module in modules():
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
    return _render(name, variants)[0]


def _render(name: str, variants: tuple[str, ...]) -> tuple[dict[str, bytes], Any]:
    """The SVGs of :func:`render_variants`, and the result they draw."""
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
    return drawn, result


# ------------------------------------------------------------------ cache keys

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def _shown(module: str, package: Path = _PACKAGE_ROOT) -> str:
    """A module's file, relative to the folder that holds the package."""
    base = package.joinpath(*module.split(".")[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path.relative_to(package.parent).as_posix()
    return module


def _file(module: str) -> str:
    """A module's file relative to the package (``lrdoc.figures.gad`` →
    ``figures/gad.py``)."""
    return "/".join(module.split(".")[1:]) + ".py"


def _experiments_used(spec: FigureSpec) -> set[str] | None:
    """The files of the experiments modules a figure may run: the one its result
    comes from and each one its module's source imports by name (``from
    lrdoc.experiments import gad``, ``from lrdoc.experiments.gad import X``, at any
    depth in the file). None, meaning all of them, where the source could reach
    another by attribute or at run time: ``import lrdoc.experiments...``, ``from
    lrdoc import experiments``, a star or relative import, or ``importlib``."""
    source = (_PACKAGE_ROOT / _file(spec.module)).read_text(encoding="utf-8")
    imported = _experiments_imported(source)
    if imported is None:
        return None
    return imported | _experiments_files({getattr(spec.data, "__module__", "")})


def _experiments_files(modules: set[str]) -> set[str]:
    return {
        _file(m)
        for m in modules
        if m.startswith("lrdoc.experiments.") and m.count(".") == 2
    }


def _experiments_imported(source: str) -> set[str] | None:
    """The experiments modules' files that ``source`` imports by name, or None
    where it could reach any (see :func:`_experiments_used`).

    Examples
    --------
    >>> _experiments_imported("from lrdoc.experiments import gad as results")
    {'experiments/gad.py'}
    >>> _experiments_imported("from lrdoc.experiments.mcvp import RATES")
    {'experiments/mcvp.py'}
    >>> _experiments_imported("import lrdoc.experiments.decay") is None
    True
    >>> _experiments_imported("from lrdoc import experiments") is None
    True
    """
    used: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            if any(
                a.name.startswith(("lrdoc.experiments", "importlib"))
                for a in node.names
            ):
                return None
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [a.name for a in node.names]
            if node.level or "*" in names or module.startswith("importlib"):
                return None
            if module == "lrdoc" and "experiments" in names:
                return None
            if module == "lrdoc.experiments":
                used.update(f"{module}.{name}" for name in names)
            elif module.startswith("lrdoc.experiments."):
                used.add(module)
    return _experiments_files(used)


def load_or_explain() -> dict[str, FigureSpec]:
    """:func:`load`, but a module that cannot be imported (a SyntaxError, a failing
    import) raises :class:`FigureSourceError` naming its file and figures."""
    for module in modules():
        try:
            importlib.import_module(module)
        except Exception as exc:
            path = _PACKAGE_ROOT.parent / _shown(module)
            names = re.findall(r"""@figure\(\s*["']([^"']+)["']""", path.read_text())
            which = f" (figures {', '.join(names)})" if names else ""
            detail = f"{type(exc).__name__}: {exc}"
            if isinstance(exc, SyntaxError):
                detail = f"SyntaxError: {exc.msg} at line {exc.lineno}"
            raise FigureSourceError(
                f"{_shown(module)}{which} cannot be imported: {detail}"
            ) from None
    return REGISTRY


class FigureSourceError(RuntimeError):
    """A figure module cannot be imported (a SyntaxError, a failing import)."""


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


def settings() -> dict[str, Any]:
    """What changes an SVG besides lrdoc's code and the result drawn: the machine
    (:func:`lrdoc._cache.machine`), matplotlib's version and the matplotlibrc."""
    rc = matplotlibrc()
    return {
        "machine": _cache.machine(),
        "matplotlib": importlib.metadata.version("matplotlib"),
        "matplotlibrc": rc.decode(errors="replace"),
    }


def figure_key(
    name: str, variant: str, result: str, files: dict[str, str], where: dict
) -> str:
    """The cache key of one figure in one variant: its name, the sha256 of the
    result it draws (:func:`lrdoc._cache.digest`), the lrdoc files it may run
    (``files``) and the :func:`settings`."""
    return _cache.key("figure", name, variant, result, files, where)


def keys(
    snapshot: dict[str, str] | None = None,
) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """The key of every figure in every variant, and the sha256 of each figure's
    result. Imports every figure module and computes (or reads from the experiment
    cache) each result once.

    A figure's files are every file of lrdoc but the other figure modules and the
    experiments modules that its module's source does not import by name and its
    result does not come from (:func:`_experiments_used`; an experiments module
    imports no other page's, a contract), so that editing one figure module, or one
    page's experiments, or adding a page, redraws that page's figures only.

    Examples
    --------
    >>> found, results = keys()
    >>> ("mcvp-rate-sweep", "dark") in found, len(results["mcvp-rate-sweep"])
    (True, 64)
    """
    if snapshot is not None and not isinstance(snapshot, dict):
        raise TypeError(
            "snapshot must be a dict of file names to sources, or None, "
            f"got {_checks.show(snapshot)}"
        )
    snapshot = _cache.sources() if snapshot is None else snapshot
    specs = load_or_explain()
    where = settings()
    pages = {_file(spec.module) for spec in specs.values()}
    experiments = {k for k in snapshot if _store.page_file(k)}
    found: dict[tuple[str, str], str] = {}
    results: dict[str, str] = {}
    data: dict[Any, str] = {}
    for name, spec in sorted(specs.items()):
        if spec.data not in data:
            try:
                data[spec.data] = _cache.digest(spec.data())
            except Exception as exc:
                raise RuntimeError(
                    f"figure {name!r}: its experiment failed in {spec.module} "
                    f"({_shown(spec.module)}): {type(exc).__name__}: {exc}"
                ) from exc
        results[name] = data[spec.data]
        used = _experiments_used(spec)
        run = experiments if used is None else used
        left_out = (pages - {_file(spec.module)}) | (experiments - run)
        files = {k: v for k, v in snapshot.items() if k not in left_out}
        for variant in VARIANTS:
            found[(name, variant)] = figure_key(
                name, variant, results[name], files, where
            )
    return found, results


def draw(name: str, variants: tuple[str, ...]) -> tuple[dict[str, bytes], str, dict]:
    """Draw one figure (as :func:`render_variants`) in a build's worker process and
    return the SVGs, the sha256 of the result drawn, and the lrdoc sources this
    process imported (see :func:`lrdoc._cache.imported`), for the hook to check
    before it stores anything."""
    svgs, result = _render(name, variants)
    return svgs, _cache.digest(result), dict(_cache.imported())
