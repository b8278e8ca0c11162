#!/usr/bin/python3
"""The Unroll benchmark workloads in PyTorch (CPU), for bench/compare.sh.

Run with the Debian torch:
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch_compare.py [--quick]
    OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/pytorch_compare.py --threads 2 [--quick]
(--threads 2 runs only the 2-thread rows: batch-1000 predict, batch-128 epochs, the 1024 Dense,
the CNN's and the LSTM's batch-32 epochs.) --only PREFIX runs only the rows whose name starts with
PREFIX (bench/compare.sh --only).

Mirrors bench/Unroll.Benchmarks/Workloads.cs and Compare.cs: same networks, sample counts,
batch sizes, optimizer (Adam, lr 1e-3, eps 1e-7 = the Keras/Unroll default) and losses,
the same warm-up/repeat counts, and the same output lines:
    RESULT<TAB>workload<TAB>threads<TAB>median_us<TAB>min_us<TAB>repeats<TAB>flops
(flops is 0 here: bench/compare.sh takes the FLOP counts from the Unroll side.)
Predict and Dense rows are per call (mean over a block of calls sized to ~BLOCK_SECONDS;
median/min over blocks); epoch rows are per epoch (median/min over epochs). Weights,
initialisation and data values differ from the .NET side; they do not affect the amount of work.
"""
import csv
import os
import re
import statistics
import sys
import time

import torch
from torch import nn

THREADS = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 1
torch.set_num_threads(THREADS)    # also set OMP_NUM_THREADS to the same in the environment (compare.sh does)
torch.set_num_interop_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
PIMA_CSV = os.path.join(HERE, "..", "samples", "Pima", "pima-indians-diabetes.csv")
MNIST_SAMPLES, EPOCH_BATCHES, PREDICT_BATCH, DENSE_SIZE, DENSE_BATCH = 60_000, (10, 32, 128), 1000, 1024, 64
# As Workloads.CnnSamples / CnnTimedSamples / CnnBatch / CnnEpochRow: the CNN epoch row trains on the
# first 12 000 samples and reports the time x 60 000 / 12 000 (a full epoch is 15-30 s here).
CNN_SAMPLES, CNN_TIMED_SAMPLES, CNN_BATCH, CNN_EPOCH_ROW = 60_000, 12_000, 32, "cnn_epoch_b32_12kx5"
# As Workloads.Lstm*: (20 steps, 32 features) -> LSTM 64 -> Dense 1; 8 000 samples, batch 32, predict 1 000.
LSTM_STEPS, LSTM_FEATURES, LSTM_UNITS, LSTM_SAMPLES, LSTM_BATCH = 20, 32, 64, 8_000, 32
LSTM_PREDICT_ROW, LSTM_EPOCH_ROW = "lstm_predict_1000", "lstm_epoch_b32"
LR, EPS = 1e-3, 1e-7
ONLY = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
# Same as Compare.cs; PyTorch needs less warm-up, but keep the two sides identical.
WARMUP_SECONDS, BLOCKS, BLOCK_SECONDS = 2.0, 15, 0.05


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


def cnn_body():
    # The Keras Fashion-MNIST CNN (bench/Unroll.Benchmarks/Networks.cs, BenchFashionCnn) on NCHW input:
    # 1x28x28 -> conv 32 3x3 (26x26) -> relu -> max pool 2 (13x13) -> flatten 32*13*13 = 5408 -> 128 -> 10.
    # No final Softmax: training uses nn.CrossEntropyLoss on the logits; predict wraps it with the Softmax.
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
                         nn.Linear(5408, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))


class LstmBody(nn.Module):
    # BenchLstm (bench/Unroll.Benchmarks/Networks.cs): torch.nn.LSTM (batch_first, gates i, f, g, o
    # with sigmoid/tanh as Keras's defaults) -> last hidden state -> Linear(64, 1). No final Sigmoid:
    # training uses BCEWithLogitsLoss on the logit; predict wraps the body with the Sigmoid.
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(LSTM_FEATURES, LSTM_UNITS, batch_first=True)
        self.dense = nn.Linear(LSTM_UNITS, 1)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.dense(h[-1])


def dense1024():
    return nn.Linear(DENSE_SIZE, DENSE_SIZE)


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


def per_call(fn):
    # Warm-up for WARMUP_SECONDS (as on the .NET side, where the JIT needs it), then blocks of
    # calls sized to about BLOCK_SECONDS each; per-call microseconds.
    warm, done = time.perf_counter(), 0
    while True:
        fn()
        done += 1
        if time.perf_counter() - warm >= WARMUP_SECONDS:
            break
    calls = max(1, min(10_000_000, int(BLOCK_SECONDS / ((time.perf_counter() - warm) / done))))
    times = []
    for _ in range(BLOCKS):
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


def want(name):
    return ONLY is None or name.startswith(ONLY)


def row(name, time_fn):
    """Times (time_fn() returns the times) and reports one row, unless --only excludes it."""
    if want(name):
        report(name, time_fn())


def report(name, times):
    print(f"RESULT\t{name}\t{THREADS}\t{statistics.median(times):.3f}\t{min(times):.3f}\t{len(times)}\t0", flush=True)


