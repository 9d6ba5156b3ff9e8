"""Fences and skips: every block is closed, run, declared or skipped with a reason."""

from __future__ import annotations

import re
from pathlib import Path

from tools.pagecheck.reader import read

OTHER_LANGUAGES = {
    "bash", "sh", "shell", "console", "text", "yaml", "toml", "json", "ini",
    "javascript", "js", "css", "html", "markdown", "md", "diff", "mermaid",
}  # fmt: skip
FORBIDDEN = {"py", "pycon", "python3", "ipython", ""}

QUOTED = re.compile(r"""(["']).+?\1""")


def fence_problems(path: Path, sybil_lines: set[int] | None = None) -> list[str]:
    """``page:line: why`` for each fenced block that is unclosed, nested, or neither
    run, declared nor skipped with a reason, and for each skip without a reason.
    ``sybil_lines`` (the lines of the examples Sybil collected) defaults to what
    ``tools.sybil_config.pages`` collects."""
    page = read(path)
    lines = page.example_lines if sybil_lines is None else sybil_lines
    problems = []
    for skip in page.skips:
        if skip.action in ("start", "next") and not (
            skip.reason and QUOTED.search(skip.reason)
        ):
            problems.append(
                f"{path}:{skip.line}: 'skip: {skip.action}' without a quoted reason: "
                f'write skip: {skip.action} "why"'
            )
    for fence in page.fences:
        where = f"{path}:{fence.line}"
        if not fence.closed:
            problems.append(
                f"{where}: this fence is never closed (the rest of the page is code)"
            )
        nested = re.compile(
            rf"^{re.escape(fence.fence[0])}{{{len(fence.fence)},}}[ \t]*\S", re.M
        )
        inner = nested.search(fence.source)
        if inner:
            at = fence.line + 1 + fence.source.count("\n", 0, inner.start())
            problems.append(
                f"{path}:{at}: a fence opens inside the block opened at line "
                f"{fence.line}; is a closing fence missing?"
            )
        info = fence.info.split()[0].lower() if fence.info.split() else ""
        if info in FORBIDDEN:
            label = info or "no language"
            problems.append(
                f"{where}: a '{label}' fence; use 'python' or name the language"
            )
        elif info == "python":
            if fence.skip_reason is not None:
                continue  # the skip directive itself is checked above
            if not any(line in lines for line in range(fence.line, fence.last + 1)):
                problems.append(f"{where}: a python block that Sybil does not run")
        elif info not in OTHER_LANGUAGES:
            problems.append(f"{where}: unknown fence language '{info}'")
    return problems
