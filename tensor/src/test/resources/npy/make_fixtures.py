#!/usr/bin/env python3
"""Writes the NumPy-made fixtures that Ricci's tests read (run from any directory; numpy >= 2).

    python3 tensor/src/test/resources/npy/make_fixtures.py

Outputs, next to this script:
  files/*.npy, files/*.npz  arrays written by numpy (C/F order, f4/f8, big-endian, ints, bool, f2,
                            0-d, empty, 3-D, format versions 2.0 and 3.0, unsupported dtypes)
  expected.txt              for each file: the dtype/shape/values Ricci must read back
  reprs.txt                 numpy's repr of arrays (class renamed to "tensor") under print options
  core.txt                  reshape view-or-copy, slicing, diagonal, arange/linspace/eye, SplitMix64

Text format (parsed by NpyFixtures.java): blocks start with "=== name"; then "key: value" lines;
a "repr:" line is followed by the verbatim multi-line text up to the next "===" line. Numbers are
Python reprs (nan, inf, -inf); lists are space-separated; "None" is a missing slice bound.
"""
import io
import math
import os
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")
os.makedirs(FILES, exist_ok=True)


def num(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def nums(a):
    return " ".join(num(v) for v in np.asarray(a, dtype=np.float64).ravel(order="C"))


def shape_str(shape):
    return " ".join(str(d) for d in shape)


# ------------------------------------------------------------------ .npy / .npz files

expected = []


def expect(name, arr, ricci_dtype, **extra):
    """Records what Ricci must read from files/name: dtype after conversion, shape, C-order values."""
    arr = np.asarray(arr)
    lines = [f"=== {name}", f"dtype: {ricci_dtype}", f"shape: {shape_str(arr.shape)}",
             f"fortran: {int(arr.flags.f_contiguous and not arr.flags.c_contiguous)}",
             f"values: {nums(arr)}"]
    if arr.dtype.kind in "ib":
        lines.append("ints: " + " ".join(str(int(v)) for v in arr.ravel(order="C")))
    for k, v in extra.items():
        lines.append(f"{k}: {v}")
    expected.append("\n".join(lines))


def save(name, arr, ricci_dtype, version=None, **extra):
    path = os.path.join(FILES, name)
    if version is None:
        np.save(path, arr)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, arr, version=version)
    # np.save keeps F order for F-contiguous arrays; record the order actually written.
    expect(name, arr, ricci_dtype, **extra)


base = np.arange(6, dtype=np.float64).reshape(2, 3) * 1.5 - 2
save("f8_c_2x3.npy", base, "float64", numpy_bytes=1)
save("f4_c_2x3.npy", base.astype(np.float32) / 3, "float32", numpy_bytes=1)
save("f8_fortran_3x4.npy", np.asfortranarray(np.arange(12.0).reshape(3, 4) ** 1.5), "float64", numpy_bytes=1)
save("f4_fortran_2x3x4.npy", np.asfortranarray((np.arange(24.0).reshape(2, 3, 4) - 7) / 8).astype(np.float32, order="F"),
     "float32", numpy_bytes=1)
save("f8_3d_2x3x4.npy", np.sin(np.arange(24.0)).reshape(2, 3, 4), "float64", numpy_bytes=1)
save("f8_big_2x3.npy", (base * 1.25).astype(">f8"), "float64")
save("f4_big_5.npy", np.array([1.5, -2.25, 3e-8, 1e30, -0.0], dtype=">f4"), "float32")
save("f8_big_fortran_2x3.npy", np.asfortranarray(base).astype(">f8", order="F"), "float64")
save("f8_special.npy", np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308]), "float64",
     numpy_bytes=1)
save("f8_scalar.npy", np.array(3.25), "float64", numpy_bytes=1)
save("f4_scalar.npy", np.array(-0.1, dtype=np.float32), "float32", numpy_bytes=1)
save("f8_empty_0.npy", np.zeros((0,)), "float64", numpy_bytes=1)
save("f4_empty_2x0x3.npy", np.zeros((2, 0, 3), dtype=np.float32), "float32", numpy_bytes=1)
save("f8_prime_17.npy", np.linspace(-1, 1, 17), "float64", numpy_bytes=1)
save("f4_33x7.npy", (np.arange(231, dtype=np.float32).reshape(33, 7) / 7).astype(np.float32), "float32",
     numpy_bytes=1)
