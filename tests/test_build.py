"""The build: figures come from lrdoc at build time, reproducibly; the figure cache
is keyed on every input, verified before use and safe to delete; a failing figure
is named with its file.

Fast tests share one build (``built_site``, from the project's cache). Tests that
build from an empty cache or in a scratch project are marked ``slow``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, build
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

    for name in figures.discover():
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
    assert DOCS not in _hook().CACHE.parents
    assert ".cache/" in (ROOT / ".gitignore").read_text()


def test_a_cache_entry_is_used_only_if_whole(tmp_path):
    hook = _hook()
    svg = b'<?xml version="1.0"?>\n<svg></svg>\n'
    entry = tmp_path / "deep" / "key.figure"
    hook._write_entry(entry, svg)
    assert hook._read_entry(entry) == svg
    assert hook._read_entry(tmp_path / "absent.figure") is None
    whole = entry.read_bytes()
    for damaged in (whole[:-5], b"garbage", whole.replace(b"<svg>", b"<svx>"), b""):
        entry.write_bytes(damaged)
        assert hook._read_entry(entry) is False, damaged
    shutil.rmtree(tmp_path / "deep")  # the cache deleted meanwhile: still stored
    hook._write_entry(entry, svg)
    assert hook._read_entry(entry) == svg


def _copy_package(tmp_path: Path) -> Path:
    return Path(
        shutil.copytree(
            ROOT / "lrdoc",
            tmp_path / "lrdoc",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    )


def _changed(before: dict, after: dict) -> set[str]:
    return {name for (name, _), key in after.items() if before[(name, _)] != key}


def test_the_figure_key_covers_data_files_relative_imports_and_settings(
    tmp_path, monkeypatch
):
    from lrdoc import figures

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MATPLOTLIBRC", raising=False)
    package = _copy_package(tmp_path)
    keys = figures.fingerprints(package)
    assert keys == figures.fingerprints()  # keyed on content, not on place

    # A data file: exactly the figures whose modules import a module that reads it.
    with open(package / "datafiles" / "iris.csv", "a") as csv:
        csv.write("5.0,3.0,1.5,0.2,0\n")
    readers = {
        name
        for name, (module, _) in figures.discover(package).items()
        if any(
            figures.data_files(m, package)
            for m in [module, *figures.dependencies(module, package)]
        )
    }
    assert _changed(keys, figures.fingerprints(package)) == readers
    assert readers and "gad-rate-sweep" not in readers
    keys = figures.fingerprints(package)

    # A module reached by a relative import.
    gad = package / "figures" / "gad.py"
    gad.write_text(gad.read_text() + "\nfrom . import helper  # noqa\n")
    (package / "figures" / "helper.py").write_text("SCALE = 1\n")
    keys = figures.fingerprints(package)
    (package / "figures" / "helper.py").write_text("SCALE = 2\n")
    assert _changed(keys, figures.fingerprints(package)) == {
        name for name, (m, _) in figures.discover(package).items() if m.endswith("gad")
    }

    # The matplotlibrc in force, in the working directory or from $MATPLOTLIBRC.
    every = {name for name, _ in keys}
    keys = figures.fingerprints(package)
    (tmp_path / "matplotlibrc").write_text("lines.linewidth: 3\n")
    assert _changed(keys, figures.fingerprints(package)) == every
    (tmp_path / "matplotlibrc").unlink()
    settings = tmp_path / "settings"
    settings.mkdir()
    (settings / "matplotlibrc").write_text("svg.fonttype: none\n")
    monkeypatch.setenv("MATPLOTLIBRC", str(settings))
    assert _changed(keys, figures.fingerprints(package)) == every
    monkeypatch.delenv("MATPLOTLIBRC")

    # The versions of numpy and matplotlib.
    monkeypatch.setattr(figures, "_version", lambda package: "0.0")
    assert _changed(keys, figures.fingerprints(package)) == every


# ------------------------------------------------------------- slow: builds


def _cold_build(target: Path, cache: Path, clock: str) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        LRDOC_FIGURE_CACHE=str(cache / "figures"),
        LRDOC_EXPERIMENT_CACHE=str(cache / "experiments"),
    )
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        ["faketime", clock, sys.executable, "-m", "mkdocs", "build", "--strict"]
        + ["-d", str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("faketime") is None, reason="needs faketime")
def test_a_cold_build_on_another_day_is_identical(built_site, tmp_path):
    """A build ten years on, from empty figure and experiment caches, is byte for
    byte the session's build (made today, from whatever the caches held)."""
    later = _cold_build(tmp_path / "site", tmp_path / "cache", "2036-11-12 23:59:00")
    assert later.returncode == 0, later.stderr
    assert len(_drawn(later.stderr).split(", ")) == 2 * len(_hook_figures())
    a, b = _tree(built_site), _tree(tmp_path / "site")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def _hook_figures() -> dict:
    from lrdoc import figures

    return figures.discover()


