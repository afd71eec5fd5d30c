package io.ricci.tensor;

/**
 * einsum's direct strided loop on @elem@ arrays: for every point of a loop space (dims outer to
 * inner) {@code out[po] += Π_t op_t[p_t]}, where each position advances by its own stride per dim (0
 * for a label the operand or output lacks, the sum of strides for a repeated label, i.e. a diagonal).
 * The innermost dim runs in an {@link EinsumKernel@T@} call; three or more operands use a scalar
 * product loop. Generated from {@code EinsumLoop_T.java}.
 */
final class EinsumLoop@T@ {
    /** The SIMD kernels unless {@code -Dricci.einsum.scalar=true} (picked once). */
    static final EinsumKernel@T@ KERNEL = Boolean.getBoolean("ricci.einsum.scalar")
            ? EinsumScalar@T@.INSTANCE : EinsumPanama@T@.INSTANCE;

    private EinsumLoop@T@() {
    }

    /**
     * Accumulates into {@code out}: {@code out[outOff + Σ_d i_d·outStrides[d]] += Π_t ops[t][offs[t] +
     * Σ_d i_d·strides[t][d]]} over all {@code 0 <= i_d < dims[d]}; modifies {@code out} only.
     */
    static void run(EinsumKernel@T@ k, int[] dims, @elem@[][] ops, int[] offs, int[][] strides,
            @elem@[] out, int outOff, int[] outStrides) {
        int rank = dims.length;
        for (int d : dims) {
            if (d == 0) {
                return;
            }
        }
        int nOps = ops.length;
        if (rank == 0) {
            @elem@ p = 1;
            for (int t = 0; t < nOps; t++) {
                p *= ops[t][offs[t]];
            }
            out[outOff] += p;
            return;
        }
        int inner = rank - 1;
        int n = dims[inner];
        int so = outStrides[inner];
        int[] pos = offs.clone();
        int po = outOff;
        int[] idx = new int[rank];
        int[] inStr = new int[nOps];
        for (int t = 0; t < nOps; t++) {
            inStr[t] = strides[t][inner];
        }
        while (true) {
            if (nOps == 1) {
                if (so == 0) {
                    out[po] += k.sum(ops[0], pos[0], inStr[0], n);
                } else {
                    k.add(out, po, so, ops[0], pos[0], inStr[0], n);
                }
            } else if (nOps == 2) {
                if (so == 0) {
                    out[po] += k.dot(ops[0], pos[0], inStr[0], ops[1], pos[1], inStr[1], n);
                } else {
                    k.mulAdd(out, po, so, ops[0], pos[0], inStr[0], ops[1], pos[1], inStr[1], n);
                }
            } else {
                product(ops, pos, inStr, out, po, so, n);
            }
            // Odometer over the outer dims.
            int ax = inner - 1;
            for (; ax >= 0; ax--) {
                idx[ax]++;
                po += outStrides[ax];
                for (int t = 0; t < nOps; t++) {
                    pos[t] += strides[t][ax];
                }
                if (idx[ax] < dims[ax]) {
                    break;
                }
                po -= outStrides[ax] * dims[ax];
                for (int t = 0; t < nOps; t++) {
                    pos[t] -= strides[t][ax] * dims[ax];
                }
                idx[ax] = 0;
            }
            if (ax < 0) {
                return;
            }
        }
    }

    /** {@code out[po+i·so] += Π_t ops[t][pos[t]+i·str[t]]} for any operand count. */
    private static void product(@elem@[][] ops, int[] pos, int[] str, @elem@[] out, int po, int so, int n) {
        int nOps = ops.length;
        for (int i = 0; i < n; i++) {
            @elem@ p = ops[0][pos[0] + i * str[0]];
            for (int t = 1; t < nOps; t++) {
                p *= ops[t][pos[t] + i * str[t]];
            }
            out[po + i * so] += p;
        }
    }
}
