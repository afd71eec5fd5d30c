package io.ricci.tensor;

/**
 * Plain-loop reference implementation of {@link EinsumKernel@T@} (the oracle for the SIMD one, and
 * the path for non-unit strides). Generated from {@code EinsumScalar_T.java}.
 */
final class EinsumScalar@T@ implements EinsumKernel@T@ {
    static final EinsumScalar@T@ INSTANCE = new EinsumScalar@T@();

    private EinsumScalar@T@() {
    }

    @Override
    public @elem@ sum(@elem@[] a, int pa, int sa, int n) {
        @elem@ s = 0;
        for (int i = 0; i < n; i++) {
            s += a[pa + i * sa];
        }
        return s;
    }

    @Override
    public @elem@ dot(@elem@[] a, int pa, int sa, @elem@[] b, int pb, int sb, int n) {
        @elem@ s = 0;
        for (int i = 0; i < n; i++) {
            s += a[pa + i * sa] * b[pb + i * sb];
        }
        return s;
    }

    @Override
    public void add(@elem@[] o, int po, int so, @elem@[] a, int pa, int sa, int n) {
        for (int i = 0; i < n; i++) {
            o[po + i * so] += a[pa + i * sa];
        }
    }

    @Override
    public void mulAdd(@elem@[] o, int po, int so, @elem@[] a, int pa, int sa, @elem@[] b, int pb, int sb, int n) {
        for (int i = 0; i < n; i++) {
            o[po + i * so] += a[pa + i * sa] * b[pb + i * sb];
        }
    }
}
