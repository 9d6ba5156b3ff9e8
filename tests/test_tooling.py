"""The repository's tooling: the workflows, the pull-request checklist, the one entry
point, and the ``new-page`` scaffold, whose result must pass every check at once."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, no_temporary

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CI_RUN = (ROOT / ".ci" / "run").read_text()


def _load_new_page():
    spec = importlib.util.spec_from_file_location(
        "new_page", ROOT / ".ci" / "new_page.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


new_page = _load_new_page()


def _run(
    *command: str | Path, cwd: Path = ROOT, drop: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    """``command`` in ``cwd``, without the variables ``drop`` names (nor PYTHONPATH
    and VIRTUAL_ENV)."""
    left_out = {"PYTHONPATH", "VIRTUAL_ENV", *drop}
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def test_there_is_one_workflow_and_dependabot():
    assert [path.name for path in WORKFLOWS] == ["ci.yml"]
    dependabot = (ROOT / ".github" / "dependabot.yml").read_text()
    assert "package-ecosystem: github-actions" in dependabot
    assert "package-ecosystem: uv" in dependabot


def test_workflows_match_github_workflow_schema():
    done = _run(
        BIN / "check-jsonschema",
        "--builtin-schema",
        "vendor.github-workflows",
        *WORKFLOWS,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_have_no_zizmor_finding():
    done = _run(
        BIN / "zizmor", "--offline", "--no-progress", ROOT / ".github" / "workflows"
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_ci_runs_the_readme_test_command_on_pull_requests_and_pushes():
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert "pull_request:" in ci and "push:" in ci
    assert "run: bash .ci/run" in ci
    readme = (ROOT / "README.md").read_text()
    assert "python3 .ci/dev.py test" in readme
    assert "python3 .ci/dev.py test" in CI_RUN


def test_pages_deploy_from_main_only_after_every_check_passed():
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    deploy = ci[ci.index("  deploy:") :]
    assert "needs: check" in deploy and "refs/heads/main" in deploy
    assert "actions/deploy-pages@" in deploy
    assert "actions/upload-pages-artifact@" in ci
    assert "persist-credentials: false" in ci


def test_pull_requests_get_the_built_site_as_an_artifact():
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    preview = ci[ci.index("actions/upload-artifact@") :]
    assert "name: site-preview" in preview and "path: site" in preview
    assert "if: github.event_name == 'pull_request'" in ci


def test_pull_request_checklist_names_every_ci_step():
    steps = re.findall(r'^step "([^"]+)"', CI_RUN, flags=re.MULTILINE)
    assert len(steps) >= 9
    template = (ROOT / ".github" / "pull_request_template.md").read_text()
    for name in steps:
        command = re.search(r"\((.+)\)", name)
        assert command, f".ci/run step {name!r} does not name its command"
        tool = command.group(1).split()[0]
        assert tool in template, f"the pull-request checklist does not mention {tool}"


def test_dev_py_without_a_task_prints_its_usage():
    done = _run(sys.executable, ROOT / ".ci" / "dev.py")
    assert done.returncode == 2
    assert "new-page SLUG" in done.stdout


@pytest.mark.parametrize("slug", ["Bad", "1st", "with-hyphen", "", "a b"])
def test_new_page_rejects_a_slug_that_is_not_a_module_name(slug, tmp_path):
    with pytest.raises(SystemExit, match="SLUG must be"):
        new_page.scaffold(slug, "Title", root=tmp_path)


def test_new_page_rejects_an_empty_title(tmp_path):
    with pytest.raises(SystemExit, match="Title must be"):
        new_page.scaffold("ok", " ", root=tmp_path)


def test_new_page_templates_are_files_and_fill_in(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(NAV)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(f"# Home\n\n{new_page.MARKER}\n")
    written = new_page.scaffold("demo", "A demo", root=tmp_path)
    for path in written:
        text = path.read_text()
        assert "{slug}" not in text and "{title}" not in text, path
    assert "from lrdoc.experiments import demo" in written[2].read_text()
    assert not (tmp_path / "lrdoc" / "figures" / "__init__.py").exists()  # found


def test_a_figure_that_trains_is_a_lint_error(tmp_path):
    shutil.copytree(
        ROOT / "lrdoc", tmp_path / "lrdoc", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for package in ("tests", "tools"):  # import-linter's other root packages
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "lrdoc" / "figures" / "trains.py").write_text(
        '"""A figure that trains its own model."""\n\nfrom lrdoc import training\n'
    )
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    done = subprocess.run(
        [BIN / "lint-imports", "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stdout
    assert "lrdoc.figures.trains -> lrdoc.training" in done.stdout, done.stdout


NAV = """site_name: x
nav:
  - Home: index.md
  - Articles:
      - "A": articles/a.md
  - Glossary: glossary.md

