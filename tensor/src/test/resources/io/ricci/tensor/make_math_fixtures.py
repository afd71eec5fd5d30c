#!/usr/bin/env python3
"""Fixtures for MathFunctionsTest (issue 18): NumPy 2.4's values of the element-wise math functions
on special values (+-0, +-inf, NaN, subnormals, huge sin/cos arguments, round's half-way cases) and
random ones, float32 and float64, and broadcast pairs for the binary ones; plus mpmath's correctly
rounded float64 erf and log2 (the two Ricci computes itself rather than with StrictMath).

Line format as make_elementwise_fixtures.py: name|op|param|input;input...|output, each tensor as
dtype:shape:values (float64 repr; a float32 value is written as its exact double).
Run: python3 make_math_fixtures.py > math_numpy.txt
"""
import numpy as np
import mpmath

rng = np.random.default_rng(18)


def arr(a):
    a = np.asarray(a)
    dt = "float32" if a.dtype == np.float32 else "float64"
    vals = " ".join(repr(float(v)) for v in a.ravel())
    return f"{dt}:{','.join(str(d) for d in a.shape)}:{vals}"


SPECIAL64 = [0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, -5e-324, 1e-310, 2.2250738585072014e-308,
             1e-300, 1e-20, 1e-8, 0.1, 0.5, -0.5, 1.0, -1.0, 1.5, 2.0, 2.5, -2.5, 3.0, 10.0, 100.0, 700.0,
             -700.0, 1e22, -1e22, 1e300, 2.0 ** 1000, 1.7976931348623157e308, np.pi, np.pi / 2, 1e6 * np.pi,
             0.49999999999999994, 4503599627370495.5, -4503599627370495.5, 4503599627370497.0]
SPECIAL32 = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-45, 1e-40, 1.1754944e-38, 1e-20, 1e-4, 0.1,
             0.5, -0.5, 1.0, -1.0, 1.5, 2.5, -2.5, 3.0, 10.0, 80.0, -80.0, 1e10, -1e10, 1e30, 3.4028235e38,
             np.pi, 0.49999997, 8388607.5, -8388607.5]

UNARY = ["sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "floor", "ceil", "rint",
         "trunc", "sign", "log1p", "expm1", "log2", "log10", "isnan", "isinf", "isfinite"]
BINARY = ["arctan2", "hypot", "fmod", "fmax", "fmin", "maximum", "minimum"]
lines = []


def erf_mp(v):
    # mpmath has no signed zero: erf is odd, erf(-0) = -0 as in C.
    return float(mpmath.erf(mpmath.mpf(float(v)))) if np.isfinite(v) and v != 0 else float(np.sign(v)) if v else float(v)


def case(name, op, param, ins, out):
    lines.append(f"{name}|{op}|{param}|{';'.join(arr(i) for i in ins)}|{arr(out)}")


def randoms(op, dt, n):
    if op in ("arcsin", "arccos"):
        return rng.uniform(-1.1, 1.1, n).astype(dt)
    if op in ("log1p",):
        return rng.uniform(-1, 5, n).astype(dt)
    if op in ("log2", "log10"):
        return np.exp(rng.uniform(-30, 30, n)).astype(dt)
    if op in ("floor", "ceil", "rint", "trunc", "round"):
        return (rng.integers(-20, 20, n) / 2 + rng.choice([0, 0.25, 1e-9], n)).astype(dt)
    return (rng.standard_normal(n) * 4).astype(dt)


with np.errstate(all="ignore"):
    for dt, special in ((np.float64, SPECIAL64), (np.float32, SPECIAL32)):
        name = "f64" if dt == np.float64 else "f32"
        sp = np.array(special, dtype=dt)
        for op in UNARY:
            f = getattr(np, op)
            case(f"{op} {name} special", op, "", [sp], f(sp).astype(dt))
            x = randoms(op, dt, 33).reshape(3, 11)
            case(f"{op} {name} random 3x11", op, "", [x], f(x).astype(dt))
        # erf: NumPy has none; scipy is no fixture dependency, so its values come from mpmath below.
        for d in (1, 2, -1, -2, 3):
            x = np.array([1.005, 2.675, 0.125, 0.375, -0.125, 12345.678, -0.5, 0.5, 1.5, 25.0, 150.0, -250.0,
                          np.nan, np.inf, -0.0], dtype=dt)
            case(f"round {name} decimals {d}", "round", str(d), [x], np.round(x, d))
        g = np.array([0.0, -0.0, 1.0, -1.0, 2.5, -3.0, np.inf, -np.inf, np.nan, 5e-324 if dt == np.float64 else 1e-45],
                     dtype=dt)
        a, b = np.meshgrid(g, g, indexing="ij")
        for op in BINARY:
            f = getattr(np, op)
            case(f"{op} {name} special grid", op, "", [a, b], f(a, b))
            x = (rng.standard_normal((7, 1)) * 5).astype(dt)
            y = (rng.standard_normal((5,)) * 3).astype(dt)
            case(f"{op} {name} broadcast 7x1 5", op, "", [x, y], f(x, y))
        big = np.array([1e10, -7.5, 1e300 if dt == np.float64 else 1e30, 5.5], dtype=dt)
        case(f"fmod {name} large ratios", "fmod", "", [big, np.array([3.0, 2.0, 7.0, -2.5], dtype=dt)],
             np.fmod(big, np.array([3.0, 2.0, 7.0, -2.5], dtype=dt)))

# Correctly rounded oracles (80 significant digits, then to the nearest double).
mpmath.mp.dps = 80
xs = [0.0, 1e-300, 5e-324, 1e-10, 1e-5, 0.01, 0.1, 0.3, 0.5, 0.8, 0.84374, 0.84375, 0.9, 1.0, 1.2, 1.25, 1.5,
      2.0, 2.5, 2.857, 2.858, 3.5, 4.0, 5.0, 5.9, 6.0, 6.5, 27.0, np.inf]
xs += list(rng.uniform(0, 6, 200))
xs += [-v for v in xs[:40]]
erf_in = np.array(xs)
erf_out = np.array([erf_mp(v) for v in erf_in])
case("erf f64 mpmath", "erf", "", [erf_in], erf_out)
erf32_in = erf_in.astype(np.float32)
case("erf f32 mpmath", "erf", "", [erf32_in],
     np.array([erf_mp(v) for v in erf32_in]).astype(np.float32))
l2 = list(np.exp(rng.uniform(-700, 700, 150))) + list(1 + rng.uniform(-0.3, 0.4, 150)) + \
    [1.0, 2.0, 0.5, 1024.0, 2.0 ** -1074, 3e-320, 1.7976931348623157e308, 0.7071067811865476, 1.4142135623730951,
     1.0000000000000002, 0.9999999999999999]
l2 = np.array(l2)
case("log2 f64 mpmath", "log2", "", [l2], np.array([float(mpmath.log(mpmath.mpf(float(v)), 2)) for v in l2]))
print("# made by make_math_fixtures.py with numpy", np.__version__, "and mpmath", mpmath.__version__)
print("# 1/ln2 - LOG2E_HI =", float(1 / mpmath.log(2) - mpmath.mpf(1.4426950408889634)))
print("\n".join(lines))
