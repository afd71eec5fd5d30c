package io.ricci.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link GemmKernelF64} in the GotoBLAS/BLIS scheme, sized for AVX2 + FMA (16 256-bit
 * registers): B is packed into KC×NR column panels and A into MR×KC row panels (scaled by alpha while
 * packing), and a register-tiled micro-kernel computes each MR×NR tile of C with 2·MR vector
 * accumulators, two B vector loads and MR broadcasts of A per step of k. Packing reads A and B through
 * their strides, so transposed, stepped and broadcast operands need no contiguous copy; partial edge
 * panels are zero-padded and their tiles go through a small buffer. When C is at most
 * {@link #directMaxN} columns wide and A is row-major, A is read in place (see {@link #direct}). A
 * last column panel of at most L columns is packed L wide and computed 2·MR rows at a time by the
 * narrow kernels, which keeps eight FMAs in flight with one vector per row.
 *
 * <p>Each micro-kernel is a small method called once per tile (C2 refuses to inline it: "hot method
 * too big"): an earlier kernel inlined into one big loop nest fell to 2 GFLOPS at some sizes on this
 * machine through a JIT/OSR cliff. With several threads ({@link Parallel}'s spinning team), each
 * packed B block is packed by all threads and then shared, and threads take chunks of C rows from a
 * counter, each packing A into its own thread-local buffer (C rows are disjoint, so threads share no
 * written cache line except at chunk boundaries); a C with too few rows is split by column ranges
 * instead. Each element of C is a sequence of FMAs over k in order, split into the same KC blocks
 * whichever tile shape or thread computes it, so results do not depend on the thread count or on
 * timing (GemmKernelTest compares 2-thread results with the scalar reference).
 *
 * <p>The float32 class is generated from this file (tensor/pom.xml, generate-f32).
 */
final class GemmPanamaF64 implements GemmKernelF64 {
    private static final int BYTES = Double.BYTES;
    private static final VectorSpecies<Double> S = VectorSpecies.of(double.class, PanamaKernels.SHAPE);
    /** Lanes per vector. */
    private static final int L = S.length();
    /**
     * Micro-tile rows: 4 rows × 2 vectors = 8 accumulators, enough to hide the 4-cycle FMA latency on
     * two FMA ports. A 6-row tile (12 accumulators) measured 2× slower: C2 hoists the broadcasts, runs
     * out of the 16 YMM registers and spills an accumulator through the stack every step of k.
     */
    static final int MR = 4;
    /** MR lanes: one step of k of a packed A panel. */
    private static final VectorSpecies<Double> SM = VectorSpecies.of(double.class, VectorShape.forBitSize(MR * BYTES * 8));
    /** Micro-tile columns: two vectors. */
    static final int NR = 2 * L;
    /**
     * Depth of one packed block: a KC×NR panel of B (24 KiB) stays in the 32 KiB L1. Measured on this
     * EPYC: 384 beat 256 by 10-20% at n ≥ 1000 (fewer passes over C); 512 was no better. The block
     * sizes can be overridden for tuning on other CPUs with the system properties
     * {@code ricci.gemm.kc}, {@code ricci.gemm.mc} (rounded up to a multiple of MR) and
     * {@code ricci.gemm.nc}.
     */
    static final int KC = Math.max(1, Integer.getInteger("ricci.gemm.kc", 384));
    /** Rows of one packed A block: MC×KC (144 KiB) stays in the 512 KiB L2 next to the B panels. */
    static final int MC = (Math.max(1, Integer.getInteger("ricci.gemm.mc", 384 / BYTES)) + MR - 1) / MR * MR;
    /** Columns of one packed B block: KC×NC (1.5 MiB for floats) lives in L3. */
    static final int NC = Math.max(1, Integer.getInteger("ricci.gemm.nc", 1024));
    /**
     * Below this many multiply-adds (about 4 µs of work, n ≈ 64 for square matrices) one thread is
     * faster than handing work to another. Handing over to a spinning {@link Parallel} worker takes
     * well under a microsecond; a parked one takes tens of microseconds to start, which the
     * dynamically shared row chunks absorb (the caller starts at once and the worker joins late).
     */
    static long parallelMin = Math.max(1, Long.getLong("ricci.gemm.parallelMin", 1L << 18));
    /** Fewest elements of a B block that are packed by all threads rather than by the caller. */
    private static final long PARALLEL_PACK_MIN = 1 << 14;
    /**
     * Eight-row kernels ({@link #rowsKernel8}, {@link #kernel8}) where there are 32 vector registers;
     * decided by {@link PanamaKernels#EIGHT_ROWS}.
     */
    static final boolean EIGHT_ROWS = PanamaKernels.EIGHT_ROWS;
    /** Widest C (columns) for which A is read in place rather than packed; see {@link #direct}. */
    static int directMaxN = Math.max(0, Integer.getInteger("ricci.gemm.directMaxN", 64));

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
        // Matrix-vector shapes: packing would copy a whole operand to use it once, and a 4×NR tile
        // would compute mostly padding; a dot product per row or an axpy per row of B is cheaper.
        if (n == 1 && aCs == 1 && bRs == 1) {
            for (int i = 0; i < m; i++) {
                int cp = cOff + i * cRs;
                double d = alpha * EinsumPanamaF64.INSTANCE.dot(a, aOff + i * aRs, 1, b, bOff, 1, k);
                c[cp] = accumulate ? d + c[cp] : d;
            }
            return;
        }
        if (m == 1 && bCs == 1 && cCs == 1) {
            for (int p = 0; p < k; p++) {
                axpy(n, alpha * a[aOff + p * aCs], b, bOff + p * bRs, c, cOff, accumulate || p > 0);
            }
            return;
        }
        long work = (long) m * n * k;
        int t = (int) Math.max(1, Math.min(threads, work / parallelMin));
        if (n >= m) {
            t = Math.min(t, (n + NR - 1) / NR);
        } else {
            t = Math.min(t, (m + MR - 1) / MR);
        }
        if (t <= 1) {
            serial(0, m, 0, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, accumulate, c, cOff, cRs, cCs);
            return;
        }
        int parts = t;
        int units = (m + 2 * MR - 1) / (2 * MR);
        if (n >= 4 * m && (n + NR - 1) / NR >= 8 * parts) {
            if (units >= 4 * parts) {
                // A wide C with rows enough to share: ranges of rows, each thread packing all of B
                // itself (one hand-off, no shared packing). Each thread then writes one contiguous
                // stretch of C, which matters when C is a fresh result in memory not touched since
                // the last collection: dY·Wᵀ at MNIST sizes (100×784, k = 50) in floats, 2 threads,
                // allocating: median 53 -> 48 µs; into a cached C unchanged (38-40 µs).
                rowRanges(m, n, k, parts, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, accumulate, c, cOff, cRs, cCs);
                return;
            }
            // Few rows: each thread packs and computes its own column range (one hand-off, no shared
            // packing of B; each packs the small A itself). Against the row chunks of parallelRows,
            // 100×784 · (784×50)ᵀ in floats: 104-124 -> 67-89 µs.
            int panels = (n + NR - 1) / NR;
            Parallel.run(parts, id -> {
                int j0 = Math.min(n, (int) ((long) panels * id / parts) * NR);
                int j1 = Math.min(n, (int) ((long) panels * (id + 1) / parts) * NR);
                serial(0, m, j0, j1, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, accumulate, c, cOff, cRs, cCs);
            });
        } else if ((m + MR - 1) / MR >= 4 * parts && !direct(n, alpha, aCs)) {
            // (A narrow C whose A is read in place takes the row split below instead: B is small, so
            // each thread packing all of it costs less than parallelRows' hand-off per KC block with
            // the caller packing alone. X·W1 at MNIST sizes, 100x784 · 784x50 in floats, 2 threads:
            // 86-98 -> 56 µs; 400 rows 211 -> 153 µs; 2000 rows 948 -> 889 µs.)
            parallelRows(m, n, k, parts, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, accumulate, c, cOff, cRs, cCs);
        } else if (n >= m) {
            int panels = (n + NR - 1) / NR;
            Parallel.run(parts, id -> {
                int j0 = Math.min(n, (int) ((long) panels * id / parts) * NR);
                int j1 = Math.min(n, (int) ((long) panels * (id + 1) / parts) * NR);
                serial(0, m, j0, j1, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, accumulate, c, cOff, cRs, cCs);
            });
        } else {
            // 100x784 · 784x50 floats: 51-54 -> 48 µs against parallelRows.
            rowRanges(m, n, k, parts, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, accumulate, c, cOff, cRs, cCs);
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
                if (panels >= parts && (long) kc * nc >= PARALLEL_PACK_MIN) {
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
        boolean direct = direct(j1 - j0, alpha, aCs);
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

    /**
     * Whether to read A in place instead of packing it: packing copies each element once to reuse it
     * once per NR-column panel, which does not pay when C has only a few panels (the MNIST layer
     * products have n = 50: four panels), and it cannot fold in an alpha other than 1. For wide C
     * packing wins: in place, the MR rows a kernel reads lie a whole row apart (same cache sets and
     * TLB pages); measured here, 1000³ with 2 threads ran at 95 GFLOPS in place and 137 packed.
     */
    private static boolean direct(int n, double alpha, int aCs) {
        return alpha == 1 && aCs == 1 && n <= directMaxN;
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
    private static void addTile(double[] tile, int mr, int nr, double[] c, int cp, int cRs, int cCs, boolean acc) {
        for (int r = 0; r < mr; r++) {
            int row = cp + r * cRs;
            for (int j = 0; j < nr; j++) {
                int q = row + j * cCs;
                c[q] = acc ? c[q] + tile[r * NR + j] : tile[r * NR + j];
            }
        }
    }

    /**
     * Packs the mc×kc block of A at {@code a[base + i·rs + p·cs]}, times alpha, into MR-row panels:
     * element (i, p) goes to {@code ap[(i/MR)·MR·kc + p·MR + i%MR]}; rows past mc, up to a multiple of
     * 2·MR, are zero (so {@code ap} needs room for that many rows).
     */
    private static void packA(double[] a, int base, int rs, int cs, int mc, int kc, double alpha, double[] ap) {
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
    private static void packPanelRows(double[] a, int src, int rs, int cs, int kc, double alpha, double[] ap, int dst,
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
    private static void packB(double[] b, int base, int rs, int cs, int kc, int nc, double[] bp, int bpOff) {
        int full = nc / NR * NR;
        if (cs == 1) {
            // Row by row across all panels: B is read sequentially (a panel at a time would read one
            // cache line per row at a stride of a whole row, which defeats the prefetchers).
            for (int p = 0; p < kc; p++) {
                packRowContiguous(b, base + p * rs, full, kc, bp, bpOff + p * NR);
            }
        } else if (Math.abs(rs) < Math.abs(cs)) {
            // A transposed B (columns along k, e.g. Wᵀ in dY·Wᵀ): the NR columns of each row of a
            // panel are gathered, two vectors per row, and the panel is written sequentially. The
            // gather replaced a column-by-column copy with strided stores (784×50 floats: 15 -> 5.4
            // µs; 8.5 of the 46 µs of 100×50 · (784×50)ᵀ on 2 threads were this packing).
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
     * vectors where they fit inside the row (a scalar loop per element cost about 20 µs of the 56 µs
     * MNIST product 100x784 · 784x50, whose last panel is 18 columns padded to 32).
     */
    private static void packEdgeContiguous(double[] b, int src, int rs, int kc, int nr, int w, double[] bp, int dst) {
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
    private static void packRowContiguous(double[] b, int src, int full, int kc, double[] bp, int dst) {
        int step = NR * kc;
        for (int j = 0; j < full; j += NR, dst += step) {
            DoubleVector.fromArray(S, b, src + j).intoArray(bp, dst);
            DoubleVector.fromArray(S, b, src + j + L).intoArray(bp, dst + L);
        }
    }

    /** {@code {0, stride, 2·stride, ...}}: n lane offsets for gathering elements {@code stride} apart. */
    private static int[] columnOffsets(int n, int stride) {
        int[] idx = new int[n];
        for (int j = 0; j < n; j++) {
            idx[j] = j * stride;
        }
        return idx;
    }
}
