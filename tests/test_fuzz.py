"""Substitution fuzzing (tools/fuzz.py, issue 22): the modules that pass it stay clean.

Every public function of a module listed in ``CLEAN`` is called as its docstring
example calls it, with one argument at a time replaced by a bad value; each call must
end in a ValueError or TypeError that names the parameter or the value, or in a result
that is honest (no unexplained NaN, no unusable value accepted). A new public function
in one of these modules is fuzzed as soon as its example calls it. The modules not yet
listed are the work left: ``python -m tools.fuzz`` lists their findings.
"""

from __future__ import annotations

import signal

import pytest

from lrdoc.nn.activations import ACTIVATIONS
from tools import fuzz

CLEAN = [
    "lrdoc.adaptive",
    "lrdoc.analysis",
    "lrdoc.data",
    "lrdoc.divergence",
    "lrdoc.experiments.adaptive",
    "lrdoc.experiments.choosing",
    "lrdoc.experiments.deeplizard",
    "lrdoc.experiments.explorer",
    "lrdoc.experiments.gad",
    "lrdoc.experiments.primer",
    "lrdoc.experiments.stability",
    "lrdoc.figures",
    "lrdoc.figures.style",
    "lrdoc.linesearch",
    "lrdoc.gradients",
    "lrdoc.losses",
    "lrdoc.models",
    "lrdoc.nn.activations",
    "lrdoc.nn.exact",
    "lrdoc.nn.fitting",
    "lrdoc.nn.layers",
    "lrdoc.nn.losses",
    "lrdoc.nn.network",
    "lrdoc.nn.stack",
    "lrdoc.optimizers",
    "lrdoc.perceptron",
    "lrdoc.range_test",
    "lrdoc.replicas.decay",
    "lrdoc.replicas.gad",
    "lrdoc.replicas.mcvp",
    "lrdoc.schedules",
    "lrdoc.sharpness",
    "lrdoc.stats",
    "lrdoc.tables",
    "lrdoc.training",
]
"""Modules with no finding today; each one fixed joins the list."""

PASS_NON_FINITE = {
    *(f"lrdoc.divergence.{name}" for name in ("describe", "diverged", "onset")),
    *(f"lrdoc.divergence.{name}" for name in ("rose", "saturated")),
    *(f"lrdoc.nn.activations.{name}" for name in ACTIVATIONS),
    *(f"lrdoc.nn.activations.{name}_backward" for name in ACTIVATIONS),
    "lrdoc.experiments.gad.training_error",
    "lrdoc.experiments.primer.steps_to_arrive",
    "lrdoc.analysis.stays_below",
    "lrdoc.nn.losses.seen_probabilities",
    "lrdoc.replicas.gad.activation_function",
    "lrdoc.replicas.gad.prediction_error",
    "lrdoc.replicas.gad.update_weights",
    "lrdoc.replicas.gad.predict_new_inputs",
    "lrdoc.tables.significant",
}
"""Functions that take NaN and infinity on purpose: the divergence rule classifies
any loss, the experiments' measures of a run say what a diverged run did (never
arrives, never stays below, an infinite error), a diverging network's activations
pass them on to the run's record, and Gad's loop without a learning rate overflows
and goes on, as the article's does, through his functions; a number that is not
finite is shown as a dash by ``tables.significant``."""

NON_FINITE = {"nan", "inf", "-inf", "array([nan, nan])"}

BAND_OF = "lrdoc.experiments.choosing.band_of"
"""Its result is ``(nan, nan)`` when no rate is within the reference: said in its
docstring, and what a reference of 1e-300 gives."""

LIKE_NUMPY = {
    "lrdoc.nn.exact.exp",
    "lrdoc.nn.exact.log",
    "lrdoc.nn.exact.tanh",
    "lrdoc.perceptron.clipped_linear",
    "lrdoc.perceptron.predict",
}
"""Element-wise functions with numpy's contract: any float array in, NaN out where
the mathematics has no value (the log of a negative number), empty in, empty out.
Likewise ``tables.format_table`` with no rows is a table of headers alone."""


@pytest.fixture
def alarm():
    previous = signal.signal(signal.SIGALRM, fuzz._alarm)
    yield
    signal.signal(signal.SIGALRM, previous)


SLOW = {
    "lrdoc.figures",
    "lrdoc.replicas.gad",
    *(m for m in CLEAN if ".experiments." in m),
}
"""Modules whose fuzzing takes seconds (Gad's loop runs to its safety stop at a tiny
rate; the figures' examples compute every figure key; a page module's calls come from
running its page): marked slow."""


@pytest.mark.parametrize(
    "module",
    [pytest.param(m, marks=pytest.mark.slow) if m in SLOW else m for m in CLEAN],
)
def test_every_bad_argument_is_refused_by_name(module, alarm):
    report = fuzz.run(module, inside=False)
    assert report.functions, f"{module}: no example call was recorded"
    assert _unexplained(report) == []


UNCALLED = {
    "lrdoc.experiments.choosing.validation_data",
    "lrdoc.experiments.errata.collect",
    "lrdoc.experiments.gad.per_update_bound",
    "lrdoc.experiments.gad.published_paths",
    "lrdoc.experiments.gad.update_factor",
    "lrdoc.figures.FigureSourceError",
    "lrdoc.figures.draw",
    "lrdoc.figures.figure_key",
    "lrdoc.figures.load_or_explain",
    "lrdoc.figures.settings",
    "lrdoc.nn.fitting.Optimizer",
}
"""Public names that no docstring example or page calls directly: called inside a
stored experiment or by the build's hooks (or an exception, or a protocol). A new
public function must not join them: give it an example."""


@pytest.mark.slow
def test_every_public_name_is_fuzzed_and_refuses_bad_input(alarm):
    """The whole package and every page: 0 escapes, 0 hangs, 0 unnamed errors, 0
    silent accepts or NaNs but the declared ones, and no new public function
    without a call to start from."""
    report = fuzz.run()
    assert _unexplained(report) == []
    assert set(report.without_example) == UNCALLED


def _unexplained(report: fuzz.Report) -> list[str]:
    """The findings no declaration above explains."""
    return [
        f"{f.name}({f.parameter}={f.value}): {f.outcome} {f.detail}"
        for f in report.findings
        if f.outcome != "named"
        and not (f.name in PASS_NON_FINITE and f.value in NON_FINITE)
        and not (f.name in LIKE_NUMPY and f.outcome in ("accepted", "nan"))
        and not (f.name == "lrdoc.tables.format_table" and f.parameter == "rows")
        and not (f.name == BAND_OF and f.parameter == "reference")
    ]


def test_the_fuzz_finds_an_unnamed_error_an_escape_and_a_silent_accept(alarm):
    def picky(rate: float = 0.1) -> float:
        if rate != rate:
            raise ValueError("bad")  # names neither parameter nor value
        if rate == float("inf"):
            return 1 / 0  # escapes as ZeroDivisionError
        return rate

    call = fuzz.Call("picky", picky, {"rate": 0.1})
    outcomes = {(f.value, f.outcome) for f in fuzz.fuzz(call)}
    assert ("nan", "unnamed") in outcomes
    assert ("inf", "escape") in outcomes
    assert ("-inf", "accepted") in outcomes
