"""Reference values for Unroll's LSTM / Embedding tests, computed
independently with PyTorch (float64).

Run from the repository root with the Debian Python (Debian 12 packages
``python3-torch``, ``python3-numpy``, ``libopenblas0-pthread``):

    /usr/bin/python3 tests/reference/make_lstm_reference.py

It writes ``tests/Unroll.Tests/Fixtures/lstm_reference.json``.
The output is reproducible: all random draws come from
``numpy.random.default_rng(SEED)`` (PCG64), torch is seeded (it draws
nothing) and runs on one thread.  All arithmetic is float64.

What it computes
----------------
``cases``: for each small network (see ``CASES``) a forward and backward
pass on a batch of 3 samples.  Per case it stores

  name, layers        Keras-style layer configs, defaults filled in
  input_shape         per sample: (timesteps, features) for float input,
                      (timesteps,) for token-id input
  input_dtype         "float" or "int" (token ids)
  layer_output_shapes per sample, one per layer
  param_shapes        one per stored weight, in the order of params
  batch, x            x flat, row-major (batch, *input_shape); token ids
                      are stored as JSON integers
  params              flat concatenation of all weights, per layer in
                      order, each row-major in its Keras layout:
                        LSTM      kernel, recurrent_kernel, bias
                        Dense     kernel, bias
                        Embedding embeddings
  t                   targets, flat, row-major (batch, *output_shape)
  output              network output, flat, same layout as t
  loss                L = mean((output - t)^2) over batch and all elements
  gradients           dL/dparams, flat, same order as params
  input_gradient      dL/dx, flat, same layout as x; null for token ids

``stateful``: one LSTM(4) on Input(8, 3) (batch 3), run once over the
whole sequence and, separately, twice over the two halves (steps 0..3,
then 4..7) with the (h, c) after the first half carried into the second
run (Keras stateful=True across two batches).  It stores

  name, layers, input_shape, batch, x, param_shapes, params   as above
  split                 number of timesteps in the first half (4)
  output_whole          h_T of the single run, flat (batch, units)
  h_half, c_half        (h, c) after the first half, flat (batch, units)
  output_first_half     h after the first half (== h_half), flat
  output_second_half    h_T of the second run started from (h_half,
                        c_half), flat (batch, units); equals output_whole
  output_second_half_from_zero
                        h_T of the second half started from zero state
                        (what a non-stateful LSTM gives; must differ)

Draws: x ~ N(0,1) or token ids ~ U{0..input_dim-1}; LSTM kernels,
recurrent kernels and Dense kernels ~ U(-0.5, 0.5); embeddings
~ 10 * U(-0.05, 0.05) (Keras's default embedding initializer, scaled up
so that the embeddings matter); biases = sign * U(0.05, 0.5) (every bias
at least 0.05 away from 0); t ~ N(0,1).

Conventions (Keras 3; Unroll follows Keras 3)
---------------------------------------------
* Embedding(input_dim, output_dim): embeddings (input_dim, output_dim);
  a sample of T ids becomes (T, output_dim), row id of the table per step.
  Gradient: each row accumulates the output gradients of all positions
  (across the batch) with that id; rows of ids that never occur get 0.
  mask_zero is false: id 0 is an ordinary token.  (embedding_dense leaves
  ids 3, 6 and 9 unused, so their gradient rows are exactly 0.)
* LSTM(units), activation tanh, recurrent_activation sigmoid, use_bias:
    kernel           W (input_dim, 4*units)
    recurrent_kernel U (units, 4*units)
    bias             b (4*units)          ONE bias vector
  the 4*units axis holds the gates in the order i, f, c, o
  (columns [0:u] input gate, [u:2u] forget gate, [2u:3u] cell candidate,
  [3u:4u] output gate).  Per timestep t = 0..T-1, for a sample:
    z   = x_t W + h_{t-1} U + b
    i   = sigmoid(z[0:u]),   f = sigmoid(z[u:2u])
    c~  = tanh(z[2u:3u]),    o = sigmoid(z[3u:4u])
    c_t = f * c_{t-1} + i * c~
    h_t = o * tanh(c_t)
  with h_{-1} = c_{-1} = 0 (unless state is carried, see ``stateful``).
  sigmoid is the exact logistic 1 / (1 + exp(-z)) (Keras 3's default;
  NOT the piecewise-linear hard_sigmoid of old Keras 1/2 defaults).
  return_sequences false -> output h_{T-1}, shape (units);
  return_sequences true  -> all h_t, shape (T, units), row-major by time.
  go_backwards, return_state are false; stateful is false except in the
  ``stateful`` check; dropout / recurrent_dropout are 0.
* Flatten: row-major flatten of the per-sample tensor: (T, F) ->
  index t * F + f.
* Dense kernel (in, units), bias (units); applies to the last axis.
* Activations: linear, tanh, sigmoid, softmax (over the last axis).
* Loss: mean squared error over ALL output elements and the batch.

Where Keras 3 and PyTorch differ (we follow Keras 3)
----------------------------------------------------
* torch.nn.LSTM stores weight_ih (4*units, input_dim) and weight_hh
  (4*units, units), i.e. the TRANSPOSES of Keras's kernel and
  recurrent_kernel:  weight_ih = kernel^T,  weight_hh = recurrent_kernel^T.
* torch's gate order along the 4*units axis is i, f, g, o, which is
  exactly Keras's i, f, c, o (g == the cell candidate c~), so no gate
  permutation is needed; only the transpose.  (Other frameworks differ:
  e.g. ONNX uses i, o, f, c.)
* torch has TWO biases, bias_ih and bias_hh, which are simply added;
  Keras has one.  Mapping: bias_ih = Keras bias, bias_hh = 0.  (Any split
  with bias_ih + bias_hh = bias is equivalent; checked once.)  Keras 2's
  CuDNNLSTM, like cuDNN, also had two biases; Keras 3 has one.
* torch.nn.LSTM's input is (T, N, F) unless batch_first=True; Keras is
  always (N, T, F).  batch_first=True is used here.
* torch returns (output, (h_n, c_n)) with h_n/c_n shaped (layers, N, u);
  Keras returns only the output unless return_state=True.
* Embedding: torch.nn.Embedding has the same (num_embeddings, dim) layout;
  its default init is N(0,1) instead of Keras's U(-0.05, 0.05).

Self-checks
-----------
(a) Every network is evaluated twice: with a hand-written loop over time in
    torch ops on the Keras layouts ("loop" path, the one stored), and with
    torch built-ins (torch.nn.LSTM with weight_ih = kernel^T, weight_hh =
    recurrent_kernel^T, bias_ih = bias, bias_hh = 0; F.embedding; F.linear
    with weight = kernel^T).  All layer outputs, the loss and all gradients
    (params and x) must agree to 1e-12.  Once more separately: the same
    mapping by copying into the module's nn.Parameters (its parameter
    gradients must be the transposed Keras gradients; bias_ih.grad ==
    bias_hh.grad == dL/dbias), any bias split bias_ih + bias_hh = bias,
    and a wrong gate order (f and c swapped) must NOT agree.
    Pitfall found: torch 1.13's torch.nn.utils.stateless.functional_call
    does not work for nn.LSTM (it runs on the module's stale
    _flat_weights); the script assigns the weights as plain attributes
    instead, which RNNBase.__setattr__ propagates.
(b) Autograd gradients (params and x for float input) vs own central
    differences of the loss, h = 1e-6, asserted to 1e-7, for every case.
(c) torch.autograd.gradcheck of the full network output (Jacobian w.r.t.
    params, and x for float input) for every case.
(d) ``stateful``: carrying (h, c) over the two halves reproduces the
    single run (1e-15), also with torch.nn.LSTM given (h0, c0); starting
    the second half from zero state does not.
"""

