package io.ricci.tensor;

/** The element-wise functions of one argument that the elementwise kernels implement. */
enum UnaryOp {
    NEG("neg"),
    ABS("abs"),
    EXP("exp"),
    LOG("log"),
    SQRT("sqrt"),
    TANH("tanh"),
    /** {@code max(x, 0)}; NaN stays NaN (Math.max semantics). */
    RELU("relu"),
    /** {@code 1/(1+exp(-x))}, computed as {@code r = 1/(1+e)}, {@code e = exp(-|x|)}, then {@code r} for x ≥ 0, {@code e·r} otherwise, so no exp overflows. */
    SIGMOID("sigmoid"),
    SQUARE("square"),
    RECIPROCAL("reciprocal");

    /** The public name used in error messages. */
    final String opName;

    UnaryOp(String opName) {
        this.opName = opName;
    }
}
