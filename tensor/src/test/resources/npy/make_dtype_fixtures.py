#!/usr/bin/env python3
"""Writes dtype.txt: NumPy 2's answers for Ricci's int32/int64/bool support (run from any directory).

    python3 tensor/src/test/resources/npy/make_dtype_fixtures.py

Blocks (parsed by NpyFixtures.java, read by DTypeFixtureTest): "=== kind ..." then "key: value" lines.
  binary   op of two arrays (every pair of the five dtypes, broadcast 2x3 with 3): result dtype/values
  scalar   op of an array with a Python float 2.5 (NEP 50 weak scalar): result dtype/values
  weakint  result dtype of an array with a Python int
  cast     astype from a float/int source to every dtype, NaN/inf/out-of-range included (x86-64 NumPy)
  reduce   sum/prod/max/min/mean/argmax/any/all/count_nonzero over an axis (or all) of every dtype
  repr     numpy's repr (class renamed to tensor) of int/bool arrays
Values: "values" are float64 reprs (bool as 0/1); "ints" are exact integers for integer/bool results.
"""
import math
import os
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
warnings.simplefilter("ignore")

DT = {"float32": np.float32, "float64": np.float64, "int32": np.int32, "int64": np.int64, "bool": np.bool_}


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
    out = [f"{prefix}dtype: {arr.dtype.name}", f"{prefix}shape: {shape_str(arr.shape)}",
           f"{prefix}values: " + " ".join(num(v) for v in arr.astype(np.float64).ravel())]
    if arr.dtype.kind in "ib":
        out.append(f"{prefix}ints: " + " ".join(str(int(v)) for v in arr.ravel()))
    return out


blocks = []

A = {"float32": [[-2.5, 0.0, 7.25], [np.nan, -1.0, 3.0]], "float64": [[-2.5, 0.0, 7.25], [np.nan, -1.0, 1e300]],
     "int32": [[-3, 0, 7], [2, -1, 2**31 - 1]], "int64": [[-3, 0, 7], [2, -1, 2**62 + 1]],
     "bool": [[True, False, True], [False, False, True]]}
B = {"float32": [0.5, -3.0, np.nan], "float64": [0.5, -3.0, np.inf], "int32": [2, -3, 1],
     "int64": [2, -3, 1], "bool": [True, False, True]}
OPS = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.true_divide, "maximum": np.maximum,
       "minimum": np.minimum, "eq": np.equal, "ne": np.not_equal, "lt": np.less, "le": np.less_equal,
       "gt": np.greater, "ge": np.greater_equal}
for op, f in OPS.items():
    for da in DT:
        for db in DT:
            a = np.array(A[da], dtype=DT[da])
            b = np.array(B[db], dtype=DT[db])
            try:
                r = f(a, b)
            except TypeError as e:
                blocks.append("\n".join([f"=== binary {op} {da} {db}", *fields("a_", a), *fields("b_", b),
                                         "error: " + str(e).split(",")[0]]))
                continue
            blocks.append("\n".join([f"=== binary {op} {da} {db}", *fields("a_", a), *fields("b_", b),
                                     *fields("", r)]))

for op in ["add", "sub", "mul", "div", "maximum", "lt", "eq"]:
    for da in DT:
        a = np.array(A[da], dtype=DT[da])
        if da == "bool" and op == "sub":
            continue
        r = OPS[op](a, 2.5)
        blocks.append("\n".join([f"=== scalar {op} {da}", *fields("a_", a), "s: 2.5", *fields("", r)]))
for da in DT:
    r = np.add(np.array(A[da], dtype=DT[da]), 2)
    blocks.append("\n".join([f"=== weakint {da}", f"dtype: {r.dtype.name}"]))

SRC = {"float64": [np.nan, np.inf, -np.inf, 3e9, -3e9, 1e20, -1e20, -2.7, 2.7, -0.0, 0.5, 2.0**31, -2.0**31,
                   2.0**63, -2.0**63, 9.2e18],
       "float32": [np.nan, np.inf, -np.inf, 3e9, -2.7, 2.7, -0.0, 0.5, 2.0**31, -2.0**31, 2.0**63, -2.0**63],
       "int64": [0, 1, -1, 2**31, -2**31 - 1, 2**53 + 1, 2**63 - 1, -2**63, 16777217, 3000000000],
       "int32": [0, 1, -1, 2**31 - 1, -2**31, 16777217],
       "bool": [True, False]}
