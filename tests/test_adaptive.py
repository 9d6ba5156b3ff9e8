"""lrdoc.adaptive against the reference packages: dadaptation 3.2, prodigyopt 1.1.2 and
schedulefree 1.4.1 under torch 2.13.0, float64.

tests/reference/torch_adaptive.py (run in a scratch environment, never the project's)
recorded 22 runs of 25 full-batch steps into tests/reference/adaptive_values.json:
both problems' inputs, every step's loss, parameters and estimates. Here each run is
replayed with lrdoc.adaptive from the same inputs, with the gradient computed in
numpy, and every recorded number must agree to 1e-10 relative (the scale of a step's
vector is its largest entry, so an entry near 0 is not held to 1e-10 of itself).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from lrdoc import adaptive

REFERENCE = json.loads(
    (Path(__file__).parent / "reference" / "adaptive_values.json").read_text()
)
RUNS = REFERENCE["runs"]
TOLERANCE = adaptive.REFERENCE_TOLERANCE

# --------------------------------------------------------------------- the problems


def quadratic(params: list[np.ndarray]) -> tuple[float, list[np.ndarray]]:
    """Loss mean((X w - y)^2) / 2 and its gradient X^T (X w - y) / n."""
    data = REFERENCE["problems"]["quadratic"]
    X, y = np.array(data["X"]), np.array(data["y"])
    residual = X @ params[0] - y
    return float(residual @ residual / (2 * len(y))), [X.T @ residual / len(y)]


def mlp(params: list[np.ndarray]) -> tuple[float, list[np.ndarray]]:
    """Mean cross-entropy of softmax(tanh(X W1 + b1) W2 + b2), by backpropagation."""
    data = REFERENCE["problems"]["mlp"]
    X, labels = np.array(data["X"]), np.array(data["labels"])
    W1, b1, W2, b2 = params
    hidden = np.tanh(X @ W1 + b1)
    logits = hidden @ W2 + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = len(labels)
    loss = -float(log_p[np.arange(n), labels].mean())
    d_logits = np.exp(log_p)
    d_logits[np.arange(n), labels] -= 1.0
    d_logits /= n
    d_pre = (d_logits @ W2.T) * (1.0 - hidden**2)
    grads = [X.T @ d_pre, d_pre.sum(axis=0), hidden.T @ d_logits, d_logits.sum(axis=0)]
    return loss, grads


PROBLEMS = {"quadratic": quadratic, "mlp": mlp}


def initial(problem: str) -> list[np.ndarray]:
    data = REFERENCE["problems"][problem]
    if problem == "quadratic":
        return [np.array(data["w0"])]
    return [np.array(data[name]) for name in ("W1", "b1", "W2", "b2")]


def flat(params: list[np.ndarray]) -> np.ndarray:
    return np.concatenate([p.ravel() for p in params])


# ------------------------------------------------------------------ the optimizers

CLASSES = {
    "DAdaptSGD": adaptive.DAdaptSGD,
    "DAdaptAdam": adaptive.DAdaptAdam,
    "Prodigy": adaptive.Prodigy,
    "SGDScheduleFree": adaptive.ScheduleFreeSGD,
    "AdamWScheduleFree": adaptive.ScheduleFreeAdamW,
}
RENAMED = {"eps": "epsilon", "beta3": "beta_3"}


def build(run: dict, models: int | None = None):
    """The lrdoc optimizer for a recorded run, every setting carried over."""
    kwargs = {}
    for key, value in run["settings"].items():
        if key == "betas":
            kwargs["beta_1"], kwargs["beta_2"] = value
        elif key == "decouple" or (
            key == "weight_decay" and "ScheduleFree" not in run["optimizer"]
        ):
            assert value in (False, 0), (key, value)  # unused when decay is 0
        else:
            kwargs[RENAMED.get(key, key)] = math.inf if value == "inf" else value
    return CLASSES[run["optimizer"]](**kwargs, models=models)


def replay(run: dict) -> dict[str, list[np.ndarray]]:
    """Run lrdoc's optimizer through the recorded steps; record what the JSON has."""
    gradient = PROBLEMS[run["problem"]]
    params = initial(run["problem"])
    opt = build(run)
    out: dict[str, list] = {
        key: [] for key in ("loss", "params", "d", "d_hat", "d_max", "x", "z")
    }
    for _ in range(REFERENCE["steps"]):
        loss, grads = gradient(params)
        out["loss"].append(np.array([loss]))
        opt.apply(params, grads)
        out["params"].append(flat(params))
        if isinstance(opt, adaptive.ScheduleFreeSGD):
            out["x"].append(flat(opt.evaluation_params(params)))
            assert opt._z is not None
            out["z"].append(flat(opt._z))
        else:
            out["d"].append(opt.d.copy())
            out["d_hat"].append(opt.d_hat.copy())
        if isinstance(opt, adaptive.Prodigy):
            out["d_max"].append(opt.d_max.copy())
    return out


