package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API kernels against the scalar reference kernels, run by run: every op, run lengths
 * around the lane widths, offsets, and every stride mode (contiguous, scalar broadcast on either
 * side, strided and negative strides that take the fallback), with special values mixed in.
 */
class ElementwiseKernelsTest {
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        1.0, -1.0, 100.0, -100.0, 1e-30};

    @Test
    void providerPicksTheVectorKernelsWhenTheModuleIsPresent() {
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        assertThat(Kernels.vectorized()).isTrue();
        assertThat(Kernels.ELEMENTWISE_F32).isSameAs(ElementwisePanamaF32.INSTANCE);
        assertThat(Kernels.ELEMENTWISE_F64).isSameAs(ElementwisePanamaF64.INSTANCE);
    }

    /** Values for a run: normal noise, every 5th element special when {@code special}. */
    private static double[] values(Rng rng, int len, boolean special, double scale) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = rng.nextGaussian() * scale;
            if (special && i % 5 == 3) {
                v[i] = SPECIAL[(int) (rng.nextDouble() * SPECIAL.length)];
            }
        }
        return v;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** Transcendental lanes come from the JDK vector math library: allow a few ulps. */
    static double rtol(DType dt, boolean exact) {
        return exact ? 0 : dt == DType.F32 ? 4e-6 : 1e-13;
    }

    static double atol(DType dt, boolean exact) {
        return exact ? 0 : dt == DType.F32 ? 1e-7 : 1e-15;
    }

    static boolean exact(UnaryOp op) {
        return switch (op) {
            case EXP, LOG, TANH, SIGMOID -> false;
            default -> true;
        };
    }

    static boolean exact(BinaryOp op) {
        return op != BinaryOp.POW;
    }

    /** Stride pairs: {in, out} for unary; contiguous, strided, negative. */
    private static final int[][] UNARY_STRIDES = {{1, 1}, {2, 1}, {1, 3}, {-1, 1}, {0, 1}};
    /** {a, b, out} for binary: contiguous, broadcast scalar on either or both sides, strided. */
    private static final int[][] BINARY_STRIDES = {{1, 1, 1}, {1, 0, 1}, {0, 1, 1}, {0, 0, 1}, {2, 1, 1}, {1, -1, 1},
        {1, 1, 2}};

    static Stream<Arguments> unaryCases() {
        List<Arguments> out = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                out.add(Arguments.of(op, dt));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unaryCases")
    void unaryMatchesReference(UnaryOp op, DType dt) {
        Rng rng = new Rng(op.ordinal() * 31L + dt.ordinal());
        for (int n : ElementwiseTestSupport.SIZES) {
            for (int[] s : UNARY_STRIDES) {
                for (boolean special : new boolean[] {false, true}) {
                    int xo = s[0] < 0 ? 3 + (n - 1) * -s[0] : 3;
                    int xlen = xo + Math.max(n - 1, 0) * Math.abs(s[0]) + 1;
                    double[] x = values(rng, xlen, special, op == UnaryOp.EXP ? 30 : 3);
                    int ylen = 2 + Math.max(n - 1, 0) * s[1] + 1;
                    String what = op + " " + dt + " n=" + n + " strides=" + s[0] + "," + s[1] + " special=" + special;
                    if (dt == DType.F32) {
                        float[] xf = floats(x);
                        float[] got = new float[ylen];
                        float[] want = new float[ylen];
                        Kernels.ELEMENTWISE_F32.unary(op, xf, xo, s[0], got, 2, s[1], n);
                        ElementwiseScalarF32.INSTANCE.unary(op, xf, xo, s[0], want, 2, s[1], n);
                        compare(what, toDouble(got), toDouble(want), dt, exact(op));
                    } else {
                        double[] got = new double[ylen];
                        double[] want = new double[ylen];
                        Kernels.ELEMENTWISE_F64.unary(op, x, xo, s[0], got, 2, s[1], n);
                        ElementwiseScalarF64.INSTANCE.unary(op, x, xo, s[0], want, 2, s[1], n);
                        compare(what, got, want, dt, exact(op));
                    }
                }
            }
        }
    }

    static Stream<Arguments> binaryCases() {
        List<Arguments> out = new ArrayList<>();
        for (BinaryOp op : BinaryOp.values()) {
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                out.add(Arguments.of(op, dt));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryCases")
    void binaryMatchesReference(BinaryOp op, DType dt) {
        Rng rng = new Rng(1000 + op.ordinal() * 31L + dt.ordinal());
        for (int n : ElementwiseTestSupport.SIZES) {
            for (int[] s : BINARY_STRIDES) {
                for (boolean special : new boolean[] {false, true}) {
                    int ao = 1, bo = s[1] < 0 ? 2 + (n - 1) * -s[1] : 2;
                    double[] a = values(rng, ao + Math.max(n - 1, 0) * Math.abs(s[0]) + 1, special, 2);
                    double[] b = values(rng, bo + Math.max(n - 1, 0) * Math.abs(s[1]) + 1, special, 2);
                    if (op == BinaryOp.POW) {
                        for (int i = 0; i < a.length; i++) {
                            a[i] = Math.abs(a[i]);
                        }
                    }
                    if (op.ordinal() >= BinaryOp.EQ.ordinal()) {
                        // Make equal pairs likely, so EQ/LE/GE see ties.
                        for (int i = 0; i < Math.min(a.length, b.length); i += 3) {
                            b[i] = a[i];
                        }
                    }
                    int ylen = Math.max(n - 1, 0) * s[2] + 1;
                    String what = op + " " + dt + " n=" + n + " strides=" + java.util.Arrays.toString(s) + " special="
                            + special;
                    if (dt == DType.F32) {
                        float[] af = floats(a), bf = floats(b), got = new float[ylen], want = new float[ylen];
                        Kernels.ELEMENTWISE_F32.binary(op, af, ao, s[0], bf, bo, s[1], got, 0, s[2], n);
                        ElementwiseScalarF32.INSTANCE.binary(op, af, ao, s[0], bf, bo, s[1], want, 0, s[2], n);
                        compare(what, toDouble(got), toDouble(want), dt, exact(op));
                    } else {
                        double[] got = new double[ylen], want = new double[ylen];
                        Kernels.ELEMENTWISE_F64.binary(op, a, ao, s[0], b, bo, s[1], got, 0, s[2], n);
                        ElementwiseScalarF64.INSTANCE.binary(op, a, ao, s[0], b, bo, s[1], want, 0, s[2], n);
                        compare(what, got, want, dt, exact(op));
                    }
                }
            }
        }
    }

    /** y += alpha·x: the same bits as the reference (product rounded, then the sum; no FMA). */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = DType.class, names = {"F32", "F64"})
    void axpyMatchesReferenceBitForBit(DType dt) {
        Rng rng = new Rng(4242 + dt.ordinal());
        for (int n : ElementwiseTestSupport.SIZES) {
            for (boolean special : new boolean[] {false, true}) {
                double[] x = values(rng, n + 3, special, 2);
                double[] y = values(rng, n + 5, special, 2);
                double alpha = -0.1 * (1 + rng.nextDouble());
                String what = "axpy " + dt + " n=" + n + " special=" + special;
                if (dt == DType.F32) {
                    float[] xf = floats(x), got = floats(y), want = floats(y);
                    Kernels.ELEMENTWISE_F32.axpy((float) alpha, xf, 3, got, 5, n);
                    ElementwiseScalarF32.INSTANCE.axpy((float) alpha, xf, 3, want, 5, n);
                    compare(what, toDouble(got), toDouble(want), dt, true);
                    // Independent of either kernel: the product rounded to float, then the sum.
                    for (int i = 0; i < n; i++) {
                        float t = (float) alpha * xf[3 + i];
                        assertThat(Float.floatToRawIntBits(got[5 + i])).as(what + " at " + i)
                                .isEqualTo(Float.floatToRawIntBits(floats(y)[5 + i] + t));
                    }
                    assertThat(got[0]).as(what + ": before the run").isEqualTo((float) y[0]);
                } else {
                    double[] got = y.clone(), want = y.clone();
                    Kernels.ELEMENTWISE_F64.axpy(alpha, x, 3, got, 5, n);
                    ElementwiseScalarF64.INSTANCE.axpy(alpha, x, 3, want, 5, n);
                    compare(what, got, want, dt, true);
                    for (int i = 0; i < n; i++) {
                        assertThat(Double.doubleToRawLongBits(got[5 + i])).as(what + " at " + i)
                                .isEqualTo(Double.doubleToRawLongBits(y[5 + i] + alpha * x[3 + i]));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("reduceCases")
    void reduceMatchesReference(ReduceOp op, DType dt) {
        Rng rng = new Rng(7 + op.ordinal() * 13L + dt.ordinal());
        int[] sizes = {0, 1, 7, 15, 16, 17, 31, 32, 33, 97, 1009, 4099};
        for (int n : sizes) {
            for (int xs : new int[] {1, 2, -1}) {
                for (boolean special : new boolean[] {false, true}) {
                    int xo = xs < 0 ? 1 + Math.max(n - 1, 0) : 1;
                    double[] x = values(rng, xo + Math.max(n - 1, 0) * Math.abs(xs) + 1,
                            special && op != ReduceOp.SUM, op == ReduceOp.PROD ? 0.1 : 1);
                    if (op == ReduceOp.PROD) {
                        for (int i = 0; i < x.length; i++) {
                            x[i] += 1;
                        }
                    }
                    double got;
                    double want = 0;
                    double abs = 0;
                    if (dt == DType.F32) {
                        float[] xf = floats(x);
                        got = Kernels.ELEMENTWISE_F32.reduce(op, xf, xo, xs, n);
                        want = ElementwiseScalarF32.INSTANCE.reduce(op, xf, xo, xs, n);
                        for (int i = 0; i < n; i++) {
                            abs += Math.abs(xf[xo + i * xs]);
                        }
                    } else {
                        got = Kernels.ELEMENTWISE_F64.reduce(op, x, xo, xs, n);
                        want = ElementwiseScalarF64.INSTANCE.reduce(op, x, xo, xs, n);
                        for (int i = 0; i < n; i++) {
                            abs += Math.abs(x[xo + i * xs]);
                        }
                    }
                    // Sums are reassociated: bound the error by the sum of magnitudes. The vector kernel adds
                    // float32 blocks in float lanes (~40 roundings deep), the reference adds in double.
                    double eps = dt == DType.F32 ? 3e-6 : 1e-13;
                    double tol = op == ReduceOp.SUM ? eps * abs : op == ReduceOp.PROD ? 1e-12 * Math.abs(want) : 0;
                    String what = op + " " + dt + " n=" + n + " xs=" + xs + " special=" + special;
                    if (!ElementwiseTestSupport.close(got, want, 0, tol)) {
                        fail(what + ": " + got + " vs " + want);
                    }
                }
            }
        }
    }

    static Stream<Arguments> reduceCases() {
        List<Arguments> out = new ArrayList<>();
        for (ReduceOp op : ReduceOp.values()) {
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                out.add(Arguments.of(op, dt));
            }
        }
        return out.stream();
    }

    @Test
    void verticalSumsMatchReference() {
        Rng rng = new Rng(99);
        for (int n : ElementwiseTestSupport.SIZES) {
            for (int[] s : new int[][] {{1, 1}, {2, 1}, {1, 3}}) {
                double[] x = values(rng, 1 + Math.max(n - 1, 0) * s[1] + 1, false, 1);
                double[] seed = values(rng, Math.max(n - 1, 0) * s[0] + 1, false, 1);
                for (ReduceOp op : ReduceOp.values()) {
                    double[] got = seed.clone(), want = seed.clone();
                    float[] xf = floats(x);
                    Kernels.ELEMENTWISE_F32.reduceInto(op, got, 0, s[0], xf, 1, s[1], n);
                    ElementwiseScalarF32.INSTANCE.reduceInto(op, want, 0, s[0], xf, 1, s[1], n);
                    assertThat(got).as("%s f32 n=%d", op, n).containsExactly(want);
                    got = seed.clone();
                    want = seed.clone();
                    Kernels.ELEMENTWISE_F64.reduceInto(op, got, 0, s[0], x, 1, s[1], n);
                    ElementwiseScalarF64.INSTANCE.reduceInto(op, want, 0, s[0], x, 1, s[1], n);
                    assertThat(got).as("%s f64 n=%d", op, n).containsExactly(want);
                }
            }
        }
    }

    @Test
    void softmaxRowMatchesReference() {
        Rng rng = new Rng(123);
        for (int n : ElementwiseTestSupport.SIZES) {
            if (n == 0) {
                continue;
            }
            for (double scale : new double[] {1, 50}) {
                double[] x = values(rng, n + 2, false, scale);
                if (n > 3 && scale > 1) {
                    x[3] = Double.NEGATIVE_INFINITY; // a masked-out logit
                }
                double[] got = new double[n + 1], want = new double[n + 1];
                Kernels.ELEMENTWISE_F64.softmax(x, 2, got, 1, n);
                ElementwiseScalarF64.INSTANCE.softmax(x, 2, want, 1, n);
                compare("softmax f64 n=" + n, got, want, DType.F64, false);
                float[] xf = floats(x), gf = new float[n + 1], wf = new float[n + 1];
                Kernels.ELEMENTWISE_F32.softmax(xf, 2, gf, 1, n);
                ElementwiseScalarF32.INSTANCE.softmax(xf, 2, wf, 1, n);
                compare("softmax f32 n=" + n, toDouble(gf), toDouble(wf), DType.F32, false);
                double s = 0;
                for (int i = 1; i <= n; i++) {
                    s += got[i];
                }
                assertThat(s).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
            }
        }
        double[] inf = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] y = new double[2];
        Kernels.ELEMENTWISE_F64.softmax(inf, 0, y, 0, 2);
        assertThat(y).containsExactly(Double.NaN, Double.NaN); // 0/0 like PyTorch
    }

    @Test
    void float32SumOfManyValuesKeepsAccuracy() {
        // 2^22 copies of 0.1f: a float running sum drifts by percents, the blocked sum must not.
        int n = 1 << 22;
        float[] x = new float[n];
        java.util.Arrays.fill(x, 0.1f);
        double exact = (double) 0.1f * n;
        float naive = 0;
        for (float v : x) {
            naive += v;
        }
        assertThat(Math.abs(naive - exact) / exact).as("naive float sum drifts").isGreaterThan(1e-2);
        double got = Kernels.ELEMENTWISE_F32.reduce(ReduceOp.SUM, x, 0, 1, n);
        assertThat(Math.abs(got - exact) / exact).isLessThan(1e-6);
    }

    @Test
    void referenceSigmoidIsStableAtExtremes() {
        assertThat(ElementwiseScalarF64.apply(UnaryOp.SIGMOID, 800.0)).isEqualTo(1.0);
        assertThat(ElementwiseScalarF64.apply(UnaryOp.SIGMOID, -800.0)).isEqualTo(0.0);
        assertThat(ElementwiseScalarF64.apply(UnaryOp.SIGMOID, -700.0)).isCloseTo(Math.exp(-700),
                org.assertj.core.data.Percentage.withPercentage(1e-10));
        assertThat(ElementwiseScalarF32.apply(UnaryOp.SIGMOID, -80f)).isGreaterThan(0f);
        assertThat(ElementwiseScalarF64.apply(UnaryOp.SIGMOID, 0.0)).isEqualTo(0.5);
    }

    @Test
    void argExtremeTakesTheFirstHitAndNaN() {
        double[] x = {1, 5, 2, 5, -3, -3};
        assertThat(Kernels.ELEMENTWISE_F64.argExtreme(true, x, 0, 1, 6)).isEqualTo(1);
        assertThat(Kernels.ELEMENTWISE_F64.argExtreme(false, x, 0, 1, 6)).isEqualTo(4);
        assertThat(Kernels.ELEMENTWISE_F64.argExtreme(true, x, 5, -1, 6)).isEqualTo(2); // reversed: 5 at i=2
        double[] nan = {1, Double.NaN, 9, Double.NaN};
        assertThat(Kernels.ELEMENTWISE_F64.argExtreme(true, nan, 0, 1, 4)).isEqualTo(1);
        assertThat(Kernels.ELEMENTWISE_F64.argExtreme(false, nan, 0, 1, 4)).isEqualTo(1);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static void compare(String what, double[] got, double[] want, DType dt, boolean exact) {
        for (int i = 0; i < want.length; i++) {
            boolean ok = exact ? Double.compare(got[i], want[i]) == 0 || (got[i] == want[i])
                    : ElementwiseTestSupport.close(got[i], want[i], rtol(dt, false), atol(dt, false));
            if (!ok) {
                fail(what + ": y[" + i + "] = " + got[i] + ", reference " + want[i]);
            }
        }
    }
}
