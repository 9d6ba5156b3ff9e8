"""The page checks themselves: each one fails on a broken page, with ``page:line``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import pagecheck


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "page.md"
    path.write_text(text)
    return path


def numbers(page: Path) -> list[str]:
    """The problems, as ``line: number`` without the section details."""
    problems = pagecheck.prose_number_problems(page)
    prefix = f"{page}:"
    assert all(p.startswith(prefix) for p in problems), problems
    return [p[len(prefix) :].split(" (searched")[0] for p in problems]


# -------------------------------------------------- the false passes of issue 9

TRACE_ELSEWHERE = """# Page

## Trace

```python
>>> print("epoch  change")
epoch  change
>>> print(0.34)
0.34
```

## Claim

The nudge shifts the gradient by 0.3%.
"""


def test_a_percentage_backed_only_by_a_trace_table_elsewhere_fails(tmp_path):
    page = write(tmp_path, TRACE_ELSEWHERE)
    assert pagecheck.prose_number_problems(page) == [
        f'{page}:14: 0.3% (searched section "Claim", lines 12-14)'
    ]


def test_the_same_percentage_printed_in_its_section_passes(tmp_path):
    page = write(
        tmp_path,
        TRACE_ELSEWHERE + "\n```python\n>>> print(round(0.0034, 4))\n0.0034\n```\n",
    )
    assert numbers(page) == []


CLASS_COUNT_ELSEWHERE = """# Iris

## The data

```python
>>> print([35, 35, 35])
[35, 35, 35]
```

## The decayed run

The decayed run classifies 35 of the 38 test flowers.

