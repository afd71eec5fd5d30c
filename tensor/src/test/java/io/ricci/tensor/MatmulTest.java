package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Tensor#matmul} against an independent element-by-element oracle written here with
 * {@link Tensor#get}: NumPy semantics (1-D promotion, batch broadcasting, dtype promotion), views as
 * operands, {@code out}, and the error table.
 */
class MatmulTest {
    private int savedThreads;

    @BeforeEach
    void saveThreads() {
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** Naive 2-D product of two rank-2 tensors, accumulated in double. */
    static double[][] naive2d(Tensor a, Tensor b) {
        int m = a.dim(0), k = a.dim(1), n = b.dim(1);
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a.get(i, p) * b.get(p, j);
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    /** Bound on |error| of a k-term dot product: k·eps·Σ|a||b| plus one rounding of the result. */
    static double tol(Tensor a, Tensor b, DType dt, int i, int j) {
        double eps = dt == DType.F32 ? 0x1p-23 : 0x1p-52;
        int k = a.dim(1);
        double s = 0;
        for (int p = 0; p < k; p++) {
            s += Math.abs(a.get(i, p) * b.get(p, j));
        }
        return (k + 2) * eps * s + Double.MIN_NORMAL;
    }

    static void assertMatches2d(Tensor a, Tensor b, Tensor c) {
        double[][] want = naive2d(a, b);
        assertThat(c.shape()).containsExactly(a.dim(0), b.dim(1));
        for (int i = 0; i < want.length; i++) {
            for (int j = 0; j < want[i].length; j++) {
                double t = tol(a, b, DType.promote(a.dtype(), b.dtype()), i, j);
                double got = c.get(i, j);
                if (Math.abs(got - want[i][j]) > t) {
                    throw new AssertionError("C[" + i + "," + j + "] = " + got + ", expected " + want[i][j]
                            + " ± " + t + " for " + a.layout() + " @ " + b.layout());
                }
            }
        }
    }

    @Test
    void smallExactProduct() {
        Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor b = Tensor.of(new double[][] {{7, 8}, {9, 10}, {11, 12}});
        Tensor c = a.matmul(b);
        assertThat(c.shape()).containsExactly(2, 2);
        assertThat(c.toDoubleArray()).containsExactly(58, 64, 139, 154);
        assertThat(c.dtype()).isEqualTo(DType.F64);
    }

    @Test
    void vectorDotVectorIsZeroDimensional() {
        Tensor c = Tensor.of(1, 2, 3).matmul(Tensor.of(4, 5, 6));
        assertThat(c.rank()).isZero();
        assertThat(c.item()).isEqualTo(32.0);
    }

    @Test
    void vectorTimesMatrixDropsRowAxis() {
        Tensor v = Tensor.of(1, 2);
        Tensor mtx = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor c = v.matmul(mtx);
        assertThat(c.shape()).containsExactly(3);
        assertThat(c.toDoubleArray()).containsExactly(9, 12, 15);
    }

    @Test
    void matrixTimesVectorDropsColumnAxis() {
        Tensor mtx = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor c = mtx.matmul(Tensor.of(1, 0, -1));
        assertThat(c.shape()).containsExactly(2);
        assertThat(c.toDoubleArray()).containsExactly(-2, -2);
    }

    @Test
    void vectorTimesBatchBroadcastsAndDropsAxis() {
        // (3,) @ (2,3,4) -> (2,4): NumPy promotes the vector to (1,3), broadcasts, removes the 1.
        Tensor v = Tensor.randn(1, DType.F64, 3);
        Tensor bt = Tensor.randn(2, DType.F64, 2, 3, 4);
        Tensor c = v.matmul(bt);
        assertThat(c.shape()).containsExactly(2, 4);
        for (int s = 0; s < 2; s++) {
            assertMatches2d(v.unsqueeze(0), bt.select(0, s), c.select(0, s).unsqueeze(0));
        }
        // (2,3,4) @ (4,) -> (2,3)
        Tensor w = Tensor.randn(3, DType.F64, 4);
        Tensor d = bt.matmul(w);
        assertThat(d.shape()).containsExactly(2, 3);
        for (int s = 0; s < 2; s++) {
            assertMatches2d(bt.select(0, s), w.unsqueeze(1), d.select(0, s).unsqueeze(1));
        }
    }

    @Test
    void mixedDtypesPromoteToFloat64() {
        Tensor a = Tensor.rand(4, DType.F32, 5, 6);
        Tensor b = Tensor.rand(5, DType.F64, 6, 7);
        Tensor c = a.matmul(b);
        assertThat(c.dtype()).isEqualTo(DType.F64);
        assertMatches2d(a.astype(DType.F64), b, c);
        assertThat(b.T().matmul(a.T()).dtype()).isEqualTo(DType.F64);
    }

    @Test
    void float32StaysFloat32() {
        Tensor a = Tensor.rand(6, DType.F32, 3, 4);
        Tensor c = a.matmul(a.T());
        assertThat(c.dtype()).isEqualTo(DType.F32);
        assertMatches2d(a, a.T(), c);
    }

    @Test
    void operandsAreNotModified() {
        Tensor a = Tensor.randn(7, DType.F32, 20, 30);
        Tensor b = Tensor.randn(8, DType.F32, 30, 10);
        float[] a0 = a.toFloatArray();
        float[] b0 = b.toFloatArray();
        a.matmul(b);
        assertThat(a.toFloatArray()).containsExactly(a0);
        assertThat(b.toFloatArray()).containsExactly(b0);
    }

    static Stream<Arguments> zeroSizes() {
        return Stream.of(
                Arguments.of(new int[] {0, 3}, new int[] {3, 4}, new int[] {0, 4}),
                Arguments.of(new int[] {3, 0}, new int[] {0, 4}, new int[] {3, 4}),
                Arguments.of(new int[] {3, 5}, new int[] {5, 0}, new int[] {3, 0}),
                Arguments.of(new int[] {0}, new int[] {0}, new int[] {}),
                Arguments.of(new int[] {0, 2, 3}, new int[] {3, 4}, new int[] {0, 2, 4}),
                Arguments.of(new int[] {2, 1, 3, 0}, new int[] {3, 0, 5}, new int[] {2, 3, 3, 5}));
    }

    @ParameterizedTest
    @MethodSource("zeroSizes")
    void zeroSizeDimensions(int[] sa, int[] sb, int[] sc) {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor c = Tensor.ones(dt, sa).matmul(Tensor.ones(dt, sb));
            assertThat(c.shape()).containsExactly(sc);
            for (int i = 0; i < c.size(); i++) {
                assertThat(c.getFlat(i)).isZero();
            }
        }
    }

    @Test
    void innerDimensionZeroOverwritesOut() {
        Tensor out = Tensor.full(DType.F32, Double.NaN, 3, 4);
        Tensor.ones(DType.F32, 3, 0).matmul(Tensor.ones(DType.F32, 0, 4), out);
        assertThat(out.toFloatArray()).containsOnly(0f);
    }

    static Stream<Arguments> batchShapes() {
        return Stream.of(
                Arguments.of(new int[] {3, 5, 7}, new int[] {3, 7, 4}, new int[] {3, 5, 4}),
                Arguments.of(new int[] {3, 5, 7}, new int[] {7, 4}, new int[] {3, 5, 4}),
                Arguments.of(new int[] {5, 7}, new int[] {2, 7, 4}, new int[] {2, 5, 4}),
                Arguments.of(new int[] {2, 1, 5, 7}, new int[] {3, 7, 4}, new int[] {2, 3, 5, 4}),
                Arguments.of(new int[] {1, 3, 17, 9}, new int[] {2, 1, 9, 33}, new int[] {2, 3, 17, 33}));
    }

    @ParameterizedTest
    @MethodSource("batchShapes")
    void batchedBroadcasting(int[] sa, int[] sb, int[] sc) {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                Tensor a = Tensor.randn(11, dt, sa);
                Tensor b = Tensor.randn(12, dt, sb);
                Tensor c = a.matmul(b);
                assertThat(c.shape()).containsExactly(sc);
                int r = sc.length - 2;
                Tensor ab = a.broadcastTo(concat(java.util.Arrays.copyOf(sc, r), sa[sa.length - 2], sa[sa.length - 1]));
                Tensor bb = b.broadcastTo(concat(java.util.Arrays.copyOf(sc, r), sb[sb.length - 2], sb[sb.length - 1]));
                for (int[] idx : indices(java.util.Arrays.copyOf(sc, r))) {
                    assertMatches2d(selectAll(ab, idx), selectAll(bb, idx), selectAll(c, idx));
                }
            }
        }
    }

    @Test
    void batchAgainstSharedMatrixWithFoldableAndNonFoldableLayouts() {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor w = Tensor.randn(23, dt, 7, 9);
            Tensor contiguous = Tensor.randn(24, dt, 3, 5, 7);            // folds into one (15,7) @ (7,9)
            Tensor swapped = Tensor.randn(25, dt, 5, 3, 7).transpose(0, 1); // (3,5,7) that cannot fold
            Tensor stepped = Tensor.randn(26, dt, 3, 10, 7).slice(1, 0, 10, 2); // rows stride 2
            for (Tensor a : new Tensor[] {contiguous, swapped, stepped}) {
                Tensor c = a.matmul(w);
                assertThat(c.shape()).containsExactly(3, 5, 9);
                for (int s = 0; s < 3; s++) {
                    assertMatches2d(a.select(0, s), w, c.select(0, s));
                }
                Tensor out = Tensor.full(dt, Double.NaN, 9, 3, 5).permute(1, 2, 0); // non-contiguous out
                a.matmul(w, out);
                for (int s = 0; s < 3; s++) {
                    assertMatches2d(a.select(0, s), w, out.select(0, s));
                }
            }
        }
    }

    @Test
    void largeBatchOfSmallMatricesWithTwoThreads() {
        Parallel.setThreads(2);
        Tensor a = Tensor.randn(21, DType.F32, 37, 6, 5);
        Tensor b = Tensor.randn(22, DType.F32, 37, 5, 3);
        Tensor c = a.matmul(b);
        for (int s = 0; s < 37; s++) {
            assertMatches2d(a.select(0, s), b.select(0, s), c.select(0, s));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"F32", "F64"})
    void viewsAsOperands(String name) {
        DType dt = DType.valueOf(name);
        Tensor base = Tensor.randn(31, dt, 40, 50);
        // Transposed, stepped, negatively stepped and broadcast operands.
        Tensor aT = base.T().slice(0, 3, 36);                 // (33, 40), column-major
        Tensor bStep = base.slice(0, 1, null, 2).slice(1, 0, 17); // (20, 17) rows stride 100
        Tensor aRev = base.slice(1, null, null, -3).slice(0, 0, 9); // (9, 17) negative column stride
        Tensor bcast = Tensor.randn(32, dt, 1, 17).broadcastTo(20, 17); // row stride 0
        assertMatches2d(aT, base.slice(1, 5, 22), aT.matmul(base.slice(1, 5, 22)));
        Tensor a20 = base.slice(0, 0, 15).slice(1, 0, 20);
        assertMatches2d(a20, bStep, a20.matmul(bStep));
        assertMatches2d(aRev, base.slice(0, 0, 17).slice(1, 0, 31), aRev.matmul(base.slice(0, 0, 17).slice(1, 0, 31)));
        assertMatches2d(a20, bcast, a20.matmul(bcast));
        Tensor colBcast = Tensor.randn(33, dt, 20, 1).broadcastTo(20, 19); // column stride 0
        assertMatches2d(a20, colBcast, a20.matmul(colBcast));
    }

    @Test
    void outReceivesProductAndIsReturned() {
        Tensor a = Tensor.randn(41, DType.F64, 9, 8);
        Tensor b = Tensor.randn(42, DType.F64, 8, 7);
        Tensor out = Tensor.full(DType.F64, Double.NaN, 9, 7);
        Tensor r = a.matmul(b, out);
        assertThat(r).isSameAs(out);
        assertMatches2d(a, b, out);
    }

    @Test
    void outMayBeTransposedViewOrOtherDtype() {
        Tensor a = Tensor.randn(43, DType.F32, 9, 8);
        Tensor b = Tensor.randn(44, DType.F32, 8, 7);
        Tensor backing = Tensor.full(DType.F32, -1, 7, 9);
        a.matmul(b, backing.T());
        assertMatches2d(a, b, backing.T());
        Tensor out64 = Tensor.zeros(DType.F64, 9, 7);
        a.matmul(b, out64);
        assertMatches2d(a, b, out64);
    }

    @Test
    void outAliasingAnOperandReadsOperandFirst() {
        Tensor a = Tensor.randn(45, DType.F64, 6, 6);
        Tensor b = Tensor.randn(46, DType.F64, 6, 6);
        Tensor a0 = a.copy();
        a.matmul(b, a);
        assertMatches2d(a0, b, a);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(new int[] {2, 3}, new int[] {4, 5}, "matmul: (2,3) @ (4,5): inner dimensions 3 and 4 differ"),
                Arguments.of(new int[] {3}, new int[] {4}, "matmul: (3) @ (4): inner dimensions 3 and 4 differ"),
                Arguments.of(new int[] {3}, new int[] {2, 4}, "inner dimensions 3 and 2 differ"),
                Arguments.of(new int[] {2, 3}, new int[] {2}, "inner dimensions 3 and 2 differ"),
                Arguments.of(new int[] {}, new int[] {3}, "operands must have at least one dimension"),
                Arguments.of(new int[] {3}, new int[] {}, "matmul: (3) @ (): operands must have"),
                Arguments.of(new int[] {2, 3, 4}, new int[] {5, 4, 2}, "batch dimensions (2) and (5) cannot be broadcast"),
                Arguments.of(new int[] {2, 2, 3, 4}, new int[] {3, 4, 2}, "matmul: (2,2,3,4) @ (3,4,2): batch dimensions (2,2) and (3)"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void errorTable(int[] sa, int[] sb, String fragment) {
        Tensor a = Tensor.zeros(sa);
        Tensor b = Tensor.zeros(sb);
        assertThatThrownBy(() -> a.matmul(b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(fragment);
    }

    @Test
    void outWithWrongShapeIsRefused() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3).matmul(Tensor.zeros(3, 4), Tensor.zeros(4, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matmul: (2,3) @ (3,4): out has shape (4,2) but the result has shape (2,4)");
    }

    @Test
    void setThreadsRefusesZero() {
        assertThatThrownBy(() -> Parallel.setThreads(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    // ---------------------------------------------------------------- helpers

    private static int[] concat(int[] batch, int x, int y) {
        int[] s = java.util.Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = x;
        s[batch.length + 1] = y;
        return s;
    }

    private static List<int[]> indices(int[] shape) {
        List<int[]> out = new ArrayList<>();
        int total = 1;
        for (int d : shape) {
            total *= d;
        }
        for (int f = 0; f < total; f++) {
            int[] idx = new int[shape.length];
            int rem = f;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            out.add(idx);
        }
        return out;
    }

    private static Tensor selectAll(Tensor t, int[] idx) {
        for (int i : idx) {
            t = t.select(0, i);
        }
        return t;
    }
}