def relative_error(ours: list[np.ndarray], theirs: list) -> float:
    """Largest over steps of max|ours - theirs| / max|theirs| (the gap, at 0)."""
    worst = 0.0
    for a, b in zip(ours, theirs, strict=True):
        b = np.atleast_1d(np.asarray(b, dtype=float))
        scale = np.max(np.abs(b))
        gap = float(np.max(np.abs(a - b)))
        worst = max(worst, gap / scale if scale > 0 else gap)  # 0 must be exact
    return worst


def run_id(run: dict) -> str:
    return f"{run['problem']}-{run['optimizer']}-{run['label']}"


@pytest.fixture(scope="module")
def replays() -> dict[str, dict]:
    return {run_id(run): replay(run) for run in RUNS}


def test_the_reference_file_is_what_this_test_expects():
    assert REFERENCE["dtype"] == "float64"
    assert REFERENCE["versions"]["dadaptation"] == "3.2"
    assert REFERENCE["versions"]["prodigyopt"] == "1.1.2"
    assert REFERENCE["versions"]["schedulefree"] == "1.4.1"
    assert TOLERANCE == 1e-10  # the bar
    assert len(RUNS) == 22
    assert {run["optimizer"] for run in RUNS} == set(CLASSES)
    assert all(len(run["params"]) == REFERENCE["steps"] == 25 for run in RUNS)


@pytest.mark.parametrize("run", RUNS, ids=run_id)
def test_replays_the_reference_run(run, replays):
    ours = replays[run_id(run)]
    fields = [
        key for key in ("loss", "params", "d", "d_hat", "d_max", "x", "z") if key in run
    ]
    assert "params" in fields and len(fields) >= 3
    for key in fields:
        error = relative_error(ours[key], run[key])
        assert error <= TOLERANCE, (key, error)


def test_the_runs_move():
    """The agreement means something: every run changes its parameters and d grows."""
    for run in RUNS:
        start, end = flat(initial(run["problem"])), np.array(run["params"][-1])
        assert np.max(np.abs(end - start)) > 1e-3, run_id(run)
        if "d" in run:
            assert run["d"][-1] > 100 * run["settings"]["d0"], run_id(run)


# Printed by tests/reference/torch_schedulefree_decay.py (torch 2.13.0, schedulefree
# 1.4.1): the averaged point after 30 steps with weight decay 0.1 and 3 warm-up steps,
# the one path the JSON's runs (all without weight decay) leave out.
SGD_DECAY = [
    -0.3633372297974072,
    -0.07491579349134624,
    0.00011595706996459312,
    -0.006497661775172844,
]
ADAMW_DECAY = [
    -0.3910927951352388,
    0.6731138478024911,
    -0.05373441950575854,
    0.21454901942421575,
]


