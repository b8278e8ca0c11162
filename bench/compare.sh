#!/usr/bin/env bash
# Runs every benchmark workload in Unroll (.NET, Stopwatch mode of bench/Unroll.Benchmarks),
# ONNX Runtime from C# (inference rows) and PyTorch CPU (bench/pytorch_compare.py) on this
# machine in one go, measures the machine's Vector256/Vector512 FMA peak, and prints one table.
#
#   bench/compare.sh            # full workloads (about 6 minutes here; the LSTM rows add ~35 s)
#   bench/compare.sh --quick    # smoke run (short warm-up, MNIST and CNN epochs on 6 000 samples): don't quote it
#   bench/compare.sh --only lstm   # only the rows whose name starts with "lstm" (any prefix; combines with --quick)
#
# Rows run at 1 thread (PyTorch: torch.set_num_threads(1) and OMP/OpenBLAS at 1; ONNX Runtime:
# IntraOpNumThreads 1) and, for batch-1000 predict, batch-128 epochs, the 1024 Dense and the Fashion-MNIST
# CNN's and the LSTM's batch-32 epochs, at 2 threads. The CNN epoch row (cnn_epoch_b32_12kx5) trains on 12 000 of the
# 60 000 samples and reports the time x 5, to keep the run short.
# Times are medians; ratio = Unroll / PyTorch (below 1: Unroll is faster). The raw lines (with
# minimums and repeat counts) are printed before the table. bench/README.md explains the rest.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=""
ONLY=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK="--quick"; shift ;;
    --only) ONLY=(--only "$2"); shift 2 ;;
    *) echo "usage: bench/compare.sh [--quick] [--only PREFIX]" >&2; exit 2 ;;
  esac
done
PYTHON="${PYTHON:-/usr/bin/python3}"
# A private build output (git-ignored), so this never overwrites the binaries of another build or
# run of bench/Unroll.Benchmarks going on in the same tree.
ARTIFACTS="artifacts/bench"
BENCH=(dotnet "$ARTIFACTS/bin/Unroll.Benchmarks/release/Unroll.Benchmarks.dll")

echo "== machine"
lscpu | grep -E '^(Model name|CPU\(s\)|Thread\(s\) per core|Core\(s\) per socket)' | sed 's/  */ /g'
echo ".NET SDK $(dotnet --version); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if dpkg -l libopenblas0-pthread 2>/dev/null | grep -q '^ii'; then
  echo "libopenblas0-pthread: $(dpkg-query -W -f='${Version}' libopenblas0-pthread) installed"
else
  echo "libopenblas0-pthread: NOT installed (torch will use whatever libblas.so.3 points to)"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "== building Unroll.Benchmarks (Release, into $ARTIFACTS)"
dotnet build -c Release bench/Unroll.Benchmarks --artifacts-path "$ARTIFACTS" -v quiet -nologo -clp:NoSummary >/dev/null

echo "== exporting the PyTorch networks to ONNX"
"$PYTHON" bench/export_onnx.py "$tmp/onnx"

echo "== FMA peak"
"${BENCH[@]}" --peak $QUICK | tee "$tmp/peak.txt"
echo "== Unroll"
"${BENCH[@]}" --compare $QUICK "${ONLY[@]}" | tee "$tmp/unroll.txt"
echo "== ONNX Runtime"
"${BENCH[@]}" --onnx "$tmp/onnx" $QUICK "${ONLY[@]}" | tee "$tmp/ort.txt"
# PyTorch: the thread count of OpenMP and of OpenBLAS's own pthread pool is fixed per process.
echo "== PyTorch, 1 thread"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 "$PYTHON" bench/pytorch_compare.py $QUICK "${ONLY[@]}" | tee "$tmp/torch1.txt"
# OMP_WAIT_POLICY=PASSIVE: with 2 threads, libgomp's spinning workers and OpenBLAS's own pthread
# workers fight over the 2 cores (Debian's torch uses OpenMP, its OpenBLAS is the pthread flavour);
# active waiting made a 1024x1024 Dense forward 5-10x slower than passive here.
echo "== PyTorch, 2 threads (OMP_WAIT_POLICY=PASSIVE)"
OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2 "$PYTHON" bench/pytorch_compare.py --threads 2 $QUICK "${ONLY[@]}" | tee "$tmp/torch2.txt"

echo
echo "== result (medians; ratio = Unroll / PyTorch; % of peak = Unroll GFLOP/s / the FMA peak of the width the kernels use at the row's thread count)"
"$PYTHON" bench/compare_table.py "$tmp/peak.txt" "$tmp/unroll.txt" "$tmp/ort.txt" "$tmp/torch1.txt" "$tmp/torch2.txt"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# Unroll and ONNX Runtime once more, in alternating blocks in one process: the columns above were
# measured minutes apart, and on a shared machine the speed available drifts by more than their difference.
echo
echo "== Unroll vs ONNX Runtime in one process, alternating blocks (ratio = Unroll / ONNX Runtime per round; below 1: Unroll faster)"
if [ -z "$QUICK" ]; then
  "${BENCH[@]}" --versus "$tmp/onnx" "${ONLY[@]}"
else
  echo "(skipped with --quick)"
fi
