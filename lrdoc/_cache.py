"""One disk cache for the experiments' results and the site's figures.

An entry is one file: a header line naming the format, a JSON line holding the key
it was stored under and the sha256 of the key and the payload, then the payload.
:func:`read` serves an entry only if its key is the key asked for and its hash
matches, so a damaged, renamed, swapped or planted file is never served: it costs a
recomputation. Results are stored without pickle (:func:`encode`: a ``.npz`` read
with ``allow_pickle=False`` plus a JSON tree of the plain fields), so a planted file
cannot run code.

Keys are made by the caller from :func:`sources` (the sha256 of every file of the
package on disk) and :func:`machine` (what changes floating-point results from one
computer to another: numpy's version and CPU dispatch, the BLAS build and its
kernel, Python, the platform). :func:`consistent` tells whether the code this
process imported is the code on disk: the package's modules are hashed as they are
imported (:class:`_Recorder`), so a file saved while a process runs can never get
that process's results stored under the new file's key.

The cache lives in ``.cache/`` beside a source checkout (nothing is stored outside
one). An entry being computed is locked (:func:`computing`), so that processes
sharing the folder compute it once. ``LRDOC_CACHE=off`` turns it off (every result
is computed, every figure drawn); ``LRDOC_CACHE=FOLDER`` puts it elsewhere. A
folder that cannot be used (read-only, a file in the way, a full disk) costs a
recomputation and one line on stderr, never a failure. The folder is safe to delete, even while a build runs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import io
import json
import os
import platform
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
FORMAT = b"lrdoc-cache 2\n"
STALE_SECONDS = 600  # a temporary file this old was left by an interrupted write
_warned: set[str] = set()


# ------------------------------------------------------------------ where


def root() -> Path | None:
    """The cache's folder, or None when it is off.

    Examples
    --------
    >>> import os
    >>> os.environ["LRDOC_CACHE"] = "off"
    >>> root() is None
    True
    >>> del os.environ["LRDOC_CACHE"]
    """
    chosen = os.environ.get("LRDOC_CACHE", "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    checkout = PACKAGE.parent
    if not (checkout / "pyproject.toml").is_file():
        return None
    return checkout / ".cache"


def _warn(folder: Path, exc: BaseException) -> None:
    """One line on stderr per unusable folder and process (a log warning would fail
    a strict build, and the cache is optional)."""
    if str(folder) in _warned:
        return
    _warned.add(str(folder))
    print(
        f"lrdoc: cache folder {folder} is unusable ({type(exc).__name__}: {exc}); "
        "results are computed again and not stored",
        file=sys.stderr,
        flush=True,
    )


# ------------------------------------------------------------------ entries


def _entry(kind: str, name: str, key: str) -> Path | None:
    where = root()
    return None if where is None else where / kind / f"{name}-{key[:20]}.entry"


def _seal(key: str, payload: bytes) -> str:
    return hashlib.sha256(key.encode() + b"\0" + payload).hexdigest()


def read(kind: str, name: str, key: str) -> bytes | None:
    """The payload stored under ``key``, or None (missing, damaged, another key's).

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     os.environ["LRDOC_CACHE"] = folder
    ...     write("demo", "answer", "k1", b"42")
    ...     found = read("demo", "answer", "k1"), read("demo", "answer", "k2")
    ...     del os.environ["LRDOC_CACHE"]
    >>> found
    (b'42', None)
    """
    path = _entry(kind, name, key)
    if path is None:
        return None
    try:
        blob = path.read_bytes()
    except OSError:  # missing, a folder in the way, unreadable: computed again
        return None
    if not blob.startswith(FORMAT):
        return None
    header, newline, payload = blob[len(FORMAT) :].partition(b"\n")
    try:
        facts = json.loads(header)
    except ValueError:
        return None
    if (
        not newline
        or not isinstance(facts, dict)
        or facts.get("key") != key
        or facts.get("sha256") != _seal(key, payload)
    ):
        return None
    return payload


def write(kind: str, name: str, key: str, payload: bytes) -> None:
    """Store ``payload`` under ``key``, atomically; a failure costs one line on
    stderr and a recomputation next time, never an exception."""
    path = _entry(kind, name, key)
    if path is None:
        return
    header = json.dumps({"key": key, "sha256": _seal(key, payload)}).encode()
    temporary = path.with_name(
        f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _sweep(path.parent)
        temporary.write_bytes(FORMAT + header + b"\n" + payload)
        temporary.replace(path)
    except OSError as exc:
        _warn(path.parent, exc)
    finally:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


_held = threading.local()


def _held_paths() -> set[str]:
    """The lock files this thread holds."""
    if not hasattr(_held, "paths"):
        _held.paths = set()
    return _held.paths


@contextlib.contextmanager
def computing(kind: str, name: str, key: str) -> Iterator[None]:
    """Hold the lock of one entry while it is computed, so that processes sharing
    the cache (a build and the test workers, say) compute it once: the others wait,
    saying so on stderr, then read what the first stored. A thread that already
    holds the lock (an experiment that asks for itself) does not wait for itself.
    Where no lock can be taken (no cache, an unusable folder, no ``fcntl``), it
    computes without one.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     os.environ["LRDOC_CACHE"] = folder
    ...     with computing("demo", "answer", "k1"):
    ...         with computing("demo", "answer", "k1"):  # the same thread: no wait
    ...             write("demo", "answer", "k1", b"42")
    ...     found = read("demo", "answer", "k1")
    ...     del os.environ["LRDOC_CACHE"]
    >>> found
    b'42'
    """
    handle = _lock(kind, name, key)
    if handle is None:
        yield
        return
    with handle:  # closing the file releases the lock
        _held_paths().add(handle.name)
        try:
            yield
        finally:
            _held_paths().discard(handle.name)


def _lock(kind: str, name: str, key: str) -> Any:
    """The open lock file of an entry, locked; None where no lock can be taken or
    this thread holds it already."""
    where = root()
    try:
        import fcntl
    except ImportError:  # Windows: no flock
        return None
    if where is None:
        return None
    path = where / "locks" / f"{kind}-{name}-{key[:20]}.lock"
    if str(path) in _held_paths():
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a")  # closed by computing()
    except OSError:
        return None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"lrdoc: waiting for another process computing {name}",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
    except OSError:
        handle.close()
        return None
    return handle


def _sweep(folder: Path) -> None:
    """Remove temporary files left by writes that were interrupted long ago."""
    now = time.time()
    for stale in folder.glob(".*.tmp"):
        try:
            if now - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()
        except OSError:
            pass


# ------------------------------------------------------------------ keys


def key(*parts: Any) -> str:
    """A sha256 of JSON-able parts.

    Examples
    --------
    >>> key("a", {"b": 1}) == key("a", {"b": 1}) != key("a", {"b": 2})
    True
    """
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


_hashes: dict[Path, tuple[tuple[int, int, int], str]] = {}


def _file_hash(path: Path) -> str:
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    known = _hashes.get(path)
    if known is None or known[0] != stamp:
        known = (stamp, hashlib.sha256(path.read_bytes()).hexdigest())
        _hashes[path] = known
    return known[1]


def sources(
    package: Path = PACKAGE, skip: Callable[[str], bool] = lambda relative: False
) -> dict[str, str]:
    """The sha256 of every file of the package on disk, by path relative to it
    (bytecode aside; ``skip`` leaves out more).

    Examples
    --------
    >>> files = sources()
    >>> "_cache.py" in files and "datafiles/iris.csv" in files
    True
    """
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package).as_posix()
        if (
            "__pycache__" in relative
            or path.suffix == ".pyc"
            or skip(relative)
            or not path.is_file()
        ):
            continue
        found[relative] = _file_hash(path)
    return found


@functools.cache
def machine() -> dict[str, Any]:
    """What changes floating-point results between computers with the same code:
    numpy's version and the CPU features its dispatch uses, the BLAS library,
    its build and the kernel it chose, Python and the platform.

    Examples
    --------
    >>> sorted(machine())[:4]
    ['blas', 'blas_kernel', 'cpu_dispatch', 'cpu_features']
    """
    import numpy as np

    umath: Any = importlib.import_module("numpy._core._multiarray_umath")
    features = sorted(k for k, on in umath.__cpu_features__.items() if on)
    targets = getattr(umath, "__cpu_targets_info__", {})  # what dispatch chose
    chosen = sorted({v["current"] for f in targets.values() for v in f.values()})
    try:
        found: Any = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = {k: found.get(k) for k in ("name", "version", "openblas configuration")}
    except Exception:  # an unusual build: its name is still in numpy's version
        blas = {}
    return {
        "numpy": np.__version__,
        "cpu_features": features,
        "cpu_dispatch": chosen,
        "cpu_settings": {
            k: os.environ.get(k, "")
            for k in ("NPY_DISABLE_CPU_FEATURES", "NPY_ENABLE_CPU_FEATURES")
        },
        "blas": blas,
        "blas_kernel": _blas_kernel(np),
        "python": platform.python_version(),
        "platform": f"{sys.platform}-{platform.machine()}",
    }


def _blas_kernel(np: Any) -> str:
    """OpenBLAS's kernel (it picks one per CPU at run time), or ``""``."""
    import ctypes

    folder = Path(np.__file__).parent
    for library in sorted([*folder.parent.glob("numpy.libs/*openblas*")]):
        try:
            lib = ctypes.CDLL(str(library))
        except OSError:
            continue
        for symbol in (
            "scipy_openblas_get_corename64_",
            "scipy_openblas_get_corename",
            "openblas_get_corename64_",
            "openblas_get_corename",
        ):
            function = getattr(lib, symbol, None)
            if function is not None:
                function.restype = ctypes.c_char_p
                return str(function().decode())
    return os.environ.get("OPENBLAS_CORETYPE", "")


# ------------------------------------------------------------------ imported code


class _RecordingLoader(importlib.machinery.SourceFileLoader):
    """Python's own loader, which records the sha256 of the source it loads and runs
    code made from exactly those bytes: its bytecode cache is a checked hash-based
    ``.pyc`` (PEP 552), never a timestamp one that an edit within the same second
    would leave looking current."""

    record: dict[str, tuple[str, str]]

    def get_code(self, fullname: str) -> Any:
        external: Any = importlib.import_module("importlib._bootstrap_external")
        loader: Any = self

        path = str(self.path)
        data = self.get_data(path)
        self.record[fullname] = (path, hashlib.sha256(data).hexdigest())
        source_hash = importlib.util.source_hash(data)
        try:
            cached = importlib.util.cache_from_source(path)
        except NotImplementedError:
            cached = None
        if cached is not None:
            try:
                pyc = self.get_data(cached)
                facts = {"name": fullname, "path": cached}
                flags = external._classify_pyc(pyc, fullname, facts)
                if flags & 0b1:  # hash-based: valid only for these very bytes
                    external._validate_hash_pyc(pyc, source_hash, fullname, facts)
                    return external._compile_bytecode(
                        memoryview(pyc)[16:],
                        name=fullname,
                        bytecode_path=cached,
                        source_path=path,
                    )
            except (ImportError, EOFError, OSError):
                pass  # missing, stale or a timestamp pyc: compile the bytes read
        code = self.source_to_code(data, path)
        if cached is not None and not sys.dont_write_bytecode:
            try:
                pyc = external._code_to_hash_pyc(code, source_hash, True)
                loader._cache_bytecode(path, cached, pyc)
            except (NotImplementedError, OSError):
                pass
        return code


class _Recorder(importlib.abc.MetaPathFinder):
    """Finds lrdoc's submodules as Python would, loading them with
    :class:`_RecordingLoader`."""

    def __init__(self) -> None:
        self.record: dict[str, tuple[str, str]] = {}

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if not fullname.startswith("lrdoc."):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        loader = getattr(spec, "loader", None)
        if spec is not None and type(loader) is importlib.machinery.SourceFileLoader:
            recording = _RecordingLoader(loader.name, loader.path)
            recording.record = self.record
            spec.loader = recording
        return spec


def _recorder() -> _Recorder:
    """The one recorder of this process (installed on first import of this module;
    modules imported before it are hashed from disk now)."""
    for finder in sys.meta_path:
        if type(finder).__name__ == "_Recorder" and hasattr(finder, "record"):
            return finder  # type: ignore[return-value]
    recorder = _Recorder()
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if (name == "lrdoc" or name.startswith("lrdoc.")) and file:
            data = Path(file).read_bytes()
            recorder.record[name] = (file, hashlib.sha256(data).hexdigest())
    sys.meta_path.insert(0, recorder)
    return recorder


def imported(package: Path = PACKAGE) -> dict[str, str | None]:
    """The modules of ``package`` this process has imported, by file (relative to
    the package), each with the sha256 of the source it was loaded from (None if
    unknown).

    Examples
    --------
    >>> imported()["_cache.py"] == sources()["_cache.py"]
    True
    """
    record = _recorder().record
    found: dict[str, str | None] = {}
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if not (name == "lrdoc" or name.startswith("lrdoc.")) or not file:
            continue
        path = Path(file).resolve()
        if package not in path.parents:
            continue
        relative = path.relative_to(package).as_posix()
        known = record.get(name)
        found[relative] = (
            known[1] if known and Path(known[0]).resolve() == path else None
        )
    return found


def consistent(
    snapshot: dict[str, str],
    package: Path = PACKAGE,
    skip: Callable[[str], bool] = lambda relative: False,
) -> bool:
    """Whether every module of ``package`` this process imported (but those
    ``skip`` leaves out, as for :func:`sources`) was loaded from the source that
    ``snapshot`` hashed. Otherwise what this process computes must not be stored
    under a key made from ``snapshot``.

    Examples
    --------
    >>> consistent(sources())
    True
    >>> consistent({})
    False
    """
    return all(
        snapshot.get(relative) == digest
        for relative, digest in imported(package).items()
        if not skip(relative)
    )


_recorder()


# ------------------------------------------------------------------ results


def _tree(value: Any, arrays: list[Any]) -> Any:
    import numpy as np

    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)) and type(value) in (int, float):
        return value if isinstance(value, int) else {"float": repr(value)}
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        if array.dtype.hasobject:
            raise TypeError(f"cannot store an array of Python objects: {value!r}")
        arrays.append(array)
        kind = "array" if isinstance(value, np.ndarray) else "scalar"
        return {kind: len(arrays) - 1}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        fields = {
            f.name: _tree(getattr(value, f.name), arrays)
            for f in dataclasses.fields(value)
        }
        return {"dataclass": f"{cls.__module__}:{cls.__qualname__}", "fields": fields}
    if isinstance(value, (tuple, list)) and type(value) in (tuple, list):
        kind = "tuple" if isinstance(value, tuple) else "list"
        return {kind: [_tree(item, arrays) for item in value]}
    if type(value) is dict:
        return {
            "dict": [[_tree(k, arrays), _tree(v, arrays)] for k, v in value.items()]
        }
    raise TypeError(
        "a stored result holds only dataclasses, tuples, lists, dicts, numpy arrays "
        f"and plain numbers or strings, got {type(value).__name__}: {value!r}"
    )


