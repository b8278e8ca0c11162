"""Small files in exactly the format of Keras's dataset downloads, and what Keras makes of them.

The real files (mnist.npz, imdb.npz, reuters.npz, boston_housing.npz, imdb_word_index.json)
cannot be downloaded where the tests run, so the C# readers are tested on tiny stand-ins written
here by NumPy itself (np.savez / np.savez_compressed; object arrays of Python lists pickled as
np.save pickles them). Run with Debian's python3-numpy:

    /usr/bin/python3 tests/reference/make_dataset_fixtures.py

Writes tests/Unroll.Tests/Fixtures/datasets/: the .npz/.npy/.json files, and reference.json with
NumPy's RandomState(seed).shuffle orders and the (x_train, y_train), (x_test, y_test) that the
load_data functions of keras/src/datasets/{imdb,reuters,boston_housing}.py return for each case.
Keras itself is not installed here: load_imdb / load_reuters / load_boston below follow those
functions step by step (same shuffle calls, same order of operations), reading the stand-ins
with np.load(allow_pickle=True) as Keras did before its restricted unpickler.
"""
import io
import json
import os
import pathlib
import pickle
import zipfile

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[1] / "Unroll.Tests" / "Fixtures" / "datasets"
OUT.mkdir(parents=True, exist_ok=True)
gen = np.random.default_rng(20261201)


def ragged(count, max_id, max_len):
    """An object array of Python lists of ints, as imdb.npz and reuters.npz hold."""
    seqs = np.empty(count, dtype=object)
    for i in range(count):
        seqs[i] = [int(w) for w in gen.integers(1, max_id, size=int(gen.integers(1, max_len)))]
    return seqs


# --- the stand-ins -----------------------------------------------------------------------------
mnist = dict(
    x_train=gen.integers(0, 256, size=(5, 28, 28), dtype=np.uint8),
    y_train=gen.integers(0, 10, size=5, dtype=np.uint8),
    x_test=gen.integers(0, 256, size=(3, 28, 28), dtype=np.uint8),
    y_test=gen.integers(0, 10, size=3, dtype=np.uint8),
)
np.savez(OUT / "mnist.npz", **mnist)

boston = dict(x=gen.normal(10, 5, size=(27, 13)), y=gen.uniform(5, 50, size=27))
np.savez_compressed(OUT / "boston_housing.npz", **boston)

imdb = dict(x_train=ragged(14, 40, 12), y_train=gen.integers(0, 2, size=14).astype(np.int64),
            x_test=ragged(11, 40, 12), y_test=gen.integers(0, 2, size=11).astype(np.int64))
np.savez_compressed(OUT / "imdb.npz", **imdb)

reuters = dict(x=ragged(23, 60, 15), y=gen.integers(0, 46, size=23).astype(np.int64))
np.savez(OUT / "reuters.npz", **reuters)

words = ["the", "and", "a", "of", "to", "is", "br", "in", "it", "i"]
(OUT / "imdb_word_index.json").write_text(json.dumps({w: i + 1 for i, w in enumerate(words)}))


# The same object array pickled with each protocol np.save might use, and hostile variants.
def npy_with_pickle(payload: bytes) -> bytes:
    header = "{'descr': '|O', 'fortran_order': False, 'shape': (%d,), }" % len(imdb["x_test"])
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode("latin1") + payload


for protocol in (2, 3, 4, 5):
    (OUT / f"sequences_protocol{protocol}.npy").write_bytes(npy_with_pickle(pickle.dumps(imdb["x_test"], protocol=protocol)))


class Exploit:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


(OUT / "hostile_global.npy").write_bytes(npy_with_pickle(pickle.dumps(Exploit(), protocol=4)))
np.save(OUT / "sequences_of_strings.npy", np.array([["a", "b"], ["c"]], dtype=object), allow_pickle=True)
np.save(OUT / "numbers_float32.npy", np.arange(12, dtype="<f4").reshape(3, 4) / 4)
np.save(OUT / "numbers_int16_big_endian.npy", np.array([-2, 300, 7], dtype=">i2"))


# --- what Keras makes of them -------------------------------------------------------------------
def remove_long_seq(maxlen, seq, label):
    kept = [(x, y) for x, y in zip(seq, label) if len(x) < maxlen]
    return [x for x, _ in kept], [y for _, y in kept]


