package io.ricci.tensor;

/**
 * Reference {@link GemmKernelF64}: the textbook triple loop, each dot product accumulated in
 * float64 in order p = 0..k-1. It is the test oracle for the SIMD kernel and the fallback when
 * the Vector API module is absent; {@code threads} is ignored.
 *
 * <p>The float32 class is generated from this file (tensor/pom.xml, generate-f32).
 */
@SuppressWarnings("cast") // the widening casts are redundant here and needed in the float32 copy
final class GemmScalarF64 implements GemmKernelF64 {
    static final GemmScalarF64 INSTANCE = new GemmScalarF64();

    private GemmScalarF64() {
    }

    @Override
    public void gemm(int m, int n, int k, double alpha,
            double[] a, int aOff, int aRs, int aCs,
            double[] b, int bOff, int bRs, int bCs,
            double beta,
            double[] c, int cOff, int cRs, int cCs,
            int threads) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0; // stays double
                int ap = aOff + i * aRs;
                int bp = bOff + j * bCs;
                for (int p = 0; p < k; p++) {
                    acc += (double) a[ap + p * aCs] * (double) b[bp + p * bRs]; // stays double
                }
                int cp = cOff + i * cRs + j * cCs;
                double v = alpha * acc; // stays double
                if (beta != 0) {
                    v += beta * (double) c[cp]; // stays double
                }
                c[cp] = (double) v;
            }
        }
    }
}
