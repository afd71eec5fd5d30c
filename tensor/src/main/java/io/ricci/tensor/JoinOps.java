package io.ricci.tensor;

import java.util.Arrays;

/**
 * Joining, splitting and rearranging (NumPy's concatenate, stack, split, array_split, tile, repeat,
 * pad, flip, roll). Everything is built from {@link Layout} views plus one {@link StridedCopy} per
 * operand, so every dtype and any strides work and casts follow StridedCopy's NumPy rules.
 */
final class JoinOps {
    private JoinOps() {
    }

    static Tensor concatenate(int axis, Tensor... ts) {
        if (ts.length == 0) {
            throw new IllegalArgumentException("concatenate: need at least one array to concatenate");
        }
        int rank = ts[0].rank();
        if (rank == 0) {
            throw new IllegalArgumentException("concatenate: zero-dimensional arrays cannot be concatenated");
        }
        int ax = Layout.normalizeAxis(axis, rank, "concatenate");
        int[] shape = ts[0].shape();
        DType dt = ts[0].dtype();
        long total = 0;
        for (int k = 0; k < ts.length; k++) {
            int[] s = ts[k].shape();
            if (s.length != rank) {
                throw new IllegalArgumentException("concatenate: operand 0 has shape " + Layout.format(shape)
                        + " (" + rank + " dims) but operand " + k + " has shape " + Layout.format(s)
                        + " (" + s.length + " dims)");
            }
            for (int d = 0; d < rank; d++) {
                if (d != ax && s[d] != shape[d]) {
                    throw new IllegalArgumentException("concatenate: operand " + k + " has shape "
                            + Layout.format(s) + ", which does not match operand 0's " + Layout.format(shape)
                            + " except along axis " + ax + " (dim " + d + " differs)");
                }
            }
            total += s[ax];
            dt = DType.promote(dt, ts[k].dtype());
        }
        int[] out = shape.clone();
        out[ax] = Math.toIntExact(total);
        Tensor r = Tensor.fresh(dt, out); // every element is written below: skip the zeroing pass
        int off = 0;
        for (Tensor t : ts) {
            int n = t.dim(ax);
            copyInto(t, r.slice(ax, off, off + n));
            off += n;
        }
        return r;
    }

    /**
     * {@link StridedCopy#copy}, but one System.arraycopy when both sides are contiguous runs of the same
     * dtype (every operand of a concatenate along axis 0): the element loop cost 10-100x NumPy's memcpy.
     */
    static void copyInto(Tensor src, Tensor dst) {
        int n = dst.size();
        if (n > 0 && src.dtype() == dst.dtype() && src.isContiguous() && dst.isContiguous()) {
            int so = src.offset(), d0 = dst.offset();
            switch (src.dtype()) {
                case F32 -> System.arraycopy(src.f32(), so, dst.f32(), d0, n);
                case F64 -> System.arraycopy(src.f64(), so, dst.f64(), d0, n);
                case I32 -> System.arraycopy(src.i32(), so, dst.i32(), d0, n);
                case I64 -> System.arraycopy(src.i64(), so, dst.i64(), d0, n);
                case BOOL -> System.arraycopy(src.b8(), so, dst.b8(), d0, n);
            }
            return;
        }
        StridedCopy.copy(src, dst);
    }

    static Tensor stack(int axis, Tensor... ts) {
        if (ts.length == 0) {
            throw new IllegalArgumentException("stack: need at least one array to stack");
        }
        int[] shape = ts[0].shape();
        int ax = Layout.normalizeAxis(axis, shape.length + 1, "stack");
        Tensor[] u = new Tensor[ts.length];
        for (int k = 0; k < ts.length; k++) {
            if (!Arrays.equals(ts[k].shape(), shape)) {
                throw new IllegalArgumentException("stack: all input arrays must have the same shape: operand 0 has "
                        + Layout.format(shape) + " but operand " + k + " has " + Layout.format(ts[k].shape()));
            }
            u[k] = ts[k].unsqueeze(ax);
        }
        return concatenate(ax, u);
    }

