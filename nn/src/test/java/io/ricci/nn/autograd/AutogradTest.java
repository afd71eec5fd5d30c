package io.ricci.nn.autograd;

import io.ricci.nn.layers.SoftmaxCrossEntropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AutogradTest {

    @Test
    void fanOutAccumulates() {
        Variable a = new Variable(Tensor.scalar(3.0), "a");
        a.add(a).backward();
        assertThat(a.grad().item()).isEqualTo(2.0);
        // a*a + a: d/da = 2a + 1 = 7
        Variable b = new Variable(Tensor.scalar(3.0), "b");
        b.mul(b).add(b).backward();
        assertThat(b.grad().item()).isEqualTo(7.0);
    }

    @Test
    void gradShapeEqualsValueShapeUnderBroadcast() {
        Rng rng = new Rng(1);
        Variable x = new Variable(Tensor.randn(rng, DType.F64, 4, 3), "x");
        Variable b = new Variable(Tensor.randn(rng, DType.F64, 3), "b");
        Variable c = new Variable(Tensor.randn(rng, DType.F64, 4, 1), "c");
        x.add(b).mul(c).sum().backward();
        assertThat(b.grad().shape()).containsExactly(3);
        assertThat(c.grad().shape()).containsExactly(4, 1);
        // db_j = Σ_i c_i ; dc_i = Σ_j (x_ij + b_j)
        double sumC = c.value().sum().item();
        for (int j = 0; j < 3; j++) {
            assertThat(b.grad().get(j)).isCloseTo(sumC, within(1e-12));
        }
        for (int i = 0; i < 4; i++) {
            double e = 0;
            for (int j = 0; j < 3; j++) {
                e += x.value().get(i, j) + b.value().get(j);
            }
            assertThat(c.grad().get(i, 0)).isCloseTo(e, within(1e-12));
        }
    }

    @Test
    void secondBackwardThroughFreedGraphFails() {
        Variable a = new Variable(Tensor.scalar(2.0), "a");
        Variable y = a.mul(a);
        y.backward();
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("freed").hasMessageContaining("mul");
    }

    @Test
    void retainedGraphAllowsSecondBackwardAndAccumulates() {
        Variable a = new Variable(Tensor.scalar(2.0), "a");
        Variable y = a.mul(a);
        y.backward(Tensor.scalar(1.0), true);
        y.backward(Tensor.scalar(1.0), true);
        assertThat(a.grad().item()).isEqualTo(8.0);
        a.zeroGrad();
        assertThat(a.grad()).isNull();
    }

    @Test
    void noGradRecordsNothing() throws Exception {
        Variable a = new Variable(Tensor.scalar(2.0), "a");
        Variable y;
        try (AutoCloseable s = Autograd.noGrad()) {
            y = a.mul(a);
        }
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.isLeaf()).isTrue();
        assertThatThrownBy(y::backward).hasMessageContaining("does not require a gradient");
        assertThat(a.mul(a).requiresGrad()).isTrue();
    }

    @Test
    void backwardNeedsScalarOrMatchingUpstream() {
        Variable a = new Variable(Tensor.ones(2, 2), "a");
        Variable y = a.mul(a);
        assertThatThrownBy(y::backward).hasMessageContaining("not a scalar").hasMessageContaining("(2, 2)");
        assertThatThrownBy(() -> y.backward(Tensor.ones(3), false)).hasMessageContaining("(3,)");
    }

    @Test
    void deepChainOf100LayersAnd100kNodes() {
        Rng rng = new Rng(7);
        Variable x = new Variable(Tensor.randn(rng, DType.F64, 8), "x");
        Variable h = x;
        for (int i = 0; i < 100; i++) {
            Variable w = new Variable(Tensor.randn(rng, DType.F64, 8, 8).mul(0.3), "W" + i);
            h = w.matmul(h).tanh();
        }
        h.sum().backward();
        assertThat(x.grad().shape()).containsExactly(8);

        Variable s = new Variable(Tensor.scalar(1.0), "s");
        Variable acc = s;
        for (int i = 0; i < 100_000; i++) {
            acc = Autograd.shift(acc, 1e-5);
        }
        acc = acc.mul(s);
        acc.backward();
        // d/ds (s + n·1e-5)·s = 2s + n·1e-5 = 3
        assertThat(s.grad().item()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void softmaxCrossEntropyOneHotAndLabelsAgree() {
        Rng rng = new Rng(3);
        Tensor scores = Tensor.randn(rng, DType.F64, 5, 4);
        Tensor labels = Tensor.of(0, 3, 1, 1, 2);
        Tensor oneHot = Tensor.zeros(5, 4);
        for (int i = 0; i < 5; i++) {
            oneHot.set(1, i, (int) labels.get(i));
        }
        SoftmaxCrossEntropy a = new SoftmaxCrossEntropy();
        SoftmaxCrossEntropy b = new SoftmaxCrossEntropy();
        double la = a.forward(scores, oneHot);
        double lb = b.forward(scores, labels);
        assertThat(la).isCloseTo(lb, within(1e-15));
        // Oracle: -(1/n) Σ log softmax
        double e = 0;
        for (int i = 0; i < 5; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 4; j++) {
                m = Math.max(m, scores.get(i, j));
            }
            double z = 0;
            for (int j = 0; j < 4; j++) {
                z += Math.exp(scores.get(i, j) - m);
            }
            e -= scores.get(i, (int) labels.get(i)) - m - Math.log(z);
        }
        assertThat(la).isCloseTo(e / 5, within(1e-12));
        assertThat(a.backward().toDoubleArray()).containsExactly(b.backward().toDoubleArray());
        assertThatThrownBy(() -> new SoftmaxCrossEntropy().forward(scores, Tensor.of(0, 4, 1, 1, 2)))
                .hasMessageContaining("label 4.0 at row 1");
        assertThatThrownBy(() -> new SoftmaxCrossEntropy().forward(scores, Tensor.zeros(5, 3)))
                .hasMessageContaining("(5, 3)");
    }

    /**
     * einsum of a size-1 axis broadcast against a size-0 one (the label has size 0, as NumPy): the
     * forward is an empty sum or an empty result, and the gradient of the size-1 operand sums over
     * nothing, so it is 0, with every gradient in its operand's shape.
     */
    @Test
    void einsumGradientsOfSizeOneAgainstSizeZeroAreZero() {
        Variable a = new Variable(Tensor.of(3.0), "a");
        Variable b = new Variable(Tensor.zeros(0), "b");
        Variable dot = Autograd.einsum("i,i->", a, b);
        assertThat(dot.value().shape()).isEmpty();
        assertThat(dot.value().item()).isEqualTo(0.0);
        dot.backward();
        assertThat(a.grad().shape()).containsExactly(1);
        assertThat(a.grad().toDoubleArray()).containsExactly(0.0);
        assertThat(b.grad().shape()).containsExactly(0);

        Variable c = new Variable(Tensor.zeros(0, 3), "c");
        Variable d = new Variable(Tensor.of(new double[] {1, 2, 3}, 1, 3), "d");
        Variable prod = Autograd.einsum("ij,ij->ij", c, d);
        assertThat(prod.value().shape()).containsExactly(0, 3);
        prod.backward(Tensor.zeros(0, 3), false);
        assertThat(c.grad().shape()).containsExactly(0, 3);
        assertThat(d.grad().shape()).containsExactly(1, 3);
        assertThat(d.grad().toDoubleArray()).containsExactly(0.0, 0.0, 0.0);
    }

    /**
     * NumPy's softmax formulation, np.exp(x - x.max()) / np.exp(x - x.max()).sum(), row by row in plain
     * double arithmetic: the oracle for rows with non-finite scores.
     */
    private static double[] numpySoftmaxRows(double[][] rows) {
        int c = rows[0].length;
        double[] out = new double[rows.length * c];
        for (int i = 0; i < rows.length; i++) {
            double m = Double.NEGATIVE_INFINITY;
            boolean nan = false;
            for (double v : rows[i]) {
                nan |= Double.isNaN(v);
                m = Math.max(m, v);
            }
            m = nan ? Double.NaN : m;
            double s = 0;
            for (double v : rows[i]) {
                s += Math.exp(v - m);
            }
            for (int j = 0; j < c; j++) {
                out[i * c + j] = Math.exp(rows[i][j] - m) / s;
            }
        }
        return out;
    }

    @Test
    void softmaxOfNonFiniteScoresIsNumpys() {
        double inf = Double.POSITIVE_INFINITY, nan = Double.NaN;
        double[][] rows = {{inf, 1, -inf, 0}, {1, -inf, 2, 0}, {-inf, -inf, -inf, -inf}, {nan, 0, 1, 2},
            {inf, inf, 0, 1}, {-inf, 3, -inf, -inf}, {0, 1, 2, 3}};
        double[] flat = java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
        double[] want = numpySoftmaxRows(rows);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor scores = Tensor.of(flat, rows.length, 4).astype(dt);
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            loss.forward(scores, Tensor.of(1, 0, 2, 1, 2, 1, 3));
            Variable sm = Autograd.softmax(new Variable(scores, "a"), 1);
            double tol = dt == DType.F32 ? 1e-6 : 1e-15;
            double[][] got = {loss.probabilities().toDoubleArray(), sm.value().toDoubleArray()};
            for (double[] g : got) {
                for (int i = 0; i < want.length; i++) {
                    if (Double.isNaN(want[i])) {
                        assertThat(g[i]).as("%s element %d", dt, i).isNaN();
                    } else {
                        assertThat(g[i]).as("%s element %d", dt, i).isCloseTo(want[i], within(tol));
                    }
                }
            }
        }
        // The oracle itself: the +inf row is NaN throughout, the finite -inf row has exact zeros.
        assertThat(want[1]).isNaN();
        assertThat(want[5 * 4 + 1]).isEqualTo(1.0);
    }

    @Test
    void dotExportShowsOpsShapesValuesAndGrads() {
        Variable x = new Variable(Tensor.scalar(-2), "x");
        Variable y = new Variable(Tensor.scalar(5), "y");
        Variable z = new Variable(Tensor.scalar(-4), "z");
        Variable f = x.add(y).mul(z);
        f.backward();
        String dot = GraphDot.toDot(f);
        assertThat(dot).startsWith("digraph").contains("mul").contains("add").contains("value [-12.00]")
                .contains("grad [-4.000]").contains("grad [3.000]");
        assertThat(dot.split("->", -1)).hasSize(5);
    }
}