for ds, vals in SRC.items():
    a = np.array(vals, dtype=DT[ds])
    for dd in DT:
        blocks.append("\n".join([f"=== cast {ds} {dd}", *fields("a_", a), *fields("", a.astype(DT[dd]))]))

R = {"float32": np.array([[1.5, -2, 3, 0], [4, 5.25, -6, 7], [0, 0, 9, -1]], dtype=np.float32),
     "float64": np.array([[1.5, -2, 3, 0], [4, 5.25, -6, 7], [0, 0, 9, -1]]),
     "int32": np.array([[1, -2, 3, 0], [2**31 - 1, 5, -6, 7], [2**31 - 1, 0, 9, -1]], dtype=np.int32),
     "int64": np.array([[1, -2, 3, 0], [4, 5, -6, 7], [2**62, 0, 9, -1]], dtype=np.int64),
     "bool": np.array([[True, False, True, False], [True, True, False, True], [False, False, True, True]])}
RED = {"sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min, "mean": np.mean, "argmax": np.argmax,
       "argmin": np.argmin, "any": np.any, "all": np.all, "countNonzero": np.count_nonzero}
for op, f in RED.items():
    for d, a in R.items():
        for axis in [None, 0, 1]:
            if axis is None and op in ("argmax", "argmin"):
                continue
            r = np.asarray(f(a) if axis is None else f(a, axis=axis))
            if op == "countNonzero":
                r = r.astype(np.int64)
            blocks.append("\n".join([f"=== reduce {op} {d} {axis}", *fields("a_", a),
                                     f"axis: {'' if axis is None else axis}", *fields("", r)]))
    for d in DT:
        if op in ("sum", "prod", "any", "all", "countNonzero", "mean"):
            e = np.zeros((0, 3), dtype=DT[d])
            r = np.asarray(f(e, axis=0))
            if op == "countNonzero":
                r = r.astype(np.int64)
            blocks.append("\n".join([f"=== reduce {op} {d} 0 empty", *fields("a_", e), "axis: 0", *fields("", r)]))


class tensor(np.ndarray):
    """Renames numpy's repr prefix from array( to tensor( without changing its layout algorithm."""


def rep(name, arr, threshold=1000, edgeitems=3, linewidth=75):
    arr = np.asarray(arr)
    with np.printoptions(threshold=threshold, edgeitems=edgeitems, linewidth=linewidth):
        text = repr(arr.view(tensor))
    blocks.append("\n".join([f"=== repr {name}", *fields("", arr),
                             f"options: 8 {threshold} {edgeitems} {linewidth} 0", "repr:", text]))


rep("i64 3", np.array([1, 2, 3]))
rep("i32 3", np.array([1, 2, 3], dtype=np.int32))
rep("i64 neg 2x3", np.array([[-100, 2, 3], [4, 55555, -6]]))
rep("i32 empty", np.zeros((0,), dtype=np.int32))
rep("i64 empty 2x0", np.zeros((2, 0), dtype=np.int64))
rep("i64 scalar", np.array(-7))
rep("i32 scalar", np.array(12, dtype=np.int32))
rep("i64 extremes", np.array([-2**63, 2**63 - 1, 0]))
rep("i64 long 1x40", np.arange(40).reshape(1, 40) * 1001)
rep("i32 summary 2000", np.arange(2000, dtype=np.int32) - 1000)
rep("i64 summary 3x500", np.arange(1500).reshape(3, 500), edgeitems=2)
rep("bool 2", np.array([True, False]))
rep("bool all true", np.array([True, True, True]))
rep("bool 2x3", np.array([[True, False, True], [False, False, True]]))
rep("bool scalar", np.array(True))
rep("bool scalar false", np.array(False))
rep("bool empty", np.zeros((0,), dtype=bool))
rep("bool 3x0", np.zeros((3, 0), dtype=bool))
rep("bool long 30", np.arange(30) % 3 == 0)
rep("bool summary 1001", np.arange(1001) % 2 == 0)

with open(os.path.join(HERE, "dtype.txt"), "w") as f:
    f.write("\n".join(blocks) + "\n")
print(f"wrote {len(blocks)} blocks")
