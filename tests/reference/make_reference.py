"""Reference values for Unroll's dense-network and optimizer tests, computed
independently with PyTorch (float64).

Run from the repository root with the Debian Python (Debian 12 packages
``python3-torch``, ``python3-numpy``, ``libopenblas0-pthread``):

    /usr/bin/python3 tests/reference/make_reference.py

It writes ``tests/Unroll.Tests/Fixtures/dense_reference.json``.
The output is reproducible: all random draws come from
``numpy.random.default_rng(SEED)`` (PCG64) and torch is seeded too (torch
itself draws nothing).  All arithmetic is float64.

What it computes
----------------
1. ``cases``: forward and backward passes of a small network

       x (batch 3, 4 features) -> Dense(5, hidden act) -> Dense(units, output act)

   for twelve combinations of activation and loss.  For each case it stores
   x, y, the parameters, the network output (after the output activation),
   the loss value, the gradient of the loss with respect to every parameter
   and with respect to x.  Gradients come from torch.autograd and are checked
   against central finite differences (own implementation, and
   torch.autograd.gradcheck); the loss values are checked against torch's
   built-in losses where those are mathematically the same.

2. ``optimizers``: two update steps of each optimizer on an 11-element
   parameter vector with two given gradient vectors.  The Keras 3 update
   rules are implemented here by hand in torch float64; where torch.optim
   computes the same math it is run as well and agreement to 1e-12 is
   asserted (see ``optimizer_cases`` for which ones and why).

Conventions (Keras 3; Unroll follows Keras 3)
---------------------------------------------
* Dense layer: y = act(x @ K + b) with kernel K of shape (in, out).
* Flat parameter vector, row-major, in Keras weight order:
  dense.kernel (4,5), dense.bias (5), dense_1.kernel (5,units),
  dense_1.bias (units).  x is stored row-major (3,4); y and output (3,units).
* softmax (hidden or output) is taken over the last axis.
* Losses: a per-sample loss, then the MEAN over the batch
  ("sum_over_batch_size" reduction).
  - mse / mae: per sample = mean over the last axis of (y-p)^2 / |y-p|.
  - binary_crossentropy (probabilities, from_logits=False):
    p = clip(p, 1e-7, 1-1e-7); per element -(y log p + (1-y) log(1-p));
    per sample = mean over the last axis.
  - categorical_crossentropy (probabilities): p = p / sum(p) over classes,
    then clip to [1e-7, 1-1e-7]; per sample = -sum(y log p).
  - sparse_categorical_crossentropy: the same with y = one_hot(ids); the ids
    are stored as integers 0..2, one per sample.
  Gradients are autograd of exactly these expressions (including the
  renormalisation and the clip; no value here comes near a clip bound).
* Optimizers: see the formulas in the functions ``keras_*`` below.  Step t
  counts from 1; "iterations" = number of updates done before this one.

Where Keras 3 and PyTorch differ (we follow Keras 3)
----------------------------------------------------
* Layout: torch.nn.Linear stores weight as (out, in) and computes
  x @ W.T + b; Keras stores the kernel as (in, out).  Here the network is
  written directly as x @ K + b with the Keras layout.
* binary cross-entropy: torch.nn.functional.binary_cross_entropy does not
  clip p; it clamps log(p) and log(1-p) at -100.  Keras clips p to
  [1e-7, 1-1e-7] (epsilon = keras.backend.epsilon()).  (Keras 3's TensorFlow
  backend additionally switches to the logits formula when the probabilities
  come straight from a sigmoid layer; the torch and JAX backends do not.
  We use the clipped-probability formula.)
* categorical cross-entropy: torch.nn.CrossEntropyLoss takes logits
  (log-softmax inside), Keras takes probabilities, renormalises them and
  clips them.  Values agree away from the clip bounds.
* SGD with momentum: torch keeps buf = mu*buf + g and does w -= lr*buf;
  Keras keeps m = mu*m - lr*g and does w += m.  Identical for a constant
  learning rate, different once the learning rate changes between steps
  (e.g. with decay), because Keras bakes the old lr into m.
* Nesterov: torch w -= lr*(g + mu*buf); Keras w += mu*m - lr*g (same math
  for a constant lr).
* Adam: Keras adds epsilon to the UNcorrected sqrt(v):
  w -= lr*sqrt(1-b2^t)/(1-b1^t) * m/(sqrt(v)+eps);
  torch adds it to the bias-corrected one:
  w -= lr/(1-b1^t) * m/(sqrt(v)/sqrt(1-b2^t) + eps).
  They coincide if torch's eps at step t is eps/sqrt(1-b2^t), which is how
  it is cross-checked here.  Default eps: Keras 1e-7, torch 1e-8.
* RMSprop: Keras w -= lr*g/sqrt(v+eps) (eps inside the root); torch
  w -= lr*g/(sqrt(v)+eps).  Default rho/alpha: Keras 0.9, torch 0.99.
* Adagrad: Keras w -= lr*g/sqrt(acc+eps); torch w -= lr*g/(sqrt(acc)+eps).
  Default initial accumulator: Keras 0.1, torch 0.
* Adadelta: same formula in both (eps inside both roots).  Defaults differ:
  Keras lr 0.001, torch lr 1.0.
* "decay": Keras 3 optimizers no longer take ``decay``; it is the legacy
  Keras 2 inverse-time decay lr_t = lr / (1 + decay*iterations), equal to
  Keras 3 ``InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)``.
  torch.optim has no such option built in.
"""

