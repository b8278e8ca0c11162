#!/usr/bin/env bash
# ShipIt: what shipping the Pima predictor costs, Unroll vs ONNX Runtime vs TorchSharp.
#
#   bench/shipit/measure.sh [--weights FILE] [--unroll PROJECT_DIR] [--out DIR] [--runs N]
#                           [--skip-onnx] [--skip-torchsharp] [--no-bookworm-fix]
#
# For every app: publish it (Release, linux-x64), then measure
#   - the published folder: bytes on disk as published (du -sb), and how much of it is debug
#     symbols (*.pdb, *.dbg);
#   - time to first prediction: wall time of the whole process, start to exit after printing the
#     answer, for `APP 6 148 72 35 0 33.6 0.627 50`; median of N runs (default 5) after one
#     untimed warm-up run (so every app starts with its files in the page cache);
#   - peak RSS: "Maximum resident set size" of /usr/bin/time -v, median of N runs;
#   - the probability it printed (checked against PyTorch's, from the ONNX export).
# and prints a Markdown table (also written to OUT/results.md).
#
# Apps:
#   ONNX Runtime  bench/shipit/ShipIt.Onnx        framework-dependent, self-contained, NativeAOT
#   TorchSharp    bench/shipit/ShipIt.TorchSharp  framework-dependent, self-contained
#                 (NativeAOT is not possible: TorchSharp finds LibTorch through Assembly.Location)
#   Unroll        --unroll PROJECT_DIR            `dotnet publish -c Release -r linux-x64` as is
#                 (the project sets PublishAot itself; its network and weights are baked in)
#
# --weights: the safetensors file for ONNX Runtime and TorchSharp (default:
#   samples/ShipIt/pima.safetensors if it exists, else /tmp/pima.safetensors, made with
#   make_standin_weights.py if missing). The Unroll app bakes in its own weights: give the same
#   file, or its probability will differ (the table says so).
# --out: where publish output, logs and results go (default bench/shipit/artifacts, gitignored).
# --no-bookworm-fix: TorchSharp 0.107.0's libLibTorchSharp.so needs GLIBCXX_3.4.32 (libstdc++
#   from GCC 13); on an older libstdc++ (Debian 12: GLIBCXX_3.4.30) it does not load. By default
#   the published TorchSharp folders are then patched ("bookworm fix" in README.md) and the row
#   says so; with this flag they are left as published and the row reports the failure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WEIGHTS=""
UNROLL=""
OUT="$HERE/artifacts"
RUNS=5
DO_ONNX=1
DO_TORCHSHARP=1
BOOKWORM_FIX=1
SAMPLE=(6 148 72 35 0 33.6 0.627 50)

while [ $# -gt 0 ]; do
  case "$1" in
    --weights) WEIGHTS=$2; shift 2 ;;
    --unroll) UNROLL=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --skip-onnx) DO_ONNX=0; shift ;;
    --skip-torchsharp) DO_TORCHSHARP=0; shift ;;
    --no-bookworm-fix) BOOKWORM_FIX=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

log() { echo "# $*" >&2; }