save("i4.npy", np.array([-2**31, -5, 0, 7, 2**31 - 1], dtype="<i4"), "int32")
save("i4_big.npy", np.array([-2**31, -5, 0, 7, 2**31 - 1], dtype=">i4"), "int32")
save("i8.npy", np.array([-2**63, -3, 0, 2**53 + 1, 2**63 - 1], dtype="<i8"), "int64", numpy_bytes=1)
save("i8_big_fortran_3x2.npy", np.asfortranarray(np.arange(6, dtype=">i8").reshape(3, 2) * (2**40 + 1) - 2), "int64")
save("i4_empty_0x3.npy", np.zeros((0, 3), dtype="<i4"), "int32", numpy_bytes=1)
save("i4_prime_17.npy", np.arange(17, dtype="<i4") * -12345, "int32", numpy_bytes=1)
save("i8_scalar.npy", np.array(-7, dtype="<i8"), "int64", numpy_bytes=1)
save("b1.npy", np.array([[True, False, True], [False, False, True]]), "bool", numpy_bytes=1)
save("b1_fortran_2x3.npy", np.asfortranarray(np.array([[True, False, True], [False, True, True]])), "bool",
     numpy_bytes=1)
save("b1_empty_0.npy", np.zeros((0,), dtype=bool), "bool", numpy_bytes=1)
save("v2_f8_2x2.npy", np.array([[1.0, 2.0], [3.0, 4.0]]), "float64", version=(2, 0))
save("v3_f4_3.npy", np.array([1.0, 2.5, -3.0], dtype=np.float32), "float32", version=(3, 0))

# Unsupported dtypes: the test expects a clear refusal naming the dtype (never a silent conversion).
np.save(os.path.join(FILES, "u1.npy"), np.array([0, 1, 127, 128, 255], dtype="|u1"))
np.save(os.path.join(FILES, "i1.npy"), np.array([-128, -1, 0, 1, 127], dtype="|i1"))
np.save(os.path.join(FILES, "i2.npy"), np.array([[-32768, -2], [3, 32767]], dtype="<i2"))
np.save(os.path.join(FILES, "u2.npy"), np.array([0, 1, 65535], dtype="<u2"))
np.save(os.path.join(FILES, "u4.npy"), np.array([0, 1, 2**32 - 1], dtype="<u4"))
np.save(os.path.join(FILES, "u8_big.npy"), np.array([0, 1, 2**64 - 1], dtype=">u8"))
np.save(os.path.join(FILES, "f2.npy"), np.array([0.5, -1.0, 65504.0, 6e-08, np.inf], dtype="<f2"))
np.save(os.path.join(FILES, "bad_c16.npy"), np.array([1 + 2j, 3 - 1j]))
np.save(os.path.join(FILES, "bad_object.npy"), np.array([1, "a", None], dtype=object), allow_pickle=True)
np.save(os.path.join(FILES, "bad_structured.npy"), np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))
np.save(os.path.join(FILES, "bad_unicode.npy"), np.array(["ab", "c"]))

# .npz archives, stored and deflated, with keys in a non-alphabetical order.
members = {
    "weights": np.arange(12.0).reshape(3, 4) / 4,
    "bias": np.array([0.5, -0.5, 1.0], dtype=np.float32),
    "alpha": np.array(2.0),
    "empty": np.zeros((0, 2)),
    "cube": np.asfortranarray(np.arange(8.0).reshape(2, 2, 2)),
}
np.savez(os.path.join(FILES, "stored.npz"), **members)
np.savez_compressed(os.path.join(FILES, "compressed.npz"), **members)
for name in ("stored.npz", "compressed.npz"):
    lines = [f"=== {name}", "keys: " + " ".join(members)]
    expected.append("\n".join(lines))
    for k, v in members.items():
        expect(f"{name}:{k}", v, "float32" if v.dtype == np.float32 else "float64")
