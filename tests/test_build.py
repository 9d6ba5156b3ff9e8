"""The build: figures come from lrdoc at build time, reproducibly, and only the
figures whose code changed are redrawn."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, build

DOCS = ROOT / "docs"


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


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


def test_two_builds_produce_identical_files(built_site, tmp_path):
    again = tmp_path / "again"
    done = build(again)
    assert done.returncode == 0, done.stderr
    first, second = _tree(built_site), _tree(again)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_a_figure_drawn_in_a_fresh_process_is_byte_identical(built_site):
    code = (
        "import sys; from lrdoc import figures; "
        "sys.stdout.buffer.write(figures.render('deeplizard-step-size', 'dark'))"
    )
    fresh = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert fresh.returncode == 0, fresh.stderr
    assert (
        fresh.stdout
        == (built_site / "figures" / "deeplizard-step-size-dark.svg").read_bytes()
    )


MINIMAL_CONFIG = """site_name: scratch
docs_dir: docs
hooks: [docs/hooks/figures.py]
exclude_docs: hooks/
"""


def _scratch_project(tmp_path: Path) -> Path:
    """A copy of lrdoc and the hook with a one-page site, for editing safely."""
    project = tmp_path / "project"
    shutil.copytree(
        ROOT / "lrdoc", project / "lrdoc", ignore=shutil.ignore_patterns("__pycache__")
    )
    (project / "docs" / "hooks").mkdir(parents=True)
    shutil.copy(DOCS / "hooks" / "figures.py", project / "docs" / "hooks")
    (project / "docs" / "index.md").write_text(
        "# Scratch\n\n![Sweep](figures/mcvp-rate-sweep.svg)\n"
    )
    (project / "mkdocs.yml").write_text(MINIMAL_CONFIG)
    return project


def _drawn(log: str) -> str:
    lines = [line for line in log.splitlines() if "lrdoc: drawing" in line]
    return lines[0].split("figure(s): ", 1)[1] if lines else ""


def test_only_the_edited_figure_is_redrawn_and_a_broken_one_is_named(tmp_path):
    project = _scratch_project(tmp_path)
    cache = {"LRDOC_FIGURE_CACHE": str(tmp_path / "cache")}
    # Start from the project's own cache: nothing has changed, so nothing is drawn.
    shutil.copytree(ROOT / ".cache" / "figures", tmp_path / "cache", dirs_exist_ok=True)
    first = build(tmp_path / "site1", cwd=project, env=cache)
    assert first.returncode == 0, first.stderr
    assert _drawn(first.stderr) == ""

    module = project / "lrdoc" / "figures" / "mcvp.py"
    source = module.read_text()
    edited = source.replace(
        '    """Loss after 1000 epochs against the learning rate, with the stability bound."""',
        '    """Loss after 1000 epochs against the learning rate, with the stability bound."""\n'
        "    # an edit to this figure alone",
    )
    assert edited != source
    module.write_text(edited)
    second = build(tmp_path / "site2", cwd=project, env=cache)
    assert second.returncode == 0, second.stderr
    assert _drawn(second.stderr) == "mcvp-rate-sweep (light), mcvp-rate-sweep (dark)"

    module.write_text(
        edited
        + '\n\n@figure("mcvp-broken")\ndef broken() -> Figure:\n    return 1 / 0\n'
    )
    third = build(tmp_path / "site3", cwd=project, env=cache)
    assert third.returncode != 0
    assert (
        "figure 'mcvp-broken' (light) failed to render in lrdoc.figures.mcvp"
        in third.stderr
    )
    assert "ZeroDivisionError" in third.stderr


def test_the_cache_lives_outside_docs_and_is_rebuilt_when_missing(built_site):
    # The session's build started from whatever cache there was; a clean clone has
    # none, and CI's first build draws every figure into a new one.
    from docs.hooks import figures as hook

    assert DOCS not in hook.CACHE.parents
    assert ".cache/" in (ROOT / ".gitignore").read_text()
