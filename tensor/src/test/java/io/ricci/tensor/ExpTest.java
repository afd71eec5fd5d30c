package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Ricci's own e^x ({@link ElementwiseScalarF32#exp}, {@link ElementwiseScalarF64#exp}): within 2 ulp of
 * {@link Math#exp} over the whole range, exact at the special values, and the SIMD kernel gives the
 * reference's bits in every lane, tails included.
 */
class ExpTest {
    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, 1e-30, -1e-30, 0.5, -0.5,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
        88.72283, 88.7229, 89.0, 100.0, -87.33654, -87.3366, -103.278, -103.972, -104.0, -200.0,
        709.782712893384, 709.7828, 710.0, 800.0, -708.3964, -708.4, -744.44, -745.13, -745.2, -746.0, -1000.0};

    @Test
    void float32IsWithinTwoUlpOfMathExp() {
        Rng rng = new Rng(5);
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (rng.nextDouble() * 200 - 110);
            checkF32(x);
        }
        for (double s : SPECIAL) {
            checkF32((float) s);
        }
    }

    @Test
    void float64IsWithinTwoUlpOfMathExp() {
        Rng rng = new Rng(6);
        for (int i = 0; i < 200_000; i++) {
            double x = rng.nextDouble() * 1480 - 750;
            checkF64(x);
        }
        for (int i = 0; i < 100_000; i++) {
            checkF64(rng.nextDouble() * 2 - 1);
        }
        for (double s : SPECIAL) {
            checkF64(s);
        }
    }

    private static void checkF32(float x) {
        float got = ElementwiseScalarF32.exp(x);
        float want = (float) Math.exp(x);
        if (Float.isNaN(want)) {
            assertThat(Float.isNaN(got)).as("exp(NaN) is NaN").isTrue();
        } else if (Float.isInfinite(want) || want == 0 || want == 1) {
            assertThat(got).as("exp(%s)", x).isEqualTo(want);
        } else if (want < Float.MIN_NORMAL) {
            assertThat(Math.abs(got - want)).as("exp(%s) subnormal", x).isLessThanOrEqualTo(Float.MIN_VALUE);
        } else {
            assertThat(Math.abs(got - want)).as("exp(%s) = %s vs %s", x, got, want)
                    .isLessThanOrEqualTo(2 * Math.ulp(want));
        }
    }

    private static void checkF64(double x) {
        double got = ElementwiseScalarF64.exp(x);
        double want = Math.exp(x);
        if (Double.isNaN(want)) {
            assertThat(Double.isNaN(got)).as("exp(NaN) is NaN").isTrue();
        } else if (Double.isInfinite(want) || want == 0 || want == 1) {
            assertThat(got).as("exp(%s)", x).isEqualTo(want);
        } else if (want < Double.MIN_NORMAL) {
            assertThat(Math.abs(got - want)).as("exp(%s) subnormal", x).isLessThanOrEqualTo(Double.MIN_VALUE);
        } else {
            assertThat(Math.abs(got - want)).as("exp(%s) = %s vs %s", x, got, want)
                    .isLessThanOrEqualTo(2 * Math.ulp(want));
        }
    }

    @Test
    void simdKernelGivesTheReferenceBitsInEveryLane() {
        for (int n : new int[] {0, 1, 7, 15, 16, 17, 31, 33, 101}) {
            float[] xf = new float[n + SPECIAL.length];
            double[] xd = new double[n + SPECIAL.length];
            Rng rng = new Rng(n);
            for (int i = 0; i < xf.length; i++) {
                xd[i] = i < SPECIAL.length ? SPECIAL[i] : rng.nextDouble() * 1500 - 750;
                xf[i] = i < SPECIAL.length ? (float) SPECIAL[i] : (float) (rng.nextDouble() * 200 - 110);
            }
            float[] yf = new float[xf.length];
            double[] yd = new double[xd.length];
            ElementwisePanamaF32.INSTANCE.unary(UnaryOp.EXP, xf, 0, 1, yf, 0, 1, xf.length);
            ElementwisePanamaF64.INSTANCE.unary(UnaryOp.EXP, xd, 0, 1, yd, 0, 1, xd.length);
            for (int i = 0; i < xf.length; i++) {
                assertThat(Float.floatToRawIntBits(yf[i])).as("f32 exp(%s), n=%d", xf[i], n)
                        .isEqualTo(Float.floatToRawIntBits(ElementwiseScalarF32.exp(xf[i])));
                assertThat(Double.doubleToRawLongBits(yd[i])).as("f64 exp(%s), n=%d", xd[i], n)
                        .isEqualTo(Double.doubleToRawLongBits(ElementwiseScalarF64.exp(xd[i])));
            }
        }
    }
}