# A member whose name lacks the .npy suffix keeps its full name as the key.
buf = io.BytesIO()
np.save(buf, np.array([7.0, 8.0]))
with zipfile.ZipFile(os.path.join(FILES, "raw_name.npz"), "w") as z:
    for member in ("data.npy", "noext"):
        # A fixed timestamp (as np.savez uses) keeps the file identical across runs.
        z.writestr(zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0)), buf.getvalue())
expected.append("=== raw_name.npz\nkeys: data noext")

with open(os.path.join(HERE, "expected.txt"), "w") as f:
    f.write("\n".join(expected) + "\n")

# ------------------------------------------------------------------ reprs


class tensor(np.ndarray):
    """Renames numpy's repr prefix from array( to tensor( without changing its layout algorithm."""


reprs = []


def rep(name, arr, precision=8, threshold=1000, edgeitems=3, linewidth=75, suppress=False):
    arr = np.asarray(arr)
    with np.printoptions(precision=precision, threshold=threshold, edgeitems=edgeitems,
                         linewidth=linewidth, suppress=suppress):
        text = repr(arr.view(tensor))
    reprs.append("\n".join([
        f"=== {name}",
        f"dtype: {arr.dtype.name}",
        f"shape: {shape_str(arr.shape)}",
        f"options: {precision} {threshold} {edgeitems} {linewidth} {int(suppress)}",
        f"values: {nums(arr)}",
        "repr:",
        text,
    ]))


rng = np.random.default_rng(12345)
rep("f32 2x2", np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32))
rep("f64 2x2", np.array([[1.0, 2.0], [3.0, 4.0]]))
rep("aligned fractions", np.array([1.0, 2.25, -3.5, 10.125]))
rep("nan inf", np.array([1.0, 2.25, -np.inf, np.nan]))
rep("all nan", np.array([np.nan, np.nan]))
rep("nan neg inf", np.array([np.nan, -np.inf]))
rep("small and large -> exp", np.array([1e-5, 1.5]))
rep("ratio > 1000 -> exp", np.array([0.5, 1000.5, -3.0]))
rep("negative exp", np.array([-1e-5, 2e10]))
rep("exp 3-digit exponent", np.array([1e-300, 1.0, 1e200]))
rep("suppress small", np.array([1e-10, 1.0, -2.5]), suppress=True)
rep("suppress negative tiny", np.array([-1e-10, 1.0]), suppress=True)
rep("f64 1e8 cutoff", np.array([1e8, 1.0]))
rep("f64 below 1e8", np.array([99999999.0, 1.0]), suppress=True)
rep("f32 1e6 cutoff", np.array([1e6, 1.0], dtype=np.float32))
rep("f32 shortest 0.1", np.array([0.1, 0.2, 0.3], dtype=np.float32))
rep("f64 0.1+0.2", np.array([0.1 + 0.2, 1 / 3]))
rep("ties precision 2", np.array([0.125, 0.375, 2.5]), precision=2)
rep("precision 0", np.array([0.5, 1.5, 2.5, 3.7]), precision=0)
rep("randn 3x4 precision 8", rng.standard_normal((3, 4)))
rep("randn 3x4 precision 4", rng.standard_normal((3, 4)), precision=4)
rep("uniform f32 5x7 precision 3", rng.random((5, 7), dtype=np.float32), precision=3)
rep("3d 2x3x4", np.arange(24.0).reshape(2, 3, 4))
rep("4d 2x1x2x3 f32", (np.arange(12.0).reshape(2, 1, 2, 3) - 5).astype(np.float32))
rep("summary 1d 2000", np.arange(2000.0))
rep("summary 1d 1001 f32", np.arange(1001.0, dtype=np.float32) / 8)
rep("summary 3d 10x10x10", np.arange(1000.0).reshape(10, 10, 10) / 10, threshold=100)
rep("summary edgeitems 2", np.arange(100.0).reshape(10, 10), threshold=50, edgeitems=2)
rep("summary one short axis", np.arange(60.0).reshape(3, 20), threshold=10)
rep("wrap linspace 30", np.linspace(0, 1, 30))
rep("wrap linewidth 40", np.linspace(-1, 1, 12), linewidth=40)
rep("wrap f32 extras newline", np.linspace(0, 1, 13, dtype=np.float32))
rep("wrap 2d long rows", np.linspace(0, 1, 40).reshape(2, 20) * 7)
rep("empty 0x3", np.zeros((0, 3)))
rep("empty 0", np.zeros((0,)))
rep("empty f32 2x0", np.zeros((2, 0), dtype=np.float32))
rep("scalar f64", np.array(1.0))
rep("scalar f32", np.array(-2.5, dtype=np.float32))
rep("scalar nan", np.array(np.nan))
rep("scalar pi", np.array(np.pi))
rep("negative zero", np.array([-0.0, 1.0]))
rep("1e22 and denormal", np.array([1e22]))
rep("denormal", np.array([5e-324]))
rep("f32 tiny", np.array([1e-45, 1.0], dtype=np.float32))
rep("big integers", np.array([123456789.0, 2.0]))
rep("zeros 2x3", np.zeros((2, 3)))
rep("single 1x1", np.array([[7.0]]))
rep("column 4x1", np.array([[1.0], [-2.0], [3.5], [40.0]]))
rep("f32 eye 3", np.eye(3, dtype=np.float32))
rep("threshold 0 scalar", np.array(2.5), threshold=0)
rep("threshold 0 short", np.array([[1.0, 2.0], [3.0, 4.0]]), threshold=0)
rep("threshold 0 long", np.arange(10.0).reshape(2, 5), threshold=0, edgeitems=1)
rep("linewidth 1", np.array([[1.5, 2.5], [3.5, 4.5]], dtype=np.float32), linewidth=1)
rep("nan and inf only f32", np.array([np.nan, np.inf, -np.inf], dtype=np.float32))
rep("inf with fractions", np.array([np.inf, 0.125, -3.5]))
rep("exp with nan", np.array([1e-7, np.nan, -np.inf, 3e5]))

