#!/usr/bin/env python3
"""Makes sympy-fixtures.tsv: Jacobians and Hessians of test functions at random points, by sympy.

Run from this directory:  python3 make_sympy_fixtures.py > sympy-fixtures.tsv
(sympy 1.14, Python 3; seeded, so the output is reproducible).

Columns (tab-separated): id, functions (';'-separated, Symja syntax), variables (','),
point (','), Jacobian (row-major ','), Hessian of each function (row-major ',', ';' between functions).
Functions use the names Ricci accepts (sigmoid, relu, arctan, ...); SYMPY_NAMES maps them for sympy.
"""
import random

import sympy as sp
from sympy.parsing.sympy_parser import parse_expr, standard_transformations, convert_xor

CASES = [
    ("seed_jacobian", "3*x*y; x^3*y^2", "x,y"),
    ("poly1", "x^4 - 3*x^2 + 2*x - 7", "x"),
    ("rational1", "1/(1 + x^2)", "x"),
    ("exp1", "exp(-x^2/2)", "x"),
    ("log1", "log(1 + x^2)", "x"),
    ("sqrt1", "sqrt(x)*x^(3/2) + x^(1/3)", "x"),
    ("tanh1", "tanh(x)", "x"),
    ("sigmoid1", "1/(1 + exp(-x))", "x"),
    ("sigmoid2", "sigmoid(2*x - 1)", "x"),
    ("trig1", "sin(x)*cos(x) + tan(x/3)", "x"),
    ("hyper1", "sinh(x) + cosh(2*x)", "x"),
    ("arctan1", "arctan(x^2)", "x"),
    ("relu1", "relu(x - 0.25)", "x"),
    ("relu2", "max(0, x^2 - 1)", "x"),
    ("abs1", "abs(x - 3)*x", "x"),
    ("pow_xy", "x^y", "x,y"),
    ("exp2", "2^x*y", "x,y"),
    ("prod2", "exp(x*y)*sin(x + y)", "x,y"),
    ("ratio2", "(x - y)/(x + y)", "x,y"),
    ("log2", "log(x*y + 1)*x^2", "x,y"),
    ("vec2", "x^2 - y^2; 2*x*y; exp(x)*cos(y)", "x,y"),
    ("polar2", "sqrt(x^2 + y^2); arctan(y/x)", "x,y"),
    ("max2", "max(x, y)*x", "x,y"),
    ("min2", "min(x^2, y)", "x,y"),
    ("sse2", "1/2*(y - sigmoid(x))^2", "x,y"),
    ("softplus2", "log(1 + exp(x*y))", "x,y"),
    ("tanh2", "tanh(x*y + 0.5)", "x,y"),
    ("poly3", "x*y*z + x^2*z - y^3", "x,y,z"),
    ("neuron3", "sigmoid(x*y + z)", "x,y,z"),
    ("vec3", "x*y; y*z; z*x; x + y + z", "x,y,z"),
    ("cross3", "y*z - z*x; z*x - x*y; x*y - y*z", "x,y,z"),
    ("norm3", "sqrt(x^2 + y^2 + z^2)", "x,y,z"),
    ("softmax3", "exp(x)/(exp(x) + exp(y) + exp(z))", "x,y,z"),
    ("gauss3", "exp(-(x^2 + 2*y^2 + 3*z^2))*x", "x,y,z"),
    ("logsum3", "log(exp(x) + exp(y) + exp(z))", "x,y,z"),
    ("mse4", "1/2*((w*x + b - y)^2 + (w*y + b - x)^2)", "w,b,x,y"),
    ("neuron4", "1/(1 + exp(-(a*x + b*x^2 + c)))", "a,b,c,x"),
    ("mix4", "a*exp(b*c) + c*sin(d*a)", "a,b,c,d"),
    ("tanh4", "tanh(a*b) * tanh(c*d)", "a,b,c,d"),
    ("relu4", "relu(a*b - c)*d", "a,b,c,d"),
    ("vec4", "a*b + c*d; a^2*d - b*c^2", "a,b,c,d"),
]


def sigmoid(u):
    return 1 / (1 + sp.exp(-u))


SYMPY_NAMES = {
    "sigmoid": sigmoid,
    "relu": lambda u: sp.Max(0, u),
    "arctan": sp.atan,
    "max": sp.Max,
    "min": sp.Min,
    "abs": sp.Abs,
    "tanh": sp.tanh,
}


def main():
    rng = random.Random(20261123)
    for ident, functions, variables in CASES:
        names = variables.split(",")
        syms = sp.symbols(names, real=True)
        local = dict(zip(names, syms))
        local.update(SYMPY_NAMES)
        fs = [parse_expr(f.strip(), local_dict=local,
                         transformations=standard_transformations + (convert_xor,))
              for f in functions.split(";")]
        # Points in [0.6, 1.9]: positive for log/sqrt, away from the kinks of relu/max/abs used above.
        point = [round(rng.uniform(0.6, 1.9), 6) for _ in names]
        at = dict(zip(syms, [sp.Rational(str(p)) for p in point]))
        jac = [sp.diff(f, s) for f in fs for s in syms]
        hess = [[sp.diff(f, s, t) for s in syms for t in syms] for f in fs]

        def num(e):
            return repr(float(sp.N(e.subs(at), 30)))

        print("\t".join([
            ident,
            "; ".join(f.strip() for f in functions.split(";")),
            variables,
            ",".join(repr(p) for p in point),
            ",".join(num(e) for e in jac),
            ";".join(",".join(num(e) for e in h) for h in hess),
        ]))


if __name__ == "__main__":
    main()
