package io.ricci.tensor;

/**
 * Element-wise and reduction kernels over runs of {@code @elem@} values: the inner 1-D loop that
 * {@link ElementwiseLoop} calls once per run. A run of length {@code n} of operand {@code x} is the
 * elements {@code x[xo + i·xs]}, {@code i < n}; strides may be 0 (broadcast) or negative.
 * {@link ElementwiseScalar@T@} is the reference; {@link ElementwiseProvider} picks the implementation once.
 * Only the output array is modified; it may be the same array as an input when the runs are identical.
 */
interface ElementwiseKernels@T@ {
    /** {@code y[yo + i·ys] = op(x[xo + i·xs])}. */
    void unary(UnaryOp op, @elem@[] x, int xo, int xs, @elem@[] y, int yo, int ys, int n);

    /** {@code y[yo + i·ys] = op(a[ao + i·as], b[bo + i·bs])}. */
    void binary(BinaryOp op, @elem@[] a, int ao, int as, @elem@[] b, int bo, int bs,
                @elem@[] y, int yo, int ys, int n);

    /**
     * {@code y[yo + i] = y[yo + i] + alpha·x[xo + i]} for unit-stride runs, the product rounded to
     * {@code @elem@} before the sum (no FMA), so it equals adding {@code alpha·x} computed separately.
     */
    void axpy(@elem@ alpha, @elem@[] x, int xo, @elem@[] y, int yo, int n);

    /** {@code y[yo + i·ys] = m[mo + i·ms] != 0 ? a[ao + i·as] : b[bo + i·bs]} (NaN counts as true). */
    void where(@elem@[] m, int mo, int ms, @elem@[] a, int ao, int as, @elem@[] b, int bo, int bs,
               @elem@[] y, int yo, int ys, int n);

    /** {@code op} folded over {@code x[xo + i·xs]} starting from {@code op.identity}, accumulated in double. */
    double reduce(ReduceOp op, @elem@[] x, int xo, int xs, int n);

    /** {@code acc[ao + i·as] = op.combine(acc[ao + i·as], x[xo + i·xs])}: the vertical step of a reduction. */
    void reduceInto(ReduceOp op, double[] acc, int ao, int as, @elem@[] x, int xo, int xs, int n);

    /**
     * Softmax of one contiguous row: {@code y[yo+i] = exp(x[xo+i] - m) / Σ_j exp(x[xo+j] - m)} with
     * {@code m} the row maximum (0 if that is infinite); {@code n} must be positive. {@code y} may be {@code x}.
     */
    void softmax(@elem@[] x, int xo, @elem@[] y, int yo, int n);

    /**
     * Position {@code i < n} of the first largest ({@code max}) or smallest element of the run; the first
     * NaN wins (NumPy's argmax); {@code n} must be positive.
     */
    int argExtreme(boolean max, @elem@[] x, int xo, int xs, int n);
}