    /** np.split with {@code sections} equal parts; views. */
    static Tensor[] split(Tensor t, int sections, int axis) {
        int ax = t.layout().axis(axis, "split");
        int n = t.dim(ax);
        if (sections <= 0) {
            throw new IllegalArgumentException("split: number of sections must be positive, not " + sections);
        }
        if (n % sections != 0) {
            throw new IllegalArgumentException("split: array split does not result in an equal division: axis "
                    + ax + " of size " + n + " into " + sections + " sections");
        }
        return arraySplit(t, sections, ax);
    }

    /** np.array_split: the first {@code n % sections} parts get one extra element; views. */
    static Tensor[] arraySplit(Tensor t, int sections, int axis) {
        int ax = t.layout().axis(axis, "arraySplit");
        if (sections <= 0) {
            throw new IllegalArgumentException("arraySplit: number of sections must be positive, not " + sections);
        }
        int n = t.dim(ax);
        int each = n / sections, extra = n % sections;
        Tensor[] r = new Tensor[sections];
        int off = 0;
        for (int k = 0; k < sections; k++) {
            int len = each + (k < extra ? 1 : 0);
            r[k] = t.slice(ax, off, off + len);
            off += len;
        }
        return r;
    }

    /** np.split at {@code indices} (Python slice bounds: negative counts from the end, clamped); views. */
    static Tensor[] split(Tensor t, int[] indices, int axis) {
        int ax = t.layout().axis(axis, "split");
        Tensor[] r = new Tensor[indices.length + 1];
        Integer prev = 0;
        for (int k = 0; k <= indices.length; k++) {
            Integer stop = k < indices.length ? indices[k] : null;
            r[k] = t.slice(ax, prev, stop, 1);
            prev = stop;
        }
        return r;
    }

