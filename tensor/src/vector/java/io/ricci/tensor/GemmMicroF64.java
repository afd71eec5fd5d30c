package io.ricci.tensor;

import static io.ricci.tensor.GemmPanamaF64.L;
import static io.ricci.tensor.GemmPanamaF64.MR;
import static io.ricci.tensor.GemmPanamaF64.NR;
import static io.ricci.tensor.GemmPanamaF64.S;
import static io.ricci.tensor.GemmPanamaF64.SM;

import jdk.incubator.vector.DoubleVector;

/**
 * The register-tiled micro-kernels of {@link GemmPanamaF64}: each computes one tile of C from a
 * packed B panel and a packed (or in-place) A panel, every element of C as the same chain of FMAs
 * over k in order, so that whichever kernel computes an element, the bits are the same.
 *
 * <p>The float32 class is generated from this file (tensor/pom.xml, generate-f32).
 */
final class GemmMicroF64 {
    private GemmMicroF64() {
    }

    /**
     * The MR×NR micro-kernel: {@code C[r][j] (+)= Σ_p A[r][p]·B[p][j]} for one packed A panel
     * (element (r,p) at {@code ai + p·MR + r}) and one packed B panel (element (p,j) at
     * {@code bi + p·NR + j}); C row r starts at {@code c[ci + r·rs]} with unit column stride.
     * Overwrites C when {@code acc} is false, adds to it otherwise.
     */
    static void kernel(int kc, double[] ap, int ai, double[] bp, int bi,
            double[] c, int ci, int rs, boolean acc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * MR;
            int bo = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector x = DoubleVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        if (acc) {
            c00 = c00.add(DoubleVector.fromArray(S, c, ci));
            c01 = c01.add(DoubleVector.fromArray(S, c, ci + L));
            c10 = c10.add(DoubleVector.fromArray(S, c, ci + rs));
            c11 = c11.add(DoubleVector.fromArray(S, c, ci + rs + L));
            c20 = c20.add(DoubleVector.fromArray(S, c, ci + 2 * rs));
            c21 = c21.add(DoubleVector.fromArray(S, c, ci + 2 * rs + L));
            c30 = c30.add(DoubleVector.fromArray(S, c, ci + 3 * rs));
            c31 = c31.add(DoubleVector.fromArray(S, c, ci + 3 * rs + L));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + rs);
        c11.intoArray(c, ci + rs + L);
        c20.intoArray(c, ci + 2 * rs);
        c21.intoArray(c, ci + 2 * rs + L);
        c30.intoArray(c, ci + 3 * rs);
        c31.intoArray(c, ci + 3 * rs + L);
    }

