#!/usr/bin/python3
"""Merges the RESULT/NA/PEAK lines of bench/compare.sh's runs into one table.

    compare_table.py PEAK_FILE UNROLL_FILE ORT_FILE TORCH_FILE...

Times are medians. ratio = Unroll / PyTorch (below 1: Unroll faster). Unroll GFLOP/s = the
workload's FLOPs (bench/README.md says how they are counted) / Unroll's median time. % of peak =
Unroll GFLOP/s / the FMA peak of the width the kernels use (the peak run's "# kernels use
Vector512" line; Vector256 without one) for the row's thread count (1 thread: the single-core
peak; 2 threads: the all-core peak). ONNX Runtime runs the inference rows only.
"""
import sys


def read(path):
    rows, na, peak = {}, {}, {}
    with open(path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if line.startswith("# kernels use "):
                peak["kernels"] = line[len("# kernels use "):].strip().lower() + "_fma"
            elif p[0] == "RESULT":
                rows[(p[1], int(p[2]))] = (float(p[3]), float(p[6]) if len(p) > 6 else 0.0)
            elif p[0] == "NA":
                na[(p[1], int(p[2]))] = p[3]
            elif p[0] == "PEAK":
                peak[(p[1], int(p[2]))] = float(p[3])
    return rows, na, peak


def fmt(us):
    if us >= 1e6:
        return f"{us / 1e6:.3f} s"
    if us >= 1e3:
        return f"{us / 1e3:.2f} ms"
    if us >= 1:
        return f"{us:.2f} us"
    return f"{us * 1e3:.1f} ns"


def main():
    _, _, peak = read(sys.argv[1])
    unroll, unroll_na, _ = read(sys.argv[2])
    ort, _, _ = read(sys.argv[3])
    torch = {}
    for path in sys.argv[4:]:
        torch.update(read(path)[0])

    keys = list(unroll) + [k for k in unroll_na if k not in unroll]
    keys += [k for k in torch if k not in keys]
    # 1-thread rows in run order, then the 2-thread rows
    keys.sort(key=lambda k: k[1])

    header = ("workload", "threads", "Unroll", "PyTorch", "ratio", "ONNX Runtime", "Unroll GFLOP/s", "% of peak")
    widths = (22, 7, 22, 11, 7, 12, 14, 9)
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    print(line.rstrip())
    print("-" * len(line.rstrip()))
    for key in keys:
        name, threads = key
        t = torch.get(key)
        o = ort.get(key)
        if key in unroll:
            u_us, flops = unroll[key]
            u = fmt(u_us)
            ratio = f"{u_us / t[0]:.3f}" if t else "n/a"
            gflops = flops / (u_us * 1e-6) / 1e9 if flops else 0
            p = peak.get((peak.get("kernels", "vector256_fma"), threads))
            gf = f"{gflops:.2f}" if gflops else ""
            pct = f"{100 * gflops / p:.1f} %" if gflops and p else ""
        else:
            u, ratio, gf, pct = unroll_na.get(key, "n/a"), "", "", ""
        cells = (name, str(threads), u, fmt(t[0]) if t else "n/a", ratio, fmt(o[0]) if o else "", gf, pct)
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())

    if peak:
        print()
        print("FMA peak (GFLOP/s, float): " + ", ".join(
            f"{name.replace('_fma', '')} {threads} thread{'s' if threads > 1 else ''} {v:.1f}"
            for (name, threads), v in sorted(k for k in peak.items() if k[0] != "kernels")))


if __name__ == "__main__":
    main()
