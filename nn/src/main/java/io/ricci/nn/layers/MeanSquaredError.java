package io.ricci.nn.layers;

import io.ricci.tensor.Layout;
import io.ricci.tensor.Tensor;

/** L = (1/N) Σ (y - t)² over all N elements (PyTorch's {@code MSELoss}); dL/dy = 2(y - t)/N. */
public final class MeanSquaredError implements Loss {
    private Tensor diff;

    @Override
    public double forward(Tensor y, Tensor t) {
        if (!java.util.Arrays.equals(y.shape(), t.shape())) {
            throw new IllegalArgumentException("MeanSquaredError: prediction " + Layout.format(y.shape())
                    + " and target " + Layout.format(t.shape()) + " differ");
        }
        diff = y.sub(t);
        return diff.square().mean().item();
    }

    @Override
    public Tensor backward() {
        return diff.mul(2.0 / Math.max(1, diff.size()));
    }
}
