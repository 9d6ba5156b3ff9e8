"""Static checks of the Markdown pages: prose numbers and fenced blocks.

- :func:`prose_number_problems`: every number written in prose (outside code) must
  appear in an example on the same page (its code or its asserted output, to the
  precision written) or be declared under ``givens:`` in the page's front matter.
- :func:`fence_problems`: every fenced block is a Python block that Sybil runs, a
  block declared as another language, or a Python block skipped on purpose with a
  quoted reason (``<!-- skip: next "why" -->``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

OTHER_LANGUAGES = {
    "bash", "sh", "shell", "console", "text", "yaml", "toml", "json", "ini",
    "javascript", "js", "css", "html", "markdown", "md", "diff", "mermaid",
}  # fmt: skip
FORBIDDEN = {"py", "pycon", "python3", "ipython", ""}

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^\s`{]*)")
SKIP = re.compile(r"<!--\s*skip:\s*next(?P<reason>.*?)-->")
NUMBER = re.compile(
    r"(?<![\w.,^])(?<!\^\{-)(?<!\^\{)"  # not inside a word, not an exponent
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?![\w])(?!\.\d)(?!,\d{3})"
)
POWER_OF_TEN = re.compile(r"10\^\{?(?P<exp>[-−]?\d+)\}?")
CODE_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
INLINE_MATH = re.compile(r"\\\((.+?)\\\)")
DISPLAY_MATH = re.compile(r"\\\[(.+?)\\\]", re.DOTALL)


@dataclass
class Fence:
    line: int  # 1-based line of the opening fence
    info: str
    body: list[str] = field(default_factory=list)
    skip_reason: str | None = None


@dataclass
class Page:
    path: Path
    givens: list[float]
    fences: list[Fence]
    prose: list[tuple[int, str]]  # (line, text) outside code and front matter


def parse(path: Path) -> Page:
    """Split a page into front matter, fenced blocks and prose lines."""
    lines = path.read_text().splitlines()
    givens: list[float] = []
    start = 0
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
        givens = [float(g) for g in meta.get("givens", [])]
        start = end + 1
    fences: list[Fence] = []
    prose: list[tuple[int, str]] = []
    open_fence: tuple[str, str, Fence] | None = None
    pending_skip: str | None = None
    in_comment = False
    for number, text in enumerate(lines[start:], start=start + 1):
        if open_fence is not None:
            indent, marker, fence = open_fence
            stripped = text.strip()
            if stripped.startswith(marker) and set(stripped) <= set(marker[0]):
                open_fence = None
            else:
                fence.body.append(
                    text[len(indent) :] if text.startswith(indent) else text
                )
            continue
        match = FENCE.match(text)
        if match:
            fence = Fence(number, match["info"].lower(), skip_reason=pending_skip)
            fences.append(fence)
            open_fence = (match["indent"], match["fence"], fence)
            pending_skip = None
            continue
        skip = SKIP.search(text)
        if skip:
            pending_skip = skip["reason"].strip()
            continue
        if in_comment or "<!--" in text:
            in_comment = "-->" not in text.split("<!--")[-1]
            continue
        if text.strip():
            prose.append((number, text))
    return Page(path, givens, fences, prose)


def _code_numbers(page: Page) -> list[str]:
    """Number tokens in the page's Python examples, code and output alike."""
    found: list[str] = []
    for fence in page.fences:
        if fence.info == "python" and fence.skip_reason is None:
            for text in fence.body:
                found += CODE_NUMBER.findall(text)
    return found


def _strip_prose(text: str) -> tuple[str, list[str]]:
    """Remove code spans, link targets, URLs and HTML; return prose and math apart."""
    text = re.sub(r"^\s*\d+\.\s", " ", text)  # ordered-list markers
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link and image targets
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\{[:#.][^}]*\}", " ", text)  # attribute lists
    math = INLINE_MATH.findall(text) + DISPLAY_MATH.findall(text)
    text = DISPLAY_MATH.sub(" ", INLINE_MATH.sub(" ", text))
    return text, math


def _matches(written: str, candidates: list[float], givens: list[float]) -> bool:
    value = abs(float(written.replace(",", "")))
    decimals = len(written.split(".")[1]) if "." in written else 0
    if any(abs(g) == value for g in givens):
        return True
    if decimals == 0:
        return any(abs(c) == value for c in candidates)
    return any(round(abs(c), decimals) == value for c in candidates)


def prose_number_problems(path: Path) -> list[str]:
    """``page:line: number`` for each prose number that nothing on the page checks."""
    page = parse(path)
    candidates = [float(t) for t in _code_numbers(page)]
    problems = []
    text_lines = page.prose
    # Display math may span lines: join each paragraph's math before scanning.
    for line, text in text_lines:
        prose, math = _strip_prose(text)
        written = [m["number"] for m in NUMBER.finditer(prose)]
        for formula in math:
            for power in POWER_OF_TEN.finditer(formula):
                exponent = power["exp"].replace("−", "-")
                if not _matches(f"1e{exponent}", candidates, page.givens) and not any(
                    float(c) == float(f"1e{exponent}") for c in candidates
                ):
                    problems.append(f"{path}:{line}: 10^{exponent}")
            formula = POWER_OF_TEN.sub(" ", formula)
            written += [
                m["number"]
                for m in NUMBER.finditer(formula)
                if "." in m["number"] or int(m["number"].replace(",", "")) >= 10
            ]
        for number in written:
            if not _matches(number, candidates, page.givens):
                problems.append(f"{path}:{line}: {number}")
    return problems


def fence_problems(path: Path, sybil_lines: set[int]) -> list[str]:
    """``page:line: why`` for each fenced block that is neither run, declared nor
    skipped on purpose. ``sybil_lines`` are the lines of the examples Sybil collected."""
    problems = []
    for fence in parse(path).fences:
        where = f"{path}:{fence.line}"
        if fence.info in FORBIDDEN:
            label = fence.info or "no language"
            problems.append(
                f"{where}: a '{label}' fence; use 'python' or name the language"
            )
        elif fence.info == "python":
            if fence.skip_reason is not None:
                if not re.fullmatch(r"""(['"]).+\1""", fence.skip_reason):
                    problems.append(
                        f'{where}: skipped without a quoted reason: skip: next "why"'
                    )
                continue
            body = range(fence.line, fence.line + len(fence.body) + 2)
            if not any(line in sybil_lines for line in body):
                problems.append(f"{where}: a python block that Sybil does not run")
        elif fence.info not in OTHER_LANGUAGES:
            problems.append(f"{where}: unknown fence language '{fence.info}'")
    return problems
