#!/usr/bin/env python3
"""einsum_zero_broadcast.txt: np.einsum where a size-0 axis meets a size-1 (broadcast) axis, the
cases NumPy's test_einsum.py checks, over nine specs (ellipsis ones included): every combination
of label sizes in {0, 1, 2} in which each operand axis is either the label's size or, where the label
has another size, 1. Same line format and operands as make_fixtures.py:
spec;dtypes;shapes;out dtype;out shape;values.
Run: python3 make_zero_broadcast_fixtures.py > einsum_zero_broadcast.txt
"""
import itertools
import numpy as np

SPECS = ["ij,ij->ij", "ij,j->i", "ij,jk->ik", "i,i->", "ij,ij->", "ij->i", "...i,...i->...",
         "i...,i...->i...", "bij,bjk->bik", "ij,i->j", "...ij,...j->...i"]


def operand(t, shape, dt):
    n = int(np.prod(shape))
    i = np.arange(n, dtype=np.int64)
    return (((37 * i + 11 * t) % 23 - 11) / 8.0).astype(dt).reshape(shape)


def fmt(shape):
    return "x".join(str(d) for d in shape) if shape else "-"


rows = {}
print("# made by make_zero_broadcast_fixtures.py with numpy", np.__version__)
seen = set()
for spec in SPECS:
    ins, out = spec.split("->")
    terms = [t.replace("...", "E") for t in ins.split(",")]
    labels = sorted(set("".join(terms)))
    for sizes in itertools.product([0, 1, 2], repeat=len(labels)):
        size = dict(zip(labels, sizes))
        if 0 not in sizes:
            continue
        per_term = []
        for t in terms:
            # each axis: the label's size, or 1 where the label has another size
            per_term.append([sorted({size[c], 1}) for c in t])
        for choice in itertools.product(*[itertools.product(*p) for p in per_term]):
            shapes = [tuple(s) for s in choice]
            # a label must reach its size in some operand (else np.einsum sees size 1 there)
            if any(all(shapes[k][j] != size[c] for k, t in enumerate(terms) for j, cc in enumerate(t) if cc == c)
                   for c in labels):
                continue
            if not any(1 in s and 0 in sizes for s in shapes):
                continue
            for dt, code in ((np.float64, "f8"), (np.float32, "f4")):
                if code == "f4" and len(seen) % 3:
                    continue
                ops = [operand(k, s, dt) for k, s in enumerate(shapes)]
                try:
                    r = np.einsum(spec, *ops)
                except ValueError:
                    continue
                key = (spec, tuple(shapes), code)
                if key in seen:
                    continue
                seen.add(key)
                vals = " ".join(repr(float(v)) for v in np.asarray(r).ravel())
                rows.setdefault(spec, []).append(f"{spec};{' '.join([code] * len(ops))};{' '.join(fmt(s) for s in shapes)};{code};"
                      f"{fmt(np.asarray(r).shape)};{vals}")
for spec, rs in rows.items():
    step = max(1, len(rs) // 60)  # at most ~60 per spec, spread over the combinations
    print("\n".join(rs[::step]))