hooks: []
"""


def test_nav_gets_a_guides_section_after_the_articles(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text(NAV)
    new_page._add_to_nav(path, 'Say "hi"', "guides/hi.md")
    new_page._add_to_nav(path, "Two", "guides/two.md")
    assert path.read_text() == NAV.replace(
        "  - Glossary",
        '  - Guides:\n      - "Say \\"hi\\"": guides/hi.md\n'
        '      - "Two": guides/two.md\n  - Glossary',
    )


def test_home_page_without_the_marker_is_an_error(tmp_path):
    path = tmp_path / "index.md"
    path.write_text("# Home\n")
    with pytest.raises(SystemExit, match="new pages above this line"):
        new_page._add_to_home(path, "T", "guides/t.md")


def test_home_page_has_the_marker():
    assert new_page.MARKER in (ROOT / "docs" / "index.md").read_text()


def _copy_of_the_repository(target: Path) -> Path:
    """The working tree as it is (tracked and untracked, not ignored) in ``target``."""
    listed = _run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    assert listed.returncode == 0, listed.stderr
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.mark.slow
@pytest.mark.scaffold
def test_a_scaffolded_page_passes_every_check(tmp_path):
    """``new-page`` in a copy of the repository, then every check that concerns the
    new page there: lint, types and layers, its examples and its page check, and a
    strict build of the site with its figure (the rest of the suite ran already on
    the unchanged files: this test does not run it again)."""
    from lrdoc import _cache

    copy = _copy_of_the_repository(tmp_path / "repo")
    cache = _cache.root()
    if cache is not None and cache.is_dir():  # the other pages' results and figures
        shutil.copytree(cache, copy / ".cache", ignore=no_temporary)
    done = _run(
        sys.executable, ".ci/dev.py", "new-page", "demo_page", "A demo page", cwd=copy
    )
    assert done.returncode == 0, done.stdout + done.stderr
    written = [
        "docs/guides/demo_page.md",
        "lrdoc/experiments/demo_page.py",
        "lrdoc/figures/demo_page.py",
    ]
    pytest_ = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:randomly"]
    checks = {
        "ruff check": [BIN / "ruff", "check", "."],
        "ruff format": [BIN / "ruff", "format", "--check", *written[1:]],
        "mypy": [BIN / "mypy", "--follow-imports=silent", *written[1:]],
        "lint-imports": [BIN / "lint-imports", "--no-cache"],
        "the new page's examples and page check": [
            *pytest_,
            "-p",
            "no:cacheprovider",
            *written,
            "tests/test_pages.py",
            "-k",
            "demo_page",
        ],
        "strict build": [
            sys.executable,
            "-m",
            "properdocs",
            "build",
            "--strict",
            "-f",
            "mkdocs.yml",
            "-d",
            "site",
        ],
    }
    failures = []
    for name, command in checks.items():
        result = _run(*command, cwd=copy, drop=("LRDOC_CACHE",))  # the copy's cache
        if result.returncode != 0:
            failures.append(f"{name}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
        if name.startswith("the new page's"):  # they exist in the copy only
            assert re.search(r"\b[1-9]\d* passed", result.stdout), result.stdout
    assert not failures, "\n\n".join(failures)
    assert (copy / "site" / "figures" / "demo-page-descent-dark.svg").is_file()
    assert (copy / "site" / "guides" / "demo_page" / "index.html").is_file()


def _strict_build_step() -> list[str]:
    """The command of .ci/run's strict build step, as it runs there."""
    line = re.search(r'^step "strict build[^"]*" (.+)$', CI_RUN, flags=re.MULTILINE)
    assert line, "no strict build step in .ci/run"
    return [part.replace("${bin}", str(BIN)) for part in shlex.split(line.group(1))]


@pytest.mark.parametrize("warnings", [0, 1])
def test_the_strict_build_step_fails_on_one_warning(tmp_path, warnings):
    """``build --strict -q`` counts no warning (mkdocs#4126, ProperDocs too): the step must fail
    on a site with exactly one."""
    (tmp_path / "docs").mkdir()
    link = "[a missing page](missing.md)" if warnings else "no link"
    (tmp_path / "docs" / "index.md").write_text(f"# One page\n\n{link}\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: s\ntheme:\n  name: material\n")
    done = _run(*_strict_build_step(), cwd=tmp_path)
    assert (done.returncode != 0) == bool(warnings), done.stdout + done.stderr
    if warnings:
        assert "missing.md" in done.stderr