import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch.nn.utils import stateless

SEED = 20240613
BATCH = 3

OUT_PATH = os.path.join("tests", "Unroll.Tests", "Fixtures",
                        "lstm_reference.json")

torch.set_default_dtype(torch.float64)
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

def LSTM(units, return_sequences=False, stateful=False, activation="tanh",
         recurrent_activation="sigmoid", use_bias=True):
    return {"type": "LSTM", "units": units, "activation": activation,
            "recurrent_activation": recurrent_activation, "use_bias": use_bias,
            "return_sequences": return_sequences, "return_state": False,
            "go_backwards": False, "stateful": stateful}


def Embedding(input_dim, output_dim):
    return {"type": "Embedding", "input_dim": input_dim,
            "output_dim": output_dim, "mask_zero": False}


def Dense(units, activation="linear", use_bias=True):
    return {"type": "Dense", "units": units, "activation": activation,
            "use_bias": use_bias}


def Flatten():
    return {"type": "Flatten"}


def infer(layers, input_shape):
    """Per-layer output shapes and the weight shapes in params order."""
    shape = list(input_shape)
    outs, wshapes = [], []
    for L in layers:
        ty = L["type"]
        if ty == "Embedding":
            assert len(shape) == 1
            wshapes.append([L["input_dim"], L["output_dim"]])
            shape = shape + [L["output_dim"]]
        elif ty == "LSTM":
            assert len(shape) == 2
            u = L["units"]
            wshapes += [[shape[1], 4 * u], [u, 4 * u]]
            if L["use_bias"]:
                wshapes.append([4 * u])
            shape = [shape[0], u] if L["return_sequences"] else [u]
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
# torch implementations (batched)
# ---------------------------------------------------------------------------