# Random stress cases: magnitudes over 24 decades, signs, zeros, non-finite values, every option.
srng = np.random.default_rng(2024)
for case in range(150):
    rank = int(srng.integers(0, 4))
    shape = tuple(int(x) for x in srng.integers(1, 7, size=rank))
    dt = np.float32 if srng.random() < 0.4 else np.float64
    lo, hi = sorted(srng.uniform(-12, 12, size=2))
    if srng.random() < 0.5:
        hi = lo + srng.uniform(0, 3)  # narrow ranges stay in positional notation
    a = (10.0 ** srng.uniform(lo, hi, size=shape)) * srng.choice([-1.0, 1.0], size=shape)
    if srng.random() < 0.3:
        a = np.round(a, int(srng.integers(0, 4)))
    a = np.asarray(a, dtype=dt)
    if a.size > 2 and srng.random() < 0.3:
        flat = a.reshape(-1)
        flat[int(srng.integers(0, a.size))] = srng.choice([0.0, -0.0, np.nan, np.inf, -np.inf])
    rep(f"random {case}", a, precision=int(srng.integers(0, 11)), threshold=int(srng.choice([1000, 5, 20])),
        edgeitems=int(srng.integers(1, 4)), linewidth=int(srng.integers(20, 121)),
        suppress=bool(srng.random() < 0.3))

with open(os.path.join(HERE, "reprs.txt"), "w") as f:
    f.write("\n".join(reprs) + "\n")

# ------------------------------------------------------------------ core: views, creation, Rng

core = []


def block(name, **kv):
    core.append("\n".join([f"=== {name}"] + [f"{k}: {v}" for k, v in kv.items()]))


def ops_view(base, ops):
    a = base
    for op in ops.split(";"):
        p = op.split()
        if p[0] == "T":
            a = a.T
        elif p[0] == "permute":
            a = a.transpose([int(x) for x in p[1:]])
        elif p[0] == "slice":
            axis = int(p[1])
            s = [None if x == "None" else int(x) for x in p[2:5]]
            idx = [slice(None)] * a.ndim
            idx[axis] = slice(*s)
            a = a[tuple(idx)]
        elif p[0] == "unsqueeze":
            a = np.expand_dims(a, int(p[1]))
        elif p[0] == "broadcast":
            a = np.broadcast_to(a, tuple(int(x) for x in p[1:]))
        else:
            raise ValueError(op)
    return a


