package io.ricci.nn.module;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;

/** PyTorch's {@code nn.Sigmoid}: element-wise {@code sigmoid}, differentiated by the tape. */
public final class Sigmoid extends Module {
    @Override
    public Variable forward(Variable x) {
        return Autograd.sigmoid(x);
    }
}
