package io.ricci.tensor;

/**
 * General matrix multiply on @elem@ arrays with arbitrary element strides:
 * {@code C = alpha·A·B + beta·C}, where A is m×k, B is k×n and C is m×n.
 *
 * <p>Element {@code A[i][p]} is {@code a[aOff + i·aRs + p·aCs]}; B and C likewise. Strides may be
 * zero (broadcast) or negative for A and B; C must not alias A or B and its strides must map distinct
 * (i, j) to distinct positions. Only {@code c} is modified. When {@code beta == 0} the old contents of
 * C are ignored (NaN in C does not propagate), as in BLAS.
 *
 * <p>Generated from {@code GemmKernel_T.java} for each dtype.
 */
interface GemmKernel@T@ {
    /**
     * Computes {@code C = alpha·A·B + beta·C} using at most {@code threads} threads; modifies {@code c}.
     */
    void gemm(int m, int n, int k, @elem@ alpha,
            @elem@[] a, int aOff, int aRs, int aCs,
            @elem@[] b, int bOff, int bRs, int bCs,
            @elem@ beta,
            @elem@[] c, int cOff, int cRs, int cCs,
            int threads);
}
