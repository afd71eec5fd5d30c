package io.ricci.tensor;

import static io.ricci.tensor.ElementwiseTestSupport.assertElements;
import static io.ricci.tensor.ElementwiseTestSupport.broadcastIndex;
import static io.ricci.tensor.ElementwiseTestSupport.layouts;
import static io.ricci.tensor.ElementwiseTestSupport.randn;
import static io.ricci.tensor.ElementwiseTestSupport.unravel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ricci.tensor.ElementwiseTestSupport.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tensor-level element-wise ops against an element-by-element oracle: for every output index the
 * operands are read with {@link Tensor#get} at the broadcast index and combined by the scalar
 * reference ({@code ElementwiseScalarF32/F64.apply}). Covers every op, both dtypes, mixed dtypes,
 * broadcasting, non-contiguous layouts, rank 0, zero-size dims and in-place forms on views.
 */
class ElementwiseOpsTest {
    /** Shapes whose sizes cross the lane widths; zero-size dims; rank 0. */
    static final int[][] SHAPES = {{}, {0}, {1}, {7}, {16}, {17}, {33}, {1009}, {3, 0}, {2, 15}, {31, 3}, {5, 2, 17},
        {4, 1, 16}};

    static double apply(UnaryOp op, DType dt, double x) {
        return dt == DType.F32 ? ElementwiseScalarF32.apply(op, (float) x) : ElementwiseScalarF64.apply(op, x);
    }

    static double apply(BinaryOp op, DType dt, double a, double b) {
        return dt == DType.F32 ? ElementwiseScalarF32.apply(op, (float) a, (float) b)
                : ElementwiseScalarF64.apply(op, a, b);
    }

    /** The oracle for a unary op: {@code op(x[idx])} for every index. */
    static double[] expectUnary(UnaryOp op, Tensor x) {
        double[] want = new double[x.size()];
        for (int i = 0; i < want.length; i++) {
            want[i] = apply(op, x.dtype(), x.get(unravel(i, x.shape())));
        }
        return want;
    }

    /** The oracle for a binary op with broadcasting and promotion. */
    static double[] expectBinary(BinaryOp op, Tensor a, Tensor b, int[] shape) {
        DType dt = DType.promote(a.dtype(), b.dtype());
        int n = Layout.checkedSize("test", shape);
        double[] want = new double[n];
        for (int i = 0; i < n; i++) {
            int[] idx = unravel(i, shape);
            want[i] = apply(op, dt, a.get(broadcastIndex(idx, a.shape())), b.get(broadcastIndex(idx, b.shape())));
        }
        return want;
    }

    static Tensor call(UnaryOp op, Tensor x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case EXP -> x.exp();
            case LOG -> x.log();
            case SQRT -> x.sqrt();
            case TANH -> x.tanh();
            case RELU -> x.relu();
            case SIGMOID -> x.sigmoid();
            case SQUARE -> x.square();
            case RECIPROCAL -> x.reciprocal();
            case SIN -> x.sin();
            case COS -> x.cos();
            case TAN -> x.tan();
            case ARCSIN -> x.arcsin();
            case ARCCOS -> x.arccos();
            case ARCTAN -> x.arctan();
            case SINH -> x.sinh();
            case COSH -> x.cosh();
            case FLOOR -> x.floor();
            case CEIL -> x.ceil();
            case RINT -> x.rint();
            case TRUNC -> x.trunc();
            case SIGN -> x.sign();
            case LOG1P -> x.log1p();
            case EXPM1 -> x.expm1();
            case LOG2 -> x.log2();
            case LOG10 -> x.log10();
            case ERF -> x.erf();
        };
    }

    static Tensor callInPlace(UnaryOp op, Tensor x) {
        return switch (op) {
            case NEG -> x.neg_();
            case ABS -> x.abs_();
            case EXP -> x.exp_();
            case LOG -> x.log_();
            case SQRT -> x.sqrt_();
            case TANH -> x.tanh_();
            case RELU -> x.relu_();
            case SIGMOID -> x.sigmoid_();
            case SQUARE -> x.square_();
            case RECIPROCAL -> ElementwiseOps.unaryInPlace(UnaryOp.RECIPROCAL, x);
            case SIN -> x.sin_();
            case COS -> x.cos_();
            case TAN -> x.tan_();
            case ARCSIN -> x.arcsin_();
            case ARCCOS -> x.arccos_();
            case ARCTAN -> x.arctan_();
            case SINH -> x.sinh_();
            case COSH -> x.cosh_();
            case FLOOR -> x.floor_();
            case CEIL -> x.ceil_();
            case RINT -> x.rint_();
            case TRUNC -> x.trunc_();
            case SIGN -> x.sign_();
            case LOG1P -> x.log1p_();
            case EXPM1 -> x.expm1_();
            case LOG2 -> x.log2_();
            case LOG10 -> x.log10_();
            case ERF -> x.erf_();
        };
    }

    static Tensor call(BinaryOp op, Tensor a, Tensor b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.pow(b);
            case MAX -> a.maximum(b);
            case MIN -> a.minimum(b);
            case EQ -> a.eq(b);
            case NE -> a.ne(b);
            case LT -> a.lt(b);
            case LE -> a.le(b);
            case GT -> a.gt(b);
            case GE -> a.ge(b);
            case ARCTAN2 -> a.arctan2(b);
            case HYPOT -> a.hypot(b);
            case FMOD -> a.fmod(b);
            case FMAX -> a.fmax(b);
            case FMIN -> a.fmin(b);
        };
    }

    static Tensor call(BinaryOp op, Tensor a, double s) {
        return switch (op) {
            case ADD -> a.add(s);
            case SUB -> a.sub(s);
            case MUL -> a.mul(s);
            case DIV -> a.div(s);
            case POW -> a.pow(s);
            case MAX -> a.maximum(s);
            case MIN -> a.minimum(s);
            case EQ -> a.eq(s);
            case NE -> a.ne(s);
            case LT -> a.lt(s);
            case LE -> a.le(s);
            case GT -> a.gt(s);
            case GE -> a.ge(s);
            case ARCTAN2 -> a.arctan2(s);
            case HYPOT -> a.hypot(s);
            case FMOD -> a.fmod(s);
            case FMAX -> a.fmax(s);
            case FMIN -> a.fmin(s);
        };
    }

    /** The dtype {@code op} gives for operands of {@code dt}: bool for the comparisons, as NumPy. */
    static DType result(BinaryOp op, DType dt) {
        return op.isComparison() ? DType.BOOL : dt;
    }

    static double rtol(DType dt, boolean exact) {
        return ElementwiseKernelsTest.rtol(dt, exact);
    }

    static double atol(DType dt, boolean exact) {
        return ElementwiseKernelsTest.atol(dt, exact);
    }

    /** Positive inputs where the op needs them (log, sqrt, pow bases). */
    static Tensor domain(UnaryOp op, Tensor t) {
        return op == UnaryOp.LOG || op == UnaryOp.SQRT ? t.abs() : t;
    }

    static Stream<Arguments> unaryOps() {
        List<Arguments> out = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                out.add(Arguments.of(op, dt));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unaryOps")
    void unaryOnEveryLayoutMatchesOracle(UnaryOp op, DType dt) {
        Rng rng = new Rng(op.ordinal() + 100L * dt.ordinal());
        for (int[] shape : SHAPES) {
            for (Named n : layouts(rng, dt, shape)) {
                Tensor x = domain(op, n.t());
                Tensor got = call(op, x);
                assertElements(op + " " + n, got, dt, shape, expectUnary(op, x), rtol(dt, ElementwiseKernelsTest.exact(op)),
                        atol(dt, ElementwiseKernelsTest.exact(op)));
                int storage = got.f32() != null ? got.f32().length : got.f64().length;
                assertThat(storage).as("dense result").isEqualTo(got.size());
                assertThat(got.isContiguous() || got.T().isContiguous()).as("row- or column-major").isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unaryOps")
    void unaryInPlaceOnViewsWritesThroughToTheBase(UnaryOp op, DType dt) {
        Rng rng = new Rng(7 + op.ordinal());
        for (int[] shape : SHAPES) {
            for (Named n : layouts(rng, dt, shape)) {
                if (n.how().equals("broadcast") && n.t().size() > 1) {
                    continue; // broadcast views are refused, see the error table
                }
                Tensor view = n.t();
                if (op == UnaryOp.LOG || op == UnaryOp.SQRT) {
                    view.abs_();
                }
                Tensor before = view.copy();
                double[] storageBefore = storage(view);
                Tensor r = callInPlace(op, view);
                assertThat(r).isSameAs(view);
                assertElements(op + "_ " + n, view, dt, shape, expectUnary(op, before),
                        rtol(dt, ElementwiseKernelsTest.exact(op)), atol(dt, ElementwiseKernelsTest.exact(op)));
                assertOnlyViewChanged(op + "_ " + n, view, storageBefore);
            }
        }
    }

    /** The whole storage array of {@code t} (not just its view), widened. */
    static double[] storage(Tensor t) {
        if (t.f64() != null) {
            return t.f64().clone();
        }
        float[] f = t.f32();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Storage positions outside {@code view} still hold their old values. */
    static void assertOnlyViewChanged(String what, Tensor view, double[] before) {
        boolean[] covered = new boolean[before.length];
        for (int i = 0; i < view.size(); i++) {
            covered[view.layout().index(unravel(i, view.shape()))] = true;
        }
        double[] after = storage(view);
        for (int p = 0; p < before.length; p++) {
            if (!covered[p] && Double.compare(after[p], before[p]) != 0) {
                throw new AssertionError(what + ": storage position " + p + " outside the view changed from "
                        + before[p] + " to " + after[p]);
            }
        }
    }

    static Stream<Arguments> binaryOps() {
        List<Arguments> out = new ArrayList<>();
        for (BinaryOp op : BinaryOp.values()) {
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                out.add(Arguments.of(op, dt));
            }
        }
        return out.stream();
    }

    /** Broadcast pairs: equal shapes, (3,1)+(1,4), (5,)+(2,3,5), scalar 0-d, row and column vectors. */
    static final int[][][] PAIRS = {{{17}, {17}}, {{3, 1}, {1, 4}}, {{5}, {2, 3, 5}}, {{}, {33}}, {{2, 16}, {}},
        {{}, {}}, {{31, 7}, {7}}, {{31, 7}, {31, 1}}, {{1, 17}, {9, 1}}, {{0, 3}, {3}}, {{4, 1, 33}, {1, 5, 1}},
        {{1009}, {1}}};

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryOps")
    void binaryBroadcastsOnEveryLayout(BinaryOp op, DType dt) {
        Rng rng = new Rng(500 + op.ordinal() + 100L * dt.ordinal());
        boolean exact = ElementwiseKernelsTest.exact(op);
        for (int[][] pair : PAIRS) {
            int[] shape = Layout.broadcastShapes("test", pair[0], pair[1]);
            List<Named> as = layouts(rng, dt, pair[0]);
            List<Named> bs = layouts(rng, dt, pair[1]);
            for (int i = 0; i < Math.max(as.size(), bs.size()); i++) {
                Tensor a = as.get(i % as.size()).t();
                Tensor b = bs.get((i + 1) % bs.size()).t();
                if (op == BinaryOp.POW) {
                    a = a.abs();
                }
                if (op.ordinal() >= BinaryOp.EQ.ordinal() && a.size() > 0 && b.size() > 0) {
                    b.set(a.get(new int[a.rank()]), new int[b.rank()]); // at least one tie
                }
                String what = op + " " + as.get(i % as.size()) + " with " + bs.get((i + 1) % bs.size());
                assertElements(what, call(op, a, b), result(op, dt), shape, expectBinary(op, a, b, shape), rtol(dt, exact),
                        atol(dt, exact));
                assertElements(what + " swapped", call(op, b, a), result(op, dt), shape, expectBinary(op, b, a, shape),
                        rtol(dt, exact), atol(dt, exact));
            }
        }
    }

    /**
     * A short row repeated over a batch, {@code (m, n) op (n,)} in both orders, allocating and in
     * place, with rows that are not a multiple of the rows per kernel call, rows at an offset and a
     * bias sliced from a longer vector: element by element as the oracle, to the bit for exact ops.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryOps")
    void repeatedShortRowsMatchTheOracle(BinaryOp op, DType dt) {
        Rng rng = new Rng(1300 + op.ordinal() + 100L * dt.ordinal());
        boolean exact = ElementwiseKernelsTest.exact(op);
        for (int n : new int[] {1, 7, 10, 16, 17, 50, 63, 64, 65}) {
            for (int m : new int[] {2, 3, 11, 100, 2001}) {
                Tensor big = randn(rng, dt, m + 3, n);
                Tensor x = big.slice(0, 2, 2 + m);
                Tensor bias = randn(rng, dt, n + 4).slice(0, 3, 3 + n);
                if (op == BinaryOp.POW) {
                    x = x.abs();
                }
                if (op.ordinal() >= BinaryOp.EQ.ordinal()) {
                    x.set(bias.get(0), m - 1, 0); // at least one tie
                }
                int[] shape = {m, n};
                String what = op + " (" + m + ", " + n + ") with (" + n + ",)";
                assertElements(what, call(op, x, bias), result(op, dt), shape, expectBinary(op, x, bias, shape), rtol(dt, exact),
                        atol(dt, exact));
                assertElements(what + " swapped", call(op, bias, x), result(op, dt), shape, expectBinary(op, bias, x, shape),
                        rtol(dt, exact), atol(dt, exact));
                if (op.ordinal() < BinaryOp.EQ.ordinal()) {
                    double[] want = expectBinary(op, x, bias, shape);
                    double below = big.get(0, 0);
                    Tensor same = ElementwiseOps.binaryInPlace(op, x, bias);
                    assertThat(same).isSameAs(x);
                    assertElements(what + " in place", x, dt, shape, want, rtol(dt, exact), atol(dt, exact));
                    assertThat(big.get(0, 0)).as("rows outside the view").isEqualTo(below);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryOps")
    void scalarOperandKeepsTheDtype(BinaryOp op, DType dt) {
        Rng rng = new Rng(900 + op.ordinal());
        for (int[] shape : SHAPES) {
            for (Named n : layouts(rng, dt, shape)) {
                Tensor a = op == BinaryOp.POW ? n.t().abs() : n.t();
                double s = op == BinaryOp.POW ? 2.5 : 0.3;
                Tensor got = call(op, a, s);
                Tensor sc = Tensor.scalar(dt, s);
                assertElements(op + " scalar " + n, got, result(op, dt), shape, expectBinary(op, a, sc, shape),
                        rtol(dt, ElementwiseKernelsTest.exact(op)), atol(dt, ElementwiseKernelsTest.exact(op)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryOps")
    void mixedDtypesPromoteToFloat64(BinaryOp op, DType ignored) {
        Rng rng = new Rng(77);
        Tensor a = randn(rng, DType.F32, 3, 17).abs();
        Tensor b = randn(rng, DType.F64, 17);
        for (Tensor[] ab : new Tensor[][] {{a, b}, {b, a}, {a.T().copy().T(), b}}) {
            Tensor got = call(op, ab[0], ab[1]);
            int[] shape = Layout.broadcastShapes("t", ab[0].shape(), ab[1].shape());
            assertElements(op + " mixed", got, result(op, DType.F64), shape, expectBinary(op, ab[0], ab[1], shape),
                    rtol(DType.F64, ElementwiseKernelsTest.exact(op)), atol(DType.F64, ElementwiseKernelsTest.exact(op)));
        }
    }

    @Test
    void resultsFollowTheInputsMemoryOrder() {
        Rng rng = new Rng(8);
        Tensor a = randn(rng, DType.F32, 40, 30);
        Tensor b = randn(rng, DType.F32, 40, 30);
        Tensor t = a.T().add(b.T()); // NumPy: F-contiguous result, walked contiguously
        assertThat(t.shape()).containsExactly(30, 40);
        assertThat(t.isContiguous()).isFalse();
        assertThat(t.T().isContiguous()).isTrue();
        assertThat(t.T().toFloatArray()).containsExactly(a.add(b).toFloatArray());
        assertThat(a.T().exp().T().isContiguous()).isTrue();
        assertThat(a.add(b).isContiguous()).isTrue();
        assertThat(a.add(Tensor.randn(1, DType.F32, 30)).isContiguous()).isTrue(); // bias row
        assertThat(Tensor.randn(2, DType.F32, 40, 1).add(Tensor.randn(3, DType.F32, 1, 30)).isContiguous()).isTrue();
        Tensor perm3 = randn(rng, DType.F64, 2, 3, 4).permute(2, 0, 1);
        Tensor r = perm3.mul(2);
        assertThat(r.strides()).containsExactly(perm3.strides());
        double[] p = perm3.toDoubleArray();
        double[] got = r.reshape(-1).toDoubleArray(); // reshape copies a permuted result, as in NumPy
        for (int i = 0; i < p.length; i++) {
            assertThat(got[i]).isEqualTo(2 * p[i]);
        }
    }

    @Test
    void powOfTwoIsExactlyTheSquare() {
        double[] v = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -3.5, 1e200, 1e-200, 7};
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor x = Tensor.of(v, v.length).astype(dt);
            Tensor want = Tensor.zeros(dt, v.length);
            for (int i = 0; i < v.length; i++) {
                want.set(apply(BinaryOp.POW, dt, x.getFlat(i), 2.0), i);
            }
            assertThat(x.pow(2).toDoubleArray()).containsExactly(want.toDoubleArray());
            assertThat(x.pow(Tensor.scalar(dt, 2)).toDoubleArray()).containsExactly(want.toDoubleArray());
            assertThat(x.copy().pow_(2).toDoubleArray()).containsExactly(want.toDoubleArray());
        }
    }

    @Test
    void reversedScalarOps() {
        Tensor x = Tensor.of(new float[] {1, 2, 4}, 3);
        assertThat(x.rsub(1).toFloatArray()).containsExactly(0, -1, -3);
        assertThat(x.rdiv(1).toFloatArray()).containsExactly(1, 0.5f, 0.25f);
        assertThat(x.rsub(1).dtype()).isEqualTo(DType.F32);
    }

    @Test
    void knownValues() {
        Tensor a = Tensor.of(new double[] {1, 2, 3}, 3, 1);
        Tensor b = Tensor.of(new double[] {10, 20, 30, 40}, 1, 4);
        Tensor s = a.add(b);
        assertThat(s.shape()).containsExactly(3, 4);
        assertThat(s.toDoubleArray()).containsExactly(11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43);
        Tensor v = Tensor.of(new double[] {-1, 0, 2, Double.NaN});
        assertThat(v.relu().toDoubleArray()).containsExactly(0, 0, 2, Double.NaN);
        assertThat(v.gt(0).dtype()).isEqualTo(DType.BOOL);
        assertThat(v.gt(0).toDoubleArray()).containsExactly(0, 0, 1, 0);
        assertThat(v.ne(v).toBooleanArray()).containsExactly(false, false, false, true);
        assertThat(v.maximum(1).toDoubleArray()).containsExactly(1, 1, 2, Double.NaN);
        assertThat(v.clamp(-0.5, 1).toDoubleArray()).containsExactly(-0.5, 0, 1, Double.NaN);
        Tensor big = Tensor.of(new float[] {-1000, -90, 0, 90, 1000}, 5).sigmoid();
        assertThat(big.toFloatArray()).containsExactly(0f, (float) (Math.exp(-90) / (1 + Math.exp(-90))), 0.5f, 1f, 1f);
        assertThat(Tensor.scalar(3).add(Tensor.scalar(4)).rank()).isZero();
        assertThat(Tensor.scalar(3).add(Tensor.scalar(4)).item()).isEqualTo(7);
    }

    @Test
    void whereSelectsWithBroadcastingAndPromotion() {
        Rng rng = new Rng(3);
        Tensor mask = Tensor.of(new double[] {1, 0, Double.NaN, 1e-300}, 4, 1);
        Tensor a = randn(rng, DType.F32, 1, 17);
        Tensor b = randn(rng, DType.F64, 4, 17).T().copy().T();
        Tensor got = Tensor.where(mask, a, b);
        assertThat(got.dtype()).isEqualTo(DType.F64);
        assertThat(got.shape()).containsExactly(4, 17);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 17; j++) {
                double want = i != 1 ? a.get(0, j) : b.get(i, j); // NaN and 1e-300 count as true
                assertThat(got.get(i, j)).as("[%d,%d]", i, j).isEqualTo(want);
            }
        }
        Tensor f = Tensor.where(Tensor.of(new float[] {0, 1}, 2), Tensor.scalar(DType.F32, 5), Tensor.scalar(DType.F32, 6));
        assertThat(f.toFloatArray()).containsExactly(6, 5);
        assertThat(f.dtype()).isEqualTo(DType.F32);
    }

    /** In-place binary ops on views: every layout of {@code this}, broadcasting operands, write-through. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryOps")
    void binaryInPlaceOnViews(BinaryOp op, DType dt) {
        Rng rng = new Rng(1234 + op.ordinal());
        int[] shape = {5, 17};
        for (Named n : layouts(rng, dt, shape)) {
            if (n.how().equals("broadcast")) {
                continue;
            }
            for (int[] bShape : new int[][] {{5, 17}, {17}, {5, 1}, {}}) {
                Tensor view = layouts(new Rng(bShape.length), dt, shape).stream()
                        .filter(x -> x.how().equals(n.how())).findFirst().orElseThrow().t(); // a fresh view
                if (op == BinaryOp.POW) {
                    view.abs_();
                }
                Tensor before = view.copy();
                Tensor b = randn(rng, dt, bShape);
                double[] storageBefore = storage(view);
                Tensor r = ElementwiseOps.binaryInPlace(op, view, b);
                assertThat(r).isSameAs(view);
                assertOnlyViewChanged(op + "_ " + n, view, storageBefore);
                assertElements(op + "_ " + n + " with " + Layout.format(bShape), view, dt, shape,
                        expectBinary(op, before, b, shape), rtol(dt, ElementwiseKernelsTest.exact(op)),
                        atol(dt, ElementwiseKernelsTest.exact(op)));
            }
        }
    }

    @Test
    void inPlaceOnSlicesOfABaseWritesThrough() {
        Tensor base = Tensor.arange(DType.F32, 0, 24, 1).reshape(4, 6);
        Tensor cols = base.slice(1, null, null, 2); // (4,3) stride 2
        cols.add_(100).mul_(Tensor.of(new float[] {1, 2, 3}, 3));
        assertThat(cols.sharesStorage(base)).isTrue();
        assertThat(base.get(1, 2)).isEqualTo((100 + 8) * 2);
        assertThat(base.get(1, 3)).isEqualTo(9);
        Tensor diag = Tensor.zeros(DType.F64, 3, 3);
        diag.diagonal().add_(Tensor.of(1, 2, 3)).exp_();
        // Ricci's exp is within 2 ulp of Math.exp (ExpTest); this checks where the values land.
        assertThat(diag.toDoubleArray()).containsExactly(new double[] {Math.exp(1), 0, 0, 0, Math.exp(2), 0, 0, 0,
            Math.exp(3)}, org.assertj.core.data.Offset.offset(1e-13));
        Tensor rev = Tensor.arange(5);
        rev.slice(0, null, null, -1).sub_(Tensor.of(10, 20, 30, 40, 50));
        assertThat(rev.toDoubleArray()).containsExactly(-50, -39, -28, -17, -6);
        Tensor sc = Tensor.scalar(DType.F32, 2);
        sc.pow_(3).sub_(1).div_(7).relu_();
        assertThat(sc.item()).isEqualTo(1.0);
    }

    @Test
    void inPlaceWithOverlappingOperandReadsItFirst() {
        // a += a.T: NumPy copies the overlapping operand first, so the result is symmetric.
        Tensor a = Tensor.arange(DType.F64, 0, 16, 1).reshape(4, 4);
        Tensor want = a.add(a.T());
        a.add_(a.T());
        assertThat(a.toDoubleArray()).containsExactly(want.toDoubleArray());
        // a[1:] -= a[:-1] (shifted overlap): every difference is taken from the old values.
        Tensor b = Tensor.of(1, 4, 9, 16, 25);
        b.slice(0, 1, 5).sub_(b.slice(0, 0, 4));
        assertThat(b.toDoubleArray()).containsExactly(1, 3, 5, 7, 9);
        // Same layout aliasing needs no copy and is element-wise safe: x *= x.
        Tensor c = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 11);
        c.mul_(c);
        assertThat(c.toFloatArray()).containsExactly(1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121);
    }

    @Test
    void inPlaceMixedDtypeComputesInFloat64AndRounds() {
        Tensor a = Tensor.of(new float[] {1, 2}, 2);
        Tensor b = Tensor.of(1e-9, 1.0 / 3);
        a.add_(b);
        assertThat(a.dtype()).isEqualTo(DType.F32);
        assertThat(a.toFloatArray()).containsExactly((float) (1 + 1e-9), (float) (2 + 1.0 / 3));
        Tensor c = Tensor.of(1.0, 2.0);
        c.mul_(Tensor.of(new float[] {0.1f, 3}, 2));
        assertThat(c.toDoubleArray()).containsExactly((double) 0.1f, 6.0);
    }

    @Test
    void resultsOfOpsOnLargeInputsMatchOracle() {
        // Long contiguous runs go through the SIMD loops end to end.
        Rng rng = new Rng(11);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor a = randn(rng, dt, 1000, 33);
            Tensor b = randn(rng, dt, 33);
            Tensor c = randn(rng, dt, 1000, 1);
            int[] shape = {1000, 33};
            assertElements("add row", a.add(b), dt, shape, expectBinary(BinaryOp.ADD, a, b, shape), 0, 0);
            assertElements("div col", a.div(c), dt, shape, expectBinary(BinaryOp.DIV, a, c, shape), 0, 0);
            assertElements("tanh", a.tanh(), dt, shape, expectUnary(UnaryOp.TANH, a), rtol(dt, false), atol(dt, false));
        }
    }

    static Stream<Arguments> errors() {
        Tensor m23 = Tensor.zeros(2, 3);
        Tensor m45 = Tensor.zeros(4, 5);
        Tensor m31 = Tensor.zeros(3, 1);
        Tensor v4 = Tensor.zeros(4);
        return Stream.of(
                Arguments.of("add", (Runnable) () -> m23.add(m45), "add: shapes (2, 3) and (4, 5) cannot be broadcast"),
                Arguments.of("mul", (Runnable) () -> m23.mul(v4), "mul: shapes (2, 3) and (4,) cannot be broadcast"),
                Arguments.of("ge", (Runnable) () -> m23.ge(v4), "ge: shapes (2, 3) and (4,)"),
                Arguments.of("where", (Runnable) () -> Tensor.where(v4, m23, m23), "where: shapes (4,) and (2, 3)"),
                Arguments.of("add_ grows", (Runnable) () -> m31.add_(v4),
                        "add_: result shape (3, 4) of broadcasting (3, 1) with (4,) differs from the in-place operand's shape (3, 1)"),
                Arguments.of("sub_ mismatch", (Runnable) () -> m23.sub_(m45), "sub_: shapes (2, 3) and (4, 5) cannot"),
                Arguments.of("mul_ on broadcast view", (Runnable) () -> v4.broadcastTo(3, 4).mul_(2.0),
                        "mul_: cannot write in place into a broadcast view of shape (3, 4) (axis 0 has stride 0)"),
                Arguments.of("exp_ on broadcast view", (Runnable) () -> Tensor.scalar(1).broadcastTo(2).exp_(),
                        "exp_: cannot write in place into a broadcast view"),
                Arguments.of("clamp", (Runnable) () -> m23.clamp(1, 0), "clamp: lower bound 1.0 exceeds upper bound 0.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorsNameOpAndShapes(String name, Runnable call, String fragment) {
        assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(fragment);
    }

    @Test
    void inPlaceErrorLeavesThisUntouched() {
        Tensor a = Tensor.ones(3, 1);
        assertThatThrownBy(() -> a.add_(Tensor.ones(4))).isInstanceOf(IllegalArgumentException.class);
        assertThat(a.toDoubleArray()).containsExactly(1, 1, 1);
    }

    @SuppressWarnings("unused")
    private static final BiFunction<Tensor, Tensor, Tensor> UNUSED_B = Tensor::add;
    @SuppressWarnings("unused")
    private static final Function<Tensor, Tensor> UNUSED_U = Tensor::exp;

    /**
     * add_(other, alpha) = add_(other.mul(alpha)) bit for bit: the contiguous same-shape loop and the
     * general path (broadcast, strided, other dtype), including empty tensors; other is not modified.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "F32, same", "F64, same", "F32, broadcast", "F64, strided", "F32, f64 other", "F64, empty",
        "F32, large", "F64, large"})
    void addScaledEqualsAddOfTheScaledTensor(DType dt, String kind) {
        Rng rng = new Rng(kind.hashCode());
        // "large" is split across threads (at least 2^15 elements, an odd count).
        int[] shape = kind.equals("empty") ? new int[] {0, 5} : kind.equals("large") ? new int[] {331, 101} : new int[] {7, 33};
        Tensor self = Tensor.randn(rng, dt, shape);
        Tensor other = switch (kind) {
            case "broadcast" -> Tensor.randn(rng, dt, 33);
            case "strided" -> Tensor.randn(rng, dt, 33, 7).T();
            case "f64 other" -> Tensor.randn(rng, DType.F64, shape);
            default -> Tensor.randn(rng, dt, shape);
        };
        double[] otherBefore = other.toDoubleArray();
        Tensor want = self.copy().add_(other.mul(-0.1));
        assertThat(self.add_(other, -0.1)).isSameAs(self);
        assertThat(self.toDoubleArray()).containsExactly(want.toDoubleArray());
        assertThat(other.toDoubleArray()).containsExactly(otherBefore);
    }
}
