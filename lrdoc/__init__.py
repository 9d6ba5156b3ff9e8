"""lrdoc: the learning rate of gradient descent, with every number checked.

The clean engine lives in plain modules: :mod:`lrdoc.data`; the linear model's
:mod:`lrdoc.models`, :mod:`lrdoc.losses` and :mod:`lrdoc.gradients`, which
:mod:`lrdoc.training` runs (gradient descent, with momentum, one run or a vectorised
sweep); :mod:`lrdoc.analysis` (the curvature's bounds on the rate);
:mod:`lrdoc.perceptron`; the neural network package :mod:`lrdoc.nn`;
:mod:`lrdoc.optimizers` and :mod:`lrdoc.schedules`. Every public function checks its
arguments through one checker, :mod:`lrdoc._checks`. Faithful copies of published
code, quirks included, live apart in :mod:`lrdoc.replicas`; each page's results come
from :mod:`lrdoc.experiments`, and :mod:`lrdoc.figures` only draws them.
"""

from lrdoc import _cache as _cache  # first: hashes each lrdoc module as it loads

__version__ = "0.1.0"
