"""Substitution fuzzing of every public callable in lrdoc (issue 22, item 1).

Why our own: Hypothesis generates values, but it needs a valid call to start from and
a rule for what counts as a correct refusal; neither exists as a library. This module
finds the valid calls in the docstrings' own examples, then replaces one argument at a
time with a bad value and sorts what happens:

- ``named``: a ValueError or TypeError whose message names the parameter or the value;
- ``unnamed``: a ValueError or TypeError that names neither;
- ``escape``: any other exception (an OverflowError, an IndexError, a leaked warning,
  a MemoryError under the address-space limit);
- ``hang``: no answer within :data:`TIMEOUT` seconds;
- ``nan``: a result holding NaN from finite inputs' neighbours, said nowhere;
- ``accepted``: a clearly unusable value (NaN, infinity, ``10**400`` but as a seed,
  which numpy takes, an object, an empty list, a string where a number was given)
  returned without complaint.

A new public function is fuzzed as soon as its docstring has an example that calls
it: nothing has to be listed by hand. Dataclasses are left out: they are records that
the library fills with what it computed, and their constructors only store.

    .venv/bin/python -m tools.fuzz              # counts per outcome, then each finding
    .venv/bin/python -m tools.fuzz --json F     # also write the findings to F
"""

from __future__ import annotations

import argparse
import copy
import doctest
import importlib
import inspect
import itertools
import json
import math
import pkgutil
import resource
import signal
import sys
import time
import types
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

import numpy as np

TIMEOUT = 5.0
"""Seconds a fuzzed call may take before it counts as a hang."""

MAX_BASE_SECONDS = 0.5
"""A recorded call slower than this is not fuzzed (each one is repeated ~15 times
per parameter)."""

ADDRESS_SPACE = 3 * 2**30
"""The address-space limit (bytes) the fuzzing process runs under."""

SKIP_MODULES = ("lrdoc.figures.",)
"""Modules whose public names only draw results (figures.style is fuzzed)."""


class _Hang(BaseException):
    """Raised by the alarm when a call takes longer than :data:`TIMEOUT`."""


class _Opaque:
    """An object no parameter can use."""

    def __repr__(self) -> str:
        return "<opaque>"


BAD: list[tuple[str, Callable[[], object]]] = [
    ("None", lambda: None),
    ("'x'", lambda: "x"),
    ("True", lambda: True),
    ("-1", lambda: -1),
    ("0", lambda: 0),
    ("-1.5", lambda: -1.5),
    ("nan", lambda: math.nan),
    ("inf", lambda: math.inf),
    ("-inf", lambda: -math.inf),
    ("10**400", lambda: 10**400),
    ("10**12", lambda: 10**12),
    ("1e-300", lambda: 1e-300),
    ("[]", lambda: []),
    ("array([nan, nan])", lambda: np.array([math.nan, math.nan])),
    ("object", _Opaque),
]
"""Each bad value, by the name a finding shows, and how to make a fresh one."""

CLEARLY_BAD = {"nan", "inf", "-inf", "10**400", "object", "[]", "array([nan, nan])"}
"""Values no parameter of lrdoc can use; accepting one silently is a finding."""


@dataclass
class Call:
    """A valid call recorded from a docstring example."""

    name: str
    target: Callable[..., Any]
    arguments: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    """Keyword arguments the call passed through ``**kwargs``; replayed, never
    replaced."""


@dataclass
class Finding:
    """What one substituted call did."""

    name: str
    parameter: str
    value: str
    outcome: str
    detail: str = ""


@dataclass
class Report:
    """Every outcome of a fuzzing run."""

    calls: int = 0
    functions: list[str] = field(default_factory=list)
    without_example: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        """How many substituted calls ended in each outcome."""
        return Counter(f.outcome for f in self.findings)


def modules() -> Iterator[types.ModuleType]:
    """Every public module of the lrdoc package but the figure drawers."""
    import lrdoc

    yield lrdoc
    for info in pkgutil.walk_packages(lrdoc.__path__, "lrdoc."):
        if info.name.startswith(SKIP_MODULES) and info.name != "lrdoc.figures.style":
            continue
        if any(part.startswith("_") for part in info.name.split(".")):
            continue  # a private module's names are not the package's public API
        yield importlib.import_module(info.name)


def public(module: types.ModuleType) -> dict[str, Callable[..., Any]]:
    """The public functions and classes defined in ``module``, by qualified name."""
    found: dict[str, Callable[..., Any]] = {}
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isclass(obj) and is_dataclass(obj):
            continue  # a record: its constructor stores what the library computed
        if inspect.isfunction(obj) or inspect.isclass(obj):
            found[f"{module.__name__}.{name}"] = obj
    return found


