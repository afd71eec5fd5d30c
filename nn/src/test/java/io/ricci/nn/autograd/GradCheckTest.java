package io.ricci.nn.autograd;

import io.ricci.nn.layers.Affine;
import io.ricci.nn.layers.Gates;
import io.ricci.nn.layers.Layer;
import io.ricci.nn.layers.MeanSquaredError;
import io.ricci.nn.layers.Sequential;
import io.ricci.nn.layers.SoftmaxCrossEntropy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every primitive and layer against central differences (float64), including broadcast and views. */
class GradCheckTest {
    private static final Rng RNG = new Rng(2024);

    static Tensor r(int... shape) {
        return Tensor.randn(RNG, DType.F64, shape);
    }

    /** Positive values away from 0 (for log, div, pow). */
    static Tensor pos(int... shape) {
        return Tensor.rand(RNG, DType.F64, shape).add(0.5);
    }

    /** A non-contiguous view: the transpose of a (cols, rows) tensor. */
    static Tensor transposed(int rows, int cols) {
        return r(cols, rows).T();
    }

    /** A strided view: every other column of a wider tensor. */
    static Tensor strided(int rows, int cols) {
        return r(rows, 2 * cols).slice(1, null, null, 2);
    }

    static Arguments c(String name, Function<Variable[], Variable> f, Tensor... in) {
        return Arguments.of(name, f, in);
    }

