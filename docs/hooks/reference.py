"""MkDocs hook: one API reference page per experiments module, written at build time.

Each module of :mod:`lrdoc.experiments` (found: every public module, see
``lrdoc.experiments.pages``, plus the errata collector) gets
``reference/experiments/NAME.md`` with a ``:::`` line for mkdocstrings. One page per
module keeps each page light; writing them here means a new page's module
(``new-page``) is documented with no further edit. The overview
``reference/experiments.md`` lists them where it says ``<!-- experiment modules -->``,
in the order of ``nav:`` (the modules no page is named after come last).

It also keeps every page's rendering, and the search plugin's entries, in lrdoc's
cache, so that a build with nothing changed re-renders nothing (below).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import TableOfContents

ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- experiment modules -->"


def _nav_pages(nav) -> list[str]:
    """Every page path of ``nav:``, in order."""
    found: list[str] = []
    for item in nav if isinstance(nav, list) else [nav]:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, str):
                found.append(value)
            else:
                found += _nav_pages(value)
    return found


def modules(nav=None) -> list[str]:
    """The experiments modules to document: the pages' in the order of ``nav``,
    then the others alphabetically."""
    folder = ROOT / "lrdoc" / "experiments"
    found = sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))
    order = [Path(page).stem for page in _nav_pages(nav or [])]
    return sorted(found, key=lambda m: order.index(m) if m in order else len(order))


def on_files(files: Files, config) -> Files:
    for name in modules(config["nav"]):
        content = (
            "---\nsearch:\n  exclude: true\n---\n\n"  # internals: a light index
            f"# lrdoc.experiments.{name}\n\n::: lrdoc.experiments.{name}\n"
        )
        files.append(
            File.generated(config, f"reference/experiments/{name}.md", content=content)
        )
    return files


# ------------------------------------------------------------------ cached rendering
#
# Rendering the pages (Markdown's block parser on the guides and articles; for the API
# reference also mkdocstrings: griffe, Jinja, Pygments) is most of a warm build, and
# the search plugin's HTML parsing much of the rest. Both are kept in
# lrdoc's cache (lrdoc/_cache.py, kind "pages"), keyed on all they read: the page's
# Markdown and URL, the site's file list, mkdocs.yml, the hooks and overrides, every
# lrdoc file (mkdocstrings reads the source) and the versions of the tools. A hit
# replays what the render registered (autorefs anchors, the objects.inv entries), so
# the built site is byte for byte the same. A render that logged a warning is never
# stored (a strict build must see it again).

TOOLS = (
    "properdocs",
    "mkdocs-material",
    "mkdocstrings",
    "mkdocstrings-python",
    "mkdocs-autorefs",
    "griffelib",
    "markdown",
    "pymdown-extensions",
    "pygments",
    "latex2mathml",
)
_site: dict = {}


def _lrdoc_cache():
    import sys

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import importlib

    return importlib.import_module("lrdoc._cache")


def _site_key(config, files) -> str:
    """A sha256 of what every page's rendering can read besides its own Markdown."""
    import importlib.metadata

    cache = _lrdoc_cache()
    extra = {}
    for folder in ("docs/hooks", "docs/overrides"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                extra[path.relative_to(ROOT).as_posix()] = path.read_bytes().hex()
    return cache.key(
        "site",
        (ROOT / "mkdocs.yml").read_text(),
        str(config.config_file_path),
        # the site's files, not those exclude_docs leaves out (docs/hooks/ gains a
        # __pycache__/ once the tests import a hook; its sources are in ``extra``)
        sorted(f.src_uri for f in files if not f.inclusion.is_excluded()),
        cache.sources(),
        {name: importlib.metadata.version(name) for name in TOOLS},
        cache.key(extra),
    )


def _toc(items) -> list:
    return [[i.title, i.id, i.level, _toc(i.children)] for i in items]


def _untoc(items) -> list:
    from mkdocs.structure.toc import AnchorLink

    found = []
    for title, id, level, children in items:
        link = AnchorLink(title, id, level)
        link.children = _untoc(children)
        found.append(link)
    return found


class _Recorder:
    """Records calls to the methods that a render uses to register anchors."""

    def __init__(self, config) -> None:
        self.calls: list = []
        self.targets = []
        autorefs = config.plugins.get("autorefs")
        if autorefs is not None:
            self.targets += [(autorefs, "register_anchor"), (autorefs, "register_url")]
        strings = config.plugins.get("mkdocstrings")
        if strings is not None:
            self.targets.append((strings.handlers.inventory, "register"))

    def __enter__(self):
        for index, (target, name) in enumerate(self.targets):
            original = getattr(target, name)

            def record(*args, _index=index, _original=original, **kwargs):
                page = args[0] if args and hasattr(args[0], "file") else None
                shown = ["<page>", *args[1:]] if page is not None else list(args)
                self.calls.append([_index, shown, kwargs])
                return _original(*args, **kwargs)

            setattr(target, name, record)
        return self

    def __exit__(self, *exc) -> None:
        for target, name in self.targets:
            delattr(target, name)  # the class's method again

    def replay(self, calls, page) -> None:
        for index, args, kwargs in calls:
            target, name = self.targets[index]
            args = [page if a == "<page>" else a for a in args]
            getattr(target, name)(*args, **kwargs)


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


def _cached_render(page, original):
    def render(config, files) -> None:
        cache = _lrdoc_cache()
        if cache.root() is None:
            return original(config, files)
        if id(files) not in _site:
            _site.clear()
            _site[id(files)] = _site_key(config, files)
        key = cache.key("page", _site[id(files)], page.file.src_uri, page.markdown)
        name = "page-" + page.file.src_uri.replace("/", "-")
        recorder = _Recorder(config)
        found = cache.read("pages", name, key)
        if found is not None:
            facts = json.loads(found)
            page.content = facts["content"]
            page.toc = TableOfContents(_untoc(facts["toc"]))
            page._title_from_render = facts["title"]
            page.present_anchor_ids = set(facts["anchors"])
            page.links_to_anchors = {
                files.get_file_from_path(uri): links
                for uri, links in facts["links"].items()
            }
            recorder.replay(facts["calls"], page)
            return None
        warnings = _Warnings()
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            with recorder:
                original(config, files)
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)
        if warnings.count:
            return None
        facts = {
            "content": page.content,
            "toc": _toc(page.toc),
            "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": {f.src_uri: v for f, v in (page.links_to_anchors or {}).items()},
            "calls": recorder.calls,
        }
        try:
            payload = json.dumps(facts).encode()
        except TypeError:  # something unexpected was registered: do not cache it
            return None
        cache.write("pages", name, key, payload)
        return None

    return render


