package io.ricci.nn.autograd;

import static io.ricci.nn.autograd.SecondDerivativeTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hessian-vector products by double backward on three problems with closed-form Hessians (Laue et
 * al.'s quadratic form, logistic regression and matrix factorization), each checked against the
 * closed form and against central differences of the gradient; the Hessian helper; a gradient
 * penalty (gradient of a gradient norm) against central differences of the penalty; and the
 * engine's higher-order API (createGraph backward, Autograd.grad, errors).
 */
class HessianVectorTest {
    private static final double EPS = 1e-5;

    private static Tensor r(long seed, int... shape) {
        return Tensor.randn(new Rng(seed), DType.F64, shape);
    }

    /** (∇f(x + εv) − ∇f(x − εv)) / 2ε with the plain backward. */
    private static Tensor[] differences(Function<Variable[], Variable> f, Tensor[] xs, Tensor[] vs) {
        Tensor[] p = new Tensor[xs.length], m = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            p[i] = xs[i].add(vs[i].mul(EPS));
            m[i] = xs[i].sub(vs[i].mul(EPS));
        }
        Tensor[] gp = SecondDerivativeTest.gradient(f, p), gm = SecondDerivativeTest.gradient(f, m);
        Tensor[] out = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = gp[i].sub(gm[i]).div(2 * EPS);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 17, 33})
    void quadraticFormHvpIsASymmetrizedTimesV(int n) {
        Tensor a = r(1, n, n), x = r(2, n), v = r(3, n);
        Variable av = Variable.constant(a);
        Function<Variable, Variable> f = xv -> xv.matmul(av.matmul(xv));
        Tensor hv = Autograd.hvp(f, x, v);
        assertClose("x'Ax closed form", a.add(a.T()).matmul(v), hv);
        assertClose("x'Ax differences", differences(w -> f.apply(w[0]), new Tensor[] {x}, new Tensor[] {v})[0], hv);
        // the same problem through einsum, as the index calculus writes it
        Tensor he = Autograd.hvp(xv -> Autograd.einsum("i,ij,j->", xv, av, xv), x, v);
        assertClose("x'Ax einsum", a.add(a.T()).matmul(v), he);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17})
    void logisticLossHvpIsXtDiagSigmaX(int n) {
        int d = n + 2;
        Tensor x = r(4, n, d), w = r(5, d).div(Math.sqrt(d)), y = r(6, n).sign(), v = r(7, d);
        Variable xv = Variable.constant(x), ny = Variable.constant(y.neg());
        Function<Variable, Variable> f = wv -> xv.matmul(wv).mul(ny).exp().add(1).log().sum();
        // u = −y ⊙ Xw, f = Σ log(1 + e^u): H = Xᵀ diag(σ(u)(1 − σ(u))) X (y² = 1)
        Tensor s = x.matmul(w).mul(y.neg()).sigmoid();
        Tensor closed = x.T().matmul(s.mul(s.rsub(1)).mul(x.matmul(v)));
        Tensor hv = Autograd.hvp(f, w, v);
        assertClose("logistic closed form", closed, hv);
        assertClose("logistic differences", differences(a -> f.apply(a[0]), new Tensor[] {w}, new Tensor[] {v})[0], hv);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17})
    void matrixFactorizationHvpInUIsTwoDUVtV(int n) {
        int k = 3;
        Tensor t = r(8, n, n), u = r(9, n, k), vm = r(10, n, k), du = r(11, n, k);
        Variable tv = Variable.constant(t), vv = Variable.constant(vm);
        Function<Variable, Variable> f = uv -> tv.sub(uv.matmul(vv.permute(1, 0))).pow(2).sum();
        Tensor hv = Autograd.hvp(f, u, du);
        assertClose("factorization closed form", du.matmul(vm.T().matmul(vm)).mul(2), hv);
        assertClose("factorization differences", differences(a -> f.apply(a[0]), new Tensor[] {u}, new Tensor[] {du})[0], hv);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17})
    void matrixFactorizationHvpInBothFactors(int n) {
        int k = 3;
        Tensor t = r(12, n, n), u = r(13, n, k), vm = r(14, n, k), du = r(15, n, k), dv = r(16, n, k);
        Variable tv = Variable.constant(t);
        Function<Variable[], Variable> f = a -> a[0].matmul(a[1].permute(1, 0)).sub(tv).mul(
                a[0].matmul(a[1].permute(1, 0)).sub(tv)).sum();
        Tensor[] hv = Autograd.hvp(f, new Tensor[] {u, vm}, new Tensor[] {du, dv});
        // R = UVᵀ − T, dR = dU Vᵀ + U dVᵀ: H_U = 2(dR V + R dV), H_V = 2(dRᵀ U + Rᵀ dU)
        Tensor rr = u.matmul(vm.T()).sub(t), dr = du.matmul(vm.T()).add(u.matmul(dv.T()));
        assertClose("H_U closed form", dr.matmul(vm).add(rr.matmul(dv)).mul(2), hv[0]);
        assertClose("H_V closed form", dr.T().matmul(u).add(rr.T().matmul(du)).mul(2), hv[1]);
        Tensor[] num = differences(f, new Tensor[] {u, vm}, new Tensor[] {du, dv});
        assertClose("H_U differences", num[0], hv[0]);
        assertClose("H_V differences", num[1], hv[1]);
    }

    @Test
    void hessianHelperBuildsTheFullSymmetricMatrix() {
        Tensor a = r(17, 5, 5), x = r(18, 5);
        Variable av = Variable.constant(a);
        Tensor h = Autograd.hessian(xv -> xv.matmul(av.matmul(xv)).add(xv.exp().sum()), x);
        Tensor expected = a.add(a.T()).add(Tensor.zeros(5, 5).add(Tensor.eye(DType.F64, 5).mul(x.exp())));
        assertClose("x'Ax + Σ exp", expected, h);
        // of a matrix variable: shape x.shape ++ x.shape
        Tensor m = r(19, 2, 3);
        Tensor hm = Autograd.hessian(mv -> mv.pow(3).sum(), m);
        assertThat(hm.shape()).containsExactly(2, 3, 2, 3);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(hm.get(i, j, i, j)).isCloseTo(6 * m.get(i, j), within(1e-12));
            }
        }
        // a linear function has a zero Hessian; a constant one too
        assertThat(Autograd.hessian(xv -> xv.mul(2).sum(), x).abs().max().item()).isZero();
        assertThat(Autograd.hessian(xv -> Variable.constant(Tensor.scalar(1.0)), x).shape()).containsExactly(5, 5);
    }

    @Test
    void thirdDerivativeByRepeatedCreateGraph() {
        // d³/dx³ e^{2x}·x = e^{2x}(8x + 12)
        Variable x = new Variable(Tensor.scalar(0.3), "x");
        Variable y = x.mul(2).exp().mul(x);
        Variable d1 = Autograd.grad(y, x, true);
        Variable d2 = Autograd.grad(d1, x, true);
        Variable d3 = Autograd.grad(d2, x, false);
        double e = Math.exp(0.6);
        assertThat(d1.value().item()).isCloseTo(e * (2 * 0.3 + 1), within(1e-12));
        assertThat(d2.value().item()).isCloseTo(e * (4 * 0.3 + 4), within(1e-12));
        assertThat(d3.value().item()).isCloseTo(e * (8 * 0.3 + 12), within(1e-12));
        assertThat(x.grad()).as("grad() does not accumulate").isNull();
    }

    @Test
    void createGraphBackwardLeavesADifferentiableGradient() {
        Variable x = new Variable(Tensor.of(1.0, 2.0, -1.5), "x");
        Variable y = x.pow(3).sum();
        y.backward(Tensor.scalar(1.0), false, true);
        assertThat(x.grad().toDoubleArray()).containsExactly(3.0, 12.0, 6.75);
        Variable g = x.gradVariable();
        assertThat(g.requiresGrad()).isTrue();
        x.zeroGrad();
        g.sum().backward(); // Σ_i d/dx_j 3x_i² = 6x_j
        assertThat(x.grad().toDoubleArray()).containsExactly(6.0, 12.0, -9.0);
        // a plain backward leaves a constant
        Variable z = new Variable(Tensor.of(1.0, 2.0), "z");
        z.mul(z).sum().backward();
        assertThat(z.gradVariable().requiresGrad()).isFalse();
        assertThat(z.gradVariable().value().toDoubleArray()).containsExactly(2.0, 4.0);
    }

    @Test
    void accumulatedCreateGraphGradientsStayDifferentiable() {
        Variable x = new Variable(Tensor.scalar(2.0), "x");
        x.pow(3).backward(Tensor.scalar(1.0), false, true); // 3x² = 12
        x.mul(x).backward(Tensor.scalar(1.0), false, true); // + 2x = 16
        assertThat(x.grad().item()).isEqualTo(16.0);
        Variable g = x.gradVariable();
        assertThat(g.value().item()).isEqualTo(16.0);
        assertThat(Autograd.grad(g, x, false).value().item()).isEqualTo(14.0); // 6x + 2
    }

    @Test
    void gradTouchesOnlyWhatLeadsToItsInputs() {
        Variable a = new Variable(Tensor.of(1.0, 2.0), "a"), b = new Variable(Tensor.of(3.0, 4.0), "b");
        Variable c = new Variable(Tensor.of(5.0, 6.0), "c");
        Variable y = a.mul(b).sum().add(c.exp().sum());
        Variable[] g = Autograd.grad(new Variable[] {y}, new Variable[] {a, new Variable(Tensor.of(0.0, 0.0))}, null, false);
        assertThat(g[0].value().toDoubleArray()).containsExactly(3.0, 4.0);
        assertThat(g[1].value().toDoubleArray()).as("an input y does not depend on").containsExactly(0.0, 0.0);
        assertThat(a.grad()).isNull();
        assertThat(c.grad()).isNull();
        // two outputs, one of them a consumer of the other, with explicit upstreams
        Variable s = a.mul(a);
        Variable t = s.sum();
        Variable[] g2 = Autograd.grad(new Variable[] {s, t}, new Variable[] {a},
                new Variable[] {Variable.constant(Tensor.of(1.0, 10.0)), Variable.constant(Tensor.scalar(1.0))}, false);
        assertThat(g2[0].value().toDoubleArray()).containsExactly(2 * 1.0 * 2, 2 * 2.0 * 11);
    }

    /**
     * A WGAN-GP style penalty P(θ) = mean_b (‖∇_x D(x_b)‖² − 1)² for a small critic
     * D(x) = w2ᵀ tanh(W1 x + b1): the gradient of P with respect to θ needs the gradient of ∇_x D,
     * i.e. a double backward. Checked against central differences of P, element by element.
     */
    @Test
    void gradientPenaltyDoubleBackwardMatchesDifferences() {
        Tensor xs = r(20, 3, 4), w1 = r(21, 5, 4).mul(0.7), b1 = r(22, 5).mul(0.3), w2 = r(23, 1, 5);
        Tensor[] params = {w1, b1, w2};
        Function<Tensor[], Variable[]> penalty = p -> {
            Variable[] th = {new Variable(p[0], "W1"), new Variable(p[1], "b1"), new Variable(p[2], "w2")};
            Variable x = new Variable(xs, "x");
            Variable d = Autograd.linear(Autograd.linear(x, th[0], th[1]).tanh(), th[2], null).sum();
            Variable gx = Autograd.grad(d, x, true);
            Variable pen = gx.mul(gx).sum(1).sub(1).pow(2).mean();
            return new Variable[] {pen, th[0], th[1], th[2]};
        };
        Variable[] run = penalty.apply(params);
        run[0].backward();
        for (int i = 0; i < params.length; i++) {
            Tensor analytic = run[i + 1].grad();
            double[] num = new double[params[i].size()];
            for (int j = 0; j < num.length; j++) {
                Tensor[] p = params.clone(), m = params.clone();
                p[i] = params[i].copy();
                m[i] = params[i].copy();
                p[i].reshape(-1).set(params[i].reshape(-1).get(j) + EPS, j);
                m[i].reshape(-1).set(params[i].reshape(-1).get(j) - EPS, j);
                num[j] = (penalty.apply(p)[0].value().item() - penalty.apply(m)[0].value().item()) / (2 * EPS);
            }
            assertClose("penalty gradient, parameter " + i, Tensor.of(num).reshape(params[i].shape()), analytic);
        }
    }

    @Test
    void errorsNameWhatIsWrong() {
        Tensor x = r(24, 3);
        assertThatThrownBy(() -> Autograd.hvp(v -> v.mul(v).sum(), x, r(25, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direction 0 has shape (4,)")
                .hasMessageContaining("input 0 has shape (3,)");
        assertThatThrownBy(() -> Autograd.hvp(v -> v.mul(v), x, x))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must return a scalar");
        assertThatThrownBy(() -> Autograd.hessian(v -> v.sum(), Tensor.of(new int[] {1, 2}, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int32");
        Variable a = new Variable(x, "a");
        Variable y = a.mul(a);
        assertThatThrownBy(() -> Autograd.grad(new Variable[] {y}, new Variable[] {a}, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output 0 of shape (3,) is not a scalar");
        assertThatThrownBy(() -> Autograd.grad(new Variable[] {y}, new Variable[] {a},
                new Variable[] {Variable.constant(Tensor.zeros(2))}, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gradOutputs[0] has shape (2,)");
        assertThatThrownBy(() -> Autograd.grad(new Variable[] {y}, new Variable[] {a}, new Variable[0], false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 gradOutputs for 1 outputs");
        // without createGraph the first backward frees the graph the gradient would need
        Variable s = a.mul(a).sum();
        Autograd.grad(s, a, false);
        assertThatThrownBy(() -> Autograd.grad(s, a, false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("freed");
    }
}
