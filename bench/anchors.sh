#!/usr/bin/env bash
# Single-sample anchors in C++ on this machine: the --widths networks written with Eigen's
# fixed-size matrices (bench/native/anchors.cpp), compiled -O3 -march=native, then Unroll's own
# --widths (and its lstm64_step_1 row where the benchmark has one), so the two sit in one run.
#   bench/anchors.sh      # needs g++ and Debian's libeigen3-dev
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f /usr/include/eigen3/Eigen/Dense ]; then
  echo "Eigen headers not found: apt-get install libeigen3-dev" >&2
  exit 1
fi
out="artifacts/bench-native"
mkdir -p "$out"
g++ -std=c++17 -O3 -march=native -DNDEBUG -I/usr/include/eigen3 bench/native/anchors.cpp -o "$out/anchors"
echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== C++ (Eigen, g++ $(g++ -dumpfullversion), -O3 -march=native)"
"$out/anchors"
echo "== Unroll"
dotnet build -c Release bench/Unroll.Benchmarks --artifacts-path artifacts/bench -v quiet -nologo -clp:NoSummary >/dev/null
dotnet artifacts/bench/bin/Unroll.Benchmarks/release/Unroll.Benchmarks.dll --widths
