"""Print scikit-learn's iris data checksum and train/test splits, for tests/test_iris_split.py.

scikit-learn is not one of lrdoc's dependencies. Run this in a scratch environment:

    uv venv /tmp/sk && uv pip install --python /tmp/sk scikit-learn
    /tmp/sk/bin/python tests/reference/sklearn_iris_split.py

and paste its output into tests/test_iris_split.py.
"""

import hashlib

import numpy as np
import sklearn
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

print(f"# scikit-learn {sklearn.__version__}, numpy {np.__version__}")
bunch = load_iris()
data = np.ascontiguousarray(bunch.data, dtype=np.float64)
print(f'IRIS_DATA_SHA256 = "{hashlib.sha256(data.tobytes()).hexdigest()}"')
print(f"IRIS_TARGET = {bunch.target.tolist()}")
for name, (n, test_size, seed) in {
    "IRIS": (150, 0.25, 42),
    "SMALL": (10, 0.3, 0),
    "ODD": (151, 0.2, 7),
}.items():
    train, test = train_test_split(np.arange(n), test_size=test_size, random_state=seed)
    print(f"{name}_SPLIT = ({n}, {test_size}, {seed})")
    print(f"{name}_TRAIN = {train.tolist()}")
    print(f"{name}_TEST = {test.tolist()}")
