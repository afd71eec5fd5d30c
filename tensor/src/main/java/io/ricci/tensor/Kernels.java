package io.ricci.tensor;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Decides once per JVM, for every kernel family, between the Vector API kernels and the scalar
 * references (Lucene's VectorizationProvider shape), and says why when it falls back: one warning
 * on {@link System.Logger} ({@code io.ricci.tensor}) when the Vector API is missing or broken, since
 * the scalar kernels give the same results tens of times slower.
 *
 * <p>The Vector API kernels are used unless {@code -Dricci.vector=false}, the
 * {@code jdk.incubator.vector} module is not in the boot layer (the JVM was started without
 * {@code --add-modules jdk.incubator.vector}), the JIT's C2 compiler is off (the Vector API then
 * runs its Java fallback, slower than plain loops), or the vector classes cannot be linked.
 * {@code -Dricci.vector.bits=N} runs them at a narrower width than the machine's (tests use it to
 * run 256-bit kernels on an AVX-512 machine).
 */
final class Kernels {
    static final KernelSet SET = choose();

    static final ElementwiseKernelsF32 ELEMENTWISE_F32 = SET.elementwiseF32();
    static final ElementwiseKernelsF64 ELEMENTWISE_F64 = SET.elementwiseF64();
    static final GemmKernelF32 GEMM_F32 = SET.gemmF32();
    static final GemmKernelF64 GEMM_F64 = SET.gemmF64();
    static final EinsumKernelF32 EINSUM_F32 = SET.einsumF32();
    static final EinsumKernelF64 EINSUM_F64 = SET.einsumF64();

    private Kernels() {
    }

    /** True when the Vector API kernels are in use. */
    static boolean vectorized() {
        return SET.vectorBits() > 0;
    }

    private static KernelSet choose() {
        System.Logger log = System.getLogger("io.ricci.tensor");
        if ("false".equalsIgnoreCase(System.getProperty("ricci.vector"))) {
            return KernelSet.scalar("-Dricci.vector=false");
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            String why = "the module jdk.incubator.vector is not in this JVM";
            log.log(System.Logger.Level.WARNING, "Ricci runs its scalar kernels, tens of times slower: " + why
                    + "; start java with --add-modules jdk.incubator.vector (Ricci's jvm.options lists it)");
            return KernelSet.scalar(why + "; add --add-modules jdk.incubator.vector");
        }
        if (!c2Enabled()) {
            // A deliberate JVM setting (e.g. the CLI's C1-only derive): the reason goes to describe(), no warning.
            return KernelSet.scalar("the C2 compiler is off, under which the Vector API runs its slow Java fallback");
        }
        try {
            return (KernelSet) Class.forName("io.ricci.tensor.PanamaKernels").getDeclaredMethod("create").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = "the Vector API kernels could not be loaded: " + cause;
            log.log(System.Logger.Level.WARNING, "Ricci runs its scalar kernels, tens of times slower: " + why);
            return KernelSet.scalar(why);
        }
    }

    /** False when the JVM was told to stop at C1 or run interpreted. */
    private static boolean c2Enabled() {
        try {
            List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
            for (String a : args) {
                if (a.equals("-Xint") || a.startsWith("-XX:TieredStopAtLevel=") && !a.endsWith("=4")
                        || a.equals("-XX:-UseCompiler")) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            return true; // no management module: assume the default JIT
        }
    }
}