    static Tensor flip(Tensor t, int... axes) {
        if (axes.length == 0) {
            axes = new int[t.rank()];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i;
            }
        }
        Tensor r = t;
        boolean[] seen = new boolean[t.rank()];
        for (int a : axes) {
            int ax = t.layout().axis(a, "flip");
            if (seen[ax]) {
                throw new IllegalArgumentException("flip: repeated axis " + ax);
            }
            seen[ax] = true;
            r = r.slice(ax, null, null, -1);
        }
        return r;
    }

    /** np.roll along {@code axis}. */
    static Tensor roll(Tensor t, int shift, int axis) {
        int ax = t.layout().axis(axis, "roll");
        int n = t.dim(ax);
        if (n == 0) {
            return t.copy();
        }
        int s = Math.floorMod(shift, n);
        Tensor r = Tensor.fresh(t.dtype(), t.shape()); // both slices below cover it
        copyInto(t.slice(ax, n - s, n), r.slice(ax, 0, s));
        copyInto(t.slice(ax, 0, n - s), r.slice(ax, s, n));
        return r;
    }

    /** np.roll without an axis: roll the flattened array, keep the shape. */
    static Tensor roll(Tensor t, int shift) {
        return roll(t.flatten(), shift, 0).reshape(t.shape());
    }

    /** np.tile: a stride-0 view interleaving a repeat axis before each dim, copied once. */
    static Tensor tile(Tensor t, int... reps) {
        for (int i = 0; i < reps.length; i++) {
            if (reps[i] < 0) {
                throw new IllegalArgumentException("tile: negative repetition " + reps[i] + " at position " + i);
            }
        }
        int d = Math.max(reps.length, t.rank());
        int[] shape = new int[d];
        int[] rp = new int[d];
        Arrays.fill(shape, 1);
        Arrays.fill(rp, 1);
        System.arraycopy(t.shape(), 0, shape, d - t.rank(), t.rank());
        System.arraycopy(reps, 0, rp, d - reps.length, reps.length);
        int[] inter = new int[2 * d], big = new int[2 * d], out = new int[d];
        for (int i = 0; i < d; i++) {
            inter[2 * i] = 1;
            inter[2 * i + 1] = shape[i];
            big[2 * i] = rp[i];
            big[2 * i + 1] = shape[i];
            out[i] = Math.multiplyExact(rp[i], shape[i]);
        }
        Layout.checkedSize("tile", out);
        return t.reshape(inter).broadcastTo(big).copy().reshape(out);
    }

    /** np.repeat with one count for every element; {@code axis == null} flattens first. */
    static Tensor repeat(Tensor t, int repeats, Integer axis) {
        if (repeats < 0) {
            throw new IllegalArgumentException("repeat: repeats may not be negative, got " + repeats);
        }
        if (axis == null) {
            return repeat(t.flatten(), repeats, 0);
        }
        int ax = t.layout().axis(axis, "repeat");
        int[] sh = t.shape();
        int[] big = new int[sh.length + 1];
        System.arraycopy(sh, 0, big, 0, ax + 1);
        big[ax + 1] = repeats;
        System.arraycopy(sh, ax + 1, big, ax + 2, sh.length - ax - 1);
        int[] out = sh.clone();
        out[ax] = Math.multiplyExact(sh[ax], repeats);
        return t.unsqueeze(ax + 1).broadcastTo(big).copy().reshape(out);
    }

    /** np.repeat with a count per position along {@code axis}. */
    static Tensor repeat(Tensor t, int[] repeats, Integer axis) {
        if (axis == null) {
            return repeat(t.flatten(), repeats, 0);
        }
        int ax = t.layout().axis(axis, "repeat");
        int n = t.dim(ax);
        if (repeats.length == 1) {
            return repeat(t, repeats[0], ax);
        }
        if (repeats.length != n) {
            throw new IllegalArgumentException("repeat: " + repeats.length + " repeats for axis " + ax
                    + " of size " + n);
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            if (repeats[i] < 0) {
                throw new IllegalArgumentException("repeat: repeats may not be negative, got " + repeats[i]
                        + " at position " + i);
            }
            total += repeats[i];
        }
        int[] idx = new int[Math.toIntExact(total)];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < repeats[i]; r++) {
                idx[p++] = i;
            }
        }
        int[] out = t.shape();
        out[ax] = idx.length;
        Tensor r = Tensor.fresh(t.dtype(), out); // the copies below cover every index
        // One strided copy per source slice rather than a gather: the slices are whole sub-arrays.
        p = 0;
        for (int i = 0; i < n; i++) {
            if (repeats[i] == 0) {
                continue;
            }
            Tensor src = t.slice(ax, i, i + 1);
            int[] bs = src.shape();
            bs[ax] = repeats[i];
            StridedCopy.copy(src.broadcastTo(bs), r.slice(ax, p, p + repeats[i]));
            p += repeats[i];
        }
        return r;
    }

    /** np.pad(mode='constant'): {@code widths} is one {before, after} pair per axis, or one pair for all. */
    static Tensor pad(Tensor t, int[][] widths, double constant) {
        int rank = t.rank();
        if (widths.length != rank && widths.length != 1) {
            throw new IllegalArgumentException("pad: " + widths.length + " width pairs for an array of "
                    + rank + " dims (give " + rank + " or 1)");
        }
        int[] out = t.shape();
        int[] before = new int[rank];
        for (int d = 0; d < rank; d++) {
            int[] w = widths[widths.length == 1 ? 0 : d];
            if (w.length != 2 && w.length != 1) {
                throw new IllegalArgumentException("pad: width for axis " + d + " must be {before, after} or {both}, got "
                        + Arrays.toString(w));
            }
            int b = w[0], a = w.length == 2 ? w[1] : w[0];
            if (b < 0 || a < 0) {
                throw new IllegalArgumentException("pad: index can't contain negative values: axis " + d
                        + " widths " + Arrays.toString(w));
            }
            before[d] = b;
            out[d] = Math.addExact(out[d], Math.addExact(b, a));
        }
        Layout.checkedSize("pad", out);
        Tensor r = Tensor.full(t.dtype(), constant, out);
        Tensor inner = r;
        for (int d = 0; d < rank; d++) {
            inner = inner.slice(d, before[d], before[d] + t.dim(d));
        }
        StridedCopy.copy(t, inner);
        return r;
    }
}
