"""Reference values for Unroll's convolution / pooling / rank>1 Dense tests,
computed independently with PyTorch (float64).

Run from the repository root with the Debian Python (Debian 12 packages
``python3-torch``, ``python3-numpy``, ``libopenblas0-pthread``):

    /usr/bin/python3 tests/reference/make_conv_reference.py

It writes ``tests/Unroll.Tests/Fixtures/conv_reference.json``.
The output is reproducible: all random draws come from
``numpy.random.default_rng(SEED)`` (PCG64), torch is seeded (it draws
nothing) and runs on one thread.  All arithmetic is float64.

What it computes
----------------
``cases``: for each small network (see ``CASES``) a forward and backward
pass on a batch of 2 samples.  Per case it stores

  name, layers        Keras-style layer configs, defaults filled in
  input_shape         per sample, in the layer's data format
  layer_output_shapes per sample, one per layer
  param_shapes        one per stored weight: each layer's kernel, then bias
  batch, x            x flat, row-major (batch, *input_shape)
  params              flat concatenation of all weights in that order,
                      each row-major in its Keras layout
  t                   targets, flat, row-major (batch, *output_shape)
  output              network output, flat, same layout as t
  loss                L = mean((output - t)^2) over batch and all elements
  gradients           dL/dparams, flat, same order as params
  input_gradient      dL/dx, flat, same layout as x

Draws: x ~ N(0,1); kernels ~ U(-0.5, 0.5); biases = sign * U(0.05, 0.5)
(so every bias is at least 0.05 away from 0); t ~ N(0,1).  A draw is
rejected (and everything redrawn) if a relu pre-activation is within
``KINK_MARGIN`` of 0, if a relu layer is entirely dead, or if any max-pool
window (including global max pooling) has its two largest candidates within
``TIE_MARGIN`` of each other: there the loss is not differentiable (or the
finite differences would straddle the kink).

Conventions (Keras 3; Unroll follows Keras 3)
---------------------------------------------
* Layouts (Keras weight layouts, not torch's):
  - Conv2D kernel (kh, kw, in_channels, filters), bias (filters), for BOTH
    data formats.
  - Conv1D kernel (k, in_channels, filters), bias (filters).
  - Dense kernel (in, units), bias (units).
* data_format channels_last: a sample is (H, W, C) / (L, C); output
  (OH, OW, F) / (OL, F).  channels_first: a sample is (C, H, W); output
  (F, OH, OW).  x, t, output and input_gradient are flat row-major arrays
  of (batch, *per-sample shape) in that order.
* Convolution is cross-correlation (no kernel flip):
    y[o, f] = b[f] + sum_{d, c} x[o*s - pad_before + d, c] * K[d, c, f]
  per spatial axis, with out-of-range input cells counting as 0.
* padding "valid": no padding, out = floor((in - k) / s) + 1.
  padding "same" (TensorFlow's rule, also for strides > 1 and even
  kernels), per spatial axis:
    out        = ceil(in / s)
    pad_total  = max((out - 1) * s + k - in, 0)
    pad_before = pad_total // 2          (top / left)
    pad_after  = pad_total - pad_before  (bottom / right: the extra one)
  Implemented with an explicit F.pad (torch's padding='same' refuses
  strides > 1).
* MaxPooling: pool_size default 2, strides default = pool_size, padding
  default "valid".  "same" uses the rule above and pads with -inf (padded
  cells never win).
* AveragePooling: "valid" = plain window mean.  "same": the mean over the
  REAL cells of the window only (TensorFlow's avg_pool with SAME padding):
  sum with zero padding divided by the number of non-padded cells.
* GlobalAveragePooling2D / GlobalMaxPooling2D: mean / max over H and W per
  channel -> (C).  GlobalAveragePooling1D: mean over L -> (C).
* Flatten: row-major flatten of the per-sample tensor as stored, i.e.
  (H, W, C) order for channels_last: index = (h * W + w) * C + c.
* Dense on a rank > 1 sample applies to the LAST axis: (..., in) @ K + b.
* Activations: linear, relu, tanh, sigmoid, softmax (over the last axis).
* Loss: mean squared error over ALL output elements and the batch.  (This
  equals Keras's "mse" with the default "sum_over_batch_size" reduction for
  any output rank: Keras averages over the last axis, then divides the sum
  over the remaining (batch, ...) entries by their count.)

Where Keras 3 and PyTorch differ (we follow Keras 3)
----------------------------------------------------
* Layout: torch.nn.Conv2d is NCHW with weight (F, C, kh, kw); Keras is
  NHWC by default with kernel (kh, kw, C, F) (also for channels_first).
  Here: x is permuted to NCHW and the kernel to (F, C, kh, kw) before
  F.conv2d, and the result permuted back.  Conv1d likewise: (F, C, k).
* "same" padding: torch's padding='same' exists only for stride 1; for
  stride 1 it puts the extra pad of an even kernel after (like TF), which
  is cross-checked.  Keras/TF "same" with strides > 1 is asymmetric in
  general; torch's symmetric integer padding= cannot express that, hence
  the explicit F.pad.
* Max pooling "same": torch's max_pool2d(padding=p) pads with -inf, but
  only symmetrically and only p <= k/2; used as a cross-check where the TF
  padding happens to be symmetric.
* Average pooling "same": torch's avg_pool2d defaults to
  count_include_pad=True (padded zeros count in the divisor); TF / Keras
  exclude them.  count_include_pad=False matches where the padding is
  symmetric (cross-checked).  Note that Keras 3's own torch backend pads
  ASYMMETRIC "same" pooling itself before calling avg_pool (with zeros or,
  in some versions, by edge replication), so there the padded cells do
  enter the mean: Keras's backends disagree in that case; we follow TF
  (the case conv_same_stride2_asym exercises it).
* Dense on rank > 1: torch.nn.Linear also acts on the last axis; only the
  kernel layout differs (weight = K^T).
* Flatten: torch's NCHW flatten gives (C, H, W) order; Keras channels_last
  gives (H, W, C) order.  We flatten the Keras-layout tensor.

Self-checks
-----------
(a) Every layer of every case is also computed by a naive numpy
    implementation that loops over output positions and resolves padding
    by index arithmetic (no padded copy); all layer outputs must agree with
    the torch path to 1e-12.  Torch built-ins (padding=, count_include_pad,
    torch.nn.Linear, F.adaptive_*) are compared where they apply.
(b) Autograd gradients (params and x) vs own central differences of the
    loss, h = 1e-6, asserted to 1e-7, for every case.
(c) torch.autograd.gradcheck of the full network output (Jacobian w.r.t.
    params and x) for every case.
"""

