package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Element-wise ops and reductions big enough to be split over threads
 * ({@link ElementwiseLoop#PARALLEL_MIN} and around it) give the same bits for 1, 2 and 3 threads,
 * and the same bits as a plain one-element-at-a-time Java loop where that loop is the defined order
 * (element-wise add/mul/max, column sums: each column summed top to bottom); row sums and sums over
 * all elements are checked against a plain double sum to a tolerance. Contiguous, transposed,
 * strided and broadcast operands, float64 and float32.
 */
class ParallelElementwiseTest {
    private static final int[] THREADS = {1, 2, 3};
    private static final int MIN = ElementwiseLoop.PARALLEL_MIN;

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(DType.F64, new int[] {MIN - 1}),
                Arguments.of(DType.F64, new int[] {MIN + 1}),
                Arguments.of(DType.F64, new int[] {331, 257}),
                Arguments.of(DType.F64, new int[] {3, 5, 17, 311}),
                Arguments.of(DType.F64, new int[] {MIN + 33, 1}),
                Arguments.of(DType.F32, new int[] {331, 257}),
                Arguments.of(DType.F32, new int[] {2 * MIN + 7}));
    }

    private static Tensor[] operands(DType dt, int[] shape) {
        Rng rng = new Rng(7);
        Tensor a = Tensor.randn(rng, dt, shape);
        Tensor b = Tensor.randn(rng, dt, shape);
        return new Tensor[] {a, b};
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void elementwiseIsTheLoopForEveryThreadCount(DType dt, int[] shape) {
        Tensor[] ab = operands(dt, shape);
        Tensor a = ab[0];
        Tensor b = ab[1];
        int n = a.size();
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double[] sum = new double[n];
        double[] prod = new double[n];
        for (int i = 0; i < n; i++) {
            sum[i] = round(dt, x[i] + y[i]);
            prod[i] = round(dt, x[i] * y[i]);
        }
        Tensor row = Tensor.randn(new Rng(3), dt, shape[shape.length - 1]);
        double[] r = row.toDoubleArray();
        int w = r.length;
        double[] plusRow = new double[n];
        for (int i = 0; i < n; i++) {
            plusRow[i] = round(dt, x[i] + r[i % w]);
        }
        for (int t : THREADS) {
            Parallel.setThreads(t);
            assertThat(a.add(b).toDoubleArray()).as("add, %d threads", t).containsExactly(sum);
            assertThat(a.mul(b).toDoubleArray()).as("mul, %d threads", t).containsExactly(prod);
            assertThat(a.add(row).toDoubleArray()).as("row broadcast, %d threads", t).containsExactly(plusRow);
            Tensor c = a.copy();
            c.add_(b);
            assertThat(c.toDoubleArray()).as("add_, %d threads", t).containsExactly(sum);
        }
        sameForEveryThreadCount(a, u -> u.exp());
        sameForEveryThreadCount(a, u -> u.relu().sub(b.mul(0.5)));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void stridedAndTransposedViewsMatchTheirCopies(DType dt, int[] shape) {
        Tensor a = operands(dt, shape)[0];
        Tensor rev = a.slice(0, null, null, -2);
        Tensor tr = a.permute(reversed(a.rank()));
        for (int t : THREADS) {
            Parallel.setThreads(t);
            assertThat(rev.exp().toDoubleArray()).as("a[::-2].exp(), %d threads", t)
                    .containsExactly(rev.copy().exp().toDoubleArray());
            assertThat(tr.mul(tr).toDoubleArray()).as("a.T * a.T, %d threads", t)
                    .containsExactly(tr.copy().mul(tr.copy()).toDoubleArray());
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void reductionsKeepTheirOrderForEveryThreadCount(DType dt, int[] shape) {
        Tensor a = operands(dt, shape)[0];
        int rank = a.rank();
        int rows = shape[0];
        int cols = a.size() / rows;
        // Column sums of the (rows, cols) view: each column top to bottom, in double, then rounded.
        double[] x = a.toDoubleArray();
        double[] col = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                col[j] += x[i * cols + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            col[j] = round(dt, col[j]);
        }
        double total = 0;
        for (double v : x) {
            total += v;
        }
        for (int t : THREADS) {
            Parallel.setThreads(t);
            if (cols > 1) {
                assertThat(a.sum(0).toDoubleArray()).as("sum(0), %d threads", t).containsExactly(col);
            }
            assertThat(a.sum().item()).as("sum(), %d threads", t)
                    .isCloseTo(total, org.assertj.core.api.Assertions.within(1e-9 * a.size() + (dt == DType.F32 ? 1e-2 : 0)));
        }
        sameForEveryThreadCount(a, u -> u.sum(rank - 1));
        sameForEveryThreadCount(a, u -> u.max(0));
        sameForEveryThreadCount(a, u -> u.mean(rank - 1));
        sameForEveryThreadCount(a, u -> u.sum());
        sameForEveryThreadCount(a.permute(reversed(rank)), u -> u.sum(0));
        if (rank > 1) {
            sameForEveryThreadCount(a, u -> u.sum(1));
        }
    }

    private static void sameForEveryThreadCount(Tensor a, Function<Tensor, Tensor> f) {
        Parallel.setThreads(1);
        double[] one = f.apply(a).toDoubleArray();
        for (int t : THREADS) {
            Parallel.setThreads(t);
            assertThat(f.apply(a).toDoubleArray()).as("%d threads", t).containsExactly(one);
        }
    }

    private static double round(DType dt, double v) {
        return dt == DType.F32 ? (float) v : v;
    }

    private static int[] reversed(int rank) {
        int[] p = new int[rank];
        for (int d = 0; d < rank; d++) {
            p[d] = rank - 1 - d;
        }
        return p;
    }
}
