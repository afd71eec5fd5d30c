package io.ricci.tensor;

/**
 * What Ricci's kernels run on in this JVM: the JDK Vector API at some width, or the scalar
 * reference loops (same results, tens of times slower). Decided once, on first use of any kernel;
 * when it falls back for want of {@code --add-modules jdk.incubator.vector} it logs one warning.
 */
public final class Vectorization {
    private Vectorization() {
    }

    /** True when the Vector API kernels are in use. */
    public static boolean enabled() {
        return Kernels.vectorized();
    }

    /** The vector width the kernels use, in bits (0 for the scalar kernels). */
    public static int vectorBits() {
        return Kernels.SET.vectorBits();
    }

    /** One line: e.g. {@code Vector API, 512-bit vectors (16 float32 / 8 float64 lanes), eight-row GEMM kernels}. */
    public static String describe() {
        return Kernels.SET.description();
    }
}
