package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each bad index expression fails naming what was wrong (the axis, the index and the axis size; both
 * shapes; the item), in NumPy's words where NumPy has them, and leaves the tensor unchanged.
 */
class IndexingErrorTest {
    private static final Tensor A = Tensor.arange(12).reshape(3, 4);
    private static final Tensor M3 = Tensor.of(new boolean[] {true, false, true});

    static Stream<Arguments> cases() {
        Tensor a = A.copy();
        return Stream.of(
                c("position out of range", () -> a.index(5), IndexOutOfBoundsException.class,
                        "index: index 5 is out of bounds for axis 0 with size 3"),
                c("negative position out of range", () -> a.index(Index.all(), -5), IndexOutOfBoundsException.class,
                        "index -5 is out of bounds for axis 1 with size 4"),
                c("array entry out of range", () -> a.index(Index.all(), new int[] {0, 3, -5}),
                        IndexOutOfBoundsException.class, "index -5 is out of bounds for axis 1 with size 4"),
                c("position beside an array", () -> a.index(new int[] {0}, 7), IndexOutOfBoundsException.class,
                        "index 7 is out of bounds for axis 1 with size 4"),
                c("new axis does not shift the axis named", () -> a.index(Index.newAxis(), new int[] {3}),
                        IndexOutOfBoundsException.class, "index 3 is out of bounds for axis 0 with size 3"),
                c("int64 beyond int", () -> a.index(new long[] {1L << 40}), IndexOutOfBoundsException.class,
                        "index 1099511627776 is out of bounds for axis 0 with size 3"),
                c("empty axis", () -> Tensor.zeros(0, 3).index(0), IndexOutOfBoundsException.class,
                        "index 0 is out of bounds for axis 0 with size 0"),
                c("mask length", () -> a.index((Object) new boolean[] {true, false}), IndexOutOfBoundsException.class,
                        "boolean index did not match indexed tensor along axis 0; size of axis is 3 but size of corresponding boolean axis is 2"),
                c("2-D mask shape", () -> a.index(Tensor.zeros(DType.BOOL, 3, 5)), IndexOutOfBoundsException.class,
                        "along axis 1; size of axis is 4 but size of corresponding boolean axis is 5"),
                c("mask after a slice", () -> a.index(Index.all(), M3), IndexOutOfBoundsException.class,
                        "along axis 1; size of axis is 4 but size of corresponding boolean axis is 3"),
                c("index arrays do not broadcast", () -> a.index(new int[] {0, 1}, new int[] {0, 1, 2}),
                        IllegalArgumentException.class,
                        "shape mismatch: indexing arrays could not be broadcast together with shapes (2,) (3,)"),
                c("mask and array do not broadcast", () -> a.index(M3, new int[] {0, 1, 2}), IllegalArgumentException.class,
                        "indexing arrays could not be broadcast together with shapes (2,) (3,)"),
                c("float index tensor", () -> a.index(Tensor.of(0.0, 1.0)), IllegalArgumentException.class,
                        "arrays used as indices must be of integer (or boolean) type, not float64 (index item 0)"),
                c("float Index.array", () -> Index.array(Tensor.ones(DType.F32, 2)), IllegalArgumentException.class,
                        "arrays used as indices must be of integer (or boolean) type, not float32"),
                c("integer Index.mask", () -> Index.mask(Tensor.arange(0, 3, 1)), IllegalArgumentException.class,
                        "a mask must be a bool tensor, not int64 (use Index.array for positions)"),
                c("too many indices", () -> a.index(0, 0, 0), IllegalArgumentException.class,
                        "index: too many indices for tensor: tensor is 2-dimensional, but 3 were indexed"),
                c("too many with a mask", () -> a.index(Tensor.zeros(DType.BOOL, 3, 4), 0), IllegalArgumentException.class,
                        "tensor is 2-dimensional, but 3 were indexed"),
                c("0-d tensor", () -> Tensor.scalar(1).index(0), IllegalArgumentException.class,
                        "tensor is 0-dimensional, but 1 were indexed"),
                c("two ellipses", () -> a.index(Index.ellipsis(), 0, Index.ellipsis()), IllegalArgumentException.class,
                        "an index can only have a single ellipsis ('...')"),
                c("slice step zero", () -> Index.slice(0, 3, 0), IllegalArgumentException.class,
                        "slice step cannot be zero"),
                c("a double item", () -> a.index(1.5), IllegalArgumentException.class,
                        "only integers, slices (Index.slice, Index.all()), ellipsis (Index.ellipsis()), Index.newAxis() and"
                                + " integer or boolean arrays are valid indices; index item 0 is a Double"),
                c("a null item", () -> a.index(0, null), IllegalArgumentException.class,
                        "index item 1 is null (NumPy's None is Index.newAxis())"),
                c("values do not broadcast (advanced)", () -> a.indexPut_(new Object[] {new int[] {0, 1}}, Tensor.ones(3)),
                        IllegalArgumentException.class,
                        "indexPut_: shape mismatch: value array of shape (3,) could not be broadcast to indexing result of shape (2, 4)"),
                c("values do not broadcast (basic)", () -> a.indexPut_(new Object[] {Index.slice(0, 2)}, Tensor.ones(2, 3)),
                        IllegalArgumentException.class,
                        "value array of shape (2, 3) could not be broadcast to indexing result of shape (2, 4)"),
                c("values do not broadcast (mask)", () -> a.indexPut_(new Object[] {M3}, Tensor.ones(3, 4)),
                        IllegalArgumentException.class,
                        "value array of shape (3, 4) could not be broadcast to indexing result of shape (2, 4)"),
                c("addAt_ values do not broadcast", () -> a.addAt_(new Object[] {new int[] {0, 0, 1}}, Tensor.ones(2, 4)),
                        IllegalArgumentException.class,
                        "addAt_: shape mismatch: value array of shape (2, 4) could not be broadcast to indexing result of shape (3, 4)"),
                c("addAt_ out of range", () -> a.addAt_(new Object[] {new int[] {0, 3}}, 1.0), IndexOutOfBoundsException.class,
                        "addAt_: index 3 is out of bounds for axis 0 with size 3"),
                c("write into a broadcast view", () -> Tensor.ones(4).broadcastTo(3, 4).indexPut_(new Object[] {0}, 2.0),
                        IllegalArgumentException.class, "indexPut_: cannot write into a broadcast view of shape (3, 4) (axis 0 has stride 0)"),
                c("addAt_ into a broadcast view", () -> Tensor.ones(4).broadcastTo(3, 4).addAt_(new Object[] {0}, 2.0),
                        IllegalArgumentException.class, "addAt_: cannot write into a broadcast view"),
                c("takeAlongAxis float indices", () -> a.takeAlongAxis(Tensor.zeros(3, 1), 1), IllegalArgumentException.class,
                        "takeAlongAxis: indices must be an integer tensor, not float64"),
                c("takeAlongAxis rank", () -> a.takeAlongAxis(Tensor.arange(0, 2, 1), 1), IllegalArgumentException.class,
                        "indices and the tensor must have the same number of dimensions, got 1 and 2"),
                c("takeAlongAxis axis", () -> a.takeAlongAxis(Tensor.zeros(DType.I64, 3, 1), 2), IndexOutOfBoundsException.class,
                        "takeAlongAxis: axis 2 is out of range for a tensor of rank 2"),
                c("takeAlongAxis index out of range", () -> a.takeAlongAxis(Tensor.full(DType.I64, 4L, 3, 1), 1),
                        IndexOutOfBoundsException.class, "takeAlongAxis: index 4 is out of bounds for axis 1 with size 4"),
                c("takeAlongAxis shapes", () -> a.takeAlongAxis(Tensor.zeros(DType.I64, 2, 2), 1), IllegalArgumentException.class,
                        "indices of shape (2, 2) do not broadcast against the tensor's shape (3, 4) outside axis 1 (axis 0: 2 vs 3)"),
                c("putAlongAxis_ values", () -> a.putAlongAxis_(Tensor.zeros(DType.I64, 3, 1), Tensor.ones(2), 1),
                        IllegalArgumentException.class,
                        "putAlongAxis_: shape mismatch: value array of shape (2,) could not be broadcast to indexing result of shape (3, 1)"));
    }

