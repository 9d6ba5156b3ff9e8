"""The decay page's experiments (lrdoc.experiments.decay) and replica (lrdoc.replicas.decay)."""

from __future__ import annotations

from pathlib import Path

from lrdoc.experiments import decay as results
from lrdoc.replicas import decay as replica

PAGE = Path(__file__).resolve().parents[1] / "docs" / "articles" / "decay.md"


def test_a_dead_layer_stays_dead():
    for runs in (*results.constant().runs, *results.decayed().runs):
        for live, died in zip(runs.live_units, runs.died_at, strict=True):
            if died is not None:
                assert live[died:].max() == 0 and live[died - 1] > 0


def test_replica_holds_only_the_published_table_and_its_rule():
    public = {n for n in vars(replica) if not n.startswith("_") and n != "annotations"}
    assert public <= {"PUBLISHED", "truncate", "recursive_truncated", "math", "_checks"}
    assert tuple(replica.recursive_truncated()) == replica.PUBLISHED


def test_errata_name_sections_that_show_both_values():
    text = PAGE.read_text()
    for erratum in results.ERRATA:
        assert "{#" + erratum.anchor + "}" in text
        section = text.split("{#" + erratum.anchor + "}", 1)[1].split("\n## ", 1)[0]
        assert erratum.as_published in section and erratum.as_computed in section
