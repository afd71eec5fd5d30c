package io.ricci.tensor;

/**
 * How one product {@code C = alpha·A·B + beta·C} is run: every threshold of the GEMM and the choice
 * of split across threads, in one place and free of dtype and Vector API, so that the decision can
 * be tested on its own ({@code GemmScheduleTest}). The kernels pass their tile shape: MR rows (the
 * eight-row kernels step 2·MR) and NR columns per micro-tile.
 *
 * <p>Whatever the plan, each element of C is the same chain of FMAs over k in the same KC blocks,
 * so results do not depend on the split or the thread count.
 */
final class GemmSchedule {
    /**
     * Below this many multiply-adds (about 4 µs of work, n ≈ 64 for square matrices) one thread is
     * faster than handing work to another: a spinning {@link Parallel} worker takes well under a
     * microsecond to start, a parked one tens. {@code -Dricci.gemm.parallelMin}.
     */
    static long parallelMin = Math.max(1, Long.getLong("ricci.gemm.parallelMin", 1L << 18));
    /** Fewest elements of a B block that all threads pack together rather than the caller alone. */
    static final long PARALLEL_PACK_MIN = 1 << 14;
    /**
     * Widest C (columns) whose row-major A is read in place rather than packed: packing copies each
     * element to reuse it once per NR-column panel, which does not pay for a few panels (the MNIST
     * layer products have n = 50), while for wide C the MR rows read in place lie a row apart (same
     * cache sets and pages): 1000³ with 2 threads ran at 95 GFLOPS in place and 137 packed.
     * {@code -Dricci.gemm.directMaxN}; tests set it to 0 to run the packed path.
     */
    static int directMaxN = Math.max(0, Integer.getInteger("ricci.gemm.directMaxN", 64));

    private GemmSchedule() {
    }

    /**
     * The packed blocks of one kernel family: KC deep, MC rows of A (a multiple of MR), NC columns of B.
     */
    record Blocking(int kc, int mc, int nc) {
    }

    /**
     * The blocking for a kernel of {@code bytes}-wide elements and an {@code mr} × {@code nr} tile on
     * a machine with {@code caches}, by the analytical model of BLIS (Low et al., "Analytical modeling
     * is enough for high-performance BLIS", TOMS 2016) rather than by sizes tuned on one CPU:
     * <ul>
     * <li>KC: the KC×NR micro-panel of B is reused by every row panel of A, so it should stay in L1;
     * it gets three quarters of L1d, the rest holds the streaming MR×KC panel of A and the C tile.
     * (On a 32 KiB L1 with 16 float32 columns this is 384, which beat 256 by 10-20% and equalled 512
     * when it was tuned by hand on an AVX2 EPYC.)
     * <li>MC: the MC×KC block of A is reread once per column panel, so it should stay in L2; it gets
     * an eighth of L2. The textbook half was slower: on a Zen 5 (1 MiB L2) float64 2048³ ran at
     * 114-116 GFLOPS with MC 48 and 75-107 with 224 (interleaved rounds), the A block evidently
     * competing with the B panels streaming through L2 and the hardware prefetchers' lines.
     * <li>NC: the KC×NC block of B is reread once per MC block, so it should stay in this core's share
     * of the last-level cache; it gets half of that share.
     * </ul>
     * Each is rounded down to what the kernels step by (16 for KC, 4·MR rows, NR columns) and kept in a
     * range where the loops stay efficient whatever a VM reports. {@code -Dricci.gemm.kc}, {@code .mc}
     * and {@code .nc} override the results; docs/tuning.md explains the model.
     */
    static Blocking blocking(CpuCaches caches, int bytes, int mr, int nr) {
        int kc = clamp(caches.l1d() * 3 / 4 / ((long) nr * bytes), 16, 64, 1024);
        kc = Math.max(1, Integer.getInteger("ricci.gemm.kc", kc));
        int mc = clamp(caches.l2() / 8 / ((long) kc * bytes), 4L * mr, 4L * mr, 1024);
        Integer mcProp = Integer.getInteger("ricci.gemm.mc");
        if (mcProp != null) {
            mc = (Math.max(1, mcProp) + mr - 1) / mr * mr;
        }
        int nc = clamp(caches.l3PerCore() / 2 / ((long) kc * bytes), nr, 4L * nr, 4096);
        nc = Math.max(1, Integer.getInteger("ricci.gemm.nc", nc));
        return new Blocking(kc, mc, nc);
    }

