package io.ricci.tensor;

/**
 * Plain-loop reference implementation of {@link EinsumKernelF64} (the oracle for the SIMD one, and
 * the path for non-unit strides). The float32 class is generated from this file (tensor/pom.xml, generate-f32).
 */
final class EinsumScalarF64 implements EinsumKernelF64 {
    static final EinsumScalarF64 INSTANCE = new EinsumScalarF64();

    private EinsumScalarF64() {
    }

    /**
     * Runs longer than this are summed pairwise (halves summed separately, then added), as NumPy's
     * pairwise summation: the rounding error grows with log n instead of n (a million equal float64
     * values summed one by one lose 1e-12 relative; pairwise, 1e-16).
     */
    static final int PAIRWISE_BLOCK = 128;

    @Override
    public double sum(double[] a, int pa, int sa, int n) {
        if (n > PAIRWISE_BLOCK) {
            int h = n >>> 1;
            return sum(a, pa, sa, h) + sum(a, pa + h * sa, sa, n - h);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[pa + i * sa];
        }
        return s;
    }

    @Override
    public double dot(double[] a, int pa, int sa, double[] b, int pb, int sb, int n) {
        if (n > PAIRWISE_BLOCK) {
            int h = n >>> 1;
            return dot(a, pa, sa, b, pb, sb, h) + dot(a, pa + h * sa, sa, b, pb + h * sb, sb, n - h);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[pa + i * sa] * b[pb + i * sb];
        }
        return s;
    }

    @Override
    public void add(double[] o, int po, int so, double[] a, int pa, int sa, int n) {
        for (int i = 0; i < n; i++) {
            o[po + i * so] += a[pa + i * sa];
        }
    }

    @Override
    public void mulAdd(double[] o, int po, int so, double[] a, int pa, int sa, double[] b, int pb, int sb, int n) {
        for (int i = 0; i < n; i++) {
            o[po + i * so] += a[pa + i * sa] * b[pb + i * sb];
        }
    }
}
