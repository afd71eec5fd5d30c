package io.ricci.nn.module;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;

/** PyTorch's {@code nn.ReLU}: element-wise {@code relu}, differentiated by the tape. */
public final class ReLU extends Module {
    @Override
    public Variable forward(Variable x) {
        return Autograd.relu(x);
    }
}
