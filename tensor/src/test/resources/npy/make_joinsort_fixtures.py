#!/usr/bin/env python3
"""Writes joinsort.txt: NumPy 2's answers for Ricci's joining/splitting, sorting and scan ops
(run from any directory; read by JoinSortFixtureTest through NpyFixtures.java).

    python3 tensor/src/test/resources/npy/make_joinsort_fixtures.py

Each block "=== <op> <n>" holds the base operand (a_dtype/a_shape, then a_values for floats or a_ints for int/bool),
a "view" the Java side applies to it before the op (contig, T = all axes reversed, step = [..., ::2],
bcast = broadcast_to a (1, n) base as (3, n), flip = [::-1] on axis 0), the op's parameters and the
result (dtype/shape/values/ints; several results r0_, r1_... with "parts"). Float values are float64
reprs (-0.0 kept, nan/inf spelled so); sorts and argsorts use kind='stable', which is what Ricci does.
Shapes: 0-size, 1, odd (7, 17, 33), 2-D with a zero dim, transposed, strided and stride-0 views.
"""
import math
import os
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
warnings.simplefilter("ignore")
rng = np.random.default_rng(18)

DT = {"float32": np.float32, "float64": np.float64, "int32": np.int32, "int64": np.int64, "bool": np.bool_}
SPECIAL = np.array([-2.5, -1.0, -0.0, 0.0, 1.0, 3.0, 0.5, np.nan, np.inf, -np.inf, 1.0, -1.0])


