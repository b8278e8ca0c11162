#!/usr/bin/python3
"""Writes a stand-in Pima weights file (random, seeded) in the safetensors format, stdlib only.

    python3 bench/shipit/make_standin_weights.py OUT.safetensors [SEED]

Tensors (Keras names and shapes, row-major little-endian float32):
  dense/kernel [8,12], dense/bias [12], dense_1/kernel [12,1], dense_1/bias [1].
Layout: u64 LE header length N, N bytes of JSON header (name -> dtype/shape/data_offsets, offsets
relative to the data that follows; plus "__metadata__"), then the raw data. Only a stand-in until
the trained samples/ShipIt/pima.safetensors exists.
"""
import json
import random
import struct
import sys

TENSORS = [("dense/kernel", [8, 12]), ("dense/bias", [12]),
           ("dense_1/kernel", [12, 1]), ("dense_1/bias", [1])]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/pima.safetensors"
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    header = {"__metadata__": {"format": "pt", "note": "stand-in random weights"}}
    data = bytearray()
    for name, shape in TENSORS:
        count = 1
        for d in shape:
            count *= d
        # Small kernels for the raw (unnormalised) Pima features (glucose ~150), so the sigmoid
        # is not saturated and the printed probabilities are a useful cross-check; small biases.
        scale = {"dense/kernel": 0.05, "dense_1/kernel": 0.2}.get(name, 0.1)
        values = [rng.uniform(-scale, scale) for _ in range(count)]
        begin = len(data)
        data += struct.pack("<%df" % count, *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [begin, len(data)]}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # pad so the data section is 8-byte aligned, as safetensors does
    with open(out, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        f.write(data)
    print(f"# wrote {out} ({8 + len(text) + len(data)} bytes)")


if __name__ == "__main__":
    main()
