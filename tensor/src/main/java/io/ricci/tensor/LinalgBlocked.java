package io.ricci.tensor;

/**
 * Blocked, right-looking LU with partial pivoting and Cholesky on row-major float64 matrices, in the
 * shape of LAPACK's getrf/potrf: a narrow panel is factored by the plain algorithm, and the update
 * of the trailing matrix, which holds almost all of the n³ work, is one GEMM through Ricci's own
 * kernel ({@link Kernels#GEMM_F64}). EJML's decompositions are unblocked loops (a column at a time),
 * so past a few hundred rows they run at memory speed while this runs at GEMM speed; below
 * {@link #MIN_BLOCKED} {@link Linalg} keeps EJML, which is then as fast and is this class's test
 * oracle.
 *
 * <p>Rounding differs from EJML's (different summation order), not the result's accuracy: both are
 * backward stable to a few ulps times the growth factor, as getrf is.
 */
final class LinalgBlocked {
    /** Below this order the panel would be the whole matrix: EJML's unblocked code is used instead. */
    static final int MIN_BLOCKED = 96;
    /** inv solves m right-hand sides, where the blocked solve's GEMMs pay off from a smaller order. */
    static final int MIN_BLOCKED_INV = 32;
    /**
     * Panel width for order n. The panel and the triangular solve beside it are scalar loops of
     * n²·nb/2 multiply-adds each, the trailing GEMMs get a depth of nb: narrow panels win while the
     * GEMMs are small, wider ones once they are big (getrf's block size plays the same part).
     */
    static int panelWidth(int n) {
        return n < 512 ? 24 : 48;
    }

    private LinalgBlocked() {
    }

    /**
     * Factors the n×n row-major matrix {@code a} in place into L (unit lower, below the diagonal)
     * and U (upper, on and above it) with {@code P·A = L·U}; {@code piv[i]} is the row swapped with
     * row i at step i (LAPACK's ipiv, 0-based). Returns the first column with an exactly zero pivot,
     * or -1; as getrf, the factorization still completes in that case.
     */
    static int lu(double[] a, int n, int[] piv, int nb, int threads) {
        int info = -1;
        for (int j = 0; j < n; j += nb) {
            int w = Math.min(nb, n - j);
            int panelInfo = panel(a, n, j, w, piv);
            if (info < 0 && panelInfo >= 0) {
                info = panelInfo;
            }
            // The panel's row swaps, applied to the columns left and right of it.
            for (int i = j; i < j + w; i++) {
                int p = piv[i];
                if (p != i) {
                    swapRows(a, n, i, p, 0, j);
                    swapRows(a, n, i, p, j + w, n);
                }
            }
            int r = n - j - w;
            if (r == 0) {
                continue;
            }
            // U12 = L11^-1 A12 (unit lower triangular solve, w rows of the r right columns).
            for (int i = j + 1; i < j + w; i++) {
                int ri = i * n;
                for (int p = j; p < i; p++) {
                    double l = a[ri + p];
                    if (l != 0) {
                        int rp = p * n;
                        for (int c = j + w; c < n; c++) {
                            a[ri + c] -= l * a[rp + c];
                        }
                    }
                }
            }
            // A22 -= L21 · U12
            int off22 = (j + w) * n + j + w;
            Kernels.GEMM_F64.gemm(r, r, w, -1.0,
                    a, (j + w) * n + j, n, 1,
                    a, j * n + j + w, n, 1,
                    1.0, a, off22, n, 1, threads);
        }
        return info;
    }

