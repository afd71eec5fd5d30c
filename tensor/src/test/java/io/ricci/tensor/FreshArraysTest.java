package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Results allocated without zeroing ({@link FreshArrays}) are written entirely before they are
 * returned: the heap is first filled with sentinel arrays and released, so a result element that a
 * kernel skipped would show the sentinel (or other stale bits) instead of the reference value.
 */
class FreshArraysTest {
    private static final float SENTINEL = -77.25f;

    private static boolean staleSeen;

    /**
     * Only compiled code skips the zeroing (the interpreter's allocation clears), so call the
     * allocators until C2 has compiled them, which shows as sentinel values in a fresh array.
     */
    @BeforeAll
    static void compileTheAllocators() {
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (int i = 0; !staleSeen && System.nanoTime() < deadline; i++) {
            if (i % 64 == 0) {
                litterHeap();
            }
            staleSeen = hasSentinel(FreshArrays.floats(4096));
            FreshArrays.doubles(16);
        }
    }

    private static boolean hasSentinel(float[] f) {
        for (float v : f) {
            if (v == SENTINEL) {
                return true;
            }
        }
        return false;
    }

    @Test
    void surefirePassesTheExportSoResultsSkipZeroing() {
        // The build's argLine carries --add-exports java.base/jdk.internal.misc=ALL-UNNAMED; if it
        // went missing, this module would silently fall back to zeroed arrays.
        assertThat(FreshArrays.UNZEROED).isTrue();
        // ...and the arrays really come back unzeroed, so the test below can catch a skipped element.
        assertThat(staleSeen).as("a fresh array showed stale heap contents").isTrue();
        assertThat(FreshArrays.floats(0)).isEmpty();
        assertThat(FreshArrays.doubles(5)).hasSize(5);
    }

    @ParameterizedTest(name = "{0}x{1} @ {1}x{2}")
    @CsvSource({"0, 3, 4", "1, 1, 1", "7, 0, 9", "15, 16, 17", "33, 31, 1", "1, 64, 50", "100, 50, 49", "101, 7, 129"})
    void productsAndElementwiseResultsHaveNoStaleElements(int m, int k, int n) {
        Rng rng = new Rng(m * 1000L + k * 10L + n);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor a = Tensor.randn(rng, dt, m, k);
            Tensor b = Tensor.randn(rng, dt, k, n);
            Tensor bias = Tensor.randn(rng, dt, n);
            for (int round = 0; round < 20; round++) {
                litterHeap();
                Tensor fresh = a.matmul(b);
                Tensor zeroed = a.matmul(b, Tensor.zeros(dt, m, n));
                assertThat(fresh.toDoubleArray()).as("%s matmul round %d", dt, round).containsExactly(zeroed.toDoubleArray());
                Tensor t = a.T().matmul(a);
                assertThat(t.toDoubleArray()).as("%s transposed product", dt)
                        .containsExactly(a.T().matmul(a, Tensor.zeros(dt, k, k)).toDoubleArray());
                Tensor sum = zeroed.add(bias);
                double[] z = zeroed.toDoubleArray();
                double[] bs = bias.toDoubleArray();
                double[] expected = new double[z.length];
                for (int i = 0; i < z.length; i++) {
                    expected[i] = dt == DType.F32 ? (float) ((float) z[i] + (float) bs[i % n]) : z[i] + bs[i % n];
                }
                assertThat(sum.toDoubleArray()).as("%s broadcast add", dt).containsExactly(expected);
                double[] negT = new double[z.length];
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < m; i++) {
                        negT[j * m + i] = -z[i * n + j];
                    }
                }
                assertThat(zeroed.T().mul(-1.0).toDoubleArray()).as("%s negated transpose", dt).containsExactly(negT);
            }
        }
    }

    /** Allocates and drops a few MB of arrays full of the sentinel, so fresh allocations reuse them. */
    static void litterHeap() {
        List<float[]> junk = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            float[] f = new float[16384];
            Arrays.fill(f, SENTINEL);
            junk.add(f);
        }
        assertThat(junk).hasSize(64);
    }
}
