"""lrdoc.linesearch: Polyak's step and Armijo backtracking against closed forms on
quadratics, stacks against separate runs, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrdoc.linesearch import Armijo, PolyakStep


def column(records: list, m: int) -> list:
    """Model m's entry of every step's record (each a per-model array)."""
    return [np.asarray(r)[m] for r in records]


def quadratic(seed: int, n: int = 2, offset: bool = True):
    """f(x) = f_min + (x - x_min)^T A (x - x_min) / 2 with A symmetric positive
    definite (not diagonal), its gradient, and its parts."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    A = Q @ np.diag(rng.uniform(0.5, 5.0, size=n)) @ Q.T
    x_min, f_min = rng.normal(size=n), float(rng.normal())
    f_min = f_min if offset else 0.0  # 0: losses keep their digits near the minimum

    def f(x):
        e = x - x_min
        return f_min + 0.5 * float(e @ A @ e)

    def grad(x):
        return A @ (x - x_min)

    return f, grad, A, x_min, f_min


# ------------------------------------------------------------------------ Polyak


@pytest.mark.parametrize("a", [0.1, 1.0, 4.0, 250.0])
def test_polyak_on_one_axis_is_half_the_inverse_curvature(a):
    """f = a/2 x^2: eta = (a x^2/2) / (a x)^2 = 1/(2a), so every step halves x."""
    x = np.array([3.0])
    polyak = PolyakStep()
    for _ in range(10):
        polyak.apply([x], [a * x], loss=0.5 * a * float(x[0]) ** 2)
    assert polyak.rates == pytest.approx([1 / (2 * a)] * 10, rel=1e-14)
    assert x[0] == pytest.approx(3.0 / 2**10, rel=1e-13)


@pytest.mark.parametrize("seed", range(3))
def test_polyak_on_a_2d_quadratic_matches_the_closed_form(seed):
    """eta = (e^T A e / 2) / (e^T A^2 e) with e = x - x_min, at every step; the
    loss falls at every step and reaches the minimum."""
    f, grad, A, x_min, f_min = quadratic(seed)
    x = x_min + np.array([2.0, -1.5])
    polyak = PolyakStep(f_star=f_min)
    losses = [f(x)]
    for step in range(60):
        e = x - x_min
        expected = 0.5 * (e @ A @ e) / (e @ A @ A @ e)
        polyak.apply([x], [grad(x)], loss=f(x))
        if step < 10:  # later, f - f_min has lost its digits to f_min
            assert polyak.rates[-1] == pytest.approx(expected, rel=1e-10)
        losses.append(f(x))
    assert all(b <= a for a, b in zip(losses, losses[1:], strict=False))
    assert losses[-1] - f_min < 1e-8
    eigen = np.linalg.eigvalsh(A)
    assert all(
        1 / (2 * eigen[-1]) - 1e-12 <= r <= 1 / (2 * eigen[0]) + 1e-12
        for r in polyak.rates[:10]
    )


def test_polyak_cap_and_wrong_minimum():
    f, grad, _, x_min, f_min = quadratic(7)
    start = x_min + np.array([1.0, 1.0])
    # The cap binds: every rate is the smaller of the cap and the free rate.
    x = start.copy()
    free = PolyakStep(f_star=f_min).step_size([grad(x)], loss=f(x))
    capped = PolyakStep(f_star=f_min, gamma_max=free / 2)
    capped.apply([x], [grad(x)], loss=f(start))
    assert capped.rates == [free / 2]
    np.testing.assert_allclose(x, start - free / 2 * grad(start))
    # Too high: the descent stops on the level set f = f_star + 0.1.
    x = start.copy()
    high = PolyakStep(f_star=f_min + 0.1)
    for _ in range(200):
        high.apply([x], [grad(x)], loss=f(x))
    assert f(x) == pytest.approx(f_min + 0.1, abs=1e-9)
    assert high.rates[-1] == 0.0
    # Too low: the rate exceeds the true one at every step.
    x, y = start.copy(), start.copy()
    low, true = PolyakStep(f_star=f_min - 0.1), PolyakStep(f_star=f_min)
    for _ in range(5):
        assert low.step_size([grad(x)], f(x)) > true.step_size([grad(x)], f(x))
        low.apply([x], [grad(x)], loss=f(x))
        true.apply([y], [grad(y)], loss=f(y))
    assert f(x) > f(y)  # and it falls more slowly


def test_polyak_zero_gradient_takes_no_step():
    x = np.array([1.0, 2.0])
    polyak = PolyakStep()
    polyak.apply([x], [np.zeros(2)], loss=5.0)
    assert polyak.rates == [0.0]
    assert x.tolist() == [1.0, 2.0]


