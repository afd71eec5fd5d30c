package io.ricci.tensor;

/**
 * The element-wise functions of two arguments that the elementwise kernels implement. The float
 * kernels' comparisons produce 1.0 where true and 0.0 where false, in the floating dtype of the
 * operands, which ElementwiseOps turns into the bool tensor NumPy returns (integer and bool
 * comparisons, in IntOps, give bool directly); NaN compares unequal to everything.
 */
enum BinaryOp {
    ADD("add"),
    SUB("sub"),
    MUL("mul"),
    DIV("div"),
    POW("pow"),
    /** {@code Math.max}: NaN if either is NaN (NumPy's {@code maximum}). */
    MAX("maximum"),
    MIN("minimum"),
    EQ("eq"),
    NE("ne"),
    LT("lt"),
    LE("le"),
    GT("gt"),
    GE("ge"),
    // issue 18
    ARCTAN2("arctan2"),
    HYPOT("hypot"),
    /** C's {@code fmod} (Java's {@code %}): the result has the sign of the dividend. */
    FMOD("fmod"),
    /** The larger of the two, ignoring a NaN (NaN only if both are). */
    FMAX("fmax"),
    FMIN("fmin");

    final String opName;

    BinaryOp(String opName) {
        this.opName = opName;
    }

    /** True for eq, ne, lt, le, gt, ge: the ops whose result is bool. */
    boolean isComparison() {
        return switch (this) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    /** The op with its operands swapped ({@code a op b == b op.swapped() a}), or null if none exists. */
    BinaryOp swapped() {
        return switch (this) {
            case ADD, MUL, MAX, MIN, EQ, NE, HYPOT, FMAX, FMIN -> this;
            case LT -> GT;
            case GT -> LT;
            case LE -> GE;
            case GE -> LE;
            default -> null;
        };
    }
}
