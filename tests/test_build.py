"""The build: figures come from lrdoc at build time, reproducibly; the figure cache
is keyed on every input, verified before use and safe to delete; a failing figure
is named with its file.

Fast tests share one build (``built_site``, from the project's cache). Tests that
build from an empty cache or in a scratch project are marked ``slow``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, build, no_temporary
from tools import pagecheck

DOCS = ROOT / "docs"


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _drawn(log: str) -> str:
    lines = [line for line in log.splitlines() if "lrdoc: drawing" in line]
    return lines[0].split("figure(s): ", 1)[1] if lines else ""


def _hook():
    from docs.hooks import figures as hook

    return hook


# ---------------------------------------------------------------- fast checks


def test_every_figure_is_in_the_site_in_both_variants(built_site):
    from lrdoc import figures

    for name in figures.load():
        for suffix in ("", "-dark"):
            svg = built_site / "figures" / f"{name}{suffix}.svg"
            assert svg.read_bytes().startswith(b"<?xml"), svg


def test_no_generated_file_is_in_docs(built_site):
    assert not list(DOCS.rglob("*.svg")) and not list(DOCS.rglob("*.png"))
    tracked = subprocess.run(
        ["git", "ls-files", "*.svg", "*.png"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    assert tracked == []


def test_no_built_page_has_a_heading_inside_code(built_site):
    problems = []
    for page in sorted(DOCS.rglob("*.md")):
        relative = page.relative_to(DOCS).with_suffix("")
        folder = relative.parent if relative.name == "index" else relative
        html = (built_site / folder / "index.html").read_text()
        article = re.search(r"<article\b.*?</article>", html, re.DOTALL)
        assert article, page
        problems += pagecheck.rendered_heading_problems(
            page.relative_to(ROOT), rendered=article.group(0)
        )
    assert problems == []


def test_the_sitemap_timestamp_is_the_source_date_not_the_build_day(built_site):
    # The hook's own rule: $SOURCE_DATE_EPOCH, else the last commit, else 0 (a copy
    # of the sources outside git, as in the scaffold test).
    stamp = os.environ.get("SOURCE_DATE_EPOCH") or _hook()._source_date()
    day = int(stamp) // 86400 * 86400  # mkdocs dates pages by day
    header = (built_site / "sitemap.xml.gz").read_bytes()[:10]
    assert struct.unpack("<I", header[4:8])[0] == day


def test_the_cache_lives_outside_docs_and_git_ignores_it():
    from lrdoc import _cache

    assert DOCS not in _cache.root().parents
    assert ".cache/" in (ROOT / ".gitignore").read_text()


def _copy_package(tmp_path: Path) -> Path:
    return Path(
        shutil.copytree(
            ROOT / "lrdoc",
            tmp_path / "lrdoc",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    )


def test_a_figure_key_follows_its_result_its_module_and_the_settings(
    tmp_path, monkeypatch
):
    from lrdoc import _cache, figures

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MATPLOTLIBRC", raising=False)
    snapshot = _cache.sources()
    keys, results = figures.keys(snapshot)
    every = {name for name, _ in keys}

    def changed(after: dict) -> set[str]:
        return {name for (name, v), key in after.items() if keys[(name, v)] != key}

    # The result it draws: the same code, another result, another key.
    spec = figures.REGISTRY["gad-rate-sweep"]
    monkeypatch.setitem(
        figures.REGISTRY, "gad-rate-sweep", dataclasses.replace(spec, data=lambda: 1)
    )
    assert changed(figures.keys(snapshot)[0]) == {"gad-rate-sweep"}
    monkeypatch.setitem(figures.REGISTRY, "gad-rate-sweep", spec)

    # Its own module, not another figure module; every figure for the engine.
    edited = dict(snapshot, **{"figures/gad.py": "edited"})
    gad = {n for n, s in figures.REGISTRY.items() if s.module.endswith(".gad")}
    assert changed(figures.keys(edited)[0]) == gad
    edited = dict(snapshot, **{"datafiles/iris.csv": "edited"})
    assert changed(figures.keys(edited)[0]) == every
    # Its page's experiments, not another page's; a new page's, none.
    edited = dict(snapshot, **{"experiments/gad.py": "edited"})
    assert changed(figures.keys(edited)[0]) == gad
    edited = dict(snapshot, **{"experiments/new_page.py": "added"})
    assert changed(figures.keys(edited)[0]) == set()
    edited = dict(snapshot, **{"experiments/_store.py": "edited"})
    assert changed(figures.keys(edited)[0]) == every

    # The matplotlibrc in force, and the versions of matplotlib and numpy.
    (tmp_path / "matplotlibrc").write_text("lines.linewidth: 3\n")
    assert changed(figures.keys(snapshot)[0]) == every
    (tmp_path / "matplotlibrc").unlink()
    monkeypatch.setitem(_cache.machine(), "numpy", "0.0")
    assert changed(figures.keys(snapshot)[0]) == every


# ------------------------------------------------------------- slow: builds


LATER = """
import datetime, sys, time

