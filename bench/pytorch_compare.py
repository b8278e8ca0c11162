#!/usr/bin/python3
"""The Unroll benchmark workloads in PyTorch, on one thread, for bench/compare.sh.

Run with the Debian torch:  OMP_NUM_THREADS=1 /usr/bin/python3 bench/pytorch_compare.py [--quick]

Mirrors bench/Unroll.Benchmarks/Workloads.cs and Compare.cs: same networks, sample counts,
batch sizes, optimizer (Adam, lr 1e-3, eps 1e-7 = the Keras/Unroll default) and losses,
the same warm-up/repeat counts, and the same output lines:
    RESULT<TAB>workload<TAB>median_us<TAB>min_us<TAB>repeats
Predict rows are per call (mean over a block of calls; median/min over blocks); epoch rows are
per epoch (median/min over epochs). Weights, initialisation and data values differ from the .NET
side; they do not affect the amount of work.
"""
import csv
import os
import re
import statistics
import sys
import time

import torch
from torch import nn

torch.set_num_threads(1)          # also set OMP_NUM_THREADS=1 in the environment (compare.sh does)
torch.set_num_interop_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
PIMA_CSV = os.path.join(HERE, "..", "samples", "Pima", "pima-indians-diabetes.csv")
PIMA_BATCH, MNIST_SAMPLES, MNIST_BATCH = 10, 60_000, 32
LR, EPS = 1e-3, 1e-7
WARMUP_SECONDS = 2.0  # same as Compare.cs; PyTorch needs less, but keep the two sides identical


def loaded_blas():
    """Resolved paths of the BLAS/LAPACK shared objects mapped into this process (Linux)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {l.split()[-1] for l in f if "blas" in l.lower() or "lapack" in l.lower()}
    except OSError:
        return ["(unknown)"]
    return sorted({os.path.realpath(p) for p in paths if p.startswith("/")}) or ["(none found)"]


def pima_body():
    # No final Sigmoid: training uses BCEWithLogitsLoss, the fused equivalent of sigmoid + binary
    # cross-entropy (as Unroll fuses them). Predict wraps the body with the Sigmoid.
    return nn.Sequential(nn.Linear(8, 12), nn.ReLU(), nn.Linear(12, 1))


def mnist_body():
    # No final Softmax: training uses nn.CrossEntropyLoss on the logits, the fused equivalent of
    # softmax + categorical cross-entropy. Predict wraps the body with the Softmax.
    return nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))


def load_pima():
    with open(PIMA_CSV, newline="") as f:
        rows = [[float(v) for v in r] for r in csv.reader(f) if r and not r[0].startswith("#")]
    data = torch.tensor(rows, dtype=torch.float32)
    return data[:, :8].contiguous(), data[:, 8:9].contiguous()


def synthetic_mnist(samples):
    g = torch.Generator().manual_seed(1234)
    x = torch.rand(samples, 784, generator=g)
    y = torch.randint(0, 10, (samples,), generator=g)  # class ids: CrossEntropyLoss's label form
    return x, y


def epoch(model, opt, loss_fn, x, y, batch, g):
    # One shuffled epoch, like Keras/Unroll Fit(shuffle=True): gather each batch, step Adam.
    order = torch.randperm(x.shape[0], generator=g)
    for start in range(0, x.shape[0], batch):
        idx = order[start:start + batch]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()


def per_call(fn, blocks, calls):
    # Warm-up: at least 2 blocks and WARMUP_SECONDS (as on the .NET side, where the JIT needs it).
    warm = time.perf_counter()
    while True:
        for _ in range(calls):
            fn()
        if time.perf_counter() - warm >= WARMUP_SECONDS:
            break
    for _ in range(calls):
        fn()
    times = []
    for _ in range(blocks):
        t = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - t) * 1e6 / calls)
    return times


def per_run(fn, warmup, repeats):
    # Warm-up: at least `warmup` runs and WARMUP_SECONDS (as on the .NET side).
    warm, done = time.perf_counter(), 0
    while done < warmup or time.perf_counter() - warm < WARMUP_SECONDS:
        fn()
        done += 1
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e6)
    return times


def report(name, times):
    print(f"RESULT\t{name}\t{statistics.median(times):.3f}\t{min(times):.3f}\t{len(times)}", flush=True)


def main():
    quick = "--quick" in sys.argv
    blocks, calls = (5, 2_000) if quick else (15, 20_000)
    pima_epochs, mnist_epochs = (5, 2) if quick else (30, 5)
    mnist_samples = 6_000 if quick else MNIST_SAMPLES

    print(f"# PyTorch {torch.__version__}, threads={torch.get_num_threads()}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '(unset)')}")
    # torch.__config__.show() names the BLAS it was built against (Debian: "generic", i.e. the
    # libblas.so.3 alternative); the mapped libraries show which implementation actually runs.
    config = torch.__config__.show()
    keys = re.findall(r"\b(BLAS_INFO|LAPACK_INFO|USE_MKLDNN|USE_OPENMP)=([^,\s]+)", config)
    print("# torch config: " + ", ".join(f"{k}={v}" for k, v in keys))
    torch.mm(torch.rand(64, 64), torch.rand(64, 64))  # make sure the BLAS is loaded
    print("# BLAS loaded: " + ", ".join(loaded_blas()))
    if quick:
        print(f"# quick mode: MNIST epoch uses {mnist_samples} samples")

    torch.manual_seed(7)
    px, py = load_pima()
    mx, my = synthetic_mnist(mnist_samples)

    pima = pima_body()
    mnist = mnist_body()
    pima_predict = nn.Sequential(pima, nn.Sigmoid()).eval()
    mnist_predict = nn.Sequential(mnist, nn.Softmax(dim=1)).eval()
    p1, m1 = px[:1].clone(), mx[:1].clone()

    with torch.inference_mode():
        report("pima_predict_1", per_call(lambda: pima_predict(p1), blocks, calls))
        report("mnist_predict_1", per_call(lambda: mnist_predict(m1), blocks, calls))

    pima.train()
    mnist.train()
    pima_opt = torch.optim.Adam(pima.parameters(), lr=LR, eps=EPS)
    mnist_opt = torch.optim.Adam(mnist.parameters(), lr=LR, eps=EPS)
    bce, cce = nn.BCEWithLogitsLoss(), nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(1)
    report("pima_epoch", per_run(lambda: epoch(pima, pima_opt, bce, px, py, PIMA_BATCH, g), 3, pima_epochs))
    report("mnist_epoch_quick" if quick else "mnist_epoch",
           per_run(lambda: epoch(mnist, mnist_opt, cce, mx, my, MNIST_BATCH, g), 1, mnist_epochs))


if __name__ == "__main__":
    main()
