package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ricci.index.IndexDerivative;
import io.ricci.index.IndexEvaluator;
import io.ricci.index.IndexGradient;
import io.ricci.index.IndexProgram;
import io.ricci.nn.autograd.Variable;
import io.ricci.nn.layers.Affine;
import io.ricci.nn.layers.Gates;
import io.ricci.nn.layers.MeanSquaredError;
import io.ricci.nn.layers.SoftmaxCrossEntropy;
import io.ricci.nn.module.CrossEntropyLoss;
import io.ricci.nn.module.Linear;
import io.ricci.nn.module.MSELoss;
import io.ricci.nn.module.ReLU;
import io.ricci.nn.module.Sigmoid;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Three derivations of each lecture layer's backward tied together on random float64 inputs: the
 * layer's hand-written backward (nn.layers), the tape's gradients of the same op (through Variable
 * and through the nn.module module), and the contractions the index calculus derives for the layer
 * ({@code ricci derive index}: IndexDerivative, evaluated by IndexEvaluator). All agree to 1e-12.
 */
class LayerTapeIndexTieTest {
    private static final double TOL = 1e-12;

    /** Rows × features around lane widths: 1, primes, 7, 15/16/17. */
    private static final String SHAPES = """
            1, 1, 1
            1, 3, 2
            2, 1, 5
            3, 4, 2
            7, 5, 3
            16, 17, 15
            13, 8, 31
            """;

    @ParameterizedTest(name = "Affine n {0} d {1} p {2}")
    @CsvSource(textBlock = SHAPES)
    void affine(int n, int d, int p) {
        Rng rng = new Rng(1000L * n + 10L * d + p);
        Tensor x = Tensor.randn(rng, DType.F64, n, d), w = Tensor.randn(rng, DType.F64, d, p);
        Tensor b = Tensor.randn(rng, DType.F64, p), dy = Tensor.randn(rng, DType.F64, n, p);

        Affine layer = new Affine(w.copy(), b.copy());
        Tensor y = layer.forward(x);
        Tensor dx = layer.backward(dy);

        // The tape, as Variable ops and as the Linear module (weight stored as Wᵀ, PyTorch's layout).
        Variable vx = new Variable(x, "X"), vw = new Variable(w, "W"), vb = new Variable(b, "b");
        Variable vy = vx.matmul(vw).add(vb);
        vy.backward(dy, false);
        Linear lin = new Linear(d, p, new Rng(0));
        lin.loadStateDict(Map.of("weight", w.T().contiguous(), "bias", b));
        Variable mx = new Variable(x, "X");
        Variable my = lin.forward(mx);
        my.backward(dy, false);

        // The index calculus.
        Map<String, Tensor> idx = index("Y[p,j] = X[p,i]*W[i,j] + b[j]", Map.of("X", x, "W", w, "b", b), "dY", dy, "X", "W", "b");

        close("Y tape", vy.value(), y);
        close("Y module", my.value(), y);
        close("Y index", idx.get("Y"), y);
        close("dX tape", vx.grad(), dx);
        close("dX module", mx.grad(), dx);
        close("dX index", idx.get("X"), dx);
        close("dW tape", vw.grad(), layer.weight().grad());
        close("dW module", lin.weight().grad().T(), layer.weight().grad());
        close("dW index", idx.get("W"), layer.weight().grad());
        close("db tape", vb.grad(), layer.bias().grad());
        close("db module", lin.bias().grad(), layer.bias().grad());
        close("db index", idx.get("b"), layer.bias().grad());
    }

