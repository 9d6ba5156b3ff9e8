"""MkDocs hook: render every lrdoc figure at build time.

- ``on_files`` renders each registered figure (light and dark) and adds the SVGs to
  the site as generated files: nothing is written into ``docs/``. A figure is drawn
  only when the cache (:mod:`lrdoc._cache`, ``.cache/figures/``) has no entry under
  its key: the sha256 of the result it draws, every lrdoc file but the other figure
  modules and the experiments modules its module does not import by name, the
  matplotlib settings and the machine (``lrdoc.figures.keys``). An index entry,
  keyed on every lrdoc file and the settings, remembers the keys, so a
  build with nothing changed imports no figure and computes no result. Figures are
  drawn in "spawn" worker processes, as on macOS and Windows; an SVG is stored only
  if the worker drew the result the key names from the sources the key hashed. A
  figure that raises, calls ``sys.exit`` or ``os._exit``, or a SyntaxError in its
  module, fails the build with a message naming the figure and its file. An
  unusable cache folder costs redrawing and one line on stderr; ``LRDOC_CACHE=off``
  draws everything.
- ``on_config`` fixes the build date (``SOURCE_DATE_EPOCH``, else the last commit's
  time), so builds made on different days are byte-identical; and where
  ``LRDOC_REPO_URL`` is set (CI), it sets ``repo_url`` and ``edit_uri`` for the
  "edit this page" links.
- ``on_page_markdown`` turns ``![alt](…/figures/NAME.svg)`` into a light and a dark
  image that follow Material's palette toggle. Both are ``loading="lazy"``: Chromium
  does not fetch a lazy image that is ``display: none``, so only the variant on
  screen downloads. Each gets a ``min-width`` at which its smallest text is 9 px,
  so a phone scrolls a figure sideways rather than shrink its text further.
- ``on_serve`` watches ``lrdoc/`` so that ``mkdocs serve`` redraws after a code change.
- Math is MathML, made at build time by ``docs/hooks/site.py``; no MathJax ships.
"""

from __future__ import annotations

import importlib
import json
import logging
import math
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "lrdoc"
FIGURE_LINK = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\((?P<path>(?:\.\./)*figures/(?P<name>[\w.-]+)\.svg)\)"
)
SUFFIX = {"light": "", "dark": "-dark"}
log = logging.getLogger("mkdocs.hooks.figures")


def _fresh_figures():
    """Import lrdoc.figures anew, so that a rebuild under serve sees edited code."""
    for name in [m for m in sys.modules if m == "lrdoc" or m.startswith("lrdoc.")]:
        del sys.modules[name]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("lrdoc.figures")


class _Drawing:
    """Figures being drawn in worker processes started with "spawn" (as on macOS
    and Windows: nothing relies on fork), while the pages render. A failure names
    the figure and its file."""

    def __init__(self, figures, wanted: dict[str, tuple[str, ...]]) -> None:
        self.figures, self.wanted = figures, wanted
        self.context = multiprocessing.get_context("spawn")
        workers = max(1, min(len(wanted), os.cpu_count() or 1))
        self.pool = ProcessPoolExecutor(workers, mp_context=self.context)
        self.futures = {
            name: self.pool.submit(figures.draw, name, variants)
            for name, variants in wanted.items()
        }

    def results(self) -> dict[str, tuple]:
        drawn: dict[str, tuple] = {}
        try:
            for name, future in self.futures.items():
                drawn[name] = future.result()
        except BrokenProcessPool:
            # A worker died (os._exit, a crash): find the figure, one process each.
            for name, variants in self.wanted.items():
                if name not in drawn:
                    drawn[name] = self._alone(name, variants)
        finally:
            self.pool.shutdown(cancel_futures=True)
        return drawn

    def _alone(self, name: str, variants: tuple[str, ...]) -> tuple:
        with ProcessPoolExecutor(1, mp_context=self.context) as pool:
            try:
                return pool.submit(self.figures.draw, name, variants).result()
            except BrokenProcessPool:
                module = self.figures.REGISTRY[name].module
                raise PluginError(
                    f"figure {name!r} ended its process while rendering, in "
                    f"{module} ({self.figures._shown(module)}): does it call "
                    "os._exit or crash the interpreter?"
                ) from None


