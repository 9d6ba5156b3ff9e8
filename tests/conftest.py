"""Shared fixtures: one strict build of the whole site per test session."""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def build(
    target: Path, cwd: Path = ROOT, env: dict | None = None
) -> subprocess.CompletedProcess:
    """``properdocs build --strict`` into ``target``; returns the finished process."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # reuse the build's bytecode
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"]
        + ["-d", str(target)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
    )


def session_build(tmp_path_factory, worker_id) -> tuple[Path, int, str]:
    """The session's strict build: (folder, exit status, log). One per test run,
    shared by every xdist worker: the first worker to get here builds, the others
    wait for it and read the same folder."""
    if worker_id == "master":  # not under xdist
        shared = tmp_path_factory.getbasetemp()
    else:
        shared = tmp_path_factory.getbasetemp().parent
    target, log = shared / "site", shared / "site.log"
    with _lock(shared / "site.lock"):
        if not log.exists():
            done = build(target)
            log.write_text(f"{done.returncode}\n{done.stdout}{done.stderr}")
    status, _, output = log.read_text().partition("\n")
    return target, int(status), output


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id) -> Path:
    """The session's strict build. If it failed, the tests that read it are skipped
    and ``tests/test_site_builds.py`` reports the failure, once."""
    target, status, _ = session_build(tmp_path_factory, worker_id)
    if status != 0:
        pytest.skip("the strict build failed: see test_the_strict_build_passes")
    return target


def no_temporary(folder: str, names: list[str]) -> list[str]:
    """``shutil.copytree``'s ``ignore``: leave out a cache entry still being written
    (``lrdoc._cache`` writes a temporary file, then renames it)."""
    return [name for name in names if name.endswith(".tmp")]


@contextlib.contextmanager
def _lock(path: Path):
    """An exclusive lock on ``path`` between processes (POSIX ``flock``; elsewhere,
    a file created exclusively and polled)."""
    try:
        import fcntl
    except ImportError:  # Windows
        while True:
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                break
            except FileExistsError:
                time.sleep(0.2)
        try:
            yield
        finally:
            os.close(fd)
            path.unlink(missing_ok=True)
        return
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
"""Debian's chromium: the browser tests never download one."""

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def require_browser(*modules: str) -> None:
    """Skip (fail under ``CI=true``, which installs chromium) unless Debian's
    chromium and the named Python modules are there."""
    problem = None
    if not Path(CHROMIUM).exists():
        problem = "Debian's chromium is not installed (apt-get install chromium)"
    else:
        for module in modules:
            try:
                importlib.import_module(module)
            except ImportError:
                problem = f"{module} is not installed"
                break
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{problem}; under CI the browser test must run")
        pytest.skip(problem)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server that logs nothing."""

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path, handler: type = QuietHandler) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yields the base URL."""
    bound = functools.partial(handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), bound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
