package io.ricci.tensor;

/**
 * General matrix multiply on double arrays with arbitrary element strides:
 * {@code C = alpha·A·B + beta·C}, where A is m×k, B is k×n and C is m×n.
 *
 * <p>Element {@code A[i][p]} is {@code a[aOff + i·aRs + p·aCs]}; B and C likewise. Strides may be
 * zero (broadcast) or negative for A and B; C must not alias A or B and its strides must map distinct
 * (i, j) to distinct positions. Only {@code c} is modified. When {@code beta == 0} the old contents of
 * C are ignored (NaN in C does not propagate), as in BLAS.
 *
 * <p>The float32 class is generated from this file (tensor/pom.xml, generate-f32).
 */
interface GemmKernelF64 {
    /**
     * Computes {@code C = alpha·A·B + beta·C} using at most {@code threads} threads; modifies {@code c}.
     */
    void gemm(int m, int n, int k, double alpha,
            double[] a, int aOff, int aRs, int aCs,
            double[] b, int bOff, int bRs, int bCs,
            double beta,
            double[] c, int cOff, int cRs, int cCs,
            int threads);
}
