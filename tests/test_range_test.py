"""lrdoc.range_test: fastai's lr_find schedule, smoothing, stopping and suggestions."""

import math

import numpy as np
import pytest

from lrdoc import range_test as rt


def _quadratic_step(w0=1.0):
    w = [w0]

    def step(rate):
        loss = w[0] ** 2
        w[0] -= rate * 2 * w[0]
        return loss

    return step


def test_rates_follow_fastai_sched_exp():
    # fastai: before_batch sets lr = start * (end/start) ** (train_iter / num_it)
    test = rt.range_test(lambda rate: 1.0, start_lr=1e-7, end_lr=10, num_it=100)
    expected = [1e-7 * (10 / 1e-7) ** (k / 100) for k in range(100)]
    np.testing.assert_allclose(test.rates, expected, rtol=1e-14)
    assert test.stopped == "num_it"


def test_smoothing_is_fastai_avg_smooth_loss():
    losses = [3.0, 1.0, 2.0, 5.0, 0.5, 0.25, 1.5]
    it = iter(losses)
    test = rt.range_test(lambda rate: next(it), num_it=7, stop_div=False)
    val, expected = 0.0, []
    for count, loss in enumerate(losses, start=1):
        val = loss + 0.98 * (val - loss)  # torch.lerp(loss, val, beta)
        expected.append(val / (1 - 0.98**count))
    np.testing.assert_allclose(test.losses, expected, rtol=1e-14)
    np.testing.assert_array_equal(test.raw_losses, losses)


def test_stops_when_smoothed_loss_exceeds_four_times_its_minimum():
    test = rt.range_test(_quadratic_step(), start_lr=1e-3, end_lr=10, num_it=100)
    assert test.stopped == "diverged"
    assert test.losses[-1] > 4 * test.losses[:-1].min()
    assert np.all(test.losses[:-1] <= 4 * np.minimum.accumulate(test.losses[:-1]))


def test_stops_at_a_non_finite_loss_and_trims_as_fastai_would():
    losses = [1.0] * 30 + [math.nan] * 70
    it = iter(losses)
    test = rt.range_test(lambda rate: next(it), num_it=100)
    assert test.stopped == "non-finite" and len(test.rates) == 31
    lrs, curve = rt.trimmed(test)
    # fastai records NaN up to num_it, slices [10:-5], then cuts at the first NaN.
    assert lrs.size == 20 and np.isfinite(curve).all()


def test_fastai_raises_num_it_to_6():
    assert len(rt.range_test(lambda rate: 1.0, num_it=2).rates) == 6


def test_minimum_and_steep_by_hand():
    lrs = np.array([1e-3, 1e-2, 1e-1, 1.0, 10.0])
    losses = np.array([1.0, 0.9, 0.4, 0.3, 2.0])
    assert rt.minimum(lrs, losses).rate == pytest.approx(0.1)
    # slopes per decade: -0.1, -0.5, -0.1, +1.7 -> the steepest starts at 1e-2
    assert rt.steep(lrs, losses).rate == pytest.approx(1e-2)


def test_valley_quirks():
    lrs = np.geomspace(1e-4, 1, 9)
    # longest decreasing run: indices 1..8 (8 points); fastai's max_start = 8 - 8 = 0,
    # one index before the valley's first point
    losses = np.array([0.5, 2.0, 1.9, 1.8, 1.7, 1.6, 1.5, 1.4, 1.3])
    # sections = 8/3; idx = 0 + int(2.67) + int(1.33) = 3
    assert rt.valley(lrs, losses).rate == pytest.approx(lrs[3])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"start_lr": 0.0}, ValueError, "start_lr must be a finite number > 0"),
        ({"num_it": 0}, ValueError, "num_it must be"),
        ({"beta": 1.0}, ValueError, "beta must be"),
        ({"stop_div": 1}, TypeError, "stop_div must be True or False"),
    ],
)
def test_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        rt.range_test(lambda rate: 1.0, **kwargs)


def test_step_must_be_callable():
    with pytest.raises(TypeError, match="step must be a function"):
        rt.range_test(0.1)


def test_suggest_needs_points():
    it = iter([1.0, math.inf])
    test = rt.range_test(lambda rate: next(it), num_it=100)
    with pytest.raises(ValueError, match="at least 2 points"):
        rt.suggest(test)


def test_many_at_once_equals_one_at_a_time():
    curvatures = np.array([0.5, 1.0, 4.0, 40.0])
    w = np.ones(4)

    def many(rate):
        loss = curvatures * w**2
        w[:] -= rate * 2 * curvatures * w
        return loss

    together = rt.range_tests(many, start_lr=1e-4, end_lr=10)
    for c, test in zip(curvatures, together, strict=True):
        x = [1.0]

        def one(rate, c=c, x=x):
            loss = c * x[0] ** 2
            x[0] -= rate * 2 * c * x[0]
            return loss

        alone = rt.range_test(one, start_lr=1e-4, end_lr=10)
        assert test.stopped == alone.stopped
        np.testing.assert_array_equal(test.rates, alone.rates)
        np.testing.assert_allclose(test.losses, alone.losses, rtol=1e-15)


def test_many_at_once_records_a_non_finite_loss():
    losses = iter([[1.0, 1.0]] * 10 + [[1.0, math.inf]] * 90)
    tests = rt.range_tests(lambda rate: next(losses), stop_div=False)
    assert [t.stopped for t in tests] == ["num_it", "non-finite"]
    assert [len(t.rates) for t in tests] == [100, 11]