def _keys(figures, cache, snapshot):
    """Every figure's key: from the index when lrdoc and the settings are as they
    were, otherwise computed (importing the figures, reading their results)."""
    index = cache.key("figure-index", snapshot, figures.settings())
    found = cache.read("figures", "index", index)
    if found is not None:
        try:
            listed = json.loads(found)
            return {(n, v): k for n, v, k in listed["keys"]}, listed["results"]
        except (ValueError, KeyError, TypeError):
            pass
    try:
        keys, results = figures.keys(snapshot)
    except figures.FigureSourceError as exc:
        raise PluginError(f"lrdoc: {exc}") from None
    if cache.consistent(snapshot):
        listed = {"keys": [[n, v, k] for (n, v), k in keys.items()], "results": results}
        cache.write("figures", "index", index, json.dumps(listed).encode())
    return keys, results


class _Figures:
    """Every figure of one build in both variants: from the cache when its key has a
    whole entry; otherwise drawn in the background (:meth:`start`, from
    ``on_files``) and collected and stored once the pages are rendered
    (:meth:`finish`, from ``on_env``)."""

    pending: set[str] = set()

    def start(self) -> dict[str, Path]:
        figures = self.figures = _fresh_figures()
        self.cache = cache = figures._cache
        self.snapshot = cache.sources()
        self.keys, self.results = _keys(figures, cache, self.snapshot)
        self.svgs: dict[tuple[str, str], bytes] = {}
        todo = []
        for (name, variant), key in self.keys.items():
            svg = cache.read("figures", f"{name}-{variant}", key)
            if svg is not None and svg.startswith(b"<?xml"):
                self.svgs[(name, variant)] = svg
            else:
                todo.append((name, variant))
        self.drawing = None
        self.pending = {name for name, _ in todo}
        if todo:
            drawing = ", ".join(f"{n} ({v})" for n, v in todo)
            log.info("lrdoc: drawing %d figure(s): %s", len(todo), drawing)
            figures.load_or_explain()
            wanted: dict[str, tuple[str, ...]] = {}
            for name, variant in todo:  # one experiment per figure, both variants
                wanted[name] = (*wanted.get(name, ()), variant)
            self.drawing = _Drawing(figures, wanted)
        self.cleanup()
        self.folder = Path(tempfile.mkdtemp(prefix="lrdoc-figures-"))
        return {
            f"figures/{name}{SUFFIX[variant]}.svg": self.folder
            / f"{name}{SUFFIX[variant]}.svg"
            for (name, variant) in self.keys
        }

    def finish(self) -> None:
        if self.drawing is not None:
            stale = []
            for name, (drawn, result, imported) in self.drawing.results().items():
                same = result == self.results[name] and all(
                    self.snapshot.get(f) == h for f, h in imported.items()
                )
                if not same:
                    stale.append(name)
                for variant, svg in drawn.items():
                    self.svgs[(name, variant)] = svg
                    if same:
                        key = self.keys[(name, variant)]
                        self.cache.write("figures", f"{name}-{variant}", key, svg)
            self.drawing = None
            if stale:
                print(
                    "lrdoc: lrdoc changed while the build ran; not cached: "
                    + ", ".join(stale),
                    file=sys.stderr,
                )
        for (name, variant), svg in self.svgs.items():
            (self.folder / f"{name}{SUFFIX[variant]}.svg").write_bytes(svg)

    def cleanup(self) -> None:
        folder = getattr(self, "folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def svg(self, name: str) -> bytes | None:
        return self.svgs.get((name, "light"))


_build = _Figures()


def on_config(config):
    """Builds on different days are identical: unless ``SOURCE_DATE_EPOCH`` is set,
    the build date (the sitemap's dates, the gzip timestamp of ``sitemap.xml.gz``)
    is the time of the last commit, or 1 January 1970 outside a git checkout."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", _source_date())
    repository = os.environ.get("LRDOC_REPO_URL", "").rstrip("/")
    if repository:  # "Edit this page" links (mkdocs.yml says why it comes from CI)
        config["repo_url"] = repository
        config["edit_uri"] = os.environ.get("LRDOC_EDIT_URI", "edit/main/docs/")
    return config


def _source_date() -> str:
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "0"
    stamp = done.stdout.strip()
    return stamp if done.returncode == 0 and stamp.isdigit() else "0"


def on_files(files: Files, config) -> Files:
    try:
        rendered = _build.start()
    except RuntimeError as exc:  # a figure failed: its message names it and its file
        raise PluginError(str(exc)) from None
    for uri, path in rendered.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


SVG_WIDTH = re.compile(rb'<svg[^>]*\bviewBox="0 0 (?P<width>[\d.]+) ')
SVG_FONT = re.compile(rb"font(?:-size)?: *(?P<size>[\d.]+)px")
MIN_TEXT_PX = 9.0  # = lrdoc.figures.style.MIN_TEXT_PX (no lrdoc import here)


def min_width(svg: bytes) -> int:
    """The narrowest display width, in CSS px, at which the SVG's smallest text is
    still ``MIN_TEXT_PX`` tall (0 if it has no text)."""
    width = SVG_WIDTH.search(svg)
    sizes = [float(m["size"]) for m in SVG_FONT.finditer(svg)]
    if width is None or not sizes:
        return 0
    return math.ceil(MIN_TEXT_PX * float(width["width"]) / min(sizes))


MIN_WIDTH = re.compile(r"min-width: lrdoc-figure-(?P<name>[\w.-]+)px")


def on_page_markdown(markdown: str, page, config, files) -> str:
    def both_variants(match: re.Match) -> str:
        alt, path = match["alt"], match["path"]
        dark = path[: -len(".svg")] + "-dark.svg"
        # A phone narrower than the figure's min-width scrolls it rather than shrink
        # its text below 9 px (stylesheets/extra.css lets it scroll); the width is
        # filled in by on_post_page, once the figure is drawn.
        attrs = 'loading="lazy"'
        if _build.svg(match["name"]) is not None or match["name"] in _build.pending:
            attrs += f' style="min-width: lrdoc-figure-{match["name"]}px"'
        return (
            f"![{alt}]({path}#only-light){{ {attrs} }}"
            f"![{alt}]({dark}#only-dark){{ {attrs} }}"
        )

    return FIGURE_LINK.sub(both_variants, markdown)


def on_post_page(output: str, page, config) -> str:
    def width(match: re.Match) -> str:
        svg = _build.svg(match["name"])
        narrowest = min_width(svg) if svg is not None else 0
        return f"min-width: {narrowest}px" if narrowest else ""

    return MIN_WIDTH.sub(width, output).replace(' style=""', "")


def _template_cache():
    """Compiled Jinja templates (theme and API reference), kept between builds."""
    from jinja2 import FileSystemBytecodeCache

    class TemplateCache(FileSystemBytecodeCache):
        """Survives its folder being deleted during a build: it is only a cache."""

        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # a missing or damaged entry: compile again
                bucket.reset()

        def dump_bytecode(self, bucket) -> None:
            try:
                Path(self.directory).mkdir(parents=True, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:
                pass

    where = _cache_root()
    if where is None:
        return None
    folder = where / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # unusable: templates are compiled each build
        return None
    return TemplateCache(str(folder))


def _cache_root() -> Path | None:
    chosen = os.environ.get("LRDOC_CACHE", "")
    if chosen.lower() == "off":
        return None
    return Path(chosen) if chosen else ROOT / ".cache"


def on_env(env, config, files):
    _build.finish()  # every figure drawn: the pages are rendered, files not yet copied
    env.bytecode_cache = _template_cache()
    return env


def on_pre_build(config):
    plugin = config.plugins.get("mkdocstrings")
    if plugin is not None:
        plugin.handlers.get_handler("python").env.bytecode_cache = _template_cache()


def on_post_build(config):
    _build.cleanup()


def on_build_error(error):
    drawing = getattr(_build, "drawing", None)
    if drawing is not None:
        drawing.pool.shutdown(cancel_futures=True)
    _build.cleanup()


def on_serve(server, config, builder):
    server.watch(str(PACKAGE))
    return server
