package io.ricci.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IndexDerivativeTest {
    private static IndexGradient grad(String src, String wrt) {
        return IndexDerivative.gradient(IndexProgram.parse(src), wrt);
    }

    // ---------------------------------------------------------------- exact forms (acceptance)

    @Test
    void affineGivesSeed004Results() {
        IndexProgram p = IndexProgram.parse("Y[p,q] = X[p,k]*W[k,q] + b[q]");
        IndexGradient dx = IndexDerivative.gradient(p, "X");
        IndexGradient dw = IndexDerivative.gradient(p, "W");
        IndexGradient db = IndexDerivative.gradient(p, "b");
        assertThat(dx.upstream()).isEqualTo("dY");
        assertThat(dx.indexForm()).isEqualTo("dY[i,q]*W[j,q]");
        assertThat(dx.einsum(0)).isEqualTo("iq,jq->ij");
        assertThat(dx.operands(0)).containsExactly("dY", "W");
        assertThat(dx.matrix()).isEqualTo("dY W^T");
        assertThat(dw.indexForm()).isEqualTo("dY[p,j]*X[p,i]");
        assertThat(dw.einsum(0)).isEqualTo("pj,pi->ij");
        assertThat(dw.matrix()).isEqualTo("X^T dY");
        assertThat(db.einsum(0)).isEqualTo("pi->i");
        assertThat(db.operands(0)).containsExactly("dY");
        assertThat(db.matrix()).isEqualTo("1^T dY");
        assertThat(dx.matrixLatex()).isEqualTo("\\mathrm{d}Y W^\\top");
    }

    @Test
    void explicitOnesBroadcastGivesTheSameBiasGradient() {
        IndexGradient db = grad("Y[p,q] = X[p,k]*W[k,q] + 1[p]*b[q]", "b");
        assertThat(db.einsum(0)).isEqualTo("pi->i");
        assertThat(db.matrix()).isEqualTo("1^T dY");
    }

    @Test
    void normOfWxGivesSeed002Results() {
        IndexProgram p = IndexProgram.parse("f = q[i]*q[i] where q[i] = W[i,j]*x[j]");
        IndexGradient dw = IndexDerivative.gradient(p, "W");
        IndexGradient dx = IndexDerivative.gradient(p, "x");
        assertThat(dw.upstream()).isNull();
        assertThat(dw.terms()).hasSize(1);
        assertThat(dw.coefficient(0)).isEqualTo(2.0);
        assertThat(dw.einsum(0)).isEqualTo("i,j->ij");
        assertThat(dw.operands(0)).containsExactly("q", "x");
        assertThat(dw.matrix()).isEqualTo("2 q x^T");
        assertThat(dx.einsum(0)).isEqualTo("p,pi->i");
        assertThat(dx.matrix()).isEqualTo("2 W^T q");
    }

    @Test
    void softmaxCrossEntropyGivesYMinusT() {
        IndexGradient da = grad("L = -sum(T[i,j]*log(softmax(A)[i,j])) given T[i,j]*1[j] = 1[i]", "A");
        assertThat(da.indexForm()).isEqualTo("softmax(A)[i,j] - T[i,j]");
        assertThat(da.matrix()).isEqualTo("softmax(A) - T");
        assertThat(da.einsum(0)).isEqualTo("ij->ij");
    }

    @Test
    void softmaxCrossEntropyWithoutTheAssumptionKeepsTheRowSums() {
        IndexGradient da = grad("L = -sum(T[i,j]*log(softmax(A)[i,j]))", "A");
        // y[i,j]·Σ_k T[i,k] − T[i,j]: the row sums of T stay, nothing is silently assumed.
        assertThat(da.indexForm()).isEqualTo("T[i,p]*softmax(A)[i,j] - T[i,j]");
        assertThat(da.terms()).hasSize(2);
    }

    @Test
    void generalizedJacobianOfSeed000() {
        IndexProgram p = IndexProgram.parse("z[i] = W2[i,j]*y[j]");
        IndexGradient dw = IndexDerivative.gradient(p, "W2");
        assertThat(dw.upstream()).isEqualTo("dz");
        assertThat(dw.matrix()).isEqualTo("dz y^T");
        IndexGradient j = IndexDerivative.jacobian(p, "z", "W2");
        assertThat(j.rank()).isEqualTo(3);
        assertThat(j.indexForm()).isEqualTo("delta[i,j]*y[k]");
        assertThat(j.einsum(0)).isEqualTo("ij,k->ijk");
        assertThat(j.operands(0)).containsExactly("delta", "y");
        Map<String, Tensor> in = IndexTestSupport.inputs(p, 7, false);
        Tensor jv = new IndexEvaluator(p, in).evaluate(j);
        Tensor y = in.get("y");
        for (int o = 0; o < jv.dim(0); o++) {
            for (int a = 0; a < jv.dim(1); a++) {
                for (int b = 0; b < jv.dim(2); b++) {
                    assertThat(jv.get(o, a, b)).isEqualTo(o == a ? y.get(b) : 0.0);
                }
            }
        }
    }

    @Test
    void traceOfThreeMatrices() {
        IndexGradient db = grad("L = A[i,j]*B[j,k]*C[k,i]", "B");
        assertThat(db.matrix()).isEqualTo("A^T C^T");
        assertThat(db.terms()).hasSize(1);
        assertThat(db.operands(0)).containsExactly("A", "C");
    }

    @Test
    void quadraticFormGradientAndHessian() {
        IndexProgram p = IndexProgram.parse("L = x[i]*A[i,j]*x[j]");
        assertThat(IndexDerivative.gradient(p, "x").matrix()).isEqualTo("A x + A^T x");
        IndexGradient h = IndexDerivative.hessian(p, "x", "x");
        assertThat(h.indexForm()).isEqualTo("A[i,j] + A[j,i]");
        assertThat(h.matrix()).isEqualTo("A + A^T");
        assertThat(IndexDerivative.gradient(p, "A").matrix()).isEqualTo("x x^T");
    }

    @Test
    void elementwiseDerivativesStayDiagonal() {
        IndexGradient dx = grad("Y[i,j] = sigmoid(X[i,k]*W[k,j] + b[j])", "X");
        for (int n = 0; n < dx.terms().size(); n++) {
            assertThat(dx.operands(n)).doesNotContain("delta");
        }
        assertThat(dx.indexForm()).isEqualTo("dY[i,p]*sigmoid(u1)[i,p]*W[j,p] - dY[i,p]*sigmoid(u1)[i,p]^2*W[j,p]");
        assertThat(grad("Y[i,j] = relu(X[i,k]*W[k,j])", "X").matrix()).isEqualTo("(dY ⊙ step(u1)) W^T");
    }

    @Test
    void traceAndIdentity() {
        assertThat(grad("Y[i,j] = relu(X[i,j])", "X").matrix()).isEqualTo("dY ⊙ step(X)");
        assertThat(grad("L = A[i,i]", "A").indexForm()).isEqualTo("delta[i,j]");
        assertThat(grad("L = A[i,i]", "A").matrix()).isEqualTo("I");
        assertThat(grad("L = sum(delta[i,j]*X[i,j])", "X").matrix()).isEqualTo("I");
        assertThat(grad("L = A[i,j]*A[i,j]", "A").matrix()).isEqualTo("2 A");
    }

    @Test
    void independentInputGivesAnExplicitZero() {
        IndexProgram p = IndexProgram.parse("L = sum(x[i]) + 0*sum(y[j])");
        IndexGradient g = IndexDerivative.gradient(p, "y");
        assertThat(g.isZero()).isTrue();
        assertThat(g.indexForm()).isEqualTo("0");
        Map<String, Tensor> in = IndexTestSupport.inputs(p, 1, false);
        assertThat(new IndexEvaluator(p, in).evaluate(g).contentEquals(Tensor.zeros(DType.F64, in.get("y").shape()))).isTrue();
    }

    @Test
    void jsonHasTheIssueFormat() {
        IndexProgram p = IndexProgram.parse("Y[p,q] = X[p,k]*W[k,q] + b[q]");
        String json = IndexGradient.toJson("Y", List.of(IndexDerivative.gradient(p, "X"), IndexDerivative.gradient(p, "b")));
        assertThat(json).startsWith("{\"output\":\"Y\",\"upstream\":\"dY\",\"gradients\":{\"X\":{\"index\":\"dY[i,q]*W[j,q]\","
                + "\"terms\":[{\"coefficient\":1,\"einsum\":\"iq,jq->ij\",\"operands\":[\"dY\",\"W\"],\"atoms\":[\"dY\",\"W\"],\"powers\":[1,1]}],\"matrix\":\"dY W^T\",\"latex\":");
        assertThat(json).contains("\"b\":{\"index\":\"dY[p,i]\",\"terms\":[{\"coefficient\":1,\"einsum\":\"pi->i\",\"operands\":[\"dY\"],\"atoms\":[\"dY\"],\"powers\":[1]}],\"matrix\":\"1^T dY\"");
    }

    @Test
    void markdownShowsTheDeltasAndTheContraction() {
        IndexProgram p = IndexProgram.parse("Y[p,q] = X[p,k]*W[k,q] + b[q]");
        String md = IndexLatex.page("Affine", p, List.of(IndexDerivative.gradient(p, "X")));
        assertThat(md).contains("$$Y_{pq} = X_{pk} W_{kq} + b_{q} \\mathbf{1}_{p}$$");
        assertThat(md).contains("\\frac{\\partial Y_{pq}}{\\partial X_{ij}} = \\delta_{pi} \\delta_{kj} W_{kq}");
        assertThat(md).contains("\\frac{\\partial L}{\\partial Y_{iq}} W_{jq}");
        assertThat(md).contains("`iq,jq->ij`").contains("Plain: `dY W^T`");
    }

    @Test
    void planListsIntermediatesThenEinsumCalls() {
        IndexGradient g = grad("L = sum(T[i]*log(sigmoid(W[i,j]*x[j])))", "W");
        assertThat(IndexEvaluator.plan(g)).containsExactly(
                "u1 = einsum(\"ij,j->i\", W, x)",
                "sigmoid(u1) = sigmoid(u1) element-wise",
                "dW = einsum(\"i,j->ij\", T, x)",
                "dW += -1 * einsum(\"i,i,j->ij\", T, sigmoid(u1), x)");
    }

    // ---------------------------------------------------------------- numeric checks

    record Case(String name, String src, boolean positive) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("affine", "Y[p,q] = X[p,k]*W[k,q] + b[q]", false),
                new Case("norm of Wx", "f = q[i]*q[i] where q[i] = W[i,j]*x[j]", false),
                new Case("softmax CE", "L = -sum(T[i,j]*log(softmax(A)[i,j]))", false),
                new Case("seed 000 layer", "z[i] = W2[i,j]*y[j]", false),
                new Case("trace ABC", "L = A[i,j]*B[j,k]*C[k,i]", false),
                new Case("chain of 4", "Y[i,m] = A[i,j]*B[j,k]*C[k,l]*D[l,m]", false),
                new Case("chain of 3 to vector", "y[i] = A[i,j]*B[j,k]*C[k,l]*x[l]", false),
                new Case("quadratic form", "L = x[i]*A[i,j]*x[j]", false),
                new Case("bilinear", "L = x[i]*A[i,j]*y[j]", false),
                new Case("hadamard", "Z[i,j] = X[i,j]*Y[i,j]", false),
                new Case("hadamard of three", "Z[i,j] = X[i,j]*Y[i,j]*W[i,j]", false),
                new Case("frobenius", "L = X[i,j]*Y[i,j]", false),
                new Case("trace", "L = A[i,i]", false),
                new Case("trace of A^T A", "L = A[i,j]*A[i,j]", false),
                new Case("trace of A B A^T", "L = A[i,j]*B[j,k]*A[i,k]", false),
                new Case("sigmoid layer", "Y[i,j] = sigmoid(X[i,k]*W[k,j] + b[j])", false),
                new Case("relu layer", "Y[i,j] = relu(X[i,k]*W[k,j])", false),
                new Case("tanh hadamard", "Y[i,j] = tanh(X[i,j])*Z[i,j]", false),
                new Case("mse", "L = sum((X[i,k]*W[k,j] - T[i,j])^2)", false),
                new Case("logistic", "L = sum(T[i]*log(sigmoid(W[i,j]*x[j])))", false),
                new Case("exp and log", "L = sum(exp(X[i,j])*Y[i,j]) + sum(log(Z[i]))", true),
                new Case("sqrt", "L = sum(sqrt(X[i,j]))", true),
                new Case("cube and division", "L = sum(X[i,j]^3) + sum(x[i]/y[i])", true),
                new Case("delta", "Y[i,j] = A[i,k]*delta[k,j]*c + 2*delta[i,j]*A[k,k]", false),
                new Case("ones broadcast", "Y[p,q] = 1[p]*b[q] + X[p,q]", false),
                new Case("two-layer net", "L = -sum(T[i,k]*log(softmax(Z)[i,k])) where Z[i,k] = H[i,j]*V[j,k] + c[k], H[i,j] = relu(X[i,m]*W[m,j])", false),
                new Case("quartic", "f = (x[i]*x[i])^2", false),
                new Case("nested tanh", "L = sum(tanh(A[i,j]*tanh(B[j,k]*x[k])))", false),
                new Case("outer product", "Z[i,j] = x[i]*y[j]", false),
                new Case("batched matvec", "Y[b,i] = T[b,i,j]*x[b,j]", false),
                new Case("constants", "L = 3*sum(X[i,j]) - 0.5*X[i,j]*X[i,j]", false),
                new Case("softmax vector", "L = sum(t[j]*log(softmax(a)[j]))", false),
                new Case("gram", "G[i,j] = X[k,i]*X[k,j]", false),
                new Case("sigmoid times itself", "L = sum(sigmoid(x[i])*sigmoid(x[i]))", false));
    }

    @Test
    void atLeastTwentyFiveExpressions() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void derivedGradientsMatchAutodiffAndFiniteDifferences(Case c) {
        IndexProgram p = IndexProgram.parse(c.src());
        List<IndexGradient> gs = new ArrayList<>();
        for (String in : p.inputs()) {
            gs.add(IndexDerivative.gradient(p, in));
        }
        Map<String, Tensor> in = IndexTestSupport.inputs(p, c.name().hashCode(), c.positive());
        Tensor y = new IndexEvaluator(p, in).output();
        Tensor up = null;
        Map<String, Tensor> bound = new HashMap<>(in);
        if (y.rank() > 0) {
            up = Tensor.randn(99, DType.F64, y.shape());
            bound.put("d" + p.output(), up);
        }
        IndexEvaluator ev = new IndexEvaluator(p, bound);
        Map<String, Tensor> auto = IndexTestSupport.autodiff(p, in, up);
        for (IndexGradient g : gs) {
            Tensor derived = ev.evaluate(g);
            Tensor fd = IndexTestSupport.finiteDifferences(p, in, g.wrt(), up);
            assertThat(derived.shape()).as(g.toString()).containsExactly(in.get(g.wrt()).shape());
            assertThat(derived.allClose(auto.get(g.wrt()), 1e-9, 1e-10))
                    .as("%s vs autodiff:\n%s\n%s", g, derived, auto.get(g.wrt())).isTrue();
            assertThat(derived.allClose(fd, 1e-5, 1e-6)).as("%s vs finite differences:\n%s\n%s", g, derived, fd).isTrue();
        }
    }

    @Test
    void evaluatorAcceptsNonContiguousInputs() {
        IndexProgram p = IndexProgram.parse("Y[p,q] = X[p,k]*W[k,q] + b[q]");
        IndexGradient dw = IndexDerivative.gradient(p, "W");
        IndexGradient dx = IndexDerivative.gradient(p, "X");
        Tensor x = Tensor.randn(1, DType.F64, 7, 17).T();
        Tensor w = Tensor.randn(2, DType.F64, 7, 16).slice(1, 0, 16).slice(1, null, null, 2).contiguous();
        Tensor wStrided = Tensor.randn(2, DType.F64, 7, 16).slice(1, null, null, 2);
        Tensor b = Tensor.randn(3, DType.F64, 1).broadcastTo(8);
        Tensor dy = Tensor.randn(4, DType.F64, 17, 8);
        Map<String, Tensor> in = Map.of("X", x, "W", wStrided, "b", b, "dY", dy);
        IndexEvaluator ev = new IndexEvaluator(p, in);
        assertThat(ev.output().allClose(x.matmul(wStrided).add(b), 1e-12, 1e-12)).isTrue();
        assertThat(ev.evaluate(dw).allClose(x.T().matmul(dy), 1e-12, 1e-12)).isTrue();
        assertThat(ev.evaluate(dx).allClose(dy.matmul(wStrided.T()), 1e-12, 1e-12)).isTrue();
        assertThat(w.shape()).containsExactly(7, 8);
    }

    @Test
    void float32InputsGiveFloat32Gradients() {
        IndexProgram p = IndexProgram.parse("L = A[i,j]*B[j,k]*C[k,i]");
        IndexGradient g = IndexDerivative.gradient(p, "B");
        Tensor a = Tensor.randn(1, DType.F32, 33, 31);
        Tensor bm = Tensor.randn(2, DType.F32, 31, 17);
        Tensor c = Tensor.randn(3, DType.F32, 17, 33);
        Tensor d = new IndexEvaluator(p, Map.of("A", a, "B", bm, "C", c)).evaluate(g);
        assertThat(d.dtype()).isEqualTo(DType.F32);
        assertThat(d.allClose(a.T().matmul(c.T()), 1e-4, 1e-4)).isTrue();
    }

    @Test
    void softmaxCrossEntropyWithOneHotTargetsMatchesAutodiff() {
        IndexProgram p = IndexProgram.parse("L = -sum(T[i,j]*log(softmax(A)[i,j])) given T[i,j]*1[j] = 1[i]");
        IndexGradient g = IndexDerivative.gradient(p, "A");
        Map<String, Tensor> in = new HashMap<>();
        in.put("T", IndexTestSupport.oneHot(5, 4, 3));
        in.put("A", Tensor.randn(4, DType.F64, 5, 4));
        Tensor derived = new IndexEvaluator(p, in).evaluate(g);
        assertThat(derived.allClose(IndexTestSupport.autodiff(p, in, null).get("A"), 1e-9, 1e-10)).isTrue();
        assertThat(derived.allClose(in.get("A").softmax(1).sub(in.get("T")), 1e-12, 1e-12)).isTrue();
    }

    record HessianCase(String name, String src, String x, String y, boolean positive) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<HessianCase> hessians() {
        return Stream.of(
                new HessianCase("quadratic form", "L = x[i]*A[i,j]*x[j]", "x", "x", false),
                new HessianCase("bilinear mixed", "L = x[i]*A[i,j]*y[j]", "x", "y", false),
                new HessianCase("norm of Wx in x", "f = q[i]*q[i] where q[i] = W[i,j]*x[j]", "x", "x", false),
                new HessianCase("norm of Wx in W", "f = q[i]*q[i] where q[i] = W[i,j]*x[j]", "W", "W", false),
                new HessianCase("exp of Ax", "L = sum(exp(A[i,j]*x[j]))", "x", "x", false),
                new HessianCase("logistic in w", "L = sum(log(sigmoid(X[i,j]*w[j])))", "w", "w", false),
                new HessianCase("softmax CE in a", "L = -sum(t[j]*log(softmax(a)[j]))", "a", "a", false),
                new HessianCase("tanh", "L = sum(tanh(x[i])*c[i])", "x", "x", false),
                new HessianCase("quartic", "f = (x[i]*x[i])^2", "x", "x", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hessians")
    void hessianMatchesFiniteDifferencesOfTheGradient(HessianCase c) {
        IndexProgram p = IndexProgram.parse(c.src());
        IndexGradient h = IndexDerivative.hessian(p, c.x(), c.y());
        IndexGradient gx = IndexDerivative.gradient(p, c.x());
        Map<String, Tensor> in = IndexTestSupport.inputs(p, c.name().hashCode(), c.positive());
        Tensor hv = new IndexEvaluator(p, in).evaluate(h);
        Tensor yv = in.get(c.y());
        Tensor xv = in.get(c.x());
        int[] shape = new int[xv.rank() + yv.rank()];
        System.arraycopy(xv.shape(), 0, shape, 0, xv.rank());
        System.arraycopy(yv.shape(), 0, shape, xv.rank(), yv.rank());
        assertThat(hv.shape()).containsExactly(shape);
        double eps = 1e-6;
        Tensor flatH = hv.reshape(xv.size(), yv.size());
        for (int e = 0; e < yv.size(); e++) {
            Map<String, Tensor> plus = new HashMap<>(in);
            Map<String, Tensor> minus = new HashMap<>(in);
            Tensor yp = yv.copy();
            Tensor ym = yv.copy();
            yp.reshape(yv.size()).set(yv.reshape(yv.size()).get(e) + eps, e);
            ym.reshape(yv.size()).set(yv.reshape(yv.size()).get(e) - eps, e);
            plus.put(c.y(), yp);
            minus.put(c.y(), ym);
            if (c.x().equals(c.y())) {
                // the gradient depends on x through x itself
            }
            Tensor gp = new IndexEvaluator(p, plus).evaluate(gx).reshape(xv.size());
            Tensor gm = new IndexEvaluator(p, minus).evaluate(gx).reshape(xv.size());
            Tensor col = gp.sub(gm).div(2 * eps);
            for (int a = 0; a < xv.size(); a++) {
                assertThat(flatH.get(a, e)).as("%s H[%d,%d]", h, a, e).isCloseTo(col.get(a), org.assertj.core.data.Offset.offset(1e-5 + 1e-5 * Math.abs(col.get(a))));
            }
        }
    }
}
