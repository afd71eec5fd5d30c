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

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"4, 96", "8, 48"})
    void packedABlocksAreAMultipleOfTheTileRows(int bytes, int mc) {
        assertThat(GemmSchedule.mc(bytes, 4)).isEqualTo(mc);
        assertThat(GemmSchedule.mc(bytes, 8) % 8).isZero();
    }
}
