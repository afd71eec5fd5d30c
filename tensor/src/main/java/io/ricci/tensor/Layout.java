package io.ricci.tensor;

import java.util.Arrays;

/**
 * Immutable view geometry of a tensor: shape, strides (in elements, may be 0 or negative) and the
 * offset of element {@code [0,...,0]} in its storage. Element {@code [i0,...,ik]} lives at
 * {@code offset + Σ i_d·strides[d]}.
 *
 * <p>Every movement op returns a new {@code Layout} and never touches storage; {@link Tensor} pairs a
 * layout with shared storage, which is how views share memory (as NumPy's ndarray and tinygrad's
 * View do). Counts are {@code int} because storage is one Java array: a shape whose element count
 * exceeds {@link #MAX_SIZE} is refused before anything is allocated.
 */
public final class Layout {
    /** Largest element count one storage array can hold on HotSpot. */
    public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final int size;

    private Layout(int[] shape, int[] strides, int offset, int size) {
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.size = size;
    }

    /** Builds a layout from its parts; the arrays are copied. */
    public static Layout of(int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("shape " + format(shape) + " and strides "
                    + Arrays.toString(strides) + " have different ranks");
        }
        return new Layout(shape.clone(), strides.clone(), offset, checkedSize("layout", shape));
    }

    /** Row-major (C-order) layout of {@code shape} starting at offset 0. */
    public static Layout contiguous(int... shape) {
        int size = checkedSize("shape", shape);
        return new Layout(shape.clone(), contiguousStrides(shape), 0, size);
    }

    /** Column-major (Fortran-order) layout of {@code shape} starting at offset 0. */
    public static Layout fortran(int... shape) {
        int size = checkedSize("shape", shape);
        int[] st = new int[shape.length];
        int s = 1;
        for (int d = 0; d < shape.length; d++) {
            st[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return new Layout(shape.clone(), st, 0, size);
    }

    static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return st;
    }

    /**
     * Element count of {@code shape}, refusing negative dims and counts above {@link #MAX_SIZE}.
     *
     * @param what names the request in the error message
     */
    public static int checkedSize(String what, int... shape) {
        long n = 1;
        boolean overflow = false;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(what + ": negative dimension " + d + " in shape " + format(shape));
            }
            n *= d;
            if (n > MAX_SIZE) {
                overflow = true;
                n = MAX_SIZE + 1L;
            }
        }
        for (int d : shape) {
            if (d == 0) {
                return 0;
            }
        }
        if (overflow) {
            throw new IllegalArgumentException(what + ": shape " + format(shape) + " has more than "
                    + MAX_SIZE + " elements, which one storage array cannot hold");
        }
        return (int) n;
    }

    public int rank() {
        return shape.length;
    }

    /** Total element count. */
    public int size() {
        return size;
    }

    public int offset() {
        return offset;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** A copy of the strides (in elements). */
    public int[] strides() {
        return strides.clone();
    }

    /** Size of {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[axis(axis, "dim")];
    }

    /** Stride of {@code axis}; negative axes count from the end. */
    public int stride(int axis) {
        return strides[axis(axis, "stride")];
    }

    /** Normalises a possibly negative axis, naming {@code op} when it is out of range. */
    public int axis(int axis, String op) {
        return normalizeAxis(axis, shape.length, op);
    }

    /** Normalises a possibly negative axis against {@code rank}. */
    public static int normalizeAxis(int axis, int rank, String op) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IndexOutOfBoundsException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank);
        }
        return a;
    }

    /** True when the elements are laid out row-major without gaps (size-1 dims are ignored). */
    public boolean isContiguous() {
        if (size == 0) {
            return true; // as NumPy: an empty array is both C- and F-contiguous, whatever its strides
        }
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            if (shape[d] == 0) {
                return true;
            }
            if (strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** True when the elements are laid out column-major without gaps (size-1 dims are ignored). */
    public boolean isFortran() {
        if (size == 0) {
            return true;
        }
        int expected = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (shape[d] == 0) {
                return true;
            }
            if (strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** Storage position of element {@code idx}; negative indices count from the end of their axis. */
    public int index(int... idx) {
        if (idx.length != shape.length) {
            throw new IllegalArgumentException("index has " + idx.length + " components but the tensor has rank "
                    + shape.length + " (shape " + format(shape) + ")");
        }
        int p = offset;
        for (int d = 0; d < idx.length; d++) {
            int i = idx[d] < 0 ? idx[d] + shape[d] : idx[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + idx[d] + " is out of bounds for axis " + d
                        + " with size " + shape[d] + " (shape " + format(shape) + ")");
            }
            p += i * strides[d];
        }
        return p;
    }

    /** Reorders axes: result axis {@code d} is input axis {@code axes[d]} (negative axes allowed). */
    public Layout permute(int... axes) {
        if (axes.length != shape.length) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " has " + axes.length
                    + " axes but the tensor has rank " + shape.length);
        }
        int[] ns = new int[axes.length];
        int[] nt = new int[axes.length];
        boolean[] seen = new boolean[axes.length];
        for (int d = 0; d < axes.length; d++) {
            int a = normalizeAxis(axes[d], shape.length, "permute");
            if (seen[a]) {
                throw new IllegalArgumentException("permute: axis " + axes[d] + " repeated in " + Arrays.toString(axes));
            }
            seen[a] = true;
            ns[d] = shape[a];
            nt[d] = strides[a];
        }
        return new Layout(ns, nt, offset, size);
    }

    /** Swaps two axes. */
    public Layout transpose(int a, int b) {
        int[] perm = new int[shape.length];
        for (int d = 0; d < perm.length; d++) {
            perm[d] = d;
        }
        int x = axis(a, "transpose");
        int y = axis(b, "transpose");
        perm[x] = y;
        perm[y] = x;
        return permute(perm);
    }

    /** Reverses all axes (NumPy's {@code .T}). */
    public Layout reversed() {
        int[] perm = new int[shape.length];
        for (int d = 0; d < perm.length; d++) {
            perm[d] = shape.length - 1 - d;
        }
        return permute(perm);
    }

    /**
     * Resolves a requested shape that may contain one {@code -1} against {@code size}; refuses shapes
     * whose count differs.
     */
    public static int[] resolveShape(String op, int size, int[] fromShape, int... newShape) {
        int[] ns = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int d = 0; d < ns.length; d++) {
            if (ns[d] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": can only infer one dimension in " + format(newShape));
                }
                infer = d;
            } else if (ns[d] < 0) {
                throw new IllegalArgumentException(op + ": negative dimension " + ns[d] + " in " + format(newShape));
            } else {
                known *= ns[d];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException(op + ": cannot reshape " + format(fromShape) + " (" + size
                        + " elements) into " + format(newShape));
            }
            ns[infer] = (int) (size / known);
        } else if (known != size) {
            throw new IllegalArgumentException(op + ": cannot reshape " + format(fromShape) + " (" + size
                    + " elements) into " + format(newShape) + " (" + known + " elements)");
        }
        return ns;
    }

    /**
     * The layout of {@code newShape} over the same storage, or {@code null} when the current strides
     * make that impossible without a copy (NumPy's {@code _attempt_nocopy_reshape}).
     */
    public Layout reshapeView(int... newShape) {
        int[] ns = resolveShape("reshape", size, shape, newShape);
        if (size == 0 || isContiguous()) {
            return new Layout(ns, contiguousStrides(ns), offset, size);
        }
        // Drop size-1 dims of the old layout: they constrain nothing.
        int oldNd = 0;
        int[] od = new int[shape.length];
        int[] os = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1) {
                od[oldNd] = shape[d];
                os[oldNd] = strides[d];
                oldNd++;
            }
        }
        int newNd = ns.length;
        int[] nst = new int[newNd];
        int oi = 0, oj = 1, ni = 0, nj = 1;
        while (ni < newNd && oi < oldNd) {
            long np = ns[ni];
            long op = od[oi];
            while (np != op) {
                if (np < op) {
                    np *= ns[nj++];
                } else {
                    op *= od[oj++];
                }
            }
            for (int ok = oi; ok < oj - 1; ok++) {
                if (os[ok] != od[ok + 1] * os[ok + 1]) {
                    return null;
                }
            }
            nst[nj - 1] = os[oj - 1];
            for (int nk = nj - 1; nk > ni; nk--) {
                nst[nk - 1] = nst[nk] * ns[nk];
            }
            ni = nj++;
            oi = oj++;
        }
        int last = ni >= 1 ? nst[ni - 1] : 1;
        for (int nk = ni; nk < newNd; nk++) {
            nst[nk] = last;
        }
        return new Layout(ns, nst, offset, size);
    }

    /**
     * NumPy basic slicing of one axis, {@code a[start:stop:step]}: {@code null} bounds mean "from the
     * beginning/to the end" in the direction of {@code step}; negative bounds count from the end;
     * out-of-range bounds are clamped; {@code step} may be negative but not zero.
     */
    public Layout slice(int axis, Integer start, Integer stop, int step) {
        int a = axis(axis, "slice");
        if (step == 0) {
            throw new IllegalArgumentException("slice: step cannot be zero (axis " + axis + ")");
        }
        int n = shape[a];
        int lo, hi;
        if (step > 0) {
            lo = start == null ? 0 : clamp(start < 0 ? start + n : start, 0, n);
            hi = stop == null ? n : clamp(stop < 0 ? stop + n : stop, 0, n);
        } else {
            lo = start == null ? n - 1 : clamp(start < 0 ? start + n : start, -1, n - 1);
            hi = stop == null ? -1 : clamp(stop < 0 ? stop + n : stop, -1, n - 1);
        }
        int len;
        // long arithmetic: hi - lo + step - 1 overflows int for steps near Integer.MAX_VALUE.
        if (step > 0) {
            len = hi > lo ? (int) (((long) hi - lo + step - 1) / step) : 0;
        } else {
            len = lo > hi ? (int) (((long) lo - hi - step - 1) / -(long) step) : 0;
        }
        int[] ns = shape.clone();
        int[] nt = strides.clone();
        ns[a] = len;
        // With at most one element the stride is never used; keep it from overflowing.
        nt[a] = len <= 1 ? strides[a] : strides[a] * step;
        int off = len == 0 ? offset : offset + lo * strides[a];
        return new Layout(ns, nt, off, checkedSize("slice", ns));
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Integer indexing of one axis, which drops it: {@code a[..., index, ...]}. */
    public Layout select(int axis, int index) {
        int a = axis(axis, "select");
        int i = index < 0 ? index + shape[a] : index;
        if (i < 0 || i >= shape[a]) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of bounds for axis " + axis
                    + " with size " + shape[a] + " (shape " + format(shape) + ")");
        }
        int[] ns = new int[shape.length - 1];
        int[] nt = new int[shape.length - 1];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (d != a) {
                ns[k] = shape[d];
                nt[k++] = strides[d];
            }
        }
        return new Layout(ns, nt, offset + i * strides[a], checkedSize("select", ns));
    }

    /** Broadcasts to {@code target} by NumPy's rules: new leading axes and size-1 axes get stride 0. */
    public Layout broadcastTo(int... target) {
        if (target.length < shape.length) {
            throw new IllegalArgumentException("broadcastTo: cannot broadcast " + format(shape) + " to "
                    + format(target) + ": target has fewer dimensions");
        }
        int[] nt = new int[target.length];
        int lead = target.length - shape.length;
        for (int d = 0; d < target.length; d++) {
            if (d < lead) {
                nt[d] = 0;
                continue;
            }
            int s = shape[d - lead];
            if (s == target[d]) {
                nt[d] = strides[d - lead];
            } else if (s == 1) {
                nt[d] = 0;
            } else {
                throw new IllegalArgumentException("broadcastTo: cannot broadcast " + format(shape) + " to "
                        + format(target) + ": axis " + d + " has size " + s + ", expected 1 or " + target[d]);
            }
        }
        return new Layout(target.clone(), nt, offset, checkedSize("broadcastTo", target));
    }

    /** NumPy's broadcast of two shapes; the error names {@code op} and both shapes. */
    public static int[] broadcastShapes(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int d = 0; d < n; d++) {
            int x = d - (n - a.length) >= 0 ? a[d - (n - a.length)] : 1;
            int y = d - (n - b.length) >= 0 ? b[d - (n - b.length)] : 1;
            if (x == y || y == 1) {
                out[d] = x;
            } else if (x == 1) {
                out[d] = y;
            } else {
                throw new IllegalArgumentException(op + ": shapes " + format(a) + " and " + format(b)
                        + " cannot be broadcast together (axis " + d + ": " + x + " vs " + y + ")");
            }
        }
        return out;
    }

    /** Removes every size-1 axis. */
    public Layout squeeze() {
        int k = 0;
        for (int s : shape) {
            if (s != 1) {
                k++;
            }
        }
        int[] ns = new int[k];
        int[] nt = new int[k];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (shape[d] != 1) {
                ns[j] = shape[d];
                nt[j++] = strides[d];
            }
        }
        return new Layout(ns, nt, offset, size);
    }

    /** Removes {@code axis}, which must have size 1. */
    public Layout squeeze(int axis) {
        int a = axis(axis, "squeeze");
        if (shape[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " has size " + shape[a]
                    + ", not 1 (shape " + format(shape) + ")");
        }
        return select(a, 0);
    }

    /** Inserts a size-1 axis so that it becomes axis {@code axis} of the result ({@code -1} appends). */
    public Layout unsqueeze(int axis) {
        int a = normalizeAxis(axis, shape.length + 1, "unsqueeze");
        int[] ns = new int[shape.length + 1];
        int[] nt = new int[shape.length + 1];
        for (int d = 0, k = 0; d < ns.length; d++) {
            if (d == a) {
                ns[d] = 1;
                nt[d] = d < shape.length ? strides[d] * Math.max(shape[d], 1) : 1;
            } else {
                ns[d] = shape[k];
                nt[d] = strides[k++];
            }
        }
        return new Layout(ns, nt, offset, size);
    }

    /**
     * NumPy's {@code diagonal(offset, axis1, axis2)}: removes both axes and appends one axis holding
     * elements {@code [i, i+k]} (k = {@code diagOffset}; negative k gives {@code [i-k, i]}).
     */
    public Layout diagonal(int diagOffset, int axis1, int axis2) {
        int a = axis(axis1, "diagonal");
        int b = axis(axis2, "diagonal");
        if (a == b) {
            throw new IllegalArgumentException("diagonal: axis1 and axis2 are both axis " + a);
        }
        int n1 = shape[a], n2 = shape[b];
        int off = offset;
        int len;
        if (diagOffset >= 0) {
            len = Math.max(0, Math.min(n1, n2 - diagOffset));
            if (len > 0) {
                off += diagOffset * strides[b];
            }
        } else {
            len = Math.max(0, Math.min(n1 + diagOffset, n2));
            if (len > 0) {
                off -= diagOffset * strides[a];
            }
        }
        int[] ns = new int[shape.length - 1];
        int[] nt = new int[shape.length - 1];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (d != a && d != b) {
                ns[k] = shape[d];
                nt[k++] = strides[d];
            }
        }
        ns[ns.length - 1] = len;
        nt[nt.length - 1] = strides[a] + strides[b];
        return new Layout(ns, nt, off, checkedSize("diagonal", ns));
    }

    /** Smallest and largest storage positions touched (for bounds checks); {@code {offset, offset}} if empty. */
    public int[] extent() {
        long lo = offset, hi = offset;
        if (size > 0) {
            for (int d = 0; d < shape.length; d++) {
                long span = (long) (shape[d] - 1) * strides[d];
                if (span < 0) {
                    lo += span;
                } else {
                    hi += span;
                }
            }
        }
        return new int[] {(int) lo, (int) hi};
    }

    /** Shape as NumPy prints it: {@code (2, 4)}, {@code (3,)}, {@code ()}. */
    public static String format(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int d = 0; d < shape.length; d++) {
            if (d > 0) {
                sb.append(", ");
            }
            sb.append(shape[d]);
        }
        return sb.append(')').toString();
    }

    /** Shape as error messages print it, compactly: {@code (2,4)}. */
    public static String compact(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int d = 0; d < shape.length; d++) {
            if (d > 0) {
                sb.append(',');
            }
            sb.append(shape[d]);
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && offset == l.offset && Arrays.equals(shape, l.shape)
                && Arrays.equals(strides, l.strides);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(strides)) + offset;
    }

    @Override
    public String toString() {
        return "Layout[shape=" + format(shape) + ", strides=" + Arrays.toString(strides) + ", offset=" + offset + "]";
    }
}
