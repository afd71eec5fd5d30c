package io.ricci.nn.module;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;

/**
 * PyTorch's {@code nn.MaxPool2d(kernel, stride)} (square window, no padding, floor mode): the
 * maximum of each kernel×kernel window of x [N, C, H, W], through {@link Autograd#maxPool2d}; the
 * gradient goes to each window's first maximum in row-major order.
 */
public final class MaxPool2d extends Module {
    private final int kernel;
    private final int stride;

    /** Stride = kernel, PyTorch's default. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    public MaxPool2d(int kernel, int stride) {
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("MaxPool2d: kernel and stride must be >= 1, got kernel " + kernel
                    + ", stride " + stride);
        }
        this.kernel = kernel;
        this.stride = stride;
    }

    /** The output side of an input side {@code size}: (size - kernel) / stride + 1. */
    public int outputSize(int size) {
        return Math.floorDiv(size - kernel, stride) + 1;
    }

    @Override
    public Variable forward(Variable x) {
        return Autograd.maxPool2d(x, kernel, stride);
    }

    @Override
    public String toString() {
        return "MaxPool2d(kernel_size=" + kernel + ", stride=" + stride + ")";
    }
}
