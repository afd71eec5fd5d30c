package io.ricci.tensor;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * NumPy's {@code numpy.linalg} over stacks of matrices: every routine takes {@code [..., m, n]} and
 * works on each matrix of the leading (batch) axes; inputs may be any view (strided, transposed)
 * of float32 or float64, and results have the input's dtype.
 *
 * <p>Computed in double precision on a row-major copy of each matrix: by EJML, except that from
 * order 96 (32 for inv) the LU behind solve/inv/det/slogdet and the Cholesky
 * factorization are blocked over Ricci's GEMM, as LAPACK's getrf/potrf are,
 * where EJML's unblocked loops would run at memory speed. Float32 input is
 * widened to double, computed there and rounded once at the end, so float32 results are at least
 * as accurate as NumPy's float32 LAPACK; default tolerances ({@link #lstsq}, {@link #matrixRank},
 * {@link #pinv}) still use float32's epsilon for float32 input, as NumPy does.
 *
 * <p>Errors, as {@link LinalgException} naming the routine and the matrix of the batch:
 * {@link #solve}/{@link #inv} on an exactly singular matrix (a zero pivot in partially pivoted LU,
 * when LAPACK's getrf reports one), {@link #cholesky} when a leading minor is not positive
 * definite, and every routine except {@link #norm} on a NaN or infinite entry (where NumPy raises
 * for SVD/eigh and silently returns NaN for solve/inv/det, Ricci always raises). {@link #norm}
 * propagates NaN and inf like NumPy. Sign and order: singular values descend, eigenvalues of
 * {@link #eigh} ascend; the signs of the columns of Q, U, V and eigenvectors are EJML's (as in
 * LAPACK they are not unique).
 */
public final class Linalg {
    private Linalg() {
    }

    /** Q and R of {@link #qr}: {@code a = q @ r}. */
    public record Qr(Tensor q, Tensor r) {
    }

    /** {@link #svd}: {@code a = u @ diag(s) @ vh}; {@code u} and {@code vh} are null without compute_uv. */
    public record Svd(Tensor u, Tensor s, Tensor vh) {
    }

    /** {@link #eigh}: ascending eigenvalues {@code [..., n]} and eigenvectors as columns {@code [..., n, n]}. */
    public record Eigh(Tensor eigenvalues, Tensor eigenvectors) {
    }

    /** {@link #slogdet}: {@code det = sign * exp(logabsdet)}; sign 0 and logabsdet -inf for singular. */
    public record Slogdet(Tensor sign, Tensor logabsdet) {
    }

    /**
     * {@link #lstsq}, as NumPy: the solution {@code [n]} or {@code [n, k]}, squared residual norms
     * ({@code [k]}, {@code [1]} for 1-d b, or {@code [0]} when rank < n or m <= n), the rank and
     * the singular values of a (descending).
     */
    public record Lstsq(Tensor solution, Tensor residuals, int rank, Tensor singularValues) {
    }

    // ---------------------------------------------------------------- LU: solve, inv, det, slogdet

    /**
     * NumPy's {@code solve(a, b)}: x with {@code a @ x = b}; a is {@code [..., m, m]}, b is
     * {@code [m]} (a vector, for every matrix of a) or {@code [..., m, k]} with batch axes broadcast
     * against a's.
     */
    public static Tensor solve(Tensor a, Tensor b) {
        LinalgBatch.checkFloat("solve", a);
        LinalgBatch.checkFloat("solve", b);
        if (a.rank() < 2 || a.dim(-1) != a.dim(-2)) {
            throw new IllegalArgumentException("solve: a must be [..., m, m], got shape " + Layout.format(a.shape()));
        }
        int m = a.dim(-1);
        boolean vec = b.rank() == 1;
        Tensor b2 = vec ? b.unsqueeze(1) : b;
        if (b2.rank() < 2 || b2.dim(-2) != m) {
            throw new IllegalArgumentException("solve: a of shape " + Layout.format(a.shape()) + " and b of shape "
                    + Layout.format(b.shape()) + " do not match: b must be [" + m + "] or [..., " + m + ", k]");
        }
        int k = b2.dim(-1);
        int[] batchA = Arrays.copyOf(a.shape(), a.rank() - 2);
        int[] batchB = vec ? new int[0] : Arrays.copyOf(b2.shape(), b2.rank() - 2);
        int[] batch = Layout.broadcastShapes("solve", batchA, batchB);
        int[] fa = Arrays.copyOf(batch, batch.length + 2);
        fa[batch.length] = m;
        fa[batch.length + 1] = m;
        int[] fb = fa.clone();
        fb[batch.length + 1] = k;
        DType dt = DType.promote(a.dtype(), b.dtype());
        LinalgBatch la = LinalgBatch.of("solve", a.broadcastTo(fa), true, true);
        LinalgBatch lb = LinalgBatch.of("solve", b2.broadcastTo(fb), false, true);
        double[] out = new double[lb.data.length];
        for (int i = 0; i < la.count; i++) {
            double[] x = lb.matrix(i);
            if (m >= LinalgBlocked.MIN_BLOCKED) {
                Factors f = blockedLuOrThrow(la, i);
                LinalgBlocked.luSolve(f.lu, m, f.piv, x, k, LinalgBlocked.panelWidth(m), Parallel.threads());
            } else {
                luSolve(luOrThrow(la, i), DMatrixRMaj.wrap(m, k, x));
            }
            System.arraycopy(x, 0, out, i * m * k, m * k);
        }
        int[] shape = vec ? Arrays.copyOf(batch, batch.length + 1) : fb;
        if (vec) {
            shape[batch.length] = m;
        }
        return LinalgBatch.result(dt, out, shape);
    }

    /** NumPy's {@code inv}: the inverse of each {@code [..., m, m]} matrix. */
    public static Tensor inv(Tensor a) {
        LinalgBatch la = LinalgBatch.of("inv", a, true, true);
        int m = la.m;
        double[] out = new double[la.data.length];
        for (int i = 0; i < la.count; i++) {
            DMatrixRMaj x = CommonOps_DDRM.identity(m);
            if (m >= LinalgBlocked.MIN_BLOCKED_INV) {
                Factors f = blockedLuOrThrow(la, i);
                LinalgBlocked.luSolve(f.lu, m, f.piv, x.data, m, LinalgBlocked.panelWidth(m), Parallel.threads());
            } else {
                luSolve(luOrThrow(la, i), x);
            }
            System.arraycopy(x.data, 0, out, i * m * m, m * m);
        }
        return la.result(out, a.shape());
    }

    /** NumPy's {@code det}: {@code [...]}; 0 for a singular matrix, 1 for 0x0. */
    public static Tensor det(Tensor a) {
        LinalgBatch la = LinalgBatch.of("det", a, true, true);
        double[] out = new double[la.count];
        for (int i = 0; i < la.count; i++) {
            // sign of the permutation times the product of U's diagonal, as NumPy (inf on overflow)
            out[i] = la.m == 0 ? 1 : directDet(la, i);
        }
        return la.result(out, la.batchShape);
    }

    /** NumPy's {@code slogdet}: sign (-1, 0, 1) and natural log of |det|, without overflow. */
    public static Slogdet slogdet(Tensor a) {
        LinalgBatch la = LinalgBatch.of("slogdet", a, true, true);
        double[] sign = new double[la.count];
        double[] log = new double[la.count];
        for (int i = 0; i < la.count; i++) {
            double[] sl = slogdet(la, i);
            sign[i] = sl[0];
            log[i] = sl[1];
        }
        return new Slogdet(la.result(sign, la.batchShape), la.result(log, la.batchShape));
    }

    private static double[] slogdet(LinalgBatch la, int i) {
        int m = la.m;
        if (m == 0) {
            return new double[] {1, 0};
        }
        double[] u;
        double sign;
        if (m >= LinalgBlocked.MIN_BLOCKED) {
            Factors f = blockedLu(la, i);
            u = f.lu;
            sign = f.swapSign();
        } else {
            LUDecompositionAlt_DDRM lu = new LUDecompositionAlt_DDRM();
            lu.decompose(DMatrixRMaj.wrap(m, m, la.matrix(i)));
            u = lu.getLU().data;
            sign = permutationSign(lu.getPivot(), m);
        }
        double log = 0;
        for (int j = 0; j < m; j++) {
            double d = u[j * m + j];
            if (d == 0) {
                return new double[] {0, Double.NEGATIVE_INFINITY};
            }
            if (d < 0) {
                sign = -sign;
            }
            log += Math.log(Math.abs(d));
        }
        return new double[] {sign, log};
    }

    private static double directDet(LinalgBatch la, int i) {
        if (la.m >= LinalgBlocked.MIN_BLOCKED) {
            // As EJML's computeDeterminant and getrf-based det: the sign times U's diagonal product.
            Factors f = blockedLu(la, i);
            double det = f.swapSign();
            for (int j = 0; j < la.m; j++) {
                det *= f.lu[j * la.m + j];
            }
            return det;
        }
        LUDecompositionAlt_DDRM lu = new LUDecompositionAlt_DDRM();
        lu.decompose(DMatrixRMaj.wrap(la.m, la.m, la.matrix(i)));
        return lu.computeDeterminant().real;
    }

    private static double permutationSign(int[] pivot, int m) {
        boolean[] seen = new boolean[m];
        double sign = 1;
        for (int s = 0; s < m; s++) {
            if (seen[s]) {
                continue;
            }
            int len = 0;
            for (int j = s; !seen[j]; j = pivot[j]) {
                seen[j] = true;
                len++;
            }
            if (len % 2 == 0) {
                sign = -sign;
            }
        }
        return sign;
    }

    /** Blocked LU factors of one matrix: L\\U in place and the row swaps (getrf's ipiv, 0-based). */
    private record Factors(double[] lu, int[] piv, int info) {
        /** The sign of the row permutation: -1 per actual swap. */
        double swapSign() {
            double s = 1;
            for (int i = 0; i < piv.length; i++) {
                if (piv[i] != i) {
                    s = -s;
                }
            }
            return s;
        }
    }

    private static Factors blockedLu(LinalgBatch la, int i) {
        double[] a = la.matrix(i);
        int[] piv = new int[la.m];
        int info = LinalgBlocked.lu(a, la.m, piv, LinalgBlocked.panelWidth(la.m), Parallel.threads());
        return new Factors(a, piv, info);
    }

    private static Factors blockedLuOrThrow(LinalgBatch la, int i) {
        Factors f = blockedLu(la, i);
        if (f.info >= 0) {
            throw new LinalgException(la.op + ": " + la.which(i) + " is singular (zero pivot in column " + f.info
                    + " of its LU factorization)");
        }
        return f;
    }

    /** LU with partial pivoting of matrix i; a zero pivot (getrf's info > 0) is an error. */
    private static LUDecompositionAlt_DDRM luOrThrow(LinalgBatch la, int i) {
        int m = la.m;
        LUDecompositionAlt_DDRM lu = new LUDecompositionAlt_DDRM();
        lu.decompose(DMatrixRMaj.wrap(m, m, la.matrix(i)));
        double[] u = lu.getLU().data;
        for (int j = 0; j < m; j++) {
            if (u[j * m + j] == 0) {
                throw new LinalgException(la.op + ": " + la.which(i) + " is singular (zero pivot in column " + j
                        + " of its LU factorization)");
            }
        }
        return lu;
    }

    /** Overwrites x (m x k) with LU^-1 P x, column by column. */
    private static void luSolve(LUDecompositionAlt_DDRM lu, DMatrixRMaj x) {
        int m = x.numRows;
        int k = x.numCols;
        double[] col = new double[m];
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < m; r++) {
                col[r] = x.data[r * k + c];
            }
            lu._solveVectorInternal(col);
            for (int r = 0; r < m; r++) {
                x.data[r * k + c] = col[r];
            }
        }
    }

    // ---------------------------------------------------------------- cholesky, qr, eigh

    /**
     * NumPy's {@code cholesky}: lower-triangular L with {@code a = L @ L^T}, reading only the lower
     * triangle of a (UPLO 'L'); not positive definite is an error naming the leading minor (1-based,
     * as LAPACK's potrf info).
     */
    public static Tensor cholesky(Tensor a) {
        LinalgBatch la = LinalgBatch.of("cholesky", a, true, true);
        int m = la.m;
        double[] out = new double[la.data.length];
        for (int i = 0; i < la.count; i++) {
            double[] mat = la.matrix(i);
            if (m >= LinalgBlocked.MIN_BLOCKED) {
                double[] keep = mat.clone();
                if (LinalgBlocked.cholesky(mat, m, LinalgBlocked.panelWidth(m), Parallel.threads()) != 0) {
                    symmetrizeFromLower(keep, m);
                    throw notPositiveDefinite(la, i, keep);
                }
                System.arraycopy(mat, 0, out, i * m * m, m * m);
                continue;
            }
            symmetrizeFromLower(mat, m);
            double[] keep = mat.clone();
            CholeskyDecomposition_F64<DMatrixRMaj> ch = DecompositionFactory_DDRM.chol(m, true);
            DMatrixRMaj A = DMatrixRMaj.wrap(m, m, mat);
            if (m > 0 && !ch.decompose(A)) {
                throw notPositiveDefinite(la, i, keep);
            }
            DMatrixRMaj l = m == 0 ? new DMatrixRMaj(0, 0) : ch.getT(null);
            for (int r = 0; r < m; r++) {
                for (int c = 0; c <= r; c++) {
                    double v = l.data[r * m + c];
                    if (c == r && !(v > 0)) {
                        throw notPositiveDefinite(la, i, keep);
                    }
                    out[i * m * m + r * m + c] = v;
                }
            }
        }
        return la.result(out, a.shape());
    }

    /** Finds the first leading minor that is not positive definite by the plain (unblocked) algorithm. */
    private static LinalgException notPositiveDefinite(LinalgBatch la, int i, double[] a) {
        int m = la.m;
        double[] l = new double[m * m];
        int minor = m;
        outer:
        for (int j = 0; j < m; j++) {
            double d = a[j * m + j];
            for (int p = 0; p < j; p++) {
                d -= l[j * m + p] * l[j * m + p];
            }
            if (!(d > 0)) {
                minor = j + 1;
                break outer;
            }
            double s = Math.sqrt(d);
            l[j * m + j] = s;
            for (int r = j + 1; r < m; r++) {
                double v = a[r * m + j];
                for (int p = 0; p < j; p++) {
                    v -= l[r * m + p] * l[j * m + p];
                }
                l[r * m + j] = v / s;
            }
        }
        return new LinalgException("cholesky: " + la.which(i) + " is not positive definite at leading minor " + minor);
    }

    private static void symmetrizeFromLower(double[] a, int m) {
        for (int r = 0; r < m; r++) {
            for (int c = r + 1; c < m; c++) {
                a[r * m + c] = a[c * m + r];
            }
        }
    }

    /** {@link #qr(Tensor, boolean)} in NumPy's default mode, "reduced". */
    public static Qr qr(Tensor a) {
        return qr(a, false);
    }

    /**
     * NumPy's {@code qr}, mode "reduced" ({@code complete = false}: Q {@code [..., m, k]}, R
     * {@code [..., k, n]}, k = min(m, n)) or "complete" (Q {@code [..., m, m]}, R {@code [..., m, n]}).
     * Householder QR; the signs of R's rows (and Q's columns) need not match LAPACK's.
     */
    public static Qr qr(Tensor a, boolean complete) {
        LinalgBatch la = LinalgBatch.of("qr", a, false, true);
        int m = la.m;
        int n = la.n;
        int k = Math.min(m, n);
        int qc = complete ? m : k;
        int rr = complete ? m : k;
        double[] qOut = new double[la.count * m * qc];
        double[] rOut = new double[la.count * rr * n];
        for (int i = 0; i < la.count; i++) {
            if (k == 0) {
                for (int d = 0; d < Math.min(m, qc); d++) {
                    qOut[i * m * qc + d * qc + d] = 1;
                }
                continue;
            }
            QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(m, n);
            if (!qr.decompose(DMatrixRMaj.wrap(m, n, la.matrix(i)))) {
                throw new LinalgException("qr: " + la.which(i) + ": the decomposition failed");
            }
            DMatrixRMaj q = qr.getQ(null, !complete);
            DMatrixRMaj r = qr.getR(null, !complete);
            System.arraycopy(q.data, 0, qOut, i * m * qc, m * qc);
            System.arraycopy(r.data, 0, rOut, i * rr * n, rr * n);
        }
        return new Qr(la.result(qOut, la.shape(m, qc)), la.result(rOut, la.shape(rr, n)));
    }

    /** {@link #eigh(Tensor, boolean)} reading the lower triangle (NumPy's default UPLO 'L'). */
    public static Eigh eigh(Tensor a) {
        return eigh(a, false);
    }

    /**
     * NumPy's {@code eigh}: eigenvalues in ascending order and orthonormal eigenvectors (columns)
     * of each symmetric matrix, which is read from its lower triangle, or its upper one when
     * {@code upper} (UPLO 'U'); the other triangle is ignored.
     */
    public static Eigh eigh(Tensor a, boolean upper) {
        LinalgBatch la = LinalgBatch.of("eigh", a, true, true);
        int m = la.m;
        double[] w = new double[la.count * m];
        double[] v = new double[la.count * m * m];
        for (int i = 0; i < la.count; i++) {
            if (m == 0) {
                continue;
            }
            double[] mat = la.matrix(i);
            if (upper) {
                transposeInPlace(mat, m);
            }
            symmetrizeFromLower(mat, m);
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true, true);
            if (!eig.decompose(DMatrixRMaj.wrap(m, m, mat))) {
                throw new LinalgException("eigh: " + la.which(i) + ": the eigenvalue iteration did not converge");
            }
            Integer[] order = new Integer[m];
            double[] vals = new double[m];
            for (int j = 0; j < m; j++) {
                order[j] = j;
                vals[j] = eig.getEigenvalue(j).real;
            }
            Arrays.sort(order, (x, y) -> Double.compare(vals[x], vals[y]));
            for (int j = 0; j < m; j++) {
                int src = order[j];
                w[i * m + j] = vals[src];
                DMatrixRMaj vec = eig.getEigenVector(src);
                if (vec == null) {
                    throw new LinalgException("eigh: " + la.which(i) + ": no eigenvector for eigenvalue " + vals[src]);
                }
                double norm = 0;
                for (int r = 0; r < m; r++) {
                    norm += vec.data[r] * vec.data[r];
                }
                norm = Math.sqrt(norm);
                for (int r = 0; r < m; r++) {
                    v[i * m * m + r * m + j] = vec.data[r] / norm;
                }
            }
        }
        return new Eigh(la.result(w, la.shape(m)), la.result(v, la.shape(m, m)));
    }

    private static void transposeInPlace(double[] a, int m) {
        for (int r = 0; r < m; r++) {
            for (int c = r + 1; c < m; c++) {
                double t = a[r * m + c];
                a[r * m + c] = a[c * m + r];
                a[c * m + r] = t;
            }
        }
    }

    // ---------------------------------------------------------------- SVD and what is built on it

    /** {@link #svd(Tensor, boolean, boolean)} with NumPy's defaults: full_matrices and compute_uv true. */
    public static Svd svd(Tensor a) {
        return svd(a, true, true);
    }

    /**
     * NumPy's {@code svd}: singular values {@code [..., k]} (k = min(m, n), descending) and, with
     * {@code computeUv}, U ({@code [..., m, m]} when {@code fullMatrices}, else {@code [..., m, k]})
     * and Vh ({@code [..., n, n]} or {@code [..., k, n]}).
     */
    public static Svd svd(Tensor a, boolean fullMatrices, boolean computeUv) {
        LinalgBatch la = LinalgBatch.of("svd", a, false, true);
        int m = la.m;
        int n = la.n;
        int k = Math.min(m, n);
        int uc = fullMatrices ? m : k;
        int vr = fullMatrices ? n : k;
        double[] s = new double[la.count * k];
        double[] u = computeUv ? new double[la.count * m * uc] : null;
        double[] vh = computeUv ? new double[la.count * vr * n] : null;
        for (int i = 0; i < la.count; i++) {
            Decomposed d = decompose(la, i, computeUv, !fullMatrices);
            System.arraycopy(d.s, 0, s, i * k, k);
            if (computeUv) {
                System.arraycopy(d.u, 0, u, i * m * uc, m * uc);
                System.arraycopy(d.vh, 0, vh, i * vr * n, vr * n);
            }
        }
        Tensor st = la.result(s, la.shape(k));
        if (!computeUv) {
            return new Svd(null, st, null);
        }
        return new Svd(la.result(u, la.shape(m, uc)), st, la.result(vh, la.shape(vr, n)));
    }

    /** Singular values (descending) and optionally U and Vh (compact or full) of matrix i, in double. */
    private record Decomposed(double[] s, double[] u, double[] vh) {
    }

    private static Decomposed decompose(LinalgBatch la, int i, boolean uv, boolean compact) {
        int m = la.m;
        int n = la.n;
        int k = Math.min(m, n);
        if (k == 0) {
            double[] u = null;
            double[] vh = null;
            if (uv) {
                int uc = compact ? k : m;
                int vr = compact ? k : n;
                u = new double[m * uc];
                vh = new double[vr * n];
                for (int d = 0; d < uc; d++) {
                    u[d * uc + d] = 1;
                }
                for (int d = 0; d < vr; d++) {
                    vh[d * n + d] = 1;
                }
            }
            return new Decomposed(new double[0], u, vh);
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, uv, uv, compact);
        if (!svd.decompose(DMatrixRMaj.wrap(m, n, la.matrix(i)))) {
            throw new LinalgException(la.op + ": " + la.which(i) + ": the SVD did not converge");
        }
        double[] sv = Arrays.copyOf(svd.getSingularValues(), svd.numberOfSingularValues());
        if (!uv) {
            Arrays.sort(sv);
            double[] desc = new double[k];
            for (int j = 0; j < k; j++) {
                desc[j] = sv[sv.length - 1 - j];
            }
            return new Decomposed(desc, null, null);
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj vt = svd.getV(null, true);
        SingularOps_DDRM.descendingOrder(u, false, sv, sv.length, vt, true);
        return new Decomposed(Arrays.copyOf(sv, k), u.data, vt.data);
    }

    /**
     * NumPy's {@code pinv} with its default cutoff: singular values at most
     * {@code max(m, n) * eps * largest} count as zero (eps of the input dtype).
     */
    public static Tensor pinv(Tensor a) {
        return pinv(a, Double.NaN);
    }

    /**
     * NumPy 2's {@code pinv(a, rtol=rtol)} (also its rcond): singular values at most
     * {@code rtol * largest} count as zero; NaN means the default {@code max(m, n) * eps}.
     * Result {@code [..., n, m]}.
     */
    public static Tensor pinv(Tensor a, double rtol) {
        LinalgBatch la = LinalgBatch.of("pinv", a, false, true);
        int m = la.m;
        int n = la.n;
        int k = Math.min(m, n);
        double tol = Double.isNaN(rtol) ? Math.max(m, n) * la.eps() : rtol;
        double[] out = new double[la.count * n * m];
        for (int i = 0; i < la.count; i++) {
            if (k == 0) {
                continue;
            }
            Decomposed d = decompose(la, i, true, true);
            double cutoff = tol * d.s[0];
            // pinv = V diag(1/s) U^T: out[c][r] = sum_j vh[j][c] * u[r][j] / s[j]
            int o = i * n * m;
            for (int j = 0; j < k; j++) {
                if (!(d.s[j] > cutoff)) {
                    continue;
                }
                double inv = 1 / d.s[j];
                for (int c = 0; c < n; c++) {
                    double vc = d.vh[j * n + c] * inv;
                    for (int r = 0; r < m; r++) {
                        out[o + c * m + r] += vc * d.u[r * k + j];
                    }
                }
            }
        }
        return la.result(out, la.shape(n, m));
    }

    /** NumPy's {@code matrix_rank} with its default tolerance {@code largest * max(m, n) * eps}. */
    public static Tensor matrixRank(Tensor a) {
        return matrixRank(a, Double.NaN);
    }

    /**
     * NumPy's {@code matrix_rank(a, tol)}: the number of singular values greater than {@code tol}
     * (NaN: the default) per matrix, as an int64 tensor of the batch shape (0-d for one matrix), as
     * NumPy returns it.
     */
    public static Tensor matrixRank(Tensor a, double tol) {
        LinalgBatch la = LinalgBatch.of("matrix_rank", a, false, true);
        long[] out = new long[la.count];
        for (int i = 0; i < la.count; i++) {
            double[] s = decompose(la, i, false, true).s;
            double t = Double.isNaN(tol) ? (s.length == 0 ? 0 : s[0] * Math.max(la.m, la.n) * la.eps()) : tol;
            int r = 0;
            for (double v : s) {
                if (v > t) {
                    r++;
                }
            }
            out[i] = r;
        }
        return Tensor.of(out).reshape(la.batchShape); // of(data, shape) reads an empty shape as 1-D
    }

    /** {@link #lstsq(Tensor, Tensor, double)} with NumPy 2's default rcond, {@code eps * max(m, n)}. */
    public static Lstsq lstsq(Tensor a, Tensor b) {
        return lstsq(a, b, Double.NaN);
    }

    /**
     * NumPy's {@code lstsq(a, b, rcond)} for one matrix a {@code [m, n]} and b {@code [m]} or
     * {@code [m, k]} (NumPy's lstsq is not batched either): the minimum-norm least-squares solution,
     * by SVD, treating singular values at most {@code rcond * largest} as zero; NaN means the
     * default.
     */
    public static Lstsq lstsq(Tensor a, Tensor b, double rcond) {
        LinalgBatch.checkFloat("lstsq", a);
        LinalgBatch.checkFloat("lstsq", b);
        if (a.rank() != 2) {
            throw new IllegalArgumentException("lstsq: a must be 2-dimensional [m, n], got shape " + Layout.format(a.shape()));
        }
        boolean vec = b.rank() == 1;
        if ((b.rank() != 1 && b.rank() != 2) || b.dim(0) != a.dim(0)) {
            throw new IllegalArgumentException("lstsq: b of shape " + Layout.format(b.shape()) + " does not match a of shape "
                    + Layout.format(a.shape()) + ": b must be [" + a.dim(0) + "] or [" + a.dim(0) + ", k]");
        }
        DType dt = DType.promote(a.dtype(), b.dtype());
        LinalgBatch la = LinalgBatch.of("lstsq", a, false, true);
        LinalgBatch lb = LinalgBatch.of("lstsq", vec ? b.unsqueeze(1) : b, false, true);
        int m = la.m;
        int n = la.n;
        int kk = lb.n;
        int k = Math.min(m, n);
        double eps = dt == DType.F32 ? Math.ulp(1.0f) : Math.ulp(1.0);
        double rc = Double.isNaN(rcond) ? eps * Math.max(m, n) : rcond;
        Decomposed d = decompose(la, 0, true, true);
        double cutoff = k == 0 ? 0 : rc * d.s[0];
        double[] x = new double[n * kk];
        int rank = 0;
        double[] ub = new double[kk];
        for (int j = 0; j < k; j++) {
            if (!(d.s[j] > cutoff)) {
                continue;
            }
            rank++;
            // x += v_j (u_j . b) / s_j
            Arrays.fill(ub, 0);
            for (int r = 0; r < m; r++) {
                double uj = d.u[r * k + j];
                for (int c = 0; c < kk; c++) {
                    ub[c] += uj * lb.data[r * kk + c];
                }
            }
            for (int row = 0; row < n; row++) {
                double vj = d.vh[j * n + row] / d.s[j];
                for (int c = 0; c < kk; c++) {
                    x[row * kk + c] += vj * ub[c];
                }
            }
        }
        double[] res;
        if (rank == n && m > n) {
            res = new double[kk];
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < kk; c++) {
                    double e = lb.data[r * kk + c];
                    for (int p = 0; p < n; p++) {
                        e -= la.data[r * n + p] * x[p * kk + c];
                    }
                    res[c] += e * e;
                }
            }
        } else {
            res = new double[0];
        }
        Tensor sol = LinalgBatch.result(dt, x, vec ? new int[] {n} : new int[] {n, kk});
        return new Lstsq(sol, LinalgBatch.result(dt, res, res.length), rank, LinalgBatch.result(dt, d.s, k));
    }

    // ---------------------------------------------------------------- norm

    /** NumPy's {@code norm(x)}: the 2-norm of x flattened (Frobenius for a matrix). */
    public static Tensor norm(Tensor x) {
        LinalgBatch.checkFloat("norm", x);
        return LinalgNorms.vector(x.reshape(x.size()), 2, 0);
    }

    /**
     * NumPy's {@code norm(x, ord, axis)} with a numeric ord: one axis (or none for 1-d x) gives a
     * vector norm (ord inf, -inf, 0 = count of non-zeros, 1, 2, any p); two axes (or none for 2-d
     * x) a matrix norm (ord 1, -1, 2, -2, inf, -inf). Axes may be negative; the reduced axes are
     * removed.
     */
    public static Tensor norm(Tensor x, double ord, int... axis) {
        LinalgBatch.checkFloat("norm", x);
        int[] ax = LinalgNorms.axes(x, axis);
        return ax.length == 1 ? LinalgNorms.vector(x, ord, ax[0]) : LinalgNorms.matrix(x, ord, null, ax[0], ax[1]);
    }

    /** NumPy's {@code norm(x, "fro" | "nuc", axis)}: a matrix norm over two axes (none for 2-d x). */
    public static Tensor norm(Tensor x, String ord, int... axis) {
        LinalgBatch.checkFloat("norm", x);
        int[] ax = LinalgNorms.axes(x, axis);
        if (ax.length != 2) {
            throw new IllegalArgumentException("norm: ord '" + ord + "' is a matrix norm and needs two axes, got "
                    + Arrays.toString(axis) + " for shape " + Layout.format(x.shape()));
        }
        return switch (ord) {
            case "fro" -> LinalgNorms.matrix(x, 0, "fro", ax[0], ax[1]);
            case "nuc" -> LinalgNorms.matrix(x, 0, "nuc", ax[0], ax[1]);
            default -> throw new IllegalArgumentException("norm: unknown ord '" + ord + "' (expected 'fro' or 'nuc')");
        };
    }
}
