#!/usr/bin/env python3
"""Writes linalg_fixtures.npz: numpy.linalg results for LinalgFixturesTest.

Run from this directory with numpy >= 2 (made with numpy 2.4): python3 make_linalg_fixtures.py
Keys are "op.case.name" (names: a, b and the results). Signs of Q/R, U/Vh and eigenvectors are
not unique: the test compares reconstructions, orthogonality and absolute values with these.
"""
import numpy as np

rng = np.random.default_rng(20261203)
out = {}


def put(op, case, **arrays):
    for k, v in arrays.items():
        out[f"{op}.{case}.{k}"] = np.asarray(v)


def randn(*shape, dtype=np.float64):
    return rng.standard_normal(shape).astype(dtype)


def spd(*shape, dtype=np.float64):
    n = shape[-1]
    x = rng.standard_normal(shape)
    return (x @ np.swapaxes(x, -1, -2) + n * np.eye(n)).astype(dtype)


def sym(*shape, dtype=np.float64):
    x = rng.standard_normal(shape)
    return ((x + np.swapaxes(x, -1, -2)) / 2).astype(dtype)


def name(shape, dtype):
    return "x".join(str(s) for s in shape) + ("_f32" if dtype == np.float32 else "")


def ill(n):
    return np.array([[1.0 / (i + j + 1) for j in range(n)] for i in range(n)])  # Hilbert


for dt in (np.float64, np.float32):
    for shape in [(1, 1), (2, 2), (7, 7), (17, 17), (3, 2, 5, 5)]:
        a = randn(*shape, dtype=dt) + 3 * np.eye(shape[-1], dtype=dt)
        b = randn(*shape[:-1], 3, dtype=dt)
        put("solve", name(shape, dt), a=a, b=b, x=np.linalg.solve(a, b))
        put("inv", name(shape, dt), a=a, x=np.linalg.inv(a))
        put("det", name(shape, dt), a=a, x=np.linalg.det(a))
        s, l = np.linalg.slogdet(a)
        put("slogdet", name(shape, dt), a=a, sign=s, logabsdet=l)
        p = spd(*shape, dtype=dt)
        put("cholesky", name(shape, dt), a=p, x=np.linalg.cholesky(p))
        h = sym(*shape, dtype=dt)
        w, v = np.linalg.eigh(h)
        put("eigh", name(shape, dt), a=h, w=w, v=v)
    for shape in [(1, 1), (2, 2), (5, 3), (3, 5), (7, 7), (1, 4), (4, 1), (3, 2, 4, 3), (2, 3, 6)]:
        a = randn(*shape, dtype=dt)
        q, r = np.linalg.qr(a)
        put("qr", name(shape, dt), a=a, q=q, r=r)
        q, r = np.linalg.qr(a, mode="complete")
        put("qrc", name(shape, dt), a=a, q=q, r=r)
        u, s, vh = np.linalg.svd(a)
        put("svd", name(shape, dt), a=a, u=u, s=s, vh=vh)
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        put("svdr", name(shape, dt), a=a, u=u, s=s, vh=vh)
        put("pinv", name(shape, dt), a=a, x=np.linalg.pinv(a))
        put("rank", name(shape, dt), a=a, x=np.linalg.matrix_rank(a).astype(np.float64))

# solve with a vector b and with broadcast batch axes
a = randn(4, 5, 5) + 3 * np.eye(5)
b = randn(5)
put("solve", "vec_4x5x5", a=a, b=b, x=np.linalg.solve(a, b))
b = randn(2, 1, 5, 2)
put("solve", "bcast_4x5x5", a=a, b=b, x=np.linalg.solve(a, b))
# ill-conditioned but not singular: Hilbert 8 (cond ~ 1.5e10)
h = ill(8)
bh = randn(8, 2)
put("solve", "hilbert8", a=h, b=bh, x=np.linalg.solve(h, bh))
put("det", "hilbert8", a=h, x=np.linalg.det(h))
# exactly singular: det 0, slogdet (0, -inf), rank 1
sing = np.array([[1.0, 2.0], [2.0, 4.0]])
put("det", "singular", a=sing, x=np.linalg.det(sing))
s, l = np.linalg.slogdet(sing)
put("slogdet", "singular", a=sing, sign=s, logabsdet=l)
# empty matrices
for op, f in [("inv", np.linalg.inv), ("det", np.linalg.det), ("cholesky", np.linalg.cholesky)]:
    put(op, "0x0", a=np.zeros((0, 0)), x=f(np.zeros((0, 0))))
    put(op, "3x0x0", a=np.zeros((3, 0, 0)), x=f(np.zeros((3, 0, 0))))
