#!/usr/bin/python3
"""Writes tests/Unroll.Tests/Fixtures/baked/pima.safetensors and broad.safetensors, Python standard library only.

    python3 tests/reference/make_baked_fixture.py

The Pima weights are those of the TF.js Pima fixture (Fixtures/tfjs/pima/weights.bin, made by
tfjs 4.22), renamed to Unroll's Keras names, so a network with these weights baked in must
predict what Fixtures/tfjs/pima/expected.json says tfjs predicted.

broad.safetensors holds arbitrary weights (a fixed integer hash) for Input(40) -> Dense(130):
130 columns, so its batched forward kernels copy weight panels at every width, and a network
with them mapped read-only packs those panels once.
"""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Unroll.Tests", "Fixtures")
TENSORS = [("dense/kernel", [8, 12]), ("dense/bias", [12]), ("dense_1/kernel", [12, 1]), ("dense_1/bias", [1])]


def write(name, tensors, data, source):
    header, offset = {"__metadata__": {"format": "unroll.weights", "source": source}}, 0
    for tensor, shape in tensors:
        size = 4
        for d in shape:
            size *= d
        header[tensor] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    assert offset == len(data), (offset, len(data))
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    os.makedirs(os.path.join(FIXTURES, "baked"), exist_ok=True)
    with open(os.path.join(FIXTURES, "baked", name), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def broad():
    count = 40 * 130 + 130
    values = [((i * 2654435761) % 2001 - 1000) / 4000.0 for i in range(count)]
    write("broad.safetensors", [("dense/kernel", [40, 130]), ("dense/bias", [130])],
          struct.pack("<%df" % count, *values), "tests/reference/make_baked_fixture.py (hashed values)")


def main():
    with open(os.path.join(FIXTURES, "tfjs", "pima", "weights.bin"), "rb") as f:
        data = f.read()
    write("pima.safetensors", TENSORS, data, "Fixtures/tfjs/pima (tfjs 4.22)")


if __name__ == "__main__":
    main()
    broad()
