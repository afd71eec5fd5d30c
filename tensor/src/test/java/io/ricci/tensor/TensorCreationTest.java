package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Creation functions and {@link Rng} against numpy and an independent Python SplitMix64 (core.txt). */
class TensorCreationTest {
    private static List<NpyFixtures.Block> core(String prefix) {
        return NpyFixtures.load("core.txt").stream().filter(b -> b.name().startsWith(prefix)).toList();
    }

    private static void assertBits(double[] got, double[] want) {
        assertThat(got).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat(Double.doubleToLongBits(got[i])).as("element %d: got %s, want %s", i, got[i], want[i])
                    .isEqualTo(Double.doubleToLongBits(want[i]));
        }
    }

    static List<NpyFixtures.Block> aranges() {
        return core("arange ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aranges")
    void arangeMatchesNumpyBitForBit(NpyFixtures.Block b) {
        DType dt = DType.parse(b.get("dtype"));
        Tensor t = Tensor.arange(dt, NpyFixtures.num(b.get("start")), NpyFixtures.num(b.get("stop")),
                NpyFixtures.num(b.get("step")));
        assertThat(t.dtype()).isEqualTo(dt);
        assertThat(t.shape()).containsExactly(b.getInt("len"));
        assertBits(t.toDoubleArray(), b.doubles("values"));
    }

    static List<NpyFixtures.Block> linspaces() {
        return core("linspace ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linspaces")
    void linspaceMatchesNumpyBitForBit(NpyFixtures.Block b) {
        DType dt = DType.parse(b.get("dtype"));
        Tensor t = Tensor.linspace(dt, NpyFixtures.num(b.get("start")), NpyFixtures.num(b.get("stop")), b.getInt("num"));
        assertBits(t.toDoubleArray(), b.doubles("values"));
    }

    static List<NpyFixtures.Block> eyes() {
        return core("eye ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eyes")
    void eyeMatchesNumpy(NpyFixtures.Block b) {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor t = Tensor.eye(dt, b.getInt("n"), b.getInt("m"), b.getInt("k"));
            assertThat(t.shape()).containsExactly(b.getInt("n"), b.getInt("m"));
            assertThat(t.toDoubleArray()).containsExactly(b.doubles("values"));
        }
    }

    @Test
    void eyeWithExtremeDiagonalIsZero() {
        assertThat(Tensor.eye(DType.F64, 3, 3, Integer.MIN_VALUE).toDoubleArray()).containsOnly(0);
        assertThat(Tensor.eye(DType.F64, 3, 3, Integer.MAX_VALUE).toDoubleArray()).containsOnly(0);
    }

    @Test
    void squareEyeAndConstants() {
        assertThat(Tensor.eye(DType.F32, 2).toDoubleArray()).containsExactly(1, 0, 0, 1);
        assertThat(Tensor.ones(2, 2).toDoubleArray()).containsOnly(1);
        assertThat(Tensor.ones(DType.F32, 3).dtype()).isEqualTo(DType.F32);
        assertThat(Tensor.full(DType.F32, 0.1, 2).toFloatArray()).containsExactly(0.1f, 0.1f);
        assertThat(Tensor.zeros(3).dtype()).isEqualTo(DType.F64);
        assertThat(Tensor.scalar(DType.F32, 1.5).shape()).isEmpty();
        assertThat(Tensor.arange(4).toDoubleArray()).containsExactly(0, 1, 2, 3);
        assertThat(Tensor.zeros(DType.F32, 0, 7).size()).isZero();
    }

    @Test
    void ofCopiesAndWrapShares() {
        double[] d = {1, 2, 3, 4, 5, 6};
        Tensor copy = Tensor.of(d, 2, 3);
        Tensor wrapped = Tensor.wrap(d, 3, 2);
        d[0] = 100;
        assertThat(copy.get(0, 0)).isEqualTo(1);
        assertThat(wrapped.get(0, 0)).isEqualTo(100);
        wrapped.set(-1, 2, 1);
        assertThat(d[5]).isEqualTo(-1);
        float[] f = {1, 2};
        assertThat(Tensor.of(f, 2).dtype()).isEqualTo(DType.F32);
        Tensor fw = Tensor.wrap(f, 1, 2);
        f[1] = 7;
        assertThat(fw.get(0, 1)).isEqualTo(7);
        assertThat(Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}).shape()).containsExactly(3, 2);
        assertThat(Tensor.of(new float[][] {{1, 2, 3}}).toDoubleArray()).containsExactly(1, 2, 3);
        assertThat(Tensor.of(new double[0][]).shape()).containsExactly(0, 0);
    }

    static Stream<Arguments> creationErrors() {
        return Stream.of(
                Arguments.of((Runnable) () -> Tensor.zeros(70000, 70000), "shape: shape (70000, 70000) has more than 2147483639 elements"),
                Arguments.of((Runnable) () -> Tensor.zeros(DType.F32, 65536, 65536, 2), "has more than 2147483639 elements"),
                Arguments.of((Runnable) () -> Tensor.ones(DType.F32, 1 << 20, 1 << 20), "has more than"),
                Arguments.of((Runnable) () -> Tensor.full(DType.F64, 1, Integer.MAX_VALUE, 2), "has more than"),
                Arguments.of((Runnable) () -> Tensor.rand(1, DType.F32, 50000, 50000), "has more than"),
                Arguments.of((Runnable) () -> Tensor.zeros(2, -1), "shape: negative dimension -1 in shape (2, -1)"),
                Arguments.of((Runnable) () -> Tensor.wrap(new double[5], 2, 3), "data has 5 elements but shape (2, 3) needs 6"),
                Arguments.of((Runnable) () -> Tensor.of(new float[7], 2, 3), "data has 7 elements but shape (2, 3) needs 6"),
                Arguments.of((Runnable) () -> Tensor.of(new double[][] {{1, 2}, {3}}), "row 1 has length 1, row 0 has 2"),
                Arguments.of((Runnable) () -> Tensor.arange(DType.F64, 0, 1, 0), "arange: step must be non-zero, got 0.0"),
                Arguments.of((Runnable) () -> Tensor.arange(DType.F64, 0, 1, Double.NaN), "arange: step must be non-zero, got NaN"),
                Arguments.of((Runnable) () -> Tensor.arange(DType.F64, 0, 1e10, 1), "has too many elements"),
                Arguments.of((Runnable) () -> Tensor.arange(DType.F64, 0, Double.NaN, 1), "has too many elements"),
                Arguments.of((Runnable) () -> Tensor.linspace(DType.F64, 0, 1, -1), "linspace: num must be non-negative, got -1"),
                Arguments.of((Runnable) () -> DType.parse("int8"), "unknown dtype 'int8'"),
                Arguments.of((Runnable) () -> new Rng(1).nextInt(0), "bound must be positive, got 0"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("creationErrors")
    void creationErrorsAreRefusedBeforeAllocation(Runnable r, String fragment) {
        assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(fragment);
    }

    @Test
    void zeroSizedShapesWithHugeDimsAreFine() {
        assertThat(Tensor.zeros(0, 70000, 70000).size()).isZero();
        assertThat(Layout.checkedSize("x", 70000, 70000, 0)).isZero();
    }

    // ---------------------------------------------------------------- Rng

    static List<NpyFixtures.Block> rng(String kind) {
        return core("rng " + kind + " ");
    }

    static List<NpyFixtures.Block> rngLong() {
        return rng("long");
    }

    static List<NpyFixtures.Block> rngDouble() {
        return rng("double");
    }

    static List<NpyFixtures.Block> rngFloat() {
        return rng("float");
    }

    static List<NpyFixtures.Block> rngInt() {
        return rng("int");
    }

    static List<NpyFixtures.Block> rngGaussian() {
        return rng("gaussian");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rngLong")
    void splitMix64LongsMatchAnIndependentImplementation(NpyFixtures.Block b) {
        Rng r = new Rng(Long.parseLong(b.get("seed")));
        for (long want : b.longs("values")) {
            assertThat(r.nextLong()).isEqualTo(want);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rngDouble")
    void doublesAndRandTensors(NpyFixtures.Block b) {
        long seed = Long.parseLong(b.get("seed"));
        double[] want = b.doubles("values");
        Rng r = new Rng(seed);
        for (double w : want) {
            assertThat(r.nextDouble()).isEqualTo(w);
        }
        assertThat(Tensor.rand(seed, DType.F64, 2, 4).toDoubleArray()).containsExactly(want);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rngFloat")
    void floatsAndRandTensors(NpyFixtures.Block b) {
        long seed = Long.parseLong(b.get("seed"));
        double[] want = b.doubles("values");
        Rng r = new Rng(seed);
        for (double w : want) {
            assertThat((double) r.nextFloat()).isEqualTo(w);
        }
        assertThat(Tensor.rand(new Rng(seed), DType.F32, 8).toDoubleArray()).containsExactly(want);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rngInt")
    void boundedInts(NpyFixtures.Block b) {
        Rng r = new Rng(Long.parseLong(b.get("seed")));
        int bound = b.getInt("bound");
        for (long want : b.longs("values")) {
            assertThat(r.nextInt(bound)).isEqualTo((int) want);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rngGaussian")
    void gaussiansWithinAFewUlpsOfPython(NpyFixtures.Block b) {
        // Python's log/sqrt (C libm) and Java's Math.log may differ in the last bit; the draws may not.
        long seed = Long.parseLong(b.get("seed"));
        double[] want = b.doubles("values");
        Rng r = new Rng(seed);
        double[] got = Tensor.randn(seed, DType.F64, want.length).toDoubleArray();
        for (int i = 0; i < want.length; i++) {
            assertThat(r.nextGaussian()).isCloseTo(want[i], org.assertj.core.data.Offset.offset(4 * Math.ulp(want[i])));
            assertThat(got[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(4 * Math.ulp(want[i])));
        }
    }

    @Test
    void rngIsReproducibleAndSeedsDiffer() {
        assertThat(Tensor.randn(9, DType.F32, 100).contentEquals(Tensor.randn(9, DType.F32, 100))).isTrue();
        assertThat(Tensor.rand(9, DType.F64, 100).contentEquals(Tensor.rand(10, DType.F64, 100))).isFalse();
        double[] u = Tensor.rand(3, DType.F64, 10000).toDoubleArray();
        for (double x : u) {
            assertThat(x).isGreaterThanOrEqualTo(0).isLessThan(1);
        }
    }
}
