#!/usr/bin/env python3
"""lrdoc's one entry point: set up the environment if needed, then run a task.

    python3 .ci/dev.py serve     # build the site and serve it on http://127.0.0.1:8000
    python3 .ci/dev.py test      # run every test (extra arguments go to pytest)
    python3 .ci/dev.py build     # mkdocs build --strict
    python3 .ci/dev.py update    # rewrite the expected outputs in docs/ (review the diff!)

The first run creates ``.venv`` beside this repository and installs the pinned
versions from ``requirements.lock``; later runs reinstall only when that file or
``pyproject.toml`` changes. Nothing needs to be activated.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".lrdoc-installed"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_environment() -> None:
    """Create .venv and install the locked dependencies, unless already done."""
    if sys.version_info < (3, 11):  # noqa: UP036 (dev.py may run under an older python3)
        sys.exit(f"lrdoc needs Python 3.11 or newer, this is {sys.version.split()[0]}")
    if not (BIN / "python").exists():
        print("lrdoc: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("lrdoc: installing the locked dependencies into .venv", flush=True)
    pip = [
        str(BIN / "python"),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    subprocess.run([*pip, "-r", str(LOCK)], check=True, cwd=ROOT)
    STAMP.write_text(wanted)


def run(*command: str) -> int:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("VIRTUAL_ENV", None)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return subprocess.call(list(command), cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"serve", "test", "build", "update"}:
        print(__doc__)
        return 2
    task, rest = argv[0], argv[1:]
    ensure_environment()
    python = str(BIN / "python")
    if task == "serve":
        return run(python, "-m", "mkdocs", "serve", *rest)
    if task == "build":
        return run(python, "-m", "mkdocs", "build", "--strict", *rest)
    if task == "update":
        return run(python, "-m", "tests.update_outputs", *rest)
    return run(python, "-m", "pytest", *rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
