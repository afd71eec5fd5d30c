package io.ricci.nn.module;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;

import io.ricci.tensor.DType;
import io.ricci.tensor.Layout;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;

/**
 * PyTorch's {@code nn.Linear}: y = x·Wᵀ + b with weight W of shape (out, in) and bias b of shape
 * (out), x of shape (..., in). The default initialisation is PyTorch's: {@code kaiming_uniform_(W,
 * a=√5)}, which works out to W ~ U(-1/√in, 1/√in), and b ~ U(-1/√in, 1/√in); here drawn from
 * {@code rng} (weight row-major, then bias) as {@code (2u - 1)/√in} for u uniform in [0, 1), so the
 * values are Ricci's, not torch's random stream (load PyTorch's weights with {@link #loadStateDict}).
 */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final Variable weight;
    private final Variable bias;

    /** With bias, float64. */
    public Linear(int in, int out, Rng rng) {
        this(in, out, true, rng, DType.F64);
    }

    public Linear(int in, int out, boolean bias, Rng rng, DType dtype) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear: in and out features must be >= 1, got " + in + " and " + out);
        }
        this.in = in;
        this.out = out;
        double bound = 1 / Math.sqrt(in);
        this.weight = registerParameter("weight", new Variable(uniform(rng, bound, dtype, out, in), "weight", true));
        this.bias = bias ? registerParameter("bias", new Variable(uniform(rng, bound, dtype, out), "bias", true)) : null;
    }

    /** U(-bound, bound) as {@code (2u - 1)·bound}, drawn in float64 and rounded once to {@code dtype}. */
    static Tensor uniform(Rng rng, double bound, DType dtype, int... shape) {
        return Tensor.rand(rng, DType.F64, shape).mul(2 * bound).sub(bound).astype(dtype);
    }

    public Variable weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Variable bias() {
        return bias;
    }

    @Override
    public Variable forward(Variable x) {
        if (x.shape().length < 1 || x.shape()[x.shape().length - 1] != in) {
            throw new IllegalArgumentException("Linear(" + in + ", " + out + "): input " + Layout.format(x.shape())
                    + " does not end in " + in + " features");
        }
        return Autograd.linear(x, weight, bias);
    }

    @Override
    public String toString() {
        return "Linear(in_features=" + in + ", out_features=" + out + ", bias=" + (bias != null) + ")";
    }
}
