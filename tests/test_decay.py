"""The decay page's experiments (lrdoc.experiments.decay) and replica (lrdoc.replicas.decay)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lrdoc import nn, schedules
from lrdoc.experiments import decay as results
from lrdoc.optimizers import SGD, Adam
from lrdoc.replicas import decay as replica

PAGE = Path(__file__).resolve().parents[1] / "docs" / "articles" / "decay.md"


@pytest.mark.parametrize(
    ("label", "make"),
    [
        ("SGD 0.2", lambda: SGD(0.2)),
        ("decayed 0.1", lambda: SGD(0.1, decay=0.01)),
        ("momentum", lambda: SGD(0.03, momentum=0.9)),
        ("Adam 0.01", lambda: Adam(0.01)),
        ("cosine", lambda: SGD(schedules.cosine(0.1, decay_steps=80))),
    ],
)
def test_seeds_at_once_are_nn_fit_seed_by_seed(label, make):
    runs = results.train_seeds(label, make)
    d = results.iris()
    for seed in (0, 7):
        net = nn.build(list(results.SIZES), list(results.ACTIVATIONS), seed=seed)
        history = nn.fit(
            net,
            make(),
            d.X[d.train],
            d.onehot[d.train],
            epochs=20,
            batch_size=32,
            loss="categorical_crossentropy",
            validation_data=(d.X[d.test], d.onehot[d.test]),
            seed=seed,
        )
        _, accuracy = nn.evaluate(
            net, d.X[d.test], d.onehot[d.test], "categorical_crossentropy"
        )
        np.testing.assert_allclose(runs.loss[seed], history.loss, rtol=1e-9)
        np.testing.assert_allclose(runs.val_loss[seed], history.val_loss, rtol=1e-9)
        assert runs.accuracy[seed] == pytest.approx(accuracy, abs=1e-12)
        np.testing.assert_array_equal(runs.learning_rates, history.learning_rates)


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
