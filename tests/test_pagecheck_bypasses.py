"""Ways to put a wrong number on a page past the page check (issue 22), one fixture
each: every one is now reported with ``page:line``.

Each fixture's section prints 0.4512 and 7, so 0.45 and 7 are backed there; the
number each fixture smuggles in is not.
"""

from __future__ import annotations

import pytest

from tools import pagecheck

PRINTS = "```python\n>>> print(round(0.4512, 4), 3 + 4)\n0.4512 7\n```\n"


def page(prose: str, front: str = "", prints: str = PRINTS) -> str:
    """A page whose section "S" holds ``prose`` (from line 5, after the front
    matter) and an example that prints 0.4512 and 7."""
    return f"{front}# P\n\n## S\n\n{prose}\n\n{prints}"


FM = "---\ngivens: [1]\n{key}: {value}\n---\n"

BYPASSES = {
    # the list
    "text-after-a-comment": (page("<!-- note --> The loss is 0.46."), 5, "0.46"),
    "text-after-a-comment-mid-line": (page("The loss is <!-- x --> 0.46."), 5, "0.46"),
    "text-after-a-comment-over-lines": (
        page("<!-- a\nb --> The loss is 0.46."),
        6,
        "0.46",
    ),
    "heading-starting-with-a-number": (page("### 17 epochs are enough"), 5, "17"),
    "heading-starting-with-a-decimal": (page("### 0.46 is the loss"), 5, "0.46"),
    "digits-split-by-bold": (page("It took **1**4 runs.", prints="```python\n>>> 0 + 1, 2 + 2\n(1, 4)\n```\n"), 5, "14"),
    "digits-split-by-a-tag": (page("It took <b>1</b>4 runs.", prints="```python\n>>> 0 + 1, 2 + 2\n(1, 4)\n```\n"), 5, "14"),
    "digits-split-by-a-zero-width-space": (page("It took 1\u200b4 runs.", prints="```python\n>>> 0 + 1, 2 + 2\n(1, 4)\n```\n"), 5, "14"),
    "digits-split-by-a-soft-hyphen": (page("It took 1\u00ad4 runs.", prints="```python\n>>> 0 + 1, 2 + 2\n(1, 4)\n```\n"), 5, "14"),
    "digits-split-by-a-word-joiner": (page("It took 1\u20604 runs.", prints="```python\n>>> 0 + 1, 2 + 2\n(1, 4)\n```\n"), 5, "14"),
    "leading-dot-decimal": (page("The loss is .46 here."), 5, ".46"),
    "number-glued-to-a-factor": (page("It runs 7.5x faster."), 5, "7.5"),
    "number-glued-to-a-unit": (page("One step takes 46ms."), 5, "46"),
    "small-integer-stated-in-math": (page(r"We use \(\eta = 3\) here."), 5, "3"),
    "small-integer-stated-in-dollar-math": (page("We use $\\eta = 3$ here."), 5, "3"),
    "small-integer-stated-in-display-math": (page("\\[\n\\eta = 3\n\\]"), 5, "3"),
    "page-title-starting-with-a-number": ("# 46 ways to fail\n\n" + PRINTS, 1, "46"),
    "small-integer-in-math-words": (page(r"After \(k\ \text{3 epochs}\)."), 5, "3"),
    "front-matter-title": (
        FM.format(key="title", value="46 epochs") + "# P\n\n## S\n\n" + PRINTS,
        3,
        "46",
    ),
    "front-matter-description": (
        FM.format(key="description", value="The loss ends at 0.46") + page("Text."),
        3,
        "0.46",
    ),
    # found by attacking the check
    "image-title": (page('![The loss](loss.svg "loss 0.46")'), 5, "0.46"),
    "link-title": (page('See [the run](run.md "it ends at 0.46").'), 5, "0.46"),
    "reference-link-title": (
        page('See [the run][r].\n\n[r]: https://e.org/ "ends at 0.46"'),
        7,
        "0.46",
    ),
    "aria-label": (page('<span aria-label="loss 0.46">the loss</span>'), 5, "0.46"),
    "unquoted-alt": (page('<img src="x.png" alt=0.46>'), 5, "0.46"),
    "thin-space-thousands": (
        page("It took 10\u2009410 steps.", prints="```python\n>>> 10, 410\n(10, 410)\n```\n"),
        5,
        "10410",
    ),
    "no-break-space-thousands": (
        page("It took 10\u00a0410 steps.", prints="```python\n>>> 10, 410\n(10, 410)\n```\n"),
        5,
        "10410",
    ),
    "underscore-thousands": (page("It took 10_410 steps."), 5, "10410"),
    "number-after-a-comma": (page("The pair (7,46) wins."), 5, "46"),
    "line-starting-with-a-number-inside-a-paragraph": (
        page("The loss falls to\n46. Then it rises."),
        6,
        "46",
    ),
    "escaped-decimal-point": (page(r"The loss is 7\.46 here."), 5, "7.46"),
    "heading-hidden-by-a-comment": (
        "# P\n\n## A\n\n" + PRINTS + "\n## B <!-- note -->\n\nThe loss is 0.45.\n",
        12,
        "0.45",
    ),
    "printed-from-a-typed-string": (
        page("The loss is 0.46.", prints='```python\n>>> print("loss 0.46")\nloss 0.46\n```\n'),
        5,
        "0.46",
    ),
    "printed-from-an-echoed-literal": (
        page("The loss is 0.46.", prints="```python\n>>> 0.46\n0.46\n```\n"),
        5,
        "0.46",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BYPASSES))
def test_a_smuggled_number_is_reported_with_page_and_line(tmp_path, case):
    text, line, number = BYPASSES[case]
    path = tmp_path / "page.md"
    path.write_text(text)
    problems = pagecheck.prose_number_problems(path)
    assert [p.split(" (searched")[0] for p in problems] == [f"{path}:{line}: {number}"]


# ------------------------------------------------ docstrings on the API pages

MODULE = '''"""A module.

It trains for 46 epochs at :math:`\\\\eta = 0.46`.
"""


def fit(epochs=12):
    """Fit for 12 epochs (the default) and reach 0.3.

    Examples
    --------
    >>> round(0.3000001, 4)
    0.3
    """
    return epochs
'''


def test_docstring_prose_numbers_must_be_printed_or_in_the_code(tmp_path):
    module = tmp_path / "trainer.py"
    module.write_text(MODULE)
    assert pagecheck.docstring_problems(module, "lrdoc.trainer") == [
        f"{module}:3: 46 (docstring of lrdoc.trainer)",
        f"{module}:3: 0.46 (docstring of lrdoc.trainer)",
    ]


def test_a_private_module_is_not_on_the_api_pages(tmp_path):
    module = tmp_path / "_trainer.py"
    module.write_text(MODULE)
    assert pagecheck.docstring_problems(module, "lrdoc._trainer") == []