@pytest.mark.slow
def test_a_missing_or_damaged_cache_entry_is_drawn_again(built_site, tmp_path):
    from lrdoc import figures

    cache = tmp_path / "cache"
    shutil.copytree(_hook().CACHE, cache)
    keys = figures.fingerprints()
    light = cache / f"{keys[('deeplizard-step-size', 'light')]}.figure"
    dark = cache / f"{keys[('deeplizard-step-size', 'dark')]}.figure"
    light.unlink()  # missing
    dark.write_bytes(dark.read_bytes()[:-100])  # truncated
    done = build(tmp_path / "site", env={"LRDOC_FIGURE_CACHE": str(cache)})
    assert done.returncode == 0, done.stderr
    assert _drawn(done.stderr) == (
        "deeplizard-step-size (light), deeplizard-step-size (dark)"
    )
    assert "damaged cache entries, drawn again: deeplizard-step-size (dark)" in (
        done.stderr
    )
    assert _tree(tmp_path / "site") == _tree(built_site)
    assert _hook()._read_entry(light) and _hook()._read_entry(dark)


MINIMAL_CONFIG = """site_name: scratch
docs_dir: docs
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
    init = package / "figures" / "__init__.py"
    text = init.read_text()
    start = text.index("MODULES = (")
    end = text.index(")", start) + 1
    init.write_text(
        text[:start]
        + 'MODULES = ("lrdoc.figures.scratch_data", "lrdoc.figures.scratch_plain")'
        + text[end:]
    )
    figures = package / "figures"
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
def test_only_the_figures_that_read_an_edited_data_file_are_redrawn(tmp_path):
    project = _scratch_project(tmp_path)
    cache = {"LRDOC_FIGURE_CACHE": str(tmp_path / "cache" / "figures")}
    first = build(tmp_path / "site1", cwd=project, env=cache)
    assert first.returncode == 0, first.stderr
    assert len(_drawn(first.stderr).split(", ")) == 4  # a cold cache: all of them

    again = build(tmp_path / "site2", cwd=project, env=cache)
    assert again.returncode == 0, again.stderr
    assert _drawn(again.stderr) == ""

    with open(project / "lrdoc" / "datafiles" / "iris.csv", "a") as csv:
        csv.write("5.0,3.0,1.5,0.2,0\n")
    edited = build(tmp_path / "site3", cwd=project, env=cache)
    assert edited.returncode == 0, edited.stderr
    assert _drawn(edited.stderr) == "scratch-iris (light), scratch-iris (dark)"


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
        env={"LRDOC_FIGURE_CACHE": str(cache / "figures")},
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
        env={"LRDOC_FIGURE_CACHE": str(tmp_path / "cache")},
    )
    assert done.returncode == 1, done.stderr
    assert error in done.stderr, done.stderr
    assert "scratch-iris" in done.stderr
    assert "lrdoc/figures/scratch_data.py" in done.stderr