def activate(z, name):
    if name == "linear":
        return z
    if name == "tanh":
        return torch.tanh(z)
    if name == "relu":
        return torch.relu(z)
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "softmax":
        return torch.softmax(z, dim=-1)
    raise ValueError(name)


def lstm_loop(x, W, U, b, h0=None, c0=None, act="tanh", rec="sigmoid"):
    """Keras layout, explicit loop over time.  x (N, T, F); b may be None
    (use_bias False); act is Keras's activation (candidate and output),
    rec its recurrent_activation (the gates).
    Returns (all h as (N, T, u), h_T, c_T)."""
    n, steps = x.shape[0], x.shape[1]
    u = U.shape[0]
    h = torch.zeros(n, u) if h0 is None else h0
    c = torch.zeros(n, u) if c0 is None else c0
    hs = []
    for s in range(steps):
        z = x[:, s, :] @ W + h @ U
        if b is not None:
            z = z + b
        i = activate(z[:, 0:u], rec)
        f = activate(z[:, u:2 * u], rec)
        g = activate(z[:, 2 * u:3 * u], act)
        o = activate(z[:, 3 * u:4 * u], rec)
        c = f * c + i * g
        h = o * activate(c, act)
        hs.append(h)
    return torch.stack(hs, dim=1), h, c


def torch_lstm_module(in_dim, units):
    return torch.nn.LSTM(in_dim, units, num_layers=1, bias=True,
                         batch_first=True)


def lstm_builtin(x, W, U, b, h0=None, c0=None, bias_split=0.0):
    """torch.nn.LSTM with the Keras weights mapped in (differentiable)."""
    mod = torch_lstm_module(W.shape[0], U.shape[0])
    # Keras (in, 4u) / (u, 4u) -> torch (4u, in) / (4u, u); the gate order
    # i, f, g, o of torch is Keras's i, f, c, o: no permutation.  One Keras
    # bias -> bias_ih = b - bias_split * b, bias_hh = bias_split * b.
    weights = {"weight_ih_l0": W.t(), "weight_hh_l0": U.t(),
               "bias_ih_l0": b * (1.0 - bias_split),
               "bias_hh_l0": b * bias_split}
    # Plain tensors (not Parameters) so that autograd reaches the flat
    # params; RNNBase.__setattr__ keeps the module's _flat_weights (what its
    # forward actually uses) in sync.  NB: torch 1.13's
    # stateless.functional_call does NOT work here: it swaps the attributes
    # but the LSTM still runs on its stale _flat_weights (checked below).
    for k, v in weights.items():
        delattr(mod, k)
        setattr(mod, k, v)
    args = (x,) if h0 is None else (x, (h0.unsqueeze(0), c0.unsqueeze(0)))
    out, (hn, cn) = mod(*args)
    return out, hn[0], cn[0]


