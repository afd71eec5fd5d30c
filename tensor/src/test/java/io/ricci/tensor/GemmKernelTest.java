package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API GEMM kernels against the scalar reference kernels ({@link GemmScalarF32},
 * {@link GemmScalarF64}) over sizes around the tile, lane and block sizes, operand layouts with any
 * strides (row-major, transposed, stepped, reversed, broadcast), alpha/beta, and 1 or 2 threads.
 * The tolerance is {@code (k+2)·eps·(|alpha|·(|A||B|)[i][j] + |beta·C0[i][j]|)}.
 */
class GemmKernelTest {
    /** Sizes straddling MR=4, NR=2·lanes (16/8), and primes; the extra cases below cross KC, MC and NC. */
    static final int[] SIZES = {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 37, 101};

    enum Kind { ROW_MAJOR, COL_MAJOR, STEPPED, REVERSED, BROADCAST_ROWS, BROADCAST_COLS }

    /** An operand: rows×cols elements at {@code data[off + i·rs + j·cs]} inside a padded array. */
    record Operand(int rows, int cols, int off, int rs, int cs, double[] data) {
        static Operand make(Kind kind, int rows, int cols, Rng rng) {
            int r = Math.max(rows, 1), c = Math.max(cols, 1);
            int off, rs, cs, len;
            switch (kind) {
                case ROW_MAJOR -> { off = 0; rs = c; cs = 1; len = r * c; }
                case COL_MAJOR -> { off = 0; rs = 1; cs = r; len = r * c; }
                case STEPPED -> { off = 5; rs = 2 * c + 3; cs = 2; len = 5 + r * (2 * c + 3); }
                case REVERSED -> { off = (r - 1) * c + (c - 1); rs = -c; cs = -1; len = r * c; }
                case BROADCAST_ROWS -> { off = 1; rs = 0; cs = 1; len = c + 1; }
                default -> { off = 0; rs = 1; cs = 0; len = r; }
            }
            double[] d = new double[len];
            for (int i = 0; i < len; i++) {
                d[i] = rng.nextDouble() * 2 - 1;
            }
            return new Operand(rows, cols, off, rs, cs, d);
        }