def test_polyak_stack_is_models_run_separately():
    problems = [quadratic(seed) for seed in range(3)]
    f_star = [p[4] for p in problems]
    stack = np.stack([p[3] + 1.0 for p in problems])
    singles = [row.copy() for row in stack]
    together = PolyakStep(f_star=f_star, gamma_max=[np.inf, 0.3, 1.0], models=3)
    apart = [
        PolyakStep(f_star=f_star[m], gamma_max=[np.inf, 0.3, 1.0][m]) for m in range(3)
    ]
    for _ in range(20):
        losses = np.array([problems[m][0](stack[m]) for m in range(3)])
        grads = np.stack([problems[m][1](stack[m]) for m in range(3)])
        together.apply([stack], [grads], loss=losses)
        for m in range(3):
            f, grad = problems[m][:2]
            apart[m].apply([singles[m]], [grad(singles[m])], loss=f(singles[m]))
    for m in range(3):
        np.testing.assert_allclose(stack[m], singles[m], rtol=1e-13, atol=1e-15)
        assert column(together.rates, m) == pytest.approx(apart[m].rates, rel=1e-13)


# ------------------------------------------------------------------------ Armijo


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(
    ("initial", "c", "shrink"), [(1.0, 1e-4, 0.5), (3.0, 0.5, 0.8)]
)
def test_armijo_accepts_the_first_rate_that_passes(seed, initial, c, shrink):
    """On a quadratic, eta passes iff eta <= 2 (1 - c) g^T g / g^T A g: the accepted
    rate is initial * shrink^j for the smallest such j, after j + 1 evaluations."""
    f, grad, A, x_min, _ = quadratic(seed, offset=False)
    x = x_min + np.array([1.5, -2.0])
    armijo = Armijo(initial_rate=initial, c=c, shrink=shrink)
    for _ in range(15):
        g = grad(x)
        bound = 2 * (1 - c) * (g @ g) / (g @ A @ g)
        j = max(0, math.ceil(math.log(bound / initial) / math.log(shrink) - 1e-12))
        before, start = f(x), x.copy()
        armijo.apply([x], [g], loss=before, loss_fn=lambda p: f(p[0]))
        assert armijo.rates[-1] == pytest.approx(initial * shrink**j, rel=1e-12)
        assert armijo.evaluations[-1] == j + 1
        eta = armijo.rates[-1]
        assert f(x) <= before - c * eta * (g @ g)  # the condition holds
        np.testing.assert_allclose(x, start - eta * g, rtol=1e-15)


def test_armijo_gives_up_without_a_step_and_shrinks_overflow():
    x = np.array([1.0])
    f = lambda p: float(2 * p[0][0] ** 2)  # noqa: E731
    armijo = Armijo(initial_rate=100.0, max_evaluations=3)
    armijo.apply([x], [4 * x], loss=2.0, loss_fn=f)
    assert (armijo.rates, armijo.evaluations, x.tolist()) == ([0.0], [3], [1.0])
    # A trial whose loss overflows fails like any other.
    # A trial whose loss overflows fails like any other (exp(990) is inf); the
    # search warns nothing. exp(1000 |x|) from 0.01 along -1: 2^-6 is the first
    # rate with |0.01 - eta| small enough.
    huge = lambda p: float(np.exp(1000 * abs(p[0][0])))  # noqa: E731
    armijo = Armijo(initial_rate=1.0)
    x = np.array([0.01])
    armijo.apply([x], [np.array([1.0])], loss=huge([x]), loss_fn=huge)
    assert armijo.rates == [2.0**-6]
    assert armijo.evaluations == [7]


def first(f):
    """A loss_fn for one model whose params are one array."""
    return lambda p: f(p[0])


def test_armijo_stack_is_models_run_separately():
    problems = [quadratic(seed) for seed in range(3)]
    stack = np.stack([p[3] + np.array([1.0, -2.0]) for p in problems])
    singles = [row.copy() for row in stack]
    initial = [1.0, 0.1, 5.0]

    def losses(arrays):
        return np.array([problems[m][0](arrays[0][m]) for m in range(3)])

    together = Armijo(initial_rate=initial, shrink=0.7, models=3)
    apart = [Armijo(initial_rate=initial[m], shrink=0.7) for m in range(3)]
    for _ in range(10):
        grads = np.stack([problems[m][1](stack[m]) for m in range(3)])
        together.apply([stack], [grads], loss=losses([stack]), loss_fn=losses)
        for m in range(3):
            f, grad = problems[m][:2]
            apart[m].apply(
                [singles[m]],
                [grad(singles[m])],
                loss=f(singles[m]),
                loss_fn=first(f),
            )
    for m in range(3):
        np.testing.assert_allclose(stack[m], singles[m], rtol=1e-13, atol=1e-15)
        assert column(together.rates, m) == pytest.approx(apart[m].rates, rel=1e-13)
        assert column(together.evaluations, m) == apart[m].evaluations
    assert (
        len({tuple(np.asarray(e)) for e in together.evaluations}) > 1
    )  # models differ


