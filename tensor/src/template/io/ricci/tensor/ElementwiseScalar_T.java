package io.ricci.tensor;

/**
 * Plain-Java reference implementation of {@link ElementwiseKernels@T@}: one scalar expression per
 * element, in {@code @elem@} arithmetic with transcendental functions from {@link Math} rounded to
 * {@code @elem@}. It is the test oracle and the strided fallback of the vector implementation.
 */
@SuppressWarnings("cast") // a cast to @elem@ is needed in one generated dtype and redundant in the other
final class ElementwiseScalar@T@ implements ElementwiseKernels@T@ {
    static final ElementwiseScalar@T@ INSTANCE = new ElementwiseScalar@T@();

    private ElementwiseScalar@T@() {
    }

    /** The reference value of {@code op(x)}. */
    static @elem@ apply(UnaryOp op, @elem@ x) {
        return switch (op) {
            case NEG -> (@elem@) -x;
            case ABS -> Math.abs(x);
            case EXP -> (@elem@) Math.exp(x);
            case LOG -> (@elem@) Math.log(x);
            case SQRT -> (@elem@) Math.sqrt(x);
            case TANH -> (@elem@) Math.tanh(x);
            case RELU -> Math.max(x, (@elem@) 0);
            case SIGMOID -> sigmoid(x);
            case SQUARE -> (@elem@) (x * x);
            case RECIPROCAL -> (@elem@) (1 / x);
        };
    }

    private static @elem@ sigmoid(@elem@ x) {
        @elem@ e = (@elem@) Math.exp(-Math.abs(x));
        @elem@ r = (@elem@) (1 / (1 + e));
        return x >= 0 ? r : (@elem@) (e * r);
    }

    /** The reference value of {@code op(a, b)}; comparisons give 1 or 0. */
    static @elem@ apply(BinaryOp op, @elem@ a, @elem@ b) {
        return switch (op) {
            case ADD -> (@elem@) (a + b);
            case SUB -> (@elem@) (a - b);
            case MUL -> (@elem@) (a * b);
            case DIV -> (@elem@) (a / b);
            case POW -> (@elem@) Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
        };
    }

    @Override
    public void unary(UnaryOp op, @elem@[] x, int xo, int xs, @elem@[] y, int yo, int ys, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = apply(op, x[xo + i * xs]);
        }
    }

    @Override
    public void binary(BinaryOp op, @elem@[] a, int ao, int as, @elem@[] b, int bo, int bs,
                       @elem@[] y, int yo, int ys, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = apply(op, a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void where(@elem@[] m, int mo, int ms, @elem@[] a, int ao, int as, @elem@[] b, int bo, int bs,
                      @elem@[] y, int yo, int ys, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = m[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    @Override
    public double reduce(ReduceOp op, @elem@[] x, int xo, int xs, int n) {
        double acc = op.identity;
        for (int i = 0; i < n; i++) {
            acc = op.combine(acc, x[xo + i * xs]);
        }
        return acc;
    }

    @Override
    public void reduceInto(ReduceOp op, double[] acc, int ao, int as, @elem@[] x, int xo, int xs, int n) {
        for (int i = 0; i < n; i++) {
            acc[ao + i * as] = op.combine(acc[ao + i * as], x[xo + i * xs]);
        }
    }

    @Override
    public void softmax(@elem@[] x, int xo, @elem@[] y, int yo, int n) {
        double m = reduce(ReduceOp.MAX, x, xo, 1, n);
        @elem@ shift = (@elem@) (Double.isInfinite(m) ? 0 : m);
        double s = 0;
        for (int i = 0; i < n; i++) {
            @elem@ e = (@elem@) Math.exp((@elem@) (x[xo + i] - shift));
            y[yo + i] = e;
            s += e;
        }
        @elem@ total = (@elem@) s;
        for (int i = 0; i < n; i++) {
            y[yo + i] = (@elem@) (y[yo + i] / total);
        }
    }

    @Override
    public int argExtreme(boolean max, @elem@[] x, int xo, int xs, int n) {
        int best = 0;
        @elem@ bv = x[xo];
        for (int i = 1; i < n && bv == bv; i++) {
            @elem@ v = x[xo + i * xs];
            if (v != v || (max ? v > bv : v < bv)) {
                best = i;
                bv = v;
            }
        }
        return best;
    }
}
