package io.ricci.nn.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused primitives {@link Autograd#linear} and {@link Autograd#crossEntropy} against central
 * differences and against the unfused compositions they replace (permute + matmul + add;
 * log-softmax · one-hot, summed), at sizes around the GEMM's lane widths.
 */
class FusedPrimitivesTest {

    static Stream<Arguments> linearShapes() {
        return Stream.of(
                Arguments.of(new int[] {5}, 3, true),
                Arguments.of(new int[] {1, 1}, 1, true),
                Arguments.of(new int[] {7, 17}, 15, true),
                Arguments.of(new int[] {17, 7}, 33, false),
                Arguments.of(new int[] {2, 3, 16}, 31, true),
                Arguments.of(new int[] {0, 4}, 3, true));
    }

    @ParameterizedTest(name = "x {0}, out {1}, bias {2}")
    @MethodSource("linearShapes")
    void linearMatchesCentralDifferencesAndTheComposedOps(int[] xs, int out, boolean bias) {
        Rng rng = new Rng(xs.length * 31L + out);
        int in = xs[xs.length - 1];
        Tensor x = Tensor.randn(rng, DType.F64, xs);
        Tensor w = Tensor.randn(rng, DType.F64, out, in);
        Tensor b = Tensor.randn(rng, DType.F64, out);
        Function<Variable[], Variable> fused = v -> Autograd.linear(v[0], v[1], bias ? v[2] : null);
        Function<Variable[], Variable> composed = v -> {
            Variable y = v[0].matmul(v[1].permute(1, 0));
            return bias ? y.add(v[2]) : y;
        };
        if (x.size() > 0) {
            GradCheck.Report r = GradCheck.check(fused, x, w, b);
            assertThat(r.passed()).as(r.toString()).isTrue();
        }
        Variable[] a = {new Variable(x, "x"), new Variable(w, "w"), new Variable(b, "b")};
        Variable[] c = {new Variable(x, "x"), new Variable(w, "w"), new Variable(b, "b")};
        Variable ya = fused.apply(a);
        Variable yc = composed.apply(c);
        assertThat(ya.shape()).containsExactly(yc.shape());
        assertClose(ya.value(), yc.value());
        Tensor u = Tensor.randn(rng, DType.F64, ya.shape());
        ya.backward(u, false);
        yc.backward(u, false);
        assertClose(a[0].grad(), c[0].grad());
        assertClose(a[1].grad(), c[1].grad());
        if (bias) {
            assertClose(a[2].grad(), c[2].grad());
        } else {
            assertThat(a[2].grad()).isNull();
        }
    }

    @Test
    void linearSkipsTheInputGradientOfData() {
        Rng rng = new Rng(3);
        Variable x = Variable.constant(Tensor.randn(rng, DType.F32, 9, 17));
        Variable w = new Variable(Tensor.randn(rng, DType.F32, 5, 17), "w");
        Variable b = new Variable(Tensor.randn(rng, DType.F32, 5), "b");
        Autograd.linear(x, w, b).sum().backward();
        assertThat(x.grad()).isNull();
        assertThat(w.grad().dtype()).isEqualTo(DType.F32);
        // dW = 1ᵀ... each row of dW is the column sum of x; db = N
        Tensor colSums = x.value().sum(0);
        for (int o = 0; o < 5; o++) {
            for (int i = 0; i < 17; i++) {
                assertThat(w.grad().get(o, i)).isCloseTo(colSums.get(i), org.assertj.core.api.Assertions.within(1e-4));
            }
            assertThat(b.grad().get(o)).isEqualTo(9.0);
        }
    }

    @ParameterizedTest(name = "N {0}, C {1}, scale {2}")
    @CsvSource({"1, 1, 1", "1, 2, 1", "7, 10, 0.14285714285714285", "16, 3, 0.0625", "33, 17, 1"})
    void crossEntropyMatchesCentralDifferencesAndTheComposedOps(int n, int c, double scale) {
        Rng rng = new Rng(n * 100L + c);
        Tensor z = Tensor.randn(rng, DType.F64, n, c).mul(3);
        int[] labels = new int[n];
        double[] oh = new double[n * c];
        for (int i = 0; i < n; i++) {
            labels[i] = (int) Math.floor(rng.nextDouble() * c);
            oh[i * c + labels[i]] = 1;
        }
        Tensor oneHot = Tensor.wrap(oh, n, c);
        GradCheck.Report r = GradCheck.check(v -> Autograd.crossEntropy(v[0], labels, scale), z);
        assertThat(r.passed()).as(r.toString()).isTrue();

        Variable a = new Variable(z, "z");
        Variable b = new Variable(z, "z");
        Variable fused = Autograd.crossEntropy(a, labels, scale);
        Variable logSoftmax = b.sub(Autograd.logsumexp(b, new int[] {1}, true));
        Variable composed = Variable.constant(oneHot).mul(logSoftmax).sum().mul(-scale);
        assertThat(fused.value().item()).isCloseTo(composed.value().item(), org.assertj.core.api.Assertions.within(1e-12));
        fused.backward();
        composed.backward();
        assertClose(a.grad(), b.grad());
    }

    @Test
    void crossEntropyOfExtremeLogitsStaysFinite() {
        Variable z = new Variable(Tensor.wrap(new double[] {800, -800, 0, -800, 800, 0}, 2, 3), "z");
        Variable loss = Autograd.crossEntropy(z, new int[] {1, 1}, 0.5);
        assertThat(loss.value().item()).isCloseTo(800, org.assertj.core.api.Assertions.within(1e-9));
        loss.backward();
        assertThat(z.grad().toDoubleArray()).containsExactly(0.5, -0.5, 0, 0, 0, 0);
    }

    static Stream<Arguments> errors() {
        Tensor x = Tensor.zeros(DType.F64, 4, 3);
        return Stream.of(
                Arguments.of((Runnable) () -> Autograd.linear(new Variable(x), new Variable(Tensor.zeros(DType.F64, 2, 5)), null),
                        "linear: input of shape (4, 3) and weight of shape (2, 5) do not match (..., in) with (out, in)"),
                Arguments.of((Runnable) () -> Autograd.linear(new Variable(x), new Variable(Tensor.zeros(DType.F64, 2, 3)),
                        new Variable(Tensor.zeros(DType.F64, 3))), "linear: bias of shape (3,) for 2 outputs; expected (2,)"),
                Arguments.of((Runnable) () -> Autograd.crossEntropy(new Variable(x), new int[] {0, 1, 2}, 1),
                        "crossEntropy: 3 labels for logits (4, 3)"),
                Arguments.of((Runnable) () -> Autograd.crossEntropy(new Variable(x), new int[] {0, 1, 3, 0}, 1),
                        "crossEntropy: label 3 at position 2 is outside 0..2"),
                Arguments.of((Runnable) () -> Autograd.crossEntropy(new Variable(x), new int[] {0, -1, 2, 0}, 1),
                        "label -1 at position 1"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void badShapesAndLabelsAreNamed(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void linearRefusesAnInputModifiedAfterTheForward() {
        Variable x = new Variable(Tensor.ones(DType.F64, 2, 3), "x");
        Variable w = new Variable(Tensor.ones(DType.F64, 4, 3), "w");
        Variable y = Autograd.linear(x, w, null).sum();
        w.value().mul_(2.0);
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("input 1 'w' of 'linear'");
    }

    private static void assertClose(Tensor a, Tensor b) {
        assertThat(a.shape()).containsExactly(b.shape());
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            assertThat(x[i]).as("element %d", i).isCloseTo(y[i], org.assertj.core.api.Assertions.within(1e-12 * (1 + Math.abs(y[i]))));
        }
    }
}
