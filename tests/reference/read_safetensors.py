#!/usr/bin/python3
"""An independent safetensors reader, Python standard library only.

    python3 tests/reference/read_safetensors.py FILE

Prints JSON: {"metadata": {...}, "tensors": {name: {"dtype", "shape", "values"}}} with every
float32 value as a float, in file order. Checks what the format requires on the way: the
8-byte little-endian header length, a JSON object header, offsets that tile the data section
without gaps or overlaps, and byte counts that match the shapes.
"""
import json
import struct
import sys


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    metadata = header.pop("__metadata__", {})
    tensors = {}
    spans = []
    for name, info in header.items():
        begin, end = info["data_offsets"]
        count = 1
        for d in info["shape"]:
            count *= d
        assert info["dtype"] == "F32", (name, info["dtype"])
        assert end - begin == 4 * count, (name, begin, end, info["shape"])
        spans.append((begin, end))
        values = list(struct.unpack("<%df" % count, data[begin:end]))
        tensors[name] = {"dtype": info["dtype"], "shape": info["shape"], "values": values}
    spans.sort()
    position = 0
    for begin, end in spans:
        assert begin == position, ("gap or overlap at", begin, position)
        position = end
    assert position == len(data), ("data section has", len(data), "bytes; tensors cover", position)
    return {"metadata": metadata, "tensors": tensors}


if __name__ == "__main__":
    json.dump(read(sys.argv[1]), sys.stdout)
