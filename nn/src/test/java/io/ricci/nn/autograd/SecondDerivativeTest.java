package io.ricci.nn.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Second derivatives of every rule family, recorded by a createGraph backward and differentiated
 * again, against the oracle of central differences of the first gradient (float64):
 * {@code H v ≈ (∇L(x + εv) − ∇L(x − εv)) / 2ε}, the gradients coming from the plain backward, which
 * {@link GradCheckTest} checks against central differences of L. Each op f is tested through two
 * scalars: {@code L1 = Σ u ⊙ f(x)} (the rule's own second derivative, zero for linear ops) and
 * {@code L2 = Σ u ⊙ f(x)²} (which also carries JᵀJ). Directions: every unit vector when the inputs
 * have at most 24 elements in all, and two random directions. The first gradients of the recorded
 * pass must equal the plain backward's bit for bit: the rules are the same operations.
 */
class SecondDerivativeTest {
    private static final double EPS = 1e-5;
    private static final double TOL = 1e-6;

    record Case(String name, Function<Variable[], Variable> f, Tensor[] inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Tensor r(long seed, int... shape) {
        return Tensor.randn(new Rng(seed), DType.F64, shape);
    }

    /** Positive values in [0.5, 2.5). */
    private static Tensor pos(long seed, int... shape) {
        return Tensor.rand(new Rng(seed), DType.F64, shape).mul(2).add(0.5);
    }

    /** Normal values pushed at least 0.3 away from 0 (no relu / step kink within ε). */
    private static Tensor away(long seed, int... shape) {
        Tensor x = r(seed, shape);
        return x.add(x.sign().mul(0.3));
    }

    private static Case c(String name, Function<Variable[], Variable> f, Tensor... inputs) {
        return new Case(name, f, inputs);
    }

    static Stream<Arguments> cases() {
        List<Case> cs = new ArrayList<>();
        // element-wise binary, with broadcasting
        cs.add(c("add broadcast", v -> v[0].add(v[1]), r(1, 3, 4), r(2, 4)));
        cs.add(c("sub broadcast", v -> v[0].sub(v[1]), r(3, 3, 1), r(4, 1, 4)));
        cs.add(c("mul broadcast", v -> v[0].mul(v[1]), r(5, 2, 3), r(6, 3)));
        cs.add(c("mul self", v -> v[0].mul(v[0]), r(7, 5)));
        cs.add(c("div", v -> v[0].div(v[1]), r(8, 2, 3), pos(9, 2, 3)));
        cs.add(c("div broadcast", v -> v[0].div(v[1]), r(10, 2, 3), pos(11, 3)));
        cs.add(c("maximum", v -> Autograd.maximum(v[0], v[1]), r(12, 2, 3), r(13, 3)));
        // element-wise unary and scalar ops
        cs.add(c("neg", v -> v[0].neg().mul(v[0]), r(14, 5)));
        cs.add(c("scale", v -> v[0].mul(2.5), r(15, 5)));
        cs.add(c("shift", v -> v[0].add(0.3), r(16, 5)));
        cs.add(c("divide", v -> v[0].div(1.7), r(17, 5)));
        cs.add(c("rsub", v -> v[0].rsub(2), r(18, 5)));
        cs.add(c("rdiv", v -> v[0].rdiv(1.5), pos(19, 5)));
        cs.add(c("exp", v -> v[0].exp(), r(20, 2, 3)));
        cs.add(c("log", v -> v[0].log(), pos(21, 2, 3)));
        cs.add(c("tanh", v -> v[0].tanh(), r(22, 2, 3)));
        cs.add(c("sigmoid", v -> v[0].sigmoid(), r(23, 2, 3)));
        cs.add(c("relu", v -> v[0].relu().mul(v[0].exp()), away(24, 7)));
        cs.add(c("step", v -> Autograd.step(v[0]).mul(v[0].mul(v[0])), away(25, 7)));
        cs.add(c("pow 3", v -> v[0].pow(3), r(26, 5)));
        cs.add(c("pow 0.5", v -> v[0].pow(0.5), pos(27, 5)));
        cs.add(c("pow -2", v -> v[0].pow(-2), pos(28, 5)));
        cs.add(c("sigmoid of product", v -> v[0].mul(v[1]).sigmoid(), r(29, 4), r(30, 4)));
        // reductions
        cs.add(c("sum axis", v -> v[0].exp().sum(1), r(31, 3, 4)));
        cs.add(c("sum all", v -> v[0].tanh().sum(), r(32, 3, 4)));
        cs.add(c("sum keepdims", v -> Autograd.sum(v[0].mul(v[0]), new int[] {0}, true).mul(v[0]), r(33, 3, 4)));
        cs.add(c("mean axis", v -> v[0].mean(0).exp(), r(34, 3, 4)));
        cs.add(c("mean keepdims", v -> Autograd.mean(v[0], new int[] {1}, true).mul(v[0]), r(35, 3, 4)));
        cs.add(c("max axis", v -> Autograd.max(v[0].mul(v[0]), new int[] {1}, false).exp(), r(36, 3, 4)));
        cs.add(c("max keepdims", v -> Autograd.max(v[0], new int[] {0}, true).mul(v[0]), r(37, 3, 4)));
        cs.add(c("logsumexp axis", v -> Autograd.logsumexp(v[0], new int[] {1}, false), r(38, 3, 4)));
        cs.add(c("logsumexp keepdims", v -> Autograd.logsumexp(v[0], new int[] {0}, true), r(39, 3, 4)));
        cs.add(c("logsumexp all", v -> Autograd.logsumexp(v[0], new int[0], false), r(40, 3, 4)));
        cs.add(c("softmax axis 1", v -> Autograd.softmax(v[0], 1), r(41, 3, 4)));
        cs.add(c("softmax axis 0", v -> Autograd.softmax(v[0], 0), r(42, 3, 4)));
        // matmul and einsum
        cs.add(c("matmul 2-d", v -> v[0].matmul(v[1]), r(43, 3, 4), r(44, 4, 2)));
        cs.add(c("matmul batched broadcast", v -> v[0].matmul(v[1]), r(45, 2, 2, 3), r(46, 3, 2)));
        cs.add(c("matmul vector-matrix", v -> v[0].matmul(v[1]), r(47, 3), r(48, 3, 4)));
        cs.add(c("matmul matrix-vector", v -> v[0].matmul(v[1]), r(49, 4, 3), r(50, 3)));
        cs.add(c("matmul dot", v -> v[0].matmul(v[1]), r(51, 5), r(52, 5)));
        cs.add(c("matmul x'Ax", v -> v[0].matmul(v[1].matmul(v[0])), r(53, 4), r(54, 4, 4)));
        cs.add(c("einsum ij,jk->ik", v -> Autograd.einsum("ij,jk->ik", v[0], v[1]), r(55, 3, 4), r(56, 4, 2)));
        cs.add(c("einsum i,ij,j->", v -> Autograd.einsum("i,ij,j->", v[0], v[1], v[0]), r(57, 4), r(58, 4, 4)));
        cs.add(c("einsum ii->i", v -> Autograd.einsum("ii->i", v[0]).exp(), r(59, 4, 4)));
        cs.add(c("einsum iij,j->i", v -> Autograd.einsum("iij,j->i", v[0], v[1]), r(60, 3, 3, 2), r(61, 2)));
        cs.add(c("einsum ij->", v -> Autograd.einsum("ij->", v[0]).mul(v[0]), r(62, 3, 4)));
        cs.add(c("einsum ellipsis", v -> Autograd.einsum("...ij,jk->...ik", v[0], v[1]), r(63, 2, 2, 3), r(64, 3, 2)));
        cs.add(c("einsum implicit ij,ij", v -> Autograd.einsum("ij,ij", v[0], v[1]), r(65, 2, 3), r(66, 2, 3)));
        cs.add(c("einsum size-1 broadcast", v -> Autograd.einsum("ij,ij->ij", v[0], v[1]), r(67, 1, 3), r(68, 2, 3)));
        // movement
        cs.add(c("reshape", v -> v[0].reshape(3, 4).mul(v[1]), r(69, 2, 6), r(70, 4)));
        cs.add(c("permute", v -> v[0].permute(1, 0).mul(v[1]), r(71, 3, 4), r(72, 4, 3)));
        cs.add(c("slice step 2", v -> v[0].slice(1, 0, null, 2).exp(), r(73, 3, 5)));
        cs.add(c("select", v -> v[0].select(0, 1).mul(v[0].select(0, 2)), r(74, 3, 4)));
        cs.add(c("broadcastTo", v -> Autograd.broadcastTo(v[0], 3, 4).mul(v[1]), r(75, 4), r(76, 3, 4)));
        // fused layer primitives and convolution
        cs.add(c("linear", v -> Autograd.linear(v[0], v[1], v[2]).tanh(), r(77, 2, 3), r(78, 2, 3), r(79, 2)));
        cs.add(c("linear no bias 3-d", v -> Autograd.linear(v[0], v[1], null), r(80, 2, 2, 3), r(81, 2, 3)));
        cs.add(c("crossEntropy", v -> Autograd.crossEntropy(v[0], new int[] {2, 0, 1}, 0.5), r(82, 3, 4)));
        cs.add(c("crossEntropy of product", v -> Autograd.crossEntropy(v[0].matmul(v[1]), new int[] {1, 0}, 1.0),
                r(83, 2, 3), r(84, 3, 3)));
        cs.add(c("im2col", v -> Autograd.im2col(v[0], 2, 2, 1, 1), r(85, 1, 1, 3, 3)));
        cs.add(c("conv2d", v -> Autograd.conv2d(v[0], v[1], v[2], 1, 1), r(86, 1, 2, 4, 4), r(87, 2, 2, 2, 2), r(88, 2)));
        cs.add(c("maxPool2d", v -> Autograd.maxPool2d(v[0], 2, 2), r(89, 1, 2, 4, 4)));
        return cs.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hvpOfWeightedSumMatchesDifferencesOfTheGradient(Case c) {
        check(c, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hvpOfWeightedSquareMatchesDifferencesOfTheGradient(Case c) {
        check(c, true);
    }

    /** L = Σ u ⊙ f(x), or Σ u ⊙ f(x)² with {@code square}. */
    private static Function<Variable[], Variable> scalar(Case c, boolean square) {
        Tensor[] probe = c.inputs();
        Variable[] pv = new Variable[probe.length];
        for (int i = 0; i < pv.length; i++) {
            pv[i] = Variable.constant(probe[i]);
        }
        Tensor u = Tensor.rand(new Rng(99), DType.F64, c.f().apply(pv).shape()).add(0.5);
        Variable uv = Variable.constant(u);
        return v -> {
            Variable y = c.f().apply(v);
            return (square ? y.mul(y) : y).mul(uv).sum();
        };
    }

    private static void check(Case c, boolean square) {
        Function<Variable[], Variable> loss = scalar(c, square);
        Tensor[] xs = c.inputs();
        int total = 0;
        for (Tensor x : xs) {
            total += x.size();
        }
        sameGradientsBothWays(c, loss, xs);
        List<Tensor[]> dirs = new ArrayList<>();
        if (total <= 24) {
            for (int j = 0; j < total; j++) {
                dirs.add(unit(xs, j));
            }
        }
        for (long s = 0; s < 2; s++) {
            Tensor[] d = new Tensor[xs.length];
            for (int i = 0; i < xs.length; i++) {
                d[i] = Tensor.randn(new Rng(1000 + 10 * s + i), DType.F64, xs[i].shape());
            }
            dirs.add(d);
        }
        for (Tensor[] d : dirs) {
            Tensor[] tape = Autograd.hvp(loss, xs, d);
            Tensor[] plus = gradient(loss, shifted(xs, d, EPS));
            Tensor[] minus = gradient(loss, shifted(xs, d, -EPS));
            for (int i = 0; i < xs.length; i++) {
                Tensor numeric = plus[i].sub(minus[i]).div(2 * EPS);
                assertClose(c + (square ? " (L2)" : " (L1)") + ", input " + i, numeric, tape[i]);
            }
        }
    }

    /** The recorded backward's first gradients are the plain backward's, bit for bit. */
    private static void sameGradientsBothWays(Case c, Function<Variable[], Variable> loss, Tensor[] xs) {
        Tensor[] plain = gradient(loss, xs);
        Variable[] x = new Variable[xs.length];
        for (int i = 0; i < xs.length; i++) {
            x[i] = new Variable(xs[i]);
        }
        Variable[] recorded = Autograd.grad(new Variable[] {loss.apply(x)}, x, null, true);
        for (int i = 0; i < xs.length; i++) {
            assertThat(recorded[i].value().toDoubleArray()).as(c + ": input " + i).isEqualTo(plain[i].toDoubleArray());
        }
    }

    /** ∇L at xs by the plain backward. */
    static Tensor[] gradient(Function<Variable[], Variable> loss, Tensor[] xs) {
        Variable[] x = new Variable[xs.length];
        for (int i = 0; i < xs.length; i++) {
            x[i] = new Variable(xs[i]);
        }
        loss.apply(x).backward();
        Tensor[] g = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            g[i] = x[i].grad() != null ? x[i].grad() : Tensor.zeros(DType.F64, xs[i].shape());
        }
        return g;
    }

    private static Tensor[] shifted(Tensor[] xs, Tensor[] d, double eps) {
        Tensor[] out = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = xs[i].add(d[i].mul(eps));
        }
        return out;
    }

    private static Tensor[] unit(Tensor[] xs, int j) {
        Tensor[] d = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            d[i] = Tensor.zeros(DType.F64, xs[i].shape());
            if (j >= 0 && j < xs[i].size()) {
                d[i].reshape(-1).set(1, j);
            }
            j -= xs[i].size();
        }
        return d;
    }

    static void assertClose(String what, Tensor expected, Tensor actual) {
        assertThat(actual.shape()).as(what + ": shape").isEqualTo(expected.shape());
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        double scale = 1;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < e.length; k++) {
            assertThat(Math.abs(a[k] - e[k])).as(what + ": element " + k + " tape " + a[k] + " vs differences " + e[k])
                    .isLessThanOrEqualTo(TOL * scale);
        }
    }
}
