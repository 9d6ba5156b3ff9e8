r"""Ahmed Gad, "Is Learning Rate Useful in Artificial Neural Networks?"
(KDnuggets, 2018), as published.

The article's program, step by step as it runs:

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
``learning_rate=None`` does that here.
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
    if learning_rate is None:
        return weights + (DESIRED_OUTPUT[idx] - predicted) * INPUTS[idx]
    return weights + learning_rate * (DESIRED_OUTPUT[idx] - predicted) * INPUTS[idx]


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
    """

    error: float
    weights: np.ndarray
    iterations: int
    steps: list[Step]
    stopped: bool

    @property
    def trajectory(self) -> np.ndarray:
        """The weights before the first update and after each one.

        Shape (iterations + 1, 2).
        """
        return np.array([INITIAL_WEIGHTS, *(s.weights for s in self.steps)])


def training_loop(
    learning_rate: float | None = LEARNING_RATE, max_iterations: int = 1_000_000
) -> Run:
    """The article's loop, with its stopping rule, from its starting weights.

    Parameters
    ----------
    learning_rate : float or None
        The factor in the update; ``None`` leaves it out.
    max_iterations : int
        A safety stop that the article does not have; :attr:`Run.stopped` says
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
    return np.array(
        [float(activation_function(weights[0] + weights[1] * x)) for x in TEST_INPUTS]
    )


def training_error(weights: np.ndarray) -> np.ndarray:
    """Mean absolute error over all six training samples: what the stopping rule
    never looks at. Not part of the article's code.

    ``weights`` is one ``[bias, input weight]`` pair, or an (R, 2) array of them.

    Examples
    --------
    >>> round(float(training_error(INITIAL_WEIGHTS)), 4)
    118.9667
    >>> training_error(np.array([[0.0, 1.0], [50.0, 1.0]]))
    array([ 8.33333333, 25.        ])
    """
    weights = _checks.real_array(weights, "weights")
    if weights.shape[-1:] != (2,) or weights.ndim > 2:
        raise ValueError(f"weights must have shape (2,) or (R, 2), got {weights.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        z = weights[..., :1] + weights[..., 1:] * INPUTS
        outputs = np.where(z > 250, 250.0, z)
        return np.mean(np.abs(DESIRED_OUTPUT - outputs), axis=-1)


def step_table(steps: list[Step]) -> str:
    """The steps as an aligned table, with six significant digits.

    Columns: update number, input x, prediction, the error the code computes
    (absolute), the signed difference y - predicted that the update uses, the new
    weights.

    Examples
    --------
    >>> print(step_table(training_loop(None, max_iterations=2).steps))
    step   x  predicted  error  y-predicted      bias   weight
       1  60       6.05  53.95        53.95   3237.05   3237.1
       2  40        250    210         -210  -5162.95  -5162.9
    """
    from lrdoc.tables import format_table

    def g(value: float) -> str:
        return f"{value:.6g}"

    rows = [
        (
            s.iteration,
            s.input,
            g(s.predicted),
            g(s.error),
            g(s.desired - s.predicted),
            g(s.weights[0]),
            g(s.weights[1]),
        )
        for s in steps
    ]
    headers = ["step", "x", "predicted", "error", "y-predicted", "bias", "weight"]
    return format_table(headers, rows)


def update_factors(learning_rate: float | None = LEARNING_RATE) -> np.ndarray:
    r"""What one published update does to its own sample's error, per training input.

    The update adds :math:`\eta e x` to the bias *and* to the weight, so it moves
    :math:`b + w x` by :math:`\eta e x (1 + x)`: the new error is
    :math:`e\,(1 - \eta x (1 + x))` while the output is not clipped.
    ``None`` means no learning rate (a factor of 1).

    Examples
    --------
    >>> update_factors(None)
    array([ -3659.,  -1639., -10099., -90299.,  -2449., -96409.])
    """
    rate = 1.0 if learning_rate is None else _checks.learning_rate(learning_rate)
    x = INPUTS.astype(float)
    return 1.0 - rate * x * (1.0 + x)


def stability_bound(inputs: np.ndarray = INPUTS) -> float:
    r"""The largest rate at which no published update grows its own sample's error:
    :math:`2 / \max_i x_i(1 + x_i)` over ``inputs``.

    Examples
    --------
    >>> round(stability_bound(), 10)
    2.07447e-05
    """
    x = _checks.finite_vector(inputs, "inputs")
    return float(2.0 / np.max(x * (1.0 + x)))


def sweep(
    learning_rates: np.ndarray, iterations: int = 2002
) -> tuple[np.ndarray, np.ndarray]:
    """The published update at many rates at once, for a fixed number of updates.

    The same arithmetic as :func:`training_loop`, over an array of rates, without its
    stopping rule. A rate of 1 gives exactly the run with no learning rate.

    Returns
    -------
    weights : numpy.ndarray, shape (R, 2)
        Final ``[bias, input weight]`` of each run (non-finite where it diverged).
    diverged_at : numpy.ndarray of int, shape (R,)
        The first update after which a weight was not finite, or 0 if never.

    Examples
    --------
    >>> weights, diverged_at = sweep(np.array([0.00001, 0.001]))
    >>> np.allclose(weights[0], training_loop().weights, rtol=0, atol=1e-12)
    True
    >>> diverged_at
    array([  0, 863])
    """
    history = trajectories(learning_rates, iterations)
    finite = np.isfinite(history).all(axis=2)
    diverged_at = np.where(finite.all(axis=0), 0, np.argmin(finite, axis=0))
    return history[-1], diverged_at


def trajectories(learning_rates: np.ndarray, iterations: int = 2002) -> np.ndarray:
    """The weights of :func:`sweep`'s runs before the first update and after each.

    Returns
    -------
    numpy.ndarray, shape (iterations + 1, R, 2)
        ``[bias, input weight]`` of every run after every update.

    Examples
    --------
    >>> history = trajectories(np.array([1.0]), iterations=2)
    >>> history[:, 0, :]
    array([[ 5.000e-02,  1.000e-01],
           [ 3.237e+03,  3.237e+03],
           [-5.163e+03, -5.163e+03]])
    """
    rates = _checks.learning_rates(learning_rates)
    iterations = _checks.positive_int(iterations, "iterations")
    history = np.empty((iterations + 1, rates.size, 2))
    history[0] = INITIAL_WEIGHTS
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(iterations):
            idx = t % INPUTS.size
            weights = history[t]
            z = weights[:, 0] * 1 + weights[:, 1] * INPUTS[idx]
            predicted = np.where(z > 250, 250.0, z)
            change = rates * (DESIRED_OUTPUT[idx] - predicted) * INPUTS[idx]
            history[t + 1] = weights + change[:, None]
    return history
