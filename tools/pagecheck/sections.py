"""Sections: the part of a page a prose number is checked against."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.pagecheck.reader import Page, visible_lines

HEADING = re.compile(r"^\s*(?P<hashes>#{1,6})\s+(?P<title>.*?)\s*#*\s*$")
SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.\s+")
"""A section number ends with a dot (``## 2. Results``, ``## 2.1. Setup``); a heading
that starts with a bare number (``### 17 epochs are enough``) states it."""


@dataclass(frozen=True)
class Section:
    title: str
    first: int  # heading line (or 1 for the lead before any heading)
    last: int  # last line searched, inclusive


def _headings(page: Page) -> list[tuple[int, int, str]]:
    """(line, level, title) of each heading outside fences and comments."""
    found = []
    for number, text in enumerate(visible_lines(page), start=1):
        if number <= page.front_matter_end or number in page.code_lines:
            continue
        match = HEADING.match(text)
        if match:
            found.append((number, len(match["hashes"]), match["title"]))
    return found


def sections(page: Page) -> dict[int, Section]:
    """The section searched for each line of the page."""
    total = max(1, len(page.text.splitlines()))
    headings = _headings(page)
    result: dict[int, Section] = {}
    starts = [line for line, _, _ in headings]
    for index, (line, level, title) in enumerate(headings):
        stop = total
        for later, later_level, _ in headings[index + 1 :]:
            if level <= 1 or later_level <= level:
                stop = later - 1
                break
        own_end = starts[index + 1] - 1 if index + 1 < len(starts) else total
        section = Section(title, line, stop)
        for number in range(line, own_end + 1):
            result[number] = section
    lead_end = starts[0] - 1 if starts else total
    lead = Section("(before the first heading)", 1, lead_end)
    for number in range(1, lead_end + 1):
        result[number] = lead
    return result