def _code(obj: Callable[..., Any]) -> types.CodeType | None:
    """The code object a call to ``obj`` enters first."""
    target = obj.__init__ if inspect.isclass(obj) else obj
    return getattr(target, "__code__", None)


def _within(name: str, only: str, inside: bool = True) -> bool:
    """Whether module ``name`` is ``only`` or (if ``inside``) a module inside it;
    every module for ``only=""``."""
    return not only or name == only or (inside and name.startswith(only + "."))


def record(
    targets: dict[str, Callable[..., Any]], only: str = "", inside: bool = True
) -> dict[str, Call]:
    """The first call to each target made directly by a docstring example of the
    modules within ``only``, or by an example on a page (see :func:`_pages`)."""
    by_code = {c: n for n, t in targets.items() if (c := _code(t)) is not None}
    calls: dict[str, Call] = {}

    def profile(frame: types.FrameType, event: str, arg: object) -> None:
        if event != "call" or frame.f_code not in by_code:
            return
        caller = frame.f_back
        where = "" if caller is None else caller.f_code.co_filename
        if not (where.startswith("<doctest") or where.endswith(".md")):
            return
        name = by_code[frame.f_code]
        if name in calls:
            return
        target = targets[name]
        try:
            signature = inspect.signature(target)
        except (TypeError, ValueError):
            return
        local = frame.f_locals
        arguments, extra = {}, {}
        for p in signature.parameters.values():
            if p.kind is p.VAR_POSITIONAL or p.name not in local:
                return  # *args cannot be replayed one by one
            try:
                value = copy.deepcopy(local[p.name])
            except Exception:
                return
            if p.kind is p.VAR_KEYWORD:
                extra = value
            else:
                arguments[p.name] = value
        calls[name] = Call(name, target, arguments, extra)

    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    seen: set[str] = set()
    for module in modules():
        if module.__name__ in seen or not _within(module.__name__, only, inside):
            continue
        seen.add(module.__name__)
        for test in finder.find(module):
            sys.setprofile(profile)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    runner.run(test, out=lambda s: None)
            finally:
                sys.setprofile(None)
    for path in _pages(only, inside):
        _run_page(path, profile)
    return calls


def _pages(only: str, inside: bool) -> list[Path]:
    """The pages whose examples are calls worth recording: every page for ``only=""``,
    a page module's own page (``lrdoc.experiments.mcvp``: ``docs/**/mcvp.md``)."""
    docs = Path(__file__).resolve().parents[1] / "docs"
    if not only:
        return sorted(docs.rglob("*.md"))
    if only.startswith("lrdoc.experiments.") or (
        inside and only == "lrdoc.experiments"
    ):
        name = only.rsplit(".", 1)[-1]
        return sorted(docs.rglob("*.md" if name == "experiments" else f"{name}.md"))
    return []


def _run_page(path: Path, profile: Callable[..., None]) -> None:
    """Run one page's examples as Sybil does, recording calls with ``profile``; an
    example that fails is skipped (the page tests report it)."""
    from tools.sybil_config import pages

    document = pages.parse(path)
    if pages.setup is not None:
        pages.setup(document.namespace)
    sys.setprofile(profile)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for example in document:
                try:
                    example.evaluate()
                except Exception:
                    pass
    finally:
        sys.setprofile(None)
        if pages.teardown is not None:
            pages.teardown(document.namespace)


def _says_diverged(value: object) -> bool:
    """Whether a record says its run diverged (its NaN is then an honest record)."""
    status = getattr(value, "status", None)
    if isinstance(status, str) and "diverged" in status:
        return True
    for name in ("diverged_at", "diverged"):
        flag = getattr(value, name, None)
        if flag is not None and flag is not False and np.any(np.asarray(flag)):
            return True
    return False


def _has_nan(value: object, depth: int = 0) -> bool:
    """Whether ``value`` (or a field, item or entry of it) holds NaN that no record
    of divergence explains."""
    if depth > 3 or _says_diverged(value):
        return False
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "fc":
        return bool(np.isnan(value).any())
    if is_dataclass(value) and not isinstance(value, type):
        return any(_has_nan(getattr(value, f.name), depth + 1) for f in fields(value))
    if isinstance(value, (list, tuple)):
        return any(_has_nan(v, depth + 1) for v in value[:50])
    if isinstance(value, dict):
        return any(_has_nan(v, depth + 1) for v in list(value.values())[:50])
    return False


def _alarm(signum: int, frame: object) -> None:
    raise _Hang


