"""lrdoc: the learning rate of gradient descent, with every number checked.

The clean engine lives in plain modules (:mod:`lrdoc.data`, :mod:`lrdoc.models`,
:mod:`lrdoc.losses`, :mod:`lrdoc.gradients`, :mod:`lrdoc.training`,
:mod:`lrdoc.analysis`). Faithful copies of published code, quirks included, live
apart in :mod:`lrdoc.replicas`. Figures are in :mod:`lrdoc.figures`.
"""

__version__ = "0.1.0"
