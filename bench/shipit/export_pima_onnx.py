#!/usr/bin/python3
"""Exports the Pima network (8 -> Dense 12 relu -> Dense 1 sigmoid) with given weights to ONNX.

    /usr/bin/python3 bench/shipit/export_pima_onnx.py WEIGHTS.safetensors OUT.onnx

WEIGHTS is read with the standard library alone (struct + json): u64 LE header length N, N bytes
of JSON header (tensor name -> {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]},
offsets relative to the data section after the header; an optional "__metadata__"), then raw
little-endian float32 data. Tensors, Keras names and shapes: dense/kernel [8,12] (input x units),
dense/bias [12], dense_1/kernel [12,1], dense_1/bias [1]. The kernels are transposed into
nn.Linear's (out, in). Output: opset 13, input "x" (batch x 8, dynamic batch), output "y"
(batch x 1). torch.onnx.export serialises the protobuf itself: no `onnx` package needed.
"""
import json
import os
import struct
import sys

EXPECTED = {"dense/kernel": [8, 12], "dense/bias": [12],
            "dense_1/kernel": [12, 1], "dense_1/bias": [1]}


def read_safetensors(path):
    """name -> (shape, list of floats), for the F32 tensors of a safetensors file."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError(f"{path}: too short for a safetensors header")
    (n,) = struct.unpack_from("<Q", blob, 0)
    if 8 + n > len(blob):
        raise ValueError(f"{path}: header length {n} runs past the end of the file")
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = memoryview(blob)[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} is {info['dtype']}, expected F32")
        begin, end = info["data_offsets"]
        count = 1
        for d in info["shape"]:
            count *= d
        if end - begin != 4 * count or end > len(data):
            raise ValueError(f"{path}: tensor {name} has offsets {begin}..{end} for shape {info['shape']}")
        tensors[name] = (info["shape"], list(struct.unpack_from(f"<{count}f", data, begin)))
    for name, shape in EXPECTED.items():
        if name not in tensors:
            raise ValueError(f"{path}: tensor {name} is missing (has {sorted(tensors)})")
        if tensors[name][0] != shape:
            raise ValueError(f"{path}: tensor {name} has shape {tensors[name][0]}, expected {shape}")
    return tensors


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: export_pima_onnx.py WEIGHTS.safetensors OUT.onnx")
    weights, out = sys.argv[1], sys.argv[2]
    tensors = read_safetensors(weights)

    import torch  # after reading, so a bad weights file fails fast
    from torch import nn

    model = nn.Sequential(nn.Linear(8, 12), nn.ReLU(), nn.Linear(12, 1), nn.Sigmoid())
    with torch.no_grad():
        for linear, prefix in ((model[0], "dense"), (model[2], "dense_1")):
            (fan_in, units), kernel = tensors[prefix + "/kernel"]
            # Keras kernel (in, units) row-major -> nn.Linear weight (out, in).
            linear.weight.copy_(torch.tensor(kernel, dtype=torch.float32).reshape(fan_in, units).t())
            linear.bias.copy_(torch.tensor(tensors[prefix + "/bias"][1], dtype=torch.float32))
    model.eval()
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    torch.onnx.export(model, torch.zeros(1, 8), out, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=13)
    sample = torch.tensor([[6, 148, 72, 35, 0, 33.6, 0.627, 50]], dtype=torch.float32)
    with torch.no_grad():
        p = model(sample).item()
    print(f"# exported {out} ({os.path.getsize(out)} bytes); torch on the Pima sample: {p:.6f}")


if __name__ == "__main__":
    main()
