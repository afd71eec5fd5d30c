package io.ricci.tensor;

/**
 * The element-wise functions of issue 18 that are compositions of kernel ops: NumPy's {@code round}
 * with decimals, and the classification tests, which are comparisons so that they return what the
 * comparison ops return.
 */
final class MathOps {
    private MathOps() {
    }

    /**
     * NumPy's {@code round(x, decimals)}: {@code rint(x·10^d)/10^d} for {@code d ≥ 0} and
     * {@code rint(x/10^-d)·10^-d} below, in the dtype of {@code x} (so halves round to even, and a
     * decimal fraction not representable in binary rounds as NumPy's does).
     */
    static Tensor round(Tensor x, int decimals) {
        if (decimals == 0) {
            return ElementwiseOps.unary(UnaryOp.RINT, x);
        }
        double f = Math.pow(10, Math.abs(decimals));
        Tensor y = ElementwiseOps.binary(decimals > 0 ? BinaryOp.MUL : BinaryOp.DIV, x, f);
        ElementwiseOps.unaryInPlace(UnaryOp.RINT, y);
        return ElementwiseOps.binaryInPlace(decimals > 0 ? BinaryOp.DIV : BinaryOp.MUL, y, f);
    }

    /** {@link #round(Tensor, int)} in place. */
    static Tensor round_(Tensor x, int decimals) {
        if (decimals == 0) {
            return ElementwiseOps.unaryInPlace(UnaryOp.RINT, x);
        }
        double f = Math.pow(10, Math.abs(decimals));
        ElementwiseOps.binaryInPlace(decimals > 0 ? BinaryOp.MUL : BinaryOp.DIV, x, f);
        ElementwiseOps.unaryInPlace(UnaryOp.RINT, x);
        return ElementwiseOps.binaryInPlace(decimals > 0 ? BinaryOp.DIV : BinaryOp.MUL, x, f);
    }

    /** {@code x != x}: true exactly at NaN. */
    static Tensor isnan(Tensor x) {
        return ElementwiseOps.binary(BinaryOp.NE, x, x);
    }

    /** {@code |x| == inf}. */
    static Tensor isinf(Tensor x) {
        return ElementwiseOps.binary(BinaryOp.EQ, ElementwiseOps.unary(UnaryOp.ABS, x), Double.POSITIVE_INFINITY);
    }

    /** {@code |x| < inf}: false at ±inf and NaN. */
    static Tensor isfinite(Tensor x) {
        return ElementwiseOps.binary(BinaryOp.LT, ElementwiseOps.unary(UnaryOp.ABS, x), Double.POSITIVE_INFINITY);
    }
}