# reshape: base = arange(prod(shape)).reshape(shape); view = ops; numpy's reshape(view, newshape)
reshape_cases = [
    ("2 3 4", "T", "24"),
    ("2 3 4", "T", "4 6"),
    ("2 3 4", "permute 1 0 2", "3 8"),
    ("2 3 4", "permute 1 0 2", "6 4"),
    ("2 3 4", "permute 0 2 1", "2 12"),
    ("2 3 4", "permute 2 0 1", "4 6"),
    ("4 6", "slice 1 None None 2", "12"),
    ("4 6", "slice 1 None None 2", "4 3 1"),
    ("4 6", "slice 1 None None 2", "2 2 3"),
    ("4 6", "slice 0 None None 2", "2 3 2"),
    ("4 6", "slice 0 None None 2", "12"),
    ("4 6", "slice 0 None None -1", "24"),
    ("4 6", "slice 0 None None -1", "2 2 6"),
    ("4 6", "slice 1 1 5 1", "2 2 4"),
    ("4 6", "slice 1 1 5 1", "16"),
    ("3 4", "T", "12"),
    ("3 4", "T", "4 3"),
    ("3 4", "T", "2 2 3"),
    ("3 4", "T", "4 1 3"),
    ("3 4", "T;unsqueeze 1", "4 3"),
    ("2 1 3", "permute 2 1 0", "3 2"),
    ("2 1 3", "permute 1 0 2", "6"),
    ("5", "broadcast 3 5", "15"),
    ("5", "broadcast 3 5", "3 5 1"),
    ("1 5", "broadcast 4 5", "2 2 5"),
    ("2 3 4", "slice 2 None None 2", "6 2"),
    ("2 3 4", "slice 2 None None 2", "2 6"),
    ("2 3 4", "slice 2 None None 2;T", "-1"),
    ("6 0", "T", "3 0 2"),
    ("8", "slice 0 1 None 3", "1 3"),
]
for i, (shape, ops, new) in enumerate(reshape_cases):
    shp = tuple(int(x) for x in shape.split())
    base = np.arange(int(np.prod(shp)), dtype=np.float64).reshape(shp)
    v = ops_view(base, ops)
    r = v.reshape(tuple(int(x) for x in new.split()))
    block(f"reshape {i}", base=shape, ops=ops, newshape=new, view=int(np.shares_memory(r, base)),
          shape=shape_str(r.shape), values=nums(r))

# slicing of a length-n axis by [start:stop:step], including negative steps and clamped bounds
srng = np.random.default_rng(7)
bounds = [None, 0, 1, 2, -1, -2, -3, 3, 5, 7, 8, 9, 100, -100]
steps = [1, 2, 3, -1, -2, -3, 7, -8]
cases = [(n, a, b, s) for n in (0, 1, 7, 8) for a in bounds for b in bounds for s in steps]
pick = srng.choice(len(cases), size=400, replace=False)
for k in sorted(pick):
    n, a, b, s = cases[k]
    r = np.arange(n, dtype=np.float64)[a:b:s]
    block(f"slice {k}", n=n, start=a, stop=b, step=s, values=nums(r), len=len(r))
# slicing in the middle of a 2-D array (axis 1, strides of the base)
for a, b, s in [(None, None, -1), (5, 1, -2), (-1, -10, -3), (1, None, 4), (-2, None, 1)]:
    base = np.arange(35.0).reshape(5, 7)
    r = base[:, a:b:s]
    block(f"slice2d {a} {b} {s}", start=a, stop=b, step=s, shape=shape_str(r.shape), values=nums(r))

