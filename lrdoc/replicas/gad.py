r"""Ahmed Gad, "Is Learning Rate Useful in Artificial Neural Networks?"
(KDnuggets, 2018), as published.

Everything here is in the article's listing ("Implementation using Python"):
:data:`INPUTS`, :data:`DESIRED_OUTPUT` and :data:`INITIAL_WEIGHTS` are its lines
16 to 18; :func:`activation_function` lines 3 to 7; :func:`prediction_error` lines
9 to 10; :func:`update_weights` lines 12 to 14 (``learning_rate=None`` is the
equation of its section "Learning Rate", with the factor left out);
:func:`training_loop` lines 20 to 31; :data:`TEST_INPUTS`, :data:`TEST_OUTPUTS` and
:func:`predict_new_inputs` lines 36 to 39. Nothing else is: sweeps, bounds and error
measures over all samples are lrdoc's, in :mod:`lrdoc.experiments.gad`.

The program, step by step as it runs:

- six training inputs and desired outputs, integer arrays; the desired output of
  input 100 is 150, although the text says an input up to 250 is its own output;
- weights ``[bias, input weight]`` start at ``[0.05, 0.1]``;
- the activation returns 250 for a sum above 250, else the sum;
- the error is ``abs(mean(desired - predicted))`` of one sample;
- the update adds ``0.00001 * (desired - predicted) * input`` to *both* weights, the
  bias included, so the difference between the two weights never changes;
- the loop visits the samples in order and runs ``while iteration < 2000 or error
  >= 0.01``: at least 2000 updates, then until one sample's own error is below 0.01.

The article also runs the update with no learning rate at all (the factor left out);
``learning_rate=None`` does that here. The loop records every update
(:class:`Step`) and takes a safety stop, ``max_iterations``, that the article does
not have; neither changes what it computes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoc import _checks

INPUTS = np.array([60, 40, 100, 300, -50, 310])
"""The six training inputs, in the order the loop visits them."""

DESIRED_OUTPUT = np.array([60, 40, 150, 250, -50, 250])
"""The six desired outputs, as published (150 for input 100)."""

INITIAL_WEIGHTS = np.array([0.05, 0.1])
"""``[bias, input weight]`` at the start."""

TEST_INPUTS = np.array([10, 240, 550, -160])
"""The four inputs the article tests the trained network on."""

TEST_OUTPUTS = np.array([10, 240, 250, -160])
"""Their expected outputs."""

LEARNING_RATE = 0.00001
"""The rate hard-coded in the update."""

MIN_ITERATIONS = 2000
"""The loop never stops before this many updates."""

TOLERANCE = 0.01
"""After that, it stops at the first sample whose own error is below this."""


def activation_function(inpt):
    """The article's activation: 250 (a Python int) above 250, else the input itself.

    Examples
    --------
    >>> activation_function(6.05), activation_function(129477.05)
    (6.05, 250)
    """
    _checks.real_number(inpt, "inpt")
    if inpt > 250:
        return 250
    return inpt


def prediction_error(desired, predicted):
    """The article's error: the absolute value of the mean of ``desired - predicted``.

    For one sample it is ``abs(desired - predicted)``. The update does not use it: it
    uses the signed difference.

    Examples
    --------
    >>> round(float(prediction_error(60, 6.05)), 2), prediction_error(40, 250)
    (53.95, 210.0)
    """
    _checks.real_number(desired, "desired")
    _checks.real_number(predicted, "predicted")
    return np.abs(np.mean(desired - predicted))


def update_weights(
    weights: np.ndarray,
    predicted,
    idx: int,
    learning_rate: float | None = LEARNING_RATE,
) -> np.ndarray:
    """The article's update: one amount, added to the bias and the input weight alike.

    ``learning_rate=None`` leaves the factor out, as the article's "no learning rate"
    equation does.

    Examples
    --------
    >>> update_weights(INITIAL_WEIGHTS, 6.05, 0, learning_rate=None)
    array([3237.05, 3237.1 ])
    >>> update_weights(INITIAL_WEIGHTS, 6.05, 0)
    array([0.08237, 0.13237])
    """
    weights = _weights(weights)
    _checks.real_number(predicted, "predicted")
    if isinstance(idx, bool) or not isinstance(idx, (int, np.integer)):
        raise TypeError(f"idx must be an integer, got {_checks.show(idx)}")
    if not 0 <= idx < INPUTS.shape[0]:
        raise ValueError(f"idx must be in [0, {INPUTS.shape[0]}), got {idx}")
    if learning_rate is not None:
        learning_rate = _checks.learning_rate(learning_rate)
    if learning_rate is None:
        return weights + (DESIRED_OUTPUT[idx] - predicted) * INPUTS[idx]
    return weights + learning_rate * (DESIRED_OUTPUT[idx] - predicted) * INPUTS[idx]


def _weights(weights: object) -> np.ndarray:
    """``weights`` as ``[bias, input weight]`` (non-finite once a run diverged)."""
    array = _checks.real_array(weights, "weights")
    if array.shape != (2,):
        raise ValueError(f"weights must be [bias, input weight], got {weights!r}")
    return array


@dataclass(frozen=True)
class Step:
    """One pass through the loop body: the sample, the prediction, the new weights."""

    iteration: int
    input: int
    desired: int
    predicted: float
    error: float
    weights: np.ndarray


@dataclass(frozen=True)
class Run:
    """What the article's training loop did.

    Attributes
    ----------
    error : float
        The error the loop returns: that of the last sample it visited.
    weights : numpy.ndarray
        The weights it returns, ``[bias, input weight]``.
    iterations : int
        Updates made before the stopping rule let the loop end.
    steps : list of Step
        Every update, in order.
    stopped : bool
        True if the stopping rule ended the loop, False if ``max_iterations`` did.
    diverged : bool
        True if the weights are no longer finite numbers (the run without a
        learning rate gets there); its error is then NaN, as in the article.
    """

    error: float
    weights: np.ndarray
    iterations: int
    steps: list[Step]
    stopped: bool

    @property
    def diverged(self) -> bool:
        """Whether the weights stopped being finite numbers."""
        return not bool(np.isfinite(self.weights).all())

    @property
    def trajectory(self) -> np.ndarray:
        """The weights before the first update and after each one.

        Shape (iterations + 1, 2).
        """
        return np.array([INITIAL_WEIGHTS, *(s.weights for s in self.steps)])


def training_loop(
    learning_rate: float | None = LEARNING_RATE, max_iterations: int = 100_000
) -> Run:
    """The article's loop, with its stopping rule, from its starting weights.

    Parameters
    ----------
    learning_rate : float or None
        The factor in the update; ``None`` leaves it out.
    max_iterations : int
        A safety stop that the article does not have (its records must fit in
        :data:`lrdoc._checks.MAX_BYTES`); :attr:`Run.stopped` says
        whether it was needed.

    Examples
    --------
    >>> run = training_loop()
    >>> run.iterations, float(run.error), run.stopped
    (2002, 0.0, True)
    >>> training_loop(learning_rate=0.0)
    Traceback (most recent call last):
    ...
    ValueError: learning_rate must be a finite number > 0, got 0.0
    """
    if learning_rate is not None:
        learning_rate = _checks.learning_rate(learning_rate)
    max_iterations = _checks.positive_int(max_iterations, "max_iterations")
    # a Step per iteration: about 370 bytes of Python objects and its weights
    _checks.memory(
        f"training_loop(max_iterations={max_iterations})", (56, max_iterations)
    )
    weights = INITIAL_WEIGHTS
    steps = []
    error = 1
    idx = 0
    iteration = 0
    with np.errstate(over="ignore", invalid="ignore"):
        while iteration < MIN_ITERATIONS or error >= TOLERANCE:
            if iteration == max_iterations:
                break
            predicted = activation_function(weights[0] * 1 + weights[1] * INPUTS[idx])
            error = prediction_error(DESIRED_OUTPUT[idx], predicted)
            weights = update_weights(weights, predicted, idx, learning_rate)
            steps.append(
                Step(
                    iteration + 1,
                    int(INPUTS[idx]),
                    int(DESIRED_OUTPUT[idx]),
                    float(predicted),
                    float(error),
                    weights,
                )
            )
            idx = (idx + 1) % INPUTS.shape[0]
            iteration += 1
    return Run(error, weights, iteration, steps, stopped=iteration < max_iterations)


def predict_new_inputs(weights: np.ndarray) -> np.ndarray:
    """The article's test: the activation of ``bias + weight * x`` for each test input.

    Examples
    --------
    >>> predict_new_inputs(np.array([0.0, 1.0]))
    array([  10.,  240.,  250., -160.])
    """
    weights = _weights(weights)
    return np.array(
        [float(activation_function(weights[0] + weights[1] * x)) for x in TEST_INPUTS]
    )
