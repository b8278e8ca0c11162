"""File names as Keras's ModelCheckpoint makes them, computed by Python's str.format, for the C# tests.

keras/src/callbacks/model_checkpoint.py, _get_file_path:
    file_path = self.filepath.format(epoch=epoch + 1, **logs)
epoch is an int; the logs are Python floats converted from float32 tensors. Writes
tests/Unroll.Tests/Fixtures/format_reference.json: for each case the template, the epoch, the
logs (each value as its float32 bit pattern) and the string Python makes.
"""
import json
import math
import pathlib
import random
import struct


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


rng = random.Random(20261201)
NAMES = ["loss", "val_loss", "accuracy", "val_accuracy", "mae", "val_mse"]

# The tutorials' names first.
cases = [
    ("model_{epoch:02d}_{val_loss:.2f}.unroll", 7, {"val_loss": 0.3456}),
    ("weights-improvement-{epoch:02d}-{val_accuracy:.2f}.safetensors", 12, {"val_accuracy": 0.78125}),
    ("ckpt/{epoch:02d}-{val_loss:.2f}.unroll", 123, {"val_loss": 1.0}),
    ("{epoch}-{loss}", 3, {"loss": 0.6931471805599453}),
    ("{epoch:03d}_{loss:.4f}_{accuracy:.3f}", 1, {"loss": 0.125, "accuracy": 0.5}),
    ("x{{epoch}}y{epoch}", 5, {}),
    ("{val_loss:.2f}", 1, {"val_loss": 0.125}),   # a tie: Python rounds the exact binary value half to even
    ("{val_loss:.2f}", 1, {"val_loss": 0.375}),
    ("{val_loss:.1f}", 1, {"val_loss": 0.25}),
    ("{loss:.0f}", 1, {"loss": 2.5}),
    ("{loss:.0f}", 1, {"loss": 3.5}),
    ("{loss}", 1, {"loss": float("inf")}),
    ("{loss}", 1, {"loss": float("nan")}),
    ("{loss:.2f}", 1, {"loss": float("-inf")}),
    ("{loss:08.3f}", 1, {"loss": -1.5}),
    ("{loss:+.2e}", 1, {"loss": 12345.678}),
    ("{loss:.3E}", 1, {"loss": 1e-7}),
    ("{loss:.1%}", 1, {"loss": 0.6789}),
    ("{loss}", 1, {"loss": 1e-5}),
    ("{loss}", 1, {"loss": 1e16}),
    ("{loss}", 1, {"loss": 123456789.0}),
    ("{loss}", 1, {"loss": 0.0001}),
    ("{loss}", 1, {"loss": -0.0}),
    ("{loss:.2f}", 1, {"loss": -0.0}),
    ("{loss:,.2f}", 1, {"loss": 1234567.5}),
    ("{epoch:,d}", 1234567, {}),
    ("{epoch:_d}", 1234567, {}),
    ("{epoch:>5}|{epoch:<5}|{epoch:^5}|{epoch:*^6d}", 42, {}),
    ("{epoch:+d} {epoch: d} {epoch:=+6d}", 42, {}),
    ("{epoch:.2f} {epoch:.1e} {epoch:%}", 7, {}),
    ("{loss:10.4f}|{loss:<10.2f}|{loss:^11.3e}|", 1, {"loss": 3.14159}),
]


def random_value():
    kind = rng.random()
    if kind < 0.1:
        return rng.choice([0.0, 0.5, 1.0, 2.5, 0.125, 0.375, 0.0625, 100.0, 1e-4, 9.995, 0.995, 0.005])
    sign = -1 if rng.random() < 0.2 else 1
    return sign * 10 ** rng.uniform(-9, 9)


def random_float_spec():
    spec = ""
    if rng.random() < 0.3:
        fill = rng.choice(["", "*", "_", "#", " "])
        spec += fill + rng.choice("<>^=")
    if rng.random() < 0.3:
        spec += rng.choice("+- ")
    if not spec and rng.random() < 0.3:
        spec += "0"
    if rng.random() < 0.4:
        spec += str(rng.randint(1, 16))
    if rng.random() < 0.15 and "0" not in spec[:1] and "=" not in spec:
        spec += rng.choice([",", "_"])
    t = rng.choice(["f", "F", "e", "E", "%", "", "g", "G"])
    if t == "":
        rng.random()  # kept so that the committed cases stay the ones this draws
        return spec  # no type and no precision: Python's str() of the float
    if rng.random() < 0.85:
        spec += "." + str(rng.randint(0, 12))
    if t in "gG" and ("," in spec or "_" in spec):
        spec = spec.replace(",", "").replace("_", "")
    return spec + t


def random_int_spec():
    spec = ""
    if rng.random() < 0.3:
        spec += rng.choice(["", "*", "0"]) + rng.choice("<>^=")
    if rng.random() < 0.3:
        spec += rng.choice("+- ")
    if rng.random() < 0.5:
        spec += "0" + str(rng.randint(1, 6))
    elif rng.random() < 0.3:
        spec += str(rng.randint(1, 8))
    if rng.random() < 0.1 and not spec.startswith("0"):
        spec += ","
    return spec + rng.choice(["d", ""])


for _ in range(400):
    name = rng.choice(NAMES)
    logs = {name: random_value()}
    fspec = random_float_spec()
    ispec = random_int_spec()
    template = "m_{epoch" + (":" + ispec if ispec else "") + "}_{" + name + (":" + fspec if fspec else "") + "}.unroll"
    cases.append((template, rng.randint(1, 12000), logs))

out_cases = []
for template, epoch, logs in cases:
    logs32 = {k: f32(v) for k, v in logs.items()}
    expected = template.format(epoch=epoch, **logs32)
    out_cases.append({"template": template, "epoch": epoch, "logs": {k: bits(v) for k, v in logs32.items()}, "expected": expected})

out = pathlib.Path(__file__).resolve().parents[1] / "Unroll.Tests" / "Fixtures" / "format_reference.json"
out.write_text(json.dumps({"cases": out_cases}, indent=0) + "\n")
print(f"wrote {out}: {len(out_cases)} cases")