# --- tools -----------------------------------------------------------------------------------
apt_install() {  # apt_install PACKAGE
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing $1 (apt-get)"
    apt-get install -y -qq "$1" >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq "$1" >/dev/null; }
  else
    echo "missing: install the Debian package $1" >&2; exit 1
  fi
}
need_apt() {  # need_apt COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}
need_apt /usr/bin/time time
need_apt clang clang  # NativeAOT links with clang and zlib (as in .ci/run)
dpkg -s zlib1g-dev >/dev/null 2>&1 || apt_install zlib1g-dev
command -v dotnet >/dev/null || { echo "dotnet not found" >&2; exit 1; }

# --- weights and the ONNX model ---------------------------------------------------------------
if [ -z "$WEIGHTS" ]; then
  if [ -f "$REPO/samples/ShipIt/pima.safetensors" ]; then
    WEIGHTS="$REPO/samples/ShipIt/pima.safetensors"
  else
    WEIGHTS=/tmp/pima.safetensors
    [ -f "$WEIGHTS" ] || python3 "$HERE/make_standin_weights.py" "$WEIGHTS" >&2
    log "using STAND-IN weights $WEIGHTS (random; samples/ShipIt/pima.safetensors does not exist yet)"
  fi
fi
[ -f "$WEIGHTS" ] || { echo "weights not found: $WEIGHTS" >&2; exit 1; }
WEIGHTS=$(cd "$(dirname "$WEIGHTS")" && pwd)/$(basename "$WEIGHTS")

mkdir -p "$OUT/publish" "$OUT/logs"
OUT=$(cd "$OUT" && pwd)
: >"$OUT/logs/runs.txt"
REFERENCE=""
if [ "$DO_ONNX" = 1 ] || [ "$DO_TORCHSHARP" = 1 ]; then
  log "exporting $OUT/pima.onnx from $WEIGHTS"
  export_line=$(/usr/bin/python3 "$HERE/export_pima_onnx.py" "$WEIGHTS" "$OUT/pima.onnx")
  echo "$export_line" >&2
  REFERENCE=$(sed -n 's/.*torch on the Pima sample: \([0-9.]*\).*/\1/p' <<<"$export_line")
fi

# --- publishing --------------------------------------------------------------------------------
ROWS=()    # name|shipping|needs|dir|exe|note
NOTES=()

assembly_name() {  # assembly_name PROJECT_FILE
  dotnet msbuild "$1" -nologo -getProperty:AssemblyName -p:Configuration=Release 2>/dev/null | tail -n 1 | tr -d '\r'
}

publish() {  # publish NAME SHIPPING NEEDS PROJECT_FILE [dotnet publish arguments...]
  local name=$1 shipping=$2 needs=$3 project=$4; shift 4
  local dir="$OUT/publish/$name" logf="$OUT/logs/$name.publish.log"
  rm -rf "$dir"
  log "publishing $name: dotnet publish $(basename "$project") -c Release $*"
  if dotnet publish "$project" -c Release -o "$dir" "$@" >"$logf" 2>&1; then
    ROWS+=("$name|$shipping|$needs|$dir|$(assembly_name "$project")|")
  else
    ROWS+=("$name|$shipping|$needs|$dir||publish failed: see $logf")
    grep -E "error" "$logf" | head -n 3 >&2 || true
  fi
}

if [ "$DO_ONNX" = 1 ]; then
  P="$HERE/ShipIt.Onnx/ShipIt.Onnx.csproj"
  publish onnx-fdd "ONNX Runtime, framework-dependent" ".NET 10 runtime" "$P" \
    -r linux-x64 --self-contained false -p:PimaOnnx="$OUT/pima.onnx"
  publish onnx-sc "ONNX Runtime, self-contained" "-" "$P" \
    -r linux-x64 --self-contained true -p:PimaOnnx="$OUT/pima.onnx"
  publish onnx-aot "ONNX Runtime, NativeAOT" "-" "$P" \
    -r linux-x64 -p:PublishAot=true -p:PimaOnnx="$OUT/pima.onnx"
fi

if [ "$DO_TORCHSHARP" = 1 ]; then
  P="$HERE/ShipIt.TorchSharp/ShipIt.TorchSharp.csproj"
  publish torchsharp-fdd "TorchSharp, framework-dependent" ".NET 10 runtime" "$P" \
    -r linux-x64 --self-contained false -p:PimaWeights="$WEIGHTS"
  publish torchsharp-sc "TorchSharp, self-contained" "-" "$P" \
    -r linux-x64 --self-contained true -p:PimaWeights="$WEIGHTS"
fi

if [ -n "$UNROLL" ]; then
  UNROLL=$(cd "$UNROLL" && pwd)
  shopt -s nullglob
  projects=("$UNROLL"/*.csproj)
  shopt -u nullglob
  [ ${#projects[@]} = 1 ] || { echo "--unroll $UNROLL: expected one .csproj there, found ${#projects[@]}" >&2; exit 1; }
  publish unroll "Unroll (as the project publishes: PublishAot)" "-" "${projects[0]}" -r linux-x64
fi

# TorchSharp on an older libstdc++: see "bookworm fix" in README.md.
bookworm_fix() {  # bookworm_fix ROW_INDEX
  local i=$1 name shipping needs dir exe note
  IFS='|' read -r name shipping needs dir exe note <<<"${ROWS[$i]}"
  local lib="$dir/libLibTorchSharp.so"
  [ -n "$exe" ] && [ -f "$lib" ] || return 0
  local missing
  missing=$(cd "$dir" && ldd "$lib" 2>&1 | grep -m1 "GLIBCXX_3.4.32' not found" || true)
  [ -n "$missing" ] || return 0
  if [ "$BOOKWORM_FIX" = 0 ]; then
    ROWS[$i]="$name|$shipping|$needs|$dir||does not start: $(grep -o "libstdc++.so.6: version .GLIBCXX_3.4.32' not found" <<<"$missing")"
    return 0
  fi
  need_apt patchelf patchelf
  need_apt g++ g++
  g++ -O2 -shared -fPIC -o "$dir/libios_base_library_init.so" "$HERE/bookworm/ios_base_library_init.cpp"
  python3 "$HERE/bookworm/weaken_glibcxx.py" "$lib" >&2
  patchelf --add-needed libios_base_library_init.so "$lib"
  ROWS[$i]="$name|$shipping (+ bookworm fix)|$needs|$dir|$exe|$note"
  NOTES+=("$name: as published it does not start here (ldd libLibTorchSharp.so: $(grep -o "libstdc++.so.6: version .GLIBCXX_3.4.32' not found" <<<"$missing")); measured after the bookworm fix (README.md)")
}
for i in "${!ROWS[@]}"; do
  case "${ROWS[$i]}" in torchsharp-*) bookworm_fix "$i" ;; esac
done

# --- measuring ---------------------------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
TABLE="| app | ships as | needs on the machine | published folder (MB) | of which debug symbols (MB) | files | time to first prediction (ms, median of $RUNS, min–max) | peak RSS (MB, median of $RUNS) | printed |"$'\n'
TABLE+="|---|---|---|---:|---:|---:|---:|---:|---|"$'\n'
for row in "${ROWS[@]}"; do
  IFS='|' read -r name shipping needs dir exe note <<<"$row"
  size="n/a"; symbols="n/a"; files="n/a"; wall="n/a"; rss="n/a"; printed="n/a"
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
    # Sized before any run: a TorchSharp app that fails to load copies LibTorch next to itself.
    size=$(mb "$(du -sb "$dir" | cut -f1)")
    symbols=$(mb "$(find "$dir" -type f \( -name '*.pdb' -o -name '*.dbg' \) -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')")
    files=$(find "$dir" -type f | wc -l)
    windows=$(find "$dir" -maxdepth 1 -type f -name 'onnxruntime*.dll' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    [ "$windows" = 0 ] || NOTES+=("$name: the folder includes onnxruntime.dll and onnxruntime_providers_shared.dll ($(mb "$windows") MB), Windows x64 binaries that the ONNX Runtime package's build props copy into every x64 build; unused on Linux, but shipped by a plain publish")
  fi
  if [ -n "$exe" ] && [ -z "$note" ]; then
    app="$dir/$exe"
    log "measuring $name ($RUNS runs)"
    if printed=$("$app" "${SAMPLE[@]}" 2>"$OUT/logs/$name.stderr"); then
      printed=$(head -n 1 <<<"$printed")
      walls=(); rsses=()
      for ((r = 0; r < RUNS; r++)); do
        t0=$EPOCHREALTIME
        "$app" "${SAMPLE[@]}" >/dev/null 2>&1 || true
        t1=$EPOCHREALTIME
        walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
      done
      for ((r = 0; r < RUNS; r++)); do
        /usr/bin/time -v -o "$OUT/logs/$name.time" "$app" "${SAMPLE[@]}" >/dev/null 2>&1 || true
        rsses+=("$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$OUT/logs/$name.time")")
      done
      wall="$(printf '%s\n' "${walls[@]}" | median) ($(printf '%s\n' "${walls[@]}" | sort -g | sed -n '1p;$p' | paste -sd '-' | sed 's/-/–/'))"
      rss=$(printf '%s\n' "${rsses[@]}" | median)
      echo "$name wall_ms ${walls[*]} rss_mib ${rsses[*]}" >>"$OUT/logs/runs.txt"
      if [ -n "$REFERENCE" ] && ! awk -v a="$printed" -v b="$REFERENCE" 'BEGIN { d = a - b; exit !(d <= 1e-5 && d >= -1e-5) }'; then
        NOTES+=("$name printed $printed, PyTorch $REFERENCE for the same weights: more than 1e-5 apart")
      fi
    else
      note="exits $?: $(grep -m1 -v '^[[:space:]]*$' "$OUT/logs/$name.stderr" | cut -c1-200)"
      printed="n/a"
      rm -rf "$dir/cpu"
    fi
  fi
  [ -z "$note" ] || printed="$note"
  TABLE+="| $name | $shipping | $needs | $size | $symbols | $files | $wall | $rss | $printed |"$'\n'
done

{
  echo "$TABLE"
  echo "Sample: \`${SAMPLE[*]}\`. Weights: \`$WEIGHTS\`."
  [ -z "$REFERENCE" ] || echo "PyTorch on the same weights (export_pima_onnx.py): $REFERENCE."
  echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version)."
  echo "Load average (1, 5, 15 min) when measuring started: $LOAD; at the end: $(cut -d' ' -f1-3 /proc/loadavg). Times are only comparable on a quiet machine: check the min–max."
  echo "Sizes are bytes as published (du -sb), in MB (10^6 bytes); RSS in MiB."
  for n in "${NOTES[@]}"; do echo "- $n"; done
} | tee "$OUT/results.md"
