#!/usr/bin/env python3
"""Checks the NumPy code that `ricci derive index|matrix --emit numpy` writes.

For every case of index/src/test/resources/io/ricci/index/emit-cases.txt (the table IndexEmitTest
runs through the emitted Java) this runs the CLI, executes the emitted function on seeded random
inputs (sizes 3, 4, 2, 5, ... per dimension class, read from the code's `# shapes:` line) and compares

  * the value with the case's NumPy reference expression,
  * every gradient with central differences of the reference (weighted by the upstream gradient
    dY when the output is not a scalar),
  * every Hessian "x,y" with central differences of the emitted gradient "x" along y,
  * a differential "dY" with central differences of the reference along the tangents.

The emitted code runs under np.errstate(all="raise"): an overflow or invalid operation fails the case.
Fixture tooling, never run by the unit tests.

Usage: python3 scripts/check_emit_numpy.py [--ricci ./ricci] [--cases FILE] [--keep DIR]
"""
import argparse
import os
import re
import subprocess
import sys

import numpy as np

SIZES = [3, 4, 2, 5, 3, 4, 2, 5]
H = 1e-6
TOL = {"value": 1e-9, "gradient": 1e-5, "hessian": 1e-5, "differential": 1e-5}


def softmax(a):
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(a):
    m = a.max(axis=-1, keepdims=True)
    return a - m - np.log(np.exp(a - m).sum(axis=-1, keepdims=True))


def logsumexp(a):
    m = a.max()
    return m + np.log(np.exp(a - m).sum())


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def relu(a):
    return np.maximum(a, 0)


HELPERS = {"np": np, "softmax": softmax, "log_softmax": log_softmax, "logsumexp": logsumexp,
           "sigmoid": sigmoid, "relu": relu}


