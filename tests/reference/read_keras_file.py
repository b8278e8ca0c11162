#!/usr/bin/python3
"""An independent reader of Keras weight files, with h5py (Debian's python3-h5py).

    python3 tests/reference/read_keras_file.py FILE

Reads FILE the way Keras's own loaders walk it and prints JSON:
{"format", "keras_version", "config_layers", "tensors": {path: {"shape", "values"}}}.
- .keras (zip): members metadata.json, config.json, model.weights.h5, each stored (not compressed);
  the weights are then read as a .weights.h5.
- Keras 3 .weights.h5 (saving_lib.H5IOStore): the root 'vars' group must exist (Keras opens it for the
  model itself); each layer's variables are layers/<name>[/<sublayer>]/vars/<0, 1, ...>, read in index order.
- legacy .h5 weights (legacy_h5_format.load_weights_from_hdf5_group): root attributes layer_names,
  keras_version and backend; for each layer its weight_names, each a dataset path under the layer's group.
- legacy full-model .h5 (legacy_h5_format.load_model_from_hdf5): root attributes model_config (JSON),
  keras_version and backend; the weights as above, in the group model_weights.
Tensor paths in the output: 'layers/dense/vars/0' (native) or 'dense/dense/kernel:0' (legacy).
"""
import io
import json
import sys
import zipfile

import h5py
import numpy as np


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def native(h5, out):
    assert "vars" in h5 and isinstance(h5["vars"], h5py.Group), "no root 'vars' group"
    assert "layers" in h5, "no 'layers' group"

    def walk(group, path):
        if "vars" in group:
            vars_ = group["vars"]
            keys = sorted(vars_.keys(), key=int)
            assert keys == [str(i) for i in range(len(keys))], (path, keys)
            for k in keys:
                data = np.asarray(vars_[k])
                assert data.dtype == np.float32, (path, k, data.dtype)
                out[f"{path}/vars/{k}"] = {"shape": list(data.shape), "values": data.ravel().tolist()}
        for name in sorted(group.keys()):
            if name != "vars":
                walk(group[name], f"{path}/{name}")

    for name in h5["layers"].keys():
        walk(h5["layers"][name], f"layers/{name}")


def legacy(h5, out):
    for key in ("layer_names", "keras_version", "backend"):
        assert key in h5.attrs, f"no root attribute {key}"
    for layer in [text(n) for n in h5.attrs["layer_names"]]:
        group = h5[layer]
        for weight in [text(n) for n in group.attrs["weight_names"]]:
            data = np.asarray(group[weight])
            assert data.dtype == np.float32, (layer, weight, data.dtype)
            out[f"{layer}/{weight}"] = {"shape": list(data.shape), "values": data.ravel().tolist()}


def main(path):
    result = {"tensors": {}}
    with open(path, "rb") as f:
        head = f.read(4)
    if head == b"PK\x03\x04":
        with zipfile.ZipFile(path) as zf:
            names = [i.filename for i in zf.infolist()]
            assert sorted(names) == ["config.json", "metadata.json", "model.weights.h5"], names
            for info in zf.infolist():
                assert info.compress_type == zipfile.ZIP_STORED, (info.filename, info.compress_type)
            metadata = json.loads(zf.read("metadata.json"))
            config = json.loads(zf.read("config.json"))
            result["format"] = "keras"
            result["keras_version"] = metadata["keras_version"]
            result["config_layers"] = [layer["class_name"] for layer in config["config"]["layers"]]
            with h5py.File(io.BytesIO(zf.read("model.weights.h5")), "r") as h5:
                native(h5, result["tensors"])
    else:
        with h5py.File(path, "r") as h5:
            if "layers" in h5:
                result["format"] = "weights.h5"
                native(h5, result["tensors"])
            elif "model_weights" in h5:
                result["format"] = "legacy model"
                for key in ("model_config", "keras_version", "backend"):
                    assert key in h5.attrs, f"no root attribute {key}"
                result["keras_version"] = text(h5.attrs["keras_version"])
                config = json.loads(text(h5.attrs["model_config"]))
                layers = config["config"]["layers"] if isinstance(config["config"], dict) else config["config"]
                result["config_layers"] = [layer["class_name"] for layer in layers]
                legacy(h5["model_weights"], result["tensors"])
            else:
                result["format"] = "legacy"
                result["keras_version"] = text(h5.attrs["keras_version"])
                legacy(h5, result["tensors"])
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