def digest(value: Any) -> str:
    """A sha256 of a result: its structure, plain fields and array bytes.

    Examples
    --------
    >>> import numpy as np
    >>> digest((1, np.zeros(2))) == digest((1, np.zeros(2))) != digest([1, np.zeros(2)])
    True
    """
    arrays: list[Any] = []
    tree = json.dumps(_tree(value, arrays), sort_keys=True)
    h = hashlib.sha256(tree.encode())
    for array in arrays:
        h.update(f"\0{array.dtype.str}{array.shape}\0".encode())
        h.update(array.tobytes())
    return h.hexdigest()


def encode(value: Any) -> bytes:
    """A result as ``.npz`` bytes: its arrays, and its structure as JSON.

    Examples
    --------
    >>> import numpy as np
    >>> decode(encode({"a": (1, 2.5, None), "b": np.arange(3)}))
    {'a': (1, 2.5, None), 'b': array([0, 1, 2])}
    """
    import numpy as np

    arrays: list[Any] = []
    tree = json.dumps(_tree(value, arrays))
    buffer = io.BytesIO()
    named = {f"a{i}": array for i, array in enumerate(arrays)}
    np.savez(buffer, tree=np.frombuffer(tree.encode(), dtype=np.uint8), **named)
    return buffer.getvalue()