def on_page_markdown(markdown: str, page, config, files) -> str:
    if MARKER in markdown:
        links = "\n".join(
            f"- [`lrdoc.experiments.{name}`](experiments/{name}.md)"
            for name in modules(config["nav"])
        )
        markdown = markdown.replace(MARKER, links)
    page.render = _cached_render(page, page.render)
    return markdown


def _cache_search() -> None:
    """Keep each page's search entries (Material's search plugin parses every
    page's HTML in Python), keyed on the page's HTML, title, table of contents and
    metadata, and the plugin's settings and version."""
    try:
        from material.plugins.search.plugin import SearchIndex  # type: ignore[import-untyped]
    except ImportError:  # another theme: nothing to speed up
        return
    if getattr(SearchIndex.add_entry_from_context, "lrdoc_cached", False):
        return
    original = SearchIndex.add_entry_from_context

    def add_entry_from_context(self, page) -> None:
        cache = _lrdoc_cache()
        if cache.root() is None:
            return original(self, page)
        import importlib.metadata

        key = cache.key(
            "search",
            importlib.metadata.version("mkdocs-material"),
            repr(sorted(self.config.items())),
            page.url,
            page.title,
            repr(page.meta),
            page.content,
            _toc(page.toc),
        )
        name = "search-" + page.file.src_uri.replace("/", "-")
        found = cache.read("pages", name, key)
        if found is not None:
            self.entries.extend(json.loads(found))
            return None
        before = len(self.entries)
        original(self, page)
        try:
            payload = json.dumps(self.entries[before:]).encode()
        except TypeError:
            return None
        cache.write("pages", name, key, payload)
        return None

    add_entry_from_context.lrdoc_cached = True  # type: ignore[attr-defined]
    SearchIndex.add_entry_from_context = add_entry_from_context


def on_config(config):
    _cache_search()
    return config