```python
>>> print(36, 38)
36 38
```
"""


def test_a_count_backed_only_by_a_class_count_elsewhere_fails(tmp_path):
    page = write(tmp_path, CLASS_COUNT_ELSEWHERE)
    assert numbers(page) == ["12: 35"]


@pytest.mark.parametrize(
    "prose",
    [
        "| Rate | Loss |\n|---|---|\n| 0.1 | 2.75 |",
        '![The loss falls to 2.75](figures/loss.svg "Loss 2.75")',
        '<figure markdown>\n<img src="x.svg" alt="loss 2.75">\n'
        "<figcaption>The loss reaches 2.75.</figcaption>\n</figure>",
        '!!! note "Loss 2.75"\n    The loss reaches 2.75.',
        '=== "Loss 2.75"\n\n    The loss reaches 2.75.',
    ],
    ids=[
        "table-cell",
        "alt-text-and-title",
        "html-alt-and-caption",
        "admonition",
        "tab",
    ],
)
def test_a_number_in_a_table_alt_text_caption_or_admonition_is_checked(tmp_path, prose):
    elsewhere = "```python\n>>> print(2.75, 0.1)\n2.75 0.1\n```\n"
    page = write(tmp_path, f"# P\n\n## A\n\n{elsewhere}\n## B\n\n{prose}\n")
    found = numbers(page)
    assert found and all(f.endswith(": 2.75") or f.endswith(": 0.1") for f in found)
    assert all(int(f.split(":")[0]) >= 12 for f in found)  # every one in section B
    in_section = write(tmp_path, f"# P\n\n## B\n\n{prose}\n\n{elsewhere}")
    assert numbers(in_section) == []


# --------------------------------------------------------------- the rule


def test_a_subsection_is_searched_but_not_a_sibling_or_the_parent(tmp_path):
    page = write(
        tmp_path,
        "# P\n\n## A\n\nIt ends at 2.98.\n\n### A.1\n\n"
        "```python\n>>> round(2.98431, 9)\n2.98431\n```\n\n### A.2\n\nAgain 2.98.\n",
    )
    assert numbers(page) == ["16: 2.98"]


def test_the_lead_is_not_checked_against_the_whole_page(tmp_path):
    page = write(
        tmp_path,
        "# P\n\nThe weight ends at 2.98.\n\n## A\n\n```python\n>>> round(2.98, 9)\n2.98\n```\n",
    )
    assert numbers(page) == ["3: 2.98"]


def test_precision_is_the_precision_written(tmp_path):
    page = write(
        tmp_path,
        "It is 2.99, 2.984, 3 and 2.9843.\n\n```python\n>>> round(2.9843, 9)\n2.9843\n```\n",
    )
    assert numbers(page) == ["1: 2.99"]


def test_a_printed_value_backs_no_more_precision_than_it_has(tmp_path):
    page = write(tmp_path, "It is 0.450.\n\n```python\n>>> round(0.45, 9)\n0.45\n```\n")
    assert numbers(page) == ["1: 0.450"]


def test_only_printed_outputs_count_not_input_code(tmp_path):
    page = write(
        tmp_path,
        "A rate of 0.3 gives 7.5.\n\n```python\n>>> rate = 0.3\n>>> 25 * rate\n7.5\n"
        "```\n\n```python\nx = 0.3\n```\n",
    )
    assert numbers(page) == ["1: 0.3"]


def test_skipped_examples_back_nothing(tmp_path):
    page = write(
        tmp_path,
        "It is 7.5 and 8.5.\n\n```python\n>>> 7.5  # doctest: +SKIP\n7.5\n```\n\n"
        '<!-- skip: next "needs Keras" -->\n```python\n>>> round(8.5, 9)\n8.5\n```\n',
    )
    assert numbers(page) == ["1: 7.5", "1: 8.5"]


@pytest.mark.parametrize(
    ("prose", "printed"),
    [
        ("about 1.7e-6", "1.68e-06"),
        ("about 1.7 × 10⁻⁶", "1.68e-06"),
        (r"about \(1.7 \times 10^{-6}\)", "1.68e-06"),
        (r"below \(10^{-20}\)", "1e-20"),
        ("in 95% of runs", "0.95"),
        ("in 95% of runs", "95.0%"),
        ("a 0.3% shift", "0.0034"),
        ("10,410 steps", "10410"),
        ("the 3rd epoch", "3"),
    ],
)
def test_scientific_notation_percentages_and_separators(tmp_path, prose, printed):
    page = write(tmp_path, f"It is {prose}.\n\n```python\n>>> x\n{printed}\n```\n")
    assert numbers(page) == []
    unbacked = write(tmp_path, f"It is {prose}.\n\n```python\n>>> x\n7777\n```\n")
    assert len(numbers(unbacked)) == 1


@pytest.mark.parametrize("printed", ["95", "0.9", "96.0 %"])
def test_a_percentage_is_not_backed_by_a_count_or_a_rougher_fraction(tmp_path, printed):
    page = write(tmp_path, f"It is 95%.\n\n```python\n>>> x\n{printed}\n```\n")
    assert numbers(page) == ["1: 95%"]


def test_scientific_notation_is_read_whole(tmp_path):
    page = write(tmp_path, "It is 1.7e-6.\n\n```python\n>>> x\n1.7\n```\n")
    assert numbers(page) == ["1: 1.7e-6"]


def test_givens_code_spans_urls_names_and_markers_are_not_claims(tmp_path):
    page = write(
        tmp_path,
        "---\ngivens: [0.01, 2020]\n---\n# A 2020 study\n\n"
        "In 2020-06-01 a rate of 0.01 in `float32` and float64 with `x = 7.5`[^1], "
        "see [a page](https://example.org/7/8.html) and <https://e.org/9>.\n\n"
        "1. First\n2. Second\n\n"
        "[^1]: Published 2020.\n",
    )
    assert numbers(page) == []


def test_a_footnote_is_checked_in_the_section_that_cites_it(tmp_path):
    page = write(
        tmp_path,
        "# P\n\n## A\n\nSee this[^a].\n\n```python\n>>> round(5.5, 9)\n5.5\n```\n\n"
        "## B\n\nText.\n\n[^a]: It is 5.5, not 6.5.\n",
    )
    assert numbers(page) == ["16: 6.5"]


def test_numbers_in_math_are_checked_except_small_integers_and_indices(tmp_path):
    page = write(
        tmp_path,
        r"Here \(2/\lambda \approx 0.1198\), \(x_{10}^2\) and \(\eta = 12\)." "\n",
    )
    assert numbers(page) == ["1: 0.1198", "1: 12"]


def test_display_math_over_several_lines_is_checked(tmp_path):
    page = write(tmp_path, "Text\n\n\\[\nL = 0.25 \\cdot 3\n\\]\n")
    assert numbers(page) == ["3: 0.25"]


def test_heading_numbers_are_checked_in_their_section_and_section_numbers_are_not(
    tmp_path,
):
    page = write(
        tmp_path,
        "# P\n\n## 2. After one epoch: 0.45 and 4.6\n\n```python\n>>> round(0.45, 9)\n0.45\n```\n",
    )
    assert numbers(page) == ["3: 4.6"]


# --------------------------------------------------------- fences and skips


def test_an_unclosed_fence_is_rejected(tmp_path):
    page = write(
        tmp_path, "# P\n\n```python\n>>> round(1, 9)\n1\n\n## Later\n\nText.\n"
    )
    assert pagecheck.fence_problems(page) == [
        f"{page}:3: this fence is never closed (the rest of the page is code)"
    ]


def test_a_fence_opening_inside_a_block_is_rejected(tmp_path):
    page = write(
        tmp_path,
        "# P\n\n```python\nx = 1\n\n## Heading\n\n```python\ny = 2\n```\n\n## After\n",
    )
    problems = pagecheck.fence_problems(page)
    assert (
        f"{page}:8: a fence opens inside the block opened at line 3; "
        "is a closing fence missing?"
    ) in problems


def test_a_longer_outer_fence_may_show_a_fence(tmp_path):
    page = write(tmp_path, "````markdown\n```python\nx = 1\n```\n````\n")
    assert pagecheck.fence_problems(page) == []


def test_py_and_pycon_fences_are_rejected(tmp_path):
    page = write(tmp_path, "```py\nx = 1\n```\n\n```pycon\n>>> round(1, 9)\n1\n```\n")
    problems = pagecheck.fence_problems(page)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "a 'py' fence; use 'python' or name the language",
        "a 'pycon' fence; use 'python' or name the language",
    ]


def test_a_python_block_sybil_does_not_collect_is_rejected(tmp_path):
    page = write(tmp_path, "```python\nx = 1\n```\n")
    assert pagecheck.fence_problems(page, sybil_lines=set()) == [
        f"{page}:1: a python block that Sybil does not run"
    ]
    assert pagecheck.fence_problems(page) == []


@pytest.mark.parametrize("action", ["next", "start"])
def test_a_skip_needs_a_quoted_reason(tmp_path, action):
    end = "<!-- skip: end -->\n" if action == "start" else ""
    bare = write(
        tmp_path, f"<!-- skip: {action} -->\n```python\n>>> round(1, 9)\n2\n```\n{end}"
    )
    assert pagecheck.fence_problems(bare) == [
        f"{bare}:1: 'skip: {action}' without a quoted reason: "
        f'write skip: {action} "why"'
    ]
    reasoned = write(
        tmp_path,
        f'<!-- skip: {action} "needs Keras" -->\n```python\n>>> round(1, 9)\n2\n```\n{end}',
    )
    assert pagecheck.fence_problems(reasoned) == []


def test_other_languages_are_declared(tmp_path):
    page = write(tmp_path, "```bash\nls\n```\n\n```\nplain\n```\n")
    assert pagecheck.fence_problems(page) == [
        f"{page}:5: a 'no language' fence; use 'python' or name the language"
    ]


# ----------------------------------------------------------------- rendering


def test_a_heading_rendered_inside_a_code_block_is_rejected(tmp_path):
    page = write(
        tmp_path,
        "# P\n\n```python\nx = 1\n\n## Heading\n\n```python\ny = 2\n```\n\n## After\n",
    )
    assert pagecheck.rendered_heading_problems(page) == [
        f"{page}:6: the heading '## Heading' renders inside a code block"
    ]


def test_a_heading_the_reader_takes_for_code_is_rejected(tmp_path):
    # Sybil reads the indented fence as one block, the renderer sees a heading.
    page = write(tmp_path, "# P\n\n    ```python\n    x = 1\n## Heading\n    ```\n")
    assert pagecheck.rendered_heading_problems(page) == [
        f"{page}:1: the renderer sees 2 heading(s), the page reader 1; "
        "renderer only: ['Heading']"
    ]


def test_a_built_page_can_be_checked(tmp_path):
    page = write(tmp_path, "# P\n\nText.\n")
    built = "<h1>P</h1><pre><code>## Lost\n</code></pre>"
    assert pagecheck.rendered_heading_problems(page, rendered=built) == [
        f"{page}:1: the heading '## Lost' renders inside a code block"
    ]


def test_a_good_page_has_no_problem(tmp_path):
    page = write(
        tmp_path,
        "---\ngivens: [0.01]\n---\n# P\n\nA rate of 0.01.\n\n## Result\n\n"
        "The loss is 2.75.\n\n```python\n>>> round(2.7512, 9)\n2.7512\n```\n",
    )
    assert pagecheck.all_problems(page) == []


# ------------------------------------------- nav, Source box, figures (issue 23)


def _docs(tmp_path: Path, name: str, text: str) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    page = docs / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text)
    return docs, page


def test_a_page_missing_from_nav_is_one_message(tmp_path):
    docs, page = _docs(tmp_path, "guides/orphan.md", "# Orphan\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "nav:\n  - Home: index.md\n  - Guides:\n      - A: guides/a.md\n"
        "not_in_nav: |\n  reference/experiments/*.md\n"
    )
    assert pagecheck.nav_problems(page, docs=docs, config=config) == [
        f"{page}:1: this page is not in mkdocs.yml's nav: (add it where readers "
        "should find it; the strict build fails on a page missing from nav)"
    ]
    listed = docs / "guides" / "a.md"
    listed.write_text("# A\n")
    assert pagecheck.nav_problems(listed, docs=docs, config=config) == []
    _, generated = _docs(tmp_path, "reference/experiments/x.md", "# X\n")
    assert pagecheck.nav_problems(generated, docs=docs, config=config) == []


SOURCED = (
    "---\ngivens: [1]\n---\n\n# Title\n\n"
    '!!! quote "Source"\n    A. Author, "Title". [Article](https://example.org/).\n\n'
    "Text.\n"
)


def test_a_guide_opens_with_its_source_box(tmp_path):
    docs, page = _docs(tmp_path, "guides/g.md", SOURCED)
    assert pagecheck.source_box_problems(page, docs=docs) == []
    page.write_text(SOURCED.replace('!!! quote "Source"', '!!! quote "Sources"'))
    assert pagecheck.source_box_problems(page, docs=docs) == []


@pytest.mark.parametrize(
    ("text", "line", "why"),
    [
        (SOURCED.replace('!!! quote "Source"\n', "").replace("    A.", "A."), 7,
         "the page does not open with its Source box"),
        (SOURCED.replace('quote "Source"', 'note "Source"'), 7,
         "the page does not open with its Source box"),
        ("# Title\n\nText first.\n\n" + SOURCED.split("# Title\n\n")[1], 3,
         "the page does not open with its Source box"),
        (SOURCED.split("    A. Author")[0] + "\nText.\n", 7, "the Source box is empty"),
    ],
    ids=["deleted", "not-a-quote", "not-first", "empty"],
)  # fmt: skip
def test_an_article_without_its_source_box_fails_with_page_line(
    tmp_path, text, line, why
):
    docs, page = _docs(tmp_path, "articles/a.md", text)
    problems = pagecheck.source_box_problems(page, docs=docs)
    assert len(problems) == 1 and problems[0].startswith(f"{page}:{line}: {why}")


def test_pages_that_cite_no_source_need_no_box(tmp_path):
    docs, page = _docs(tmp_path, "glossary.md", "# Glossary\n\nText.\n")
    assert pagecheck.source_box_problems(page, docs=docs) == []


def test_a_figure_lrdoc_does_not_draw_or_without_alt_text_fails(tmp_path):
    page = write(
        tmp_path,
        "# P\n\n![The loss](../figures/known.svg)\n\n![](../figures/known.svg)\n\n"
        '<img src="../figures/typo-dark.svg" alt="x">\n\n'
        "`![alt](../figures/shown-in-code.svg)`\n",
    )
    assert pagecheck.figure_problems(page, known=frozenset({"known"})) == [
        f"{page}:5: the figure 'known' has no alt text",
        f"{page}:7: the figure 'typo' is not drawn by any @figure in lrdoc.figures "
        "(a typo, or a module missing from lrdoc.figures.MODULES?)",
    ]


def test_an_acronym_with_a_number_is_a_name(tmp_path):
    page = write(tmp_path, "On AVX-512 and GPT-2, not 46-fold.\n")
    assert numbers(page) == ["1: 46"]
