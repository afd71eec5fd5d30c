package io.ricci.nn.module;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;

/** PyTorch's {@code nn.Tanh}: element-wise {@code tanh}, differentiated by the tape. */
public final class Tanh extends Module {
    @Override
    public Variable forward(Variable x) {
        return Autograd.tanh(x);
    }
}
