package io.ricci.nn.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Version counters on the tape (PyTorch's in-place check): a backward that would read a saved tensor
 * written in place since its op ran fails naming the op, which input or output, and both versions.
 */
class TapeSafetyTest {

    /** name, graph builder (x, w) -> scalar output, which tensor to modify afterwards, expected message fragment. */
    static Stream<Arguments> modified() {
        return Stream.of(
                // elementwise binary: mul and div save both inputs
                Arguments.of("mul saves input 0", (Function<Variable[], Variable>) v -> v[0].mul(v[1]).sum(), 0,
                        "input 0 'x' of 'mul' (float64, shape (3, 4)) is at version 1; expected version 0"),
                Arguments.of("mul saves input 1", (Function<Variable[], Variable>) v -> v[0].mul(v[1]).sum(), 1,
                        "input 1 'w' of 'mul'"),
                Arguments.of("div", (Function<Variable[], Variable>) v -> v[0].div(v[1]).sum(), 1, "of 'div'"),
                Arguments.of("maximum", (Function<Variable[], Variable>) v -> Autograd.maximum(v[0], v[1]).sum(), 0,
                        "of 'maximum'"),
                // unary: exp, sigmoid, tanh save their output; log and relu their input
                Arguments.of("exp output", (Function<Variable[], Variable>) v -> v[0].exp().sum(), -1,
                        "output 0 of 'exp' (float64, shape (3, 4)) is at version 1; expected version 0"),
                Arguments.of("sigmoid output", (Function<Variable[], Variable>) v -> v[0].sigmoid().sum(), -1,
                        "output 0 of 'sigmoid'"),
                Arguments.of("tanh output", (Function<Variable[], Variable>) v -> v[0].tanh().sum(), -1,
                        "output 0 of 'tanh'"),
                Arguments.of("log input", (Function<Variable[], Variable>) v -> v[1].log().sum(), 1,
                        "input 0 'w' of 'log'"),
                Arguments.of("relu input", (Function<Variable[], Variable>) v -> v[0].relu().sum(), 0,
                        "input 0 'x' of 'relu'"),
                // reductions
                Arguments.of("max input", (Function<Variable[], Variable>) v -> Autograd.max(v[0], new int[] {1}, false).sum(), 0,
                        "input 0 'x' of 'max'"),
                Arguments.of("logsumexp input",
                        (Function<Variable[], Variable>) v -> Autograd.logsumexp(v[0], new int[] {1}, false).sum(), 0,
                        "input 0 'x' of 'logsumexp'"),
                Arguments.of("softmax output",
                        (Function<Variable[], Variable>) v -> Autograd.softmax(v[0], 1).select(1, 0).sum(), -2,
                        "output 0 of 'softmax'"),
                // matmul / einsum
                Arguments.of("matmul", (Function<Variable[], Variable>) v -> v[0].matmul(v[1].permute(1, 0)).sum(), 0,
                        "input 0 'x' of 'matmul'"),
                Arguments.of("einsum", (Function<Variable[], Variable>) v -> Autograd.einsum("ij,kj->ik", v[0], v[1]).sum(), 1,
                        "input 1 'w' of 'einsum ij,kj->ik'"),
                // a view of a saved tensor written in place: the version is the storage's
                Arguments.of("view of saved input", (Function<Variable[], Variable>) v -> v[0].mul(v[1]).sum(), 10,
                        "input 0 'x' of 'mul'"),
                Arguments.of("saved output modified through a reshape view",
                        (Function<Variable[], Variable>) v -> v[0].exp().reshape(12).sum(), -3,
                        "output 0 of 'exp'"));
    }

    private static Variable[] leaves() {
        Rng rng = new Rng(11);
        return new Variable[] {
            new Variable(Tensor.randn(rng, DType.F64, 3, 4), "x"),
            new Variable(Tensor.rand(rng, DType.F64, 3, 4).add(0.5), "w")};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modified")
    void backwardRefusesAModifiedSavedTensor(String name, Function<Variable[], Variable> f, int which, String message) {
        Variable[] v = leaves();
        Variable y = f.apply(v);
        // -1: the op's output (input of the final sum); -2: output of the op below the select; -3: below the reshape
        Tensor target = switch (which) {
            case -1 -> y.inputs().get(0).value();
            case -2 -> y.inputs().get(0).inputs().get(0).value();
            case -3 -> y.inputs().get(0).value();
            case 10 -> v[0].value().select(0, 1);
            default -> v[which].value();
        };
        target.mul_(1.0);
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one of the tensors needed for gradient computation has been modified by an inplace operation")
                .hasMessageContaining(message);
    }

    @Test
    void opsThatSaveOnlyShapesAllowInPlaceWritesToTheirOperands() {
        Variable[] v = leaves();
        Variable y = v[0].add(v[1]).sub(v[0]).reshape(12).mul(3.0).sum();
        v[0].value().add_(1.0);
        v[1].value().mul_(2.0);
        y.backward();
        assertThat(v[1].grad().get(2, 3)).isEqualTo(3.0);
        assertThat(v[0].grad().get(0, 0)).isEqualTo(0.0);
    }

    @Test
    void unmodifiedSavedTensorsPassAndARetainedGraphSeesLaterWrites() {
        Variable[] v = leaves();
        Variable y = v[0].mul(v[1]).sum();
        y.backward(Tensor.scalar(1.0), true);
        assertThat(v[0].grad().allClose(v[1].value())).isTrue();
        v[1].value().set(0.0, 0, 0);
        assertThatThrownBy(y::backward).hasMessageContaining("input 1 'w' of 'mul'")
                .hasMessageContaining("expected version 0");
    }

    @Test
    void leafGradientHasTheLeafDtype() {
        Variable x = new Variable(Tensor.arange(6).astype(DType.F32).reshape(2, 3), "x");
        Variable y = x.mul(2.0);
        y.backward(Tensor.full(DType.F64, 1.0 / 3.0, 2, 3), false);
        assertThat(x.grad().dtype()).isEqualTo(DType.F32);
        assertThat(x.grad().get(1, 2)).isEqualTo((double) (float) (2.0 / 3.0));
        // a float32 leaf feeding a float64 op: the op's grad is float64, the leaf's float32
        Variable a = new Variable(Tensor.ones(DType.F32, 3), "a");
        Variable b = new Variable(Tensor.full(DType.F64, 0.1, 3), "b");
        Variable s = a.mul(b).sum();
        s.backward();
        assertThat(a.grad().dtype()).isEqualTo(DType.F32);
        assertThat(b.grad().dtype()).isEqualTo(DType.F64);
        assertThat(a.grad().get(0)).isEqualTo((double) 0.1f);
    }

    @Test
    void implicitBackwardOnANonScalarNamesTheShape() {
        Variable x = new Variable(Tensor.ones(2, 3), "x");
        assertThatThrownBy(() -> x.exp().backward()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("output of shape (2, 3) is not a scalar")
                .hasMessageContaining("only for scalar outputs");
    }

    @Test
    void scalarArithmeticMatchesItsTensorForm() {
        Tensor xv = Tensor.randn(new Rng(5), DType.F64, 4).abs().add(0.5);
        Variable x = new Variable(xv, "x");
        // f = (2x + 1 - 3)/4 + (5 - x) + 6/x ;  df/dx = 1/2 - 1 - 6/x²
        Variable f = x.mul(2.0).add(1.0).sub(3.0).div(4.0).add(x.rsub(5.0)).add(x.rdiv(6.0)).sum();
        for (int i = 0; i < 4; i++) {
            double xi = xv.get(i);
            // the forward value, element by element
            assertThat(x.mul(2.0).add(1.0).sub(3.0).div(4.0).add(x.rsub(5.0)).add(x.rdiv(6.0)).value().get(i))
                    .isCloseTo((2 * xi + 1 - 3) / 4 + (5 - xi) + 6 / xi, within(1e-12));
        }
        f.backward();
        for (int i = 0; i < 4; i++) {
            double xi = xv.get(i);
            assertThat(x.grad().get(i)).isCloseTo(0.5 - 1 - 6 / (xi * xi), within(1e-12));
        }
        GradCheck.Report r = GradCheck.check(v -> v[0].rdiv(2.0).mul(v[0].rsub(1.0)).div(3.0).sum(), xv);
        assertThat(r.passed()).as(r.toString()).isTrue();
    }
}