    static Stream<Arguments> primitives() {
        return Stream.of(
                c("add broadcast", v -> v[0].add(v[1]), r(3, 4), r(4)),
                c("add column broadcast", v -> v[0].add(v[1]), r(3, 4), r(3, 1)),
                c("sub transposed", v -> v[0].sub(v[1]), transposed(3, 4), r(1, 4)),
                c("mul strided", v -> v[0].mul(v[1]), strided(3, 5), r(3, 5)),
                c("mul scalar broadcast", v -> v[0].mul(v[1]), r(2, 3), r()),
                c("div", v -> v[0].div(v[1]), r(3, 4), pos(4)),
                c("neg", v -> v[0].neg(), r(5)),
                c("matmul 2d", v -> v[0].matmul(v[1]), r(3, 4), r(4, 5)),
                c("matmul transposed operands", v -> v[0].matmul(v[1]), transposed(3, 4), transposed(4, 2)),
                c("matmul batched broadcast", v -> v[0].matmul(v[1]), r(2, 3, 4), r(4, 5)),
                c("matmul vector-matrix", v -> v[0].matmul(v[1]), r(4), r(4, 3)),
                c("matmul matrix-vector", v -> v[0].matmul(v[1]), r(3, 4), r(4)),
                c("matmul dot", v -> v[0].matmul(v[1]), r(4), r(4)),
                c("exp", v -> v[0].exp(), r(3, 3)),
                c("log", v -> v[0].log(), pos(3, 3)),
                c("pow 3", v -> v[0].pow(3), r(4)),
                c("pow -0.5", v -> v[0].pow(-0.5), pos(4)),
                c("sum all", v -> v[0].sum(), r(3, 4)),
                c("sum axis 0", v -> v[0].sum(0), strided(3, 4)),
                c("sum keepdims", v -> Autograd.sum(v[0], new int[] {1}, true), r(3, 4)),
                c("mean axes", v -> Autograd.mean(v[0], new int[] {0, 2}, false), r(2, 3, 4)),
                c("max over axis", v -> Autograd.max(v[0], new int[] {1}, false), r(3, 5)),
                c("maximum broadcast", v -> Autograd.maximum(v[0], v[1]), r(3, 4), r(4)),
                c("relu", v -> v[0].relu(), r(4, 5)),
                c("step", v -> Autograd.step(v[0]), r(6)),
                c("sigmoid", v -> v[0].sigmoid(), r(3, 4)),
                c("tanh", v -> v[0].tanh(), transposed(3, 4)),
                c("softmax axis 1", v -> Autograd.softmax(v[0], 1), r(3, 5)),
                c("softmax axis 0", v -> Autograd.softmax(v[0], 0), r(3, 5)),
                c("logsumexp", v -> Autograd.logsumexp(v[0], new int[] {1}, false), r(3, 5)),
                c("reshape", v -> v[0].reshape(4, 3).mul(v[1]), transposed(3, 4), r(4, 3)),
                c("permute", v -> v[0].permute(2, 0, 1).mul(v[1]), r(2, 3, 4), r(4, 2, 3)),
                c("slice with step", v -> v[0].slice(1, 4, null, -2), r(3, 6)),
                c("select", v -> v[0].select(0, 1), r(3, 4)),
                c("broadcastTo", v -> Autograd.broadcastTo(v[0], 2, 3, 4).mul(v[1]), r(3, 1), r(2, 3, 4)),
                c("scale and shift", v -> Autograd.shift(Autograd.scale(v[0], -2.5), 3), r(4)),
                c("einsum dX = dY·Wᵀ", v -> Autograd.einsum("iq,jq->ij", v[0], v[1]), r(3, 4), r(5, 4)),
                c("einsum dW = Xᵀ·dY", v -> Autograd.einsum("pi,pj->ij", v[0], v[1]), r(6, 3), r(6, 2)),
                c("einsum column sums", v -> Autograd.einsum("ij->j", v[0]), r(4, 3)),
                c("einsum implicit matmul", v -> Autograd.einsum("ij,jk", v[0], v[1]), transposed(3, 4), r(4, 2)),
                c("einsum diagonal", v -> Autograd.einsum("ii->i", v[0]), r(4, 4)),
                c("einsum trace", v -> Autograd.einsum("ii", v[0]), r(3, 3)),
                c("einsum diagonal times vector", v -> Autograd.einsum("ii,i->i", v[0], v[1]), r(3, 3), r(3)),
                c("einsum label only in one operand", v -> Autograd.einsum("ij,j->j", v[0], v[1]), r(3, 4), r(4)),
                c("einsum size-1 broadcast", v -> Autograd.einsum("ij,ij->ij", v[0], v[1]), r(3, 1), r(3, 4)),
                c("einsum batched ellipsis", v -> Autograd.einsum("...ij,...jk->...ik", v[0], v[1]),
                        r(2, 3, 4), r(4, 5)),
                c("einsum chain of three", v -> Autograd.einsum("ij,jk,kl->il", v[0], v[1], v[2]),
                        r(2, 3), r(3, 4), r(4, 2)),
                c("einsum quadratic form", v -> Autograd.einsum("i,ij,j->", v[0], v[1], v[0]), r(4), r(4, 4)),
                c("einsum outer product", v -> Autograd.einsum("i,j->ij", v[0], v[1]), r(3), r(2)),
                c("two-layer net", v -> v[0].matmul(v[1]).add(v[2]).relu().matmul(v[3]).sigmoid().sum(),
                        r(5, 4), r(4, 6), r(6), r(6, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("primitives")
    void primitivePassesGradCheck(String name, Function<Variable[], Variable> f, Tensor[] inputs) {
        GradCheck.Report full = GradCheck.check(f, inputs);
        assertThat(full.passed()).as(full.toString()).isTrue();
        assertThat(full.maxRelError()).as(full.toString()).isLessThan(1e-4);
        GradCheck.Report fast = GradCheck.check(f, GradCheck.Options.defaults().withFast(true), inputs);
        assertThat(fast.passed()).as(fast.toString()).isTrue();
        assertThat(fast.entries()).hasSize(1);
    }

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("affine batch", new Affine(r(4, 3), r(3)), r(5, 4)),
                Arguments.of("affine single row", new Affine(r(4, 3), r(3)), r(4)),
                Arguments.of("affine transposed input", new Affine(r(4, 3), r(3)), transposed(5, 4)),
                Arguments.of("relu", new Gates.Relu(), r(3, 7)),
                Arguments.of("sigmoid", new Gates.Sigmoid(), r(3, 7)),
                Arguments.of("step", new Gates.Step(), r(9)),
                Arguments.of("sequential", new Sequential(new Affine(r(4, 6), r(6)), new Gates.Relu(),
                        new Affine(r(6, 2), r(2)), new Gates.Sigmoid()), r(3, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void layerPassesGradCheck(String name, Layer layer, Tensor x) {
        GradCheck.Report report = GradCheck.checkLayer(layer, x, GradCheck.Options.defaults());
        assertThat(report.passed()).as(report.toString()).isTrue();
    }

    @Test
    void binaryGatesAndLossesPassGradCheck() {
        Tensor x = r(3, 4), y = r(4);
        for (Gates.Binary gate : List.of(new Gates.Multiplication(), new Gates.Addition(), new Gates.Maximum())) {
            GradCheck.Report rep = GradCheck.check(List.of(x, y), () -> gate.forward(x, y),
                    u -> {
                        gate.forward(x, y);
                        return List.of(gate.backward(u));
                    }, GradCheck.Options.defaults());
            assertThat(rep.passed()).as(gate.getClass().getSimpleName() + ": " + rep).isTrue();
        }
        Gates.Copy copy = new Gates.Copy();
        Tensor u2 = r(3, 4);
        GradCheck.Report rep = GradCheck.check(List.of(x), () -> copy.forward(x)[0].add(copy.forward(x)[1].mul(u2)),
                u -> List.of(copy.backward(u, u.mul(u2))), GradCheck.Options.defaults());
        assertThat(rep.passed()).as(rep.toString()).isTrue();

        Tensor scores = r(5, 3);
        Tensor labels = Tensor.of(0, 2, 1, 1, 0);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        rep = GradCheck.check(List.of(scores), () -> Tensor.scalar(ce.forward(scores, labels)),
                u -> {
                    ce.forward(scores, labels);
                    return List.of(ce.backward().mul(u.item()));
                }, GradCheck.Options.defaults());
        assertThat(rep.passed()).as(rep.toString()).isTrue();
        Tensor target = r(5, 3);
        MeanSquaredError mse = new MeanSquaredError();
        rep = GradCheck.check(List.of(scores), () -> Tensor.scalar(mse.forward(scores, target)),
                u -> {
                    mse.forward(scores, target);
                    return List.of(mse.backward().mul(u.item()));
                }, GradCheck.Options.defaults());
        assertThat(rep.passed()).as(rep.toString()).isTrue();
    }

    /** A deliberately wrong rule (d sin-like op claims 2g instead of g) must be caught. */
    @Test
    void wrongBackwardRuleIsCaught() {
        Function<Variable[], Variable> wrongCube = v -> Autograd.record("cube", v[0].value().pow(3),
                (g, y) -> new Variable[] {g.mul(v[0].mul(v[0])).mul(2)}, v[0]);
        GradCheck.Report rep = GradCheck.check(wrongCube, r(4));
        assertThat(rep.passed()).isFalse();
        assertThat(rep.maxRelError()).isGreaterThan(1e-2);
        assertThat(rep.toString()).contains("FAILED").contains("wrong");
        GradCheck.Report fast = GradCheck.check(wrongCube, GradCheck.Options.defaults().withFast(true), r(4));
        assertThat(fast.passed()).isFalse();
    }

    @Test
    void kinkIsReportedAtReluZero() {
        GradCheck.Report rep = GradCheck.check(v -> v[0].relu(), Tensor.of(-1.0, 0.0, 2.0));
        assertThat(rep.warnings()).hasSize(1);
        assertThat(rep.warnings().get(0)).contains("[1]").contains("kink");
        assertThat(rep.entries().get(1).nearKink()).isTrue();
        assertThat(rep.entries().get(0).nearKink()).isFalse();
    }
}