s, l = np.linalg.slogdet(np.zeros((0, 0)))
put("slogdet", "0x0", a=np.zeros((0, 0)), sign=s, logabsdet=l)
# big dets: exp(logabsdet) overflows for n=200 * 10: det is inf in NumPy too
big = 10 * np.eye(30) + randn(30, 30) * 0.1
put("det", "30x30_large", a=big, x=np.linalg.det(big))
s, l = np.linalg.slogdet(big)
put("slogdet", "30x30_large", a=big, sign=s, logabsdet=l)

# rank-deficient matrices for matrix_rank, pinv, lstsq
lowr = randn(6, 2) @ randn(2, 5)  # rank 2
put("rank", "lowrank6x5", a=lowr, x=np.float64(np.linalg.matrix_rank(lowr)))
batch = np.stack([randn(4, 4), randn(4, 1) @ randn(1, 4), np.zeros((4, 4)), np.eye(4)])
put("rank", "batch4", a=batch, x=np.linalg.matrix_rank(batch).astype(np.float64))
put("pinv", "lowrank6x5", a=lowr, x=np.linalg.pinv(lowr))
near = lowr + 1e-3 * randn(6, 5)  # rank 2 plus noise: rtol 1e-2 cuts the noise's singular values
put("pinv", "rtol_6x5", a=near, rtol=np.float64(1e-2), x=np.linalg.pinv(near, rtol=1e-2))
put("pinv", "0x3", a=np.zeros((0, 3)), x=np.linalg.pinv(np.zeros((0, 3))))

for case, a, b in [
    ("tall6x3_vec", randn(6, 3), randn(6)),
    ("tall6x3_k2", randn(6, 3), randn(6, 2)),
    ("wide3x5_k2", randn(3, 5), randn(3, 2)),
    ("square4", randn(4, 4), randn(4, 3)),
    ("lowrank6x5", lowr, randn(6, 2)),
    ("tall6x3_f32", randn(6, 3, dtype=np.float32), randn(6, 2, dtype=np.float32)),
]:
    x, res, rk, s = np.linalg.lstsq(a, b)
    put("lstsq", case, a=a, b=b, x=x, res=res, rank=np.float64(rk), s=s)

# norms
v = randn(7)
for o in [1, 2, np.inf, -np.inf, 0, 3, 0.5, -1]:
    put("vnorm", f"v7_{o}", a=v, ord=np.float64(o), x=np.linalg.norm(v, o))
v0 = v.copy()
v0[[1, 4]] = 0
put("vnorm", "v7zeros_0", a=v0, ord=np.float64(0), x=np.linalg.norm(v0, 0))
t = randn(3, 4, 5)
for ax in [0, 1, 2, -1]:
    for o in [1, 2, np.inf, 0]:
        put("vnorm", f"t345_ax{ax}_{o}", a=t, ord=np.float64(o), axis=np.float64(ax), x=np.linalg.norm(t, o, axis=ax))
m = randn(5, 4)
for o in [1, -1, 2, -2, np.inf, -np.inf]:
    put("mnorm", f"m54_{o}", a=m, ord=np.float64(o), x=np.linalg.norm(m, o))
for o in ["fro", "nuc"]:
    put("mnorm_named", f"m54_{o}", a=m, x=np.linalg.norm(m, o))
for ax in [(0, 1), (1, 2), (2, 0), (-1, -2)]:
    for o in [1, 2, -np.inf]:
        put("mnorm", f"t345_ax{ax[0]}{ax[1]}_{o}", a=t, ord=np.float64(o), axis=np.array(ax, dtype=np.float64),
            x=np.linalg.norm(t, o, axis=ax))
    for o in ["fro", "nuc"]:
        put("mnorm_named", f"t345_ax{ax[0]}{ax[1]}_{o}", a=t, axis=np.array(ax, dtype=np.float64), x=np.linalg.norm(t, o, axis=ax))
put("norm_default", "t345", a=t, x=np.linalg.norm(t))
t32 = t.astype(np.float32)
put("norm_default", "t345_f32", a=t32, x=np.linalg.norm(t32))
vn = v.copy()
vn[2] = np.nan
put("vnorm", "nan_2", a=vn, ord=np.float64(2), x=np.linalg.norm(vn))
vi = v.copy()
vi[3] = np.inf
put("vnorm", "inf_inf", a=vi, ord=np.float64(np.inf), x=np.linalg.norm(vi, np.inf))

np.savez_compressed("linalg_fixtures.npz", **out)
print(len(out), "arrays")
