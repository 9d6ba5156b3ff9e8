"""MkDocs hook: render every lrdoc figure at build time, and ship MathJax locally.

- ``on_files`` renders each registered figure (light and dark) and adds the SVGs to
  the site as generated files: nothing is written into ``docs/``. A figure is drawn
  only when its fingerprint (its code, the lrdoc code it imports, the style and the
  library versions) is not yet in ``.cache/figures/``, which is safe to delete.
- ``on_page_markdown`` turns ``![alt](…/figures/NAME.svg)`` into a light and a dark
  image that follow Material's palette toggle.
- ``on_serve`` watches ``lrdoc/`` so that ``mkdocs serve`` redraws after a code change.
- MathJax's files come from the ``django-static-mathjax`` package, so formulas render
  with no network.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "lrdoc"
FIGURE_LINK = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\((?P<path>(?:\.\./)*figures/(?P<name>[\w.-]+)\.svg)\)"
)
CACHE = Path(os.environ.get("LRDOC_FIGURE_CACHE", ROOT / ".cache" / "figures"))
SUFFIX = {"light": "", "dark": "-dark"}
log = logging.getLogger("mkdocs.hooks.figures")
MATHJAX_DIRS = ("input/tex/extensions", "ui", "a11y", "output/svg")
MATHJAX_FILES = ("tex-svg.js",)


def _fresh_figures():
    """Import lrdoc.figures anew, so that a rebuild under serve sees edited code."""
    for name in [m for m in sys.modules if m == "lrdoc" or m.startswith("lrdoc.")]:
        del sys.modules[name]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("lrdoc.figures")


def _render_all() -> dict[str, bytes]:
    """Every figure in both variants: from the cache when its fingerprint is known,
    otherwise drawn (in parallel) and cached."""
    figures = _fresh_figures()
    CACHE.mkdir(parents=True, exist_ok=True)
    jobs = {job: CACHE / f"{key}.svg" for job, key in figures.fingerprints().items()}
    missing = [job for job, path in jobs.items() if not path.exists()]
    if missing:
        drawing = ", ".join(f"{n} ({v})" for n, v in missing)
        log.info("lrdoc: drawing %d figure(s): %s", len(missing), drawing)
        wanted: dict[str, tuple[str, ...]] = {}
        for name, variant in missing:  # one experiment per figure, both variants
            wanted[name] = (*wanted.get(name, ()), variant)
        names = list(wanted)
        if len(names) > 1:
            workers = min(len(names), os.cpu_count() or 1)
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                drawn = list(
                    pool.map(figures.render_variants, names, wanted.values())
                )
        else:
            drawn = [figures.render_variants(names[0], wanted[names[0]])]
        for name, svgs in zip(names, drawn, strict=True):
            for variant, svg in svgs.items():
                target = jobs[(name, variant)]
                temporary = target.with_name(f"{target.stem}.{os.getpid()}.tmp")
                temporary.write_bytes(svg)
                temporary.replace(target)
    return {
        f"figures/{name}{SUFFIX[variant]}.svg": path.read_bytes()
        for (name, variant), path in jobs.items()
    }


def _mathjax_files(config) -> list[File]:
    import mathjax  # the django-static-mathjax package

    es5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    paths = [es5 / name for name in MATHJAX_FILES]
    for folder in MATHJAX_DIRS:
        paths += sorted(p for p in (es5 / folder).rglob("*") if p.is_file())
    return [
        File.generated(
            config,
            f"assets/mathjax/{p.relative_to(es5).as_posix()}",
            abs_src_path=str(p),
        )
        for p in paths
    ]


def on_files(files: Files, config) -> Files:
    try:
        rendered = _render_all()
    except RuntimeError as exc:
        raise PluginError(str(exc)) from None
    for uri, svg in rendered.items():
        files.append(File.generated(config, uri, content=svg))
    for file in _mathjax_files(config):
        files.append(file)
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    def both_variants(match: re.Match) -> str:
        alt, path = match["alt"], match["path"]
        dark = path[: -len(".svg")] + "-dark.svg"
        return f"![{alt}]({path}#only-light)![{alt}]({dark}#only-dark)"

    return FIGURE_LINK.sub(both_variants, markdown)


def _template_cache():
    """Compiled Jinja templates (theme and API reference), kept between builds."""
    from jinja2 import FileSystemBytecodeCache

    folder = CACHE.parent / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def on_env(env, config, files):
    env.bytecode_cache = _template_cache()
    return env


def on_pre_build(config):
    plugin = config.plugins.get("mkdocstrings")
    if plugin is not None:
        plugin.handlers.get_handler("python").env.bytecode_cache = _template_cache()


def on_serve(server, config, builder):
    server.watch(str(PACKAGE))
    return server
