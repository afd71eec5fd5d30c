"""Conv2d / max-pool forward and backward with plain NumPy loops (no im2col), for ConvFixtureTest.

Run from this directory: python3 make_conv_fixtures.py  (writes conv_fixtures.npz).
For each case k: x, w, b, the upstream gradient g, and the expected y, dx, dw, db; pooling cases
hold x, g, y, dx. Cases cover stride 2, padding 1, 1x1 kernels, odd sizes and a pooling tie.
"""
import numpy as np

rng = np.random.default_rng(20261203)


def conv(x, w, b, s, p):
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    xp = np.zeros((n, c, h + 2 * p, wd + 2 * p))
    xp[:, :, p:p + h, p:p + wd] = x
    oh = (h + 2 * p - kh) // s + 1
    ow = (wd + 2 * p - kw) // s + 1
    y = np.zeros((n, o, oh, ow))
    for a in range(n):
        for q in range(o):
            for i in range(oh):
                for j in range(ow):
                    acc = b[q]
                    for ch in range(c):
                        for u in range(kh):
                            for v in range(kw):
                                acc += xp[a, ch, i * s + u, j * s + v] * w[q, ch, u, v]
                    y[a, q, i, j] = acc
    return y


def conv_backward(x, w, g, s, p):
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    xp = np.zeros((n, c, h + 2 * p, wd + 2 * p))
    xp[:, :, p:p + h, p:p + wd] = x
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    _, _, oh, ow = g.shape
    for a in range(n):
        for q in range(o):
            for i in range(oh):
                for j in range(ow):
                    gv = g[a, q, i, j]
                    for ch in range(c):
                        for u in range(kh):
                            for v in range(kw):
                                dxp[a, ch, i * s + u, j * s + v] += gv * w[q, ch, u, v]
                                dw[q, ch, u, v] += gv * xp[a, ch, i * s + u, j * s + v]
    db = g.sum(axis=(0, 2, 3))
    return dxp[:, :, p:p + h, p:p + wd], dw, db


def pool(x, k, s):
    n, c, h, wd = x.shape
    oh, ow = (h - k) // s + 1, (wd - k) // s + 1
    y = np.zeros((n, c, oh, ow))
    arg = np.zeros((n, c, oh, ow, 2), dtype=int)
    for a in range(n):
        for ch in range(c):
            for i in range(oh):
                for j in range(ow):
                    best = None
                    for u in range(k):
                        for v in range(k):
                            val = x[a, ch, i * s + u, j * s + v]
                            if best is None or val > best:  # first maximum wins ties
                                best, arg[a, ch, i, j] = val, (i * s + u, j * s + v)
                    y[a, ch, i, j] = best
    return y, arg


out = {}
conv_cases = [  # (N, C, H, W, O, KH, KW, stride, padding)
    (2, 3, 5, 5, 4, 3, 3, 1, 0),
    (1, 2, 7, 6, 3, 3, 3, 2, 1),
    (2, 3, 4, 5, 2, 1, 1, 1, 0),
    (1, 1, 9, 7, 2, 5, 3, 2, 0),
    (3, 2, 5, 3, 3, 2, 2, 1, 1),
    (1, 4, 6, 6, 5, 3, 3, 2, 1),
]
for k, (n, c, h, wd, o, kh, kw, s, p) in enumerate(conv_cases):
    x = rng.standard_normal((n, c, h, wd))
    w = rng.standard_normal((o, c, kh, kw))
    b = rng.standard_normal(o)
    y = conv(x, w, b, s, p)
    g = rng.standard_normal(y.shape)
    dx, dw, db = conv_backward(x, w, g, s, p)
    for name, arr in dict(x=x, w=w, b=b, g=g, y=y, dx=dx, dw=dw, db=db).items():
        out[f"conv{k}_{name}"] = arr
    out[f"conv{k}_geom"] = np.array([s, p], dtype=np.float64)

pool_cases = [(2, 3, 6, 6, 2, 2), (1, 2, 7, 5, 3, 2), (1, 1, 5, 5, 2, 1)]  # (N, C, H, W, kernel, stride)
for k, (n, c, h, wd, kk, s) in enumerate(pool_cases):
    x = np.round(rng.standard_normal((n, c, h, wd)), 1)  # rounding makes ties within windows
    y, arg = pool(x, kk, s)
    g = rng.standard_normal(y.shape)
    dx = np.zeros_like(x)
    for idx in np.ndindex(y.shape):
        a, ch = idx[0], idx[1]
        i, j = arg[idx]
        dx[a, ch, i, j] += g[idx]
    for name, arr in dict(x=x, g=g, y=y, dx=dx).items():
        out[f"pool{k}_{name}"] = arr
    out[f"pool{k}_geom"] = np.array([kk, s], dtype=np.float64)

np.savez("conv_fixtures.npz", **out)
