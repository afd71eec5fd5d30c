package io.ricci.tensor;

/**
 * einsum's direct strided loop on double arrays: for every point of a loop space (dims outer to
 * inner) {@code out[po] += Π_t op_t[p_t]}, where each position advances by its own stride per dim (0
 * for a label the operand or output lacks, the sum of strides for a repeated label, i.e. a diagonal).
 * The innermost dim runs in an {@link EinsumKernelF64} call; three or more operands use a scalar
 * product loop. The float32 class is generated from this file (tensor/pom.xml, generate-f32).
 */
final class EinsumLoopF64 {
    /** The kernels {@link Kernels} picked. */
    static final EinsumKernelF64 KERNEL = Kernels.EINSUM_F64;

    private EinsumLoopF64() {
    }

    /**
     * Accumulates into {@code out}: {@code out[outOff + Σ_d i_d·outStrides[d]] += Π_t ops[t][offs[t] +
     * Σ_d i_d·strides[t][d]]} over all {@code 0 <= i_d < dims[d]}; modifies {@code out} only.
     */
    static void run(EinsumKernelF64 k, int[] dims, double[][] ops, int[] offs, int[][] strides,
            double[] out, int outOff, int[] outStrides) {
        int rank = dims.length;
        for (int d : dims) {
            if (d == 0) {
                return;
            }
        }
        int nOps = ops.length;
        if (rank == 0) {
            double p = 1;
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
    private static void product(double[][] ops, int[] pos, int[] str, double[] out, int po, int so, int n) {
        int nOps = ops.length;
        for (int i = 0; i < n; i++) {
            double p = ops[0][pos[0] + i * str[0]];
            for (int t = 1; t < nOps; t++) {
                p *= ops[t][pos[t] + i * str[t]];
            }
            out[po + i * so] += p;
        }
    }
}
