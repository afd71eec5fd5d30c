package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Tensor#allClose} (NumPy's allclose semantics) and {@link Tensor#contentEquals}. */
class TensorCompareTest {
    private static final double NAN = Double.NaN;

    @ParameterizedTest
    @CsvSource({
        // a, b, rtol, atol, numpy.allclose(a, b, rtol, atol) (each row checked with numpy 2.4)
        "1.0, 1.0, 0, 0, true",
        "1.0, 1.00001, 1e-5, 0, true",      // |a-b| = 1e-5 <= 1e-5 * 1.00001
        "1.00001, 1.0, 1e-5, 0, false",     // asymmetric: the tolerance scales with |b| (1e-5*1.0 < 1.00001e-5)
        "0.0, 1e-8, 0, 1e-8, true",
        "0.0, 1.1e-8, 0, 1e-8, false",
        "100, 101, 0.01, 0, true",
        "100, 101, 0.009, 0, false",
        "-5, 5, 1, 0, false",
        "-5, 5, 2, 0, true",
        "Infinity, Infinity, 0, 0, true",
        "-Infinity, -Infinity, 1e-5, 1e-8, true",
        "Infinity, -Infinity, 1e-5, 1e-8, false",
        "1e308, Infinity, 1, 1, false",
        "Infinity, 1e308, 1, 1e308, true",   // inf <= 1e308 + 1e308 overflows to inf: numpy says True too
        "NaN, NaN, 1e-5, 1e-8, false",
        "NaN, 1, 1e-5, 1e300, false",
        "1, NaN, 1e-5, 1e300, false",
    })
    void scalarsFollowNumpy(double a, double b, double rtol, double atol, boolean expected) {
        assertThat(Tensor.scalar(a).allClose(Tensor.scalar(b), rtol, atol)).isEqualTo(expected);
    }

    @Test
    void defaultsAreNumpys() {
        Tensor a = Tensor.of(1.0, 1e-9);
        assertThat(a.allClose(Tensor.of(1.0 + 1e-5, 0.0))).isTrue();
        assertThat(a.allClose(Tensor.of(1.0 + 2e-5, 0.0))).isFalse();
        assertThat(Tensor.of(0.0).allClose(Tensor.of(2e-8))).isFalse();
    }

    @Test
    void broadcastsLikeNumpy() {
        Tensor m = Tensor.of(new double[][] {{1, 2, 3}, {1, 2, 3}});
        assertThat(m.allClose(Tensor.of(1.0, 2.0, 3.0), 0, 0)).isTrue();
        assertThat(Tensor.of(1.0, 2.0, 3.0).allClose(m, 0, 0)).isTrue();
        assertThat(m.allClose(Tensor.scalar(2), 0, 0)).isFalse();
        assertThat(Tensor.full(DType.F32, 2, 4, 1).allClose(Tensor.scalar(2), 0, 0)).isTrue();
        assertThat(Tensor.zeros(0, 3).allClose(Tensor.of(5.0, 6.0, 7.0), 0, 0)).as("empty is vacuously close").isTrue();
        assertThatThrownBy(() -> m.allClose(Tensor.of(1.0, 2.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allClose: shapes (2, 3) and (2,) cannot be broadcast together (axis 1: 3 vs 2)");
    }

    @Test
    void comparesLogicalValuesOfViewsAcrossDtypes() {
        Tensor a = Tensor.arange(DType.F64, 0, 12, 1).reshape(3, 4);
        Tensor b = Tensor.zeros(DType.F32, 4, 3).T();
        b.assign(a);
        assertThat(a.allClose(b, 0, 0)).isTrue();
        b.set(11.5, 2, 3);
        assertThat(a.allClose(b, 0, 0.49)).isFalse();
        assertThat(a.allClose(b, 0, 0.5)).isTrue();
        assertThat(Tensor.of(0.1).allClose(Tensor.of(0.1).astype(DType.F32), 0, 0)).isFalse();
        assertThat(Tensor.of(0.1).allClose(Tensor.of(0.1).astype(DType.F32), 1e-7, 0)).isTrue();
    }

    @Test
    void contentEqualsNeedsSameDtypeShapeAndValues() {
        Tensor a = Tensor.of(new double[] {1, 2, NAN, -0.0}, 2, 2);
        Tensor b = Tensor.zeros(2, 2).T();
        b.assign(a);
        assertThat(a.contentEquals(b)).as("strides differ, values equal, NaN equals NaN").isTrue();
        b.set(0.0, 1, 1);
        assertThat(a.contentEquals(b)).as("-0.0 == 0.0").isTrue();
        assertThat(a.contentEquals(a.astype(DType.F32))).as("dtype differs").isFalse();
        assertThat(a.contentEquals(a.reshape(4))).as("shape differs").isFalse();
        b.set(2.0000001, 0, 1);
        assertThat(a.contentEquals(b)).isFalse();
        assertThat(Tensor.zeros(0, 2).contentEquals(Tensor.zeros(0, 2))).isTrue();
        assertThat(Tensor.zeros(0, 2).contentEquals(Tensor.zeros(2, 0))).isFalse();
        assertThat(a.equals(b)).as("equals stays identity for mutable tensors").isFalse();
        assertThat(a.equals(a)).isTrue();
    }
}
