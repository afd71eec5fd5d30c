package io.ricci.tensor;

/**
 * Element type of a {@link Tensor}: IEEE-754 binary32 or binary64, two's-complement int32 or int64,
 * or bool. Names and {@code .npy} descriptors are NumPy's.
 *
 * <p>Promotion follows NumPy 2 (NEP 50). Between arrays, {@link #promote} is {@code np.result_type}
 * on this lattice: bool &lt; int32 &lt; int64 and bool &lt; float32 &lt; float64, with an integer
 * and a float giving the smallest float that holds every value of the integer (int32 or int64 with
 * float32 gives float64, as NumPy does). A Java scalar argument is a "weak" Python scalar
 * ({@link #promoteWeak}): a double scalar keeps a float array's dtype and turns an integer or bool
 * array into float64; a long scalar keeps an integer array's dtype and turns a bool array into int64.
 */
public enum DType {
    F32(4, "float32", "<f4"),
    F64(8, "float64", "<f8"),
    I32(4, "int32", "<i4"),
    I64(8, "int64", "<i8"),
    BOOL(1, "bool", "|b1");

    private final int bytes;
    private final String numpyName;
    private final String npyDescr;

    DType(int bytes, String numpyName, String npyDescr) {
        this.bytes = bytes;
        this.numpyName = numpyName;
        this.npyDescr = npyDescr;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The NumPy name of this type, e.g. {@code float32}. */
    public String numpyName() {
        return numpyName;
    }

    /** The little-endian {@code .npy} descriptor, e.g. {@code <f4}. */
    public String npyDescr() {
        return npyDescr;
    }

    /** True for float32 and float64. */
    public boolean isFloat() {
        return this == F32 || this == F64;
    }

    /** True for int32 and int64. */
    public boolean isInteger() {
        return this == I32 || this == I64;
    }

    /** NumPy 2's {@code np.result_type(a, b)} for two arrays (see the class comment). */
    public static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (a == BOOL) {
            return b;
        }
        if (b == BOOL) {
            return a;
        }
        if (a.isFloat() && b.isFloat()) {
            return a == F64 || b == F64 ? F64 : F32;
        }
        if (a.isInteger() && b.isInteger()) {
            return I64;
        }
        return F64; // int with float: float32 cannot hold every int32, so NumPy gives float64
    }

    /**
     * NumPy 2's result dtype for an array of {@code array} with a Python scalar (NEP 50 "weak"
     * scalar): {@code floatScalar} for a Java double, false for a Java long/int.
     */
    public static DType promoteWeak(DType array, boolean floatScalar) {
        if (floatScalar) {
            return array.isFloat() ? array : F64;
        }
        return array == BOOL ? I64 : array;
    }

    /** Parses {@code f32}, {@code float32}, {@code f64}, {@code float64}, {@code int32}, {@code int64}, {@code bool}. */
    public static DType parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "f32", "float32", "float" -> F32;
            case "f64", "float64", "double" -> F64;
            case "i32", "int32", "int" -> I32;
            case "i64", "int64", "long" -> I64;
            case "bool", "boolean" -> BOOL;
            default -> throw new IllegalArgumentException(
                    "unknown dtype '" + name + "': expected f32, float32, f64, float64, int32, int64 or bool");
        };
    }
}
