package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Tensor#toString} against numpy's repr (class renamed to tensor) from make_fixtures.py. */
class TensorPrintTest {
    static List<NpyFixtures.Block> reprs() {
        return NpyFixtures.load("reprs.txt");
    }

    private static PrintOptions options(NpyFixtures.Block b) {
        int[] o = b.ints("options");
        return new PrintOptions(o[0], o[1], o[2], o[3], o[4] != 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reprs")
    void matchesNumpyRepr(NpyFixtures.Block b) {
        Tensor t = NpyFixtures.tensor(b.get("dtype"), b.ints("shape"), b.doubles("values"));
        assertThat(t.toString(options(b))).isEqualTo(b.get("repr"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reprs")
    void nonContiguousViewPrintsItsLogicalValues(NpyFixtures.Block b) {
        Tensor c = NpyFixtures.tensor(b.get("dtype"), b.ints("shape"), b.doubles("values"));
        // The same logical tensor as the transpose of a Fortran-ordered copy: strides differ, text must not.
        int[] rev = b.ints("shape");
        for (int i = 0, j = rev.length - 1; i < j; i++, j--) {
            int x = rev[i];
            rev[i] = rev[j];
            rev[j] = x;
        }
        Tensor f = Tensor.zeros(c.dtype(), rev).T();
        f.assign(c);
        assertThat(f.toString(options(b))).isEqualTo(b.get("repr"));
    }

    @Test
    void toStringUsesTheCurrentOptions() {
        Tensor t = Tensor.of(new double[] {1.0 / 3, 2.0 / 3}, 2);
        assertThat(t.toString()).isEqualTo("tensor([0.33333333, 0.66666667])");
        PrintOptions old = PrintOptions.set(PrintOptions.DEFAULT.withPrecision(3));
        try {
            assertThat(t.toString()).isEqualTo("tensor([0.333, 0.667])");
        } finally {
            PrintOptions.set(old);
        }
        assertThat(PrintOptions.get()).isEqualTo(old);
    }

    @Test
    void slicedViewWithNegativeStep() {
        Tensor t = Tensor.arange(DType.F32, 0, 12, 1).reshape(3, 4).slice(1, null, null, -2);
        assertThat(t.toString()).isEqualTo("tensor([[ 3.,  1.],\n        [ 7.,  5.],\n        [11.,  9.]], dtype=float32)");
    }

    @Test
    void broadcastViewPrintsRepeatedRows() {
        Tensor t = Tensor.of(1.5, -2).broadcastTo(2, 2);
        assertThat(t.toString()).isEqualTo("tensor([[ 1.5, -2. ],\n        [ 1.5, -2. ]])");
    }

    @ParameterizedTest
    @CsvSource({
        "-1, 1000, 3, 75, precision must be >= 0",
        "8, -1, 3, 75, threshold must be >= 0",
        "8, 1000, 0, 75, edgeItems must be >= 1",
        "8, 1000, 3, 0, lineWidth must be >= 1",
    })
    void invalidOptionsAreRefused(int precision, int threshold, int edge, int width, String fragment) {
        assertThatThrownBy(() -> new PrintOptions(precision, threshold, edge, width, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(fragment);
    }
}