@pytest.mark.parametrize(
    ("cls", "expected"),
    [(adaptive.ScheduleFreeSGD, SGD_DECAY), (adaptive.ScheduleFreeAdamW, ADAMW_DECAY)],
    ids=["SGD", "AdamW"],
)
def test_schedule_free_weight_decay_matches_the_package(cls, expected):
    rng = np.random.default_rng(3)
    X, y, w = rng.normal(size=(15, 4)), rng.normal(size=15), rng.normal(size=4)
    opt = cls(0.05, 0.9, weight_decay=0.1, warmup_steps=3)
    for _ in range(30):
        opt.apply([w], [X.T @ (X @ w - y) / len(y)])
    x = opt.evaluation_params([w])[0]
    assert relative_error([x], [expected]) <= TOLERANCE


# ---------------------------------------------------------------- stacks of models

STACKED = [
    (adaptive.DAdaptSGD, {"momentum": 0.9, "d0": [1e-6, 1e-4, 1e-2]}),
    (adaptive.DAdaptAdam, {"lr": [1.0, 0.5, 2.0], "use_bias_correction": True}),
    (adaptive.Prodigy, {"d0": [1e-6, 1e-5, 1e-3], "safeguard_warmup": True}),
    (adaptive.ScheduleFreeSGD, {"lr": [0.1, 0.05, 0.2], "warmup_steps": 3}),
    (adaptive.ScheduleFreeAdamW, {"lr": [0.05, 0.1, 0.02], "weight_decay": 0.01}),
]


