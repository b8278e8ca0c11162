#!/usr/bin/env bash
# Runs the same workloads in Unroll (.NET, Stopwatch mode of bench/Unroll.Benchmarks) and in
# PyTorch (bench/pytorch_compare.py, one thread) on this machine, and prints a comparison table.
#
#   bench/compare.sh            # full workloads (~1-2 minutes)
#   bench/compare.sh --quick    # tiny smoke run (MNIST epoch on 6 000 samples, few repeats)
#
# Times are medians (min in parentheses). Ratio = Unroll / PyTorch: below 1 means Unroll is faster.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=""
[[ "${1:-}" == "--quick" ]] && QUICK="--quick"

# One thread for PyTorch: intra-op (OpenMP) and OpenBLAS's own pthread pool.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
PYTHON="${PYTHON:-/usr/bin/python3}"

echo "== machine"
lscpu | grep -E '^(Model name|CPU\(s\)|Thread\(s\) per core|Core\(s\) per socket)' | sed 's/  */ /g'
echo ".NET SDK $(dotnet --version)"
if dpkg -l libopenblas0-pthread 2>/dev/null | grep -q '^ii'; then
  echo "libopenblas0-pthread: $(dpkg-query -W -f='${Version}' libopenblas0-pthread) installed"
else
  echo "libopenblas0-pthread: NOT installed (torch will use whatever libblas.so.3 points to)"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "== building Unroll.Benchmarks (Release)"
dotnet build -c Release bench/Unroll.Benchmarks -v quiet -nologo -clp:NoSummary >/dev/null

echo "== Unroll"
dotnet run -c Release --no-build --project bench/Unroll.Benchmarks -- --compare $QUICK | tee "$tmp/unroll.txt"
echo "== PyTorch"
"$PYTHON" bench/pytorch_compare.py $QUICK | tee "$tmp/torch.txt"

echo
echo "== result (median, min in parentheses; ratio = Unroll median / PyTorch median)"
awk -F'\t' '
  function fmt(us) {
    if (us >= 1e6) return sprintf("%.3f s", us / 1e6)
    if (us >= 1e3) return sprintf("%.2f ms", us / 1e3)
    if (us >= 1) return sprintf("%.2f us", us)
    return sprintf("%.1f ns", us * 1e3)
  }
  FNR == 1 { side++ }
  $1 != "RESULT" { next }
  side == 1 { if (!($2 in u)) order[n++] = $2; u[$2] = $3; umin[$2] = $4 }
  side == 2 { t[$2] = $3; tmin[$2] = $4 }
  END {
    printf "%-20s %-24s %-24s %s\n", "workload", "Unroll", "PyTorch (1 thread)", "ratio"
    for (i = 0; i < n; i++) {
      w = order[i]
      ratio = (w in t && t[w] > 0) ? sprintf("%.3f", u[w] / t[w]) : "n/a"
      pt = (w in t) ? fmt(t[w]) " (" fmt(tmin[w]) ")" : "n/a"
      printf "%-20s %-24s %-24s %s\n", w, fmt(u[w]) " (" fmt(umin[w]) ")", pt, ratio
    }
  }' "$tmp/unroll.txt" "$tmp/torch.txt"
