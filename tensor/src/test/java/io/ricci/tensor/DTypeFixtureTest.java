package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * int32/int64/bool against NumPy 2 (dtype.txt from make_dtype_fixtures.py): every pair of dtypes for
 * the binary ops (NEP 50 promotion), weak Python-float scalars, casts (NaN, inf and out-of-range as
 * x86-64 NumPy), reductions (int64 sums, float64 means, int64 argmax) and reprs. Each binary case is
 * also run on a transposed copy and a broadcast view, so strided and stride-0 operands are covered.
 */
class DTypeFixtureTest {
    static Stream<NpyFixtures.Block> blocks(String kind) {
        return NpyFixtures.load("dtype.txt").stream().filter(b -> b.name().startsWith(kind + " "));
    }

    static Stream<NpyFixtures.Block> binary() {
        return blocks("binary");
    }

    static Stream<NpyFixtures.Block> scalar() {
        return blocks("scalar");
    }

    static Stream<NpyFixtures.Block> weakint() {
        return blocks("weakint");
    }

    static Stream<NpyFixtures.Block> cast() {
        return blocks("cast");
    }

    static Stream<NpyFixtures.Block> reduce() {
        return blocks("reduce");
    }

    static Stream<NpyFixtures.Block> repr() {
        return blocks("repr");
    }

    /** The operand or result named by {@code prefix} ("a_", "b_", "" for the result). */
    static Tensor build(NpyFixtures.Block b, String prefix) {
        String dt = b.get(prefix + "dtype");
        int[] shape = b.ints(prefix + "shape");
        return b.has(prefix + "ints") ? NpyFixtures.intTensor(dt, shape, b.get(prefix + "ints"))
                : NpyFixtures.tensor(dt, shape, b.doubles(prefix + "values"));
    }

    private static final List<String> COMPARE = List.of("eq", "ne", "lt", "le", "gt", "ge");

    /** Asserts dtype, shape and values (comparisons give bool for every pair of dtypes, as NumPy). */
    static void assertResult(Tensor got, NpyFixtures.Block b) {
        Tensor want = build(b, "");
        assertThat(got.dtype()).as("dtype").isEqualTo(want.dtype());
        assertThat(got.shape()).as("shape").isEqualTo(want.shape());
        if (!want.dtype().isFloat()) {
            assertThat(got.toLongArray()).as("values").isEqualTo(want.toLongArray());
            return;
        }
        double[] g = got.toDoubleArray(), w = want.toDoubleArray();
        for (int i = 0; i < w.length; i++) {
            assertThat(Double.compare(g[i], w[i]) == 0 || g[i] == w[i]).as("element %d: got %s, want %s", i, g[i], w[i])
                    .isTrue();
        }
    }

    static BiFunction<Tensor, Tensor, Tensor> op(String name) {
        return switch (name) {
            case "add" -> Tensor::add;
            case "sub" -> Tensor::sub;
            case "mul" -> Tensor::mul;
            case "div" -> Tensor::div;
            case "maximum" -> Tensor::maximum;
            case "minimum" -> Tensor::minimum;
            case "eq" -> Tensor::eq;
            case "ne" -> Tensor::ne;
            case "lt" -> Tensor::lt;
            case "le" -> Tensor::le;
            case "gt" -> Tensor::gt;
            case "ge" -> Tensor::ge;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** {@code t} as a transposed view of a column-major copy: same values, non-contiguous strides. */
    static Tensor strided(Tensor t) {
        int[] rev = t.shape();
        for (int i = 0, j = rev.length - 1; i < j; i++, j--) {
            int x = rev[i];
            rev[i] = rev[j];
            rev[j] = x;
        }
        Tensor f = Tensor.zeros(t.dtype(), rev).T();
        f.assign(t);
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binary")
    void binaryOpsPromoteAsNumpy(NpyFixtures.Block b) {
        String[] w = b.name().split(" ");
        Tensor x = build(b, "a_");
        Tensor y = build(b, "b_");
        BiFunction<Tensor, Tensor, Tensor> f = op(w[1]);
        if (b.has("error")) {
            assertThatThrownBy(() -> f.apply(x, y)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bool");
            return;
        }
        assertResult(f.apply(x, y), b);
        // strided left operand, broadcast (stride 0) right operand made explicit
        assertResult(f.apply(strided(x), y.broadcastTo(x.shape())), b);
        assertThat(DType.promote(x.dtype(), y.dtype())).isEqualTo(DType.promote(y.dtype(), x.dtype()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalar")
    void pythonFloatScalarIsWeak(NpyFixtures.Block b) {
        String op = b.name().split(" ")[1];
        Tensor x = build(b, "a_");
        double s = NpyFixtures.num(b.get("s"));
        Tensor got = switch (op) {
            case "add" -> x.add(s);
            case "sub" -> x.sub(s);
            case "mul" -> x.mul(s);
            case "div" -> x.div(s);
            case "maximum" -> x.maximum(s);
            case "lt" -> x.lt(s);
            case "eq" -> x.eq(s);
            default -> throw new IllegalArgumentException(op);
        };
        assertResult(got, b);
        assertThat(DType.promoteWeak(x.dtype(), true)).isEqualTo(
                COMPARE.contains(op) ? DType.promoteWeak(x.dtype(), true) : build(b, "").dtype());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weakint")
    void pythonIntScalarIsWeak(NpyFixtures.Block b) {
        DType dt = DType.parse(b.name().split(" ")[1]);
        assertThat(DType.promoteWeak(dt, false).numpyName()).isEqualTo(b.get("dtype"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cast")
    void castsAsNumpy(NpyFixtures.Block b) {
        Tensor x = build(b, "a_");
        DType to = DType.parse(b.name().split(" ")[2]);
        assertResult(x.astype(to), b);
        assertResult(strided(x.reshape(1, x.size())).reshape(x.size()).astype(to), b);
        if (to == DType.I64) {
            assertThat(x.toLongArray()).isEqualTo(build(b, "").toLongArray());
        }
        if (to == DType.I32) {
            assertThat(x.toIntArray()).isEqualTo(build(b, "").toIntArray());
        }
        if (to == DType.BOOL) {
            assertThat(x.toBooleanArray()).isEqualTo(build(b, "").toBooleanArray());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reduce")
    void reductionsAsNumpy(NpyFixtures.Block b) {
        String op = b.name().split(" ")[1];
        Tensor x = build(b, "a_");
        int[] axes = b.ints("axis");
        Function<Tensor, Tensor> f = switch (op) {
            case "sum" -> t -> t.sum(axes);
            case "prod" -> t -> t.prod(axes);
            case "max" -> t -> t.max(axes);
            case "min" -> t -> t.min(axes);
            case "mean" -> t -> t.mean(axes);
            case "argmax" -> t -> t.argmax(axes[0]);
            case "argmin" -> t -> t.argmin(axes[0]);
            case "any" -> t -> t.any(axes);
            case "all" -> t -> t.all(axes);
            case "countNonzero" -> t -> t.countNonzero(axes);
            default -> throw new IllegalArgumentException(op);
        };
        assertResult(f.apply(x), b);
        if (x.size() > 0) {
            assertResult(f.apply(strided(x)), b);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repr")
    void printsAsNumpy(NpyFixtures.Block b) {
        Tensor t = build(b, "");
        int[] o = b.ints("options");
        PrintOptions opts = new PrintOptions(o[0], o[1], o[2], o[3], o[4] != 0);
        assertThat(t.toString(opts)).isEqualTo(b.get("repr"));
        if (t.rank() == 2) {
            assertThat(strided(t).toString(opts)).isEqualTo(b.get("repr"));
        }
    }
}
