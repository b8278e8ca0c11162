#!/usr/bin/env bash
# Runs the Keras recipe samples one after another (each takes seconds) and stops at the first that
# fails. The scikit-learn tables come from Debian's python3-sklearn; a sample whose data is missing
# says which apt-get install brings it and exits non-zero, which fails this script.
# Usage: bash samples/run-recipes.sh [Configuration] [--no-build]
#   Configuration: Release (default) or Debug; --no-build runs what is already built
#   (dotnet test Generator.sln does not build the samples).
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${1:-Release}"
build=true
[ "${2:-}" = --no-build ] && build=false

recipes=(TwoFeatureSoftmax BreastCancerBinary IrisMultiClass BostonRegression Regularization EarlyStop Checkpoints KFoldPima GridSearchPima)
if $build; then
  # One build of them all (samples/Recipes.slnf), rather than one per sample.
  dotnet build -c "$configuration" -nologo -v q samples/Recipes.slnf >/dev/null \
    || { echo "The recipe samples do not build; run: dotnet build -c $configuration samples/Recipes.slnf" >&2; exit 1; }
fi

checkpoints=$(mktemp -d)
trap 'rm -rf "$checkpoints"' EXIT
for recipe in "${recipes[@]}"; do
  extra=()
  [ "$recipe" = Checkpoints ] && extra=(--dir "$checkpoints")
  echo "=== samples/$recipe"
  start=$(date +%s%N)
  if ! dotnet run -c "$configuration" --no-build --project "samples/$recipe" -- "${extra[@]}"; then
    echo "samples/$recipe failed (above)." >&2
    exit 1
  fi
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf '=== samples/%s ran in %d.%03d s\n' "$recipe" $((elapsed_ms / 1000)) $((elapsed_ms % 1000))
done
echo "All ${#recipes[@]} recipe samples ran."
