package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TakeTest {

    static Stream<Arguments> cases() {
        Tensor c = Tensor.randn(1, DType.F32, 5, 7);
        Tensor d = Tensor.randn(2, DType.F64, 4, 3, 6);
        return Stream.of(
                Arguments.of("rows of a contiguous f32 matrix", c, 0, new int[] {4, 0, 0, 2, -1}),
                Arguments.of("columns", c, 1, new int[] {6, 1, 1}),
                Arguments.of("rows of a transposed view", c.T(), 0, new int[] {3, 6, 0}),
                Arguments.of("rows of a sliced view", c.slice(0, null, null, 2), 0, new int[] {2, 1}),
                Arguments.of("middle axis of 3-d f64", d, 1, new int[] {2, 2, 0, 1}),
                Arguments.of("last axis, negative", d, -1, new int[] {-6, 5}),
                Arguments.of("no indices", d, 0, new int[0]),
                // 300 rows of 301: above the size at which the row copies are split across threads.
                Arguments.of("300 rows of a large f64 matrix", Tensor.randn(3, DType.F64, 400, 301), 0, rowIndices(300, 400)),
                Arguments.of("201 rows of a large f32 matrix", Tensor.randn(4, DType.F32, 500, 331), 0, rowIndices(201, 500)));
    }

    private static int[] rowIndices(int count, int n) {
        Rng rng = new Rng(count);
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) {
            idx[i] = rng.nextInt(2 * n) - n;
        }
        return idx;
    }

    /** A bad index anywhere, even after good ones, is reported before anything is written. */
    @ParameterizedTest(name = "{0} rows")
    @org.junit.jupiter.params.provider.ValueSource(ints = {3, 400})
    void badIndexLeavesOutUntouched(int rows) {
        Tensor t = Tensor.randn(5, DType.F32, 500, 200);
        int[] idx = rowIndices(rows, 500);
        idx[rows - 1] = 500;
        Tensor out = Tensor.full(DType.F32, 7.0, rows, 200);
        assertThatThrownBy(() -> t.take(0, idx, out)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("take: index 500 at position " + (rows - 1) + " is out of bounds for axis 0 with size 500");
        assertThat(out.toDoubleArray()).containsOnly(7.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void takeMatchesSelectOneByOne(String name, Tensor t, int axis, int[] idx) {
        Tensor out = t.take(axis, idx);
        int ax = axis < 0 ? axis + t.rank() : axis;
        int[] shape = t.shape();
        shape[ax] = idx.length;
        assertThat(out.shape()).containsExactly(shape);
        assertThat(out.dtype()).isEqualTo(t.dtype());
        assertThat(out.sharesStorage(t)).isFalse();
        for (int i = 0; i < idx.length; i++) {
            int k = idx[i] < 0 ? idx[i] + t.dim(ax) : idx[i];
            assertThat(out.select(ax, i).toDoubleArray()).containsExactly(t.select(ax, k).toDoubleArray());
        }
    }

    @ParameterizedTest(name = "index {1}")
    @MethodSource("badIndices")
    void outOfRangeIndexIsNamed(int axis, int index, String fragment) {
        Tensor t = Tensor.zeros(3, 4);
        assertThatThrownBy(() -> t.take(axis, 0, index)).hasMessageContaining(fragment);
    }

    static Stream<Arguments> badIndices() {
        return Stream.of(
                Arguments.of(0, 3, "take: index 3 at position 1 is out of bounds for axis 0 with size 3"),
                Arguments.of(1, -5, "take: index -5 at position 1 is out of bounds for axis 1 with size 4"),
                Arguments.of(2, 0, "take: axis 2 is out of range for a tensor of rank 2"));
    }

    /** take(axis, indices, out) fills a contiguous out, or a strided window of a larger buffer, with take()'s values. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outFormWritesTheSameValuesIntoAnyView(String name, Tensor t, int axis, int[] idx) {
        Tensor want = t.take(axis, idx);
        Tensor out = Tensor.full(t.dtype(), Double.NaN, want.shape());
        assertThat(t.take(axis, idx, out)).isSameAs(out);
        assertThat(out.toDoubleArray()).containsExactly(want.toDoubleArray());
        // A transposed view as out, reused for a second draw.
        Tensor buffer = Tensor.full(t.dtype(), 7.0, reversed(want.shape()));
        Tensor view = buffer.permute(reverseAxes(want.rank()));
        t.take(axis, idx, view);
        assertThat(view.toDoubleArray()).containsExactly(want.toDoubleArray());
        t.take(axis, idx, view);
        assertThat(view.toDoubleArray()).containsExactly(want.toDoubleArray());
    }

    private static int[] reversed(int[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    private static int[] reverseAxes(int rank) {
        int[] r = new int[rank];
        for (int i = 0; i < rank; i++) {
            r[i] = rank - 1 - i;
        }
        return r;
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badOuts")
    void outOfTheWrongShapeDtypeOrStorageIsRejectedUntouched(Tensor out, String fragment) {
        Tensor t = Tensor.arange(DType.F64, 0, 12, 1).reshape(3, 4);
        Tensor target = out == null ? t.slice(0, 0, 2) : out;
        double[] before = target.toDoubleArray();
        assertThatThrownBy(() -> t.take(0, new int[] {2, 0}, target))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(fragment);
        assertThat(target.toDoubleArray()).containsExactly(before);
    }

    static Stream<Arguments> badOuts() {
        return Stream.of(
                Arguments.of(Tensor.zeros(DType.F64, 3, 4), "take: out is float64(3, 4) but the result is float64(2, 4)"),
                Arguments.of(Tensor.zeros(DType.F32, 2, 4), "take: out is float32(2, 4) but the result is float64(2, 4)"),
                Arguments.of(null, "take: out shares storage with the source tensor"));
    }
}
