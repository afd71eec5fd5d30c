package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Linalg}'s errors: singular, not positive definite, NaN/inf input, bad shapes and ords. */
class LinalgErrorTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    /** A [3, 2, 2, 2] batch of invertible matrices whose flat matrix {@code bad} is [[1, 2], [2, 4]]. */
    private static Tensor batchWithSingular(int bad) {
        Tensor t = Tensor.eye(DType.F64, 2).mul(3).broadcastTo(3, 2, 2, 2).copy();
        Tensor flat = t.reshape(6, 2, 2);
        flat.select(0, bad).assign(Tensor.of(new double[][] {{1, 2}, {2, 4}}));
        return t;
    }

    /** Identity but with a -1 at diagonal position 2 (leading minor 3) in matrix {@code bad} of [2, 4, 4]. */
    private static Tensor batchNotPd(int bad) {
        Tensor t = Tensor.eye(DType.F64, 4).broadcastTo(2, 4, 4).copy();
        t.set(-1, bad, 2, 2);
        return t;
    }

    private static Tensor withEntry(double v) {
        Tensor t = Tensor.eye(DType.F64, 3).mul(2).add(Tensor.ones(3, 3));
        t.set(v, 1, 0);
        return t;
    }

    private static Tensor stack(Tensor a, Tensor b) {
        Tensor t = Tensor.zeros(2, a.dim(0), a.dim(1));
        t.select(0, 0).assign(a);
        t.select(0, 1).assign(b);
        return t;
    }

    static Stream<Arguments> errors() {
        Tensor sq = Tensor.eye(DType.F64, 3);
        Tensor rect = Tensor.ones(2, 3);
        Tensor nan = withEntry(NAN);
        Tensor inf = withEntry(INF);
        Tensor nan32 = withEntry(NAN).astype(DType.F32);
        Tensor nanCol = withEntry(NAN).transpose(0, 1); // view: the NaN is at [0, 1] of the view
        return Stream.of(
                Arguments.of("inv singular in a batch", (Runnable) () -> Linalg.inv(batchWithSingular(2)),
                        LinalgException.class, "inv: matrix 2 of the batch (3, 2) is singular"),
                Arguments.of("solve singular", (Runnable) () -> Linalg.solve(Tensor.of(new double[][] {{1, 2}, {2, 4}}), Tensor.of(1.0, 2.0)),
                        LinalgException.class, "solve: the matrix is singular"),
                Arguments.of("solve zero matrix", (Runnable) () -> Linalg.solve(Tensor.zeros(3, 3), Tensor.ones(3, 1)),
                        LinalgException.class, "singular (zero pivot in column 0"),
                Arguments.of("cholesky leading minor 3", (Runnable) () -> Linalg.cholesky(batchNotPd(1)),
                        LinalgException.class, "cholesky: matrix 1 of the batch (2,) is not positive definite at leading minor 3"),
                Arguments.of("cholesky of a singular PSD matrix", (Runnable) () -> Linalg.cholesky(Tensor.of(new double[][] {{1, 1}, {1, 1}})),
                        LinalgException.class, "not positive definite at leading minor 2"),
                Arguments.of("cholesky negative 1x1", (Runnable) () -> Linalg.cholesky(Tensor.of(new double[][] {{-4}})),
                        LinalgException.class, "not positive definite at leading minor 1"),
                Arguments.of("svd NaN", (Runnable) () -> Linalg.svd(nan), LinalgException.class, "svd: the matrix has a non-finite entry NaN at [1, 0]"),
                Arguments.of("svd inf", (Runnable) () -> Linalg.svd(inf), LinalgException.class, "non-finite entry Infinity at [1, 0]"),
                Arguments.of("eigh NaN", (Runnable) () -> Linalg.eigh(nan), LinalgException.class, "eigh: the matrix has a non-finite entry NaN"),
                Arguments.of("solve NaN", (Runnable) () -> Linalg.solve(nan, Tensor.ones(3)), LinalgException.class, "solve: the matrix has a non-finite"),
                Arguments.of("solve NaN in b", (Runnable) () -> Linalg.solve(sq, Tensor.of(1.0, NAN, 3.0)), LinalgException.class, "non-finite entry NaN at [1, 0]"),
                Arguments.of("inv NaN f32", (Runnable) () -> Linalg.inv(nan32), LinalgException.class, "inv: the matrix has a non-finite entry NaN"),
                Arguments.of("inv NaN view", (Runnable) () -> Linalg.inv(nanCol), LinalgException.class, "NaN at [0, 1]"),
                Arguments.of("det inf", (Runnable) () -> Linalg.det(inf), LinalgException.class, "det: the matrix has a non-finite entry Infinity"),
                Arguments.of("slogdet NaN", (Runnable) () -> Linalg.slogdet(nan), LinalgException.class, "slogdet: the matrix has a non-finite"),
                Arguments.of("cholesky NaN", (Runnable) () -> Linalg.cholesky(nan), LinalgException.class, "cholesky: the matrix has a non-finite"),
                Arguments.of("qr NaN", (Runnable) () -> Linalg.qr(nan), LinalgException.class, "qr: the matrix has a non-finite"),
                Arguments.of("pinv inf", (Runnable) () -> Linalg.pinv(inf), LinalgException.class, "pinv: the matrix has a non-finite"),
                Arguments.of("matrixRank NaN in a batch", (Runnable) () -> Linalg.matrixRank(stack(sq, nan)),
                        LinalgException.class, "matrix_rank: matrix 1 of the batch (2,) has a non-finite entry NaN at [1, 0]"),
                Arguments.of("lstsq NaN", (Runnable) () -> Linalg.lstsq(nan, Tensor.ones(3)), LinalgException.class, "lstsq: the matrix has a non-finite"),
                Arguments.of("inv not square", (Runnable) () -> Linalg.inv(rect), IllegalArgumentException.class, "inv: the last two dimensions must be square, got shape (2, 3)"),
                Arguments.of("det of a vector", (Runnable) () -> Linalg.det(Tensor.ones(3)), IllegalArgumentException.class, "det: expected an array of at least 2 dimensions"),
                Arguments.of("solve b mismatch", (Runnable) () -> Linalg.solve(sq, Tensor.ones(4)), IllegalArgumentException.class, "b must be [3] or [..., 3, k]"),
                Arguments.of("solve a not square", (Runnable) () -> Linalg.solve(rect, Tensor.ones(2)), IllegalArgumentException.class, "solve: a must be [..., m, m]"),
                Arguments.of("solve batch mismatch", (Runnable) () -> Linalg.solve(Tensor.zeros(2, 3, 3), Tensor.zeros(4, 3, 1)),
                        IllegalArgumentException.class, "solve"),
                Arguments.of("lstsq batched", (Runnable) () -> Linalg.lstsq(Tensor.zeros(2, 3, 3), Tensor.zeros(3)), IllegalArgumentException.class, "lstsq: a must be 2-dimensional"),
                Arguments.of("lstsq b rows", (Runnable) () -> Linalg.lstsq(rect, Tensor.ones(3)), IllegalArgumentException.class, "b must be [2] or [2, k]"),
                Arguments.of("norm matrix ord 3", (Runnable) () -> Linalg.norm(sq, 3), IllegalArgumentException.class, "invalid matrix norm order 3.0"),
                Arguments.of("norm fro of a vector", (Runnable) () -> Linalg.norm(Tensor.ones(3), "fro"), IllegalArgumentException.class, "'fro' is a matrix norm and needs two axes"),
                Arguments.of("norm unknown ord", (Runnable) () -> Linalg.norm(sq, "xyz"), IllegalArgumentException.class, "unknown ord 'xyz'"),
                Arguments.of("norm axis out of range", (Runnable) () -> Linalg.norm(sq, 2, 2), IllegalArgumentException.class, "axis 2 is out of range for shape (3, 3)"),
                Arguments.of("norm duplicate axes", (Runnable) () -> Linalg.norm(sq, 2, 0, -2), IllegalArgumentException.class, "duplicate axes"),
                Arguments.of("norm 3-d with ord and no axis", (Runnable) () -> Linalg.norm(Tensor.ones(2, 2, 2), 2), IllegalArgumentException.class, "x must be 1-d or 2-d"),
                Arguments.of("norm inf of an empty vector", (Runnable) () -> Linalg.norm(Tensor.ones(0), INF), IllegalArgumentException.class, "of an empty vector"),
                Arguments.of("norm 2 of an empty matrix", (Runnable) () -> Linalg.norm(Tensor.ones(0, 3), 2), IllegalArgumentException.class, "of an empty 0x3 matrix"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void rejects(String name, Runnable call, Class<? extends Throwable> type, String fragment) {
        assertThatThrownBy(call::run).isInstanceOf(type).hasMessageContaining(fragment);
    }

    @Test
    void normPropagatesNanAndInfAsNumpyDoes() {
        Tensor nan = withEntry(NAN);
        assertThat(Linalg.norm(nan).item()).isNaN();
        assertThat(Linalg.norm(nan, 2).item()).isNaN(); // numpy: SVD of NaN inside norm gives nan
        assertThat(Linalg.norm(nan, "nuc").item()).isNaN();
        assertThat(Linalg.norm(nan, 1).item()).isNaN();
        assertThat(Linalg.norm(withEntry(INF), "fro").item()).isEqualTo(INF);
        assertThat(Linalg.norm(withEntry(INF), INF).item()).isEqualTo(INF);
    }

    @Test
    void singularMatricesHaveZeroDeterminantNotAnError() {
        Tensor t = batchWithSingular(4);
        double[] det = Linalg.det(t).toDoubleArray();
        det[4] += 0.0; // -0.0 (the row swap's sign) or 0.0, as NumPy's getrf-based det
        assertThat(det).containsExactly(9, 9, 9, 9, 0, 9);
        Linalg.Slogdet s = Linalg.slogdet(t);
        assertThat(s.sign().toDoubleArray()).containsExactly(1, 1, 1, 1, 0, 1);
        assertThat(s.logabsdet().toDoubleArray()[4]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Linalg.matrixRank(t).toDoubleArray()).containsExactly(2, 2, 2, 2, 1, 2);
    }

    @Test
    void stridedSliceInputEqualsItsCopy() {
        Tensor big = Tensor.randn(7, DType.F64, 5, 10).add(Tensor.eye(DType.F64, 5, 10, 0).mul(4));
        Tensor a = big.slice(1, 0, 10).slice(1, null, null, 2); // columns 0, 2, 4, 6, 8
        assertThat(a.isContiguous()).isFalse();
        Tensor b = Tensor.randn(8, DType.F64, 5, 2);
        LinalgFixturesTest.close("solve strided", Linalg.solve(a, b), Linalg.solve(a.contiguous(), b), 0);
        Tensor x = Linalg.solve(a, b);
        LinalgFixturesTest.close("A x = b", a.matmul(x), b, 1e-12);
        LinalgFixturesTest.close("inv strided", Linalg.inv(a).matmul(a), Tensor.eye(DType.F64, 5), 1e-12);
    }
}
