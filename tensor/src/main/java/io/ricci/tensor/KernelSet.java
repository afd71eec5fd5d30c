package io.ricci.tensor;

/**
 * One implementation of every kernel family, chosen together: the scalar references or the Vector
 * API kernels ({@code PanamaKernels}, in the {@code src/vector/java} root).
 *
 * @param vectorBits the width of the vectors the kernels use, 0 for the scalar kernels
 * @param eightRows whether GEMM uses its eight-row micro-kernels (16 accumulators)
 * @param description what was chosen and why, for {@link Vectorization#describe()}
 */
record KernelSet(ElementwiseKernelsF32 elementwiseF32, ElementwiseKernelsF64 elementwiseF64, GemmKernelF32 gemmF32,
        GemmKernelF64 gemmF64, EinsumKernelF32 einsumF32, EinsumKernelF64 einsumF64, int vectorBits,
        boolean eightRows, String description) {

    /** The scalar reference kernels: the test oracle, and what runs without the Vector API. */
    static KernelSet scalar(String why) {
        return new KernelSet(ElementwiseScalarF32.INSTANCE, ElementwiseScalarF64.INSTANCE, GemmScalarF32.INSTANCE,
                GemmScalarF64.INSTANCE, EinsumScalarF32.INSTANCE, EinsumScalarF64.INSTANCE, 0, false,
                "scalar kernels (" + why + ")");
    }
}
