package io.ricci.nn.layers;

import io.ricci.tensor.Tensor;
import java.util.List;

/**
 * Y = X·W + b with b broadcast over the batch (X (n, d) or a single row (d), W (d, p), b (p)).
 * Backward, in index notation Y[p,q] = X[p,k]W[k,q] + 1[p]b[q]: dX = dY·Wᵀ, dW = Xᵀ·dY, db = 1ᵀ·dY
 * (the column sums of dY); for a single row dW = x·dyᵀ and db = dy.
 */
public final class Affine implements Layer {
    private final Parameter w;
    private final Parameter b;
    private Tensor x;
    private boolean inputGradient = true;

    public Affine(Tensor w, Tensor b) {
        this("W", w, "b", b);
    }

    public Affine(String wName, Tensor w, String bName, Tensor b) {
        if (w.rank() != 2 || b.rank() != 1 || b.dim(0) != w.dim(1)) {
            throw new IllegalArgumentException("Affine: W must be (d, p) and b (p,), got W "
                    + io.ricci.tensor.Layout.format(w.shape()) + " and b " + io.ricci.tensor.Layout.format(b.shape()));
        }
        this.w = new Parameter(wName, w);
        this.b = new Parameter(bName, b);
    }

    /**
     * Whether {@link #backward} computes dX (default true). A first layer, whose input is data, can
     * turn it off and save the dY·Wᵀ product; backward then returns {@code null}.
     */
    public Affine inputGradient(boolean on) {
        inputGradient = on;
        return this;
    }

    public Parameter weight() {
        return w;
    }

    public Parameter bias() {
        return b;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.rank() > 2 || x.dim(-1) != w.value().dim(0)) {
            throw new IllegalArgumentException("Affine: input " + io.ricci.tensor.Layout.format(x.shape())
                    + " does not match W " + io.ricci.tensor.Layout.format(w.value().shape()));
        }
        this.x = x;
        // The product is a fresh tensor of ours, so the bias can be added in place.
        return x.matmul(w.value()).add_(b.value());
    }

    @Override
    public Tensor backward(Tensor dout) {
        Tensor wv = w.value();
        Tensor dx = inputGradient ? dout.matmul(wv.T()) : null;
        if (dout.rank() == 2) {
            // dW overwrites the parameter's gradient buffer (as PyTorch's .grad is reused) instead of
            // allocating a new (d, p) tensor every step.
            w.setGrad(x.T().matmul(dout, w.gradBuffer()));
            b.setGrad(dout.sum(0));
        } else {
            w.setGrad(x.reshape(x.size(), 1).matmul(dout.reshape(1, dout.size())));
            b.setGrad(dout.copy());
        }
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(w, b);
    }
}
