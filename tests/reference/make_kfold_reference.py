"""scikit-learn's KFold and StratifiedKFold folds, without shuffle, for the C# tests.

Run with Debian's python3-sklearn (/usr/bin/python3 tests/reference/make_kfold_reference.py).
Writes tests/Unroll.Tests/Fixtures/kfold_reference.json: for each case the labels (stratified
only), n_splits, and each fold's train and test indices as scikit-learn returns them, or
"error": true where scikit-learn refuses the split.
"""
import json
import pathlib
import warnings

import numpy as np
import sklearn
from sklearn.model_selection import KFold, StratifiedKFold

warnings.simplefilter("ignore")  # "least populated class has only m members": a warning, the split still happens

def folds(splitter, n, y):
    try:
        return [{"train": tr.tolist(), "test": te.tolist()} for tr, te in splitter.split(np.zeros((n, 1)), y)]
    except ValueError:
        return None

kfold = []
for n in range(1, 41):
    for k in range(2, 9):
        f = folds(KFold(n_splits=k), n, None)
        kfold.append({"n": n, "n_splits": k, "error": f is None, "folds": f or []})

rng = np.random.default_rng(12)
values = [0.0, 1.0, 2.0, -1.0, 0.5, 7.0]
stratified = []
# Hand-picked: balanced, sorted, interleaved, one big class, labels out of order of value.
# Random: whole classes in order of appearance, not of value; 0.5 makes a target scikit-learn calls
# continuous and refuses to stratify.
hand = [[0, 0, 1, 1, 2, 2], [0] * 10 + [1] * 5, [1, 0] * 9, [2, 2, 0, 1, 1, 1, 0, 2, 2, 2, 2, 1],
        [5.0, -1.0, 5.0, 3.0, -1.0, 5.0, 3.0, 3.0, 5.0, -1.0], [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]]
cases = [np.asarray(h, dtype=np.float32) for h in hand]
for _ in range(60):
    n = int(rng.integers(2, 60))
    classes = int(rng.integers(1, 6))
    p = rng.dirichlet(np.ones(classes))
    cases.append(rng.choice(np.asarray(values[:classes], dtype=np.float32), size=n, p=p))
for y in cases:
    for k in (2, 3, 5):
        f = folds(StratifiedKFold(n_splits=k), len(y), y)
        stratified.append({"labels": [float(v) for v in y], "n_splits": k, "error": f is None, "folds": f or []})

out = pathlib.Path(__file__).resolve().parents[1] / "Unroll.Tests" / "Fixtures" / "kfold_reference.json"
out.write_text(json.dumps({"sklearn": sklearn.__version__, "kfold": kfold, "stratified": stratified}, separators=(",", ":")) + "\n")
print(f"wrote {out}: {len(kfold)} KFold and {len(stratified)} StratifiedKFold cases, sklearn {sklearn.__version__}")