def forward(p, x, layers, wshapes, builtin=False):
    """Returns (output, list of per-layer outputs)."""
    ws = unpack(p, wshapes)
    wi = 0
    h = x
    outs = []
    for L in layers:
        ty = L["type"]
        if ty == "Embedding":
            E = ws[wi]; wi += 1
            ids = h.long()
            assert torch.equal(ids.double(), h)
            h = F.embedding(ids, E) if builtin else E[ids]
        elif ty == "LSTM":
            W, U = ws[wi], ws[wi + 1]; wi += 2
            b = None
            if L["use_bias"]:
                b = ws[wi]; wi += 1
            default = L["activation"] == "tanh" and L["recurrent_activation"] == "sigmoid" and b is not None
            if builtin and default:
                seq, last, _ = lstm_builtin(h, W, U, b)
            else:
                # torch.nn.LSTM has no other activations and always a bias: the loop, alone,
                # checked below by central differences and gradcheck.
                seq, last, _ = lstm_loop(h, W, U, b, act=L["activation"], rec=L["recurrent_activation"])
            h = seq if L["return_sequences"] else last
        elif ty == "Dense":
            k = ws[wi]; wi += 1
            b = None
            if L["use_bias"]:
                b = ws[wi]; wi += 1
            if builtin:
                z = F.linear(h, k.t(), b)
            else:
                z = h @ k
                if b is not None:
                    z = z + b
            h = activate(z, L["activation"])
        elif ty == "Flatten":
            h = h.reshape(h.shape[0], -1)
        else:
            raise ValueError(ty)
        outs.append(h)
    assert wi == len(ws)
    return h, outs


def mse(out, t):
    return torch.mean((out - t) ** 2)


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

CASES = [
    ("lstm_last", [6, 4], [
        LSTM(5),
        Dense(2)]),
    ("lstm_sequences", [5, 3], [
        LSTM(4, return_sequences=True),
        Flatten(),
        Dense(2)]),
    ("lstm_stacked", [6, 3], [
        LSTM(4, return_sequences=True),
        LSTM(3, return_sequences=True),
        LSTM(2),
        Dense(1, "sigmoid")]),
    ("embedding_lstm", [7], [
        Embedding(11, 4),
        LSTM(5),
        Dense(3, "softmax")]),
    ("embedding_dense", [5], [
        Embedding(10, 3),
        Flatten(),
        Dense(2)]),
    # Keras's other LSTM options: activation, recurrent_activation, use_bias.
    ("lstm_relu_nobias", [5, 3], [
        LSTM(4, return_sequences=True, activation="relu", use_bias=False),
        LSTM(3, activation="sigmoid", recurrent_activation="tanh"),
        Dense(2)]),
    ("lstm_linear_gates", [4, 2], [
        LSTM(3, activation="linear", recurrent_activation="relu"),
        Dense(1)]),
]


def draw_bias(n):
    sign = np.where(rng.integers(0, 2, size=n) == 1, 1.0, -1.0)
    return sign * rng.uniform(0.05, 0.5, size=n)


