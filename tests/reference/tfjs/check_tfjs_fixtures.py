"""Independent check of the TF.js fixtures written by make_tfjs_models.mjs.

Reads every tests/Unroll.Tests/Fixtures/tfjs/<name>/model.json, decodes the
weight shards named in its weightsManifest, runs the network with a small
float64 NumPy implementation of the layers (written from the Keras / tfjs
definitions, not from tfjs code), and compares every layer's output with the
tfjs values in expected.json.  This pins down the conventions the C# reader
has to follow (kernel layouts, gate order, tfjs's hard_sigmoid, GRU with
reset_after=false, manifest order), and shows the files can be read without
tfjs.

    /usr/bin/python3 tests/reference/tfjs/check_tfjs_fixtures.py

Needs only NumPy (Debian: python3-numpy).
"""

import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "Unroll.Tests", "Fixtures", "tfjs"))
TOL = 2e-5  # tfjs computes in float32


def act(name, x):
    if name in (None, "linear"):
        return x
    if name == "relu":
        return np.maximum(x, 0)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-x))
    if name == "hard_sigmoid":  # tfjs / Keras 2 definition
        return np.clip(0.2 * x + 0.5, 0, 1)
    if name == "tanh":
        return np.tanh(x)
    if name == "elu":
        return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise ValueError(name)


def load_weights(d, model_json):
    weights = {}
    for group in model_json["weightsManifest"]:
        data = b"".join(open(os.path.join(d, p), "rb").read() for p in group["paths"])
        off = 0
        for spec in group["weights"]:
            assert spec["dtype"] == "float32" and "quantization" not in spec
            n = int(np.prod(spec["shape"])) if spec["shape"] else 1
            a = np.frombuffer(data, dtype="<f4", count=n, offset=off)
            weights[spec["name"]] = a.astype(np.float64).reshape(spec["shape"])
            off += 4 * n
        assert off == len(data), "trailing bytes in shard group"
    return weights


def conv(x, k, b, strides, padding):
    """N-d (1 or 2 spatial dims) channels_last convolution, dilation 1."""
    sp = x.ndim - 2
    ks = k.shape[:sp]
    if padding == "same":
        pads = []
        for i in range(sp):
            size = x.shape[1 + i]
            out = -(-size // strides[i])
            total = max((out - 1) * strides[i] + ks[i] - size, 0)
            pads.append((total // 2, total - total // 2))
        x = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    outs = [(x.shape[1 + i] - ks[i]) // strides[i] + 1 for i in range(sp)]
    y = np.zeros([x.shape[0]] + outs + [k.shape[-1]])
    for idx in np.ndindex(*outs):
        sl = tuple(slice(idx[i] * strides[i], idx[i] * strides[i] + ks[i]) for i in range(sp))
        patch = x[(slice(None),) + sl + (slice(None),)]
        y[(slice(None),) + idx + (slice(None),)] = np.tensordot(patch, k, axes=sp + 1)
    return y + b


def maxpool(x, pool, strides):
    sp = x.ndim - 2
    outs = [(x.shape[1 + i] - pool[i]) // strides[i] + 1 for i in range(sp)]
    y = np.zeros([x.shape[0]] + outs + [x.shape[-1]])
    for idx in np.ndindex(*outs):
        sl = tuple(slice(idx[i] * strides[i], idx[i] * strides[i] + pool[i]) for i in range(sp))
        y[(slice(None),) + idx + (slice(None),)] = x[(slice(None),) + sl + (slice(None),)].max(
            axis=tuple(range(1, sp + 1)))
    return y


def lstm(x, k, r, b, c):
    units = c["units"]
    ra, a = c["recurrent_activation"], c["activation"]
    h = np.zeros((x.shape[0], units))
    s = np.zeros_like(h)
    seq = []
    for t in range(x.shape[1]):
        z = x[:, t] @ k + h @ r + b
        i, f, g, o = (z[:, j * units:(j + 1) * units] for j in range(4))  # gate order i, f, c, o
        s = act(ra, f) * s + act(ra, i) * act(a, g)
        h = act(ra, o) * act(a, s)
        seq.append(h)
    return np.stack(seq, 1) if c["return_sequences"] else h


def gru(x, k, r, b, c):
    assert c["reset_after"] is False
    units = c["units"]
    ra, a = c["recurrent_activation"], c["activation"]
    h = np.zeros((x.shape[0], units))
    seq = []
    part = lambda m, j: m[..., j * units:(j + 1) * units]  # gate order z, r, h
    for t in range(x.shape[1]):
        xt = x[:, t] @ k + b
        z = act(ra, part(xt, 0) + h @ part(r, 0))
        rr = act(ra, part(xt, 1) + h @ part(r, 1))
        hh = act(a, part(xt, 2) + (rr * h) @ part(r, 2))
        h = z * h + (1 - z) * hh
        seq.append(h)
    return np.stack(seq, 1) if c["return_sequences"] else h


def run_layer(cls, c, w, x):
    name = c["name"]
    W = lambda leaf: w[f"{name}/{leaf}"]
    if cls == "Dense":
        return act(c["activation"], x @ W("kernel") + (W("bias") if c["use_bias"] else 0))
    if cls == "Dropout":
        return x
    if cls in ("Conv1D", "Conv2D"):
        assert all(d == 1 for d in c["dilation_rate"]) and c.get("data_format", "channels_last") == "channels_last"
        return act(c["activation"], conv(x, W("kernel"), W("bias"), c["strides"], c["padding"]))
    if cls in ("MaxPooling1D", "MaxPooling2D"):
        assert c["padding"] == "valid"
        return maxpool(x, c["pool_size"], c["strides"])
    if cls == "GlobalAveragePooling1D":
        return x.mean(axis=1)
    if cls == "Flatten":
        return x.reshape(x.shape[0], -1)
    if cls == "Embedding":
        return W("embeddings")[x.astype(np.int64)]
    if cls == "LSTM":
        return lstm(x, W("kernel"), W("recurrent_kernel"), W("bias"), c)
    if cls == "GRU":
        return gru(x, W("kernel"), W("recurrent_kernel"), W("bias"), c)
    if cls == "BatchNormalization":
        assert c["axis"] == -1
        return (x - W("moving_mean")) / np.sqrt(W("moving_variance") + c["epsilon"]) * W("gamma") + W("beta")
    raise ValueError(cls)


def check(name):
    d = os.path.join(ROOT, name)
    model_json = json.load(open(os.path.join(d, "model.json")))
    exp = json.load(open(os.path.join(d, "expected.json")))
    w = load_weights(d, model_json)
    x = np.array(exp["inputs"]["data"], dtype=np.float64).reshape(exp["inputs"]["shape"])
    layers = model_json["modelTopology"]["config"]["layers"]
    worst = 0.0
    for layer, ref in zip(layers, exp["layer_outputs"]):
        x = run_layer(layer["class_name"], layer["config"], w, x)
        r = np.array(ref["data"]).reshape(ref["shape"])
        assert x.shape == r.shape, (name, layer["config"]["name"], x.shape, r.shape)
        err = float(np.abs(x - r).max())
        worst = max(worst, err)
        if err > TOL:
            raise AssertionError(f"{name}/{layer['config']['name']}: max abs diff {err}")
    out = np.array(exp["outputs"]["data"]).reshape(exp["outputs"]["shape"])
    assert np.abs(x - out).max() <= TOL
    print(f"{name}: {len(layers)} layers agree with tfjs, max abs diff {worst:.2e}")


def main():
    names = sorted(n for n in os.listdir(ROOT) if os.path.isfile(os.path.join(ROOT, n, "model.json")))
    for n in names:
        check(n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
