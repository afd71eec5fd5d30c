package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Creation, access, indexing and I/O of int32/int64/bool tensors; oracles are hand-derived from NumPy's definitions. */
class DTypeTest {
    @Test
    void namesAndDescriptorsAreNumpys() {
        assertThat(DType.I32.numpyName()).isEqualTo("int32");
        assertThat(DType.I64.npyDescr()).isEqualTo("<i8");
        assertThat(DType.BOOL.npyDescr()).isEqualTo("|b1");
        assertThat(DType.parse("int64")).isEqualTo(DType.I64);
        assertThat(DType.parse("bool")).isEqualTo(DType.BOOL);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 16, 17, 33})
    void creationInEveryIntegerDtype(int n) {
        assertThat(Tensor.arange(0, n, 1).dtype()).isEqualTo(DType.I64);
        long[] want = new long[n];
        for (int i = 0; i < n; i++) {
            want[i] = i * 3L - 5;
        }
        assertThat(Tensor.arange(-5, 3L * n - 5, 3).toLongArray()).isEqualTo(want);
        assertThat(Tensor.arange(10, 10 - n, -1).size()).isEqualTo(n);
        assertThat(Tensor.zeros(DType.I32, n).toIntArray()).isEqualTo(new int[n]);
        assertThat(Tensor.ones(DType.BOOL, n).toBooleanArray()).hasSize(n).doesNotContain(false);
        long[] filled = new long[n];
        java.util.Arrays.fill(filled, Long.MAX_VALUE);
        assertThat(Tensor.full(DType.I64, Long.MAX_VALUE, n).toLongArray()).isEqualTo(filled);
        Tensor eye = Tensor.eye(DType.I32, n);
        assertThat(eye.dtype()).isEqualTo(DType.I32);
        assertThat(eye.sum().getLong()).isEqualTo(n);
    }

    @Test
    void ofScalarGetAndItem() {
        Tensor a = Tensor.of(new long[] {1L << 60, -2, 3, 4, 5, 6}, 2, 3);
        assertThat(a.dtype()).isEqualTo(DType.I64);
        assertThat(a.getLong(0, 0)).isEqualTo(1L << 60);
        assertThat(a.getLong(-1, -1)).isEqualTo(6);
        assertThat(a.T().getLong(2, 1)).isEqualTo(6);
        assertThat(a.get(0, 1)).isEqualTo(-2.0);
        assertThat(Tensor.full(DType.I64, -9L).item()).isEqualTo(-9.0);
        assertThat(Tensor.of(new int[] {4, 5}).shape()).containsExactly(2);
        Tensor b = Tensor.of(new boolean[] {true, false, true, true}, 2, 2);
        assertThat(b.get(1, 1)).isEqualTo(1.0);
        b.set(0.0, 1, 1);
        assertThat(b.toBooleanArray()).containsExactly(true, false, true, false);
        Tensor i = Tensor.zeros(DType.I32, 2);
        i.set(-2.9, 0);
        assertThat(i.getLong(0)).isEqualTo(-2);
        assertThatThrownBy(() -> Tensor.of(new int[] {1, 2, 3}, 2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data has 3 elements");
    }

    @Test
    void integerArithmeticWrapsAndPowsAsNumpy() {
        Tensor a = Tensor.of(new int[] {Integer.MAX_VALUE, -3, 5});
        assertThat(a.add(Tensor.of(new int[] {1, 1, 1})).toIntArray()).containsExactly(Integer.MIN_VALUE, -2, 6);
        assertThat(a.neg().toIntArray()).containsExactly(-Integer.MAX_VALUE, 3, -5);
        assertThat(a.abs().toIntArray()).containsExactly(Integer.MAX_VALUE, 3, 5);
        Tensor p = Tensor.of(new long[] {2, -3, 7}).pow(Tensor.of(new long[] {10, 3, 0}));
        assertThat(p.dtype()).isEqualTo(DType.I64);
        assertThat(p.toLongArray()).containsExactly(1024, -27, 1);
        assertThat(Tensor.of(new long[] {3, 4}).div(Tensor.of(new long[] {2, 0})).toDoubleArray())
                .containsExactly(1.5, Double.POSITIVE_INFINITY);
        assertThat(Tensor.of(new long[] {1, 4}).exp().dtype()).isEqualTo(DType.F64);
        Tensor sq = Tensor.of(new int[] {-3, 4}).pow(2.0); // a Python float exponent: float64, as NumPy
        assertThat(sq.dtype()).isEqualTo(DType.F64);
        assertThat(sq.toDoubleArray()).containsExactly(9, 16);
        assertThat(Tensor.of(new int[] {-3, 4}).pow(0.5).toDoubleArray()[1]).isEqualTo(2.0);
        assertThat(Tensor.of(new int[] {-3, 4}).square().toIntArray()).containsExactly(9, 16);
        Tensor inPlace = Tensor.of(new long[] {1, 2});
        inPlace.add_(Tensor.of(new long[] {10, 20}));
        assertThat(inPlace.toLongArray()).containsExactly(11, 22);
    }

    @Test
    void logicalOpsWhereAndMasks() {
        Tensor x = Tensor.of(new boolean[] {true, true, false, false});
        Tensor y = Tensor.of(new boolean[] {true, false, true, false});
        assertThat(x.logicalAnd(y).toBooleanArray()).containsExactly(true, false, false, false);
        assertThat(x.logicalOr(y).toBooleanArray()).containsExactly(true, true, true, false);
        assertThat(x.logicalXor(y).toBooleanArray()).containsExactly(false, true, true, false);
        assertThat(x.logicalNot().toBooleanArray()).containsExactly(false, false, true, true);
        Tensor f = Tensor.of(new double[] {1, 2, 3, 4}).astype(DType.F32);
        Tensor w = Tensor.where(x, f, Tensor.scalar(DType.F32, -1));
        assertThat(w.dtype()).isEqualTo(DType.F32);
        assertThat(w.toDoubleArray()).containsExactly(1, 2, -1, -1);
        // numeric masks count nonzero (NaN too) as true, as NumPy's where
        Tensor wi = Tensor.where(Tensor.of(Double.NaN, 0, 2, 0), Tensor.of(new long[] {1, 2, 3, 4}),
                Tensor.of(new long[] {0}));
        assertThat(wi.dtype()).isEqualTo(DType.I64);
        assertThat(wi.toLongArray()).containsExactly(1, 0, 3, 0);
        Tensor lt = Tensor.of(new long[] {1, 5}).lt(Tensor.of(new int[] {3, 3}));
        assertThat(lt.dtype()).isEqualTo(DType.BOOL);
        assertThat(lt.toBooleanArray()).containsExactly(true, false);
    }

    @Test
    void argmaxNonzeroArgwhereAndTake() {
        Tensor a = Tensor.of(new double[] {0, 3, 3, -1, 0, 2}, 2, 3);
        Tensor am = a.argmax(1);
        assertThat(am.dtype()).isEqualTo(DType.I64);
        assertThat(am.toLongArray()).containsExactly(1, 2);
        Tensor[] nz = a.nonzero();
        assertThat(nz[0].toLongArray()).containsExactly(0, 0, 1, 1);
        assertThat(nz[1].toLongArray()).containsExactly(1, 2, 0, 2);
        Tensor aw = a.argwhere();
        assertThat(aw.shape()).containsExactly(4, 2);
        assertThat(aw.toLongArray()).containsExactly(0, 1, 0, 2, 1, 0, 1, 2);
        assertThat(Tensor.zeros(DType.BOOL, 0, 3).argwhere().shape()).containsExactly(0, 2);
        Tensor t = a.take(1, Tensor.of(new long[] {2, -3, 2, 0}, 2, 2));
        assertThat(t.shape()).containsExactly(2, 2, 2);
        assertThat(t.toDoubleArray()).containsExactly(3, 0, 3, 0, 2, -1, 2, -1);
        Tensor rows = Tensor.arange(0, 6, 1).reshape(3, 2).take(0, Tensor.of(new int[] {2, 0}));
        assertThat(rows.toLongArray()).containsExactly(4, 5, 0, 1);
    }

    static Stream<Arguments> errors() {
        Tensor i = Tensor.of(new long[] {1, 2});
        Tensor f = Tensor.of(1.0, 2.0);
        return Stream.of(
                Arguments.of((Runnable) () -> Einsum.einsum("i,i->", f, i), "einsum supports float32 and float64; operand 1 is int64"),
                Arguments.of((Runnable) () -> i.matmul(f), "matmul supports float32 and float64; operand 0 is int64"),
                Arguments.of((Runnable) () -> i.pow(Tensor.of(new long[] {-1})), "negative integer powers"),
                Arguments.of((Runnable) () -> Tensor.of(new boolean[] {true}).neg(), "neg: not supported for bool"),
                Arguments.of((Runnable) () -> f.take(0, f), "take: indices must be int32 or int64, not float64"),
                Arguments.of((Runnable) () -> f.take(0, Tensor.of(new long[] {2})), "index 2 at position 0 is out of bounds"),
                Arguments.of((Runnable) () -> Tensor.arange(0, 5, 0), "step must not be zero"),
                Arguments.of((Runnable) () -> Tensor.full(DType.I64, 1L).nonzero(), "nonzero: a 0-d tensor"),
                Arguments.of((Runnable) () -> i.softmax(0), "supports float32 and float64, not int64"),
                Arguments.of((Runnable) () -> DType.parse("uint8"), "unknown dtype 'uint8'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("errors")
    void errorsNameTheProblem(Runnable r, String fragment) {
        assertThatThrownBy(r::run).hasMessageContaining(fragment);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 17})
    void npyRoundTripOfStridedIntegerAndBoolViews(int n) throws IOException {
        Tensor base = Tensor.arange(-(long) n, 2L * n, 1).reshape(3, n);
        for (Tensor t : new Tensor[] {base, base.T(), base.astype(DType.I32).T(), base.gt(0.0),
                base.astype(DType.I32).slice(1, 0, n, 2), Tensor.of(new long[] {Long.MIN_VALUE}).reshape()}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.write(out, t);
            Tensor back = Npy.read(new ByteArrayInputStream(out.toByteArray()));
            assertThat(back.contentEquals(t)).as(t.dtype() + " " + Layout.format(t.shape())).isTrue();
        }
    }
}
