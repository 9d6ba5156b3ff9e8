"""Run the deeplizard article's Keras lines in today's Keras and print what they do.

Not part of the test suite: Keras is not an lrdoc dependency. Run it in a scratch
environment, e.g.::

    uv venv /tmp/keras && VIRTUAL_ENV=/tmp/keras uv pip install keras "jax[cpu]"
    KERAS_BACKEND=jax /tmp/keras/bin/python tests/reference/keras_deeplizard.py

and copy its output into ``lrdoc.experiments.deeplizard.KERAS_3``.
"""

from __future__ import annotations

import sys

import keras
import numpy as np
from keras import Input, Sequential, layers, optimizers, regularizers


def model() -> Sequential:
    keras.utils.set_random_seed(0)
    return Sequential(
        [
            Input((1,)),
            layers.Dense(16, activation="relu"),
            layers.Dense(
                32, activation="relu", kernel_regularizer=regularizers.l2(0.01)
            ),
            layers.Dense(2, activation="sigmoid"),
        ]
    )


def bias_step(net: Sequential) -> float:
    """Train one step; return how far the output biases moved (they start at 0)."""
    x = np.linspace(0.0, 1.0, 8)[:, None]
    y = (x[:, 0] > 0.5).astype(int)
    net.fit(x, y, batch_size=8, epochs=1, verbose=0, shuffle=False)
    return float(np.abs(net.layers[-1].bias.numpy()).max())


print(
    "keras",
    keras.__version__,
    "backend",
    keras.backend.backend(),
    "python",
    sys.version.split()[0],
)

try:
    optimizers.Adam(lr=0.0001)
except Exception as exc:  # the article's spelling
    print("Adam(lr=0.0001):", type(exc).__name__, str(exc).splitlines()[0])

net = model()
net.compile(
    optimizers.Adam(learning_rate=0.0001), loss="sparse_categorical_crossentropy"
)
try:
    print("lr before:", net.optimizer.lr)
except AttributeError as exc:
    print("lr before: AttributeError", exc)
net.optimizer.lr = 0.01  # the article's line
print("lr after assignment:", net.optimizer.lr)
print("learning_rate after lr = 0.01:", float(net.optimizer.learning_rate))
print("bias step after lr = 0.01:", bias_step(net))

net = model()
net.compile(
    optimizers.Adam(learning_rate=0.0001), loss="sparse_categorical_crossentropy"
)
net.optimizer.learning_rate = 0.01
print("bias step after learning_rate = 0.01:", bias_step(net))

net = model()
net.compile(
    optimizers.Adam(learning_rate=0.0001), loss="sparse_categorical_crossentropy"
)
net.optimizer.learning_rate.assign(0.01)
print("bias step after learning_rate.assign(0.01):", bias_step(net))
