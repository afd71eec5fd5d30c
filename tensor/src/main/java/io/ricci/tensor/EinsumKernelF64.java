package io.ricci.tensor;

/**
 * Innermost loops of einsum's direct strided path on double arrays. Element i of operand a is
 * {@code a[pa + i·sa]}; strides may be 0 (broadcast) or negative. Only {@code o} is modified.
 *
 * <p>The float32 class is generated from this file (tensor/pom.xml, generate-f32).
 */
interface EinsumKernelF64 {
    /** Returns {@code Σ_i a[pa+i·sa]} for i &lt; n. */
    double sum(double[] a, int pa, int sa, int n);

    /** Returns {@code Σ_i a[pa+i·sa]·b[pb+i·sb]} for i &lt; n. */
    double dot(double[] a, int pa, int sa, double[] b, int pb, int sb, int n);

    /** {@code o[po+i·so] += a[pa+i·sa]} for i &lt; n; modifies {@code o}. */
    void add(double[] o, int po, int so, double[] a, int pa, int sa, int n);

    /** {@code o[po+i·so] += a[pa+i·sa]·b[pb+i·sb]} for i &lt; n; modifies {@code o}. */
    void mulAdd(double[] o, int po, int so, double[] a, int pa, int sa, double[] b, int pb, int sb, int n);
}
