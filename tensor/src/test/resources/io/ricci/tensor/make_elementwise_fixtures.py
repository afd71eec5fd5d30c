#!/usr/bin/env python3
"""Writes elementwise_numpy.txt: NumPy results for ElementwiseNumpyFixtureTest.

Run from this directory with numpy >= 2 (made with numpy 2.4): python3 make_elementwise_fixtures.py
Each line: name|op|param|inputs|output, where inputs are ';'-separated and every array is
dtype:shape:values (shape comma-separated, empty for 0-d; values space-separated, float64 repr,
which is exact for float32 values too).
"""
import numpy as np

rng = np.random.default_rng(20261123)


def arr(a):
    a = np.asarray(a)
    vals = " ".join(repr(float(v)) for v in a.ravel())
    return f"{a.dtype.name}:{','.join(str(s) for s in a.shape)}:{vals}"


def randn(shape, dtype=np.float64, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(dtype)


lines = []


def case(name, op, param, inputs, out):
    lines.append("|".join([name, op, str(param), ";".join(arr(x) for x in inputs), arr(out)]))


a, b = randn((3, 1)), randn((1, 4))
case("add_col_row", "add", "", [a, b], a + b)
a, b = randn((5,)), randn((2, 3, 5))
case("sub_vec_3d", "sub", "", [a, b], a - b)
a, b = randn((4, 3), np.float32), randn((3,), np.float32) + np.float32(3)
case("div_f32", "div", "", [a, b], a / b)
a, b = randn((4, 3), np.float32), randn((3,))
case("mul_mixed", "mul", "", [a, b], a * b)
a, b = np.abs(randn((6,))) + 0.1, randn((6,))
case("pow", "pow", "", [a, b], a ** b)
a = np.array([1.0, np.nan, -2.0, 0.0, np.inf, -np.inf])
b = np.array([0.5, 3.0, np.nan, -0.0, 1.0, -1.0])
case("maximum_nan", "maximum", "", [a, b], np.maximum(a, b))
case("minimum_nan", "minimum", "", [a, b], np.minimum(a, b))
for dt in (np.float32, np.float64):
    x = randn((33,), dt, 3.0)
    n = np.dtype(dt).name
    case(f"exp_{n}", "exp", "", [x], np.exp(x))
    case(f"tanh_{n}", "tanh", "", [x], np.tanh(x))
    case(f"log_{n}", "log", "", [np.abs(x)], np.log(np.abs(x)))
    case(f"sqrt_{n}", "sqrt", "", [np.abs(x)], np.sqrt(np.abs(x)))
    s = randn((17,), dt, 20.0)
    case(f"sigmoid_{n}", "sigmoid", "", [s], (1 / (1 + np.exp(-s.astype(np.float64)))).astype(dt))
a, b = randn((3, 1), np.float32), randn((4,), np.float32)
case("lt_f32", "lt", "", [a, b], (a < b).astype(np.float32))
case("ge_f32", "ge", "", [a, b], (a >= b).astype(np.float32))
m = np.array([[1.0], [0.0], [1.0]])
a, b = randn((1, 4)), randn((3, 4), np.float32)
case("where", "where", "", [m, a, b], np.where(m != 0, a, b))
x = randn((3, 4, 5), np.float32)
case("sum_axes_0_2_keep", "sum", "0,2;keep", [x], x.sum(axis=(0, 2), keepdims=True))
x = randn((4, 7))
case("mean_axis1", "mean", "1", [x], x.mean(axis=1))
case("var_axis0_ddof1", "var", "0;ddof1", [x], x.var(axis=0, ddof=1))
case("std_all", "std", "", [x], x.std())
case("max_axis0", "max", "0", [x], x.max(axis=0))
case("prod_axis1", "prod", "1", [x], x.prod(axis=1))
x = np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1000.5, -999.0]])
mx = x.max(axis=1, keepdims=True)
case("logsumexp_large", "logsumexp", "1", [x], (mx + np.log(np.exp(x - mx).sum(axis=1, keepdims=True)))[:, 0])
x = randn((3, 4), scale=5.0)
e = np.exp(x - x.max(axis=0))
case("softmax_axis0", "softmax", "0", [x], e / e.sum(axis=0))
x = randn((2, 5), np.float32, 5.0)
e = np.exp(x.astype(np.float64) - x.max(axis=1, keepdims=True))
case("softmax_f32_last", "softmax", "1", [x], (e / e.sum(axis=1, keepdims=True)).astype(np.float32))
x = np.array([[1.0, 3.0, 3.0, 0.0, 2.0], [5.0, 5.0, -1.0, 7.0, 7.0], [0.0, 0.0, 0.0, 0.0, 0.0], [2.0, 1.0, 9.0, 8.0, 9.0]])
case("argmax_axis1", "argmax", "1", [x], np.argmax(x, axis=1).astype(np.float64))
case("argmin_axis0", "argmin", "0", [x], np.argmin(x, axis=0).astype(np.float64))

with open("elementwise_numpy.txt", "w") as f:
    f.write(f"# made by make_elementwise_fixtures.py with numpy {np.__version__}\n")
    f.write("\n".join(lines) + "\n")
