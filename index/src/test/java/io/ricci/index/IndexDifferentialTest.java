package io.ricci.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Forward mode: the differential dY = Σ ∂Y/∂x·dx, checked against directional differences and reverse mode. */
class IndexDifferentialTest {
    @Test
    void affineDifferentialIsSeed004EquationOne() {
        IndexProgram p = IndexProgram.parse("Y[p,q] = X[p,k]*W[k,q] + b[q]");
        IndexGradient d = IndexDerivative.differential(p, List.of("X", "W", "b"));
        assertThat(d.indexForm()).isEqualTo("dX[i,k]*W[k,j] + X[i,k]*dW[k,j] + db[j]*1[i]");
        assertThat(d.matrix()).isEqualTo("dX W + X dW + 1 db^T");
        assertThat(IndexEvaluator.plan(d)).last().isEqualTo("dY += einsum(\"j,i->ij\", db, 1)");
    }

    @Test
    void differentialOfTheNormOfWx() {
        IndexProgram p = IndexProgram.parse("f = q[i]*q[i] where q[i] = W[i,j]*x[j]");
        assertThat(IndexDerivative.differential(p, List.of("x")).matrix()).isEqualTo("2 q^T W dx");
    }

    static java.util.stream.Stream<IndexDerivativeTest.Case> cases() {
        return IndexDerivativeTest.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void differentialMatchesDirectionalDifferencesAndReverseMode(IndexDerivativeTest.Case c) {
        IndexProgram p = IndexProgram.parse(c.src());
        List<String> xs = new ArrayList<>(p.inputs());
        IndexGradient d = IndexDerivative.differential(p, xs);
        List<IndexGradient> grads = new ArrayList<>();
        for (String x : xs) {
            grads.add(IndexDerivative.gradient(p, x));
        }
        Map<String, Tensor> in = IndexTestSupport.inputs(p, c.name().hashCode() + 1, c.positive());
        Map<String, Tensor> bound = new HashMap<>(in);
        long seed = 5;
        for (String x : xs) {
            bound.put("d" + x, Tensor.randn(seed++, DType.F64, in.get(x).shape()));
        }
        Tensor y = new IndexEvaluator(p, in).output();
        Tensor up = Tensor.randn(77, DType.F64, y.shape());
        if (y.rank() > 0) {
            bound.put("d" + p.output(), up);
        }
        IndexEvaluator ev = new IndexEvaluator(p, bound);
        Tensor dy = ev.evaluate(d);
        assertThat(dy.shape()).containsExactly(y.shape());
        double h = 1e-6;
        Map<String, Tensor> plus = new HashMap<>(in);
        Map<String, Tensor> minus = new HashMap<>(in);
        for (String x : xs) {
            plus.put(x, in.get(x).add(bound.get("d" + x).mul(h)));
            minus.put(x, in.get(x).sub(bound.get("d" + x).mul(h)));
        }
        Tensor fd = new IndexEvaluator(p, plus).output().sub(new IndexEvaluator(p, minus).output()).div(2 * h);
        assertThat(dy.allClose(fd, 1e-5, 1e-6)).as("%s\n%s\n%s", d, dy, fd).isTrue();
        // <dY, J·dx> = Σ_x <Jᵀ·dY, dx>: forward and reverse mode agree.
        double lhs = y.rank() > 0 ? dy.mul(up).sum().item() : dy.item();
        double rhs = 0;
        for (IndexGradient g : grads) {
            rhs += ev.evaluate(g).mul(bound.get("d" + g.wrt())).sum().item();
        }
        assertThat(lhs).isCloseTo(rhs, org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(rhs))));
    }
}
