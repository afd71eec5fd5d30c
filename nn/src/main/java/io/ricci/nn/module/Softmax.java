package io.ricci.nn.module;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;

/** PyTorch's {@code nn.Softmax(dim)}: exp(x)/Σexp(x) along {@code dim} (negative counts from the end). */
public final class Softmax extends Module {
    private final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Variable forward(Variable x) {
        return Autograd.softmax(x, dim);
    }
}