def draw_params(layers, wshapes):
    parts, wi = [], 0
    for L in layers:
        ty = L["type"]
        if ty == "Embedding":
            n = int(np.prod(wshapes[wi])); wi += 1
            parts.append(10.0 * rng.uniform(-0.05, 0.05, size=n))
        elif ty == "LSTM":
            for _ in range(2):  # kernel, recurrent_kernel
                parts.append(rng.uniform(-0.5, 0.5, size=int(np.prod(wshapes[wi])))); wi += 1
            if L["use_bias"]:
                parts.append(draw_bias(int(np.prod(wshapes[wi])))); wi += 1
        elif ty == "Dense":
            parts.append(rng.uniform(-0.5, 0.5, size=int(np.prod(wshapes[wi])))); wi += 1
            if L["use_bias"]:
                parts.append(draw_bias(int(np.prod(wshapes[wi])))); wi += 1
    assert wi == len(wshapes)
    return np.concatenate(parts)


def central_difference(f, v, h=1e-6):
    g = torch.zeros_like(v)
    for i in range(v.numel()):
        vp = v.clone(); vp.view(-1)[i] += h
        vm = v.clone(); vm.view(-1)[i] -= h
        g.view(-1)[i] = (f(vp) - f(vm)) / (2 * h)
    return g


def maxabs(a, b):
    return float(torch.max(torch.abs(a - b)))


def make_case(name, input_shape, layers):
    out_shapes, wshapes = infer(layers, input_shape)
    ids_input = layers[0]["type"] == "Embedding"
    p = draw_params(layers, wshapes)
    if ids_input:
        x = rng.integers(0, layers[0]["input_dim"], size=[BATCH] + input_shape)
    else:
        x = rng.normal(0.0, 1.0, size=[BATCH] + input_shape)
    t = rng.normal(0.0, 1.0, size=[BATCH] + out_shapes[-1])
    p, x, t = tt(p), tt(x), tt(t)

    # loop path (stored)
    pg = p.clone().requires_grad_(True)
    xg = x.clone().requires_grad_(not ids_input)
    out, outs = forward(pg, xg, layers, wshapes)
    loss = mse(out, t)
    if ids_input:
        (gp,) = torch.autograd.grad(loss, (pg,))
        gx = None
    else:
        gp, gx = torch.autograd.grad(loss, (pg, xg))

    # (a) torch built-ins path: every layer output, loss and gradients
    pb = p.clone().requires_grad_(True)
    xb = x.clone().requires_grad_(not ids_input)
    out_b, outs_b = forward(pb, xb, layers, wshapes, builtin=True)
    loss_b = mse(out_b, t)
    builtin_err = max(maxabs(a, b) for a, b in zip(outs, outs_b))
    builtin_err = max(builtin_err, abs(float(loss) - float(loss_b)))
    if ids_input:
        (gpb,) = torch.autograd.grad(loss_b, (pb,))
    else:
        gpb, gxb = torch.autograd.grad(loss_b, (pb, xb))
        builtin_err = max(builtin_err, maxabs(gx, gxb))
    builtin_err = max(builtin_err, maxabs(gp, gpb))
    assert builtin_err < 1e-12, (name, builtin_err)
    assert abs(float(F.mse_loss(out.detach(), t)) - float(loss)) < 1e-14

    # (b) own central differences of the loss
    def f_p(v):
        with torch.no_grad():
            return mse(forward(v, x, layers, wshapes)[0], t)

    def f_x(v):
        with torch.no_grad():
            return mse(forward(p, v, layers, wshapes)[0], t)

    fd_err = maxabs(central_difference(f_p, p), gp)
    if not ids_input:
        fd_err = max(fd_err, maxabs(central_difference(f_x, x), gx))
    assert fd_err < 1e-7, (name, fd_err)

    # (c) gradcheck of the whole output Jacobian
    if ids_input:
        ok = torch.autograd.gradcheck(
            lambda pp: forward(pp, x, layers, wshapes)[0],
            (p.clone().requires_grad_(True),),
            eps=1e-6, atol=1e-8, rtol=1e-6)
    else:
        ok = torch.autograd.gradcheck(
            lambda pp, xx: forward(pp, xx, layers, wshapes)[0],
            (p.clone().requires_grad_(True), x.clone().requires_grad_(True)),
            eps=1e-6, atol=1e-8, rtol=1e-6)
    assert ok, name

    assert float(torch.max(torch.abs(gp))) > 0
    assert gx is None or float(torch.max(torch.abs(gx))) > 0
    assert list(out.shape) == [BATCH] + out_shapes[-1]

    notes = []
    if ids_input:
        E = layers[0]
        used = set(int(v) for v in x.reshape(-1).tolist())
        unused = sorted(set(range(E["input_dim"])) - used)
        gE = gp[:E["input_dim"] * E["output_dim"]].reshape(E["input_dim"], E["output_dim"])
        for r in unused:
            assert float(torch.max(torch.abs(gE[r]))) == 0.0
        counts = np.bincount(np.asarray(x.reshape(-1).tolist(), dtype=int),
                             minlength=E["input_dim"])
        notes.append("ids unused=%s max repeats=%d" % (unused, int(counts.max())))
        x_json = [int(v) for v in x.reshape(-1).tolist()]
    else:
        x_json = flat(x)

    case = {
        "name": name,
        "layers": layers,
        "input_shape": list(input_shape),
        "input_dtype": "int" if ids_input else "float",
        "layer_output_shapes": out_shapes,
        "param_shapes": wshapes,
        "batch": BATCH,
        "x": x_json,
        "params": flat(p),
        "t": flat(t),
        "output": flat(out),
        "loss": float(loss),
        "gradients": flat(gp),
        "input_gradient": None if gx is None else flat(gx),
    }
    return case, fd_err, builtin_err, notes


