package io.ricci.tensor;

import java.util.Arrays;

/**
 * Sorting, searching and scans with NumPy's semantics: stable sort/argsort along an axis (NaN last,
 * {@code -0.0} and {@code 0.0} equal so they keep their input order), cumsum/cumprod (int and bool
 * accumulate in int64), unique with counts (NaNs collapsed, NumPy 2's {@code equal_nan=True}) and
 * searchsorted. Each op moves its axis last in one contiguous copy and works on rows of a primitive
 * array, so no element is ever boxed.
 */
final class SortOps {
    private SortOps() {
    }

    // ---------------------------------------------------------------- axis plumbing

    private static int[] lastPerm(int rank, int ax) {
        int[] p = new int[rank];
        for (int i = 0, k = 0; i < rank; i++) {
            if (i != ax) {
                p[k++] = i;
            }
        }
        p[rank - 1] = ax;
        return p;
    }

    private static int[] inverse(int[] p) {
        int[] inv = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            inv[p[i]] = i;
        }
        return inv;
    }

    /** A contiguous tensor of {@code moved}'s shape over {@code data}, permuted back and made contiguous. */
    private static Tensor back(Tensor wrapped, int[] perm) {
        return wrapped.permute(inverse(perm)).contiguous();
    }

    // ---------------------------------------------------------------- sort

    static Tensor sort(Tensor t, int axis) {
        if (t.rank() == 0) {
            throw new IllegalArgumentException("sort: a zero-dimensional array has no axis " + axis + " to sort along");
        }
        int ax = t.layout().axis(axis, "sort");
        int[] perm = lastPerm(t.rank(), ax);
        Tensor m = t.permute(perm);
        int[] ms = m.shape();
        int n = ms[ms.length - 1];
        Layout l = Layout.contiguous(ms);
        Tensor w;
        switch (t.dtype()) {
            case F64 -> {
                double[] a = m.toDoubleArray();
                for (int s = 0; s < a.length; s += n) {
                    sortRow(a, s, s + n);
                }
                w = Tensor.ofStorage(l, a);
            }
            case F32 -> {
                float[] a = m.toFloatArray();
                for (int s = 0; s < a.length; s += n) {
                    sortRow(a, s, s + n);
                }
                w = Tensor.ofStorage(l, a);
            }
            case I32 -> {
                int[] a = m.toIntArray();
                for (int s = 0; s < a.length; s += n) {
                    Arrays.sort(a, s, s + n);
                }
                w = Tensor.ofStorage(l, a);
            }
            case I64 -> {
                long[] a = m.toLongArray();
                for (int s = 0; s < a.length; s += n) {
                    Arrays.sort(a, s, s + n);
                }
                w = Tensor.ofStorage(l, a);
            }
            default -> {
                boolean[] a = m.toBooleanArray();
                for (int s = 0; s < a.length; s += n) {
                    int f = 0;
                    for (int i = s; i < s + n; i++) {
                        f += a[i] ? 0 : 1;
                    }
                    Arrays.fill(a, s, s + f, false);
                    Arrays.fill(a, s + f, s + n, true);
                }
                w = Tensor.ofStorage(l, a);
            }
        }
        return back(w, perm);
    }

    /**
     * Arrays.sort orders -0.0 before 0.0 (Double.compare); NumPy's stable sort treats them as equal, so
     * the run of zeros is rewritten with the signs in input order. Arrays.sort already puts NaN last.
     */
    private static void sortRow(double[] a, int from, int to) {
        int neg = 0, pos = 0;
        for (int i = from; i < to; i++) {
            if (a[i] == 0) {
                if (Double.doubleToRawLongBits(a[i]) != 0) {
                    neg++;
                } else {
                    pos++;
                }
            }
        }
        double[] zeros = null;
        if (neg > 0 && pos > 0) {
            zeros = new double[neg + pos];
            for (int i = from, k = 0; i < to; i++) {
                if (a[i] == 0) {
                    zeros[k++] = a[i];
                }
            }
        }
        Arrays.sort(a, from, to);
        if (zeros != null) {
            int z = from;
            while (a[z] != 0) {
                z++;
            }
            System.arraycopy(zeros, 0, a, z, zeros.length);
        }
    }

    private static void sortRow(float[] a, int from, int to) {
        int neg = 0, pos = 0;
        for (int i = from; i < to; i++) {
            if (a[i] == 0) {
                if (Float.floatToRawIntBits(a[i]) != 0) {
                    neg++;
                } else {
                    pos++;
                }
            }
        }
        float[] zeros = null;
        if (neg > 0 && pos > 0) {
            zeros = new float[neg + pos];
            for (int i = from, k = 0; i < to; i++) {
                if (a[i] == 0) {
                    zeros[k++] = a[i];
                }
            }
        }
        Arrays.sort(a, from, to);
        if (zeros != null) {
            int z = from;
            while (a[z] != 0) {
                z++;
            }
            System.arraycopy(zeros, 0, a, z, zeros.length);
        }
    }

    // ---------------------------------------------------------------- keys and argsort

    /**
     * A long whose signed order is NumPy's sort order of the double: -0.0 maps to 0.0 and every NaN
     * to the canonical NaN, which lies above +inf.
     */
    static long key(double v) {
        long b = Double.doubleToLongBits(v == 0 ? 0.0 : v);
        return b ^ ((b >> 63) & 0x7fffffffffffffffL);
    }

    /** Row-major sort keys of a contiguous-or-not tensor. */
    private static long[] keys(Tensor m) {
        if (m.dtype().isFloat()) {
            double[] d = m.toDoubleArray(); // float32 widens exactly, so the order is the float order
            long[] k = new long[d.length];
            for (int i = 0; i < d.length; i++) {
                k[i] = key(d[i]);
            }
            return k;
        }
        return m.toLongArray();
    }

    static Tensor argsort(Tensor t, int axis) {
        if (t.rank() == 0) {
            throw new IllegalArgumentException("argsort: a zero-dimensional array has no axis " + axis + " to sort along");
        }
        int ax = t.layout().axis(axis, "argsort");
        int[] perm = lastPerm(t.rank(), ax);
        Tensor m = t.permute(perm);
        int[] ms = m.shape();
        int n = ms[ms.length - 1];
        long[] k = keys(m);
        long[] out = new long[k.length];
        int[] idx = new int[n], tmpIdx = new int[n];
        long[] rowK = new long[n], tmpK = new long[n];
        for (int s = 0; s < k.length; s += n) {
            System.arraycopy(k, s, rowK, 0, n);
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            mergeSort(rowK, idx, tmpK, tmpIdx, 0, n);
            for (int i = 0; i < n; i++) {
                out[s + i] = idx[i];
            }
        }
        return back(Tensor.ofStorage(Layout.contiguous(ms), out), perm);
    }

    /**
     * Stable merge sort of {@code k[lo, hi)} carrying {@code idx} along: keys and indices move
     * together so the inner loops read sequentially instead of through an index indirection.
     */
    private static void mergeSort(long[] k, int[] idx, long[] tk, int[] ti, int lo, int hi) {
        if (hi - lo <= 24) {
            for (int i = lo + 1; i < hi; i++) {
                long kv = k[i];
                int iv = idx[i];
                int j = i - 1;
                while (j >= lo && k[j] > kv) {
                    k[j + 1] = k[j];
                    idx[j + 1] = idx[j];
                    j--;
                }
                k[j + 1] = kv;
                idx[j + 1] = iv;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(k, idx, tk, ti, lo, mid);
        mergeSort(k, idx, tk, ti, mid, hi);
        if (k[mid - 1] <= k[mid]) {
            return; // already in order (common for presorted input)
        }
        System.arraycopy(k, lo, tk, lo, hi - lo);
        System.arraycopy(idx, lo, ti, lo, hi - lo);
        int i = lo, j = mid, o = lo;
        while (i < mid && j < hi) {
            if (tk[j] < tk[i]) {
                k[o] = tk[j];
                idx[o++] = ti[j++];
            } else {
                k[o] = tk[i];
                idx[o++] = ti[i++];
            }
        }
        while (i < mid) {
            k[o] = tk[i];
            idx[o++] = ti[i++];
        }
        while (j < hi) {
            k[o] = tk[j];
            idx[o++] = ti[j++];
        }
    }

    // ---------------------------------------------------------------- scans

    static Tensor cumsum(Tensor t, Integer axis) {
        return scan(t, axis, false);
    }

    static Tensor cumprod(Tensor t, Integer axis) {
        return scan(t, axis, true);
    }

    /** Sequential scan in the result dtype (float32 accumulates in float32, as NumPy's cumsum). */
    private static Tensor scan(Tensor t, Integer axis, boolean prod) {
        String op = prod ? "cumprod" : "cumsum";
        if (axis == null) {
            return scan(t.flatten(), 0, prod);
        }
        if (t.rank() == 0) {
            return scan(t.reshape(1), 0, prod);
        }
        int ax = t.layout().axis(axis, op);
        int[] perm = lastPerm(t.rank(), ax);
        Tensor m = t.permute(perm);
        int[] ms = m.shape();
        int n = ms[ms.length - 1];
        Layout l = Layout.contiguous(ms);
        Tensor w;
        switch (t.dtype()) {
            case F64 -> {
                double[] a = m.toDoubleArray();
                for (int s = 0; s < a.length; s += n) {
                    for (int i = s + 1; i < s + n; i++) {
                        a[i] = prod ? a[i - 1] * a[i] : a[i - 1] + a[i];
                    }
                }
                w = Tensor.ofStorage(l, a);
            }
            case F32 -> {
                float[] a = m.toFloatArray();
                for (int s = 0; s < a.length; s += n) {
                    for (int i = s + 1; i < s + n; i++) {
                        a[i] = prod ? a[i - 1] * a[i] : a[i - 1] + a[i];
                    }
                }
                w = Tensor.ofStorage(l, a);
            }
            default -> {
                long[] a = m.toLongArray(); // int and bool accumulate in int64 (NumPy's default int)
                for (int s = 0; s < a.length; s += n) {
                    for (int i = s + 1; i < s + n; i++) {
                        a[i] = prod ? a[i - 1] * a[i] : a[i - 1] + a[i];
                    }
                }
                w = Tensor.ofStorage(l, a);
            }
        }
        return back(w, perm);
    }

    // ---------------------------------------------------------------- unique

    static Unique uniqueCounts(Tensor t) {
        Tensor s = sort(t.flatten(), 0);
        int n = s.size();
        long[] counts = new long[n];
        int[] firsts = new int[n];
        int u = 0;
        if (s.dtype().isFloat()) {
            double[] d = s.toDoubleArray();
            for (int i = 0; i < n; i++) {
                // NaN == NaN here (equal_nan=True): NaNs sort last, so they form one run.
                if (u > 0 && (d[i] == d[firsts[u - 1]] || (Double.isNaN(d[i]) && Double.isNaN(d[firsts[u - 1]])))) {
                    counts[u - 1]++;
                } else {
                    firsts[u] = i;
                    counts[u++] = 1;
                }
            }
        } else {
            long[] d = s.toLongArray();
            for (int i = 0; i < n; i++) {
                if (u > 0 && d[i] == d[firsts[u - 1]]) {
                    counts[u - 1]++;
                } else {
                    firsts[u] = i;
                    counts[u++] = 1;
                }
            }
        }
        Tensor values = s.take(0, Arrays.copyOf(firsts, u));
        return new Unique(values, Tensor.ofStorage(Layout.contiguous(u), Arrays.copyOf(counts, u)));
    }

    // ---------------------------------------------------------------- searchsorted

    /**
     * np.searchsorted(a, v, side): for each value the insertion index into the 1-D ascending
     * {@code a} (NumPy's order, NaN last), as int64 with {@code v}'s shape.
     */
    static Tensor searchsorted(Tensor a, Tensor v, String side) {
        if (a.rank() != 1) {
            throw new IllegalArgumentException("searchsorted: the sorted array must be 1-D, not shape "
                    + Layout.format(a.shape()));
        }
        boolean right;
        if ("left".equals(side)) {
            right = false;
        } else if ("right".equals(side)) {
            right = true;
        } else {
            throw new IllegalArgumentException("searchsorted: side must be 'left' or 'right', not '" + side + "'");
        }
        DType common = DType.promote(a.dtype(), v.dtype());
        long[] ka = keys(a.astype(common));
        long[] kv = keys(v.astype(common));
        long[] out = new long[kv.length];
        for (int i = 0; i < kv.length; i++) {
            long x = kv[i];
            int lo = 0, hi = ka.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (right ? ka[mid] <= x : ka[mid] < x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out[i] = lo;
        }
        return Tensor.ofStorage(Layout.contiguous(v.shape()), out);
    }
}