def num(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def shape_str(shape):
    return " ".join(str(d) for d in shape)


def fields(prefix, arr):
    arr = np.asarray(arr)
    out = [f"{prefix}dtype: {arr.dtype.name}", f"{prefix}shape: {shape_str(arr.shape)}"]
    if arr.dtype.kind in "ib":  # exact integers only, to keep the file small
        out.append(f"{prefix}ints: " + " ".join(str(int(v)) for v in arr.ravel()))
    else:
        out.append(f"{prefix}values: " + " ".join(num(v) for v in arr.astype(np.float64).ravel()))
    return out


def make(dt, shape):
    n = int(np.prod(shape))
    if dt == "bool":
        v = rng.integers(0, 2, n).astype(bool)
    elif dt.startswith("int"):
        v = rng.integers(-5, 6, n).astype(DT[dt])
    else:
        v = rng.choice(SPECIAL, n).astype(DT[dt])
    return v.reshape(shape)


def view(base, name):
    if name == "contig":
        return base
    if name == "T":
        return base.T
    if name == "step":
        return base[..., ::2]
    if name == "bcast":
        return np.broadcast_to(base, (3, base.shape[1]))
    if name == "flip":
        return base[::-1]
    raise ValueError(name)


# (base shape, view): the operand the op sees is view(base)
CASES = [((0,), "contig"), ((1,), "contig"), ((7,), "contig"), ((17,), "contig"), ((33,), "contig"),
         ((3, 0), "contig"), ((3, 7), "contig"), ((5, 4), "T"), ((3, 17), "step"), ((1, 7), "bcast"),
         ((4, 3), "flip"), ((2, 3, 5), "T")]

blocks = []
counter = {}


def block(op, base, vname, params, results):
    k = counter.get(op, 0)
    counter[op] = k + 1
    lines = [f"=== {op} {k}"] + fields("a_", base) + [f"view: {vname}"]
    lines += [f"{key}: {val}" for key, val in params.items()]
    if isinstance(results, (list, tuple)):
        lines.append(f"parts: {len(results)}")
        for i, r in enumerate(results):
            lines += fields(f"r{i}_", r)
    else:
        lines += fields("", results)
    blocks.append("\n".join(lines))


for dt in DT:
    for shape, vname in CASES:
        base = make(dt, shape)
        a = view(base, vname)
        for ax in range(-1, a.ndim):
            block("sort", base, vname, {"axis": ax}, np.sort(a, axis=ax, kind="stable"))
            block("argsort", base, vname, {"axis": ax}, np.argsort(a, axis=ax, kind="stable").astype(np.int64))
            block("cumsum", base, vname, {"axis": ax}, np.cumsum(a, axis=ax))
            block("cumprod", base, vname, {"axis": ax}, np.cumprod(a, axis=ax))
            block("flip", base, vname, {"axes": ax}, np.flip(a, axis=ax))
            block("roll", base, vname, {"shift": 3, "axis": ax}, np.roll(a, 3, axis=ax))
            block("roll", base, vname, {"shift": -8, "axis": ax}, np.roll(a, -8, axis=ax))
            block("repeat", base, vname, {"repeats": 2, "axis": ax}, np.repeat(a, 2, axis=ax))
            n = a.shape[ax]
            reps = [int(r) for r in rng.integers(0, 4, n)]
            block("repeatv", base, vname, {"repeats": " ".join(map(str, reps)), "axis": ax},
                  np.repeat(a, reps, axis=ax))
            block("arraysplit", base, vname, {"sections": 3, "axis": ax}, np.array_split(a, 3, axis=ax))
            block("spliti", base, vname, {"indices": "1 -2 100", "axis": ax}, np.split(a, [1, -2, 100], axis=ax))
            if n % 2 == 0:
                block("split", base, vname, {"sections": 2, "axis": ax}, np.split(a, 2, axis=ax))
            block("concat_self", base, vname, {"axis": ax}, np.concatenate([a, a[::-1] if ax != 0 else a], axis=ax))
            block("stack", base, vname, {"axis": ax}, np.stack([a, a], axis=ax))
        block("cumsum_flat", base, vname, {}, np.cumsum(a))
        block("cumprod_flat", base, vname, {}, np.cumprod(a))
        block("roll_flat", base, vname, {"shift": 5}, np.roll(a, 5))
        block("repeat_flat", base, vname, {"repeats": 3}, np.repeat(a, 3))
        block("flip_all", base, vname, {}, np.flip(a))
        block("tile", base, vname, {"reps": "2 3"}, np.tile(a, (2, 3)))
        block("tile", base, vname, {"reps": "2"}, np.tile(a, 2))
        widths = [[1, 2]] + [[0, 3]] * (a.ndim - 1)
        block("pad", base, vname, {"widths": ";".join(f"{b} {e}" for b, e in widths), "constant": 7},
              np.pad(a, widths, mode="constant", constant_values=7))
        vals, counts = np.unique(a, return_counts=True)
        block("unique", base, vname, {}, [vals, counts.astype(np.int64)])
        s = np.sort(a.ravel(), kind="stable")
        q = make(dt, (9,))
        for side in ("left", "right"):
            lines = [f"=== searchsorted {counter.get('searchsorted', 0)}"] + fields("a_", s) + fields("v_", q)
            lines += [f"side: {side}"] + fields("", np.searchsorted(s, q, side=side).astype(np.int64))
            counter["searchsorted"] = counter.get("searchsorted", 0) + 1
            blocks.append("\n".join(lines))

# concatenate across dtypes: promotion as np.concatenate (NumPy 2 result_type of the arrays)
for da in DT:
    for db in DT:
        x = make(da, (2, 3))
        y = make(db, (4, 3))
        r = np.concatenate([x, y], axis=0)
        lines = [f"=== concat {da} {db}"] + fields("a_", x) + fields("b_", y) + ["axis: 0"] + fields("", r)
        blocks.append("\n".join(lines))

# mixed dtypes along the last axis through a transposed operand and a 0-size one (the strided, casting path)
for da in DT:
    for db in DT:
        x = make(da, (3, 2))
        y = make(db, (5, 3))
        r = np.concatenate([x, y.T, np.zeros((3, 0), DT[da])], axis=-1)
        lines = [f"=== concatT {da} {db}"] + fields("a_", x) + fields("b_", y) + ["axis: -1"] + fields("", r)
        blocks.append("\n".join(lines))

# sort/argsort past the merge sort's 24-element insertion cutoff (two and three merge levels, many ties),
# through views; appended after the rest so the blocks above keep their random draws
for dt in DT:
    for shape, vname in [((97,), "flip"), ((2, 61), "T")]:
        base = make(dt, shape)
        a = view(base, vname)
        for ax in range(-1, a.ndim):
            block("sort", base, vname, {"axis": ax}, np.sort(a, axis=ax, kind="stable"))
            block("argsort", base, vname, {"axis": ax}, np.argsort(a, axis=ax, kind="stable").astype(np.int64))
            block("cumsum", base, vname, {"axis": ax}, np.cumsum(a, axis=ax))

# extremes, fixed data: int32 cumsum past 2**31 (must accumulate in int64), int64 MIN/MAX sort keys,
# float denormals/huge values/signed zeros/NaN for the float sort key
EXTREMES = [
    np.array([2**31 - 1, 2**31 - 1, -2**31, 5, 2**31 - 1, 2**31 - 1, 2**31 - 1], np.int32),
    np.array([2**63 - 1, -2**63, 0, 2**63 - 1, -1, -2**63, 1], np.int64),
    np.array([-1e308, 5e-324, -5e-324, 1e308, np.nan, -np.inf, -0.0, 0.0, np.inf, np.nan, -0.0], np.float64),
    np.array([-3e38, 1e-45, -1e-45, 3e38, np.nan, -np.inf, 0.0, -0.0, np.inf, np.nan, 0.0], np.float32),
]
for a in EXTREMES:
    block("sort", a, "contig", {"axis": 0}, np.sort(a, kind="stable"))
    block("argsort", a, "contig", {"axis": 0}, np.argsort(a, kind="stable").astype(np.int64))
    block("cumsum", a, "contig", {"axis": 0}, np.cumsum(a))

with open(os.path.join(HERE, "joinsort.txt"), "w") as f:
    f.write("\n".join(blocks) + "\n")
print(len(blocks), "blocks")
