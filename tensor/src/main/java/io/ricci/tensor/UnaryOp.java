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
    RECIPROCAL("reciprocal"),
    // issue 18: NumPy's ufuncs of one argument, computed with StrictMath (fdlibm, < 1 ulp) in double.
    SIN("sin"),
    COS("cos"),
    TAN("tan"),
    ARCSIN("arcsin"),
    ARCCOS("arccos"),
    ARCTAN("arctan"),
    SINH("sinh"),
    COSH("cosh"),
    FLOOR("floor"),
    CEIL("ceil"),
    /** Round half to even ({@code rint}, NumPy's {@code round} with 0 decimals). */
    RINT("rint"),
    TRUNC("trunc"),
    /** -1, 0 or 1 (0 for ±0); NaN stays NaN. */
    SIGN("sign"),
    LOG1P("log1p"),
    EXPM1("expm1"),
    LOG2("log2"),
    LOG10("log10"),
    /** The error function, {@link Erf}. */
    ERF("erf");

    /** The public name used in error messages. */
    final String opName;

    UnaryOp(String opName) {
        this.opName = opName;
    }
}
