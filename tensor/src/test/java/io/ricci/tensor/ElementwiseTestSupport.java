package io.ricci.tensor;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/** Random tensors in many layouts and an element-by-element comparison for the elementwise tests. */
final class ElementwiseTestSupport {
    /** Lengths around the lane widths (8 floats / 4 doubles), unroll factors and primes. */
    static final int[] SIZES = {0, 1, 7, 15, 16, 17, 31, 33, 97, 1009};

    private ElementwiseTestSupport() {
    }

    /** A named tensor for test reports. */
    record Named(String how, Tensor t) {
        @Override
        public String toString() {
            return how + " " + Layout.format(t.shape()) + " " + t.dtype();
        }
    }

    /** Fills every storage element of {@code t} with standard normal values. */
    static Tensor fillRandn(Tensor t, Rng rng) {
        if (t.f32() != null) {
            float[] a = t.f32();
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rng.nextGaussian();
            }
        } else {
            double[] a = t.f64();
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextGaussian();
            }
        }
        return t;
    }

    static Tensor randn(Rng rng, DType dt, int... shape) {
        return fillRandn(Tensor.zeros(dt, shape), rng);
    }

    /**
     * Tensors of {@code shape} with random values in different layouts: contiguous, transposed,
     * sliced with step 2, reversed (step -1 on the first axis), step -2 on the last axis, offset,
     * broadcast (stride 0) along the first axis, and a diagonal view.
     */
    static List<Named> layouts(Rng rng, DType dt, int... shape) {
        List<Named> out = new ArrayList<>();
        int r = shape.length;
        out.add(new Named("contiguous", randn(rng, dt, shape)));
        if (r >= 2) {
            int[] rev = new int[r];
            for (int d = 0; d < r; d++) {
                rev[d] = shape[r - 1 - d];
            }
            out.add(new Named("transposed", randn(rng, dt, rev).T()));
        }
        if (r >= 1) {
            int[] big = shape.clone();
            big[r - 1] = shape[r - 1] * 2;
            out.add(new Named("step2", randn(rng, dt, big).slice(r - 1, null, null, 2)));
            out.add(new Named("reversed", randn(rng, dt, shape).slice(0, null, null, -1)));
            out.add(new Named("step-2", randn(rng, dt, big).slice(r - 1, null, null, -2)));
            int[] off = shape.clone();
            off[0] = shape[0] + 1;
            out.add(new Named("offset", randn(rng, dt, off).slice(0, 1, off[0])));
            int[] one = shape.clone();
            one[0] = 1;
            out.add(new Named("broadcast", randn(rng, dt, one).broadcastTo(shape)));
            int[] sq = new int[r + 1];
            System.arraycopy(shape, 0, sq, 0, r);
            sq[r] = shape[r - 1];
            out.add(new Named("diagonal", randn(rng, dt, sq).diagonal(0, r - 1, r)));
        }
        for (Named n : out) {
            if (!java.util.Arrays.equals(n.t().shape(), shape)) {
                throw new AssertionError("bad test layout " + n.how() + ": " + Layout.format(n.t().shape()));
            }
        }
        return out;
    }

    /** The multi-index of row-major position {@code flat} in {@code shape}. */
    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    /** The index into an operand of {@code shape} that broadcasts to the output index {@code out}. */
    static int[] broadcastIndex(int[] out, int[] shape) {
        int[] idx = new int[shape.length];
        int lead = out.length - shape.length;
        for (int d = 0; d < shape.length; d++) {
            idx[d] = shape[d] == 1 ? 0 : out[d + lead];
        }
        return idx;
    }

    /** True when {@code got} matches {@code want} within {@code rtol}, NaN matching NaN, infinities exact. */
    static boolean close(double got, double want, double rtol, double atol) {
        if (Double.isNaN(want) || Double.isNaN(got)) {
            return Double.isNaN(want) && Double.isNaN(got);
        }
        if (Double.isInfinite(want) || Double.isInfinite(got)) {
            return got == want;
        }
        return Math.abs(got - want) <= atol + rtol * Math.abs(want);
    }

    /** Asserts shape, dtype and every element against {@code want} (row-major). */
    static void assertElements(String what, Tensor got, DType dt, int[] shape, double[] want, double rtol, double atol) {
        if (!java.util.Arrays.equals(got.shape(), shape)) {
            fail(what + ": shape " + Layout.format(got.shape()) + ", expected " + Layout.format(shape));
        }
        if (got.dtype() != dt) {
            fail(what + ": dtype " + got.dtype() + ", expected " + dt);
        }
        for (int i = 0; i < want.length; i++) {
            double g = got.getFlat(i);
            if (!close(g, want[i], rtol, atol)) {
                fail(what + ": element " + java.util.Arrays.toString(unravel(i, shape)) + " is " + g + ", expected "
                        + want[i]);
            }
        }
    }
}
