package io.ricci.tensor;

import jdk.incubator.vector.VectorShape;

/**
 * The Vector API kernels of every family, and the one vector shape they all use. Loaded by
 * {@link Kernels} through reflection, so that the rest of Ricci links without the incubator module.
 */
final class PanamaKernels {
    /**
     * The shape every kernel's species is made of: the machine's preferred one, or a narrower one
     * asked for with {@code -Dricci.vector.bits} (64 to the preferred width, a power of two).
     */
    static final VectorShape SHAPE = shape();

    /**
     * Whether GEMM uses its eight-row kernels (16 accumulators, which need 32 vector registers):
     * {@code -Dricci.gemm.eightRows=true|false}, else where vectors are 512 bits wide (AVX-512, the
     * only x86 vector extension with 32 registers).
     */
    static final boolean EIGHT_ROWS = eightRows();

    private PanamaKernels() {
    }

    private static VectorShape shape() {
        VectorShape preferred = VectorShape.preferredShape();
        String asked = System.getProperty("ricci.vector.bits");
        if (asked == null || asked.isBlank()) {
            return preferred;
        }
        int bits;
        try {
            bits = Integer.parseInt(asked.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ricci.vector.bits: not a number: '" + asked + "'");
        }
        if (bits < 64 || bits > preferred.vectorBitSize() || Integer.bitCount(bits) != 1) {
            throw new IllegalArgumentException("ricci.vector.bits: " + bits + " is not a power of two from 64 to "
                    + preferred.vectorBitSize() + " (this machine's widest vectors)");
        }
        return VectorShape.forBitSize(bits);
    }

    private static boolean eightRows() {
        String asked = System.getProperty("ricci.gemm.eightRows");
        if (asked != null && !asked.isBlank()) {
            return Boolean.parseBoolean(asked.strip());
        }
        return SHAPE.vectorBitSize() >= 512;
    }

    /** Called by {@link Kernels} through reflection. */
    static KernelSet create() {
        int bits = SHAPE.vectorBitSize();
        String why = System.getProperty("ricci.vector.bits") != null ? " (-Dricci.vector.bits; the machine's are "
                + VectorShape.preferredShape().vectorBitSize() + ")" : "";
        String desc = "Vector API, " + bits + "-bit vectors" + why + " (" + bits / 32 + " float32 / " + bits / 64
                + " float64 lanes), " + (EIGHT_ROWS ? "eight-row" : "four-row") + " GEMM kernels, blocking KC/MC/NC "
                + GemmPanamaF32.KC + "/" + GemmPanamaF32.MC + "/" + GemmPanamaF32.NC + " (float32), " + GemmPanamaF64.KC + "/"
                + GemmPanamaF64.MC + "/" + GemmPanamaF64.NC + " (float64) from " + CpuCaches.SYSTEM;
        return new KernelSet(ElementwisePanamaF32.INSTANCE, ElementwisePanamaF64.INSTANCE, new GemmPanamaF32(),
                new GemmPanamaF64(), EinsumPanamaF32.INSTANCE, EinsumPanamaF64.INSTANCE, bits, EIGHT_ROWS, desc);
    }
}
