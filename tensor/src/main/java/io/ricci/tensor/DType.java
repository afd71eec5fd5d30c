package io.ricci.tensor;

/** Element type of a {@link Tensor}: IEEE-754 binary32 or binary64. */
public enum DType {
    F32(4, "float32", "<f4"),
    F64(8, "float64", "<f8");

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

    /** NumPy type promotion restricted to floats: f32 with f64 gives f64. */
    public static DType promote(DType a, DType b) {
        return a == F64 || b == F64 ? F64 : F32;
    }

    /** Parses {@code f32}, {@code float32}, {@code f64}, {@code float64} (case-insensitive). */
    public static DType parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "f32", "float32", "float" -> F32;
            case "f64", "float64", "double" -> F64;
            default -> throw new IllegalArgumentException(
                    "unknown dtype '" + name + "': expected f32, float32, f64 or float64");
        };
    }
}
