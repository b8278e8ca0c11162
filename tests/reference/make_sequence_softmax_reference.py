"""Reference values for softmax outputs over more than one position (issue 10, item 2),
computed independently with PyTorch (float64).

Run from the repository root with the Debian Python (Debian 12 packages
``python3-torch``, ``python3-numpy``):

    /usr/bin/python3 tests/reference/make_sequence_softmax_reference.py

It writes ``tests/Unroll.Tests/Fixtures/sequence_softmax_reference.json``.
Reproducible: all draws come from ``numpy.random.default_rng(SEED)``.

The networks
------------
* ``rows``: Input(2, 3) -> Dense(2, softmax): a Dense on a rank-3 input (batch, 2, 3)
  applies to the last axis; its output is (batch, 2, 2), two positions of two classes.
* ``tagger``: Input(6) token ids -> Embedding(7, 4) -> LSTM(5, return_sequences) ->
  Dense(3, softmax): a sequence tagger, output (batch, 6, 3), six positions of three classes.

Keras semantics checked here (Keras 3, keras/src/losses/losses.py and loss.py)
-------------------------------------------------------------------------------
* softmax is over the LAST axis (each position separately).
* categorical_crossentropy(y, p): p / sum(p, axis=-1), clip to [1e-7, 1 - 1e-7],
  -sum(y log p, axis=-1): one value per position, shape (batch, steps).
* sparse_categorical_crossentropy: the same with one integer id per position,
  labels of shape (batch, steps).
* Reduction "sum_over_batch_size": the SUM of the per-position values divided by
  their COUNT (batch * steps), i.e. the mean over every position of the batch.
* accuracy: categorical / sparse categorical accuracy per position (argmax over the
  last axis), averaged over every position.

Independent cross-check: torch.nn.functional.cross_entropy on the logits, with the
class axis moved to dim 1 ((N, C, T), torch's convention) and mean reduction, gives
the same loss (asserted to 1e-12), and autograd gradients are compared with central
differences (h = 1e-6, asserted to 1e-7).  The LSTM is torch.nn.LSTM with Keras's
kernel / recurrent kernel transposed in and bias_hh = 0 (see make_lstm_reference.py).
"""

import json
import os

import numpy as np
import torch
import torch.nn.functional as F

SEED = 20251010
BATCH = 3
EPS = 1e-7
OUT_PATH = os.path.join("tests", "Unroll.Tests", "Fixtures", "sequence_softmax_reference.json")

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)


def tt(a):
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64)


def flat(v):
    return [float(e) for e in v.detach().reshape(-1).tolist()]


def lstm(x, W, U, b):
    """torch.nn.LSTM with Keras weights: weight_ih = W^T, weight_hh = U^T, one bias."""
    mod = torch.nn.LSTM(W.shape[0], U.shape[0], batch_first=True)
    for k, v in {"weight_ih_l0": W.t(), "weight_hh_l0": U.t(), "bias_ih_l0": b, "bias_hh_l0": torch.zeros_like(b)}.items():
        delattr(mod, k)
        setattr(mod, k, v)
    out, _ = mod(x)
    return out


def rows_logits(p, x):
    k, b = p[:6].reshape(3, 2), p[6:8]
    return x.reshape(BATCH, 2, 3) @ k + b


def tagger_logits(p, ids):
    i = 0
    E = p[i:i + 28].reshape(7, 4); i += 28
    W = p[i:i + 80].reshape(4, 20); i += 80
    U = p[i:i + 100].reshape(5, 20); i += 100
    b = p[i:i + 20]; i += 20
    k = p[i:i + 15].reshape(5, 3); i += 15
    c = p[i:i + 3]; i += 3
    assert i == p.numel()
    seq = lstm(E[ids.long()], W, U, b)
    return seq @ k + c


def keras_cce(y_onehot, probs):
    q = probs / probs.sum(dim=-1, keepdim=True)
    q = torch.clamp(q, EPS, 1 - EPS)
    per_position = -(y_onehot * torch.log(q)).sum(dim=-1)
    return per_position.sum() / per_position.numel()


def case(name, logits_of, x, params, classes, positions, sparse):
    ids = rng.integers(0, classes, size=(BATCH, positions))
    y_onehot = F.one_hot(torch.tensor(ids), classes).to(torch.float64)
    p = tt(params).requires_grad_(True)

    def loss_of(q):
        logits = logits_of(q, x)
        return keras_cce(y_onehot, torch.softmax(logits, dim=-1))

    logits = logits_of(p, x)
    probs = torch.softmax(logits, dim=-1)
    loss = keras_cce(y_onehot, probs)
    # Independently: torch's own cross-entropy on logits, classes on dim 1, mean over N and T.
    torch_loss = F.cross_entropy(logits.permute(0, 2, 1), torch.tensor(ids))
    assert abs(float(loss) - float(torch_loss)) < 1e-12, (name, float(loss), float(torch_loss))
    (grad,) = torch.autograd.grad(loss, p)

    h = 1e-6
    base = tt(params)
    numeric = np.zeros(len(params))
    with torch.no_grad():
        for i in range(len(params)):
            up, down = base.clone(), base.clone()
            up[i] += h
            down[i] -= h
            numeric[i] = (float(loss_of(up)) - float(loss_of(down))) / (2 * h)
    assert np.max(np.abs(numeric - grad.numpy())) < 1e-7, name

    accuracy = float((probs.argmax(dim=-1) == torch.tensor(ids)).double().mean())
    # The defect of issue 10: the whole flattened sample taken as one row of classes. Must differ.
    whole = keras_cce(y_onehot.reshape(BATCH, -1), probs.reshape(BATCH, -1)) * positions
    assert abs(float(whole) - float(loss)) > 0.1, name
    return {
        "name": name,
        "loss": "sparse_categorical_crossentropy" if sparse else "categorical_crossentropy",
        "classes": classes,
        "positions": positions,
        "x": flat(x),
        "params": [float(v) for v in params],
        "y": [float(v) for v in ids.reshape(-1)] if sparse else flat(y_onehot),
        "output": flat(probs),
        "loss_value": float(loss),
        "gradients": flat(grad),
        "accuracy": accuracy,
    }


def main():
    rows_x = tt(rng.normal(size=(BATCH, 6)))
    rows_params = list(rng.uniform(-1, 1, size=8))
    tagger_x = tt(rng.integers(0, 7, size=(BATCH, 6)))
    tagger_params = list(rng.uniform(-0.5, 0.5, size=246))
    cases = [
        case("rows_cce", rows_logits, rows_x, rows_params, 2, 2, sparse=False),
        case("rows_sparse", rows_logits, rows_x, rows_params, 2, 2, sparse=True),
        case("tagger_cce", tagger_logits, tagger_x, tagger_params, 3, 6, sparse=False),
        case("tagger_sparse", tagger_logits, tagger_x, tagger_params, 3, 6, sparse=True),
    ]
    with open(OUT_PATH, "w") as f:
        json.dump({"generator": "tests/reference/make_sequence_softmax_reference.py", "cases": cases}, f, indent=1)
    print("wrote", OUT_PATH, [(c["name"], round(c["loss_value"], 6), c["accuracy"]) for c in cases])


if __name__ == "__main__":
    main()
