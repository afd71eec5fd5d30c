package io.ricci.tensor;

/** Associative reductions, accumulated in double whatever the element type. */
enum ReduceOp {
    SUM("sum", 0.0),
    PROD("prod", 1.0),
    /** NaN wins (NumPy's {@code max} propagates NaN). */
    MAX("max", Double.NEGATIVE_INFINITY),
    MIN("min", Double.POSITIVE_INFINITY);

    final String opName;
    /** The starting value of an accumulator; MAX and MIN refuse empty reductions instead of returning it. */
    final double identity;

    ReduceOp(String opName, double identity) {
        this.opName = opName;
        this.identity = identity;
    }

    /** Folds a partial result {@code b} into {@code a}. */
    double combine(double a, double b) {
        return switch (this) {
            case SUM -> a + b;
            case PROD -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }

    /** True for MAX and MIN, which have no value for an empty reduction. */
    boolean needsElements() {
        return this == MAX || this == MIN;
    }
}
