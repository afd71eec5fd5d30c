package io.ricci.nn.module;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;

import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;

/**
 * PyTorch's {@code nn.Dropout(p)}, inverted: in training each element is zeroed with probability p
 * and the rest scaled by 1/(1-p), so eval mode is the identity. The mask is a constant of the
 * tape (mask values drawn from {@code rng}: element kept when u >= p, u uniform in [0, 1)), so the
 * gradient is the upstream gradient times the same mask.
 */
public final class Dropout extends Module {
    private final double p;
    private final Rng rng;

    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Variable forward(Variable x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        Tensor u = Tensor.rand(rng, io.ricci.tensor.DType.F64, x.shape());
        Tensor mask = p == 1 ? Tensor.zeros(x.value().dtype(), x.shape())
                : u.ge(p).mul(1 / (1 - p)).astype(x.value().dtype());
        return Autograd.mul(x, Variable.constant(mask));
    }
}