import json
import math
import os
import sys

import numpy as np
import torch

SEED = 20240611
BATCH = 3
N_IN = 4
N_HIDDEN = 5
EPS = 1e-7  # keras.backend.epsilon()

OUT_PATH = os.path.join("tests", "Unroll.Tests", "Fixtures",
                        "dense_reference.json")

torch.set_default_dtype(torch.float64)
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)


def t(a):
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64)


def flat(v):
    return [float(e) for e in v.detach().reshape(-1).tolist()]


# ---------------------------------------------------------------------------
# Network and losses
# ---------------------------------------------------------------------------

def activate(z, name):
    if name == "linear":
        return z
    if name == "relu":
        return torch.relu(z)
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "softmax":
        return torch.softmax(z, dim=-1)
    raise ValueError(name)


def n_params(units):
    return N_IN * N_HIDDEN + N_HIDDEN + N_HIDDEN * units + units


def unpack(p, units):
    """Split the flat Keras-order parameter vector into K1, b1, K2, b2."""
    i = 0
    k1 = p[i:i + N_IN * N_HIDDEN].reshape(N_IN, N_HIDDEN); i += N_IN * N_HIDDEN
    b1 = p[i:i + N_HIDDEN]; i += N_HIDDEN
    k2 = p[i:i + N_HIDDEN * units].reshape(N_HIDDEN, units); i += N_HIDDEN * units
    b2 = p[i:i + units]; i += units
    assert i == p.numel()
    return k1, b1, k2, b2


def forward(p, x, units, hidden_act, output_act):
    """Returns (pre-activation 1, pre-activation 2, output)."""
    k1, b1, k2, b2 = unpack(p, units)
    z1 = x @ k1 + b1
    h = activate(z1, hidden_act)
    z2 = h @ k2 + b2
    return z1, z2, activate(z2, output_act)


def one_hot(ids, n):
    return torch.nn.functional.one_hot(ids.long(), n).to(torch.float64)


def keras_loss(loss, y, p, units):
    if loss == "mse":
        per_sample = torch.mean((y - p) ** 2, dim=-1)
    elif loss == "mae":
        per_sample = torch.mean(torch.abs(y - p), dim=-1)
    elif loss == "binary_crossentropy":
        pc = torch.clamp(p, EPS, 1.0 - EPS)
        per_sample = torch.mean(-(y * torch.log(pc) + (1.0 - y) * torch.log(1.0 - pc)), dim=-1)
    elif loss in ("categorical_crossentropy", "sparse_categorical_crossentropy"):
        target = one_hot(y, units) if loss == "sparse_categorical_crossentropy" else y
        pn = p / torch.sum(p, dim=-1, keepdim=True)
        pc = torch.clamp(pn, EPS, 1.0 - EPS)
        per_sample = -torch.sum(target * torch.log(pc), dim=-1)
    else:
        raise ValueError(loss)
    return torch.mean(per_sample)


def torch_builtin_loss(loss, y, p, z2):
    """The same loss via torch's own functions (valid away from clip bounds)."""
    F = torch.nn.functional
    if loss == "mse":
        return F.mse_loss(p, y)  # mean over all elements == mean of per-sample means
    if loss == "mae":
        return F.l1_loss(p, y)
    if loss == "binary_crossentropy":
        return F.binary_cross_entropy(p, y)
    if loss == "categorical_crossentropy":
        return F.cross_entropy(z2, y)  # probability targets, logits input
    if loss == "sparse_categorical_crossentropy":
        return F.cross_entropy(z2, y.long())
    raise ValueError(loss)


