"""Keras's validation_split rule, computed by Python as Keras computes it, for the C# tests.

keras/src/trainers/data_adapters/array_slicing.py, train_validation_split:
    split_at = int(math.floor(batch_dim * (1.0 - validation_split)))
The first split_at samples train, the rest validate. Writes
tests/Unroll.Tests/Fixtures/validation_split_reference.json: for each split, the training counts of
n = 2 … 1000 samples.
"""
import json
import math
import pathlib

SPLITS = ["0.1", "0.2", "0.25", "0.3", "0.33", "0.4", "0.5", "0.7", "0.9", "0.05", "0.15", "0.01"]
counts = {s: [int(math.floor(n * (1.0 - float(s)))) for n in range(2, 1001)] for s in SPLITS}
out = pathlib.Path(__file__).resolve().parents[1] / "Unroll.Tests" / "Fixtures" / "validation_split_reference.json"
out.write_text(json.dumps({"first_n": 2, "train_counts": counts}, separators=(",", ":")) + "\n")
print(f"wrote {out}")
