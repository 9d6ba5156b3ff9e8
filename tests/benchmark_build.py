"""Benchmark: the contributor's loop and the build, against the project's budgets.

    .venv/bin/python -m tests.benchmark_build            # warm build, cold build, pytest
    .venv/bin/python -m tests.benchmark_build --check    # exit 1 if one is over budget
    .venv/bin/python -m tests.benchmark_build build-warm # one case

Each case runs as a separate process, as a contributor runs it, and is reported as
wall time (best of ``--repeat``) and CPU time (user + system, of the process and its
children), with the load average: on a shared machine the wall time measures the
neighbours as much as the code, the CPU time much less. Budgets (issue 23):

- ``build-warm``: ``properdocs build --strict`` with nothing changed, <= 1.5 s;
- ``build-cold``: the same with the build's own caches empty (figures, rendered
  pages, templates; the experiments' results are kept, as the test suite computes
  them), <= 10 s;
- ``pytest``: plain ``pytest``, warm, <= 12 s.

Recorded on this project's 2-core machine, shared with up to 7 other sessions, on
4 December 2026 (before = main at 20429e2 with MkDocs; after = this version with
ProperDocs). Wall times at a load average of 13-20 measure the neighbours; the CPU
times (user + system, children included) compare better:

==============  ================================  ================================
case            before: wall / CPU (load)         after: wall / CPU (load)
==============  ================================  ================================
build-warm      3.5 s / 3.4 s (2.5);              3.0 s / 1.3 s (6.3);
                22-28 s / 4.1 s (18-20)           4.7-5.5 s / 1.3 s (16)
build-cold      12.3 s / 14.4 s (2.5);            78 s / 20.3 s (15);
                75 s / 18.5 s (17)                61 s / 19.0 s (13)
pytest (warm)   102 s / 23.7 s (19)               87 s / 24.2 s (13-15)
==============  ================================  ================================

The warm build does a third of the work it did (the API reference pages and the
search entries come from the cache); the cold build and plain pytest do about the
same work as before (drawing the 40 SVGs is about 11 s of CPU in matplotlib).

5 December 2026, on the same machine with no other session (load 1.5-3.8, this
script's own runs included), best of 2:

==============  ================================  ================================
case            before (main at 403e816)          after: every page's render cached
==============  ================================  ================================
build-warm      3.2 s / 3.1 s                     1.35 s / 1.44 s
build-cold      12.2 s / 19.4 s                   11.8 s / 18.3 s
pytest (warm)   21.6 s (one run)                  19.1 s / 28.6 s
==============  ================================  ================================

A cold build is now about 8 s of CPU rendering pages (Markdown's block parser on
the guides; mkdocstrings on the reference) and about 10 s drawing the 52 SVGs in
two worker processes meanwhile; plain pytest spends about 8 s of its CPU starting
each xdist worker (imports, collection, the site fixture, a browser).

5 December 2026, evening, on another 2-core machine of this project (AMD EPYC without
AVX-512, about 1.3 to 1.5 times slower than the one above: the same main, 00b6eb4,
took 590 s for a fresh-clone ``.ci/run`` here against 454 s there), idle:

==============  ================================
case            main at 813bbcf: wall / CPU
==============  ================================
build-warm      1.88-2.14 s / 1.98-2.25 s
build-cold      20.1-22.0 s / 32.5-35.9 s
pytest (warm)   32.6 s / 51.4 s
==============  ================================

The build-cold case now keeps the results from where ``LRDOC_CACHE`` puts them (it
read ``.cache/`` only, and so recomputed every result when the variable was set:
59.5 s / 73.0 s). A fresh-clone ``bash .ci/run`` took 590 s at 00b6eb4 and 589 s at
813bbcf (tests 458 -> 443 s; the cpu step 70 -> 82 s, now that it also turns AVX2 off
on a CPU without AVX-512); it kept both cores busy, 1,090 core-seconds. The browser
tests alone, run by themselves, take 438 core-seconds (239 s wall): more than the
300 core-seconds that 150 s on two cores holds.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BUILD = [str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml"]
BUDGETS = {"build-warm": 1.5, "build-cold": 10.0, "pytest": 12.0}


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def build_warm(site: Path) -> tuple[float, float]:
    _timed([*BUILD, "-d", str(site)], _env())  # warm the caches first
    return _timed([*BUILD, "-d", str(site)], _env())


def build_cold(site: Path) -> tuple[float, float]:
    from lrdoc import _cache

    cache = Path(tempfile.mkdtemp(prefix="lrdoc-cold-"))
    results = _cache.root()  # .cache/, or where LRDOC_CACHE puts it
    try:
        if results is not None and (results / "experiments").is_dir():
            shutil.copytree(results / "experiments", cache / "experiments")
        return _timed([*BUILD, "-d", str(site)], _env(LRDOC_CACHE=str(cache)))
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def plain_pytest(site: Path) -> tuple[float, float]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly"]
    _timed(command, _env())  # warm
    return _timed(command, _env())


CASES = {"build-warm": build_warm, "build-cold": build_cold, "pytest": plain_pytest}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # No choices= here: Python 3.11's argparse checks an empty list against them.
    parser.add_argument("cases", nargs="*", help=f"some of {', '.join(CASES)}")
    parser.add_argument("--check", action="store_true", help="exit 1 if over budget")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    unknown = [name for name in args.cases if name not in CASES]
    if unknown:
        parser.error(
            f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}"
        )
    over = 0
    with tempfile.TemporaryDirectory() as folder:
        for name in args.cases or list(CASES):
            runs = [CASES[name](Path(folder) / "site") for _ in range(args.repeat)]
            wall, cpu = min(runs)
            load = os.getloadavg()[0]
            budget = BUDGETS[name]
            verdict = "ok" if wall <= budget else "OVER BUDGET"
            over += wall > budget
            print(
                f"{name:12s} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
                f"(budget {budget:.1f} s, load {load:.1f})  {verdict}",
                flush=True,
            )
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
