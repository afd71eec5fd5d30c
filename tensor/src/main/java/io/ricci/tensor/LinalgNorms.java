package io.ricci.tensor;

import java.util.Arrays;

/** The loops behind {@link Linalg#norm}: the reduced axes are moved last and copied row-major. */
final class LinalgNorms {
    private LinalgNorms() {
    }

    /** Normalized axes: given ones, or all of a 1-d or 2-d x. */
    static int[] axes(Tensor x, int[] axis) {
        int r = x.rank();
        if (axis.length == 0) {
            if (r != 1 && r != 2) {
                throw new IllegalArgumentException("norm: with an ord, x must be 1-d or 2-d unless axes are given, got shape "
                        + Layout.format(x.shape()));
            }
            return r == 1 ? new int[] {0} : new int[] {0, 1};
        }
        if (axis.length > 2) {
            throw new IllegalArgumentException("norm: at most 2 axes, got " + Arrays.toString(axis));
        }
        int[] out = new int[axis.length];
        for (int i = 0; i < axis.length; i++) {
            int a = axis[i] < 0 ? axis[i] + r : axis[i];
            if (a < 0 || a >= r) {
                throw new IllegalArgumentException("norm: axis " + axis[i] + " is out of range for shape " + Layout.format(x.shape()));
            }
            out[i] = a;
        }
        if (out.length == 2 && out[0] == out[1]) {
            throw new IllegalArgumentException("norm: duplicate axes " + Arrays.toString(axis));
        }
        return out;
    }

    /** x with the given axes moved to the end (others keep their order), and the kept shape. */
    private static Tensor moveLast(Tensor x, int... last) {
        int r = x.rank();
        int[] perm = new int[r];
        int q = 0;
        for (int d = 0; d < r; d++) {
            boolean moved = false;
            for (int l : last) {
                moved |= l == d;
            }
            if (!moved) {
                perm[q++] = d;
            }
        }
        for (int l : last) {
            perm[q++] = l;
        }
        return x.permute(perm);
    }

    private static int[] kept(Tensor x, int... removed) {
        int[] s = new int[x.rank() - removed.length];
        int q = 0;
        for (int d = 0; d < x.rank(); d++) {
            boolean rem = false;
            for (int l : removed) {
                rem |= l == d;
            }
            if (!rem) {
                s[q++] = x.dim(d);
            }
        }
        return s;
    }

    static Tensor vector(Tensor x, double ord, int axis) {
        int len = x.dim(axis);
        int[] shape = kept(x, axis);
        double[] v = moveLast(x, axis).toDoubleArray();
        int rows = len == 0 ? Layout.contiguous(shape).size() : v.length / len;
        if (len == 0 && Double.isInfinite(ord) && rows > 0) {
            throw new IllegalArgumentException("norm: ord " + ord + " of an empty vector (axis " + axis + " of shape "
                    + Layout.format(x.shape()) + ") has no value");
        }
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = vectorNorm(v, i * len, len, ord);
        }
        return LinalgBatch.result(x.dtype(), out, shape);
    }

    static double vectorNorm(double[] v, int off, int len, double ord) {
        double acc;
        if (ord == Double.POSITIVE_INFINITY || ord == Double.NEGATIVE_INFINITY) {
            boolean max = ord > 0;
            acc = Math.abs(v[off]);
            for (int j = 1; j < len; j++) {
                double a = Math.abs(v[off + j]);
                acc = max ? Math.max(acc, a) : Math.min(acc, a); // Math.max/min propagate NaN like np.max
            }
            return acc;
        }
        acc = 0;
        if (ord == 0) {
            for (int j = 0; j < len; j++) {
                acc += v[off + j] != 0 ? 1 : 0; // NaN != 0 counts, as in NumPy
            }
            return acc;
        }
        if (ord == 1) {
            for (int j = 0; j < len; j++) {
                acc += Math.abs(v[off + j]);
            }
            return acc;
        }
        if (ord == 2) {
            for (int j = 0; j < len; j++) {
                acc += v[off + j] * v[off + j];
            }
            return Math.sqrt(acc);
        }
        for (int j = 0; j < len; j++) {
            acc += Math.pow(Math.abs(v[off + j]), ord);
        }
        return Math.pow(acc, 1 / ord);
    }

    /** A matrix norm: {@code name} is "fro" or "nuc" (then ord is ignored) or null for a numeric ord. */
    static Tensor matrix(Tensor x, double ord, String name, int rowAxis, int colAxis) {
        boolean fro = "fro".equals(name);
        boolean nuc = "nuc".equals(name);
        int m = x.dim(rowAxis);
        int n = x.dim(colAxis);
        int[] shape = kept(x, rowAxis, colAxis);
        boolean svdOrd = !fro && (nuc || ord == 2 || ord == -2);
        if (!(svdOrd || fro || nuc || ord == 1 || ord == -1 || Double.isInfinite(ord))) {
            throw new IllegalArgumentException("norm: invalid matrix norm order " + ord
                    + " (expected 1, -1, 2, -2, inf, -inf, 'fro' or 'nuc')");
        }
        Tensor moved = moveLast(x, rowAxis, colAxis);
        int count = Layout.contiguous(shape).size();
        double[] out = new double[count];
        if (svdOrd) {
            if ((m == 0 || n == 0) && !nuc && count > 0) {
                throw new IllegalArgumentException("norm: ord " + (int) ord + " of an empty " + m + "x" + n + " matrix has no value");
            }
            LinalgBatch la = LinalgBatch.of("norm", moved, false, false);
            boolean finite = true;
            for (double d : la.data) {
                finite &= Double.isFinite(d);
            }
            if (!finite) {
                Arrays.fill(out, Double.NaN); // NumPy's SVD-based norms give nan for NaN or inf entries
                return LinalgBatch.result(x.dtype(), out, shape);
            }
            Tensor s = Linalg.svd(Tensor.wrap(la.data, moved.shape()), false, false).s();
            double[] sv = s.toDoubleArray();
            int k = Math.min(m, n);
            for (int i = 0; i < count; i++) {
                double r = nuc ? 0 : sv[i * k + (ord == 2 ? 0 : k - 1)];
                if (nuc) {
                    for (int j = 0; j < k; j++) {
                        r += sv[i * k + j];
                    }
                }
                out[i] = r;
            }
            return LinalgBatch.result(x.dtype(), out, shape);
        }
        double[] v = moved.toDoubleArray();
        if ((m == 0 || n == 0) && !fro && count > 0) {
            throw new IllegalArgumentException("norm: ord " + ord + " of an empty " + m + "x" + n + " matrix has no value");
        }
        for (int i = 0; i < count; i++) {
            int o = i * m * n;
            if (fro) {
                out[i] = vectorNorm(v, o, m * n, 2);
            } else if (ord == 1 || ord == -1) {
                // max (min) over columns of the column's absolute sum
                double best = Double.NaN;
                for (int c = 0; c < n; c++) {
                    double s = 0;
                    for (int r = 0; r < m; r++) {
                        s += Math.abs(v[o + r * n + c]);
                    }
                    best = c == 0 ? s : ord > 0 ? Math.max(best, s) : Math.min(best, s);
                }
                out[i] = best;
            } else {
                double best = Double.NaN;
                for (int r = 0; r < m; r++) {
                    double s = 0;
                    for (int c = 0; c < n; c++) {
                        s += Math.abs(v[o + r * n + c]);
                    }
                    best = r == 0 ? s : ord > 0 ? Math.max(best, s) : Math.min(best, s);
                }
                out[i] = best;
            }
        }
        return LinalgBatch.result(x.dtype(), out, shape);
    }
}