    private static Arguments c(String name, ThrowingCallable call, Class<? extends Throwable> type, String fragment) {
        return Arguments.of(name, call, type, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void namesTheProblem(String name, ThrowingCallable call, Class<? extends Throwable> type, String fragment) {
        assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(fragment);
    }

    /** Every check runs before the first write: a failed put or scatter-add leaves the tensor as it was. */
    @org.junit.jupiter.api.Test
    void failedWritesLeaveTheTensorUnchanged() {
        java.util.List<java.util.function.Consumer<Tensor>> writes = java.util.List.of(
                t -> t.indexPut_(new Object[] {new int[] {0, 2, 3}}, 9.0),
                t -> t.indexPut_(new Object[] {new int[] {0, 1}}, Tensor.ones(3)),
                t -> t.indexPut_(new Object[] {Index.all(), new int[] {0, 1}, 0}, 9.0),
                t -> t.addAt_(new Object[] {new int[] {0, 0, 1, -4}}, 1.0),
                t -> t.addAt_(new Object[] {Index.all(), new long[] {1, 4}}, 1L),
                t -> t.putAlongAxis_(Tensor.full(DType.I64, 4L, 3, 1), 9.0, 1));
        for (java.util.function.Consumer<Tensor> w : writes) {
            Tensor t = A.copy();
            int version = t.version();
            assertThatThrownBy(() -> w.accept(t)).isInstanceOf(RuntimeException.class);
            assertThat(t.contentEquals(A)).isTrue();
            assertThat(t.version()).isEqualTo(version);
        }
    }
}