import itertools
import json
import math
import os
import sys
import warnings

import numpy as np
import torch
import torch.nn.functional as F

SEED = 20240612
BATCH = 2
KINK_MARGIN = 1e-3  # relu pre-activations stay this far from 0
TIE_MARGIN = 1e-4   # the two largest candidates of a max window differ by more

OUT_PATH = os.path.join("tests", "Unroll.Tests", "Fixtures",
                        "conv_reference.json")

torch.set_default_dtype(torch.float64)
# torch warns that padding='same' with an even kernel copies the input; harmless
warnings.filterwarnings("ignore", message="Using padding='same'")
torch.set_num_threads(1)
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)


def tt(a):
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64)


def flat(v):
    if isinstance(v, torch.Tensor):
        v = v.detach().numpy()
    return [float(e) for e in np.asarray(v).reshape(-1).tolist()]


# ---------------------------------------------------------------------------
# Layer configs (Keras-style keys, defaults filled in) and shape inference
# ---------------------------------------------------------------------------

def _tuple(v, nd):
    return [v] * nd if isinstance(v, int) else list(v)


def Conv(nd, filters, kernel_size, strides=1, padding="valid",
         data_format="channels_last", activation="linear", use_bias=True):
    return {"type": "Conv%dD" % nd, "filters": filters,
            "kernel_size": _tuple(kernel_size, nd), "strides": _tuple(strides, nd),
            "padding": padding, "data_format": data_format,
            "activation": activation, "use_bias": use_bias}


def Pool(kind, nd, pool_size=2, strides=None, padding="valid",
         data_format="channels_last"):
    ps = _tuple(pool_size, nd)
    return {"type": "%sPooling%dD" % (kind, nd), "pool_size": ps,
            "strides": ps if strides is None else _tuple(strides, nd),
            "padding": padding, "data_format": data_format}


