package io.ricci.tensor;

/**
 * Element-wise and reduction kernels over runs of {@code double} values: the inner 1-D loop that
 * {@link ElementwiseLoop} calls once per run. A run of length {@code n} of operand {@code x} is the
 * elements {@code x[xo + i·xs]}, {@code i < n}; strides may be 0 (broadcast) or negative.
 * {@link ElementwiseScalarF64} is the reference; {@link Kernels} picks the implementation once.
 * Only the output array is modified; it may be the same array as an input when the runs are identical.
 */
interface ElementwiseKernelsF64 {
    /** {@code y[yo + i·ys] = op(x[xo + i·xs])}. */
    void unary(UnaryOp op, double[] x, int xo, int xs, double[] y, int yo, int ys, int n);

    /** {@code y[yo + i·ys] = op(a[ao + i·as], b[bo + i·bs])}. */
    void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs,
                double[] y, int yo, int ys, int n);

    /**
     * {@code y[yo + i] = y[yo + i] + alpha·x[xo + i]} for unit-stride runs, the product rounded to
     * {@code double} before the sum (no FMA), so it equals adding {@code alpha·x} computed separately.
     */
    void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n);

    /** {@code y[yo + i·ys] = m[mo + i·ms] != 0 ? a[ao + i·as] : b[bo + i·bs]} (NaN counts as true). */
    void where(double[] m, int mo, int ms, double[] a, int ao, int as, double[] b, int bo, int bs,
               double[] y, int yo, int ys, int n);

    /** {@code op} folded over {@code x[xo + i·xs]} starting from {@code op.identity}, accumulated in float64. */
    double // stays double
    reduce(ReduceOp op, double[] x, int xo, int xs, int n);

    /** {@code acc[ao + i·as] = op.combine(acc[ao + i·as], x[xo + i·xs])}: the vertical step of a reduction. */
    void reduceInto(ReduceOp op,
            double[] acc, // stays double
            int ao, int as, double[] x, int xo, int xs, int n);

    /**
     * Softmax of one contiguous row: {@code y[yo+i] = exp(x[xo+i] - m) / Σ_j exp(x[xo+j] - m)} with
     * {@code m} the row maximum (0 if that is infinite); {@code n} must be positive. {@code y} may be {@code x}.
     */
    void softmax(double[] x, int xo, double[] y, int yo, int n);

    /**
     * Position {@code i < n} of the first largest ({@code max}) or smallest element of the run; the first
     * NaN wins (NumPy's argmax); {@code n} must be positive.
     */
    int argExtreme(boolean max, double[] x, int xo, int xs, int n);
}
