package io.ricci.tensor;

import static io.ricci.tensor.GemmMicroF64.*;
import static io.ricci.tensor.GemmPackF64.*;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link GemmKernelF64} in the GotoBLAS/BLIS scheme: B is packed into KC×NR column panels
 * and A into MR×KC row panels, scaled by alpha while packing ({@link GemmPackF64}), and register-tiled
 * micro-kernels ({@link GemmMicroF64}) compute each tile of C with 2·MR vector accumulators (4·MR for
 * the eight-row kernels where there are 32 registers). A row-major A of a narrow C is read in place
 * ({@link GemmSchedule#direct}); a last column panel of at most L columns is computed 2·MR rows at a
 * time by the narrow kernels. This class holds the blocking and the splits across threads that
 * {@link GemmSchedule} chooses.
 *
 * <p>Each micro-kernel is a small method called once per tile: C2 refuses to inline it into the
 * block loop ("hot method too big"), and an earlier kernel inlined into one big loop nest fell off a
 * JIT/OSR cliff at some sizes. Each element of C is a sequence of FMAs over k in order, split into
 * the same KC blocks whichever tile shape, path or thread computes it, so results do not depend on
 * the thread count or on timing (GemmKernelTest compares them with the scalar reference).
 *
 * <p>The float32 class is generated from this file (tensor/pom.xml, generate-f32).
 */
final class GemmPanamaF64 implements GemmKernelF64 {
    static final int BYTES = Double.BYTES;
    static final VectorSpecies<Double> S = VectorSpecies.of(double.class, PanamaKernels.SHAPE);
    /** Lanes per vector. */
    static final int L = S.length();
    /**
     * Micro-tile rows: 4 rows × 2 vectors = 8 accumulators, enough to hide the FMA latency on two FMA
     * ports. A 6-row tile (12 accumulators) ran 2× slower with 16 vector registers: C2 hoists the
     * broadcasts, runs out of registers and spills an accumulator every step of k.
     */
    static final int MR = 4;
    /** MR lanes: one step of k of a packed A panel. */
    static final VectorSpecies<Double> SM = VectorSpecies.of(double.class, VectorShape.forBitSize(MR * BYTES * 8));
    /** Micro-tile columns: two vectors. */
    static final int NR = 2 * L;
    /** Blocking from the caches this machine reports ({@link GemmSchedule#blocking}). */
    static final GemmSchedule.Blocking BLOCKING = GemmSchedule.blocking(CpuCaches.SYSTEM, BYTES, MR, NR);
    /** KC deep, MC rows (a multiple of MR), NC columns. */
    static final int KC = BLOCKING.kc(), MC = BLOCKING.mc(), NC = BLOCKING.nc();
    /**
     * Eight-row kernels ({@link #rowsKernel8}, {@link #kernel8}) where there are 32 vector registers;
     * decided by {@link PanamaKernels#EIGHT_ROWS}.
     */
    static final boolean EIGHT_ROWS = PanamaKernels.EIGHT_ROWS;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** One thread's packing buffers, grown on demand and then reused across calls. */
    private static final class Buffers {
        double[] a = new double[0];
        double[] b = new double[0];
        final double[] tile = new double[2 * MR * NR];

        double[] a(int size) {
            if (a.length < size) {
                a = new double[size];
            }
            return a;
        }

        double[] b(int size) {
            if (b.length < size) {
                b = new double[size];
            }
            return b;
        }
    }

    @Override
    public void gemm(int m, int n, int k, double alpha,
            double[] a, int aOff, int aRs, int aCs,
            double[] b, int bOff, int bRs, int bCs,
            double beta,
            double[] c, int cOff, int cRs, int cCs,
            int threads) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k == 0 || alpha == 0) {
            scale(m, n, beta, c, cOff, cRs, cCs);
            return;
        }
        if (beta != 0 && beta != 1) {
            scale(m, n, beta, c, cOff, cRs, cCs);
        }
        boolean accumulate = beta != 0;
        GemmSchedule.Plan plan = GemmSchedule.plan(m, n, k, alpha, aCs, bRs, bCs, cCs, threads, MR, NR);
        int parts = plan.threads();
        switch (plan.split()) {
            case DOT_PER_ROW -> {
                for (int i = 0; i < m; i++) {
                    int cp = cOff + i * cRs;
                    double d = alpha * EinsumPanamaF64.INSTANCE.dot(a, aOff + i * aRs, 1, b, bOff, 1, k);
                    c[cp] = accumulate ? d + c[cp] : d;
                }
            }
            case AXPY_PER_ROW -> {
                for (int p = 0; p < k; p++) {
                    axpy(n, alpha * a[aOff + p * aCs], b, bOff + p * bRs, c, cOff, accumulate || p > 0);
                }
            }
            case SERIAL -> serial(0, m, 0, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, accumulate, c, cOff,
                    cRs, cCs);
            case ROW_RANGES -> rowRanges(m, n, k, parts, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, accumulate,
                    c, cOff, cRs, cCs);
            case COLUMN_RANGES -> {
                int panels = (n + NR - 1) / NR;
                Parallel.run(parts, id -> {
                    int j0 = Math.min(n, (int) ((long) panels * id / parts) * NR);
                    int j1 = Math.min(n, (int) ((long) panels * (id + 1) / parts) * NR);
                    serial(0, m, j0, j1, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, accumulate, c, cOff, cRs,
                            cCs);
                });
            }
            case SHARED_ROW_CHUNKS -> parallelRows(m, n, k, parts, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs,
                    accumulate, c, cOff, cRs, cCs);
        }
    }

    /**
     * Ranges of whole 2·MR-row units (the eight-row kernels' step), one per thread, each computed by
     * {@link #serial} with its own packing of all of B; the calling thread, which starts first, takes
     * the last range with the ragged rows.
     */
    private static void rowRanges(int m, int n, int k, int parts, double alpha,
            double[] a, int aOff, int aRs, int aCs,
            double[] b, int bOff, int bRs, int bCs,
            boolean accumulate, double[] c, int cOff, int cRs, int cCs) {
        int unit = 2 * MR;
        int units = (m + unit - 1) / unit;
        Parallel.run(parts, id -> {
            int q = parts - 1 - id;
            int i0 = Math.min(m, (int) ((long) units * q / parts) * unit);
            int i1 = Math.min(m, (int) ((long) units * (q + 1) / parts) * unit);
            serial(i0, i1, 0, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, accumulate, c, cOff, cRs, cCs);
        });
    }

    /**
     * The multi-threaded schedule when C has enough rows: for each KC×NC block, the calling thread
     * packs B once into its buffer, then {@code parts} threads take row chunks of C from a shared
     * counter (several per thread, so a thread that the OS deschedules on a busy machine does not hold
     * up the others), each packing its own A chunk into its own buffer. Only for packed A: a C whose A
     * is read in place takes {@link #gemm}'s row split.
     */
    private static void parallelRows(int m, int n, int k, int parts, double alpha,
            double[] a, int aOff, int aRs, int aCs,
            double[] b, int bOff, int bRs, int bCs,
            boolean accumulate, double[] c, int cOff, int cRs, int cCs) {
        int kBlocks = (k + KC - 1) / KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int nBlocks = (n + NC - 1) / NC;
        int ncMax = roundUp((n + nBlocks - 1) / nBlocks, NR);
        int chunks = Math.max((m + MC - 1) / MC, 4 * parts);
        int mcChunk = roundUp((m + chunks - 1) / chunks, 2 * MR);
        double[] bp = BUFFERS.get().b(ncMax * kcMax);
        for (int jc = 0; jc < n; jc += ncMax) {
            int nc = Math.min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                int jcf = jc;
                int pcf = pc;
                int panels = (nc + NR - 1) / NR;
                int bBase = bOff + pc * bRs + jc * bCs;
                if (panels >= parts && (long) kc * nc >= GemmSchedule.PARALLEL_PACK_MIN) {
                    // Each thread packs a range of whole panels: packing a transposed B is a scalar
                    // gather that would otherwise leave the other threads waiting.
                    // Panels are taken from a shared counter, so a worker that is slow to wake
                    // leaves its share to the others instead of holding them up.
                    int step = Math.max(1, panels / (4 * parts)) * NR;
                    java.util.concurrent.atomic.AtomicInteger nextPanel = new java.util.concurrent.atomic.AtomicInteger();
                    Parallel.run(parts, id -> {
                        for (int j0 = nextPanel.getAndAdd(step); j0 < nc; j0 = nextPanel.getAndAdd(step)) {
                            packB(b, bBase + j0 * bCs, bRs, bCs, kc, Math.min(step, nc - j0), bp, j0 * kc);
                        }
                    });
                } else {
                    packB(b, bBase, bRs, bCs, kc, nc, bp, 0);
                }
                boolean acc = accumulate || pc > 0;
                java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
                Parallel.run(parts, id -> {
                    Buffers buf = BUFFERS.get();
                    double[] ap = buf.a(mcChunk * kcMax);
                    for (int ic = next.getAndAdd(mcChunk); ic < m; ic = next.getAndAdd(mcChunk)) {
                        int mc = Math.min(mcChunk, m - ic);
                        block(mc, nc, kc, alpha, a, aOff + ic * aRs + pcf * aCs, aRs, aCs, false, ap, bp,
                                buf.tile, c, cOff + ic * cRs + jcf * cCs, cRs, cCs, acc);
                    }
                });
            }
        }
    }

    /** {@code y[yi+j] = s·x[xi+j] (+ y[yi+j] when acc)} for j < n, unit strides. */
    private static void axpy(int n, double s, double[] x, int xi, double[] y, int yi, boolean acc) {
        DoubleVector sv = DoubleVector.broadcast(S, s);
        int j = 0;
        for (int end = S.loopBound(n); j < end; j += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, xi + j);
            (acc ? v.fma(sv, DoubleVector.fromArray(S, y, yi + j)) : v.mul(sv)).intoArray(y, yi + j);
        }
        for (; j < n; j++) {
            // Fused like the vector lanes and the micro-kernel, so a column gets the same bits
            // whichever path computes it.
            y[yi + j] = acc ? Math.fma(s, x[xi + j], y[yi + j]) : s * x[xi + j];
        }
    }

    /** {@code C = beta·C} over m×n, writing zeros (not {@code 0·C}) when beta is 0. */
    private static void scale(int m, int n, double beta, double[] c, int cOff, int cRs, int cCs) {
        if (beta == 1) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * cRs;
            for (int j = 0; j < n; j++) {
                int p = row + j * cCs;
                c[p] = beta == 0 ? 0 : beta * c[p];
            }
        }
    }

    /** Block of C rows i0..i1-1, columns j0..j1-1 on the calling thread. */
    private static void serial(int i0, int i1, int j0, int j1, int k, double alpha,
            double[] a, int aOff, int aRs, int aCs,
            double[] b, int bOff, int bRs, int bCs,
            boolean accumulate, double[] c, int cOff, int cRs, int cCs) {
        if (i0 >= i1 || j0 >= j1) {
            return;
        }
        Buffers buf = BUFFERS.get();
        int m = i1 - i0;
        // Even block sizes: 400 = 200 + 200 rather than 384 + 16, so no block is a sliver.
        int kBlocks = (k + KC - 1) / KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int mBlocks = (m + MC - 1) / MC;
        int mcMax = roundUp((m + mBlocks - 1) / mBlocks, 2 * MR);
        int nBlocks = (j1 - j0 + NC - 1) / NC;
        int ncMax = roundUp((j1 - j0 + nBlocks - 1) / nBlocks, NR);
        boolean direct = GemmSchedule.direct(j1 - j0, alpha, aCs);
        double[] ap = buf.a(direct ? 2 * MR * kcMax : mcMax * kcMax);
        double[] bp = buf.b(ncMax * kcMax);
        double[] tile = buf.tile;
        for (int jc = j0; jc < j1; jc += ncMax) {
            int nc = Math.min(ncMax, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                packB(b, bOff + pc * bRs + jc * bCs, bRs, bCs, kc, nc, bp, 0);
                boolean acc = accumulate || pc > 0;
                for (int ic = i0; ic < i1; ic += mcMax) {
                    int mc = Math.min(mcMax, i1 - ic);
                    block(mc, nc, kc, alpha, a, aOff + ic * aRs + pc * aCs, aRs, aCs, direct, ap, bp, tile,
                            c, cOff + ic * cRs + jc * cCs, cRs, cCs, acc);
                }
            }
        }
    }

    /** One mc×kc block of A (packed into {@code ap} first unless direct) times the packed B block. */
    private static void block(int mc, int nc, int kc, double alpha, double[] a, int aBase, int aRs, int aCs,
            boolean direct, double[] ap, double[] bp, double[] tile,
            double[] c, int cBase, int cRs, int cCs, boolean acc) {
        if (direct) {
            macro(mc, nc, kc, a, aBase, aRs, true, bp, tile, ap, c, cBase, cRs, cCs, acc);
        } else {
            packA(a, aBase, aRs, aCs, mc, kc, alpha, ap);
            macro(mc, nc, kc, ap, 0, kc, false, bp, tile, null, c, cBase, cRs, cCs, acc);
        }
    }

    private static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    /**
     * All tiles of one mc×kc block of A times one packed kc×nc block of B. Packed A (element (i, p)
     * at {@code a[aBase + (i/MR)·MR·kc + p·MR + i%MR]}, rows zero-padded to a multiple of 2·MR) runs
     * the panel kernels; in direct mode A is read in place, row i at {@code a[aBase + i·ars]} with unit
     * stride along k, by the row kernels, and the rows past the last multiple of 2·MR are first
     * packed (zero-padded to 2·MR) into {@code edge} so no kernel reads past A's rows. Column panels are
     * NR wide except a last panel of at most L columns, which is packed L wide and runs the narrow
     * kernels, 2·MR rows at a time (or {@link #thinKernel} for one or two columns of packed A).
     */
    private static void macro(int mc, int nc, int kc, double[] a, int aBase, int ars, boolean direct,
            double[] bp, double[] tile, double[] edge, double[] c, int cBase, int cRs, int cCs, boolean acc) {
        int inPlace = direct ? mc / (2 * MR) * (2 * MR) : 0;
        if (direct && inPlace < mc) {
            packA(a, aBase + inPlace * ars, ars, 1, mc - inPlace, kc, (double) 1, edge);
        }
        // Packed rows of row i >= inPlace: panel (i - inPlace)/MR of `edge` (direct) or of `a` (packed).
        double[] ap = direct ? edge : a;
        int apBase = direct ? 0 : aBase;
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bo = jr * kc;
            if (nr <= L && nr < NR) {
                int ir0 = 0;
                if (!direct && nr <= 2) {
                    // One or two columns: sixteen rows at a time with the rows in the vector lanes.
                    for (; ir0 + 4 * MR <= mc; ir0 += 4 * MR) {
                        thinKernel(kc, a, aBase + ir0 * kc, bp, bo, tile);
                        int cp = cBase + ir0 * cRs + jr * cCs;
                        for (int j = 0; j < nr; j++) {
                            for (int r = 0; r < 4 * MR; r++) {
                                int q = cp + r * cRs + j * cCs;
                                double v = tile[j * 4 * MR + r];
                                c[q] = acc ? c[q] + v : v;
                            }
                        }
                    }
                }
                for (int ir = ir0; ir < mc; ir += 2 * MR) {
                    int mr = Math.min(2 * MR, mc - ir);
                    int cp = cBase + ir * cRs + jr * cCs;
                    boolean full = mr == 2 * MR && nr == L && cCs == 1;
                    double[] dst = full ? c : tile;
                    int di = full ? cp : 0;
                    int drs = full ? cRs : NR;
                    if (ir < inPlace) {
                        rowsNarrowKernel(kc, a, aBase + ir * ars, ars, bp, bo, dst, di, drs, full && acc);
                    } else {
                        int ai = apBase + (ir - inPlace) * kc;
                        narrowKernel(kc, ap, ai, ai + MR * kc, bp, bo, dst, di, drs, full && acc);
                    }
                    if (!full) {
                        addTile(tile, mr, nr, c, cp, cRs, cCs, acc);
                    }
                }
                continue;
            }
            int ir8 = 0;
            if (EIGHT_ROWS) {
                // Eight rows at a time while they last (the rows read in place, or two packed panels).
                boolean full = nr == NR && cCs == 1;
                int end8 = direct ? inPlace : mc / (2 * MR) * (2 * MR);
                for (; ir8 + 2 * MR <= end8; ir8 += 2 * MR) {
                    int cp = cBase + ir8 * cRs + jr * cCs;
                    if (direct) {
                        rowsKernel8(kc, a, aBase + ir8 * ars, ars, bp, bo, full ? c : tile, full ? cp : 0,
                                full ? cRs : NR, full && acc);
                    } else {
                        kernel8(kc, a, aBase + ir8 * kc, aBase + (ir8 + MR) * kc, bp, bo, full ? c : tile,
                                full ? cp : 0, full ? cRs : NR, full && acc);
                    }
                    if (!full) {
                        addTile(tile, 2 * MR, nr, c, cp, cRs, cCs, acc);
                    }
                }
            }
            for (int ir = ir8; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int cp = cBase + ir * cRs + jr * cCs;
                boolean full = mr == MR && nr == NR && cCs == 1;
                double[] dst = full ? c : tile;
                int di = full ? cp : 0;
                int drs = full ? cRs : NR;
                if (ir < inPlace) {
                    rowsKernel(kc, a, aBase + ir * ars, ars, bp, bo, dst, di, drs, full && acc);
                } else {
                    kernel(kc, ap, apBase + (ir - inPlace) * kc, bp, bo, dst, di, drs, full && acc);
                }
                if (!full) {
                    addTile(tile, mr, nr, c, cp, cRs, cCs, acc);
                }
            }
        }
    }
}