def decode(payload: bytes) -> Any:
    """The result :func:`encode` stored (never unpickles)."""
    import numpy as np

    with np.load(io.BytesIO(payload), allow_pickle=False) as npz:
        tree = json.loads(npz["tree"].tobytes().decode())
        arrays = [npz[f"a{i}"] for i in range(len(npz.files) - 1)]
    return _build(tree, arrays)


def _build(tree: Any, arrays: list[Any]) -> Any:
    if not isinstance(tree, dict):
        return tree
    ((kind, body),) = [(k, v) for k, v in tree.items() if k != "fields"]
    if kind == "float":
        return float(body)
    if kind == "array":
        return arrays[body]
    if kind == "scalar":
        return arrays[body][()]
    if kind in ("tuple", "list"):
        items = [_build(item, arrays) for item in body]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        return {_build(k, arrays): _build(v, arrays) for k, v in body}
    if kind == "dataclass":
        cls: Any = _dataclass(body)
        value = cls.__new__(cls)
        for name, field in tree["fields"].items():
            object.__setattr__(value, name, _build(field, arrays))
        return value
    raise ValueError(f"unknown entry in a stored result: {kind!r}")


def _dataclass(name: str) -> type:
    """An lrdoc dataclass named ``module:qualname`` (nothing else is looked up)."""
    module, _, qualname = name.partition(":")
    if module != "lrdoc" and not module.startswith("lrdoc."):
        raise ValueError(f"a stored result names a class outside lrdoc: {name!r}")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    if not (isinstance(found, type) and dataclasses.is_dataclass(found)):
        raise ValueError(f"a stored result names something not a dataclass: {name!r}")
    return found
