package io.ricci.tensor;

/**
 * Innermost loops of einsum's direct strided path on @elem@ arrays. Element i of operand a is
 * {@code a[pa + i·sa]}; strides may be 0 (broadcast) or negative. Only {@code o} is modified.
 *
 * <p>Generated from {@code EinsumKernel_T.java} for each dtype.
 */
interface EinsumKernel@T@ {
    /** Returns {@code Σ_i a[pa+i·sa]} for i &lt; n. */
    @elem@ sum(@elem@[] a, int pa, int sa, int n);

    /** Returns {@code Σ_i a[pa+i·sa]·b[pb+i·sb]} for i &lt; n. */
    @elem@ dot(@elem@[] a, int pa, int sa, @elem@[] b, int pb, int sb, int n);

    /** {@code o[po+i·so] += a[pa+i·sa]} for i &lt; n; modifies {@code o}. */
    void add(@elem@[] o, int po, int so, @elem@[] a, int pa, int sa, int n);

    /** {@code o[po+i·so] += a[pa+i·sa]·b[pb+i·sb]} for i &lt; n; modifies {@code o}. */
    void mulAdd(@elem@[] o, int po, int so, @elem@[] a, int pa, int sa, @elem@[] b, int pb, int sb, int n);
}