CASES = [
    # name, hidden act, output act, units, loss
    ("hidden_linear_mse", "linear", "linear", 3, "mse"),
    ("hidden_relu_mse", "relu", "linear", 3, "mse"),
    ("hidden_sigmoid_mse", "sigmoid", "linear", 3, "mse"),
    ("hidden_tanh_mse", "tanh", "linear", 3, "mse"),
    ("hidden_softmax_mse", "softmax", "linear", 3, "mse"),
    ("out_linear_mae", "tanh", "linear", 3, "mae"),
    ("out_sigmoid_bce1", "relu", "sigmoid", 1, "binary_crossentropy"),
    ("out_sigmoid_bce3", "tanh", "sigmoid", 3, "binary_crossentropy"),
    ("out_softmax_cce", "tanh", "softmax", 3, "categorical_crossentropy"),
    ("out_softmax_sparse", "relu", "softmax", 3, "sparse_categorical_crossentropy"),
    ("out_tanh_mse", "sigmoid", "tanh", 3, "mse"),
    ("out_relu_mse", "tanh", "relu", 3, "mse"),
]

KINK_MARGIN = 1e-3  # relu pre-activations and mae residuals stay this far from 0


def draw_targets(loss, units):
    if loss in ("mse", "mae"):
        return t(rng.normal(0.0, 1.0, size=(BATCH, units)))
    if loss == "binary_crossentropy":
        return t(rng.integers(0, 2, size=(BATCH, units)))
    if loss == "categorical_crossentropy":
        return one_hot(torch.tensor(rng.integers(0, units, size=BATCH)), units)
    if loss == "sparse_categorical_crossentropy":
        return t(rng.integers(0, units, size=BATCH))
    raise ValueError(loss)


def acceptable(hidden, output, loss, units, p, x, y):
    """Rejects draws that sit near a kink or are degenerate."""
    with torch.no_grad():
        z1, z2, out = forward(p, x, units, hidden, output)
        if hidden == "relu":
            if torch.any(torch.abs(z1) < KINK_MARGIN):
                return False
            if not torch.any(z1 > 0):  # all hidden units dead: useless case
                return False
        if output == "relu":
            if torch.any(torch.abs(z2) < KINK_MARGIN):
                return False
            if not torch.any(z2 > 0):
                return False
        if loss == "mae" and torch.any(torch.abs(out - y) < KINK_MARGIN):
            return False
        if output in ("sigmoid", "softmax"):
            if torch.any(out < 1e-4) or torch.any(out > 1 - 1e-4):
                return False  # keep clear of the clip bounds
        if loss == "binary_crossentropy" and units == 1:
            if torch.all(y == y[0]):  # want both classes in the batch
                return False
    return True


def central_difference(f, v, h=1e-6):
    g = torch.zeros_like(v)
    for i in range(v.numel()):
        vp = v.clone(); vp.view(-1)[i] += h
        vm = v.clone(); vm.view(-1)[i] -= h
        g.view(-1)[i] = (f(vp) - f(vm)) / (2 * h)
    return g


def make_case(name, hidden, output, units, loss):
    for _ in range(10000):
        p = t(rng.uniform(-0.8, 0.8, size=n_params(units)))
        x = t(rng.normal(0.0, 1.0, size=(BATCH, N_IN)))
        y = draw_targets(loss, units)
        k1, b1, k2, b2 = unpack(p, units)
        if torch.any(torch.abs(b1) < 1e-2) or torch.any(torch.abs(b2) < 1e-2):
            continue  # biases clearly nonzero
        if acceptable(hidden, output, loss, units, p, x, y):
            break
    else:
        raise RuntimeError("no acceptable draw for " + name)

    p = p.clone().requires_grad_(True)
    x = x.clone().requires_grad_(True)
    _, z2, out = forward(p, x, units, hidden, output)
    value = keras_loss(loss, y, out, units)
    gp, gx = torch.autograd.grad(value, (p, x))

    # --- sanity checks -----------------------------------------------------
    with torch.no_grad():
        # independent forward with torch.nn.Linear (weight = kernel.T)
        k1, b1, k2, b2 = unpack(p.detach(), units)
        l1 = torch.nn.Linear(N_IN, N_HIDDEN); l2 = torch.nn.Linear(N_HIDDEN, units)
        l1.weight.copy_(k1.T); l1.bias.copy_(b1); l2.weight.copy_(k2.T); l2.bias.copy_(b2)
        out2 = activate(l2(activate(l1(x.detach()), hidden)), output)
        assert torch.allclose(out2, out.detach(), rtol=0, atol=1e-14), name
        builtin = torch_builtin_loss(loss, y, out.detach(), z2.detach())
        assert abs(float(builtin) - float(value)) < 1e-12, (name, float(builtin), float(value))

    def f_p(v):
        with torch.no_grad():
            return keras_loss(loss, y, forward(v, x.detach(), units, hidden, output)[2], units)

    def f_x(v):
        with torch.no_grad():
            return keras_loss(loss, y, forward(p.detach(), v, units, hidden, output)[2], units)

    fd_p = central_difference(f_p, p.detach())
    fd_x = central_difference(f_x, x.detach())
    err = max(float(torch.max(torch.abs(fd_p - gp))), float(torch.max(torch.abs(fd_x - gx))))
    assert err < 1e-7, (name, err)
    assert torch.autograd.gradcheck(
        lambda pp, xx: keras_loss(loss, y, forward(pp, xx, units, hidden, output)[2], units),
        (p.detach().clone().requires_grad_(True), x.detach().clone().requires_grad_(True)),
        eps=1e-6, atol=1e-8, rtol=1e-6), name
    assert torch.all(gp != 0) or hidden == "relu" or output == "relu", name

    if loss == "sparse_categorical_crossentropy":
        y_out = [int(v) for v in y.tolist()]
    else:
        y_out = flat(y)
    return {
        "name": name,
        "hidden_activation": hidden,
        "output_activation": output,
        "units": units,
        "loss": loss,
        "batch": BATCH,
        "x": flat(x),
        "y": y_out,
        "params": flat(p),
        "output": flat(out),
        "loss_value": float(value),
        "gradients": flat(gp),
        "input_gradient": flat(gx),
    }, err


