package io.ricci.tensor;

/**
 * Reference {@link GemmKernel@T@}: the textbook triple loop, each dot product accumulated in
 * {@code double} in order p = 0..k-1. It is the test oracle for the SIMD kernel and the fallback when
 * the Vector API module is absent; {@code threads} is ignored.
 *
 * <p>Generated from {@code GemmScalar_T.java} for each dtype.
 */
final class GemmScalar@T@ implements GemmKernel@T@ {
    static final GemmScalar@T@ INSTANCE = new GemmScalar@T@();

    private GemmScalar@T@() {
    }

    @Override
    public void gemm(int m, int n, int k, @elem@ alpha,
            @elem@[] a, int aOff, int aRs, int aCs,
            @elem@[] b, int bOff, int bRs, int bCs,
            @elem@ beta,
            @elem@[] c, int cOff, int cRs, int cCs,
            int threads) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                int ap = aOff + i * aRs;
                int bp = bOff + j * bCs;
                for (int p = 0; p < k; p++) {
                    acc += (double) a[ap + p * aCs] * (double) b[bp + p * bRs];
                }
                int cp = cOff + i * cRs + j * cCs;
                double v = alpha * acc;
                if (beta != 0) {
                    v += beta * (double) c[cp];
                }
                c[cp] = (@elem@) v;
            }
        }
    }
}