        float[] f32() {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) data[i];
            }
            return f;
        }

        double[] abs() {
            double[] a = data.clone();
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.abs(a[i]);
            }
            return a;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Rng rng = new Rng(2024);
        Kind[] kinds = Kind.values();
        int idx = 0;
        for (int m : SIZES) {
            for (int n : SIZES) {
                // One k per (m, n) pair keeps the table small while every size appears as m, n and k.
                int k = SIZES[(idx * 7 + 3) % SIZES.length];
                Kind ka = kinds[idx % kinds.length];
                Kind kb = kinds[(idx / kinds.length) % kinds.length];
                out.add(Arguments.of(m, n, k, ka, kb, idx % 3 == 0 ? 2 : 1, rng.nextLong()));
                idx++;
            }
        }
        // Blocking: k spans several KC blocks, m several MC blocks, n several NC blocks and threads.
        int kc = GemmPanamaF32.KC;
        int mc = Math.max(GemmPanamaF32.MC, GemmPanamaF64.MC);
        out.add(Arguments.of(mc + 6, 40, kc + 16, Kind.ROW_MAJOR, Kind.ROW_MAJOR, 1, 11L));
        out.add(Arguments.of(mc + 6, 130, 2 * kc + 8, Kind.ROW_MAJOR, Kind.ROW_MAJOR, 2, 12L));
        out.add(Arguments.of(2 * mc + 13, 37, kc + 1, Kind.COL_MAJOR, Kind.STEPPED, 2, 13L));
        out.add(Arguments.of(37, 301, 129, Kind.STEPPED, Kind.COL_MAJOR, 2, 14L));
        out.add(Arguments.of(211, 203, 100, Kind.REVERSED, Kind.BROADCAST_ROWS, 2, 15L));
        out.add(Arguments.of(5, 2 * GemmPanamaF32.NC + 52, 3, Kind.ROW_MAJOR, Kind.ROW_MAJOR, 2, 16L));
        out.add(Arguments.of(3, 3, 1000, Kind.ROW_MAJOR, Kind.COL_MAJOR, 2, 17L));
        // Above the parallel threshold (4M multiply-adds): row chunks from a shared counter (several
        // KC and NC blocks), and the column split used when C has few rows.
        out.add(Arguments.of(45, 517, 300, Kind.ROW_MAJOR, Kind.ROW_MAJOR, 2, 18L));
        out.add(Arguments.of(517, 45, 300, Kind.COL_MAJOR, Kind.COL_MAJOR, 2, 19L));
        out.add(Arguments.of(40, GemmPanamaF32.NC + 76, 100, Kind.ROW_MAJOR, Kind.STEPPED, 2, 24L));
        out.add(Arguments.of(20, 4000, 60, Kind.ROW_MAJOR, Kind.ROW_MAJOR, 2, 25L));
        out.add(Arguments.of(13, 3001, 2 * GemmPanamaF32.KC + 5, Kind.STEPPED, Kind.COL_MAJOR, 2, 26L));
        // A last column panel of a few columns: the MNIST layer, a k that is not a whole number of
        // vectors, and the column split of a C with few rows.
        out.add(Arguments.of(100, 50, 262, Kind.ROW_MAJOR, Kind.ROW_MAJOR, 2, 27L));
        out.add(Arguments.of(29, 52, 1001, Kind.ROW_MAJOR, Kind.STEPPED, 1, 28L));
        out.add(Arguments.of(21, 50, 3000, Kind.ROW_MAJOR, Kind.COL_MAJOR, 2, 29L));
        out.add(Arguments.of(7, 49, 13, Kind.ROW_MAJOR, Kind.REVERSED, 1, 30L));
        // A wide C with rows enough to share (row ranges, each thread packing all of B): dY·Wᵀ at the
        // MNIST sizes, ragged rows and columns past one NC block, and a C exactly four row units per thread.
        out.add(Arguments.of(100, 784, 50, Kind.ROW_MAJOR, Kind.COL_MAJOR, 2, 31L));
        out.add(Arguments.of(101, GemmPanamaF32.NC + 6, 37, Kind.ROW_MAJOR, Kind.STEPPED, 2, 32L));
        out.add(Arguments.of(64, 600, 20, Kind.COL_MAJOR, Kind.COL_MAJOR, 2, 33L));
        // Matrix-vector fast paths (n = 1 with unit-stride rows of A, m = 1 with unit-stride rows of B).
        for (int len : new int[] {1, 7, 8, 31, 33, 67, 1000}) {
            out.add(Arguments.of(len, 1, 37, Kind.ROW_MAJOR, Kind.COL_MAJOR, 1, 20L + len));
            out.add(Arguments.of(29, 1, len, Kind.ROW_MAJOR, Kind.ROW_MAJOR, 2, 21L + len));
            out.add(Arguments.of(1, len, 37, Kind.ROW_MAJOR, Kind.ROW_MAJOR, 1, 22L + len));
            out.add(Arguments.of(1, 29, len, Kind.COL_MAJOR, Kind.ROW_MAJOR, 2, 23L + len));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} A={3} B={4} threads={5}")
    @MethodSource("cases")
    void float32MatchesReference(int m, int n, int k, Kind ka, Kind kb, int threads, long seed) {
        check(DType.F32, m, n, k, ka, kb, threads, seed, 1.0, 0.0, Kind.ROW_MAJOR);
    }

    /** Row-major A is read in place by default; these cases force the packed path for it too. */
    @ParameterizedTest(name = "packed A: m={0} n={1} k={2} A={3} B={4} threads={5}")
    @MethodSource("cases")
    void packedRowMajorAMatchesReference(int m, int n, int k, Kind ka, Kind kb, int threads, long seed) {
        int saved = GemmSchedule.directMaxN;
        try {
            GemmSchedule.directMaxN = 0;
            check(DType.F32, m, n, k, Kind.ROW_MAJOR, kb, threads, seed, 1.0, 0.0, Kind.ROW_MAJOR);
            check(DType.F64, m, n, k, Kind.ROW_MAJOR, kb, threads, seed, 1.0, 0.0, Kind.ROW_MAJOR);
        } finally {
            GemmSchedule.directMaxN = saved;
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} A={3} B={4} threads={5}")
    @MethodSource("cases")
    void float64MatchesReference(int m, int n, int k, Kind ka, Kind kb, int threads, long seed) {
        check(DType.F64, m, n, k, ka, kb, threads, seed, 1.0, 0.0, Kind.ROW_MAJOR);
    }

    static Stream<Arguments> alphaBeta() {
        return Stream.of(
                Arguments.of(2.5, 0.0), Arguments.of(-1.0, 1.0), Arguments.of(0.5, -2.0),
                Arguments.of(0.0, 3.0), Arguments.of(1.0, 1.0));
    }

    @ParameterizedTest(name = "alpha={0} beta={1}")
    @MethodSource("alphaBeta")
    void alphaAndBetaScaleProductAndOldC(double alpha, double beta) {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (int threads = 1; threads <= 2; threads++) {
                check(dt, 33, 47, GemmPanamaF32.KC + 44, Kind.ROW_MAJOR, Kind.ROW_MAJOR, threads, 99, alpha, beta, Kind.ROW_MAJOR);
                check(dt, 130, 129, 260, Kind.COL_MAJOR, Kind.ROW_MAJOR, threads, 98, alpha, beta, Kind.STEPPED);
                check(dt, 17, 9, 0, Kind.ROW_MAJOR, Kind.ROW_MAJOR, threads, 97, alpha, beta, Kind.COL_MAJOR);
                check(dt, 45, 1, 70, Kind.ROW_MAJOR, Kind.ROW_MAJOR, threads, 96, alpha, beta, Kind.STEPPED);
                check(dt, 1, 45, 70, Kind.ROW_MAJOR, Kind.ROW_MAJOR, threads, 95, alpha, beta, Kind.ROW_MAJOR);
                // A narrow C read in place (alpha 1), split by rows with two threads, over two KC blocks.
                check(dt, 100, 50, GemmPanamaF32.KC + 36, Kind.ROW_MAJOR, Kind.ROW_MAJOR, threads, 94, alpha, beta, Kind.STEPPED);
                check(dt, 100, 50, GemmPanamaF32.KC + 36, Kind.ROW_MAJOR, Kind.ROW_MAJOR, threads, 93, alpha, beta, Kind.ROW_MAJOR);
            }
        }
    }

    /** Threads split whole tiles and every element keeps its order of FMAs: 1 and 2 threads agree bit for bit. */
    @ParameterizedTest(name = "m={0} n={1} k={2} A={3} B={4}")
    @org.junit.jupiter.params.provider.CsvSource({
        "100, 50, 400, ROW_MAJOR, ROW_MAJOR", "300, 50, 100, COL_MAJOR, ROW_MAJOR",
        "60, 300, 50, ROW_MAJOR, COL_MAJOR", "517, 45, 300, COL_MAJOR, COL_MAJOR", "37, 301, 129, STEPPED, COL_MAJOR",
        "100, 50, 784, ROW_MAJOR, ROW_MAJOR", "101, 52, 262, ROW_MAJOR, STEPPED", "20, 50, 3000, ROW_MAJOR, ROW_MAJOR",
        "20, 98, 3000, ROW_MAJOR, ROW_MAJOR", "100, 784, 50, ROW_MAJOR, COL_MAJOR", "101, 1100, 37, ROW_MAJOR, STEPPED"})
    void twoThreadsGiveTheSameBitsAsOne(int m, int n, int k, Kind ka, Kind kb) {
        Rng rng = new Rng(m * 31L + n);
        Operand a = Operand.make(ka, m, k, rng);
        Operand b = Operand.make(kb, k, n, rng);
        float[] af = a.f32(), bf = b.f32();
        float[] c1 = new float[m * n], c2 = new float[m * n];
        GemmPanamaF32 g = new GemmPanamaF32();
        g.gemm(m, n, k, 1f, af, a.off(), a.rs(), a.cs(), bf, b.off(), b.rs(), b.cs(), 0f, c1, 0, n, 1, 1);
        for (int rep = 0; rep < 3; rep++) {
            g.gemm(m, n, k, 1f, af, a.off(), a.rs(), a.cs(), bf, b.off(), b.rs(), b.cs(), 0f, c2, 0, n, 1, 2);
            assertThat(c2).as("repetition %d", rep).containsExactly(c1);
        }
    }

    /**
     * Reading A in place and packing it run different kernels over the same FMA chains, so they give
     * the same bits; einsum relies on it (an out= result computed through other strides, a transposed
     * formulation of the same product).
     */
    @ParameterizedTest(name = "m={0} n={1} k={2} threads={3}")
    @org.junit.jupiter.params.provider.CsvSource({
        "100, 50, 784, 1", "100, 50, 784, 2", "101, 52, 262, 1", "7, 49, 13, 1", "29, 3, 1001, 2", "33, 64, 17, 2"})
    void directAndPackedAGiveTheSameBits(int m, int n, int k, int threads) {
        Rng rng = new Rng(m * 131L + n * 7L + k);
        Operand a = Operand.make(Kind.ROW_MAJOR, m, k, rng);
        Operand b = Operand.make(Kind.ROW_MAJOR, k, n, rng);
        float[] af = a.f32(), bf = b.f32();
        float[] direct = new float[m * n], packed = new float[m * n];
        double[] directD = new double[m * n], packedD = new double[m * n];
        new GemmPanamaF32().gemm(m, n, k, 1f, af, 0, k, 1, bf, 0, n, 1, 0f, direct, 0, n, 1, threads);
        new GemmPanamaF64().gemm(m, n, k, 1, a.data(), 0, k, 1, b.data(), 0, n, 1, 0, directD, 0, n, 1, threads);
        int saved = GemmSchedule.directMaxN;
        try {
            GemmSchedule.directMaxN = 0;
            new GemmPanamaF32().gemm(m, n, k, 1f, af, 0, k, 1, bf, 0, n, 1, 0f, packed, 0, n, 1, threads);
            new GemmPanamaF64().gemm(m, n, k, 1, a.data(), 0, k, 1, b.data(), 0, n, 1, 0, packedD, 0, n, 1, threads);
        } finally {
            GemmSchedule.directMaxN = saved;
        }
        assertThat(packed).containsExactly(direct);
        assertThat(packedD).containsExactly(directD);
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        float[] a = {1, 2, 3, 4};
        float[] b = {1, 0, 0, 1};
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        new GemmPanamaF32().gemm(2, 2, 2, 1f, a, 0, 2, 1, b, 0, 2, 1, 0f, c, 0, 2, 1, 1);
        assertThat(c).containsExactly(1, 2, 3, 4);
        double[] cd = {Double.NaN, Double.NaN};
        new GemmPanamaF64().gemm(1, 2, 0, 1.0, new double[0], 0, 0, 1, new double[0], 0, 2, 1, 0.0, cd, 0, 2, 1, 2);
        assertThat(cd).containsExactly(0.0, 0.0);
    }

    @Test
    void cOutsideTheBlockIsUntouched() {
        // C is a 9×10 window (row stride 13) inside a sentinel-filled array: padding must survive.
        Rng rng = new Rng(5);
        float[] a = new float[9 * 20];
        float[] b = new float[20 * 10];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextFloat();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextFloat();
        }
        float[] c = new float[3 + 9 * 13];
        java.util.Arrays.fill(c, -7f);
        new GemmPanamaF32().gemm(9, 10, 20, 1f, a, 0, 20, 1, b, 0, 10, 1, 0f, c, 3, 13, 1, 2);
        for (int p = 0; p < c.length; p++) {
            int rel = p - 3;
            boolean inside = rel >= 0 && rel % 13 < 10 && rel / 13 < 9;
            if (!inside) {
                assertThat(c[p]).as("padding at %d", p).isEqualTo(-7f);
            } else {
                assertThat(c[p]).as("element at %d", p).isNotEqualTo(-7f);
            }
        }
    }

    @Test
    void providerPicksVectorKernelsWhenModulePresent() {
        // Surefire runs with --add-modules=jdk.incubator.vector, so the SIMD kernels must be in use.
        assertThat(Kernels.vectorized()).isTrue();
        assertThat(Kernels.GEMM_F32).isInstanceOf(GemmPanamaF32.class);
        assertThat(Kernels.GEMM_F64).isInstanceOf(GemmPanamaF64.class);
    }

    // ---------------------------------------------------------------- checking

    private static void check(DType dt, int m, int n, int k, Kind ka, Kind kb, int threads, long seed,
            double alpha, double beta, Kind kc) {
        Rng rng = new Rng(seed);
        Operand a = Operand.make(ka, m, k, rng);
        Operand b = Operand.make(kb, k, n, rng);
        Operand c0 = Operand.make(kc, m, n, rng);
        // Magnitude bound: |alpha|·(|A||B|) + |beta|·|C0|, computed by the reference in double.
        double[] bound = new double[Math.max(1, m * n)];
        GemmScalarF64.INSTANCE.gemm(m, n, k, Math.abs(alpha), a.abs(), a.off, a.rs, a.cs, b.abs(), b.off, b.rs,
                b.cs, 0.0, bound, 0, n, 1, 1);
        double eps = dt == DType.F32 ? 0x1p-23 : 0x1p-52;
        double[] got = new double[m * n];
        double[] want = new double[m * n];
        if (dt == DType.F32) {
            float[] cs = c0.f32();
            float[] cr = c0.f32();
            new GemmPanamaF32().gemm(m, n, k, (float) alpha, a.f32(), a.off, a.rs, a.cs, b.f32(), b.off, b.rs, b.cs,
                    (float) beta, cs, c0.off, c0.rs, c0.cs, threads);
            GemmScalarF32.INSTANCE.gemm(m, n, k, (float) alpha, a.f32(), a.off, a.rs, a.cs, b.f32(), b.off, b.rs,
                    b.cs, (float) beta, cr, c0.off, c0.rs, c0.cs, 1);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    got[i * n + j] = cs[c0.off + i * c0.rs + j * c0.cs];
                    want[i * n + j] = cr[c0.off + i * c0.rs + j * c0.cs];
                }
            }
        } else {
            double[] cs = c0.data.clone();
            double[] cr = c0.data.clone();
            new GemmPanamaF64().gemm(m, n, k, alpha, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs,
                    beta, cs, c0.off, c0.rs, c0.cs, threads);
            GemmScalarF64.INSTANCE.gemm(m, n, k, alpha, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs,
                    beta, cr, c0.off, c0.rs, c0.cs, 1);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    got[i * n + j] = cs[c0.off + i * c0.rs + j * c0.cs];
                    want[i * n + j] = cr[c0.off + i * c0.rs + j * c0.cs];
                }
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double old = Math.abs(beta * c0.data[c0.off + i * c0.rs + j * c0.cs]);
                double tol = (k + 2) * eps * (bound[i * n + j] + old) + 1e-30;
                double g = got[i * n + j];
                double w = want[i * n + j];
                if (!(Math.abs(g - w) <= tol)) {
                    throw new AssertionError(dt + " m=" + m + " n=" + n + " k=" + k + " A=" + ka + " B=" + kb
                            + " C=" + kc + " threads=" + threads + " alpha=" + alpha + " beta=" + beta + ": C[" + i
                            + "," + j + "] = " + g + ", reference " + w + " ± " + tol);
                }
            }
        }
    }
}
