#!/usr/bin/env python3
"""Writes indexing.txt: NumPy 2's answers for Ricci's indexing (Tensor.index, indexPut_, addAt_,
takeAlongAxis, putAlongAxis_), read by IndexingFixtureTest through NpyFixtures.java.

    python3 tensor/src/test/resources/npy/make_indexing_fixtures.py

Each block "=== <op> <n>" holds the base operand (a_dtype/a_shape, then a_values for floats or a_ints for
int/bool), a "view" the Java side applies to it first (as in joinsort.txt: contig, T = all axes reversed,
step = [..., ::2], bcast = broadcast_to a (1, n) base as (3, n), flip = [::-1] on axis 0), then:

  index:     items, and the result (dtype/shape/values|ints) with "isview: 1" when it must share storage
  put/puts:  items and v_ values (put) or "scalar: <float>" (puts); the result is the BASE after
             view[items] = values, so writes through transposed and strided views are checked
  addat:     items and v_ values; the result is the base after np.add.at(view, items, values)
  take/putalong: i_ indices and "axis"; the result of take_along_axis, or the base after put_along_axis

"items" is the index expression, items separated by " ; ", each one of
  s START STOP STEP   a slice (None for a missing part)       all   Index.all()
  at K                Index.at(K)                              int K a Java Integer
  new                 Index.newAxis()                          ell   Index.ellipsis()
  arr DTYPE [SHAPE] V...   an int32/int64 tensor ([] is 0-d)    list V...   a Java int[]
  llist V...          a Java long[]                            blist V...  a Java boolean[] (0/1)
  mask [SHAPE] V...   a bool tensor (0/1)                      bool 0|1    a Java Boolean
Float values are float64 reprs (-0.0 kept, nan/inf spelled so). Index values include negative ones;
addat repeats indices (np.add.at accumulates them), put/putalong do not (NumPy leaves the winner of a
repeated assignment unspecified).
"""
import math
import os
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
warnings.simplefilter("ignore")
rng = np.random.default_rng(1818)

DT = {"float32": np.float32, "float64": np.float64, "int32": np.int32, "int64": np.int64, "bool": np.bool_}
SPECIAL = np.array([-2.5, -1.0, -0.0, 0.0, 1.0, 3.0, 0.5, np.nan, np.inf, -np.inf, 7.25, -4.0])


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
    if arr.dtype.kind in "ib":
        out.append(f"{prefix}ints: " + " ".join(str(int(v)) for v in arr.ravel()))
    else:
        out.append(f"{prefix}values: " + " ".join(num(v) for v in arr.astype(np.float64).ravel()))
    return out


def make(dt, shape, finite=False):
    n = int(np.prod(shape))
    if dt == "bool":
        v = rng.integers(0, 2, n).astype(bool)
    elif dt.startswith("int"):
        v = rng.integers(-9, 10, n).astype(DT[dt])
    else:
        pool = SPECIAL[np.isfinite(SPECIAL)] if finite else SPECIAL
        v = rng.choice(pool, n).astype(DT[dt])
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


# ---------------------------------------------------------------- index items: (python object, encoding)

