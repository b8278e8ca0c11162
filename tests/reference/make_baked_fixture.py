#!/usr/bin/python3
"""Writes tests/Unroll.Tests/Fixtures/baked/pima.safetensors, Python standard library only.

    python3 tests/reference/make_baked_fixture.py

The weights are those of the TF.js Pima fixture (Fixtures/tfjs/pima/weights.bin, made by
tfjs 4.22), renamed to Unroll's Keras names, so a network with these weights baked in must
predict what Fixtures/tfjs/pima/expected.json says tfjs predicted.
"""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Unroll.Tests", "Fixtures")
TENSORS = [("dense/kernel", [8, 12]), ("dense/bias", [12]), ("dense_1/kernel", [12, 1]), ("dense_1/bias", [1])]


def main():
    with open(os.path.join(FIXTURES, "tfjs", "pima", "weights.bin"), "rb") as f:
        data = f.read()
    header, offset = {"__metadata__": {"format": "unroll.weights", "source": "Fixtures/tfjs/pima (tfjs 4.22)"}}, 0
    for name, shape in TENSORS:
        size = 4
        for d in shape:
            size *= d
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    assert offset == len(data), (offset, len(data))
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    os.makedirs(os.path.join(FIXTURES, "baked"), exist_ok=True)
    with open(os.path.join(FIXTURES, "baked", "pima.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


if __name__ == "__main__":
    main()
