"""The quick loop and the one-page command run the examples and the page check."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _dev():
    spec = importlib.util.spec_from_file_location("lrdoc_dev", ROOT / ".ci" / "dev.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_quick_loop_runs_the_examples_and_the_page_check():
    quick = _dev().QUICK
    assert {"docs", "lrdoc", "tests/test_pages.py"} <= set(quick)
    assert "0" in quick and "no:playwright" in quick  # one process, no browser


def test_check_runs_one_page_and_its_page_check(monkeypatch):
    dev = _dev()
    calls = []
    monkeypatch.setattr(dev, "run", lambda *command: calls.append(command) or 0)
    monkeypatch.delenv("LRDOC_PAGES", raising=False)
    assert dev.check("python", ["docs/guides/choosing.md", "-x"]) == 0
    (command,) = calls
    assert "docs/guides/choosing.md" in command and "tests/test_pages.py" in command
    assert command[-1] == "-x" and "not docstring" in command
    assert dev.os.environ["LRDOC_PAGES"] == "docs/guides/choosing.md"


def test_check_says_what_is_missing(monkeypatch, capsys):
    dev = _dev()
    monkeypatch.setattr(dev, "run", lambda *command: 0)
    assert dev.check("python", []) == 2
    assert dev.check("python", ["docs/guides/no-such-page.md"]) == 2
    assert "no such file: docs/guides/no-such-page.md" in capsys.readouterr().out
