package io.ricci.nn.layers;

import io.ricci.tensor.Tensor;

/** A trainable tensor and the gradient of the last backward pass with respect to it. */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private Tensor grad;

    public Parameter(String name, Tensor value) {
        this.name = name;
        this.value = value;
        this.grad = Tensor.zeros(value.dtype(), value.shape());
    }

    public String name() {
        return name;
    }

    /** The value; optimisers update it in place. */
    public Tensor value() {
        return value;
    }

    /**
     * dL/dvalue from the last backward. Layers may write the next gradient into this same tensor
     * ({@link #gradBuffer}), as PyTorch reuses {@code .grad}: copy it to keep it across a backward.
     */
    public Tensor grad() {
        return grad;
    }

    /**
     * A tensor of the value's shape and dtype that a layer may overwrite with the next gradient and
     * then pass to {@link #setGrad}: the current gradient when it has that dtype, else a new one.
     */
    public Tensor gradBuffer() {
        return grad.dtype() == value.dtype() ? grad : Tensor.zeros(value.dtype(), value.shape());
    }

    /** Replaces the gradient (layers call this in backward). */
    public void setGrad(Tensor g) {
        if (!java.util.Arrays.equals(g.shape(), value.shape())) {
            throw new IllegalArgumentException("gradient of " + name + " has shape "
                    + io.ricci.tensor.Layout.format(g.shape()) + ", parameter has " + io.ricci.tensor.Layout.format(value.shape()));
        }
        grad = g;
    }

    @Override
    public String toString() {
        return name + io.ricci.tensor.Layout.format(value.shape());
    }
}
