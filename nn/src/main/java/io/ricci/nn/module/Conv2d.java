package io.ricci.nn.module;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;

import io.ricci.tensor.DType;
import io.ricci.tensor.Layout;
import io.ricci.tensor.Rng;

/**
 * PyTorch's {@code nn.Conv2d} (square kernel, one stride and padding for both axes, no dilation or
 * groups): y = conv2d(x, W) + b for x of shape [N, in, H, W], weight W of shape
 * [out, in, kernel, kernel] (PyTorch's layout, so its state dict loads as it is) and bias b [out];
 * y has shape [N, out, OH, OW] with OH = (H + 2·padding - kernel) / stride + 1. The forward is
 * {@link Autograd#conv2d} (im2col and one batched GEMM), differentiated by the tape.
 *
 * <p>The default initialisation is PyTorch's: {@code kaiming_uniform_(W, a=√5)}, i.e. gain
 * √(2/(1+a²)) = √(1/3) and bound gain·√3/√fan_in, which works out to W ~ U(-1/√fan_in, 1/√fan_in)
 * with fan_in = in·kernel², and b ~ U(-1/√fan_in, 1/√fan_in). As in {@link Linear} the values come
 * from {@code rng} (weight row-major, then bias) as {@code (2u - 1)/√fan_in}, u uniform in [0, 1):
 * Ricci's random stream, not torch's.
 */
public final class Conv2d extends Module {
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Variable weight;
    private final Variable bias;

    /** With bias, float64. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, Rng rng) {
        this(inChannels, outChannels, kernel, stride, padding, true, rng, DType.F64);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias, Rng rng, DType dtype) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: channels, kernel and stride must be >= 1 and padding >= 0, got in "
                    + inChannels + ", out " + outChannels + ", kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
        this.in = inChannels;
        this.out = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        double bound = 1 / Math.sqrt((double) inChannels * kernel * kernel);
        this.weight = registerParameter("weight", new Variable(
                Linear.uniform(rng, bound, dtype, outChannels, inChannels, kernel, kernel), "weight", true));
        this.bias = bias ? registerParameter("bias", new Variable(Linear.uniform(rng, bound, dtype, outChannels), "bias", true)) : null;
    }

    public Variable weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Variable bias() {
        return bias;
    }

    /** The output side of an input side {@code size}: (size + 2·padding - kernel) / stride + 1. */
    public int outputSize(int size) {
        return Math.floorDiv(size + 2 * padding - kernel, stride) + 1;
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != in) {
            throw new IllegalArgumentException(this + ": input " + Layout.format(s) + " is not [N, " + in + ", H, W]");
        }
        return Autograd.conv2d(x, weight, bias, stride, padding);
    }

    @Override
    public String toString() {
        return "Conv2d(" + in + ", " + out + ", kernel_size=(" + kernel + ", " + kernel + "), stride=(" + stride + ", "
                + stride + "), padding=(" + padding + ", " + padding + ")" + (bias == null ? ", bias=False" : "") + ")";
    }
}