def enc_shape(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def it_slice(start, stop, step):
    f = lambda x: "None" if x is None else str(x)
    return slice(start, stop, step), f"s {f(start)} {f(stop)} {f(step)}"


def it_all():
    return slice(None), "all"


def it_at(k, java_int=False):
    return int(k), (f"int {k}" if java_int else f"at {k}")


def it_new():
    return None, "new"


def it_ell():
    return Ellipsis, "ell"


def it_arr(values, dt="int64", form="arr"):
    a = np.asarray(values, dtype=DT[dt])
    if form == "list" and a.ndim == 1:
        return a.astype(np.int64), "list " + " ".join(str(int(v)) for v in a)
    if form == "llist" and a.ndim == 1:
        return a.astype(np.int64), "llist " + " ".join(str(int(v)) for v in a)
    return a, f"arr {dt} {enc_shape(a.shape)} " + " ".join(str(int(v)) for v in a.ravel())


def it_mask(values, form="mask"):
    m = np.asarray(values, dtype=bool)
    if form == "blist" and m.ndim == 1:
        return m, "blist " + " ".join(str(int(v)) for v in m)
    return m, f"mask {enc_shape(m.shape)} " + " ".join(str(int(v)) for v in m.ravel())


def it_bool(b):
    return bool(b), f"bool {int(b)}"


def encode(items):
    return " ; ".join(e for _, e in items)


def key(items):
    return tuple(o for o, _ in items)


def rand_slice(n):
    step = [None, 1, 2, 3, -1, -2][rng.integers(0, 6)]
    def bound():
        return None if rng.random() < 0.35 else int(rng.integers(-n - 2, n + 3))
    return it_slice(bound(), bound(), step)


def rand_index_values(n, shape, unique=False):
    size = int(np.prod(shape))
    if n == 0 or size == 0:
        return np.zeros(shape, dtype=np.int64)
    if unique and size <= n:
        v = rng.permutation(n)[:size]
        v = np.where(rng.random(size) < 0.5, v - n, v)  # the same positions, some spelled negatively
        return v.reshape(shape)
    return rng.integers(-n, n, size).reshape(shape)


def sub_shape(b):
    """A shape that broadcasts to b: a suffix of b with some dims set to 1."""
    k = int(rng.integers(0, len(b) + 1)) if len(b) else 0
    s = list(b[len(b) - k:])
    for i in range(len(s)):
        if rng.random() < 0.3:
            s[i] = 1
    return tuple(s)


def rand_items(shape, unique=False):
    """A random index expression for an array of this shape (NumPy checks it; invalid ones are redrawn)."""
    r = len(shape)
    mode = ["basic", "adv", "adv", "mask", "mixed"][rng.integers(0, 5)]
    k = r if r == 0 or rng.random() < 0.7 else int(rng.integers(0, r + 1))
    kinds = []
    for d in range(k):
        if mode == "basic":
            kinds.append("slice" if rng.random() < 0.6 or shape[d] == 0 else "at")
        else:
            u = rng.random()
            kinds.append("arr" if u < 0.5 else "slice" if u < 0.8 or shape[d] == 0 else "at")
    if mode == "mask" and k > 0:
        i = int(rng.integers(0, k))
        j = int(rng.integers(i + 1, k + 1))
        for d in range(i, j):
            kinds[d] = "mask"
    if mode in ("adv", "mixed") and k > 0 and "arr" not in kinds:
        kinds[int(rng.integers(0, k))] = "arr"
    # one common broadcast shape for the arrays
    mask_dims = [d for d in range(k) if kinds[d] == "mask"]
    mask = None
    if mask_dims:
        mshape = tuple(shape[d] for d in mask_dims)
        mask = rng.random(mshape) < 0.5
        b = (int(mask.sum()),)
    else:
        b = [(), (1,), (2,), (3,), (2, 3), (4,), (3, 1), (2, 1, 2)][rng.integers(0, 8)]
    if any(kinds[d] == "arr" and shape[d] == 0 for d in range(k)):
        b = (0,) if rng.random() < 0.6 else (2, 0)
    if unique:
        b = b if int(np.prod(b)) <= 1 or mask is not None else (min(2, int(np.prod(b))),)
    items = []
    d = 0
    for d in range(k):
        n = shape[d]
        kind = kinds[d]
        if kind == "slice":
            items.append(it_all() if rng.random() < 0.2 else rand_slice(n))
        elif kind == "at":
            items.append(it_at(int(rng.integers(-n, n)), java_int=rng.random() < 0.5))
        elif kind == "arr":
            s = b if mask is not None or unique or rng.random() < 0.4 else sub_shape(b)
            vals = rand_index_values(n, s, unique)
            form = ["arr", "arr", "list", "llist"][rng.integers(0, 4)]
            items.append(it_arr(vals, ["int32", "int64"][rng.integers(0, 2)], form))
        elif kind == "mask":
            if d == mask_dims[0]:
                items.append(it_mask(mask, "blist" if mask.ndim == 1 and rng.random() < 0.3 else "mask"))
    # an ellipsis anywhere stands for the axes the items leave over
    if rng.random() < 0.25:
        items.insert(int(rng.integers(0, len(items) + 1)), it_ell())
    if rng.random() < 0.25:
        items.insert(int(rng.integers(0, len(items) + 1)), it_new())
    if rng.random() < 0.05 and mode != "basic":
        items.insert(int(rng.integers(0, len(items) + 1)), it_bool(rng.random() < 0.7))
    return items


def advanced(items):
    return any(not isinstance(o, (slice, int, type(None), type(Ellipsis))) or isinstance(o, bool) for o, _ in items)


blocks = []
counter = {}


def start_block(op, base, vname):
    k = counter.get(op, 0)
    counter[op] = k + 1
    return [f"=== {op} {k}"] + fields("a_", base) + [f"view: {vname}"]


def try_index(a, items):
    try:
        return a[key(items)]
    except (IndexError, ValueError):
        return None


def add_index(base, vname, items):
    a = view(base, vname)
    r = try_index(a, items)
    if r is None:
        return False
    r = np.asarray(r)
    is_view = not advanced(items)
    if is_view and r.ndim > 0 and r.size > 0:
        assert np.shares_memory(r, base), encode(items)
    if not is_view and r.size > 0:
        assert not np.shares_memory(r, base), encode(items)
    lines = start_block("index", base, vname) + [f"items: {encode(items)}", f"isview: {int(is_view)}"]
    blocks.append("\n".join(lines + fields("", r)))
    return True


def repeats(a, items):
    """Whether the expression names an element twice (the put fixtures avoid that)."""
    ids = np.asarray(np.arange(a.size).reshape(a.shape)[key(items)])
    return np.unique(ids).size != ids.size


def add_put(base, vname, items, dt_values, scalar=None):
    b = base.copy()
    a = view(b, vname)
    sel = try_index(a, items)
    if sel is None or repeats(a, items):
        return False
    sel = np.asarray(sel)
    if scalar is None:
        vshape = sel.shape
        if len(vshape) and rng.random() < 0.4:
            vshape = sub_shape(vshape)
        if sel.ndim > 0 and rng.random() < 0.15:
            vshape = (1,) + tuple(vshape)  # a leading size-1 axis the selection does not have
        vals = make(dt_values, vshape, finite=b.dtype.kind != "f")
        a[key(items)] = vals
        lines = start_block("put", base, vname) + [f"items: {encode(items)}"] + fields("v_", vals)
    else:
        a[key(items)] = scalar
        lines = start_block("puts", base, vname) + [f"items: {encode(items)}", f"scalar: {num(scalar)}"]
    blocks.append("\n".join(lines + fields("", b)))
    return True


def add_addat(base, vname, items, dt_values):
    b = base.copy()
    a = view(b, vname)
    sel = try_index(a, items)
    if sel is None:
        return False
    sel = np.asarray(sel)
    vshape = sel.shape if rng.random() < 0.7 else sub_shape(sel.shape)
    vals = make(dt_values, vshape, finite=b.dtype.kind != "f")
    np.add.at(a, key(items), vals)
    lines = start_block("addat", base, vname) + [f"items: {encode(items)}"] + fields("v_", vals)
    blocks.append("\n".join(lines + fields("", b)))
    return True


# (base shape, view): the operand the op sees is view(base)
CASES = [((0,), "contig"), ((1,), "contig"), ((7,), "contig"), ((17,), "contig"), ((3, 0), "contig"),
         ((3, 7), "contig"), ((5, 4), "T"), ((3, 17), "step"), ((1, 7), "bcast"), ((4, 3), "flip"),
         ((2, 3, 5), "T"), ((3, 4, 5), "contig")]

for dt in DT:
    for shape, vname in CASES:
        base = make(dt, shape)
        a = view(base, vname)
        done, tries = 0, 0
        while done < 10 and tries < 200:
            tries += 1
            done += add_index(base, vname, rand_items(a.shape))
        if vname == "bcast":
            continue  # NumPy's broadcast views are read-only; Ricci refuses the writes too
        done, tries = 0, 0
        while done < 4 and tries < 200:
            tries += 1
            vdt = dt if rng.random() < 0.6 else list(DT)[rng.integers(0, 5)]
            done += add_put(base, vname, rand_items(a.shape, unique=True), vdt)
        done, tries = 0, 0
        while done < 2 and tries < 200:
            tries += 1
            s = [0.0, -1.5, 2.0, float("nan")][rng.integers(0, 4)] if dt[0] == "f" else [0.0, 1.0, 3.0][rng.integers(0, 3)]
            done += add_put(base, vname, rand_items(a.shape, unique=True), dt, scalar=s)
        done, tries = 0, 0
        while done < 3 and tries < 200:
            tries += 1
            vdt = dt if rng.random() < 0.7 else list(DT)[rng.integers(0, 5)]
            done += add_addat(base, vname, rand_items(a.shape), vdt)

# ---------------------------------------------------------------- NumPy's rules, one case each, on every dtype

def rules(a):
    """Hand-picked expressions for a (5, 2, 3)-shaped array: where the advanced dims go, and friends."""
    A = lambda *v: it_arr(list(v))
    return [
        [A(0, 2, -1)],                                   # a[[0, 2, -1]]
        [A(0, 4), A(1, 0)],                              # a[rows, cols]
        [it_arr([[0], [4]]), A(1, 0)],                   # broadcast: (2, 1) with (2,)
        [it_all(), A(1, 0)],                             # a[:, [1, 0]]: in place
        [A(0, 1), it_all(), A(1, 2)],                    # separated by a slice: to the front
        [it_all(), A(0, 1), A(1, 2)],                    # adjacent: in place
        [it_at(0), it_all(), A(1, 2)],                   # an integer counts as advanced: to the front
        [it_all(), it_at(0), A(1, 2)],                   # adjacent with the integer: in place
        [A(0, 1), it_ell(), A(1, 2)],                    # the ellipsis separates
        [it_all(), A(0, 1), it_ell(), A(1, 2)],          # ... even when it stands for no axes
        [A(0, 1), it_new(), A(0, 1)],                    # a new axis separates
        [it_bool(True)], [it_bool(False)],               # a[True], a[False]
        [A(0, 1), it_bool(True)],                        # 0-d bool next to an array: in place
        [it_all(), it_bool(True), A(0, 1)],
        [A(0, 1), it_all(), it_bool(True)],              # 0-d bool separated: to the front
        [it_mask(np.arange(5) % 2 == 0)],                # a[mask] over one axis
        [it_mask(np.arange(10).reshape(5, 2) % 3 == 0)], # over two axes
        [it_mask(np.arange(30).reshape(5, 2, 3) % 4 == 1)],
        [it_all(), it_mask([True, False]), A(2, 0)],     # mask and array broadcast together: in place
        [it_mask([False] * 5)],                          # empty selection
        [it_arr(np.zeros((0,), np.int64))],              # a[[]]
        [it_at(-1)], [it_at(-1), it_slice(None, None, -1)], [it_ell(), it_new()],
        [it_new(), it_ell(), it_at(0)], [], [it_ell()], [it_at(4), it_at(1), it_at(2)],
        [it_arr(np.array(1))],                           # a 0-d integer array is advanced: a copy
        [it_arr([[0, -1], [1, 2]])],                     # 2-D integer array
        [it_arr(np.array([3, 1, 4, 1, 0]), "int32"), it_all(), it_arr([[2], [0]], "int32")],
        [it_slice(1, None, 2), it_at(-2), it_slice(None, None, -1)],
        [it_slice(-10, 10, 3), it_new(), it_all(), it_new()],
    ]


RULE_VIEWS = [((5, 2, 3), "contig"), ((3, 2, 5), "T"), ((5, 2, 6), "step"), ((10, 2, 3), "flip2")]


def view_rule(base, name):
    if name == "flip2":
        return base[::-2]
    return view(base, name)


for dt in DT:
    for shape, vname in RULE_VIEWS:
        base = make(dt, shape)
        a = view_rule(base, vname)
        assert a.shape == (5, 2, 3), (vname, a.shape)
        for items in rules(a):
            r = np.asarray(a[key(items)])
            is_view = not advanced(items)
            lines = start_block("index", base, vname) + [f"items: {encode(items)}", f"isview: {int(is_view)}"]
            blocks.append("\n".join(lines + fields("", r)))
        if vname != "contig" and dt not in ("float64", "int32"):
            continue
        # writes through the same expressions: the mask assignment a[a > 0] = 0, a[rows, cols] = v, np.add.at
        for items in [[it_mask(np.asarray(a) > 0)], [it_arr([0, 4]), it_arr([1, 0])],
                      [it_all(), it_arr([0, 1]), it_arr([2, 0])], [it_at(0), it_all(), it_arr([1, 2])],
                      [it_mask(np.arange(10).reshape(5, 2) % 3 == 0)], [it_slice(None, None, -2), it_at(1)]]:
            b = base.copy()
            v = view_rule(b, vname)
            v[key(items)] = 0
            lines = start_block("puts", base, vname) + [f"items: {encode(items)}", "scalar: 0.0"]
            blocks.append("\n".join(lines + fields("", b)))
        for items in [[it_arr([0, 0, 4, 0, -1])], [it_arr([1, 1, 1]), it_at(0), it_arr([2, -1, 2])],
                      [it_all(), it_arr([[0, 0], [1, 0]]), it_at(2)], [it_slice(None, 2, None), it_arr([0, 0])]]:
            b = base.copy()
            v = view_rule(b, vname)
            vals = make(dt, np.asarray(v[key(items)]).shape, finite=True)
            np.add.at(v, key(items), vals)
            lines = start_block("addat", base, vname) + [f"items: {encode(items)}"] + fields("v_", vals)
            blocks.append("\n".join(lines + fields("", b)))

# ---------------------------------------------------------------- take_along_axis / put_along_axis

ALONG = [((7,), "contig"), ((3, 7), "contig"), ((5, 4), "T"), ((3, 17), "step"), ((2, 3, 5), "T"),
         ((3, 0), "contig"), ((4, 3), "flip"), ((1, 7), "bcast")]

for dt in DT:
    for shape, vname in ALONG:
        base = make(dt, shape)
        a = view(base, vname)
        for ax in range(-1, a.ndim):
            n = a.shape[ax]
            for trial in range(2):
                ishape = list(a.shape)
                ishape[ax] = int(rng.integers(0, 4)) if n > 0 else 0
                if trial == 1:  # broadcast: size 1 in another axis
                    others = [d for d in range(a.ndim) if d != ax % a.ndim]
                    if others:
                        ishape[others[int(rng.integers(0, len(others)))]] = 1
                ind = rand_index_values(n, tuple(ishape)).astype([np.int32, np.int64][trial])
                r = np.take_along_axis(a, ind, axis=ax)
                lines = start_block("takealong", base, vname) + fields("i_", ind) + [f"axis: {ax}"]
                blocks.append("\n".join(lines + fields("", r)))
                if vname == "bcast":
                    continue
                # unique positions along the axis for the put (argsort of random keys, first few)
                m = min(ishape[ax], n)
                ishape[ax] = m
                keys = rng.random(tuple(a.shape))
                order = np.argsort(keys, axis=ax)
                ind = np.take(order, np.arange(m), axis=ax)
                if trial == 1:
                    ind = ind - n * (rng.random(ind.shape) < 0.5)  # some negative
                b = base.copy()
                v = view(b, vname)
                vals = make(dt, np.take_along_axis(v, ind, axis=ax).shape)
                np.put_along_axis(v, ind, vals, axis=ax)
                lines = start_block("putalong", base, vname) + fields("i_", ind) + [f"axis: {ax}"] + fields("v_", vals)
                blocks.append("\n".join(lines + fields("", b)))

with open(os.path.join(HERE, "indexing.txt"), "w") as f:
    f.write("\n".join(blocks) + "\n")
print(len(blocks), "blocks", dict(sorted(counter.items())))
