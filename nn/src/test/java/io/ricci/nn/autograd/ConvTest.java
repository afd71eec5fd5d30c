package io.ricci.nn.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ricci.tensor.DType;
import io.ricci.tensor.Npz;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * conv2d (im2col + GEMM) and maxPool2d against conv_fixtures.npz (plain NumPy loops, made by
 * make_conv_fixtures.py next to it) and against central differences.
 */
class ConvTest {
    private static Map<String, Tensor> fx;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ConvTest.class.getResourceAsStream("/io/ricci/nn/autograd/conv_fixtures.npz")) {
            fx = Npz.load(in, "conv_fixtures.npz");
        }
    }

    static Stream<Arguments> convCases() {
        return IntStream.range(0, 6).boxed().flatMap(k -> Stream.of(Arguments.of(k, DType.F64), Arguments.of(k, DType.F32)));
    }

    @ParameterizedTest(name = "conv case {0} {1}")
    @MethodSource("convCases")
    void convMatchesNumpyLoops(int k, DType dtype) {
        String p = "conv" + k + "_";
        Tensor geom = fx.get(p + "geom");
        int stride = (int) geom.get(0), padding = (int) geom.get(1);
        Variable x = new Variable(fx.get(p + "x").astype(dtype), "x");
        Variable w = new Variable(fx.get(p + "w").astype(dtype), "w");
        Variable b = new Variable(fx.get(p + "b").astype(dtype), "b");
        Variable y = Autograd.conv2d(x, w, b, stride, padding);
        double tol = dtype == DType.F64 ? 1e-12 : 2e-5;
        assertThat(y.value().dtype()).isEqualTo(dtype);
        assertClose(y.value(), fx.get(p + "y"), tol);
        y.backward(fx.get(p + "g").astype(dtype), false);
        assertThat(x.grad().dtype()).isEqualTo(dtype);
        assertClose(x.grad(), fx.get(p + "dx"), tol);
        assertClose(w.grad(), fx.get(p + "dw"), tol);
        assertClose(b.grad(), fx.get(p + "db"), tol);
    }

    static Stream<Arguments> poolCases() {
        return IntStream.range(0, 3).boxed().flatMap(k -> Stream.of(Arguments.of(k, DType.F64), Arguments.of(k, DType.F32)));
    }

    @ParameterizedTest(name = "pool case {0} {1}")
    @MethodSource("poolCases")
    void maxPoolMatchesNumpyLoopsIncludingTies(int k, DType dtype) {
        String p = "pool" + k + "_";
        Tensor geom = fx.get(p + "geom");
        Variable x = new Variable(fx.get(p + "x").astype(dtype), "x");
        Variable y = Autograd.maxPool2d(x, (int) geom.get(0), (int) geom.get(1));
        assertThat(y.value().dtype()).isEqualTo(dtype);
        assertClose(y.value(), fx.get(p + "y"), 1e-7);
        y.backward(fx.get(p + "g").astype(dtype), false);
        assertClose(x.grad(), fx.get(p + "dx"), dtype == DType.F64 ? 1e-12 : 1e-6);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void poolTiesGoToTheFirstMaximumAndNanWins(DType dtype) {
        Tensor xv = Tensor.zeros(dtype, 1, 1, 2, 4);
        xv.set(Double.NaN, 0, 0, 1, 3);
        Variable x = new Variable(xv, "x");
        Variable y = Autograd.maxPool2d(x, 2, 2);
        assertThat(y.value().get(0, 0, 0, 0)).isEqualTo(0.0);
        assertThat(y.value().get(0, 0, 0, 1)).isNaN();
        y.sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(1, 0, 0, 0, 0, 0, 0, 1);
    }

    static Stream<Arguments> gradCases() {
        // N, C, H, W, O, KH, KW, stride, padding, bias
        return Stream.of(
                Arguments.of(2, 2, 5, 4, 3, 3, 3, 1, 0, true),
                Arguments.of(1, 3, 7, 7, 2, 3, 3, 2, 1, true),
                Arguments.of(2, 3, 3, 5, 4, 1, 1, 1, 0, false),
                Arguments.of(1, 1, 6, 5, 2, 2, 4, 2, 1, true),
                Arguments.of(1, 2, 1, 1, 1, 1, 1, 1, 0, true));
    }

    @ParameterizedTest(name = "N{0} C{1} {2}x{3} O{4} k{5}x{6} s{7} p{8} bias {9}")
    @MethodSource("gradCases")
    void convGradientsMatchCentralDifferences(int n, int c, int h, int w, int o, int kh, int kw, int s, int p, boolean bias) {
        Rng rng = new Rng(n * 1000 + h * 10 + kh);
        Tensor xv = Tensor.randn(rng, DType.F64, n, c, h, w);
        Tensor wv = Tensor.randn(rng, DType.F64, o, c, kh, kw);
        Tensor bv = Tensor.randn(rng, DType.F64, o);
        int oh = (h + 2 * p - kh) / s + 1, ow = (w + 2 * p - kw) / s + 1;
        Tensor probe = Tensor.randn(rng, DType.F64, n, o, oh, ow);
        GradCheck.Report r = GradCheck.check(v -> Autograd.conv2d(v[0], v[1], bias ? v[2] : null, s, p)
                .tanh().mul(Variable.constant(probe)).sum(), xv, wv, bv);
        assertThat(r.passed()).as(r.toString()).isTrue();
    }

    @Test
    void poolAndConvComposeUnderGradCheck() {
        Rng rng = new Rng(7);
        Tensor xv = Tensor.randn(rng, DType.F64, 2, 1, 8, 8);
        Tensor wv = Tensor.randn(rng, DType.F64, 3, 1, 3, 3);
        GradCheck.Report r = GradCheck.check(v -> Autograd.maxPool2d(Autograd.conv2d(v[0], v[1], null, 1, 1).relu(), 2, 2)
                .pow(2).sum(), xv, wv);
        assertThat(r.passed()).as(r.toString()).isTrue();
    }

    static Stream<Arguments> badShapes() {
        return Stream.of(
                Arguments.of(new int[] {2, 3, 5}, new int[] {4, 3, 3, 3}, 1, 0, "do not match [N, C, H, W] with [O, C, KH, KW]"),
                Arguments.of(new int[] {2, 3, 5, 5}, new int[] {4, 2, 3, 3}, 1, 0, "weight of shape (4, 2, 3, 3)"),
                Arguments.of(new int[] {1, 1, 2, 2}, new int[] {1, 1, 3, 3}, 1, 0, "does not fit input of shape (1, 1, 2, 2)"),
                Arguments.of(new int[] {1, 1, 4, 4}, new int[] {1, 1, 3, 3}, 0, 0, "stride 0"),
                Arguments.of(new int[] {1, 1, 4, 4}, new int[] {1, 1, 3, 3}, 1, -1, "padding -1"));
    }

    @ParameterizedTest(name = "{4}")
    @MethodSource("badShapes")
    void badConvolutionsAreRefusedByShape(int[] xs, int[] ws, int stride, int padding, String message) {
        Variable x = new Variable(Tensor.zeros(xs), "x");
        Variable w = new Variable(Tensor.zeros(ws), "w");
        assertThatThrownBy(() -> Autograd.conv2d(x, w, null, stride, padding))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void badBiasAndPoolInputsAreRefused() {
        Variable x = new Variable(Tensor.zeros(1, 2, 4, 4), "x");
        Variable w = new Variable(Tensor.zeros(3, 2, 3, 3), "w");
        assertThatThrownBy(() -> Autograd.conv2d(x, w, new Variable(Tensor.zeros(2)), 1, 0))
                .hasMessageContaining("bias of shape (2,) for 3 output channels");
        assertThatThrownBy(() -> Autograd.maxPool2d(new Variable(Tensor.zeros(4, 4)), 2, 2))
                .hasMessageContaining("maxPool2d: input of shape (4, 4) is not 4-d");
        assertThatThrownBy(() -> Autograd.maxPool2d(x, 5, 1)).hasMessageContaining("does not fit");
    }

    private static void assertClose(Tensor actual, Tensor expected, double tol) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        double[] a = actual.toDoubleArray(), e = expected.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - e[i])).as("element %d: %s vs %s", i, a[i], e[i])
                    .isLessThanOrEqualTo(tol * Math.max(1, Math.abs(e[i])));
        }
    }
}