def main():
    global WARMUP_SECONDS, BLOCKS, BLOCK_SECONDS
    quick = "--quick" in sys.argv
    if quick:
        WARMUP_SECONDS, BLOCKS, BLOCK_SECONDS = 0.5, 5, 0.02
    pima_epochs, mnist_epochs_b10, mnist_epochs, cnn_epochs = (5, 1, 2, 1) if quick else (30, 3, 5, 2)   # as Compare.Epochs
    mnist_samples = 6_000 if quick else MNIST_SAMPLES
    cnn_samples = 6_000 if quick else CNN_TIMED_SAMPLES   # quick: 6 000 samples, not scaled
    cnn_scale = 1 if quick else CNN_SAMPLES / CNN_TIMED_SAMPLES
    cnn_epoch_row = f"cnn_epoch_b{CNN_BATCH}_quick" if quick else CNN_EPOCH_ROW
    suffix = "_quick" if quick else ""
    one = THREADS == 1

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
    p1000 = px[torch.arange(PREDICT_BATCH) % px.shape[0]].contiguous()  # the 768 rows, repeated
    m1000 = mx[:PREDICT_BATCH].clone()
    g = torch.Generator().manual_seed(1234)
    dx = torch.rand(DENSE_BATCH, DENSE_SIZE, generator=g) * 2 - 1
    dy = torch.rand(DENSE_BATCH, DENSE_SIZE, generator=g) * 2 - 1

    pima = pima_body()
    mnist = mnist_body()
    dense = dense1024()
    cnn = cnn_body()
    # The CNN reuses the synthetic MNIST data: 784 floats per sample as (N, 1, 28, 28). With one
    # channel, NCHW and Unroll's channels-last (28, 28, 1) are the same memory.
    cx, cy = mx[:cnn_samples].view(-1, 1, 28, 28), my[:cnn_samples]
    c1000 = m1000.view(-1, 1, 28, 28)
    cnn_predict = nn.Sequential(cnn, nn.Softmax(dim=1)).eval()
    pima_predict = nn.Sequential(pima, nn.Sigmoid()).eval()
    mnist_predict = nn.Sequential(mnist, nn.Softmax(dim=1)).eval()
    p1, m1 = px[:1].clone(), mx[:1].clone()

    with torch.inference_mode():
        if one:
            row("pima_predict_1", lambda: per_call(lambda: pima_predict(p1)))
            row("mnist_predict_1", lambda: per_call(lambda: mnist_predict(m1)))
        row("pima_predict_1000", lambda: per_call(lambda: pima_predict(p1000)))
        row("mnist_predict_1000", lambda: per_call(lambda: mnist_predict(m1000)))

    pima.train()
    mnist.train()
    pima_opt = torch.optim.Adam(pima.parameters(), lr=LR, eps=EPS)
    mnist_opt = torch.optim.Adam(mnist.parameters(), lr=LR, eps=EPS)
    bce, cce, mse = nn.BCEWithLogitsLoss(), nn.CrossEntropyLoss(), nn.MSELoss()
    g = torch.Generator().manual_seed(1)
    batches = EPOCH_BATCHES if one else (128,)
    for b in batches:
        row(f"pima_epoch_b{b}", lambda: per_run(lambda: epoch(pima, pima_opt, bce, px, py, b, g), 3, pima_epochs))
    for b in batches:
        row(f"mnist_epoch_b{b}{suffix}",
            lambda: per_run(lambda: epoch(mnist, mnist_opt, cce, mx, my, b, g), 1, mnist_epochs_b10 if b == 10 else mnist_epochs))

    with torch.inference_mode():
        dense.eval()
        row("dense1024_fwd_b64", lambda: per_call(lambda: dense(dx)))

    def forward_backward():
        # As Unroll's ComputeGradients: forward, MSE loss, gradients of the weights and bias only
        # (dx does not require grad, so no input gradient is computed).
        dense.zero_grad(set_to_none=True)
        mse(dense(dx), dy).backward()
    dense.train()
    row("dense1024_fwdbwd_b64", lambda: per_call(forward_backward))

    with torch.inference_mode():
        cnn.eval()
        row("cnn_predict_1000", lambda: per_call(lambda: cnn_predict(c1000)))
    cnn.train()   # dropout active, as in Unroll's Fit
    cnn_opt = torch.optim.Adam(cnn.parameters(), lr=LR, eps=EPS)
    row(cnn_epoch_row, lambda: [t * cnn_scale for t in per_run(lambda: epoch(cnn, cnn_opt, cce, cx, cy, CNN_BATCH, g), 1, cnn_epochs)])

    # LSTM: seeded synthetic sequences (uniform [-1, 1)) and 0/1 labels, predict on the first 1 000,
    # one shuffled epoch on all 8 000 at batch 32 (both rows at 1 and 2 threads).
    lstm_epochs = 1 if quick else 3   # as Compare.LstmEpochs
    lg = torch.Generator().manual_seed(1234)
    lx = torch.rand(LSTM_SAMPLES, LSTM_STEPS, LSTM_FEATURES, generator=lg) * 2 - 1
    ly = torch.randint(0, 2, (LSTM_SAMPLES, 1), generator=lg).float()
    l1000 = lx[:PREDICT_BATCH].clone()
    lstm = LstmBody()
    lstm_predict = nn.Sequential(lstm, nn.Sigmoid()).eval()
    with torch.inference_mode():
        row(LSTM_PREDICT_ROW, lambda: per_call(lambda: lstm_predict(l1000)))
    lstm.train()
    lstm_opt = torch.optim.Adam(lstm.parameters(), lr=LR, eps=EPS)
    row(LSTM_EPOCH_ROW, lambda: per_run(lambda: epoch(lstm, lstm_opt, bce, lx, ly, LSTM_BATCH, g), 1, lstm_epochs))


if __name__ == "__main__":
    main()
