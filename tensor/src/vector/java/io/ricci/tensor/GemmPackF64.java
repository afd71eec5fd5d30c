package io.ricci.tensor;

import static io.ricci.tensor.GemmPanamaF64.L;
import static io.ricci.tensor.GemmPanamaF64.MR;
import static io.ricci.tensor.GemmPanamaF64.NR;
import static io.ricci.tensor.GemmPanamaF64.S;
import static io.ricci.tensor.GemmPanamaF64.SM;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;

/**
 * Packing for {@link GemmPanamaF64}: A into MR-row panels (scaled by alpha) and B into NR-column
 * panels, read through any strides (transposed, stepped and broadcast operands need no contiguous
 * copy), with vector gathers where a stride is not 1 and zero padding at the edges.
 *
 * <p>The float32 class is generated from this file (tensor/pom.xml, generate-f32).
 */
final class GemmPackF64 {
    private GemmPackF64() {
    }

    /**
     * Packs the mc×kc block of A at {@code a[base + i·rs + p·cs]}, times alpha, into MR-row panels:
     * element (i, p) goes to {@code ap[(i/MR)·MR·kc + p·MR + i%MR]}; rows past mc, up to a multiple of
     * 2·MR, are zero (so {@code ap} needs room for that many rows).
     */
    static void packA(double[] a, int base, int rs, int cs, int mc, int kc, double alpha, double[] ap) {
        int[] idx = null;
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int dst = ir * kc;
            if (mr == MR && Math.abs(cs) <= Math.abs(rs)) {
                if (idx == null) {
                    // Lane q·MR + r of a gather reads row r at step q of k.
                    idx = new int[L];
                    for (int q = 0; q < L / MR; q++) {
                        for (int r = 0; r < MR; r++) {
                            idx[q * MR + r] = r * rs + q * cs;
                        }
                    }
                }
                packPanelRows(a, base + ir * rs, rs, cs, kc, alpha, ap, dst, idx);
            } else if (mr == MR && rs == 1) {
                // A transposed A (columns contiguous): the MR elements of each step of k are adjacent.
                DoubleVector av = DoubleVector.broadcast(SM, alpha);
                int src = base + ir;
                for (int p = 0; p < kc; p++) {
                    DoubleVector.fromArray(SM, a, src + p * cs).mul(av).intoArray(ap, dst + p * MR);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = base + ir * rs + p * cs;
                    int d = dst + p * MR;
                    for (int r = 0; r < mr; r++) {
                        ap[d + r] = alpha * a[src + r * rs];
                    }
                    for (int r = mr; r < MR; r++) {
                        ap[d + r] = 0;
                    }
                }
            }
        }
        // The narrow kernels take two panels at a time: an odd count gets a zero panel after it.
        int panels = (mc + MR - 1) / MR;
        if (panels % 2 == 1) {
            java.util.Arrays.fill(ap, panels * MR * kc, (panels + 1) * MR * kc, (double) 0);
        }
    }

    /**
     * One full MR-row panel of an A whose rows are further apart than its columns (row-major): each
     * vector gathers L/MR steps of k for all MR rows, already in packed order; the last kc mod L/MR
     * steps are copied one by one.
     */
    static void packPanelRows(double[] a, int src, int rs, int cs, int kc, double alpha, double[] ap, int dst,
            int[] idx) {
        int steps = L / MR;
        int whole = kc / steps * steps;
        DoubleVector av = DoubleVector.broadcast(S, alpha);
        for (int p = 0; p < whole; p += steps) {
            DoubleVector.fromArray(S, a, src + p * cs, idx, 0).mul(av).intoArray(ap, dst + p * MR);
        }
        for (int p = whole; p < kc; p++) {
            for (int r = 0; r < MR; r++) {
                ap[dst + p * MR + r] = alpha * a[src + r * rs + p * cs];
            }
        }
    }

    /**
     * Packs the kc×nc block of B at {@code b[base + p·rs + j·cs]} into NR-column panels: element
     * (p, j) goes to {@code bp[bpOff + (j/NR)·NR·kc + p·NR + j%NR]}; a last panel of at most L columns is
     * packed L wide instead (for the one-vector edge kernel); columns past nc are zero.
     */
    static void packB(double[] b, int base, int rs, int cs, int kc, int nc, double[] bp, int bpOff) {
        int full = nc / NR * NR;
        if (cs == 1) {
            // Row by row across all panels: B is read sequentially (a panel at a time would read one
            // cache line per row at a stride of a whole row, which defeats the prefetchers).
            for (int p = 0; p < kc; p++) {
                packRowContiguous(b, base + p * rs, full, kc, bp, bpOff + p * NR);
            }
        } else if (Math.abs(rs) < Math.abs(cs)) {
            // A transposed B (columns along k, e.g. Wᵀ in dY·Wᵀ): the NR columns of each row of a
            // panel are gathered, two vectors per row, and the panel is written sequentially (a
            // column-by-column copy with strided stores took three times as long).
            int[] idx = columnOffsets(NR, cs);
            for (int jp = 0; jp < full; jp += NR) {
                int d = bpOff + jp * kc;
                int s0 = base + jp * cs;
                for (int p = 0; p < kc; p++, d += NR) {
                    DoubleVector.fromArray(S, b, s0 + p * rs, idx, 0).intoArray(bp, d);
                    DoubleVector.fromArray(S, b, s0 + p * rs, idx, L).intoArray(bp, d + L);
                }
            }
        } else {
            for (int p = 0; p < kc; p++) {
                int s = base + p * rs;
                for (int j = 0; j < full; j++) {
                    bp[bpOff + (j / NR) * NR * kc + p * NR + j % NR] = b[s + j * cs];
                }
            }
        }
        if (full < nc) {
            int nr = nc - full;
            int w = nr <= L ? L : NR;
            int dst = bpOff + full * kc;
            if (cs == 1) {
                packEdgeContiguous(b, base + full, rs, kc, nr, w, bp, dst);
                return;
            }
            if (Math.abs(rs) < Math.abs(cs)) {
                // Masked gathers: lanes past nr come back zero (the padding). Their offsets are 0,
                // not past the end, because the gather range-checks every lane, masked or not.
                int[] idx = columnOffsets(NR, cs);
                java.util.Arrays.fill(idx, nr, NR, 0);
                VectorMask<Double> m0 = S.indexInRange(0, nr);
                VectorMask<Double> m1 = S.indexInRange(L, nr);
                int s0 = base + full * cs;
                for (int p = 0; p < kc; p++) {
                    int d = dst + p * w;
                    DoubleVector.fromArray(S, b, s0 + p * rs, idx, 0, m0).intoArray(bp, d);
                    if (w > L) {
                        DoubleVector.fromArray(S, b, s0 + p * rs, idx, L, m1).intoArray(bp, d + L);
                    }
                }
                return;
            }
            for (int p = 0; p < kc; p++) {
                int s = base + p * rs + full * cs;
                int d = dst + p * w;
                for (int j = 0; j < nr; j++) {
                    bp[d + j] = b[s + j * cs];
                }
                for (int j = nr; j < w; j++) {
                    bp[d + j] = 0;
                }
            }
        }
    }

    /**
     * The last, partial panel of a B with unit column stride: row p's {@code nr} values from
     * {@code b[src + p·rs]} into {@code bp[dst + p·w ...]}, zero-padded to {@code w} columns. Whole
     * vectors where they fit inside the row (a scalar loop per element cost a third of the MNIST
     * product 100x784 · 784x50, whose last panel is 18 columns padded to 32).
     */
    static void packEdgeContiguous(double[] b, int src, int rs, int kc, int nr, int w, double[] bp, int dst) {
        int whole = nr / L * L;
        DoubleVector zero = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int s = src + p * rs;
            int d = dst + p * w;
            for (int j = whole; j < w; j += L) {
                zero.intoArray(bp, d + j);
            }
            for (int j = 0; j < whole; j += L) {
                DoubleVector.fromArray(S, b, s + j).intoArray(bp, d + j);
            }
            for (int j = whole; j < nr; j++) {
                bp[d + j] = b[s + j];
            }
        }
    }

    /** Row p of B (unit stride, {@code full} columns) into every panel: two vector copies per panel. */
    static void packRowContiguous(double[] b, int src, int full, int kc, double[] bp, int dst) {
        int step = NR * kc;
        for (int j = 0; j < full; j += NR, dst += step) {
            DoubleVector.fromArray(S, b, src + j).intoArray(bp, dst);
            DoubleVector.fromArray(S, b, src + j + L).intoArray(bp, dst + L);
        }
    }

    /** {@code {0, stride, 2·stride, ...}}: n lane offsets for gathering elements {@code stride} apart. */
    static int[] columnOffsets(int n, int stride) {
        int[] idx = new int[n];
        for (int j = 0; j < n; j++) {
            idx[j] = j * stride;
        }
        return idx;
    }
}