def read_cases(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            notation, expr, options, ref = (s.strip() for s in line.split("|"))
            cases.append((notation, expr, options.split(), ref))
    return cases


def emit(ricci, notation, expr, options):
    cmd = [ricci, "derive", notation, expr, "--emit", "numpy"]
    for o in options:
        if o.startswith("hessian="):
            cmd += ["--hessian", o[len("hessian="):]]
        elif o == "differential":
            cmd.append("--differential")
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(" ".join(cmd) + " failed:\n" + r.stderr)
    return r.stdout


def parse_header(code):
    shapes = re.search(r"^# shapes: (.*)$", code, re.M).group(1).split()
    params = []
    for s in shapes:
        name, dims = re.fullmatch(r"(\w+)\[(.*)\]", s).groups()
        params.append((name, [d for d in dims.split(",") if d]))
    upstream = re.findall(r"^# (\w+) is the upstream gradient", code, re.M)
    keys = re.findall(r'^# "([^"]+)": (.*)$', code, re.M)
    return params, set(upstream), keys


def lerr(got, want):
    got = np.asarray(got, dtype=float)
    want = np.asarray(want, dtype=float)
    if got.shape != want.shape:
        return float("inf")
    if got.size == 0:
        return 0.0
    return float(np.max(np.abs(got - want) / (1 + np.abs(want))))


def check(case, ricci, seed, keep):
    notation, expr, options, ref = case
    code = emit(ricci, notation, expr, options)
    if keep:
        with open(os.path.join(keep, "case%02d.py" % seed), "w", encoding="utf-8") as f:
            f.write(code)
    params, upstream, keys = parse_header(code)
    ns = {}
    exec(compile(code, "<emitted %s>" % expr, "exec"), ns)
    fn = ns["value_and_grad"]

    tangent_keys = [k for k, m in keys if "along the tangents" in m]
    tangents = set()
    for k, m in keys:
        if "along the tangents" in m:
            tangents |= {t.strip() for t in m.split("along the tangents")[1].split(",")}
    rng = np.random.default_rng(seed)
    size = {}
    inputs = {}
    for name, dims in params:
        shape = tuple(size.setdefault(d, SIZES[len(size) % len(SIZES)]) for d in dims)
        # upstream gradients and tangents are directions of any sign
        if "positive" in options and name not in upstream and name not in tangents:
            inputs[name] = rng.uniform(0.5, 1.5, shape)
        else:
            inputs[name] = rng.standard_normal(shape)

    def run(at):
        with np.errstate(all="raise"):
            return fn(**at)

    def reference(at):
        env = dict(HELPERS)
        env.update(at)
        return np.asarray(eval(ref, env), dtype=float)

    def loss(at):
        y = reference(at)
        if upstream:
            return float(np.sum(y * at[next(iter(upstream))]))
        return float(y)

    value, grads = run(inputs)
    errors = {"value": lerr(value, reference(inputs))}
    kinds = {"value": "value"}
    for key, meaning in keys:
        got = grads[key]
        if key in tangent_keys:
            plus = dict(inputs)
            minus = dict(inputs)
            for t in tangents:
                x = t[1:]
                plus[x] = inputs[x] + H * inputs[t]
                minus[x] = inputs[x] - H * inputs[t]
            want = (reference(plus) - reference(minus)) / (2 * H)
            kinds[key] = "differential"
        elif "," in key:
            first, x = key.split(",")
            x0 = inputs[x]
            cols = []
            for e in range(x0.size):
                d = np.zeros(x0.size)
                d[e] = H
                plus = dict(inputs, **{x: x0 + d.reshape(x0.shape)})
                minus = dict(inputs, **{x: x0 - d.reshape(x0.shape)})
                cols.append(((run(plus)[1][first] - run(minus)[1][first]) / (2 * H)).ravel())
            g0 = grads[first]
            want = np.stack(cols, axis=-1).reshape(g0.shape + x0.shape) if cols else np.zeros(g0.shape + x0.shape)
            kinds[key] = "hessian"
        else:
            x0 = inputs[key]
            want = np.zeros(x0.shape)
            for e in range(x0.size):
                d = np.zeros(x0.size)
                d[e] = H
                plus = dict(inputs, **{key: x0 + d.reshape(x0.shape)})
                minus = dict(inputs, **{key: x0 - d.reshape(x0.shape)})
                want.flat[e] = (loss(plus) - loss(minus)) / (2 * H)
            kinds[key] = "gradient"
        errors[key] = lerr(got, want)
    failed = [k for k, e in errors.items() if not e <= TOL[kinds[k]]]
    return errors, kinds, failed


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ricci", default=os.path.join(root, "ricci"))
    ap.add_argument("--cases", default=os.path.join(root, "index/src/test/resources/io/ricci/index/emit-cases.txt"))
    ap.add_argument("--keep", help="write each emitted module to this directory")
    args = ap.parse_args()
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
    cases = read_cases(args.cases)
    bad = 0
    results = 0
    worst = {"value": 0.0, "gradient": 0.0, "hessian": 0.0, "differential": 0.0}
    print("numpy %s; %d cases from %s" % (np.__version__, len(cases), os.path.relpath(args.cases, root)))
    for n, case in enumerate(cases):
        try:
            errors, kinds, failed = check(case, args.ricci, n, args.keep)
        except Exception as e:  # a case that cannot run is a failure, reported with its cause
            print("FAIL %s: %s: %s" % (case[1], type(e).__name__, e))
            bad += 1
            continue
        results += len(errors)
        for k, e in errors.items():
            worst[kinds[k]] = max(worst[kinds[k]], e)
        status = "ok  " if not failed else "FAIL"
        bad += bool(failed)
        detail = ", ".join("%s %.1e" % (k, e) for k, e in errors.items())
        print("%s %-6s %s [%s]: %s" % (status, case[0], case[1], " ".join(case[2]), detail))
    print("%d of %d cases pass (%d results); worst relative error: %s"
          % (len(cases) - bad, len(cases), results, ", ".join("%s %.1e" % kv for kv in worst.items())))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
