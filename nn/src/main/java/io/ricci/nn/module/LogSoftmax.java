package io.ricci.nn.module;

import io.ricci.nn.autograd.Variable;

/** PyTorch's {@code nn.LogSoftmax(dim)}: x - logsumexp(x) along {@code dim}, stable for any logits. */
public final class LogSoftmax extends Module {
    private final int dim;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Variable forward(Variable x) {
        return Functional.logSoftmax(x, dim);
    }
}
