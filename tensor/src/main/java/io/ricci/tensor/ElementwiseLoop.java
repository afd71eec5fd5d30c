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
        forEach(r, 0, 0, shape[0]);
    }

    /** {@link #forEachParallel}'s dim for "do not split". */
    static final int SERIAL = -2;

    /**
     * {@link #forEachParallel} for element-wise ops, whose every element is written independently:
     * cuts the outermost dim, or the inner one when the loop is one run.
     */
    void forEachParallel(Run r) {
        forEachParallel(r, shape.length > 1 && shape[0] > 1 ? 0 : shape.length - 1);
    }

    /** Loops of fewer elements than this run on the calling thread. */
    static final int PARALLEL_MIN = 1 << 16;
    /** Each further thread gets at least this many elements. */
    private static final int PER_THREAD = 1 << 15;

    /**
     * {@link #forEach} with the runs shared out over {@link Parallel}'s threads when the loop is large:
     * dim {@code d} is cut into one contiguous index range per thread, every element is visited by
     * exactly one thread, and each run (or piece of the inner run) is handed to {@code r} as it would
     * be on one thread. {@code r} must therefore not depend on where a run starts or ends (element-wise
     * kernels give each element the same bits wherever the run is cut) and different index ranges of
     * dim {@code d} must write disjoint storage.
     *
     * @param d the dim to cut, or {@link #SERIAL} for one thread
     */
    void forEachParallel(Run r, int d) {
        if (size == 0) {
            return;
        }
        if (d == SERIAL) {
            forEach(r, 0, 0, shape[0]);
            return;
        }
        int dim = d;
        int tasks = size < PARALLEL_MIN ? 1 : Math.min(Math.min(Parallel.threads(), size / PER_THREAD), shape[dim]);
        if (tasks <= 1) {
            forEach(r, 0, 0, shape[0]);
            return;
        }
        int len = shape[dim];
        // Cut points rounded to 64 elements of an inner dim, so the SIMD main loops see whole vectors.
        int grain = dim == shape.length - 1 && len >= 64 * tasks ? 64 : 1;
        Parallel.run(tasks, t -> {
            int from = cut(len, tasks, t, grain);
            int to = cut(len, tasks, t + 1, grain);
            if (from < to) {
                forEach(r, dim, from, to);
            }
        });
    }

    private static int cut(int len, int tasks, int t, int grain) {
        if (t == tasks) {
            return len;
        }
        long c = (long) len * t / tasks;
        return (int) (c / grain * grain);
    }

    /** The runs of the sub-box where dim {@code cutDim}'s index is in {@code [from, to)}. */
    private void forEach(Run r, int cutDim, int from, int to) {
        int rank = shape.length;
        int nOps = offsets.length;
        int[] sh = shape;
        int[] pos = offsets.clone();
        if (cutDim != 0 || from != 0 || to != shape[0]) {
            sh = shape.clone();
            sh[cutDim] = to - from;
            for (int k = 0; k < nOps; k++) {
                pos[k] += from * strides[k][cutDim];
            }
        }
        int inner = sh[rank - 1];
        long total = 1;
        for (int s : sh) {
            total *= s;
        }
        int runs = inner == 0 ? 0 : (int) (total / inner);
        int[] idx = new int[rank];
        for (int run = 0; run < runs; run++) {
            r.run(pos, inner);
            for (int d = rank - 2; d >= 0; d--) {
                if (++idx[d] < sh[d]) {
                    for (int k = 0; k < nOps; k++) {
                        pos[k] += strides[k][d];
                    }
                    break;
                }
                idx[d] = 0;
                for (int k = 0; k < nOps; k++) {
                    pos[k] -= strides[k][d] * (sh[d] - 1);
                }
            }
        }
    }
}