# ---------------------------------------------------------------------------
# Optimizers: Keras 3 update rules, written from the formulas
# ---------------------------------------------------------------------------

def keras_sgd(w, grads, learning_rate, momentum=0.0, nesterov=False, decay=0.0):
    w = w.clone(); m = torch.zeros_like(w); out = []
    for iterations, g in enumerate(grads):      # iterations = updates done before
        lr = learning_rate / (1.0 + decay * iterations)
        if momentum == 0.0:
            w = w - lr * g
        else:
            m = momentum * m - lr * g
            w = w + (momentum * m - lr * g if nesterov else m)
        out.append(w.clone())
    return out


def keras_adam(w, grads, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    w = w.clone(); m = torch.zeros_like(w); v = torch.zeros_like(w); out = []
    for i, g in enumerate(grads):
        step = i + 1
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g * g
        alpha = learning_rate * math.sqrt(1 - beta_2 ** step) / (1 - beta_1 ** step)
        w = w - alpha * m / (torch.sqrt(v) + epsilon)
        out.append(w.clone())
    return out


def keras_rmsprop(w, grads, learning_rate=1e-3, rho=0.9, epsilon=1e-7):
    w = w.clone(); v = torch.zeros_like(w); out = []
    for g in grads:
        v = rho * v + (1 - rho) * g * g
        w = w - learning_rate * g / torch.sqrt(v + epsilon)
        out.append(w.clone())
    return out


def keras_adagrad(w, grads, learning_rate=1e-3, initial_accumulator_value=0.1, epsilon=1e-7):
    w = w.clone(); acc = torch.full_like(w, initial_accumulator_value); out = []
    for g in grads:
        acc = acc + g * g
        w = w - learning_rate * g / torch.sqrt(acc + epsilon)
        out.append(w.clone())
    return out


def keras_adadelta(w, grads, learning_rate=1e-3, rho=0.95, epsilon=1e-7):
    w = w.clone(); eg = torch.zeros_like(w); edx = torch.zeros_like(w); out = []
    for g in grads:
        eg = rho * eg + (1 - rho) * g * g
        d = torch.sqrt(edx + epsilon) / torch.sqrt(eg + epsilon) * g
        edx = rho * edx + (1 - rho) * d * d
        w = w - learning_rate * d
        out.append(w.clone())
    return out


def run_torch_optim(make, w0, grads, before_step=None):
    w = torch.nn.Parameter(w0.clone())
    opt = make([w]); out = []
    for i, g in enumerate(grads):
        if before_step is not None:
            before_step(opt, i + 1)
        w.grad = g.clone()
        opt.step()
        out.append(w.detach().clone())
    return out


def optimizer_cases():
    """Cross-checked against torch.optim (same math, asserted to 1e-12):
      sgd, sgd_momentum, sgd_nesterov (constant lr: torch's buf = -m/lr),
      adam, adam_lr (torch eps set to eps/sqrt(1-beta_2^t) before step t,
        which turns torch's corrected-denominator form into Keras's),
      adadelta, adadelta_lr1 (identical formula).
    Not cross-checked (torch.optim has different math):
      sgd_decay (torch has no inverse-time decay, and with momentum a
        changing lr acts differently: torch applies the current lr to the
        whole buffer, Keras bakes each step's lr into m),
      rmsprop, adagrad (torch adds eps outside the square root; no setting
        reproduces eps inside it)."""
    O = torch.optim
    specs = [
        ("sgd", "sgd", dict(learning_rate=0.01, momentum=0.0, nesterov=False, decay=0.0),
         lambda w, g: keras_sgd(w, g, 0.01),
         lambda ps: O.SGD(ps, lr=0.01), None),
        ("sgd_momentum", "sgd", dict(learning_rate=0.01, momentum=0.9, nesterov=False, decay=0.0),
         lambda w, g: keras_sgd(w, g, 0.01, 0.9),
         lambda ps: O.SGD(ps, lr=0.01, momentum=0.9), None),
        ("sgd_nesterov", "sgd", dict(learning_rate=0.01, momentum=0.9, nesterov=True, decay=0.0),
         lambda w, g: keras_sgd(w, g, 0.01, 0.9, nesterov=True),
         lambda ps: O.SGD(ps, lr=0.01, momentum=0.9, nesterov=True), None),
        ("sgd_decay", "sgd", dict(learning_rate=0.1, momentum=0.9, nesterov=False, decay=0.5),
         lambda w, g: keras_sgd(w, g, 0.1, 0.9, decay=0.5), None, None),
        ("adam", "adam", dict(learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7),
         lambda w, g: keras_adam(w, g, 1e-3),
         lambda ps: O.Adam(ps, lr=1e-3, betas=(0.9, 0.999), eps=1e-7),
         lambda opt, step: opt.param_groups[0].__setitem__("eps", 1e-7 / math.sqrt(1 - 0.999 ** step))),
        ("adam_lr", "adam", dict(learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7),
         lambda w, g: keras_adam(w, g, 0.01),
         lambda ps: O.Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-7),
         lambda opt, step: opt.param_groups[0].__setitem__("eps", 1e-7 / math.sqrt(1 - 0.999 ** step))),
        ("rmsprop", "rmsprop", dict(learning_rate=1e-3, rho=0.9, momentum=0.0, epsilon=1e-7),
         lambda w, g: keras_rmsprop(w, g, 1e-3, 0.9, 1e-7), None, None),
        ("adagrad", "adagrad", dict(learning_rate=1e-3, initial_accumulator_value=0.1, epsilon=1e-7),
         lambda w, g: keras_adagrad(w, g, 1e-3, 0.1, 1e-7), None, None),
        ("adadelta", "adadelta", dict(learning_rate=1e-3, rho=0.95, epsilon=1e-7),
         lambda w, g: keras_adadelta(w, g, 1e-3, 0.95, 1e-7),
         lambda ps: O.Adadelta(ps, lr=1e-3, rho=0.95, eps=1e-7), None),
        ("adadelta_lr1", "adadelta", dict(learning_rate=1.0, rho=0.95, epsilon=1e-7),
         lambda w, g: keras_adadelta(w, g, 1.0, 0.95, 1e-7),
         lambda ps: O.Adadelta(ps, lr=1.0, rho=0.95, eps=1e-7), None),
    ]
    result = []
    checked = []
    for name, opt_name, config, keras_fn, torch_make, before in specs:
        w0 = t(rng.uniform(-1.0, 1.0, size=11))
        grads = [t(rng.normal(0.0, 1.0, size=11)) for _ in range(2)]
        expected = keras_fn(w0, grads)
        if torch_make is not None:
            theirs = run_torch_optim(torch_make, w0, grads, before)
            for a, b in zip(expected, theirs):
                diff = float(torch.max(torch.abs(a - b)))
                assert diff < 1e-12, (name, diff)
            checked.append(name)
        for a, b in zip([w0] + expected[:-1], expected):
            assert torch.all(a != b), name  # every step moves every weight
        result.append({
            "name": name,
            "optimizer": opt_name,
            "config": config,
            "params": flat(w0),
            "gradients": [flat(g) for g in grads],
            "expected": [flat(e) for e in expected],
        })
    return result, checked


def main():
    cases = []
    for spec in CASES:
        case, err = make_case(*spec)
        print("%-20s loss=%.6f  max |autograd - finite difference| = %.1e"
              % (case["name"], case["loss_value"], err))
        cases.append(case)
    optimizers, checked = optimizer_cases()
    print("optimizer cases cross-checked with torch.optim:", ", ".join(checked))

    doc = {
        "generator": "tests/reference/make_reference.py",
        "torch_version": torch.__version__,
        "dtype": "float64",
        "cases": cases,
        "optimizers": optimizers,
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