    /** Unblocked LU of columns j..j+w of rows j..n (getf2); returns the first zero-pivot column or -1. */
    private static int panel(double[] a, int n, int j, int w, int[] piv) {
        int info = -1;
        for (int k = j; k < j + w; k++) {
            int p = k;
            double best = Math.abs(a[k * n + k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(a[i * n + k]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            piv[k] = p;
            if (p != k) {
                swapRows(a, n, k, p, j, j + w);
            }
            double d = a[k * n + k];
            if (d == 0) {
                if (info < 0) {
                    info = k;
                }
                continue;
            }
            double inv = 1.0 / d;
            for (int i = k + 1; i < n; i++) {
                int ri = i * n;
                double l = a[ri + k] * inv;
                a[ri + k] = l;
                if (l != 0) {
                    int rk = k * n;
                    for (int c = k + 1; c < j + w; c++) {
                        a[ri + c] -= l * a[rk + c];
                    }
                }
            }
        }
        return info;
    }

    private static void swapRows(double[] a, int n, int r1, int r2, int from, int to) {
        int o1 = r1 * n, o2 = r2 * n;
        for (int c = from; c < to; c++) {
            double t = a[o1 + c];
            a[o1 + c] = a[o2 + c];
            a[o2 + c] = t;
        }
    }

    /**
     * Overwrites the n×k row-major {@code x} with {@code A^-1 x} from {@link #lu}'s factors (getrs):
     * the row swaps, then the two triangular solves, each blocked so that the off-diagonal blocks are
     * GEMMs. With many right-hand sides (inv) the diagonal blocks are GEMMs too, by their inverses:
     * substitution there would be a scalar loop over all k columns for every pair of the block's rows.
     */
    static void luSolve(double[] lu, int n, int[] piv, double[] x, int k, int nb, int threads) {
        for (int i = 0; i < n; i++) {
            if (piv[i] != i) {
                swapRows(x, k, i, piv[i], 0, k);
            }
        }
        boolean wide = k >= WIDE_RHS;
        double[] tri = wide ? new double[nb * nb] : null;
        double[] tmp = wide ? new double[nb * k] : null;
        // L y = P b, block row by block row: X[b] -= L[b, 0:b] X[0:b], then the unit diagonal block.
        for (int j = 0; j < n; j += nb) {
            int w = Math.min(nb, n - j);
            if (j > 0) {
                Kernels.GEMM_F64.gemm(w, k, j, -1.0, lu, j * n, n, 1, x, 0, k, 1, 1.0, x, j * k, k, 1, threads);
            }
            if (wide) {
                invertDiagonalBlock(lu, n, j, w, true, tri);
                applyBlock(tri, w, x, j, k, tmp, threads);
                continue;
            }
            for (int i = j + 1; i < j + w; i++) {
                for (int p = j; p < i; p++) {
                    axpyRow(x, k, i, p, -lu[i * n + p]);
                }
            }
        }
        // U x = y, from the bottom block row up.
        for (int j = ((n - 1) / nb) * nb; j >= 0; j -= nb) {
            int w = Math.min(nb, n - j);
            int below = n - j - w;
            if (below > 0) {
                Kernels.GEMM_F64.gemm(w, k, below, -1.0, lu, j * n + j + w, n, 1, x, (j + w) * k, k, 1,
                        1.0, x, j * k, k, 1, threads);
            }
            if (wide) {
                invertDiagonalBlock(lu, n, j, w, false, tri);
                applyBlock(tri, w, x, j, k, tmp, threads);
                continue;
            }
            for (int i = j + w - 1; i >= j; i--) {
                for (int p = i + 1; p < j + w; p++) {
                    axpyRow(x, k, i, p, -lu[i * n + p]);
                }
                double inv = 1.0 / lu[i * n + i];
                int ri = i * k;
                for (int c = 0; c < k; c++) {
                    x[ri + c] *= inv;
                }
            }
        }
    }

    /** Right-hand sides from which the diagonal blocks of {@link #luSolve} go through their inverses. */
    static final int WIDE_RHS = 16;

    /**
     * The inverse of the w×w diagonal block at (j, j) of the factors, into {@code t} (row-major, w
     * columns): of the unit lower L11 when {@code lower}, else of U11. Column by column substitution
     * with the identity, w³/3 multiply-adds.
     */
    private static void invertDiagonalBlock(double[] lu, int n, int j, int w, boolean lower, double[] t) {
        java.util.Arrays.fill(t, 0, w * w, 0.0);
        if (lower) {
            for (int c = 0; c < w; c++) {
                t[c * w + c] = 1;
                for (int i = c + 1; i < w; i++) {
                    double s = 0;
                    int ri = (j + i) * n + j;
                    for (int p = c; p < i; p++) {
                        s -= lu[ri + p] * t[p * w + c];
                    }
                    t[i * w + c] = s;
                }
            }
        } else {
            for (int c = w - 1; c >= 0; c--) {
                for (int i = c; i >= 0; i--) {
                    int ri = (j + i) * n + j;
                    double s = i == c ? 1 : 0;
                    for (int p = i + 1; p <= c; p++) {
                        s -= lu[ri + p] * t[p * w + c];
                    }
                    t[i * w + c] = s / lu[ri + i];
                }
            }
        }
    }

    /** Rows j..j+w of x (k columns) replaced by {@code t · x[j..j+w]}, through a copy (C may not alias B). */
    private static void applyBlock(double[] t, int w, double[] x, int j, int k, double[] tmp, int threads) {
        System.arraycopy(x, j * k, tmp, 0, w * k);
        Kernels.GEMM_F64.gemm(w, k, w, 1.0, t, 0, w, 1, tmp, 0, k, 1, 0.0, x, j * k, k, 1, threads);
    }

    /** Row i of x += s · row p of x (k columns). */
    private static void axpyRow(double[] x, int k, int i, int p, double s) {
        if (s == 0) {
            return;
        }
        int ri = i * k, rp = p * k;
        for (int c = 0; c < k; c++) {
            x[ri + c] += s * x[rp + c];
        }
    }

    /**
     * Lower Cholesky factor in place (potrf, 'L'): reads the lower triangle of the n×n row-major
     * {@code a}, leaves L there and zeroes the strict upper triangle. Returns the order (1-based) of
     * the first leading minor that is not positive definite, as potrf's info, or 0.
     */
    static int cholesky(double[] a, int n, int nb, int threads) {
        for (int j = 0; j < n; j += nb) {
            int w = Math.min(nb, n - j);
            // A11 -= L10 L10ᵀ and A21 -= L20 L10ᵀ: the block column's update by the columns left of it,
            // as one GEMM over rows j..n (the upper half of its diagonal block is computed and ignored).
            if (j > 0) {
                Kernels.GEMM_F64.gemm(n - j, w, j, -1.0, a, j * n, n, 1, a, j * n, 1, n,
                        1.0, a, j * n + j, n, 1, threads);
            }
            // Unblocked Cholesky of the diagonal block.
            for (int c = j; c < j + w; c++) {
                double d = a[c * n + c];
                for (int p = j; p < c; p++) {
                    d -= a[c * n + p] * a[c * n + p];
                }
                if (!(d > 0)) {
                    return c + 1;
                }
                d = Math.sqrt(d);
                a[c * n + c] = d;
                double inv = 1.0 / d;
                for (int i = c + 1; i < j + w; i++) {
                    double s = a[i * n + c];
                    for (int p = j; p < c; p++) {
                        s -= a[i * n + p] * a[c * n + p];
                    }
                    a[i * n + c] = s * inv;
                }
            }
            // L21 = A21 L11^-T, row by row (each row is a forward substitution with L11).
            for (int i = j + w; i < n; i++) {
                int ri = i * n;
                for (int c = j; c < j + w; c++) {
                    double s = a[ri + c];
                    int rc = c * n;
                    for (int p = j; p < c; p++) {
                        s -= a[ri + p] * a[rc + p];
                    }
                    a[ri + c] = s / a[rc + c];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int c = i + 1; c < n; c++) {
                a[i * n + c] = 0;
            }
        }
        return 0;
    }
}