shift = {shift}
now = time.time
time.time = lambda: now() + shift  # gzip's timestamp, and every clock below
time.time_ns = lambda: int(time.time() * 1e9)
gmtime, localtime = time.gmtime, time.localtime
time.gmtime = lambda s=None: gmtime(time.time() if s is None else s)
time.localtime = lambda s=None: localtime(time.time() if s is None else s)


class Later(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.datetime.fromtimestamp(time.time(), tz)

    @classmethod
    def utcnow(cls):
        return datetime.datetime.fromtimestamp(time.time(), datetime.UTC)

    @classmethod
    def today(cls):
        return cls.now()


datetime.datetime = Later
from properdocs.__main__ import cli

sys.exit(cli())
"""


def _cold_build(target: Path, cache: Path, days: int) -> subprocess.CompletedProcess:
    """A build from empty caches with every clock ``days`` ahead (in Python, so it
    needs no faketime)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", LRDOC_CACHE=str(cache))
    env.pop("SOURCE_DATE_EPOCH", None)
    code = LATER.format(shift=days * 86400)
    return subprocess.run(
        [sys.executable, "-c", code, "build", "--strict", "-f", "mkdocs.yml"]
        + ["-d", str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_a_cold_build_on_another_day_is_identical(built_site, tmp_path):
    """A build ten years on, from empty figure and experiment caches, is byte for
    byte the session's build (made today, from whatever the caches held)."""
    later = _cold_build(tmp_path / "site", tmp_path / "cache", days=3653)
    assert later.returncode == 0, later.stderr
    assert len(_drawn(later.stderr).split(", ")) == 2 * len(_hook_figures())
    a, b = _tree(built_site), _tree(tmp_path / "site")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_the_later_clock_is_later():
    code = LATER.replace("from properdocs.__main__ import cli", "").replace(
        "sys.exit(cli())", "print(datetime.datetime.now().year, time.gmtime().tm_year)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code.format(shift=3653 * 86400)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    year = __import__("datetime").datetime.now().year
    assert done.stdout.split() == [str(year + 10)] * 2


def _hook_figures() -> dict:
    from lrdoc import figures

    return figures.load()


@pytest.mark.slow
def test_a_missing_damaged_or_swapped_figure_entry_is_drawn_again(built_site, tmp_path):
    from lrdoc import _cache, figures

    cache = tmp_path / "cache"  # the session's whole cache: results, pages, figures
    shutil.copytree(_cache.root(), cache, ignore=no_temporary)
    entries = {
        f"{name}-{variant}": cache / "figures" / f"{name}-{variant}-{key[:20]}.entry"
        for (name, variant), key in figures.keys()[0].items()
    }
    entries["deeplizard-step-size-light"].unlink()  # missing
    dark = entries["deeplizard-step-size-dark"]
    dark.write_bytes(dark.read_bytes()[:-100])  # truncated
    one, two = entries["gad-rate-sweep-light"], entries["mcvp-rate-sweep-light"]
    swap = tmp_path / "swap"
    one.rename(swap), two.rename(one), swap.rename(two)  # two whole entries swapped
    done = build(tmp_path / "site", env={"LRDOC_CACHE": str(cache)})
    assert done.returncode == 0, done.stderr
    assert set(_drawn(done.stderr).split(", ")) == {
        "deeplizard-step-size (light)",
        "deeplizard-step-size (dark)",
        "gad-rate-sweep (light)",
        "mcvp-rate-sweep (light)",
    }
    assert _tree(tmp_path / "site") == _tree(built_site)


MINIMAL_CONFIG = """site_name: scratch
docs_dir: docs
theme:
  name: material
hooks: [docs/hooks/figures.py]
exclude_docs: hooks/
"""

READS_DATA = '''"""Scratch figures that read a data file."""
from matplotlib.figure import Figure

from lrdoc import data
from lrdoc.figures import figure
from lrdoc.figures.style import new_figure


def first_column():
    {setup}
    return data.iris()[0][:5, 0]


@figure("scratch-iris", data=first_column)
def iris(column) -> Figure:
    fig, ax = new_figure(width=2, height=2)
    ax.plot(column)
    {draw}
    return fig
'''

PLAIN = '''"""Scratch figures that read no data file."""
from matplotlib.figure import Figure

from lrdoc.figures import figure
from lrdoc.figures.style import new_figure

from .scratch_helper import SLOPE


@figure("scratch-line", data=lambda: [0.0, SLOPE])
def line(ys) -> Figure:
    fig, ax = new_figure(width=2, height=2)
    ax.plot(ys)
    return fig
'''


def _scratch_project(tmp_path: Path, setup: str = "pass", draw: str = "") -> Path:
    """A copy of lrdoc whose only figures are two small scratch ones, the hook and
    a one-page site, for editing safely."""
    project = tmp_path / "project"
    package = _copy_package(project)
    figures = package / "figures"
    for module in figures.glob("*.py"):
        if module.stem not in ("__init__", "style"):
            module.unlink()  # figure modules are found: only the scratch ones remain
    (figures / "scratch_data.py").write_text(READS_DATA.format(setup=setup, draw=draw))
    (figures / "scratch_plain.py").write_text(PLAIN)
    (figures / "scratch_helper.py").write_text("SLOPE = 1.0\n")
    (project / "docs" / "hooks").mkdir(parents=True)
    shutil.copy(DOCS / "hooks" / "figures.py", project / "docs" / "hooks")
    (project / "docs" / "index.md").write_text(
        "# Scratch\n\n![Iris](figures/scratch-iris.svg)\n"
    )
    (project / "mkdocs.yml").write_text(MINIMAL_CONFIG)
    return project


@pytest.mark.slow
def test_only_the_figures_of_an_edited_figure_module_are_redrawn(tmp_path):
    project = _scratch_project(tmp_path)
    cache = {"LRDOC_CACHE": str(tmp_path / "cache")}
    first = build(tmp_path / "site1", cwd=project, env=cache)
    assert first.returncode == 0, first.stderr
    assert len(_drawn(first.stderr).split(", ")) == 4  # a cold cache: all of them

    again = build(tmp_path / "site2", cwd=project, env=cache)
    assert again.returncode == 0, again.stderr
    assert _drawn(again.stderr) == ""

    with open(project / "lrdoc" / "figures" / "scratch_plain.py", "a") as module:
        module.write("# edited\n")
    edited = build(tmp_path / "site3", cwd=project, env=cache)
    assert edited.returncode == 0, edited.stderr
    assert _drawn(edited.stderr) == "scratch-line (light), scratch-line (dark)"


@pytest.mark.slow
def test_deleting_the_cache_during_a_build_does_not_break_it(tmp_path):
    # The figure's experiment deletes the whole cache folder while the build runs.
    cache = tmp_path / "cache"
    project = _scratch_project(
        tmp_path, setup=f"import shutil; shutil.rmtree({str(cache)!r}, True)"
    )
    (cache / "figures").mkdir(parents=True)
    done = build(
        tmp_path / "site",
        cwd=project,
        env={"LRDOC_CACHE": str(cache)},
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "figures" / "scratch-iris-dark.svg").is_file()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("draw", "error"),
    [
        ("1 / 0", "ZeroDivisionError: division by zero"),
        ("import sys; sys.exit(3)", "SystemExit: 3"),
        ("import os; os._exit(3)", "ended its process while rendering"),
        ("def broken(:", "SyntaxError: invalid syntax"),
    ],
    ids=["raises", "sys.exit", "os._exit", "syntax-error"],
)
def test_a_failing_figure_fails_the_build_naming_the_figure_and_file(
    tmp_path, draw, error
):
    project = _scratch_project(tmp_path, draw=draw)
    done = build(
        tmp_path / "site",
        cwd=project,
        env={"LRDOC_CACHE": str(tmp_path / "cache")},
    )
    assert done.returncode == 1, done.stderr
    assert error in done.stderr, done.stderr
    assert "scratch-iris" in done.stderr
    assert "lrdoc/figures/scratch_data.py" in done.stderr


@pytest.mark.slow
def test_an_unusable_cache_folder_costs_a_redraw_and_one_line(tmp_path):
    project = _scratch_project(tmp_path)
    in_the_way = tmp_path / "in-the-way"
    in_the_way.write_text("a file where the cache folder should be")
    done = build(tmp_path / "site", cwd=project, env={"LRDOC_CACHE": str(in_the_way)})
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("lrdoc: cache folder") == 1, done.stderr
    assert (tmp_path / "site" / "figures" / "scratch-iris-dark.svg").is_file()


def test_docstring_cross_references_are_links(built_site):
    """``:func:`…``` and friends in docstrings link to the object's entry."""
    pages = {p: p.read_text() for p in (built_site / "reference").rglob("index.html")}
    ids = {i for html in pages.values() for i in re.findall(r'id="([^"]+)"', html)}
    html = pages[built_site / "reference" / "training" / "index.html"]
    links = re.findall(
        r'<a class="autorefs autorefs-internal"[^>]*href="[^"]*#(lrdoc\.[\w.]+)"', html
    )
    assert len(links) >= 10 and "lrdoc.training.Sweep" in links, links
    assert set(links) <= ids


def test_edit_links_come_from_the_repository_address(monkeypatch):
    hook = _hook()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    monkeypatch.setenv("LRDOC_REPO_URL", "https://github.com/OWNER/lrdoc/")
    config = hook.on_config({})
    assert config == {
        "repo_url": "https://github.com/OWNER/lrdoc",
        "edit_uri": "edit/main/docs/",
    }
    monkeypatch.delenv("LRDOC_REPO_URL")
    assert hook.on_config({}) == {}  # no address, no link
    assert "- content.action.edit" in (ROOT / "mkdocs.yml").read_text()


def test_the_page_cache_key_ignores_files_the_site_leaves_out():
    """A file exclude_docs leaves out (the __pycache__ that docs/hooks/ gains once
    a test imports a hook) does not make the next build render every page again."""
    import types

    from mkdocs.structure.files import File, InclusionLevel

    from docs.hooks import reference

    config = types.SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"))
    page = File("index.md", "docs", "site", True)
    pyc = File(
        "hooks/__pycache__/site.cpython-311.pyc",
        "docs",
        "site",
        True,
        inclusion=InclusionLevel.EXCLUDED,
    )
    other = File("other.md", "docs", "site", True)
    key = reference._site_key(config, [page])
    assert reference._site_key(config, [page, pyc]) == key
    assert reference._site_key(config, [page, other]) != key
