"""Shared fixtures: one strict build of the whole site per test session."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def build(
    target: Path, cwd: Path = ROOT, env: dict | None = None
) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` into ``target``; returns the finished process."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # reuse the build's bytecode
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(target)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id) -> Path:
    """One strict build per test run, shared by every xdist worker: the first
    worker to get here builds, the others wait for it and read the same folder."""
    if worker_id == "master":  # not under xdist
        target = tmp_path_factory.mktemp("site")
        done = build(target)
        assert done.returncode == 0, done.stdout + done.stderr
        return target
    shared = tmp_path_factory.getbasetemp().parent
    target, log = shared / "site", shared / "site.log"
    with _lock(shared / "site.lock"):
        if not log.exists():
            done = build(target)
            log.write_text(f"{done.returncode}\n{done.stdout}{done.stderr}")
    status, _, output = log.read_text().partition("\n")
    assert status == "0", output
    return target


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
