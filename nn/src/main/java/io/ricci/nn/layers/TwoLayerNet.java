package io.ricci.nn.layers;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.util.List;

/**
 * Seed 004's TwoLayerNet: Affine(in→hidden) - ReLU - Affine(hidden→out) - softmax cross-entropy,
 * weights drawn from N(0, std²) and biases zero.
 */
public final class TwoLayerNet {
    private final Affine affine1;
    private final Gates.Relu relu = new Gates.Relu();
    private final Affine affine2;
    private final SoftmaxCrossEntropy lossLayer = new SoftmaxCrossEntropy();

    /** Weights W1 (in, hidden), W2 (hidden, out) ~ N(0, std²) from {@code rng} in that order. */
    public TwoLayerNet(int in, int hidden, int out, double std, Rng rng, DType dtype) {
        Tensor w1 = Tensor.randn(rng, DType.F64, in, hidden).mul(std).astype(dtype);
        Tensor w2 = Tensor.randn(rng, DType.F64, hidden, out).mul(std).astype(dtype);
        affine1 = new Affine("W1", w1, "b1", Tensor.zeros(dtype, hidden)).inputGradient(false);
        affine2 = new Affine("W2", w2, "b2", Tensor.zeros(dtype, out));
    }

    /** The class scores (before softmax) for each row of {@code x}. */
    public Tensor predict(Tensor x) {
        return affine2.forward(relu.forward(affine1.forward(x)));
    }

    /**
     * Forward and backward on one batch: returns the mean cross-entropy and leaves dL/dparameter in
     * each parameter's gradient.
     */
    public double lossAndGradient(Tensor x, Tensor labels) {
        double loss = lossLayer.forward(predict(x), labels);
        affine1.backward(relu.backward(affine2.backward(lossLayer.backward())));
        return loss;
    }

    /**
     * Fraction of rows whose highest score is at their label, evaluated in chunks of 2,000 rows with
     * the current weights (no layer state is touched, so a following backward still sees the last
     * training batch).
     */
    public double accuracy(Tensor x, int[] labels) {
        int n = x.dim(0);
        int correct = 0;
        Tensor w1 = affine1.weight().value();
        Tensor w2 = affine2.weight().value();
        Tensor hidden = null;
        for (int start = 0; start < n; start += 2000) {
            int end = Math.min(n, start + 2000);
            Tensor chunk = x.slice(0, start, end);
            if (hidden == null || hidden.dim(0) != end - start || hidden.dtype() != DType.promote(x.dtype(), w1.dtype())) {
                hidden = Tensor.zeros(DType.promote(chunk.dtype(), w1.dtype()), end - start, w1.dim(1));
            }
            chunk.matmul(w1, hidden).add_(affine1.bias().value()).relu_();
            Tensor pred = hidden.matmul(w2).add_(affine2.bias().value()).argmax(1);
            for (int i = start; i < end; i++) {
                if ((int) pred.get(i - start) == labels[i]) {
                    correct++;
                }
            }
        }
        return n == 0 ? 0 : (double) correct / n;
    }

    /** W1, b1, W2, b2. */
    public List<Parameter> parameters() {
        return List.of(affine1.weight(), affine1.bias(), affine2.weight(), affine2.bias());
    }
}
