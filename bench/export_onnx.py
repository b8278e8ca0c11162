#!/usr/bin/python3
"""Exports the inference networks of bench/pytorch_compare.py to ONNX, for ONNX Runtime.

    /usr/bin/python3 bench/export_onnx.py OUT_DIR

Writes OUT_DIR/pima.onnx (8-12-1, relu, sigmoid), OUT_DIR/mnist_mlp.onnx (784-64-64-10, relu,
relu, softmax), OUT_DIR/dense1024.onnx (one linear 1024x1024) and OUT_DIR/fashion_cnn.onnx (the
Fashion-MNIST CNN with softmax, input (batch, 1, 28, 28)), each with a dynamic batch axis,
input "x" and output "y", opset 13. torch.onnx.export in torch 1.13 serialises the protobuf
itself: the `onnx` Python package is not needed (and is not installed here).
"""
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pytorch_compare as pc  # noqa: E402  (the same network definitions)


def export(model, inputs, path):
    model.eval()
    shape = inputs if isinstance(inputs, tuple) else (inputs,)
    torch.onnx.export(model, torch.rand(1, *shape), path, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=13)
    print(f"# exported {path} ({os.path.getsize(path)} bytes)")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(7)
    export(nn.Sequential(pc.pima_body(), nn.Sigmoid()), 8, os.path.join(out, "pima.onnx"))
    export(nn.Sequential(pc.mnist_body(), nn.Softmax(dim=1)), 784, os.path.join(out, "mnist_mlp.onnx"))
    export(pc.dense1024(), pc.DENSE_SIZE, os.path.join(out, "dense1024.onnx"))
    export(nn.Sequential(pc.cnn_body(), nn.Softmax(dim=1)), (1, 28, 28), os.path.join(out, "fashion_cnn.onnx"))


if __name__ == "__main__":
    main()