def _invoke(call: Call, arguments: dict[str, Any]) -> object:
    """Call the target with ``arguments`` under the timeout, warnings as errors."""
    signature = inspect.signature(call.target)
    args, kwargs = [], dict(call.extra)
    for p in signature.parameters.values():
        if p.kind is p.POSITIONAL_ONLY:
            args.append(arguments[p.name])
        elif p.kind is not p.VAR_KEYWORD:
            kwargs[p.name] = arguments[p.name]
    signal.setitimer(signal.ITIMER_REAL, TIMEOUT)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = call.target(*args, **kwargs)
            if inspect.isgenerator(result):  # a generator checks when first asked
                result = list(itertools.islice(result, 3))
            return result
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _names(message: str, parameter: str, value: str) -> bool:
    """Whether an error message names the parameter or the value."""
    if parameter in message:
        return True
    shown = {"10**400": "401 digits", "object": "opaque", "array([nan, nan])": "nan"}
    return shown.get(value, value).strip("'") in message


def fuzz(call: Call) -> list[Finding]:
    """Every substitution of one recorded call, and what each did."""
    found = []
    for parameter, original in call.arguments.items():
        for value, make in BAD:
            bad = make()
            if _same(bad, original):
                continue
            arguments = {k: copy.deepcopy(v) for k, v in call.arguments.items()}
            arguments[parameter] = bad
            outcome, detail = _outcome(call, arguments, parameter, value, original)
            found.append(Finding(call.name, parameter, value, outcome, detail))
    return found


def _same(bad: object, original: object) -> bool:
    """Whether a bad value is just the valid one (``None`` for a ``None`` default)."""
    if isinstance(bad, np.ndarray) or isinstance(original, np.ndarray):
        return False
    try:
        return type(bad) is type(original) and bool(bad == original)
    except Exception:
        return False


def _outcome(
    call: Call, arguments: dict[str, Any], parameter: str, value: str, original: object
) -> tuple[str, str]:
    try:
        result = _invoke(call, arguments)
    except _Hang:
        return "hang", f"no answer in {TIMEOUT} s"
    except (ValueError, TypeError) as error:
        message = str(error)
        shown = arguments.get("name")  # a function told what to call its data
        if _names(message, parameter, value) or (
            isinstance(shown, str) and shown and shown in message
        ):
            return "named", ""
        return "unnamed", f"{type(error).__name__}: {message[:120]}"
    except Exception as error:  # every other exception is what the fuzz looks for
        return "escape", f"{type(error).__name__}: {str(error)[:120]}"
    if _has_nan(result) and value not in ("nan", "array([nan, nan])"):
        return "nan", "the result holds NaN"
    clearly = (
        value in CLEARLY_BAD and not (value == "10**400" and "seed" in parameter)
    ) or (value == "'x'" and not isinstance(original, str))
    if clearly:
        return "accepted", "returned without an error"
    return "ok", ""


def run(only: str = "", inside: bool = True) -> Report:
    """Record the example calls of the module ``only`` (and, if ``inside``, of the
    modules inside it; "" for all), fuzz each, and sort the outcomes."""
    targets: dict[str, Callable[..., Any]] = {}
    for module in modules():
        if _within(module.__name__, only, inside):
            targets.update(public(module))
    report = Report()
    calls = record(targets, only, inside)
    report.without_example = sorted(set(targets) - set(calls))
    for name, call in sorted(calls.items()):
        start = time.perf_counter()
        try:
            _invoke(call, {k: copy.deepcopy(v) for k, v in call.arguments.items()})
        except BaseException:
            continue  # an example that raises on purpose is not a valid call
        if time.perf_counter() - start > MAX_BASE_SECONDS:
            continue
        report.functions.append(name)
        found = fuzz(call)
        report.calls += len(found)
        report.findings += [f for f in found if f.outcome != "ok"]
    return report


def main(argv: list[str] | None = None) -> int:
    """Print the counts and findings; exit 0 (the fuzz reports, the test judges)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the findings to this file")
    parser.add_argument(
        "--only", default="", help="fuzz only this module (and the modules inside it)"
    )
    args = parser.parse_args(argv)
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    signal.signal(signal.SIGALRM, _alarm)
    report = run(args.only)
    counts = report.counts()
    print(
        f"fuzz: {len(report.functions)} functions, {report.calls} calls; "
        + ", ".join(f"{k} {counts[k]}" for k in sorted(counts))
    )
    print(f"fuzz: {len(report.without_example)} public names without an example call")
    for f in report.findings:
        if f.outcome != "named":
            print(f"{f.outcome}: {f.name}({f.parameter}={f.value}): {f.detail}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(
                {
                    "functions": report.functions,
                    "calls": report.calls,
                    "without_example": report.without_example,
                    "findings": [vars(f) for f in report.findings],
                },
                out,
                indent=1,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
