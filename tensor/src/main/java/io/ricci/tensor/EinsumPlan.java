package io.ricci.tensor;

import java.util.List;

/**
 * How einsum runs for one spec, operand shapes and strides: the contraction order
 * ({@link #path()}) and, step by step, how each contraction was lowered ({@link #lowering()}): a
 * view, a direct strided loop over n terms, or a batched matrix product with the 3-D shapes it
 * multiplies and whether each operand was a view or a copy. The lowering is decided on the first
 * call for a spec, shapes and strides and cached beside the path; later calls replay it. Make one
 * with {@link Tensor#einsumPlan}.
 */
public final class EinsumPlan {
    private final EinsumPath path;
    private final List<String> lowering;
    /** The matrix products' operand order and label groups, in the order the steps reach them. */
    final List<Einsum.GemmChoice> gemms;

    EinsumPlan(EinsumPath path, List<String> lowering, List<Einsum.GemmChoice> gemms) {
        this.path = path;
        this.lowering = List.copyOf(lowering);
        this.gemms = List.copyOf(gemms);
    }

    /** The contraction order (NumPy's {@code einsum_path}). */
    public EinsumPath path() {
        return path;
    }

    /**
     * One line per action, in order: {@code "view"}, {@code "direct 2"} (a strided loop over two
     * terms), {@code "gemm (1,100,784)@(1,784,50) a=view b=copy"}, {@code "gemm into out"}.
     */
    public List<String> lowering() {
        return lowering;
    }

    /** The path as NumPy prints it, then the lowering. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(path.toString());
        sb.append(sb.charAt(sb.length() - 1) == '\n' ? "" : "\n").append("  Lowering:\n");
        for (String l : lowering) {
            sb.append("    ").append(l).append('\n');
        }
        return sb.toString();
    }
}