    @ParameterizedTest(name = "Affine single row d {1} p {2}")
    @CsvSource(textBlock = SHAPES)
    void affineOnOneRow(int ignored, int d, int p) {
        Rng rng = new Rng(77L * d + p);
        Tensor x = Tensor.randn(rng, DType.F64, d), w = Tensor.randn(rng, DType.F64, d, p);
        Tensor b = Tensor.randn(rng, DType.F64, p), dy = Tensor.randn(rng, DType.F64, p);
        Affine layer = new Affine(w.copy(), b.copy());
        Tensor y = layer.forward(x);
        Tensor dx = layer.backward(dy);
        Variable vx = new Variable(x, "x"), vw = new Variable(w, "W"), vb = new Variable(b, "b");
        Variable vy = vx.matmul(vw).add(vb);
        vy.backward(dy, false);
        Map<String, Tensor> idx = index("y[j] = x[i]*W[i,j] + b[j]", Map.of("x", x, "W", w, "b", b), "dy", dy, "x", "W", "b");
        close("y", vy.value(), y);
        close("y index", idx.get("y"), y);
        close("dx tape", vx.grad(), dx);
        close("dx index", idx.get("x"), dx);
        close("dW tape", vw.grad(), layer.weight().grad());
        close("dW index", idx.get("W"), layer.weight().grad());
        close("db tape", vb.grad(), layer.bias().grad());
        close("db index", idx.get("b"), layer.bias().grad());
    }

    @ParameterizedTest(name = "{0} gate n {1} d {2}")
    @CsvSource({
        "relu, 1, 1", "relu, 3, 4", "relu, 7, 17", "relu, 16, 33",
        "sigmoid, 1, 1", "sigmoid, 3, 4", "sigmoid, 7, 17", "sigmoid, 16, 33",
    })
    void gates(String fn, int n, int d) {
        Rng rng = new Rng(n * 100L + d + fn.length());
        // Scaled by 3 so that the sigmoid's tails and the ReLU's both sides are exercised.
        Tensor x = Tensor.randn(rng, DType.F64, n, d).mul(3), dy = Tensor.randn(rng, DType.F64, n, d);
        io.ricci.nn.layers.Layer layer = fn.equals("relu") ? new Gates.Relu() : new Gates.Sigmoid();
        Tensor y = layer.forward(x);
        Tensor dx = layer.backward(dy);

        Variable vx = new Variable(x, "X");
        Variable vy = fn.equals("relu") ? vx.relu() : vx.sigmoid();
        vy.backward(dy, false);
        Variable mx = new Variable(x, "X");
        Variable my = (fn.equals("relu") ? new ReLU() : new Sigmoid()).forward(mx);
        my.backward(dy, false);
        Map<String, Tensor> idx = index("Y[p,j] = " + fn + "(X[p,j])", Map.of("X", x), "dY", dy, "X");

        close("Y tape", vy.value(), y);
        close("Y index", idx.get("Y"), y);
        close("dX tape", vx.grad(), dx);
        close("dX module", mx.grad(), dx);
        close("dX index", idx.get("X"), dx);
    }

    @ParameterizedTest(name = "SoftmaxCrossEntropy n {0} classes {1}")
    @CsvSource({"1, 1", "1, 2", "3, 4", "7, 10", "16, 17", "13, 31"})
    void softmaxCrossEntropy(int n, int c) {
        Rng rng = new Rng(31L * n + c);
        Tensor a = Tensor.randn(rng, DType.F64, n, c).mul(2);
        int[] labels = new int[n];
        Tensor labelTensor = Tensor.zeros(DType.F64, n), oneHot = Tensor.zeros(DType.F64, n, c);
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(c);
            labelTensor.set(labels[i], i);
            oneHot.set(1, i, labels[i]);
        }
        SoftmaxCrossEntropy byLabel = new SoftmaxCrossEntropy(), byOneHot = new SoftmaxCrossEntropy();
        double loss = byLabel.forward(a, labelTensor);
        Tensor da = byLabel.backward();
        assertThat(byOneHot.forward(a, oneHot)).isCloseTo(loss, org.assertj.core.api.Assertions.within(TOL));
        close("dA one-hot layer", byOneHot.backward(), da);

        // The tape: the fused label primitive (CrossEntropyLoss with labels) and the composed
        // -mean(Σ T·logSoftmax) (with one-hot targets).
        Variable v1 = new Variable(a, "A"), v2 = new Variable(a, "A");
        Variable l1 = new CrossEntropyLoss().forward(v1, labels);
        Variable l2 = new CrossEntropyLoss().forward(v2, Variable.constant(oneHot));
        l1.backward();
        l2.backward();

