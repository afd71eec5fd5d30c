package io.ricci.tensor;

/**
 * Picks the elementwise kernels once per JVM (like Lucene's VectorizationProvider): the Vector API
 * implementation when the {@code jdk.incubator.vector} module is present, else the scalar reference.
 * {@code -Dricci.elementwise.scalar=true} forces the scalar kernels (to compare, or to work around a
 * JIT problem).
 */
final class ElementwiseProvider {
    /** The float32 kernels in use. */
    static final ElementwiseKernelsF32 F32;
    /** The float64 kernels in use. */
    static final ElementwiseKernelsF64 F64;

    static {
        ElementwiseKernelsF32 f = ElementwiseScalarF32.INSTANCE;
        ElementwiseKernelsF64 d = ElementwiseScalarF64.INSTANCE;
        if (vectorUsable()) {
            try {
                f = ElementwisePanamaF32.INSTANCE;
                d = ElementwisePanamaF64.INSTANCE;
            } catch (LinkageError e) {
                // The module was announced but its classes cannot be linked: keep the scalar kernels.
                f = ElementwiseScalarF32.INSTANCE;
                d = ElementwiseScalarF64.INSTANCE;
            }
        }
        F32 = f;
        F64 = d;
    }

    private ElementwiseProvider() {
    }

    private static boolean vectorUsable() {
        if (Boolean.getBoolean("ricci.elementwise.scalar")) {
            return false;
        }
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** True when the Vector API kernels were picked. */
    static boolean vectorized() {
        return F32 != ElementwiseScalarF32.INSTANCE;
    }
}