def limit(xs, num_words, skip_top, oov_char):
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def offset(xs, start_char, index_from):
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    return [[w + index_from for w in x] for x in xs]


def load_imdb(num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2, index_from=3):
    with np.load(OUT / "imdb.npz", allow_pickle=True) as f:
        x_train, labels_train, x_test, labels_test = f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    rng = np.random.RandomState(seed)
    indices = np.arange(len(x_train)); rng.shuffle(indices)
    x_train, labels_train = x_train[indices], labels_train[indices]
    indices = np.arange(len(x_test)); rng.shuffle(indices)
    x_test, labels_test = x_test[indices], labels_test[indices]
    x_train, x_test = offset(x_train, start_char, index_from), offset(x_test, start_char, index_from)
    if maxlen:
        x_train, labels_train = remove_long_seq(maxlen, x_train, labels_train)
        x_test, labels_test = remove_long_seq(maxlen, x_test, labels_test)
    xs = limit(x_train + x_test, num_words, skip_top, oov_char)
    labels = np.concatenate([labels_train, labels_test])
    idx = len(x_train)
    return xs[:idx], labels[:idx].tolist(), xs[idx:], labels[idx:].tolist()


def load_reuters(num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113, start_char=1, oov_char=2, index_from=3):
    with np.load(OUT / "reuters.npz", allow_pickle=True) as f:
        xs, labels = f["x"], f["y"]
    rng = np.random.RandomState(seed)
    indices = np.arange(len(xs)); rng.shuffle(indices)
    xs, labels = xs[indices], labels[indices]
    xs = offset(xs, start_char, index_from)
    if maxlen:
        xs, labels = remove_long_seq(maxlen, xs, labels)
    xs = limit(xs, num_words, skip_top, oov_char)
    idx = int(len(xs) * (1 - test_split))
    labels = [int(v) for v in labels]
    return xs[:idx], labels[:idx], xs[idx:], labels[idx:]


def load_boston(test_split=0.2, seed=113):
    with np.load(OUT / "boston_housing.npz", allow_pickle=True) as f:
        x, y = f["x"], f["y"]
    rng = np.random.RandomState(seed)
    indices = np.arange(len(x)); rng.shuffle(indices)
    x, y = x[indices], y[indices]
    n = int(len(x) * (1 - test_split))
    return x[:n].tolist(), y[:n].tolist(), x[n:].tolist(), y[n:].tolist()


def case(args, result):
    return {"args": args, "x_train": result[0], "y_train": result[1], "x_test": result[2], "y_test": result[3]}


def permutation(seed, n):
    indices = np.arange(n); np.random.RandomState(seed).shuffle(indices)
    return indices.tolist()


imdb_args = [{}, {"num_words": 20}, {"num_words": 20, "skip_top": 5}, {"maxlen": 8}, {"seed": 7, "start_char": None, "oov_char": None, "index_from": 0},
             {"num_words": 15, "oov_char": None, "index_from": 5, "start_char": 9}]
reuters_args = [{}, {"num_words": 30, "skip_top": 4}, {"maxlen": 10, "test_split": 0.3}, {"test_split": 0.0, "seed": 0}, {"oov_char": None, "num_words": 25}]
boston_args = [{}, {"test_split": 0.5, "seed": 1}, {"test_split": 0.0}]

reference = {
    "permutations": [{"seed": s, "n": n, "order": permutation(s, n)} for s, n in
                     [(113, 1), (113, 2), (113, 10), (113, 506), (0, 37), (1, 300), (4294967295, 50), (2**31, 64), (7, 5003)]],
    "imdb": [case(a, load_imdb(**a)) for a in imdb_args],
    "reuters": [case(a, load_reuters(**a)) for a in reuters_args],
    "boston": [case(a, load_boston(**a)) for a in boston_args],
    "mnist": {k: v.reshape(len(v), -1).tolist() if v.ndim > 1 else v.tolist() for k, v in mnist.items()},
    "sequences": [list(s) for s in imdb["x_test"]],
    "numpy": np.__version__,
}
(OUT / "reference.json").write_text(json.dumps(reference, separators=(",", ":")))
print("wrote", sorted(p.name for p in OUT.iterdir()))
