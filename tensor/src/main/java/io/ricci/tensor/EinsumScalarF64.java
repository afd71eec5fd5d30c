package io.ricci.tensor;

/**
 * Plain-loop reference implementation of {@link EinsumKernelF64} (the oracle for the SIMD one, and
 * the path for non-unit strides). The float32 class is generated from this file (tensor/pom.xml, generate-f32).
 */
final class EinsumScalarF64 implements EinsumKernelF64 {
    static final EinsumScalarF64 INSTANCE = new EinsumScalarF64();

    private EinsumScalarF64() {
    }

    @Override
    public double sum(double[] a, int pa, int sa, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[pa + i * sa];
        }
        return s;
    }

    @Override
    public double dot(double[] a, int pa, int sa, double[] b, int pb, int sb, int n) {
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