    /** {@code v} rounded down to a multiple of {@code step}, within [min, max] (max rounded down too). */
    private static int clamp(long v, long step, long min, long max) {
        long hi = Math.max(min, max / step * step);
        return (int) Math.min(hi, Math.max(min, v / step * step));
    }

    /** Whether A is read in place: row-major, alpha 1 (packing folds alpha in), C narrow. */
    static boolean direct(int n, double alpha, int aCs) {
        return alpha == 1 && aCs == 1 && n <= directMaxN;
    }

    /** The ways a product is run. */
    enum Split {
        /** n = 1 with contiguous rows of A and a contiguous B: one dot product per row of C. */
        DOT_PER_ROW,
        /** m = 1 with contiguous rows of B and C: one axpy per row of B. */
        AXPY_PER_ROW,
        /** One thread, blocked and packed. */
        SERIAL,
        /** Ranges of whole 2·MR-row units, one per thread, each packing all of B itself. */
        ROW_RANGES,
        /** Ranges of whole NR-column panels, one per thread, each packing its part of B and all of A. */
        COLUMN_RANGES,
        /** Each B block packed once and shared; threads take chunks of rows from a counter. */
        SHARED_ROW_CHUNKS
    }

    /** A split and the number of threads it uses. */
    record Plan(Split split, int threads) {
    }

    /**
     * The plan for an m×k by k×n product with k > 0 and alpha ≠ 0, given the strides that matter,
     * at most {@code threads} threads, and the kernels' tile of {@code mr} × {@code nr}.
     */
    static Plan plan(int m, int n, int k, double alpha, int aCs, int bRs, int bCs, int cCs, int threads, int mr,
            int nr) {
        // Matrix-vector shapes: packing would copy a whole operand to use it once, and a tile would
        // compute mostly padding.
        if (n == 1 && aCs == 1 && bRs == 1) {
            return new Plan(Split.DOT_PER_ROW, 1);
        }
        if (m == 1 && bCs == 1 && cCs == 1) {
            return new Plan(Split.AXPY_PER_ROW, 1);
        }
        long work = (long) m * n * k;
        int t = (int) Math.max(1, Math.min(threads, work / parallelMin));
        t = Math.min(t, n >= m ? (n + nr - 1) / nr : (m + mr - 1) / mr);
        if (t <= 1) {
            return new Plan(Split.SERIAL, 1);
        }
        int units = (m + 2 * mr - 1) / (2 * mr);
        int panels = (n + nr - 1) / nr;
        if (n >= 4 * m && panels >= 8 * t) {
            // A wide C. With rows enough to share, row ranges: each thread then writes one contiguous
            // stretch of C, which matters when C is a fresh result in memory not touched since the
            // last collection. With few rows, column ranges: no shared
            // packing of B, each thread packs the small A itself.
            return new Plan(units >= 4 * t ? Split.ROW_RANGES : Split.COLUMN_RANGES, t);
        }
        if ((m + mr - 1) / mr >= 4 * t && !direct(n, alpha, aCs)) {
            return new Plan(Split.SHARED_ROW_CHUNKS, t);
        }
        // A narrow C whose A is read in place: B is small, so each thread packing all of it costs
        // less than shared chunks' hand-off per KC block with the caller packing alone.
        return new Plan(n >= m ? Split.COLUMN_RANGES : Split.ROW_RANGES, t);
    }
}