@pytest.mark.parametrize(
    ("cls", "kwargs"), STACKED, ids=lambda v: getattr(v, "__name__", "")
)
def test_a_stack_of_models_is_models_run_separately(cls, kwargs):
    rng = np.random.default_rng(5)
    M = 3
    A = rng.normal(size=(M, 6, 4))
    b = rng.normal(size=(M, 6))
    stack = [rng.normal(size=(M, 4)), rng.normal(size=(M, 2, 2))]
    singles = [[p[m].copy() for p in stack] for m in range(M)]

    def grads(m, w, v):  # a quadratic in (w, v), different for each model
        r = A[m] @ w + v.ravel().sum() - b[m]
        return [A[m].T @ r, np.full((2, 2), r.sum())]

    opt = cls(**kwargs, models=M)
    each = [
        cls(**{k: (v[m] if isinstance(v, list) else v) for k, v in kwargs.items()})
        for m in range(M)
    ]
    for _ in range(30):
        g = [grads(m, stack[0][m], stack[1][m]) for m in range(M)]
        opt.apply(stack, [np.stack([gm[i] for gm in g]) for i in range(2)])
        for m in range(M):
            each[m].apply(singles[m], grads(m, *singles[m]))
    for m in range(M):
        for p, q in zip(stack, singles[m], strict=True):
            np.testing.assert_allclose(p[m], q, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(
            np.atleast_1d(opt.current_learning_rate())[m],
            each[m].current_learning_rate(),
            rtol=1e-12,
        )
        if isinstance(opt, adaptive.ScheduleFreeSGD):
            for p, q in zip(
                opt.evaluation_params(stack),
                each[m].evaluation_params(singles[m]),
                strict=True,
            ):
                np.testing.assert_allclose(p[m], q, rtol=1e-12, atol=1e-14)
        else:
            assert opt.d[m] == pytest.approx(each[m].d[0], rel=1e-12)


def test_a_single_model_reports_floats():
    opt = adaptive.Prodigy()
    w = np.zeros(2)
    opt.apply([w], [np.array([1.0, -2.0])])
    assert isinstance(opt.current_learning_rate(), float)


# -------------------------------------------------------------------- bad input

BAD: list[tuple[type, dict, type[Exception], str]] = [
    (
        adaptive.DAdaptSGD,
        {"lr": -1.0},
        ValueError,
        "lr must hold finite numbers > 0, got -1.0",
    ),
    (
        adaptive.DAdaptSGD,
        {"momentum": 1.0},
        ValueError,
        r"momentum must be in \[0.0, 1.0\), got 1.0",
    ),
    (
        adaptive.DAdaptSGD,
        {"d0": 0.0},
        ValueError,
        "d0 must hold finite numbers > 0, got 0.0",
    ),
    (
        adaptive.DAdaptSGD,
        {"growth_rate": 0.5},
        ValueError,
        "growth_rate must be a number >= 1 or inf, got 0.5",
    ),
    (
        adaptive.DAdaptSGD,
        {"growth_rate": float("nan")},
        ValueError,
        "growth_rate must be a number >= 1 or inf, got nan",
    ),
    (adaptive.DAdaptSGD, {"models": 0}, ValueError, "models must be >= 1, got 0"),
    (
        adaptive.DAdaptSGD,
        {"lr": [1.0, 2.0], "models": 3},
        ValueError,
        "lr must hold 1 or 3 values, got 2",
    ),
    (
        adaptive.DAdaptAdam,
        {"beta_2": 1.0},
        ValueError,
        r"beta_2 must be in \[0.0, 1.0\), got 1.0",
    ),
    (
        adaptive.DAdaptAdam,
        {"epsilon": 0.0},
        ValueError,
        "epsilon must be a finite number > 0, got 0.0",
    ),
    (
        adaptive.DAdaptAdam,
        {"use_bias_correction": 1},
        TypeError,
        "use_bias_correction must be True or False, got 1",
    ),
    (
        adaptive.Prodigy,
        {"d_coef": -0.5},
        ValueError,
        "d_coef must be a finite number > 0, got -0.5",
    ),
    (
        adaptive.Prodigy,
        {"beta_3": 1.5},
        ValueError,
        r"beta_3 must be in \[0.0, 1.0\), got 1.5",
    ),
    (
        adaptive.Prodigy,
        {"beta_1": "0.9"},
        TypeError,
        "beta_1 must be a real number, got '0.9'",
    ),
    (
        adaptive.Prodigy,
        {"safeguard_warmup": "yes"},
        TypeError,
        "safeguard_warmup must be True or False, got 'yes'",
    ),
    (
        adaptive.ScheduleFreeSGD,
        {"momentum": 0.0},
        ValueError,
        r"momentum must be in \(0, 1\), got 0.0",
    ),
    (
        adaptive.ScheduleFreeSGD,
        {"warmup_steps": -1},
        ValueError,
        "warmup_steps must be >= 0, got -1",
    ),
    (
        adaptive.ScheduleFreeSGD,
        {"weight_decay": -0.1},
        ValueError,
        "weight_decay must be >= 0, got -0.1",
    ),
    (adaptive.ScheduleFreeSGD, {"r": -1.0}, ValueError, "r must be >= 0, got -1.0"),
    (
        adaptive.ScheduleFreeAdamW,
        {"lr": float("inf")},
        ValueError,
        "lr must hold finite numbers > 0, got inf",
    ),
    (
        adaptive.ScheduleFreeAdamW,
        {"weight_lr_power": float("nan")},
        ValueError,
        "weight_lr_power must be finite, got nan",
    ),
]


@pytest.mark.parametrize(
    ("cls", "kwargs", "error", "message"),
    BAD,
    ids=[f"{c.__name__}-{next(iter(k))}" for c, k, _, _ in BAD],
)
def test_bad_hyperparameters_name_the_parameter_and_value(cls, kwargs, error, message):
    with pytest.raises(error, match=message):
        cls(**kwargs)


@pytest.mark.parametrize("cls", list(CLASSES.values()), ids=lambda c: c.__name__)
def test_bad_arrays_name_what_is_wrong(cls):
    opt = cls()
    with pytest.raises(
        ValueError, match=r"grads\[0\] must have shape \(2,\), got \(3,\)"
    ):
        opt.apply([np.zeros(2)], [np.zeros(3)])
    with pytest.raises(TypeError, match=r"params\[0\] must be a float numpy array"):
        opt.apply([[0.0, 1.0]], [np.zeros(2)])
    with pytest.raises(ValueError, match="same length, got 1 and 2"):
        opt.apply([np.zeros(2)], [np.zeros(2), np.zeros(2)])
    stacked = cls(models=2)
    with pytest.raises(
        ValueError,
        match=r"params\[0\] must have 2 models along its first axis, got shape \(3,\)",
    ):
        stacked.apply([np.zeros(3)], [np.zeros(3)])
