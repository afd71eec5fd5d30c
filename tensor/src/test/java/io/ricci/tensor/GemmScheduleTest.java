package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ricci.tensor.GemmSchedule.Split;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The GEMM's choice of split, as a decision on shapes alone (no kernel runs): the matrix-vector
 * shortcuts, one thread below the work threshold, and the three multi-threaded splits, with the
 * tile of the 256-bit float32 kernels (MR 4, NR 16) and of the 512-bit ones (NR 32).
 */
class GemmScheduleTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            matrix-vector                  | 1000 |    1 | 1000 | 1 | 1 | 1 | 1 | 2 | 16 | DOT_PER_ROW       | 1
            vector-matrix                  |    1 | 1000 | 1000 | 1 | 1 | 1 | 1 | 2 | 16 | AXPY_PER_ROW      | 1
            strided B row: no shortcut     |    1 | 1000 | 1000 | 1 | 1 | 1 | 1000 | 2 | 16 | COLUMN_RANGES | 2
            small square                   |   64 |   64 |   63 | 1 | 1 | 1 | 1 | 2 | 16 | SERIAL            | 1
            one thread asked               | 1000 | 1000 | 1000 | 1 | 1 | 1 | 1 | 1 | 16 | SERIAL            | 1
            square, packed A               | 1000 | 1000 | 1000 | 1 | 1 | 1 | 1 | 2 | 16 | SHARED_ROW_CHUNKS | 2
            square, alpha 2 (packed)       |  512 |   64 |  512 | 2 | 1 | 1 | 1 | 2 | 16 | SHARED_ROW_CHUNKS | 2
            MNIST X·W1, A read in place    |  100 |   50 |  784 | 1 | 1 | 1 | 1 | 2 | 16 | ROW_RANGES        | 2
            MNIST dX = dY·Wᵀ, 256-bit      |  100 |  784 |   50 | 1 | 1 | 1 | 50 | 2 | 16 | ROW_RANGES       | 2
            MNIST dX = dY·Wᵀ, 512-bit      |  100 |  784 |   50 | 1 | 1 | 1 | 50 | 2 | 32 | ROW_RANGES       | 2
            wide C, few rows               |   20 | 3000 |  100 | 1 | 1 | 1 | 1 | 2 | 16 | COLUMN_RANGES     | 2
            wide C, not 4x wider           |  300 |  900 |  100 | 1 | 1 | 1 | 1 | 2 | 32 | SHARED_ROW_CHUNKS | 2
            wide C, rows to share          |  200 |  900 |  100 | 1 | 1 | 1 | 1 | 2 | 32 | ROW_RANGES        | 2
            narrow C in place, few rows    |   12 |   60 | 5000 | 1 | 1 | 1 | 1 | 2 | 16 | COLUMN_RANGES     | 2
            one panel: one thread          |    4 |   16 | 9000 | 1 | 1 | 1 | 1 | 8 | 16 | SERIAL            | 1
            two panels, tall k             |    4 |   17 | 9000 | 1 | 1 | 1 | 1 | 8 | 16 | COLUMN_RANGES     | 2
            threads capped by row tiles    |   13 |   12 | 9000 | 3 | 7 | 1 | 1 | 8 | 16 | ROW_RANGES        | 4
            """)
    void choosesTheSplit(String what, int m, int n, int k, double alpha, int aCs, int bRs, int bCs, int threads,
            int nr, Split split, int used) {
        GemmSchedule.Plan plan = GemmSchedule.plan(m, n, k, alpha, aCs, bRs, bCs, 1, threads, 4, nr);
        assertThat(plan.split()).as(what).isEqualTo(split);
        assertThat(plan.threads()).as(what).isEqualTo(used);
    }

    @ParameterizedTest(name = "n={0} alpha={1} aCs={2}")
    @CsvSource({"64, 1, 1, true", "65, 1, 1, false", "50, 0.5, 1, false", "50, 1, 784, false", "1, 1, 1, true"})
    void readsARowMajorAInPlaceOnlyForANarrowCAndAlphaOne(int n, double alpha, int aCs, boolean direct) {
        assertThat(GemmSchedule.direct(n, alpha, aCs)).isEqualTo(direct);
    }

    /**
     * The blocking model's arithmetic on the caches of the machines this project has run on, and on
     * caches too small or too large to use as they are: (l1d, l2, l3 per core in KiB, element bytes,
     * NR) -> (KC, MC, NC). MR is 4, so MC steps by 16 rows.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            EPYC AVX2 float32    |   32 |   512 |   16384 | 4 | 16 |  384 |   32 | 4096
            EPYC AVX2 float64    |   32 |   512 |   16384 | 8 |  8 |  384 |   16 | 2728
            Zen 5 float32        |   48 |  1024 |   16384 | 4 | 32 |  288 |  112 | 4096
            Zen 5 float64        |   48 |  1024 |   16384 | 8 | 16 |  288 |   48 | 3632
            tiny caches: minimum |    4 |    16 |      64 | 4 | 32 |   64 |   16 |  128
            huge caches: maximum | 1024 | 65536 | 1048576 | 8 | 16 | 1024 | 1024 | 4096
            fallback sizes f32   |   32 |   512 |    2048 | 4 | 16 |  384 |   32 |  672
            """)
    void derivesTheBlockingFromTheCaches(String what, long l1, long l2, long l3, int bytes, int nr, int kc, int mc, int nc) {
        CpuCaches caches = new CpuCaches(l1 << 10, l2 << 10, l3 << 10, "test");
        GemmSchedule.Blocking b = GemmSchedule.blocking(caches, bytes, 4, nr);
        assertThat(b).as(what).isEqualTo(new GemmSchedule.Blocking(kc, mc, nc));
        // the packed panels fit the levels they were sized for
        assertThat((long) kc * nr * bytes).as(what + ": B micro-panel").isLessThanOrEqualTo(Math.max(l1 << 10, 64L * nr * bytes));
        assertThat(mc % 4).isZero();
        assertThat(nc % nr).isZero();
    }

    @org.junit.jupiter.api.Test
    void propertiesOverrideTheModel() {
        CpuCaches caches = new CpuCaches(32 << 10, 512 << 10, 16 << 20, "test");
        System.setProperty("ricci.gemm.kc", "100");
        System.setProperty("ricci.gemm.mc", "30");
        System.setProperty("ricci.gemm.nc", "777");
        try {
            assertThat(GemmSchedule.blocking(caches, 4, 4, 16)).isEqualTo(new GemmSchedule.Blocking(100, 32, 777));
        } finally {
            System.clearProperty("ricci.gemm.kc");
            System.clearProperty("ricci.gemm.mc");
            System.clearProperty("ricci.gemm.nc");
        }
    }
}
