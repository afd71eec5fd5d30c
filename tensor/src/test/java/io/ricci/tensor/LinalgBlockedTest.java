package io.ricci.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The blocked LU and Cholesky against EJML's unblocked decompositions (the oracle), over orders
 * around the panel width and block counts, with panel widths down to 1 so that small matrices
 * take many blocked steps; and Linalg's routines past the blocked threshold against EJML.
 */
class LinalgBlockedTest {

    static Stream<Arguments> sizes() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int n : new int[] {0, 1, 2, 7, 16, 17, 33, 48, 49, 97, 130}) {
            for (int nb : new int[] {1, 3, 16, 24, 48}) {
                b.add(Arguments.of(n, nb));
            }
        }
        return b.build();
    }

    private static double[] randn(long seed, int n, int k) {
        return Tensor.randn(new Rng(seed), DType.F64, n, k).toDoubleArray();
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @ParameterizedTest(name = "lu n={0} nb={1}")
    @MethodSource("sizes")
    void luSolvesLikeEjml(int n, int nb) {
        double[] a = randn(n * 31L + nb, n, n);
        double[] b = randn(n * 37L + nb, n, 3);
        double[] lu = a.clone();
        int[] piv = new int[n];
        assertEquals(-1, LinalgBlocked.lu(lu, n, piv, nb, 2));
        // P·A = L·U, reconstructed
        double[] pa = a.clone();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < n; c++) {
                double t = pa[i * n + c];
                pa[i * n + c] = pa[piv[i] * n + c];
                pa[piv[i] * n + c] = t;
            }
        }
        double err = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < n; c++) {
                double s = 0;
                for (int p = 0; p <= Math.min(i, c); p++) {
                    s += (p == i ? 1 : lu[i * n + p]) * lu[p * n + c];
                }
                err = Math.max(err, Math.abs(s - pa[i * n + c]));
            }
        }
        assertTrue(err <= 1e-12 * Math.max(1, n) * Math.max(1, maxAbs(a)), "reconstruction error " + err);
        // the solve against EJML's
        double[] x = b.clone();
        LinalgBlocked.luSolve(lu, n, piv, x, 3, nb, 2);
        if (n > 0) {
            DMatrixRMaj ex = new DMatrixRMaj(n, 3);
            assertTrue(CommonOps_DDRM.solve(DMatrixRMaj.wrap(n, n, a.clone()), DMatrixRMaj.wrap(n, 3, b.clone()), ex));
            double scale = Math.max(1, maxAbs(ex.data));
            for (int i = 0; i < x.length; i++) {
                assertEquals(ex.data[i], x[i], 1e-9 * scale, "x[" + i + "]");
            }
        }
    }

    @ParameterizedTest(name = "cholesky n={0} nb={1}")
    @MethodSource("sizes")
    void choleskyLikeEjml(int n, int nb) {
        double[] g = randn(n * 41L + nb, n, n);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < n; c++) {
                double s = i == c ? n : 0;
                for (int p = 0; p < n; p++) {
                    s += g[i * n + p] * g[c * n + p];
                }
                a[i * n + c] = s;
            }
        }
        double[] l = a.clone();
        for (int i = 0; i < n; i++) {
            for (int c = i + 1; c < n; c++) {
                l[i * n + c] = Double.NaN; // potrf reads the lower triangle only
            }
        }
        assertEquals(0, LinalgBlocked.cholesky(l, n, nb, 2));
        if (n > 0) {
            CholeskyDecomposition_F64<DMatrixRMaj> ch = DecompositionFactory_DDRM.chol(n, true);
            assertTrue(ch.decompose(DMatrixRMaj.wrap(n, n, a.clone())));
            double[] e = ch.getT(null).data;
            double scale = Math.sqrt(maxAbs(a));
            for (int i = 0; i < n * n; i++) {
                assertEquals(e[i], l[i], 1e-11 * scale, "L[" + i / n + ", " + i % n + "]");
            }
        }
    }

    @ParameterizedTest(name = "zero pivot in column {0} nb={1}")
    @MethodSource("zeroColumns")
    void zeroPivotIsReported(int col, int nb) {
        int n = 20;
        double[] a = randn(col, n, n);
        for (int i = 0; i < n; i++) {
            a[i * n + col] = 0;
        }
        assertEquals(col, LinalgBlocked.lu(a, n, new int[n], nb, 1));
    }

    static Stream<Arguments> zeroColumns() {
        return Stream.of(Arguments.of(0, 4), Arguments.of(5, 4), Arguments.of(8, 4), Arguments.of(19, 4),
                Arguments.of(7, 1), Arguments.of(13, 48));
    }

    @ParameterizedTest(name = "not positive definite at minor {0} nb={1}")
    @MethodSource("zeroColumns")
    void choleskyReportsTheMinor(int col, int nb) {
        int n = 20;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = i == col ? -1 : 2;
        }
        assertEquals(col + 1, LinalgBlocked.cholesky(a, n, nb, 1));
    }

    /** Linalg past the blocked threshold agrees with the EJML path it replaces there. */
    @ParameterizedTest(name = "Linalg n={0}")
    @MethodSource("bigSizes")
    void linalgAboveTheThreshold(int n) {
        Tensor a = Tensor.randn(new Rng(n), DType.F64, 2, n, n);
        Tensor b = Tensor.randn(new Rng(n + 1), DType.F64, 2, n, 4);
        Tensor x = Linalg.solve(a, b);
        Tensor inv = Linalg.inv(a);
        Tensor det = Linalg.det(a);
        Linalg.Slogdet sl = Linalg.slogdet(a);
        for (int i = 0; i < 2; i++) {
            DMatrixRMaj ea = DMatrixRMaj.wrap(n, n, a.select(0, i).toDoubleArray());
            DMatrixRMaj ex = new DMatrixRMaj(n, 4);
            CommonOps_DDRM.solve(ea.copy(), DMatrixRMaj.wrap(n, 4, b.select(0, i).toDoubleArray()), ex);
            close(ex.data, x.select(0, i).toDoubleArray(), 1e-9, "solve");
            DMatrixRMaj einv = new DMatrixRMaj(n, n);
            CommonOps_DDRM.invert(ea.copy(), einv);
            close(einv.data, inv.select(0, i).toDoubleArray(), 1e-9, "inv");
            double ed = CommonOps_DDRM.det(ea.copy());
            assertEquals(ed, det.select(0, i).item(), 1e-9 * Math.abs(ed), "det");
            assertEquals(Math.signum(ed), sl.sign().select(0, i).item(), "slogdet sign");
            assertEquals(Math.log(Math.abs(ed)), sl.logabsdet().select(0, i).item(), 1e-9, "slogdet log");
        }
        Tensor spd = a.matmul(a.transpose(-1, -2)).add(Tensor.eye(DType.F64, n).mul(n));
        Tensor l = Linalg.cholesky(spd);
        close(spd.toDoubleArray(), l.matmul(l.transpose(-1, -2)).toDoubleArray(), 1e-12, "L Lᵀ");
        double[] flat = l.toDoubleArray();
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < n; i++) {
                for (int c = i + 1; c < n; c++) {
                    assertEquals(0.0, flat[k * n * n + i * n + c], "upper triangle of L");
                }
            }
        }
    }

    static Stream<Integer> bigSizes() {
        return Stream.of(LinalgBlocked.MIN_BLOCKED_INV, 47, LinalgBlocked.MIN_BLOCKED, 131, 257);
    }

    @ParameterizedTest(name = "singular n={0}")
    @MethodSource("bigSizes")
    void singularAboveTheThreshold(int n) {
        Tensor a = Tensor.randn(new Rng(n), DType.F64, n, n);
        a.slice(1, 3, 4, 1).mul_(0.0);
        LinalgException e = assertThrows(LinalgException.class, () -> Linalg.inv(a));
        assertTrue(e.getMessage().contains("inv: the matrix is singular (zero pivot in column 3"), e.getMessage());
        assertEquals(0.0, Math.abs(Linalg.det(a).item()), "det of a singular matrix");
        assertEquals(Double.NEGATIVE_INFINITY, Linalg.slogdet(a).logabsdet().item());
        Tensor neg = Tensor.eye(DType.F64, n);
        neg.set(-1, n - 2, n - 2);
        LinalgException c = assertThrows(LinalgException.class, () -> Linalg.cholesky(neg));
        assertTrue(c.getMessage().contains("not positive definite at leading minor " + (n - 1)), c.getMessage());
    }

    private static void close(double[] expected, double[] actual, double rel, String what) {
        double scale = Math.max(1, maxAbs(expected));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rel * scale, what + "[" + i + "]");
        }
    }
}
