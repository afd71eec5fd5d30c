package io.ricci.tensor;

/**
 * Picks the GEMM implementation once per JVM: the Vector API kernels when the
 * {@code jdk.incubator.vector} module is present (and the system property {@code ricci.vector} is not
 * {@code false}), otherwise the scalar reference kernels.
 */
final class Gemm {
    /** The float32 kernel used by {@link LinalgOps}. */
    static final GemmKernelF32 F32;
    /** The float64 kernel used by {@link LinalgOps}. */
    static final GemmKernelF64 F64;
    /** True when {@link #F32}/{@link #F64} are the Vector API kernels. */
    static final boolean VECTORIZED;

    static {
        GemmKernelF32 f32 = GemmScalarF32.INSTANCE;
        GemmKernelF64 f64 = GemmScalarF64.INSTANCE;
        boolean vec = false;
        if (!"false".equalsIgnoreCase(System.getProperty("ricci.vector"))
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                // Reflection keeps this class loadable when the incubator module is absent.
                f32 = (GemmKernelF32) Class.forName("io.ricci.tensor.GemmPanamaF32")
                        .getDeclaredConstructor().newInstance();
                f64 = (GemmKernelF64) Class.forName("io.ricci.tensor.GemmPanamaF64")
                        .getDeclaredConstructor().newInstance();
                vec = true;
            } catch (ReflectiveOperationException | LinkageError e) {
                f32 = GemmScalarF32.INSTANCE;
                f64 = GemmScalarF64.INSTANCE;
            }
        }
        F32 = f32;
        F64 = f64;
        VECTORIZED = vec;
    }

    private Gemm() {
    }
}
