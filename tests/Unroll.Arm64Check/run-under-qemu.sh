#!/bin/sh
# The kernel-width tests as linux-arm64 under qemu-user: the Vector128 (AdvSimd) kernels against the
# scalar ones. Needs Debian's qemu-user, libc6-arm64-cross and libstdc++6-arm64-cross.
#   run-under-qemu.sh [CONFIGURATION]   Release by default; CI passes Debug, the configuration its
#                                       `dotnet test` has just built, so only this program compiles.
# Prints "passed N, skipped N, failed N" last; exit code 1 on any failure.
set -e
cd "$(dirname "$0")"
configuration="${1:-Release}"
out="${TMPDIR:-/tmp}/unroll-arm64check-$configuration"
dotnet publish -c "$configuration" -r linux-arm64 --self-contained -o "$out" -v quiet
QEMU_LD_PREFIX=/usr/aarch64-linux-gnu DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 qemu-aarch64 "$out/Unroll.Arm64Check"
