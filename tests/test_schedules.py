"""Schedules against the values Keras 3 and PyTorch compute.

Reference numbers: keras 3.15.1 (torch backend; float32, so compared to ~1e-7
relative) and torch 2.13.0 (float64), recorded from
``repr(float(schedule(step)))`` and ``scheduler.get_last_lr()``.
"""

import numpy as np
import pytest

from lrdoc import nn, schedules
from lrdoc.optimizers import SGD, Adam

KERAS_F32 = dict(rel=2e-7, abs=1e-8)

# keras 3.15.1: InverseTimeDecay(0.2, decay_steps=1, decay_rate=0.01)
INVERSE_TIME = {
    0: 0.20000000298023224,
    1: 0.19801980257034302,
    2: 0.19607843458652496,
    3: 0.19417476654052734,
    4: 0.19230769574642181,
    10: 0.1818181872367859,
    100: 0.10000000149011612,
}
# keras 3.15.1: InverseTimeDecay(0.2, decay_steps=4, decay_rate=0.01, staircase=True)
INVERSE_TIME_STAIRS = {
    0: 0.2,
    3: 0.2,
    4: 0.19801980257034302,
    7: 0.19801980257034302,
    8: 0.19607843458652496,
    9: 0.19607843458652496,
}
# keras 3.15.1: ExponentialDecay(0.2, decay_steps=10, decay_rate=0.5), smooth, stairs
EXPONENTIAL = {0: 0.2, 5: 0.1414213627576828, 10: 0.1, 20: 0.05}
EXPONENTIAL_STAIRS = {0: 0.2, 5: 0.2, 10: 0.1, 20: 0.05}
# keras 3.15.1: CosineDecay(0.2, decay_steps=100, alpha=0.0) and alpha=0.1
COSINE = {
    0: 0.2,
    25: 0.17071068286895752,
    50: 0.09999999403953552,
    75: 0.029289323836565018,
    100: 0.0,
    150: 0.0,
}
COSINE_ALPHA = {
    0: 0.2,
    25: 0.17363962531089783,
    50: 0.10999999195337296,
    75: 0.04636039212346077,
    100: 0.020000001415610313,
    150: 0.020000001415610313,
}
# torch 2.13.0: StepLR(step_size=10, gamma=0.5) and ExponentialLR(gamma=0.9), lr=0.2
STEP_LR = {0: 0.2, 9: 0.2, 10: 0.1, 20: 0.05}
EXPONENTIAL_LR = {
    0: 0.2,
    1: 0.18000000000000002,
    2: 0.16200000000000003,
    10: 0.06973568802000003,
}
# torch 2.13.0: CosineAnnealingLR(T_max=100, eta_min=0), recursive in float64
COSINE_ANNEALING = {
    0: 0.2,
    25: 0.1707106781186548,
    50: 0.10000000000000007,
    75: 0.029289321881345285,
    100: 0.0,
}


@pytest.mark.parametrize(
    ("schedule", "reference", "tolerance"),
    [
        (schedules.inverse_time(0.2, 0.01), INVERSE_TIME, KERAS_F32),
        (
            schedules.inverse_time(0.2, 0.01, 4, staircase=True),
            INVERSE_TIME_STAIRS,
            KERAS_F32,
        ),
        (schedules.exponential(0.2, 0.5, 10), EXPONENTIAL, KERAS_F32),
        (
            schedules.exponential(0.2, 0.5, 10, staircase=True),
            EXPONENTIAL_STAIRS,
            KERAS_F32,
        ),
        (schedules.cosine(0.2, 100), COSINE, KERAS_F32),
        (schedules.cosine(0.2, 100, alpha=0.1), COSINE_ALPHA, KERAS_F32),
        (schedules.step_decay(0.2, 10, 0.5), STEP_LR, dict(rel=1e-15, abs=0)),
        (schedules.exponential(0.2, 0.9, 1), EXPONENTIAL_LR, dict(rel=1e-14, abs=0)),
        (schedules.cosine(0.2, 100), COSINE_ANNEALING, dict(rel=1e-14, abs=1e-16)),
    ],
)
def test_schedule_matches_reference(schedule, reference, tolerance):
    for step, value in reference.items():
        assert schedule(step) == pytest.approx(value, **tolerance), step


def test_staircase_exponential_is_step_decay():
    smooth = schedules.exponential(0.2, 0.5, 10, staircase=True)
    stairs = schedules.step_decay(0.2, 10, 0.5)
    assert [smooth(t) for t in range(40)] == [stairs(t) for t in range(40)]


def test_legacy_sgd_decay_is_inverse_time_per_step():
    """SGD(decay=d) and SGD(inverse_time(lr, d)) use the same rate at every step."""
    legacy, scheduled = SGD(0.2, decay=0.01), SGD(schedules.inverse_time(0.2, 0.01))
    w1, w2 = np.zeros(2), np.zeros(2)
    for _ in range(80):
        assert legacy.current_learning_rate() == pytest.approx(
            scheduled.current_learning_rate(), rel=1e-15
        )
        legacy.apply([w1], [np.ones(2)])
        scheduled.apply([w2], [np.ones(2)])
    assert np.allclose(w1, w2, rtol=1e-14)
    assert legacy.iterations == 80


def test_schedule_reaching_zero_is_accepted_by_optimizer():
    sgd = SGD(schedules.cosine(0.1, 2))
    w = np.array([1.0])
    for _ in range(4):
        sgd.apply([w], [np.array([1.0])])
    assert w[0] == pytest.approx(1.0 - 0.1 - 0.05)


def test_adam_matches_keras_epsilon_hat_form():
    """Adam with a schedule, against the Keras 3 update written out by hand."""
    rng = np.random.default_rng(0)
    grads = rng.normal(size=(5, 3))
    w = np.zeros(3)
    adam = Adam(schedules.exponential(0.01, 0.5, 2))
    m = v = np.zeros(3)
    expected = np.zeros(3)
    for t, g in enumerate(grads, start=1):
        adam.apply([w], [g])
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        rate = 0.01 * 0.5 ** ((t - 1) / 2)
        expected = expected - rate * np.sqrt(1 - 0.999**t) / (1 - 0.9**t) * m / (
            np.sqrt(v) + 1e-7
        )
    assert np.allclose(w, expected, rtol=1e-12)


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="initial must be a finite number > 0, got 0"):
        schedules.inverse_time(0, 0.01)
    with pytest.raises(ValueError, match="gamma must be in"):
        schedules.step_decay(0.2, 10, 1.5)
    with pytest.raises(ValueError, match="step must be >= 0, got -1"):
        schedules.cosine(0.2, 10)(-1)
    with pytest.raises(ValueError, match="learning_rate must be a finite number > 0"):
        SGD(0.1).learning_rate = float("nan")


def test_fit_records_the_rate_of_every_step():
    X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0]])
    y = np.array([0, 0, 1, 1, 1])
    net = nn.build([1, 2], ["softmax"], seed=0)
    history = nn.fit(net, SGD(0.2, decay=0.01), X, y, epochs=3, batch_size=2)
    assert history.learning_rates.tolist() == pytest.approx(
        [0.2 / (1 + 0.01 * t) for t in range(9)]
    )