        // The index form of the layer's loss, its 1/n written as a coefficient; one-hot rows sum to 1.
        String src = String.format(Locale.ROOT, "L = -%s*sum(T[i,j]*log(softmax(A)[i,j])) given T[i,j]*1[j] = 1[i]",
                Double.toString(1.0 / n));
        Map<String, Tensor> idx = index(src, Map.of("A", a, "T", oneHot), null, null, "A");

        close("L fused", l1.value(), Tensor.scalar(loss));
        close("L composed", l2.value(), Tensor.scalar(loss));
        close("L index", idx.get("L"), Tensor.scalar(loss));
        close("dA fused", v1.grad(), da);
        close("dA composed", v2.grad(), da);
        close("dA index", idx.get("A"), da);
    }

    @ParameterizedTest(name = "MeanSquaredError n {0} d {1}")
    @CsvSource({"1, 1", "1, 3", "3, 4", "7, 5", "16, 17", "13, 31"})
    void meanSquaredError(int n, int d) {
        Rng rng = new Rng(17L * n + d);
        Tensor y = Tensor.randn(rng, DType.F64, n, d), t = Tensor.randn(rng, DType.F64, n, d);
        MeanSquaredError layer = new MeanSquaredError();
        double loss = layer.forward(y, t);
        Tensor dy = layer.backward();

        Variable vy = new Variable(y, "Y");
        Variable l = vy.sub(Variable.constant(t)).pow(2).mean();
        l.backward();
        Variable my = new Variable(y, "Y");
        Variable ml = new MSELoss().forward(my, Variable.constant(t));
        ml.backward();
        String src = String.format(Locale.ROOT, "L = %s*sum((Y[i,j] - T[i,j])^2)", Double.toString(1.0 / (n * d)));
        Map<String, Tensor> idx = index(src, Map.of("Y", y, "T", t), null, null, "Y");

        close("L tape", l.value(), Tensor.scalar(loss));
        close("L module", ml.value(), Tensor.scalar(loss));
        close("L index", idx.get("L"), Tensor.scalar(loss));
        close("dY tape", vy.grad(), dy);
        close("dY module", my.grad(), dy);
        close("dY index", idx.get("Y"), dy);
    }

    /**
     * Parses {@code src}, derives the gradient w.r.t. each of {@code wrt} (with upstream operand
     * {@code upstreamName} bound to {@code upstream} for a tensor output) and evaluates them: the
     * map holds the output under its name and each gradient under its variable's name.
     */
    private static Map<String, Tensor> index(String src, Map<String, Tensor> inputs, String upstreamName, Tensor upstream,
                                             String... wrt) {
        IndexProgram prog = IndexProgram.parse(src);
        Map<String, IndexGradient> gs = new HashMap<>();
        for (String w : wrt) {
            IndexGradient g = IndexDerivative.gradient(prog, w);
            assertThat(g.upstream()).as("upstream of d%s", w).isEqualTo(upstreamName);
            gs.put(w, g);
        }
        Map<String, Tensor> bind = new HashMap<>(inputs);
        if (upstreamName != null) {
            bind.put(upstreamName, upstream);
        }
        IndexEvaluator ev = new IndexEvaluator(prog, bind);
        Map<String, Tensor> out = new HashMap<>();
        out.put(prog.output(), ev.output());
        gs.forEach((w, g) -> out.put(w, ev.evaluate(g)));
        return out;
    }

    private static void close(String what, Tensor actual, Tensor expected) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        assertThat(actual.dtype()).as(what + " dtype").isEqualTo(DType.F64);
        double[] a = actual.toDoubleArray(), e = expected.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - e[i])).as("%s element %d: %s vs %s", what, i, a[i], e[i])
                    .isLessThanOrEqualTo(TOL * Math.max(1, Math.abs(e[i])));
        }
    }
}