# diagonal(offset, axis1, axis2)
for shape in ((3, 4), (4, 3), (2, 3, 4), (3, 3), (0, 2)):
    base = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    nd = len(shape)
    pairs = [(a1, a2) for a1 in range(-nd, nd) for a2 in range(-nd, nd) if a1 % nd != a2 % nd]
    for off in range(-5, 6):
        for a1, a2 in pairs:
            if nd == 2 and (a1, a2) not in ((0, 1), (1, 0), (-1, -2)):
                continue
            if nd == 3 and (a1, a2) not in ((0, 1), (1, 2), (2, 0), (-1, 0), (0, 2)):
                continue
            r = base.diagonal(off, a1, a2)
            block(f"diagonal {shape_str(shape)} {off} {a1} {a2}", base=shape_str(shape), offset=off, axis1=a1,
                  axis2=a2, shape=shape_str(r.shape), values=nums(r))

# arange / linspace / eye
for start, stop, step in [(0, 10, 1), (1, 2.2, 0.1), (0.1, 1, 0.3), (10, 0, -1.5), (0, 1, 0.1), (-3, 3, 0.7),
                          (5, 5, 1), (5, 0, 1), (0, 1e-3, 1e-4), (2.5, -2.5, -0.35)]:
    for dt in (np.float64, np.float32):
        r = np.arange(start, stop, step, dtype=dt)
        block(f"arange {start} {stop} {step} {dt.__name__}", start=num(start), stop=num(stop), step=num(step),
              dtype=np.dtype(dt).name, values=nums(r), len=len(r))
for start, stop, n in [(0, 1, 5), (-1, 1, 17), (0, 1, 1), (0, 1, 0), (3, -2, 7), (0, 0.1, 11), (1e-3, 1e3, 33)]:
    for dt in (np.float64, np.float32):
        r = np.linspace(start, stop, n, dtype=dt)
        block(f"linspace {start} {stop} {n} {dt.__name__}", start=num(start), stop=num(stop), num=n,
              dtype=np.dtype(dt).name, values=nums(r))
for n, m, k in [(3, 3, 0), (3, 4, 1), (4, 3, -1), (2, 5, 3), (5, 2, -4), (3, 3, 5), (3, 3, -3), (0, 2, 0), (1, 1, 0)]:
    r = np.eye(n, m, k)
    block(f"eye {n} {m} {k}", n=n, m=m, k=k, values=nums(r))

# SplitMix64 (Steele, Lea, Flood 2014), written out independently of Ricci's Java.
M64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & M64
        self.spare = None

    def next_long(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53

    def next_float(self):
        return float(np.float32((self.next_long() >> 40) * 2.0 ** -24))

    def next_int(self, bound):
        m = (self.next_long() >> 32) * bound
        low = m & 0xFFFFFFFF
        if low < bound:
            threshold = ((1 << 32) - bound) % bound
            while low < threshold:
                m = (self.next_long() >> 32) * bound
                low = m & 0xFFFFFFFF
        return m >> 32

    def next_gaussian(self):
        if self.spare is not None:
            s, self.spare = self.spare, None
            return s
        while True:
            u = 2 * self.next_double() - 1
            v = 2 * self.next_double() - 1
            s = u * u + v * v
            if 0 < s < 1:
                break
        m = math.sqrt(-2 * math.log(s) / s)
        self.spare = v * m
        return u * m


def signed(x):
    return x - (1 << 64) if x >= 1 << 63 else x


for seed in (0, 42, -1, 1234567890123):
    g = SplitMix64(seed)
    block(f"rng long {seed}", seed=seed, values=" ".join(str(signed(g.next_long())) for _ in range(8)))
    g = SplitMix64(seed)
    block(f"rng double {seed}", seed=seed, values=" ".join(num(g.next_double()) for _ in range(8)))
    g = SplitMix64(seed)
    block(f"rng float {seed}", seed=seed, values=" ".join(num(g.next_float()) for _ in range(8)))
    g = SplitMix64(seed)
    block(f"rng int {seed}", seed=seed, bound=7, values=" ".join(str(g.next_int(7)) for _ in range(16)))
    g = SplitMix64(seed)
    block(f"rng gaussian {seed}", seed=seed, values=" ".join(num(g.next_gaussian()) for _ in range(9)))

with open(os.path.join(HERE, "core.txt"), "w") as f:
    f.write("\n".join(core) + "\n")

print("wrote", len(expected), "file expectations,", len(reprs), "reprs,", len(core), "core blocks")