# --------------------------------------------------------------------- bad input

BAD: list[tuple[type, dict, type[Exception], str]] = [
    (
        PolyakStep,
        {"f_star": float("nan")},
        ValueError,
        "f_star must hold finite numbers, got nan at index 0",
    ),
    (PolyakStep, {"f_star": "0"}, TypeError, "f_star must"),
    (
        PolyakStep,
        {"gamma_max": 0.0},
        ValueError,
        r"gamma_max must hold numbers > 0 \(or inf\), got 0.0 at index 0",
    ),
    (
        PolyakStep,
        {"gamma_max": [1.0, 2.0], "models": 3},
        ValueError,
        "gamma_max must hold 1 or 3 values, got 2",
    ),
    (PolyakStep, {"models": 0}, ValueError, "models must be >= 1, got 0"),
    (
        Armijo,
        {"initial_rate": -1.0},
        ValueError,
        "initial_rate must hold finite numbers > 0, got -1.0 at index 0",
    ),
    (
        Armijo,
        {"initial_rate": float("inf")},
        ValueError,
        "initial_rate must hold finite numbers > 0, got inf at index 0",
    ),
    (Armijo, {"c": 1.0}, ValueError, r"c must be in \[0.0, 1.0\), got 1.0"),
    (Armijo, {"c": 0.0}, ValueError, r"c must be in \(0, 1\), got 0.0"),
    (Armijo, {"shrink": 0.0}, ValueError, r"shrink must be in \(0, 1\), got 0.0"),
    (Armijo, {"shrink": 1.5}, ValueError, r"shrink must be in \[0.0, 1.0\), got 1.5"),
    (Armijo, {"max_evaluations": 0}, ValueError, "max_evaluations must be >= 1, got 0"),
    (Armijo, {"max_evaluations": 2.5}, TypeError, "max_evaluations must be"),
]


@pytest.mark.parametrize(
    ("cls", "kwargs", "error", "message"),
    BAD,
    ids=[f"{c.__name__}-{next(iter(k))}" for c, k, _, _ in BAD],
)
def test_bad_settings_name_the_parameter_and_value(cls, kwargs, error, message):
    with pytest.raises(error, match=message):
        cls(**kwargs)


def test_bad_calls_name_what_is_wrong():
    x = np.array([1.0])
    f = lambda p: float(p[0][0] ** 2)  # noqa: E731
    with pytest.raises(ValueError, match=r"loss must be one number, got shape \(2,\)"):
        PolyakStep().apply([x], [x], loss=np.ones(2))
    with pytest.raises(TypeError, match="loss must"):
        PolyakStep().apply([x], [x], loss="1.0")
    with pytest.raises(
        ValueError, match=r"grads\[0\] must have shape \(1,\), got \(2,\)"
    ):
        PolyakStep().apply([x], [np.ones(2)], loss=1.0)
    with pytest.raises(TypeError, match=r"params\[0\] must be a float numpy array"):
        PolyakStep().apply([[1.0]], [x], loss=1.0)  # type: ignore[list-item]
    with pytest.raises(
        ValueError,
        match=r"loss must hold one number per model, "
        r"shape \(2,\), got shape \(\)",
    ):
        PolyakStep(models=2).apply([np.ones((2, 1))], [np.ones((2, 1))], loss=1.0)
    with pytest.raises(ValueError, match=r"params\[0\] must have 2 models along"):
        PolyakStep(models=2).apply([np.ones(3)], [np.ones(3)], loss=np.ones(2))
    with pytest.raises(TypeError, match="loss_fn must be callable, got 3"):
        Armijo().apply([x], [x], loss=1.0, loss_fn=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"loss_fn\(trial\) must be one number"):
        Armijo().apply([x], [x], loss=1.0, loss_fn=lambda p: p[0])
    assert x.tolist() == [1.0]  # nothing moved
    Armijo().apply([x], [2 * x], loss=f([x]), loss_fn=f)
    assert x.tolist() == [0.0]  # 1 fails, 0.5 lands on the minimum
