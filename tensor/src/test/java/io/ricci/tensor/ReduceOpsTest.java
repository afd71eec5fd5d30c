package io.ricci.tensor;

import static io.ricci.tensor.ElementwiseTestSupport.layouts;
import static io.ricci.tensor.ElementwiseTestSupport.randn;
import static io.ricci.tensor.ElementwiseTestSupport.unravel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import io.ricci.tensor.ElementwiseTestSupport.Named;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reductions against a direct oracle that visits every element with {@link Tensor#get} and folds it
 * into the output cell its reduced indices collapse to, in double; every axis subset, keepdims,
 * both dtypes, non-contiguous layouts, zero-size dims; plus softmax, logsumexp, argmax, var.
 */
class ReduceOpsTest {
    enum Kind { SUM, MEAN, PROD, MAX, MIN }

    static final int[][] SHAPES = {{}, {0}, {1}, {17}, {1009}, {3, 0}, {0, 4}, {2, 15}, {31, 3}, {16, 33}, {5, 2, 17},
        {3, 1, 4, 7}};

    /** Every subset of {@code 0..rank-1} as axes lists (the empty list means "all" to the API). */
    static List<int[]> subsets(int rank) {
        List<int[]> out = new ArrayList<>();
        for (int mask = 0; mask < 1 << rank; mask++) {
            int[] ax = new int[Integer.bitCount(mask)];
            for (int d = 0, k = 0; d < rank; d++) {
                if ((mask & 1 << d) != 0) {
                    ax[k++] = d;
                }
            }
            out.add(ax);
        }
        return out;
    }

    /** The oracle: output in keepdims shape, row-major. */
    static double[] expect(Kind kind, Tensor x, boolean[] red) {
        int[] shape = x.shape();
        int[] keep = shape.clone();
        long count = 1;
        for (int d = 0; d < shape.length; d++) {
            if (red[d]) {
                keep[d] = 1;
                count *= shape[d];
            }
        }
        int outSize = Layout.checkedSize("t", keep);
        double[] acc = new double[outSize];
        double init = switch (kind) {
            case SUM, MEAN -> 0;
            case PROD -> 1;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
        Arrays.fill(acc, init);
        for (int i = 0; i < x.size(); i++) {
            int[] idx = unravel(i, shape);
            int o = 0;
            for (int d = 0; d < shape.length; d++) {
                o = o * keep[d] + (red[d] ? 0 : idx[d]);
            }
            double v = x.get(idx);
            acc[o] = switch (kind) {
                case SUM, MEAN -> acc[o] + v;
                case PROD -> acc[o] * v;
                case MAX -> Math.max(acc[o], v);
                case MIN -> Math.min(acc[o], v);
            };
        }
        if (kind == Kind.MEAN) {
            for (int i = 0; i < outSize; i++) {
                acc[i] /= count;
            }
        }
        return acc;
    }

    static Tensor call(Kind kind, Tensor x, int[] axes, boolean keepdims) {
        return switch (kind) {
            case SUM -> x.sum(axes, keepdims);
            case MEAN -> x.mean(axes, keepdims);
            case PROD -> x.prod(axes, keepdims);
            case MAX -> x.max(axes, keepdims);
            case MIN -> x.min(axes, keepdims);
        };
    }

    static Stream<Arguments> kinds() {
        List<Arguments> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                out.add(Arguments.of(k, dt));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kinds")
    void everyAxisSubsetOnEveryLayout(Kind kind, DType dt) {
        Rng rng = new Rng(kind.ordinal() * 10L + dt.ordinal());
        for (int[] shape : SHAPES) {
            for (Named n : layouts(rng, dt, shape)) {
                Tensor x = n.t();
                if (kind == Kind.PROD) {
                    x = x.mul(0.1).add(1); // keep products of 1009 terms finite
                }
                for (int[] axes : subsets(shape.length)) {
                    boolean[] red = new boolean[shape.length];
                    boolean emptyRed = false;
                    for (int a : axes) {
                        red[a] = true;
                    }
                    if (axes.length == 0) {
                        Arrays.fill(red, true);
                    }
                    long count = 1;
                    int outSize = 1;
                    for (int d = 0; d < shape.length; d++) {
                        if (red[d]) {
                            count *= shape[d];
                        } else {
                            outSize *= shape[d];
                        }
                    }
                    emptyRed = count == 0 && outSize > 0;
                    for (boolean keepdims : new boolean[] {false, true}) {
                        String what = kind + " " + n + " axes " + Arrays.toString(axes) + " keepdims " + keepdims;
                        if (emptyRed && (kind == Kind.MAX || kind == Kind.MIN)) {
                            Tensor xx = x;
                            assertThatThrownBy(() -> call(kind, xx, axes, keepdims)).as(what)
                                    .hasMessageContaining("zero-size reduction");
                            continue;
                        }
                        Tensor got = call(kind, x, axes, keepdims);
                        double[] want = expect(kind, x, red);
                        int[] wantShape = keptShape(shape, red, keepdims);
                        check(what, got, dt, wantShape, want, x, red);
                    }
                }
            }
        }
    }

    static int[] keptShape(int[] shape, boolean[] red, boolean keepdims) {
        int[] s = new int[shape.length];
        int k = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!red[d]) {
                s[k++] = shape[d];
            } else if (keepdims) {
                s[k++] = 1;
            }
        }
        return Arrays.copyOf(s, k);
    }

    /** Compares with a tolerance scaled by the sum of magnitudes (the error bound of a reassociated sum). */
    static void check(String what, Tensor got, DType dt, int[] shape, double[] want, Tensor x, boolean[] red) {
        assertThat(got.shape()).as(what).containsExactly(shape);
        assertThat(got.dtype()).as(what).isEqualTo(dt);
        double[] mag = expect(Kind.SUM, x.abs(), red);
        double eps = dt == DType.F32 ? 2e-6 : 1e-13;
        for (int i = 0; i < want.length; i++) {
            double g = got.getFlat(i);
            // Results are rounded to the dtype: a float32 product beyond 3.4e38 is inf, as in NumPy.
            double w = dt == DType.F32 ? (float) want[i] : want[i];
            double tol = eps * Math.max(Math.abs(w), mag[i]);
            if (!ElementwiseTestSupport.close(g, w, 0, tol)) {
                fail(what + ": element " + i + " is " + g + ", expected " + w);
            }
        }
    }

    @Test
    void noAxesMeansAllAndGivesRankZero() {
        Tensor x = Tensor.arange(DType.F32, 1, 7, 1).reshape(2, 3);
        assertThat(x.sum().rank()).isZero();
        assertThat(x.sum().item()).isEqualTo(21);
        assertThat(x.prod().item()).isEqualTo(720);
        assertThat(x.max().item()).isEqualTo(6);
        assertThat(x.min().item()).isEqualTo(1);
        assertThat(x.mean().item()).isEqualTo(3.5);
        assertThat(x.sum(new int[0], true).shape()).containsExactly(1, 1);
        assertThat(x.sum(-1).toFloatArray()).containsExactly(6, 15);
        assertThat(x.sum(0, true).shape()).containsExactly(1, 3);
        assertThat(x.sum(0, 1).item()).isEqualTo(21);
        assertThat(Tensor.scalar(5).sum().item()).isEqualTo(5);
        assertThat(Tensor.zeros(0).sum().item()).isZero();
        assertThat(Tensor.zeros(0).prod().item()).isEqualTo(1);
        assertThat(Tensor.zeros(0).mean().item()).isNaN();
        assertThat(Tensor.zeros(3, 0).max(0).shape()).containsExactly(0);
        Tensor nan = Tensor.of(1, Double.NaN, 3);
        assertThat(nan.max().item()).isNaN();
        assertThat(nan.min().item()).isNaN();
    }

    @Test
    void float32SumsKeepAccuracyAlongRowsAndColumns() {
        int n = 1 << 20;
        Tensor col = Tensor.full(DType.F32, 0.1, n, 3);
        double exact = (double) 0.1f * n;
        for (float v : col.sum(0).toFloatArray()) {
            assertThat(Math.abs(v - exact) / exact).isLessThan(1e-6); // vertical adds into double accumulators
        }
        Tensor row = Tensor.full(DType.F32, 0.1, 2, n);
        for (float v : row.sum(1).toFloatArray()) {
            assertThat(Math.abs(v - exact) / exact).isLessThan(1e-6); // blocked SIMD partial sums
        }
        assertThat(Math.abs(row.mean().item() - 0.1f)).isLessThan(1e-7); // a float running sum is off by ~5e-3 here
    }

    @Test
    void biasGradientColumnSums() {
        // 1ᵀ·dY for dY (1000, 33): every column sum against a hand loop, contiguous and transposed.
        Rng rng = new Rng(5);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor dy = randn(rng, dt, 1000, 33);
            for (Tensor t : new Tensor[] {dy, dy.T().copy().T()}) {
                Tensor g = t.sum(0);
                for (int j = 0; j < 33; j++) {
                    double s = 0;
                    for (int i = 0; i < 1000; i++) {
                        s += t.get(i, j);
                    }
                    assertThat(g.get(j)).isCloseTo(s, within(dt == DType.F32 ? 1e-4 : 1e-11));
                }
            }
        }
    }

    static Stream<Arguments> axisErrors() {
        Tensor m = Tensor.zeros(2, 3);
        return Stream.of(
                Arguments.of("sum out of range", (Runnable) () -> m.sum(2), "sum: axis 2 is out of range for a tensor of rank 2"),
                Arguments.of("mean negative out of range", (Runnable) () -> m.mean(-3), "mean: axis -3 is out of range"),
                Arguments.of("max repeated", (Runnable) () -> m.max(1, -1), "max: axis -1 repeated in [1, -1]"),
                Arguments.of("min repeated", (Runnable) () -> m.min(0, 0), "min: axis 0 repeated in [0, 0]"),
                Arguments.of("prod out of range", (Runnable) () -> m.prod(5), "prod: axis 5 is out of range"),
                Arguments.of("logsumexp", (Runnable) () -> m.logsumexp(7), "logsumexp: axis 7 is out of range"),
                Arguments.of("var repeated", (Runnable) () -> m.var(0, 0), "var: axis 0 repeated"),
                Arguments.of("softmax", (Runnable) () -> m.softmax(2), "softmax: axis 2 is out of range"),
                Arguments.of("logSoftmax", (Runnable) () -> m.logSoftmax(-3), "logSoftmax: axis -3 is out of range"),
                Arguments.of("argmax axis", (Runnable) () -> m.argmax(3), "argmax: axis 3 is out of range"),
                Arguments.of("sum of rank 0", (Runnable) () -> Tensor.scalar(1).sum(0), "sum: axis 0 is out of range for a tensor of rank 0"),
                Arguments.of("max of empty", (Runnable) () -> Tensor.zeros(0, 3).max(0),
                        "max: zero-size reduction over axes (0) of shape (0, 3) has no identity"),
                Arguments.of("min of empty", (Runnable) () -> Tensor.zeros(0).min(), "min: zero-size reduction"),
                Arguments.of("argmax of empty", (Runnable) () -> Tensor.zeros(0).argmax(),
                        "argmax: tensor of shape (0,) is empty"),
                Arguments.of("argmin along empty axis", (Runnable) () -> Tensor.zeros(2, 0).argmin(1),
                        "argmin: axis 1 of shape (2, 0) is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("axisErrors")
    void errorsNameTheAxis(String name, Runnable call, String fragment) {
        assertThatThrownBy(call::run).isInstanceOf(RuntimeException.class).hasMessageContaining(fragment);
    }

    @Test
    void softmaxRowsSumToOneAndMatchTheFormula() {
        Rng rng = new Rng(9);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (int[] shape : new int[][] {{7}, {4, 17}, {3, 5, 33}, {10, 1009}}) {
                for (Named n : layouts(rng, dt, shape)) {
                    Tensor x = n.t().mul(20); // spread values so exp would overflow float unshifted
                    for (int axis = -1; axis < shape.length; axis++) {
                        Tensor p = x.softmax(axis);
                        assertThat(p.shape()).containsExactly(shape);
                        Tensor rowSums = p.sum(axis);
                        for (double s : rowSums.toDoubleArray()) {
                            assertThat(s).as("%s axis %d", n, axis).isCloseTo(1, within(dt == DType.F32 ? 1e-5 : 1e-12));
                        }
                        checkSoftmaxFormula(x, p, axis, dt == DType.F32 ? 1e-5 : 1e-12);
                    }
                }
            }
        }
    }

    /** Compares every element with {@code exp(x - m) / Σ exp(x - m)} computed in double per slice. */
    static void checkSoftmaxFormula(Tensor x, Tensor p, int axis, double tol) {
        int a = axis < 0 ? axis + x.rank() : axis;
        int[] shape = x.shape();
        for (int i = 0; i < x.size(); i++) {
            int[] idx = unravel(i, shape);
            if (idx[a] != 0) {
                continue;
            }
            double m = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < shape[a]; k++) {
                idx[a] = k;
                m = Math.max(m, x.get(idx));
            }
            double s = 0;
            for (int k = 0; k < shape[a]; k++) {
                idx[a] = k;
                s += Math.exp(x.get(idx) - m);
            }
            for (int k = 0; k < shape[a]; k++) {
                idx[a] = k;
                double want = Math.exp(x.get(idx) - m) / s;
                assertThat(p.get(idx)).isCloseTo(want, within(tol * Math.max(1, want)));
            }
        }
    }

    @Test
    void logsumexpIsStableForLargeValues() {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor x = Tensor.full(dt, 1000, 2, 3);
            assertThat(x.logsumexp().item()).isCloseTo(1000 + Math.log(6), within(1e-3));
            assertThat(x.logsumexp(1).toDoubleArray()).containsExactly(new double[] {1000 + Math.log(3), 1000 + Math.log(3)}, within(1e-3));
            Tensor neg = Tensor.full(dt, -1000, 4);
            assertThat(neg.logsumexp().item()).isCloseTo(-1000 + Math.log(4), within(1e-3));
            Tensor ninf = Tensor.full(dt, Double.NEGATIVE_INFINITY, 3);
            assertThat(ninf.logsumexp().item()).isEqualTo(Double.NEGATIVE_INFINITY);
            Tensor mixed = Tensor.zeros(dt, 2);
            mixed.set(Double.NEGATIVE_INFINITY, 0);
            assertThat(mixed.logsumexp().item()).isCloseTo(0, within(1e-7));
            assertThat(x.logsumexp(new int[] {1}, true).shape()).containsExactly(2, 1);
            assertThat(Tensor.full(dt, 1000, 3).softmax(0).toDoubleArray()).containsExactly(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, within(1e-6));
        }
    }

    @Test
    void logsumexpAndLogSoftmaxMatchDirectFormulasOnModerateValues() {
        Rng rng = new Rng(21);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (Named n : layouts(rng, dt, 6, 17)) {
                Tensor x = n.t();
                Tensor got = x.logsumexp(new int[] {1}, true);
                Tensor direct = x.astype(DType.F64).exp().sum(new int[] {1}, true).log();
                double tol = dt == DType.F32 ? 1e-5 : 1e-12;
                for (int i = 0; i < 6; i++) {
                    assertThat(got.get(i, 0)).isCloseTo(direct.get(i, 0), within(tol));
                }
                Tensor ls = x.logSoftmax(1);
                Tensor lsDirect = x.astype(DType.F64).softmax(1).log();
                for (int i = 0; i < x.size(); i++) {
                    assertThat(ls.getFlat(i)).isCloseTo(lsDirect.getFlat(i), within(tol * 10));
                }
                assertThat(x.logsumexp(0, 1).item()).isCloseTo(x.astype(DType.F64).exp().sum().log().item(), within(tol));
            }
        }
    }

    @Test
    void argmaxAndArgminAlongEveryAxis() {
        Rng rng = new Rng(31);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (int[] shape : new int[][] {{17}, {4, 9}, {3, 1, 5}, {2, 3, 33}}) {
                for (Named n : layouts(rng, dt, shape)) {
                    Tensor x = n.t();
                    for (int axis = -shape.length; axis < shape.length; axis++) {
                        int a = axis < 0 ? axis + shape.length : axis;
                        for (boolean max : new boolean[] {true, false}) {
                            Tensor got = max ? x.argmax(axis, true) : x.argmin(axis, true);
                            Tensor dropped = max ? x.argmax(axis) : x.argmin(axis);
                            assertThat(got.dtype()).isEqualTo(DType.I64);
                            int[] keep = shape.clone();
                            keep[a] = 1;
                            assertThat(got.shape()).containsExactly(keep);
                            assertThat(dropped.size()).isEqualTo(got.size());
                            for (int i = 0; i < got.size(); i++) {
                                int[] idx = unravel(i, keep);
                                int best = 0;
                                double bv = Double.NaN;
                                for (int k = 0; k < shape[a]; k++) {
                                    idx[a] = k;
                                    double v = x.get(idx);
                                    if (k == 0 || (max ? v > bv : v < bv)) {
                                        best = k;
                                        bv = v;
                                    }
                                }
                                assertThat(got.getFlat(i)).as("%s axis %d max=%s", n, axis, max).isEqualTo(best);
                                assertThat(dropped.getFlat(i)).isEqualTo(best);
                            }
                        }
                    }
                    int flat = x.argmax();
                    assertThat(x.getFlat(flat)).isEqualTo(x.max().item());
                    assertThat(x.getFlat(x.argmin())).isEqualTo(x.min().item());
                }
            }
        }
        Tensor t = Tensor.of(new double[][] {{1, 9, 9}, {7, 2, 7}});
        assertThat(t.argmax(1).toDoubleArray()).containsExactly(1, 0);
        assertThat(t.argmax(0).toDoubleArray()).containsExactly(1, 0, 0);
        assertThat(t.argmin()).isEqualTo(0);
        assertThat(t.T().argmax()).isEqualTo(2); // T = [[1,7],[9,2],[9,7]]: first 9 at flat 2
        assertThat(Tensor.of(1, Double.NaN, 5).argmax()).isEqualTo(1);
    }

    @Test
    void varianceAndStdMatchTwoPassFormula() {
        Rng rng = new Rng(41);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor x = randn(rng, dt, 7, 33).mul(3).add(100); // an offset that a one-pass formula would suffer from
            for (int[] axes : new int[][] {{0}, {1}, {}, {0, 1}}) {
                for (int ddof : new int[] {0, 1}) {
                    Tensor v = x.var(axes, false, ddof);
                    Tensor mean = x.astype(DType.F64).mean(axes, true);
                    Tensor dev = x.astype(DType.F64).sub(mean);
                    long n = x.size() / Math.max(1, mean.size());
                    Tensor want = dev.mul(dev).sum(axes).div(n - ddof);
                    double tol = dt == DType.F32 ? 1e-4 : 1e-10;
                    for (int i = 0; i < want.size(); i++) {
                        assertThat(v.getFlat(i)).isCloseTo(want.getFlat(i), within(tol * Math.max(1, want.getFlat(i))));
                        assertThat(x.std(axes, false, ddof).getFlat(i)).isCloseTo(Math.sqrt(want.getFlat(i)),
                                within(tol * 10));
                    }
                }
            }
        }
        assertThat(Tensor.of(1, 2, 3, 4).var().item()).isEqualTo(1.25);
        assertThat(Tensor.of(1, 2, 3, 4).std(new int[0], false, 1).item()).isCloseTo(Math.sqrt(5.0 / 3), within(1e-15));
    }
}
