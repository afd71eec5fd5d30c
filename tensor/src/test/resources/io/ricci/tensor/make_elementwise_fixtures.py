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

# var/std with ddof >= N: NumPy 2 divides by max(N - ddof, 0), so a positive sum of squares gives inf
# and a zero one (constant slice, or an empty one) gives nan, with a RuntimeWarning.
with np.errstate(divide="ignore", invalid="ignore"):
    import warnings
    warnings.simplefilter("ignore", RuntimeWarning)
    for dt in (np.float32, np.float64):
        n = np.dtype(dt).name
        x = randn((4, 7), dt)
        x[1, :] = dt(1.5)  # a constant row: zero sum of squares along axis 1
        x[:, 2] = dt(-0.25)  # a constant column: zero sum of squares along axis 0
        for ddof in (3, 4, 5, 9):
            case(f"var_axis0_ddof{ddof}_{n}", "var", f"0;ddof{ddof}", [x], x.var(axis=0, ddof=ddof))
            case(f"std_axis0_keep_ddof{ddof}_{n}", "std", f"0;keep;ddof{ddof}", [x],
                 x.std(axis=0, ddof=ddof, keepdims=True))
        for ddof in (6, 7, 8):
            case(f"var_axis1_ddof{ddof}_{n}", "var", f"1;ddof{ddof}", [x], x.var(axis=1, ddof=ddof))
            case(f"std_axis1_ddof{ddof}_{n}", "std", f"1;ddof{ddof}", [x], x.std(axis=1, ddof=ddof))
        for ddof in (27, 28, 29, 100):
            case(f"var_all_ddof{ddof}_{n}", "var", f";ddof{ddof}", [x], x.var(ddof=ddof))
            case(f"std_all_ddof{ddof}_{n}", "std", f";ddof{ddof}", [x], x.std(ddof=ddof))
        c = np.full((5,), dt(2.0), dt)
        case(f"var_const_ddof5_{n}", "var", ";ddof5", [c], c.var(ddof=5))
        case(f"std_const_ddof6_{n}", "std", ";ddof6", [c], c.std(ddof=6))
        e = np.zeros((2, 0), dt)
        for ddof in (0, 1):
            case(f"var_empty_axis1_ddof{ddof}_{n}", "var", f"1;ddof{ddof}", [e], e.var(axis=1, ddof=ddof))
            case(f"var_empty_all_ddof{ddof}_{n}", "var", f";ddof{ddof}", [e], e.var(ddof=ddof))
        case(f"var_axis0_of_empty_ddof1_{n}", "var", "0;ddof1", [e], e.var(axis=0, ddof=1))

    # pow's IEEE special cases as C pow / NumPy: 1**y = 1 and x**0 = 1 for every y, x (NaN included),
    # (-1)**(+-inf) = 1, signed zeros and infinities. Every base against every exponent (vector
    # against vector), each exponent as a scalar and each base as a scalar, and runs of lengths around
    # the lane widths (4/8 doubles, 8/16 floats) so both the SIMD loop and its scalar tail run.
    SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 2.5, 1e30, -1e30, np.inf, -np.inf, np.nan]
    for dt in (np.float32, np.float64):
        n = np.dtype(dt).name
        v = np.array(SPECIAL, dt)
        a, b = np.repeat(v, len(v)), np.tile(v, len(v))
        case(f"pow_special_grid_{n}", "pow", "", [a, b], a ** b)
        for k, y in enumerate(v):
            case(f"pow_scalar_exponent_{k}_{n}", "pow_s", "", [np.resize(v, 19), np.array(y, dt)],
                 np.resize(v, 19) ** y)
            case(f"pow_scalar_base_{k}_{n}", "pow", "", [np.array(y, dt), np.resize(v, 19)], y ** np.resize(v, 19))
        for length in (3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33):
            a = np.resize(v, length)
            b = np.resize(v[::-1], length)
            case(f"pow_special_n{length}_{n}", "pow", "", [a, b], a ** b)
            ones = np.ones(length, dt)
            case(f"pow_one_nan_n{length}_{n}", "pow", "", [ones, np.full(length, np.nan, dt)], ones ** np.nan)
            case(f"pow_nan_zero_n{length}_{n}", "pow", "", [np.full(length, np.nan, dt), np.zeros(length, dt)],
                 np.full(length, np.nan, dt) ** dt(0))

    # softmax with non-finite entries as np.exp(x - x.max()) / np.exp(x - x.max()).sum() (SciPy's
    # softmax): a +inf or NaN in a slice makes the whole slice NaN, an all -inf slice is NaN.
    def np_softmax(x, axis):
        e = np.exp(x - x.max(axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)

    # log-softmax as scipy.special.log_softmax: shifted by the max with non-finite maxima replaced by 0.
    def np_log_softmax(x, axis):
        m = x.max(axis=axis, keepdims=True)
        m = np.where(np.isfinite(m), m, 0).astype(x.dtype)
        t = x - m
        return t - np.log(np.exp(t).sum(axis=axis, keepdims=True))

    try:
        from scipy import special
        _x = np.array([[np.inf, 1.0, -np.inf], [np.nan, 0.0, 1.0], [-np.inf, -np.inf, -np.inf], [1.0, 2.0, 3.0]])
        np.testing.assert_array_equal(np_softmax(_x, 1), special.softmax(_x, axis=1))
        np.testing.assert_array_equal(np_log_softmax(_x, 1), special.log_softmax(_x, axis=1))
    except ImportError:
        pass
    inf, nan = np.inf, np.nan
    for dt in (np.float32, np.float64):
        n = np.dtype(dt).name
        rows = np.array([[inf, 1.0, -inf], [1.0, -inf, 2.0], [-inf, -inf, -inf], [nan, 0.0, 1.0],
                         [inf, inf, 0.0], [-inf, 3.0, -inf], [0.0, 1.0, 2.0]], dt)
        case(f"softmax_nonfinite_rows_{n}", "softmax", "1", [rows], np_softmax(rows, 1))
        case(f"softmax_nonfinite_cols_{n}", "softmax", "0", [rows.T.copy()], np_softmax(rows.T, 0))
        case(f"log_softmax_nonfinite_rows_{n}", "log_softmax", "1", [rows], np_log_softmax(rows, 1))
        case(f"log_softmax_nonfinite_cols_{n}", "log_softmax", "0", [rows.T.copy()], np_log_softmax(rows.T, 0))
        for length in (7, 8, 9, 16, 17, 33):
            x = randn((6, length), dt, 3.0)
            x[0, length - 1] = inf  # in the scalar tail
            x[1, 0] = inf  # in the first vector
            x[2, length // 2] = nan
            x[3, :] = -inf
            x[4, 1] = -inf
            x[5, 2:] = inf
            case(f"softmax_nonfinite_n{length}_{n}", "softmax", "1", [x], np_softmax(x, 1))
            case(f"log_softmax_nonfinite_n{length}_{n}", "log_softmax", "1", [x], np_log_softmax(x, 1))
            case(f"softmax_nonfinite_axis0_n{length}_{n}", "softmax", "0", [x.T.copy()], np_softmax(x.T, 0))

with open("elementwise_numpy.txt", "w") as f:
    f.write(f"# made by make_elementwise_fixtures.py with numpy {np.__version__}\n")
    f.write("\n".join(lines) + "\n")