def bias_split_check():
    """Any split of the Keras bias into bias_ih + bias_hh is equivalent."""
    W = tt(rng.uniform(-0.5, 0.5, size=(3, 8)))
    U = tt(rng.uniform(-0.5, 0.5, size=(2, 8)))
    b = tt(draw_bias(8))
    x = tt(rng.normal(0.0, 1.0, size=(2, 4, 3)))
    with torch.no_grad():
        ref = lstm_loop(x, W, U, b)[0]
        err = max(maxabs(lstm_builtin(x, W, U, b, bias_split=s)[0], ref)
                  for s in (0.0, 0.5, 1.0, 0.3))
        # sanity: permuting the gates (e.g. swapping f and c) does change it
        perm = torch.cat([torch.arange(0, 2), torch.arange(4, 6),
                          torch.arange(2, 4), torch.arange(6, 8)])
        wrong = lstm_builtin(x, W[:, perm], U[:, perm], b[perm])[0]
    assert err < 1e-12, err
    assert maxabs(wrong, ref) > 1e-3

    # the ordinary way: copy into the module's nn.Parameters; the parameter
    # gradients are the transposes of the Keras-layout gradients
    Wg, Ug, bg = (v.clone().requires_grad_(True) for v in (W, U, b))
    seq = lstm_loop(x, Wg, Ug, bg)[0]
    tgt = tt(rng.normal(0.0, 1.0, size=tuple(seq.shape)))
    gW, gU, gb = torch.autograd.grad(mse(seq, tgt), (Wg, Ug, bg))
    mod = torch_lstm_module(3, 2)
    with torch.no_grad():
        mod.weight_ih_l0.copy_(W.t())
        mod.weight_hh_l0.copy_(U.t())
        mod.bias_ih_l0.copy_(b)
        mod.bias_hh_l0.zero_()
    seq_m = mod(x)[0]
    mse(seq_m, tgt).backward()
    err = max(err, maxabs(seq_m, seq), maxabs(mod.weight_ih_l0.grad, gW.t()),
              maxabs(mod.weight_hh_l0.grad, gU.t()),
              maxabs(mod.bias_ih_l0.grad, gb), maxabs(mod.bias_hh_l0.grad, gb))
    assert err < 1e-12, err

    # the pitfall: functional_call leaves torch 1.13's LSTM on stale weights
    fresh = torch_lstm_module(3, 2)
    with torch.no_grad():
        fc = stateless.functional_call(
            fresh, {"weight_ih_l0": W.t(), "weight_hh_l0": U.t(),
                    "bias_ih_l0": b, "bias_hh_l0": torch.zeros(8)}, (x,))[0]
    stale = maxabs(fc, ref) > 1e-3
    return err, stale


