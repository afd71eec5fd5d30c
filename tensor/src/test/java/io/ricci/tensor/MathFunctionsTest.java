package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The math functions of issue 18 against NumPy 2.4 and mpmath ({@code make_math_fixtures.py} next to
 * {@code math_numpy.txt}): special values, random values, broadcast pairs; and the scalar and
 * Vector API kernels against each other over lengths around the lane widths, strided and broadcast.
 */
class MathFunctionsTest {
    /** Functions whose result is exact (a rounding, a selection or a remainder): NumPy's bits, signed zeros included. */
    private static final Set<String> EXACT = Set.of("floor", "ceil", "rint", "trunc", "sign", "fmod", "fmax", "fmin",
            "maximum", "minimum", "isnan", "isinf", "isfinite", "round");

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                MathFunctionsTest.class.getResourceAsStream("math_numpy.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\\|", -1);
                List<Tensor> ins = new ArrayList<>();
                for (String s : f[3].split(";")) {
                    ins.add(ElementwiseNumpyFixtureTest.parse(s));
                }
                out.add(Arguments.of(f[0], f[1], f[2], ins, ElementwiseNumpyFixtureTest.parse(f[4])));
            }
        }
        assertThat(out).hasSizeGreaterThan(100);
        return out.stream();
    }

    static Tensor compute(String op, String param, List<Tensor> in) {
        Tensor x = in.get(0);
        Tensor y = in.size() > 1 ? in.get(1) : null;
        return switch (op) {
            case "sin" -> x.sin();
            case "cos" -> x.cos();
            case "tan" -> x.tan();
            case "arcsin" -> x.arcsin();
            case "arccos" -> x.arccos();
            case "arctan" -> x.arctan();
            case "sinh" -> x.sinh();
            case "cosh" -> x.cosh();
            case "floor" -> x.floor();
            case "ceil" -> x.ceil();
            case "rint" -> x.rint();
            case "trunc" -> x.trunc();
            case "sign" -> x.sign();
            case "log1p" -> x.log1p();
            case "expm1" -> x.expm1();
            case "log2" -> x.log2();
            case "log10" -> x.log10();
            case "erf" -> x.erf();
            case "isnan" -> x.isnan();
            case "isinf" -> x.isinf();
            case "isfinite" -> x.isfinite();
            case "round" -> x.round(Integer.parseInt(param));
            case "arctan2" -> x.arctan2(y);
            case "hypot" -> x.hypot(y);
            case "fmod" -> x.fmod(y);
            case "fmax" -> x.fmax(y);
            case "fmin" -> x.fmin(y);
            case "maximum" -> x.maximum(y);
            case "minimum" -> x.minimum(y);
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }

    /** Distance in units in the last place of {@code want}'s dtype; 0 for equal bits, both NaN, or ±0 against ±0 in inexact ops. */
    static double ulps(double got, double want, boolean f32) {
        if (Double.isNaN(want) || Double.isNaN(got)) {
            return Double.isNaN(want) && Double.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (got == want) {
            return 0;
        }
        if (Double.isInfinite(want) || Double.isInfinite(got)) {
            return Double.POSITIVE_INFINITY;
        }
        double u = f32 ? Math.ulp((float) want) : Math.ulp(want);
        return Math.abs(got - want) / u;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesNumpyAndMpmath(String name, String op, String param, List<Tensor> in, Tensor want) {
        Tensor got = compute(op, param, in);
        assertThat(got.shape()).as(name).containsExactly(want.shape());
        boolean mask = op.startsWith("is");
        // The classification tests return what the comparisons return: bool.
        assertThat(got.dtype()).as(name).isEqualTo(mask ? in.get(0).lt(in.get(0)).dtype() : want.dtype());
        boolean f32 = in.get(0).dtype() == DType.F32;
        // mpmath gives the correctly rounded value: ≤ 1 ulp from it. NumPy's libm is itself within 1 ulp
        // of it (float32: its SIMD sin/cos within 1.5), so ours is within 2 of NumPy's.
        double tol = name.contains("mpmath") ? 1 : 2;
        double[] g = got.toDoubleArray();
        double[] w = want.toDoubleArray();
        double[] x = in.get(0).broadcastTo(want.shape()).toDoubleArray();
        for (int i = 0; i < w.length; i++) {
            if (EXACT.contains(op)) {
                // IEEE leaves the zero of max(+0, -0) open: Ricci takes Java's (+0 for max, -0 for min), NumPy the second operand.
                boolean zeros = op.matches("f?m(ax|in).*") && w[i] == 0;
                assertThat(Double.compare(g[i], w[i]) == 0 || ((mask || zeros) && g[i] == w[i]))
                        .as("%s element %d (x=%s): got %s, want %s", name, i, x[i], g[i], w[i]).isTrue();
            } else {
                assertThat(ulps(g[i], w[i], f32)).as("%s element %d (x=%s): got %s, want %s", name, i, x[i], g[i], w[i])
                        .isLessThanOrEqualTo(tol);
                if (w[i] == 0) {
                    assertThat(Double.compare(g[i], w[i])).as("%s element %d signed zero", name, i).isZero();
                }
            }
        }
    }

    private static final UnaryOp[] NEW_UNARY = {UnaryOp.SIN, UnaryOp.COS, UnaryOp.TAN, UnaryOp.ARCSIN, UnaryOp.ARCCOS,
        UnaryOp.ARCTAN, UnaryOp.SINH, UnaryOp.COSH, UnaryOp.FLOOR, UnaryOp.CEIL, UnaryOp.RINT, UnaryOp.TRUNC,
        UnaryOp.SIGN, UnaryOp.LOG1P, UnaryOp.EXPM1, UnaryOp.LOG2, UnaryOp.LOG10, UnaryOp.ERF};

    static double[] sample(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] v = new double[n];
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 4.9e-324, 0.5, -2.5};
        for (int i = 0; i < n; i++) {
            v[i] = i % 5 == 4 ? special[(i / 5) % special.length] : r.nextGaussian() * 3;
        }
        return v;
    }

    /** Scalar and Vector API kernels give the same bits, over lengths around the lane widths (the scalar kernel is the reference). */
    @Test
    void vectorKernelsAgreeWithScalarReference() {
        for (int n : new int[] {0, 1, 7, 15, 16, 17, 31, 33, 64, 67}) {
            double[] a = sample(n, n), b = sample(n, n + 100);
            float[] fa = new float[n], fb = new float[n];
            for (int i = 0; i < n; i++) {
                fa[i] = (float) a[i];
                fb[i] = (float) b[i];
            }
            for (UnaryOp op : NEW_UNARY) {
                double[] ys = new double[n], yv = new double[n];
                ElementwiseScalarF64.INSTANCE.unary(op, a, 0, 1, ys, 0, 1, n);
                ElementwisePanamaF64.INSTANCE.unary(op, a, 0, 1, yv, 0, 1, n);
                assertThat(yv).as("%s f64 n=%d", op, n).isEqualTo(ys);
                float[] fs = new float[n], fv = new float[n];
                ElementwiseScalarF32.INSTANCE.unary(op, fa, 0, 1, fs, 0, 1, n);
                ElementwisePanamaF32.INSTANCE.unary(op, fa, 0, 1, fv, 0, 1, n);
                assertThat(fv).as("%s f32 n=%d", op, n).isEqualTo(fs);
                for (int i = 0; i < n; i++) {
                    assertThat(Double.compare(fs[i], (float) ElementwiseScalarF64.apply(op, fa[i])))
                            .as("%s f32 is the float64 value rounded once, x=%s", op, fa[i]).isZero();
                }
            }
            for (BinaryOp op : new BinaryOp[] {BinaryOp.ARCTAN2, BinaryOp.HYPOT, BinaryOp.FMOD, BinaryOp.FMAX, BinaryOp.FMIN}) {
                for (int bs : new int[] {1, 0}) {
                    double[] ys = new double[n], yv = new double[n];
                    ElementwiseScalarF64.INSTANCE.binary(op, a, 0, 1, b, 0, n == 0 ? 1 : bs, ys, 0, 1, n);
                    ElementwisePanamaF64.INSTANCE.binary(op, a, 0, 1, b, 0, n == 0 ? 1 : bs, yv, 0, 1, n);
                    assertThat(yv).as("%s f64 n=%d bs=%d", op, n, bs).isEqualTo(ys);
                    ElementwiseScalarF64.INSTANCE.binary(op, b, 0, n == 0 ? 1 : bs, a, 0, 1, ys, 0, 1, n);
                    ElementwisePanamaF64.INSTANCE.binary(op, b, 0, n == 0 ? 1 : bs, a, 0, 1, yv, 0, 1, n);
                    assertThat(yv).as("%s f64 n=%d scalar first", op, n).isEqualTo(ys);
                }
            }
        }
    }

    /** Through Tensor: 0-size, strided, transposed and broadcast inputs, and the in-place forms, against the reference per element. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void stridedBroadcastAndInPlace(DType dt) {
        if (dt != DType.F32 && dt != DType.F64) {
            return;
        }
        Tensor base = Tensor.of(sample(17 * 6, 7), 17, 6).astype(dt);
        Tensor[] views = {base, base.transpose(0, 1), base.slice(0, 1, 17, 3), Tensor.of(sample(6, 3), 1, 6).astype(dt)
                .broadcastTo(5, 6), Tensor.zeros(dt, 0, 3)};
        for (Tensor v : views) {
            double[] x = v.toDoubleArray();
            check(v.sin(), x, UnaryOp.SIN, dt);
            check(v.erf(), x, UnaryOp.ERF, dt);
            check(v.log2(), x, UnaryOp.LOG2, dt);
            check(v.sign(), x, UnaryOp.SIGN, dt);
            check(v.rint(), x, UnaryOp.RINT, dt);
            Tensor c = v.copy();
            assertThat(c.cosh_()).isSameAs(c);
            check(c, x, UnaryOp.COSH, dt);
            Tensor h = v.hypot(Tensor.scalar(dt, 3.0));
            Tensor m = v.fmax(v.isnan().mul(0.0).add(1.0).astype(dt));
            double[] hv = h.toDoubleArray(), mv = m.toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                double xi = dt == DType.F32 ? (float) x[i] : x[i];
                double hw = ElementwiseScalarF64.apply(BinaryOp.HYPOT, xi, 3.0);
                assertThat(Double.compare(hv[i], dt == DType.F32 ? (float) hw : hw)).isZero();
                assertThat(mv[i]).isEqualTo(Double.isNaN(xi) ? 1.0 : Math.max(xi, 1.0));
            }
        }
    }

    private static void check(Tensor got, double[] x, UnaryOp op, DType dt) {
        double[] g = got.toDoubleArray();
        assertThat(g).hasSameSizeAs(x);
        for (int i = 0; i < x.length; i++) {
            double w = ElementwiseScalarF64.apply(op, x[i]);
            if (dt == DType.F32) {
                w = (float) w;
            }
            assertThat(Double.compare(g[i], w)).as("%s(%s)", op, x[i]).isZero();
        }
    }

    @Test
    void maximumPropagatesNanFmaxDoesNot() {
        Tensor a = Tensor.of(new double[] {Double.NaN, 1, Double.NaN}, 3);
        Tensor b = Tensor.of(new double[] {2, Double.NaN, Double.NaN}, 3);
        assertThat(a.maximum(b).toDoubleArray()).containsExactly(Double.NaN, Double.NaN, Double.NaN);
        assertThat(a.fmax(b).toDoubleArray()).containsExactly(2.0, 1.0, Double.NaN);
        assertThat(a.fmin(b).toDoubleArray()).containsExactly(2.0, 1.0, Double.NaN);
    }
}