    /**
     * The 2·MR × L narrow kernel for a last column panel of at most L columns (packed L wide: element
     * (p, j) at {@code bi + p·L + j}): rows 0..MR-1 from the packed A panel at {@code ai}, rows
     * MR..2·MR-1 from the one at {@code ai2}; C row r starts at {@code c[ci + r·rs]}. Eight rows keep
     * eight independent FMAs in flight per step of k, as the MR×NR kernel does.
     */
    static void narrowKernel(int kc, double[] ap, int ai, int ai2, double[] bp, int bi,
            double[] c, int ci, int rs, boolean acc) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = DoubleVector.zero(S), c2 = DoubleVector.zero(S), c3 = DoubleVector.zero(S);
        DoubleVector c4 = DoubleVector.zero(S), c5 = DoubleVector.zero(S), c6 = DoubleVector.zero(S), c7 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * MR;
            int ao2 = ai2 + p * MR;
            DoubleVector b = DoubleVector.fromArray(S, bp, bi + p * L);
            c0 = DoubleVector.broadcast(S, ap[ao]).fma(b, c0);
            c1 = DoubleVector.broadcast(S, ap[ao + 1]).fma(b, c1);
            c2 = DoubleVector.broadcast(S, ap[ao + 2]).fma(b, c2);
            c3 = DoubleVector.broadcast(S, ap[ao + 3]).fma(b, c3);
            c4 = DoubleVector.broadcast(S, ap[ao2]).fma(b, c4);
            c5 = DoubleVector.broadcast(S, ap[ao2 + 1]).fma(b, c5);
            c6 = DoubleVector.broadcast(S, ap[ao2 + 2]).fma(b, c6);
            c7 = DoubleVector.broadcast(S, ap[ao2 + 3]).fma(b, c7);
        }
        if (acc) {
            c0 = c0.add(DoubleVector.fromArray(S, c, ci));
            c1 = c1.add(DoubleVector.fromArray(S, c, ci + rs));
            c2 = c2.add(DoubleVector.fromArray(S, c, ci + 2 * rs));
            c3 = c3.add(DoubleVector.fromArray(S, c, ci + 3 * rs));
            c4 = c4.add(DoubleVector.fromArray(S, c, ci + 4 * rs));
            c5 = c5.add(DoubleVector.fromArray(S, c, ci + 5 * rs));
            c6 = c6.add(DoubleVector.fromArray(S, c, ci + 6 * rs));
            c7 = c7.add(DoubleVector.fromArray(S, c, ci + 7 * rs));
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + rs);
        c2.intoArray(c, ci + 2 * rs);
        c3.intoArray(c, ci + 3 * rs);
        c4.intoArray(c, ci + 4 * rs);
        c5.intoArray(c, ci + 5 * rs);
        c6.intoArray(c, ci + 6 * rs);
        c7.intoArray(c, ci + 7 * rs);
    }

    /**
     * A last column panel of one or two columns (packed L wide: element (p, j) at
     * {@code bp[bi + p·L + j]}) for sixteen rows of packed A (four MR-row panels from {@code ai}): the
     * MR rows of a panel at one step of k are adjacent, so one MR-lane vector holds them and each
     * step of k is four loads, two broadcasts and eight FMAs, where the narrow kernel spends eight
     * broadcasts and eight full-width FMAs per eight rows on mostly padding. Each element is the same
     * FMA chain over k as in the other kernels (same bits). Writes column j, row r to
     * {@code out[j·4·MR + r]}.
     */
    static void thinKernel(int kc, double[] ap, int ai, double[] bp, int bi, double[] out) {
        DoubleVector c00 = DoubleVector.zero(SM), c01 = DoubleVector.zero(SM), c10 = DoubleVector.zero(SM), c11 = DoubleVector.zero(SM);
        DoubleVector c20 = DoubleVector.zero(SM), c21 = DoubleVector.zero(SM), c30 = DoubleVector.zero(SM), c31 = DoubleVector.zero(SM);
        int q = MR * kc;
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * MR;
            int bo = bi + p * L;
            DoubleVector y0 = DoubleVector.broadcast(SM, bp[bo]);
            DoubleVector y1 = DoubleVector.broadcast(SM, bp[bo + 1]);
            DoubleVector x = DoubleVector.fromArray(SM, ap, ao);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            x = DoubleVector.fromArray(SM, ap, ao + q);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            x = DoubleVector.fromArray(SM, ap, ao + 2 * q);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            x = DoubleVector.fromArray(SM, ap, ao + 3 * q);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
        }
        c00.intoArray(out, 0);
        c10.intoArray(out, MR);
        c20.intoArray(out, 2 * MR);
        c30.intoArray(out, 3 * MR);
        c01.intoArray(out, 4 * MR);
        c11.intoArray(out, 5 * MR);
        c21.intoArray(out, 6 * MR);
        c31.intoArray(out, 7 * MR);
    }

    /**
     * {@link #kernel} reading A in place: element (r, p) at {@code a[ai + r·ars + p]}. A separate
     * method rather than a stride parameter of one kernel because C2 removes the per-load range
     * checks only for constant strides: a kernel with a variable k-stride ran at half speed.
     */
    static void rowsKernel(int kc, double[] a, int ai, int ars, double[] bp, int bi,
            double[] c, int ci, int rs, boolean acc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        int a0 = ai, a1 = ai + ars, a2 = ai + 2 * ars, a3 = ai + 3 * ars;
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        if (acc) {
            c00 = c00.add(DoubleVector.fromArray(S, c, ci));
            c01 = c01.add(DoubleVector.fromArray(S, c, ci + L));
            c10 = c10.add(DoubleVector.fromArray(S, c, ci + rs));
            c11 = c11.add(DoubleVector.fromArray(S, c, ci + rs + L));
            c20 = c20.add(DoubleVector.fromArray(S, c, ci + 2 * rs));
            c21 = c21.add(DoubleVector.fromArray(S, c, ci + 2 * rs + L));
            c30 = c30.add(DoubleVector.fromArray(S, c, ci + 3 * rs));
            c31 = c31.add(DoubleVector.fromArray(S, c, ci + 3 * rs + L));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + rs);
        c11.intoArray(c, ci + rs + L);
        c20.intoArray(c, ci + 2 * rs);
        c21.intoArray(c, ci + 2 * rs + L);
        c30.intoArray(c, ci + 3 * rs);
        c31.intoArray(c, ci + 3 * rs + L);
    }

    /**
     * {@link #rowsKernel} for 2·MR rows (16 accumulators), used where the vectors are 512 bits wide and
     * there are 32 vector registers: with 8 accumulators two FMA ports wait on each other's latency.
     * Same FMA chain per element as the other kernels.
     */
    static void rowsKernel8(int kc, double[] a, int ai, int ars, double[] bp, int bi,
            double[] c, int ci, int rs, boolean acc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        DoubleVector c60 = DoubleVector.zero(S), c61 = DoubleVector.zero(S);
        DoubleVector c70 = DoubleVector.zero(S), c71 = DoubleVector.zero(S);
        int a0 = ai + 0 * ars, a1 = ai + 1 * ars, a2 = ai + 2 * ars, a3 = ai + 3 * ars, a4 = ai + 4 * ars, a5 = ai + 5 * ars, a6 = ai + 6 * ars, a7 = ai + 7 * ars;
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = DoubleVector.broadcast(S, a[a6 + p]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = DoubleVector.broadcast(S, a[a7 + p]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        if (acc) {
            c00 = c00.add(DoubleVector.fromArray(S, c, ci + 0 * rs));
            c01 = c01.add(DoubleVector.fromArray(S, c, ci + 0 * rs + L));
            c10 = c10.add(DoubleVector.fromArray(S, c, ci + 1 * rs));
            c11 = c11.add(DoubleVector.fromArray(S, c, ci + 1 * rs + L));
            c20 = c20.add(DoubleVector.fromArray(S, c, ci + 2 * rs));
            c21 = c21.add(DoubleVector.fromArray(S, c, ci + 2 * rs + L));
            c30 = c30.add(DoubleVector.fromArray(S, c, ci + 3 * rs));
            c31 = c31.add(DoubleVector.fromArray(S, c, ci + 3 * rs + L));
            c40 = c40.add(DoubleVector.fromArray(S, c, ci + 4 * rs));
            c41 = c41.add(DoubleVector.fromArray(S, c, ci + 4 * rs + L));
            c50 = c50.add(DoubleVector.fromArray(S, c, ci + 5 * rs));
            c51 = c51.add(DoubleVector.fromArray(S, c, ci + 5 * rs + L));
            c60 = c60.add(DoubleVector.fromArray(S, c, ci + 6 * rs));
            c61 = c61.add(DoubleVector.fromArray(S, c, ci + 6 * rs + L));
            c70 = c70.add(DoubleVector.fromArray(S, c, ci + 7 * rs));
            c71 = c71.add(DoubleVector.fromArray(S, c, ci + 7 * rs + L));
        }
        c00.intoArray(c, ci + 0 * rs);
        c01.intoArray(c, ci + 0 * rs + L);
        c10.intoArray(c, ci + 1 * rs);
        c11.intoArray(c, ci + 1 * rs + L);
        c20.intoArray(c, ci + 2 * rs);
        c21.intoArray(c, ci + 2 * rs + L);
        c30.intoArray(c, ci + 3 * rs);
        c31.intoArray(c, ci + 3 * rs + L);
        c40.intoArray(c, ci + 4 * rs);
        c41.intoArray(c, ci + 4 * rs + L);
        c50.intoArray(c, ci + 5 * rs);
        c51.intoArray(c, ci + 5 * rs + L);
        c60.intoArray(c, ci + 6 * rs);
        c61.intoArray(c, ci + 6 * rs + L);
        c70.intoArray(c, ci + 7 * rs);
        c71.intoArray(c, ci + 7 * rs + L);
    }

    /**
     * {@link #kernel} for 2·MR rows from two packed A panels (rows 0..MR-1 at {@code ai}, MR..2·MR-1 at
     * {@code ai2}), where {@link #EIGHT_ROWS} holds. Same FMA chain per element as the other kernels.
     */
    static void kernel8(int kc, double[] ap, int ai, int ai2, double[] bp, int bi,
            double[] c, int ci, int rs, boolean acc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        DoubleVector c60 = DoubleVector.zero(S), c61 = DoubleVector.zero(S);
        DoubleVector c70 = DoubleVector.zero(S), c71 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR;
            int ao = ai + p * MR;
            int ao2 = ai2 + p * MR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, ap[ao + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, ap[ao2 + 0]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, ap[ao2 + 1]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = DoubleVector.broadcast(S, ap[ao2 + 2]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = DoubleVector.broadcast(S, ap[ao2 + 3]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        if (acc) {
            c00 = c00.add(DoubleVector.fromArray(S, c, ci + 0 * rs));
            c01 = c01.add(DoubleVector.fromArray(S, c, ci + 0 * rs + L));
            c10 = c10.add(DoubleVector.fromArray(S, c, ci + 1 * rs));
            c11 = c11.add(DoubleVector.fromArray(S, c, ci + 1 * rs + L));
            c20 = c20.add(DoubleVector.fromArray(S, c, ci + 2 * rs));
            c21 = c21.add(DoubleVector.fromArray(S, c, ci + 2 * rs + L));
            c30 = c30.add(DoubleVector.fromArray(S, c, ci + 3 * rs));
            c31 = c31.add(DoubleVector.fromArray(S, c, ci + 3 * rs + L));
            c40 = c40.add(DoubleVector.fromArray(S, c, ci + 4 * rs));
            c41 = c41.add(DoubleVector.fromArray(S, c, ci + 4 * rs + L));
            c50 = c50.add(DoubleVector.fromArray(S, c, ci + 5 * rs));
            c51 = c51.add(DoubleVector.fromArray(S, c, ci + 5 * rs + L));
            c60 = c60.add(DoubleVector.fromArray(S, c, ci + 6 * rs));
            c61 = c61.add(DoubleVector.fromArray(S, c, ci + 6 * rs + L));
            c70 = c70.add(DoubleVector.fromArray(S, c, ci + 7 * rs));
            c71 = c71.add(DoubleVector.fromArray(S, c, ci + 7 * rs + L));
        }
        c00.intoArray(c, ci + 0 * rs);
        c01.intoArray(c, ci + 0 * rs + L);
        c10.intoArray(c, ci + 1 * rs);
        c11.intoArray(c, ci + 1 * rs + L);
        c20.intoArray(c, ci + 2 * rs);
        c21.intoArray(c, ci + 2 * rs + L);
        c30.intoArray(c, ci + 3 * rs);
        c31.intoArray(c, ci + 3 * rs + L);
        c40.intoArray(c, ci + 4 * rs);
        c41.intoArray(c, ci + 4 * rs + L);
        c50.intoArray(c, ci + 5 * rs);
        c51.intoArray(c, ci + 5 * rs + L);
        c60.intoArray(c, ci + 6 * rs);
        c61.intoArray(c, ci + 6 * rs + L);
        c70.intoArray(c, ci + 7 * rs);
        c71.intoArray(c, ci + 7 * rs + L);
    }

    /** {@link #narrowKernel} reading 2·MR rows of A in place, row r at {@code a[ai + r·ars]}. */
    static void rowsNarrowKernel(int kc, double[] a, int ai, int ars, double[] bp, int bi,
            double[] c, int ci, int rs, boolean acc) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = DoubleVector.zero(S), c2 = DoubleVector.zero(S), c3 = DoubleVector.zero(S);
        DoubleVector c4 = DoubleVector.zero(S), c5 = DoubleVector.zero(S), c6 = DoubleVector.zero(S), c7 = DoubleVector.zero(S);
        int a0 = ai, a1 = ai + ars, a2 = ai + 2 * ars, a3 = ai + 3 * ars;
        int a4 = ai + 4 * ars, a5 = ai + 5 * ars, a6 = ai + 6 * ars, a7 = ai + 7 * ars;
        for (int p = 0; p < kc; p++) {
            DoubleVector b = DoubleVector.fromArray(S, bp, bi + p * L);
            c0 = DoubleVector.broadcast(S, a[a0 + p]).fma(b, c0);
            c1 = DoubleVector.broadcast(S, a[a1 + p]).fma(b, c1);
            c2 = DoubleVector.broadcast(S, a[a2 + p]).fma(b, c2);
            c3 = DoubleVector.broadcast(S, a[a3 + p]).fma(b, c3);
            c4 = DoubleVector.broadcast(S, a[a4 + p]).fma(b, c4);
            c5 = DoubleVector.broadcast(S, a[a5 + p]).fma(b, c5);
            c6 = DoubleVector.broadcast(S, a[a6 + p]).fma(b, c6);
            c7 = DoubleVector.broadcast(S, a[a7 + p]).fma(b, c7);
        }
        if (acc) {
            c0 = c0.add(DoubleVector.fromArray(S, c, ci));
            c1 = c1.add(DoubleVector.fromArray(S, c, ci + rs));
            c2 = c2.add(DoubleVector.fromArray(S, c, ci + 2 * rs));
            c3 = c3.add(DoubleVector.fromArray(S, c, ci + 3 * rs));
            c4 = c4.add(DoubleVector.fromArray(S, c, ci + 4 * rs));
            c5 = c5.add(DoubleVector.fromArray(S, c, ci + 5 * rs));
            c6 = c6.add(DoubleVector.fromArray(S, c, ci + 6 * rs));
            c7 = c7.add(DoubleVector.fromArray(S, c, ci + 7 * rs));
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + rs);
        c2.intoArray(c, ci + 2 * rs);
        c3.intoArray(c, ci + 3 * rs);
        c4.intoArray(c, ci + 4 * rs);
        c5.intoArray(c, ci + 5 * rs);
        c6.intoArray(c, ci + 6 * rs);
        c7.intoArray(c, ci + 7 * rs);
    }

    /** Copies (or adds, when {@code acc}) the mr×nr corner of a full tile into C at any strides. */
    static void addTile(double[] tile, int mr, int nr, double[] c, int cp, int cRs, int cCs, boolean acc) {
        for (int r = 0; r < mr; r++) {
            int row = cp + r * cRs;
            for (int j = 0; j < nr; j++) {
                int q = row + j * cCs;
                c[q] = acc ? c[q] + tile[r * NR + j] : tile[r * NR + j];
            }
        }
    }
}