def make_stateful():
    name = "lstm_stateful_halves"
    steps, feats, units, split = 8, 3, 4, 4
    layers = [LSTM(units, stateful=True)]
    out_shapes, wshapes = infer(layers, [steps, feats])
    p = tt(draw_params(layers, wshapes))
    x = tt(rng.normal(0.0, 1.0, size=(BATCH, steps, feats)))
    W, U, b = unpack(p, wshapes)
    with torch.no_grad():
        _, h_whole, c_whole = lstm_loop(x, W, U, b)
        _, h_half, c_half = lstm_loop(x[:, :split], W, U, b)
        _, h_second, c_second = lstm_loop(x[:, split:], W, U, b, h_half, c_half)
        _, h_zero, _ = lstm_loop(x[:, split:], W, U, b)
        # the same with torch.nn.LSTM, passing (h0, c0)
        _, hb_half, cb_half = lstm_builtin(x[:, :split], W, U, b)
        _, hb_second, _ = lstm_builtin(x[:, split:], W, U, b, hb_half, cb_half)
        _, hb_whole, _ = lstm_builtin(x, W, U, b)
    err = max(maxabs(h_second, h_whole), maxabs(c_second, c_whole))
    assert err < 1e-15, err
    berr = max(maxabs(hb_second, h_whole), maxabs(hb_whole, h_whole),
               maxabs(hb_half, h_half), maxabs(cb_half, c_half))
    assert berr < 1e-12, berr
    assert maxabs(h_zero, h_whole) > 1e-3  # the carried state matters
    case = {
        "name": name,
        "layers": layers,
        "input_shape": [steps, feats],
        "input_dtype": "float",
        "param_shapes": wshapes,
        "batch": BATCH,
        "split": split,
        "x": flat(x),
        "params": flat(p),
        "output_whole": flat(h_whole),
        "h_half": flat(h_half),
        "c_half": flat(c_half),
        "output_first_half": flat(h_half),
        "output_second_half": flat(h_second),
        "output_second_half_from_zero": flat(h_zero),
    }
    return case, err, berr, maxabs(h_zero, h_whole)


def main():
    cases = []
    for name, input_shape, layers in CASES:
        case, fd_err, builtin_err, notes = make_case(name, input_shape, layers)
        shapes = " -> ".join("x".join(map(str, s))
                             for s in [input_shape] + case["layer_output_shapes"])
        print("%-16s %-30s loss=%.6f |fd|=%.1e |builtin|=%.1e %s"
              % (name, shapes, case["loss"], fd_err, builtin_err, "; ".join(notes)))
        cases.append(case)
    berr, stale = bias_split_check()
    print("bias split bias_ih + bias_hh = bias, nn.Parameter copy and grads: "
          "|err|=%.1e; functional_call stale: %s" % (berr, stale))
    stateful, err, berr, zdiff = make_stateful()
    print("%s: |halves - whole|=%.1e |nn.LSTM|=%.1e |zero-state - whole|=%.2f"
          % (stateful["name"], err, berr, zdiff))

    doc = {
        "generator": "tests/reference/make_lstm_reference.py",
        "torch_version": torch.__version__,
        "dtype": "float64",
        "loss": "mean((output - t)^2) over batch and all output elements",
        "lstm_gate_order": "i, f, c, o",
        "cases": cases,
        "stateful": stateful,
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
