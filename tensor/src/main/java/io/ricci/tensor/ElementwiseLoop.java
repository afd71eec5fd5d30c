package io.ricci.tensor;

/**
 * The iteration geometry shared by element-wise ops and reductions, in the manner of NumPy's nditer
 * and PyTorch's TensorIterator: several operands of one (broadcast) shape are walked together as
 * runs along one inner dimension, each operand with its own stride.
 *
 * <p>Construction drops size-1 dims, orders the remaining dims by the decreasing stride magnitude
 * of one chosen operand (so that the walk follows its memory order, innermost = smallest stride),
 * then merges adjacent dims that are contiguous with each other in every operand
 * ({@code stride[d] == stride[d+1]·shape[d+1]}), so a fully contiguous op becomes one run.
 */
final class ElementwiseLoop {
    /** Called once per run: {@code pos[k]} is operand k's storage position of the run's first element. */
    @FunctionalInterface
    interface Run {
        void run(int[] pos, int n);
    }

    private final int[] shape;
    private final int[][] strides;
    private final int[] offsets;
    private final int size;

    private ElementwiseLoop(int[] shape, int[][] strides, int[] offsets, int size) {
        this.shape = shape;
        this.strides = strides;
        this.offsets = offsets;
        this.size = size;
    }

    /**
     * Geometry for {@code operands}, which must all have shape {@code shape} (broadcast them first).
     *
     * @param orderBy     the operand whose memory order the walk follows, or -1 to keep the dim order
     * @param keepInner   when true the last dim stays the inner run even if it has size 1 and is never
     *                    merged with another (for reductions that need one run per output element)
     */
    static ElementwiseLoop of(int[] shape, Layout[] operands, int orderBy, boolean keepInner) {
        int nOps = operands.length;
        int rank = shape.length;
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        int[][] st = new int[nOps][];
        int[] off = new int[nOps];
        for (int k = 0; k < nOps; k++) {
            st[k] = operands[k].strides();
            off[k] = operands[k].offset();
        }
        // Dims that matter, in the order they will be walked (outermost first).
        int[] dims = new int[rank];
        int nd = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] != 1 || (keepInner && d == rank - 1)) {
                dims[nd++] = d;
            }
        }
        int sortable = keepInner && nd > 0 ? nd - 1 : nd;
        if (orderBy >= 0) {
            int[] key = st[orderBy];
            for (int i = 1; i < sortable; i++) {
                int d = dims[i];
                int j = i;
                while (j > 0 && Math.abs(key[dims[j - 1]]) < Math.abs(key[d])) {
                    dims[j] = dims[j - 1];
                    j--;
                }
                dims[j] = d;
            }
        }
        // Merge from the inside out.
        int[] cs = new int[Math.max(nd, 1)];
        int[][] cst = matrix(nOps, Math.max(nd, 1));
        int m = 0;
        for (int i = nd - 1; i >= 0; i--) {
            int d = dims[i];
            boolean merge = m > 0 && !(keepInner && m == 1 && i == nd - 2);
            if (merge) {
                int inner = m - 1;
                for (int k = 0; k < nOps && merge; k++) {
                    merge = st[k][d] == cst[k][inner] * cs[inner];
                }
            }
            if (merge) {
                cs[m - 1] *= shape[d];
            } else {
                cs[m] = shape[d];
                for (int k = 0; k < nOps; k++) {
                    cst[k][m] = st[k][d];
                }
                m++;
            }
        }
        if (m == 0) {
            cs[0] = 1;
            m = 1;
        }
        // cs/cst are innermost-first; flip to outermost-first.
        int[] fs = new int[m];
        int[][] fst = matrix(nOps, m);
        for (int i = 0; i < m; i++) {
            fs[i] = cs[m - 1 - i];
            for (int k = 0; k < nOps; k++) {
                fst[k][i] = cst[k][m - 1 - i];
            }
        }
        return new ElementwiseLoop(fs, fst, off, size);
    }

    /**
     * The order in which to lay out a fresh result so that it follows the inputs' memory order
     * (NumPy's "K" order, PyTorch's stride propagation): dims sorted outermost-first by decreasing
     * stride of the first input that tells them apart (stride-0 and size-1 dims tell nothing); ties
     * keep the natural order, so row-major inputs give the identity and a row-major result.
     *
     * @param inputs layouts already broadcast to {@code shape}
     */
    static int[] memoryOrder(int[] shape, Layout... inputs) {
        int rank = shape.length;
        int[] perm = new int[rank];
        for (int d = 0; d < rank; d++) {
            perm[d] = d;
        }
        int[][] st = new int[inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            st[k] = inputs[k].strides();
        }
        for (int i = 1; i < rank; i++) {
            int d = perm[i];
            int j = i;
            while (j > 0 && innerThan(perm[j - 1], d, shape, st)) {
                perm[j] = perm[j - 1];
                j--;
            }
            perm[j] = d;
        }
        return perm;
    }

    /** True when dim {@code a} (now outside {@code b}) should go inside it: an input strides it less. */
    private static boolean innerThan(int a, int b, int[] shape, int[][] st) {
        if (shape[a] == 1 || shape[b] == 1) {
            return false;
        }
        for (int[] s : st) {
            int x = Math.abs(s[a]);
            int y = Math.abs(s[b]);
            if (x != 0 && y != 0 && x != y) {
                return x < y;
            }
        }
        return false;
    }

    /** {@code new int[rows][cols]} without the multianewarray runtime call C2 makes for it (~100 ns). */
    private static int[][] matrix(int rows, int cols) {
        int[][] a = new int[rows][];
        for (int i = 0; i < rows; i++) {
            a[i] = new int[cols];
        }
        return a;
    }

    /** Stride of operand {@code k} along the inner run. */
    int innerStride(int k) {
        return strides[k][shape.length - 1];
    }

    /** Length of every run. */
    int innerSize() {
        return shape[shape.length - 1];
    }

    /** Size of dim {@code d} after dropping and merging. */
    int size(int d) {
        return shape[d];
    }

    /** Stride of operand {@code k} along dim {@code d} after dropping and merging. */
    int stride(int k, int d) {
        return strides[k][d];
    }

    /** Storage position of operand {@code k}'s first element. */
    int offset(int k) {
        return offsets[k];
    }

    /** Rank after dropping and merging dims (at least 1). */
    int rank() {
        return shape.length;
    }

    /** Calls {@code r} for every run, outer dims in odometer order; nothing for an empty shape. */
    void forEach(Run r) {
        if (size == 0) {
            return;
        }
        int rank = shape.length;
        int nOps = offsets.length;
        int inner = shape[rank - 1];
        int[] pos = offsets.clone();
        int[] idx = new int[rank];
        int runs = size / inner;
        for (int run = 0; run < runs; run++) {
            r.run(pos, inner);
            for (int d = rank - 2; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    for (int k = 0; k < nOps; k++) {
                        pos[k] += strides[k][d];
                    }
                    break;
                }
                idx[d] = 0;
                for (int k = 0; k < nOps; k++) {
                    pos[k] -= strides[k][d] * (shape[d] - 1);
                }
            }
        }
    }
}