def Global(kind, nd, data_format="channels_last"):
    return {"type": "Global%sPooling%dD" % (kind, nd), "data_format": data_format}


def Dense(units, activation="linear", use_bias=True):
    return {"type": "Dense", "units": units, "activation": activation,
            "use_bias": use_bias}


def Flatten():
    return {"type": "Flatten"}


def out_len(n, k, s, padding):
    if padding == "valid":
        assert n >= k
        return (n - k) // s + 1
    return -(-n // s)


def same_pads(n, k, s):
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def pads_of(spatial, ks, ss, padding):
    if padding == "valid":
        return [(0, 0)] * len(spatial)
    return [same_pads(n, k, s) for n, k, s in zip(spatial, ks, ss)]


def split(shape, fmt):
    """(spatial dims, channels) of a per-sample shape."""
    if fmt == "channels_last":
        return list(shape[:-1]), shape[-1]
    return list(shape[1:]), shape[0]


def join(spatial, c, fmt):
    return spatial + [c] if fmt == "channels_last" else [c] + spatial


def infer(layers, input_shape):
    """Per-layer output shapes and the weight shapes (kernel, bias)."""
    shape = list(input_shape)
    outs, wshapes = [], []
    for L in layers:
        ty = L["type"]
        if ty.startswith("Conv"):
            sp, c = split(shape, L["data_format"])
            osp = [out_len(n, k, s, L["padding"])
                   for n, k, s in zip(sp, L["kernel_size"], L["strides"])]
            wshapes.append(L["kernel_size"] + [c, L["filters"]])
            if L["use_bias"]:
                wshapes.append([L["filters"]])
            shape = join(osp, L["filters"], L["data_format"])
        elif "Pooling" in ty and not ty.startswith("Global"):
            sp, c = split(shape, L["data_format"])
            osp = [out_len(n, k, s, L["padding"])
                   for n, k, s in zip(sp, L["pool_size"], L["strides"])]
            shape = join(osp, c, L["data_format"])
        elif ty.startswith("Global"):
            shape = [split(shape, L["data_format"])[1]]
        elif ty == "Flatten":
            shape = [int(np.prod(shape))]
        elif ty == "Dense":
            wshapes.append([shape[-1], L["units"]])
            if L["use_bias"]:
                wshapes.append([L["units"]])
            shape = shape[:-1] + [L["units"]]
        else:
            raise ValueError(ty)
        outs.append(list(shape))
    return outs, wshapes


def unpack(p, wshapes):
    ws, i = [], 0
    for s in wshapes:
        n = int(np.prod(s))
        ws.append(p[i:i + n].reshape(s))
        i += n
    assert i == p.shape[0]
    return ws


# ---------------------------------------------------------------------------
# torch implementation (batched, Keras layouts)
# ---------------------------------------------------------------------------

def activate(z, name):
    if name == "linear":
        return z
    if name == "relu":
        return torch.relu(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "softmax":
        return torch.softmax(z, dim=-1)
    raise ValueError(name)


def to_cf(x, fmt):
    """(N, *spatial, C) -> (N, C, *spatial) if channels_last."""
    if fmt == "channels_first":
        return x
    nd = x.dim() - 2
    return x.permute(0, nd + 1, *range(1, nd + 1))


def from_cf(x, fmt):
    if fmt == "channels_first":
        return x
    nd = x.dim() - 2
    return x.permute(0, *range(2, nd + 2), 1)


def torch_pad(x, pads, value=0.0):
    """x is (N, C, *spatial); pads per spatial axis (before, after)."""
    flat_pads = []
    for b, a in reversed(pads):  # F.pad wants the last axis first
        flat_pads += [b, a]
    if not any(flat_pads):
        return x
    return F.pad(x, flat_pads, mode="constant", value=value)


def t_conv(x, L, k, b):
    nd = len(L["kernel_size"])
    xc = to_cf(x, L["data_format"])
    pads = pads_of(list(xc.shape[2:]), L["kernel_size"], L["strides"], L["padding"])
    xc = torch_pad(xc, pads)
    # Keras (k..., in, out) -> torch (out, in, k...)
    w = k.permute(nd + 1, nd, *range(nd))
    conv = F.conv2d if nd == 2 else F.conv1d
    y = conv(xc, w, b, stride=tuple(L["strides"]))
    return from_cf(y, L["data_format"])


def as2d(xc):
    """(N, C, L) -> (N, C, 1, L) so that 1D pooling can use the 2D ops."""
    return xc.unsqueeze(2)


def t_pool(x, L):
    nd = len(L["pool_size"])
    xc = to_cf(x, L["data_format"])
    ks, ss = list(L["pool_size"]), list(L["strides"])
    pads = pads_of(list(xc.shape[2:]), ks, ss, L["padding"])
    if nd == 1:
        xc, ks, ss, pads = as2d(xc), [1] + ks, [1] + ss, [(0, 0)] + pads
    if L["type"].startswith("Max"):
        y = F.max_pool2d(torch_pad(xc, pads, -math.inf), ks, ss)
    else:
        s = F.avg_pool2d(torch_pad(xc, pads), ks, ss, divisor_override=1)
        ones = torch.ones((1, 1) + tuple(xc.shape[2:]))
        cnt = F.avg_pool2d(torch_pad(ones, pads), ks, ss, divisor_override=1)
        y = s / cnt
    if nd == 1:
        y = y.squeeze(2)
    return from_cf(y, L["data_format"])


def t_global(x, L):
    xc = to_cf(x, L["data_format"])
    dims = tuple(range(2, xc.dim()))
    if L["type"].startswith("GlobalMax"):
        return torch.amax(xc, dim=dims)
    return torch.mean(xc, dim=dims)


def forward(p, x, layers, wshapes):
    """Returns (output, list of per-layer outputs, list of relu pre-activations)."""
    ws = unpack(p, wshapes)
    wi = 0
    h = x
    outs, pre_relu = [], []
    for L in layers:
        ty = L["type"]
        if ty.startswith("Conv") or ty == "Dense":
            k = ws[wi]; wi += 1
            b = None
            if L["use_bias"]:
                b = ws[wi]; wi += 1
            if ty == "Dense":
                z = h @ k
                if b is not None:
                    z = z + b
            else:
                z = t_conv(h, L, k, b)
            if L["activation"] == "relu":
                pre_relu.append(z)
            h = activate(z, L["activation"])
        elif ty.startswith("Global"):
            h = t_global(h, L)
        elif "Pooling" in ty:
            h = t_pool(h, L)
        elif ty == "Flatten":
            h = h.reshape(h.shape[0], -1)
        else:
            raise ValueError(ty)
        outs.append(h)
    assert wi == len(ws)
    return h, outs, pre_relu


def mse(out, t):
    return torch.mean((out - t) ** 2)


# ---------------------------------------------------------------------------
# Independent naive numpy implementation (per sample, index arithmetic)
# ---------------------------------------------------------------------------

def np_act(z, name):
    if name == "linear":
        return z
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if name == "softmax":
        e = np.exp(z - np.max(z, axis=-1, keepdims=True))
        return e / np.sum(e, axis=-1, keepdims=True)
    raise ValueError(name)


class Accessor:
    """Reads / writes a per-sample tensor as (spatial index tuple, channel)."""

    def __init__(self, a, fmt):
        self.a, self.fmt = a, fmt

    def idx(self, pos, c):
        return tuple(pos) + (c,) if self.fmt == "channels_last" else (c,) + tuple(pos)

    def get(self, pos, c):
        return self.a[self.idx(pos, c)]

    def set(self, pos, c, v):
        self.a[self.idx(pos, c)] = v


def window(opos, ks, ss, pads, spatial):
    """Input positions of the window at output position opos (in-range only)
    and the total number of window cells."""
    cells = []
    for off in itertools.product(*[range(k) for k in ks]):
        ipos = [o * s - pb + d for o, s, (pb, _), d in zip(opos, ss, pads, off)]
        if all(0 <= i < n for i, n in zip(ipos, spatial)):
            cells.append((tuple(ipos), off))
    return cells


def np_conv(x, L, k, b, out_shape):
    fmt = L["data_format"]
    sp, cin = split(list(x.shape), fmt)
    osp, f = split(out_shape, fmt)
    pads = pads_of(sp, L["kernel_size"], L["strides"], L["padding"])
    y = np.zeros(out_shape)
    X, Y = Accessor(x, fmt), Accessor(y, fmt)
    for opos in itertools.product(*[range(n) for n in osp]):
        cells = window(opos, L["kernel_size"], L["strides"], pads, sp)
        for fo in range(f):
            s = 0.0 if b is None else float(b[fo])
            for ipos, off in cells:
                for c in range(cin):
                    s += X.get(ipos, c) * k[tuple(off) + (c, fo)]
            Y.set(opos, fo, s)
    return y


def np_pool(x, L, out_shape, gaps):
    fmt = L["data_format"]
    sp, c = split(list(x.shape), fmt)
    osp, _ = split(out_shape, fmt)
    pads = pads_of(sp, L["pool_size"], L["strides"], L["padding"])
    y = np.zeros(out_shape)
    X, Y = Accessor(x, fmt), Accessor(y, fmt)
    is_max = L["type"].startswith("Max")
    for opos in itertools.product(*[range(n) for n in osp]):
        cells = window(opos, L["pool_size"], L["strides"], pads, sp)
        assert cells  # "same" padding never yields an all-padding window
        for ch in range(c):
            vals = [X.get(ipos, ch) for ipos, _ in cells]
            if is_max:
                srt = sorted(vals, reverse=True)
                if len(srt) > 1:
                    gaps.append(srt[0] - srt[1])
                Y.set(opos, ch, srt[0])
            else:
                Y.set(opos, ch, sum(vals) / len(vals))
    return y


def np_global(x, L, gaps):
    fmt = L["data_format"]
    sp, c = split(list(x.shape), fmt)
    X = Accessor(x, fmt)
    y = np.zeros(c)
    for ch in range(c):
        vals = [X.get(pos, ch) for pos in itertools.product(*[range(n) for n in sp])]
        if L["type"].startswith("GlobalMax"):
            srt = sorted(vals, reverse=True)
            gaps.append(srt[0] - srt[1])
            y[ch] = srt[0]
        else:
            y[ch] = sum(vals) / len(vals)
    return y


def np_forward_sample(p, x, layers, wshapes, out_shapes):
    """One sample.  Returns (per-layer outputs, relu pre-acts, max-pool gaps)."""
    ws = unpack(np.asarray(p), wshapes)
    wi = 0
    h = np.array(x)
    outs, pre_relu, gaps = [], [], []
    for L, oshape in zip(layers, out_shapes):
        ty = L["type"]
        if ty.startswith("Conv") or ty == "Dense":
            k = ws[wi]; wi += 1
            b = None
            if L["use_bias"]:
                b = ws[wi]; wi += 1
            if ty == "Dense":
                rows = h.reshape(-1, h.shape[-1])
                z = np.zeros((rows.shape[0], L["units"]))
                for r in range(rows.shape[0]):
                    for u in range(L["units"]):
                        s = 0.0 if b is None else float(b[u])
                        for i in range(rows.shape[1]):
                            s += rows[r, i] * k[i, u]
                        z[r, u] = s
                z = z.reshape(oshape)
            else:
                z = np_conv(h, L, k, b, oshape)
            if L["activation"] == "relu":
                pre_relu.append(z)
            h = np_act(z, L["activation"])
        elif ty.startswith("Global"):
            h = np_global(h, L, gaps)
        elif "Pooling" in ty:
            h = np_pool(h, L, oshape, gaps)
        elif ty == "Flatten":
            h = h.reshape(-1)  # row-major, as stored
        else:
            raise ValueError(ty)
        assert list(h.shape) == list(oshape), (ty, h.shape, oshape)
        outs.append(h)
    return outs, pre_relu, gaps


# ---------------------------------------------------------------------------
# Cross-checks against torch built-ins where they apply
# ---------------------------------------------------------------------------

def builtin_checks(layers, wshapes, p, x, outs):
    """Recomputes layers with torch's own padding / pooling / Linear where
    those express the Keras semantics.  Returns the list of checks made."""
    ws = unpack(p, wshapes)
    wi, h, done = 0, x, []
    for L, o in zip(layers, outs):
        ty = L["type"]
        ref = None
        if ty.startswith("Conv") or ty == "Dense":
            k = ws[wi]; wi += 1
            b = None
            if L["use_bias"]:
                b = ws[wi]; wi += 1
        if ty.startswith("Conv"):
            nd = len(L["kernel_size"])
            xc = to_cf(h, L["data_format"])
            w = k.permute(nd + 1, nd, *range(nd))
            conv = F.conv2d if nd == 2 else F.conv1d
            pads = pads_of(list(xc.shape[2:]), L["kernel_size"], L["strides"], L["padding"])
            if L["padding"] == "valid":
                z = conv(xc, w, b, stride=tuple(L["strides"]))
                done.append("valid conv")
            elif all(s == 1 for s in L["strides"]):
                z = conv(xc, w, b, padding="same")
                done.append("torch padding='same' (pads %s)" % pads)
            elif all(pb == pa for pb, pa in pads):
                z = conv(xc, w, b, stride=tuple(L["strides"]),
                         padding=tuple(pb for pb, _ in pads))
                done.append("symmetric padding=%s" % [pb for pb, _ in pads])
            else:
                z = None
            if z is not None:
                ref = activate(from_cf(z, L["data_format"]), L["activation"])
        elif "Pooling" in ty and not ty.startswith("Global"):
            nd = len(L["pool_size"])
            xc = to_cf(h, L["data_format"])
            pads = pads_of(list(xc.shape[2:]), L["pool_size"], L["strides"], L["padding"])
            if all(pb == pa for pb, pa in pads):
                pad = tuple(pb for pb, _ in pads)
                if ty.startswith("Max"):
                    fn = F.max_pool2d if nd == 2 else F.max_pool1d
                    z = fn(xc, tuple(L["pool_size"]), tuple(L["strides"]), padding=pad)
                else:
                    assert nd == 2
                    z = F.avg_pool2d(xc, tuple(L["pool_size"]), tuple(L["strides"]),
                                     padding=pad, count_include_pad=False)
                    if any(pad):
                        z_incl = F.avg_pool2d(xc, tuple(L["pool_size"]), tuple(L["strides"]),
                                              padding=pad, count_include_pad=True)
                        assert float(torch.max(torch.abs(z_incl - z))) > 1e-3  # differs
                ref = from_cf(z, L["data_format"])
                done.append("%s padding=%s" % (ty, list(pad)))
        elif ty.startswith("Global"):
            xc = to_cf(h, L["data_format"])
            if ty == "GlobalMaxPooling2D":
                ref = F.adaptive_max_pool2d(xc, 1).reshape(xc.shape[0], -1)
            elif ty == "GlobalAveragePooling2D":
                ref = F.adaptive_avg_pool2d(xc, 1).reshape(xc.shape[0], -1)
            else:
                ref = F.adaptive_avg_pool1d(xc, 1).reshape(xc.shape[0], -1)
            done.append(ty)
        elif ty == "Dense":
            lin = torch.nn.Linear(k.shape[0], k.shape[1], bias=b is not None)
            with torch.no_grad():
                lin.weight.copy_(k.T)
                if b is not None:
                    lin.bias.copy_(b)
                ref = activate(lin(h), L["activation"])
            done.append("Linear on rank %d" % h.dim())
        elif ty == "Flatten" and h.dim() == 4:
            # torch's NCHW flatten is a different order; the Keras one is
            # the NHWC order, i.e. NCHW permuted back before flattening.
            nchw = to_cf(h, "channels_last")
            ref = nchw.permute(0, 2, 3, 1).flatten(1)
            assert nchw.shape[1] == 1 or not torch.equal(nchw.flatten(1), ref)
            done.append("flatten order")
        if ref is not None:
            err = float(torch.max(torch.abs(ref - o)))
            assert err < 1e-12, (ty, err)
        h = o
    return done


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

CASES = [
    ("conv_valid", [6, 6, 2], [
        Conv(2, 3, 3, activation="relu"),
        Conv(2, 2, 2)]),
    ("conv_same_stride2", [7, 7, 2], [
        Conv(2, 3, 3, strides=2, padding="same", activation="tanh"),
        Conv(2, 2, 2, strides=2, padding="same")]),
    ("conv_same_even_kernel", [5, 6, 1], [
        Conv(2, 2, 2, padding="same"),
        Conv(2, 2, 3, strides=(2, 1))]),
    ("conv_channels_first", [2, 6, 6], [
        Conv(2, 3, 3, data_format="channels_first", activation="relu"),
        Conv(2, 2, 3, padding="same", data_format="channels_first")]),
    # extra: "same" padding with strides > 1 that is ASYMMETRIC (the extra
    # pad at the bottom / right), for a conv and for average pooling, where
    # the window at the end overlaps a padded cell (excluded from the mean)
    ("conv_same_stride2_asym", [8, 7, 2], [
        Conv(2, 3, 3, strides=2, padding="same", activation="tanh"),
        Pool("Average", 2, 3, strides=2, padding="same"),
        Flatten(),
        Dense(2)]),
    # extra: asymmetric "same" for an even kernel with stride 2 and for max
    # pooling (padded cells are -inf)
    ("maxpool_same_asym", [7, 7, 1], [
        Conv(2, 2, 2, strides=2, padding="same"),
        Pool("Max", 2, 3, strides=2, padding="same"),
        Flatten(),
        Dense(2)]),
    ("conv_no_bias", [5, 5, 3], [
        Conv(2, 4, 3, use_bias=False),
        Flatten(),
        Dense(2)]),
    ("maxpool_valid", [6, 6, 2], [
        Conv(2, 3, 3, padding="same"),
        Pool("Max", 2, 2),
        Flatten(),
        Dense(2)]),
    ("maxpool_same_3s2", [7, 7, 2], [
        Conv(2, 2, 3),
        Pool("Max", 2, 3, strides=2, padding="same"),
        Flatten(),
        Dense(2)]),
    ("maxpool_odd_valid", [7, 5, 1], [
        Conv(2, 2, 2),
        Pool("Max", 2, 2),
        Flatten(),
        Dense(3, "softmax")]),
    # extra: the pooled map itself is odd (7x5), so valid pooling drops the
    # last row and column (maxpool_odd_valid's conv output is 6x4)
    ("maxpool_odd_input", [7, 5, 1], [
        Conv(2, 2, 2, padding="same"),
        Pool("Max", 2, 2),
        Flatten(),
        Dense(3, "softmax")]),
    ("avgpool_valid", [6, 6, 2], [
        Conv(2, 3, 3, padding="same"),
        Pool("Average", 2, 2),
        Flatten(),
        Dense(2)]),
    ("avgpool_same_3s2", [7, 7, 2], [
        Conv(2, 2, 3),
        Pool("Average", 2, 3, strides=2, padding="same"),
        Flatten(),
        Dense(2)]),
    ("global_avg", [5, 5, 2], [
        Conv(2, 3, 3, padding="same", activation="relu"),
        Global("Average", 2),
        Dense(2)]),
    ("global_max", [5, 5, 2], [
        Conv(2, 3, 3, padding="same", activation="relu"),
        Global("Max", 2),
        Dense(2)]),
    ("conv1d", [10, 3], [
        Conv(1, 4, 3, activation="relu"),
        Conv(1, 3, 3, padding="same"),
        Pool("Max", 1, 2),
        Global("Average", 1),
        Dense(1)]),
    ("conv1d_stride", [9, 2], [
        Conv(1, 3, 2, strides=2),
        Flatten(),
        Dense(2)]),
    ("dense_rank3", [4, 5], [
        Dense(3, "tanh"),
        Flatten(),
        Dense(2)]),
    ("conv_to_dense_softmax", [8, 8, 1], [
        Conv(2, 4, 3, activation="relu"),
        Pool("Max", 2, 2),
        Flatten(),
        Dense(5, "relu"),
        Dense(3, "softmax")]),
]


def draw_params(layers, wshapes):
    parts, wi = [], 0
    for L in layers:
        if not (L["type"].startswith("Conv") or L["type"] == "Dense"):
            continue
        parts.append(rng.uniform(-0.5, 0.5, size=int(np.prod(wshapes[wi])))); wi += 1
        if L["use_bias"]:
            n = int(np.prod(wshapes[wi])); wi += 1
            sign = np.where(rng.integers(0, 2, size=n) == 1, 1.0, -1.0)
            parts.append(sign * rng.uniform(0.05, 0.5, size=n))
    assert wi == len(wshapes)
    return np.concatenate(parts)


def central_difference(f, v, h=1e-6):
    g = torch.zeros_like(v)
    for i in range(v.numel()):
        vp = v.clone(); vp.view(-1)[i] += h
        vm = v.clone(); vm.view(-1)[i] -= h
        g.view(-1)[i] = (f(vp) - f(vm)) / (2 * h)
    return g


def make_case(name, input_shape, layers):
    out_shapes, wshapes = infer(layers, input_shape)
    for attempt in range(10000):
        p = draw_params(layers, wshapes)
        x = rng.normal(0.0, 1.0, size=[BATCH] + input_shape)
        t = rng.normal(0.0, 1.0, size=[BATCH] + out_shapes[-1])
        ok, np_outs = True, []
        for n in range(BATCH):
            outs, pre, gaps = np_forward_sample(p, x[n], layers, wshapes, out_shapes)
            np_outs.append(outs)
            if any(np.min(np.abs(z)) < KINK_MARGIN or not np.any(z > 0) for z in pre):
                ok = False
            if gaps and min(gaps) < TIE_MARGIN:
                ok = False
        if ok:
            break
    else:
        raise RuntimeError("no acceptable draw for " + name)

    p, x, t = tt(p), tt(x), tt(t)
    pg = p.clone().requires_grad_(True)
    xg = x.clone().requires_grad_(True)
    out, outs, _ = forward(pg, xg, layers, wshapes)
    loss = mse(out, t)
    gp, gx = torch.autograd.grad(loss, (pg, xg))

    # (a) naive numpy vs torch, every layer
    naive_err = 0.0
    for li in range(len(layers)):
        a = np.stack([np_outs[n][li] for n in range(BATCH)])
        b = outs[li].detach().numpy()
        assert a.shape == b.shape, (name, li, a.shape, b.shape)
        naive_err = max(naive_err, float(np.max(np.abs(a - b))))
    assert naive_err < 1e-12, (name, naive_err)
    with torch.no_grad():
        checks = builtin_checks(layers, wshapes, p, x, [o.detach() for o in outs])
        assert abs(float(F.mse_loss(out.detach(), t)) - float(loss)) < 1e-14

    # (b) own central differences of the loss
    def f_p(v):
        with torch.no_grad():
            return mse(forward(v, x, layers, wshapes)[0], t)

    def f_x(v):
        with torch.no_grad():
            return mse(forward(p, v, layers, wshapes)[0], t)

    fd_p = central_difference(f_p, p)
    fd_x = central_difference(f_x, x)
    fd_err = max(float(torch.max(torch.abs(fd_p - gp))),
                 float(torch.max(torch.abs(fd_x - gx))))
    assert fd_err < 1e-7, (name, fd_err)

    # (c) gradcheck of the whole output Jacobian
    assert torch.autograd.gradcheck(
        lambda pp, xx: forward(pp, xx, layers, wshapes)[0],
        (p.clone().requires_grad_(True), x.clone().requires_grad_(True)),
        eps=1e-6, atol=1e-8, rtol=1e-6), name

    assert float(torch.max(torch.abs(gx))) > 0 and float(torch.max(torch.abs(gp))) > 0
    assert list(out.shape) == [BATCH] + out_shapes[-1]

    case = {
        "name": name,
        "layers": layers,
        "input_shape": list(input_shape),
        "layer_output_shapes": out_shapes,
        "param_shapes": wshapes,
        "batch": BATCH,
        "x": flat(x),
        "params": flat(p),
        "t": flat(t),
        "output": flat(out),
        "loss": float(loss),
        "gradients": flat(gp),
        "input_gradient": flat(gx),
    }
    return case, fd_err, naive_err, attempt + 1, checks


def main():
    cases = []
    for name, input_shape, layers in CASES:
        case, fd_err, naive_err, tries, checks = make_case(name, input_shape, layers)
        shapes = " -> ".join("x".join(map(str, s))
                             for s in [input_shape] + case["layer_output_shapes"])
        print("%-22s %-34s loss=%.6f |fd|=%.1e |naive|=%.1e draws=%d"
              % (name, shapes, case["loss"], fd_err, naive_err, tries))
        print("%22s torch built-ins: %s" % ("", "; ".join(checks)))
        cases.append(case)

    doc = {
        "generator": "tests/reference/make_conv_reference.py",
        "torch_version": torch.__version__,
        "dtype": "float64",
        "loss": "mean((output - t)^2) over batch and all output elements",
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, "w", newline="\n") as fh:
        json.dump(doc, fh, indent=1, allow_nan=False)
        fh.write("\n")
    print("wrote", OUT_PATH)


if __name__ == "__main__":
    if not os.path.isdir("tests"):
        sys.exit("run from the repository root")
    main()
