"""The one cache (lrdoc._cache) fails safe: each way it was found to serve a wrong
result or to break a build now costs a recomputation, at most one line on stderr."""

from __future__ import annotations

import errno
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from lrdoc import _cache
from lrdoc.experiments import _store
from tests.conftest import ROOT


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("LRDOC_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_swapped_or_renamed_entry_is_never_served(cache):
    _cache.write("experiments", "a", "key-a", b"result a")
    _cache.write("experiments", "b", "key-b", b"result b")
    a, b = sorted((cache / "experiments").iterdir())
    swap = cache / "swap"
    a.rename(swap), b.rename(a), swap.rename(b)
    assert _cache.read("experiments", "a", "key-a") is None
    assert _cache.read("experiments", "b", "key-b") is None
    b.rename(cache / "experiments" / "renamed.entry")
    assert _cache.read("experiments", "a", "key-a") is None


def test_a_damaged_entry_is_never_served(cache):
    _cache.write("figures", "f", "k", b"<?xml ...>")
    (entry,) = (cache / "figures").iterdir()
    whole = entry.read_bytes()
    for damaged in (whole[:-3], whole.replace(b"xml", b"xmm"), b"", b"garbage\n\n"):
        entry.write_bytes(damaged)
        assert _cache.read("figures", "f", "k") is None, damaged


class _Planted:
    def __reduce__(self):
        return (os.system, ("touch planted-ran",))


def test_a_planted_file_runs_no_code(cache, tmp_path, monkeypatch):
    """Even a planted entry whose hash is right (anyone can compute a sha256) is
    never unpickled: results are .npz without pickle plus JSON."""
    monkeypatch.chdir(tmp_path)
    calls = []

    def answer():
        calls.append(1)
        return 42

    name = "lrdoc.experiments.planted.answer"
    key, _ = _store.key(name)
    for payload in (
        pickle.dumps(_Planted()),
        _npz(tree=np.array([b'{"array": 0}']), a0=np.array([_Planted()], dtype=object)),
        _npz(tree=np.frombuffer(b'{"dataclass": "os:system", "fields": {}}', "u1")),
    ):
        _cache.write("experiments", name, key, payload)
        payload = _cache.read("experiments", name, key)
        with pytest.raises((ValueError, TypeError, OSError)):
            _cache.decode(payload)
    assert not (tmp_path / "planted-ran").exists()


def _npz(**arrays) -> bytes:
    import io

    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def test_results_round_trip_without_pickle():
    from lrdoc.range_test import Suggestion  # noqa: F401 (a dataclass of lrdoc)

    value = {"a": (1, -0.0, float("nan"), None, "s"), "b": [np.float64(2.5)]}
    back = _cache.decode(_cache.encode(value))
    assert repr(back) == repr(value) and type(back["b"][0]) is np.float64
    with pytest.raises(TypeError, match="a stored result holds only"):
        _cache.encode({"f": lambda: 1})


@pytest.mark.parametrize(
    "failure",
    [errno.EROFS, errno.ENOSPC, errno.EACCES],
    ids=["read-only", "full", "denied"],
)
def test_an_unusable_folder_costs_one_line_never_an_error(
    cache, monkeypatch, capsys, failure
):
    def refuse(self, data):
        raise OSError(failure, os.strerror(failure), str(self))

    monkeypatch.setattr(Path, "write_bytes", refuse)
    monkeypatch.setattr(_cache, "_warned", set())
    for name in ("a", "b", "c"):
        _cache.write("experiments", name, "k", b"x")
        assert _cache.read("experiments", name, "k") is None
    err = capsys.readouterr().err
    assert err.count("lrdoc: cache folder") == 1, err
    assert not [p for p in cache.rglob("*") if p.is_file()]  # no temporary file left


def test_a_file_in_the_way_costs_one_line_never_an_error(tmp_path, monkeypatch, capsys):
    (tmp_path / "cache").write_text("not a folder")
    monkeypatch.setenv("LRDOC_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(_cache, "_warned", set())
    _cache.write("experiments", "a", "k", b"x")
    _cache.write("experiments", "b", "k", b"x")
    assert _cache.read("experiments", "a", "k") is None
    assert capsys.readouterr().err.count("lrdoc: cache folder") == 1


def test_temporary_files_of_interrupted_writes_are_removed(cache):
    folder = cache / "experiments"
    folder.mkdir(parents=True)
    stale, fresh = folder / ".x.entry.1.2.tmp", folder / ".y.entry.3.4.tmp"
    stale.write_bytes(b"half"), fresh.write_bytes(b"half")
    old = stale.stat().st_mtime - _cache.STALE_SECONDS - 1
    os.utime(stale, (old, old))
    _cache.write("experiments", "a", "k", b"x")
    assert not stale.exists() and fresh.exists()  # a write in progress stays


def test_the_key_covers_the_machine():
    machine = _cache.machine()
    assert machine["cpu_features"] and machine["blas"].get("name")
    env = dict(os.environ, NPY_DISABLE_CPU_FEATURES="X86_V4")
    code = "from lrdoc import _cache; print(_cache.machine()['cpu_dispatch'])"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    if "X86_V4" in machine["cpu_dispatch"]:  # a CPU with AVX-512, as here
        assert "X86_V4" not in done.stdout, done.stdout


EDIT_DURING_RUN = """
    import os, sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from lrdoc.experiments import scratch
    source = Path(scratch.__file__)
    stamp = source.stat()
    source.write_text(source.read_text().replace("return 1", "return 2"))
    # the same size and time: to a timestamp .pyc, the old code still looks current
    os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    print(scratch.answer())  # the imported code's result: 1
"""

SCRATCH = '''"""A scratch experiment."""
from lrdoc.experiments._store import stored


@stored
def answer():
    return 1
'''


def test_a_file_saved_during_a_run_stores_nothing_under_its_key(tmp_path):
    project = tmp_path / "project"
    package = Path(_copy(ROOT / "lrdoc", project / "lrdoc"))
    (project / "pyproject.toml").write_text("")
    (package / "experiments" / "scratch.py").write_text(SCRATCH)
    env = {k: v for k, v in os.environ.items() if k != "LRDOC_CACHE"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # .pyc files written, as in .ci/run

    def run(code: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code).format(root=str(project))],
            env=env,
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert run(EDIT_DURING_RUN) == "1"
    assert not list((project / ".cache").rglob("*.entry"))
    fresh = """
        import sys
        sys.path.insert(0, {root!r})
        from lrdoc.experiments import scratch
        print(scratch.answer())
    """
    assert run(fresh) == "2"  # computed by the new code, then stored
    assert len(list((project / ".cache").rglob("*.entry"))) == 1
    assert run(fresh) == "2"  # read back


def _copy(source: Path, target: Path) -> str:
    import shutil

    return shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))


@pytest.mark.skipif(sys.platform == "win32", reason="no flock: each computes")
def test_an_entry_being_computed_is_waited_for_then_read(cache):
    """Two processes (here two threads, each with its own lock file handle) that
    need one result: the second waits while the first computes, then reads it."""
    import threading

    holding, order = threading.Event(), []

    def first() -> None:
        with _cache.computing("experiments", "a", "k"):
            holding.set()
            order.append("first computes")
            threading.Event().wait(0.2)
            _cache.write("experiments", "a", "k", b"result")
            order.append("first stored")

    thread = threading.Thread(target=first)
    thread.start()
    holding.wait()
    with _cache.computing("experiments", "a", "k"):
        order.append("second reads")
        assert _cache.read("experiments", "a", "k") == b"result"
    thread.join()
    assert order == ["first computes", "first stored", "second reads"]
