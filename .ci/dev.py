#!/usr/bin/env python3
"""lrdoc's one entry point for people without uv: get uv, sync, run a task.

    python3 .ci/dev.py serve                  # serve the site on http://127.0.0.1:8000
    python3 .ci/dev.py test                   # run every test (extra arguments go to pytest)
    python3 .ci/dev.py quick                  # every page's examples and page check (~5 s)
    python3 .ci/dev.py check PAGE.md ...      # one page's examples and page check (~2 s)
    python3 .ci/dev.py build                  # properdocs build --strict
    python3 .ci/dev.py update                 # rewrite stale outputs in docs/ (review the diff!)
    python3 .ci/dev.py new-page SLUG "Title"  # scaffold a new page (see docs/contributing.md)
    python3 .ci/dev.py sync                   # only set up .venv (uv sync --locked)
    python3 .ci/dev.py uv ARGS...             # run uv (the bootstrapped one if needed)

With uv installed, the same tasks are ``uv run properdocs serve``, ``uv run pytest``, ...

The first run finds ``uv`` (on PATH, or installs it with pip into a private folder,
``~/.cache/lrdoc/uv-VERSION``), then runs ``uv sync --locked``: ``.venv`` gets
exactly the versions in ``uv.lock``, lrdoc installed in it (editable), and nothing
else. Later runs skip the sync until ``uv.lock`` or ``pyproject.toml`` changes.
Nothing needs to be activated; activate ``.venv`` to run ``pytest`` or ``properdocs``
directly.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".lrdoc-synced"
UV_VERSION = "0.13.9"  # the uv that the bootstrap installs when none is on PATH
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lrdoc"
TASKS = ("serve", "test", "quick", "check", "build", "update", "new-page", "sync", "uv")
FAST = (
    "-n",
    "0",
    "-q",
    "-p",
    "no:playwright",
    "-p",
    "no:randomly",
    "-p",
    "no:hypothesispytest",
)
"""One process, no browser, pages in order: pytest's start-up is most of the time."""
QUICK = (
    *FAST,
    "docs",
    "lrdoc",
    "--ignore=lrdoc/figures",
    "tests/test_pages.py",
    "tests/test_layers.py",
)
"""The quick loop: every page's and the engine's examples, every page check (nav,
Source box, prose numbers, fences, headings, figures: ``tests/test_pages.py``) and
the import contracts (a figure that trains: ``tests/test_layers.py``)."""


def _say(message: str) -> None:
    print(f"lrdoc: {message}", flush=True)


def find_uv() -> str:
    """The path of a ``uv`` executable: the one on PATH, or a private one."""
    found = shutil.which("uv")
    if found:
        return found
    private = CACHE / f"uv-{UV_VERSION}"
    uv = private / "bin" / ("uv.exe" if os.name == "nt" else "uv")
    if not uv.exists():
        _say(f"uv is not on PATH; installing uv {UV_VERSION} into {private}")
        pip = [sys.executable, "-m", "pip", "install", "--quiet"]
        options = ["--disable-pip-version-check", "--target", str(private)]
        subprocess.run([*pip, *options, f"uv=={UV_VERSION}"], check=True)
    return str(uv)


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("uv.lock", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.executable.encode())
    return digest.hexdigest()


def _uv_env() -> dict[str, str]:
    """uv uses this python3 and never downloads an interpreter."""
    env = dict(os.environ, UV_PYTHON=sys.executable, UV_PYTHON_DOWNLOADS="never")
    env.pop("VIRTUAL_ENV", None)
    return env


def ensure_environment() -> None:
    """``uv sync --locked`` into ``.venv``, unless the lock has not changed since."""
    if sys.version_info < (3, 11):  # noqa: UP036 (python3 may be older than lrdoc)
        sys.exit(f"lrdoc needs Python 3.11 or newer, this is {sys.version.split()[0]}")
    wanted = _fingerprint()
    if (BIN / "python").exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    _say("uv sync --locked (installs uv.lock's versions into .venv)")
    env = _uv_env()
    done = subprocess.run([find_uv(), "sync", "--locked", "--quiet"], cwd=ROOT, env=env)
    if done.returncode != 0:
        _say(
            "uv sync --locked failed (uv says why above; a stale uv.lock: run uv lock)"
        )
        sys.exit(done.returncode)
    STAMP.write_text(wanted)


def run(*command: str) -> int:
    env = dict(os.environ, VIRTUAL_ENV=str(VENV))
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # keep lrdoc's bytecode between runs
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return subprocess.call(list(command), cwd=ROOT, env=env)


def check(python: str, argv: list[str]) -> int:
    """One page's examples and its page check (``tests/test_pages.py`` on that page
    only); a module's docstring examples and its docstring check. Options (``-x``,
    ``-k``) go to pytest."""
    paths = [a for a in argv if not a.startswith("-")]
    options = [a for a in argv if a.startswith("-")]
    if not paths:
        _say("check what? python3 .ci/dev.py check docs/guides/choosing.md")
        return 2
    missing = [p for p in paths if not (ROOT / p).exists()]
    if missing:
        _say(f"no such file: {', '.join(missing)} (paths are relative to {ROOT})")
        return 2
    os.environ["LRDOC_PAGES"] = " ".join(paths)
    checks = ["tests/test_pages.py"]
    if not any(p.endswith(".py") for p in paths):  # leave out the docstring check
        checks += ["-k", "not docstring"]
    elif not any(p.endswith(".md") for p in paths):  # only the docstring check
        checks += ["-k", "docstring or sybil"]
    return run(python, "-m", "pytest", *FAST, *paths, *checks, *options)


EVERY = ("-m", "not scaffold")
"""The README's test command runs every test but the scaffold rerun (see .ci/run)."""


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TASKS:
        print(__doc__)
        return 2
    task, rest = argv[0], argv[1:]
    if task == "new-page":  # plain text edits: needs no environment
        sys.path.insert(0, str(Path(__file__).parent))
        from new_page import main as new_page

        return new_page(rest)
    if task == "uv":
        return subprocess.call([find_uv(), *rest], cwd=ROOT, env=_uv_env())
    ensure_environment()
    if task == "sync":
        return 0
    python = str(BIN / "python")
    if task == "serve":
        return run(python, "-m", "properdocs", "serve", "-f", "mkdocs.yml", *rest)
    if task == "build":
        return run(
            python, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", *rest
        )
    if task == "quick":
        return run(python, "-m", "pytest", *QUICK, *rest)
    if task == "check":
        return check(python, rest)
    if task == "update":
        return run(python, "-m", "tools.update_outputs", *rest)
    # Every test: plain `pytest` leaves out the slow ones (cold builds, the browser);
    # this runs them too. `-m scaffold` (in .ci/run) reruns the suite in a new page.
    marks = [] if any(a == "-m" or a.startswith("-m") for a in rest) else EVERY
    return run(python, "-m", "pytest", *marks, *rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
