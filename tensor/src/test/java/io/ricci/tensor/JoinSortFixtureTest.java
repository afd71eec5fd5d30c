package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Joining/splitting, sorting and scans against NumPy 2 (joinsort.txt from make_joinsort_fixtures.py):
 * every dtype, 0-size, 1, 7, 17 and 33 elements, 2-D and 3-D operands seen through transposed,
 * strided, broadcast (stride-0) and flipped views, NaN/inf/-0.0 in the float data. Float results are
 * compared bit for bit (so -0.0 vs 0.0 and NaN placement count), integer results exactly.
 */
class JoinSortFixtureTest {
    static Stream<NpyFixtures.Block> blocks(String... kinds) {
        return NpyFixtures.load("joinsort.txt").stream()
                .filter(b -> Arrays.stream(kinds).anyMatch(k -> b.name().startsWith(k + " ")));
    }

    static Stream<NpyFixtures.Block> sorting() {
        return blocks("sort", "argsort", "unique", "searchsorted");
    }

    static Stream<NpyFixtures.Block> scans() {
        return blocks("cumsum", "cumprod", "cumsum_flat", "cumprod_flat");
    }

    static Stream<NpyFixtures.Block> joining() {
        return blocks("concat", "concatT", "concat_self", "stack", "tile", "repeat", "repeatv", "repeat_flat", "pad");
    }

    static Stream<NpyFixtures.Block> splitting() {
        return blocks("split", "spliti", "arraysplit", "flip", "flip_all", "roll", "roll_flat");
    }

    static Tensor build(NpyFixtures.Block b, String prefix) {
        String dt = b.get(prefix + "dtype");
        int[] shape = b.ints(prefix + "shape");
        return b.has(prefix + "ints") ? NpyFixtures.intTensor(dt, shape, b.get(prefix + "ints"))
                : NpyFixtures.tensor(dt, shape, b.doubles(prefix + "values"));
    }

    /** The operand: the base with the block's view applied (as the generator's view()). */
    static Tensor operand(NpyFixtures.Block b) {
        Tensor base = build(b, "a_");
        return switch (b.has("view") ? b.get("view") : "contig") {
            case "contig" -> base;
            case "T" -> base.T();
            case "step" -> base.slice(base.rank() - 1, null, null, 2);
            case "bcast" -> base.broadcastTo(3, base.dim(1));
            case "flip" -> base.slice(0, null, null, -1);
            default -> throw new IllegalArgumentException(b.get("view"));
        };
    }

    static void assertResult(Tensor got, NpyFixtures.Block b, String prefix) {
        Tensor want = build(b, prefix);
        assertThat(got.dtype()).as("%s dtype", b).isEqualTo(want.dtype());
        assertThat(got.shape()).as("%s shape", b).isEqualTo(want.shape());
        if (!want.dtype().isFloat()) {
            assertThat(got.toLongArray()).as("%s values", b).isEqualTo(want.toLongArray());
            return;
        }
        double[] g = got.toDoubleArray(), w = want.toDoubleArray();
        for (int i = 0; i < w.length; i++) {
            boolean same = Double.doubleToLongBits(g[i]) == Double.doubleToLongBits(w[i]);
            assertThat(same).as("%s element %d: got %s, want %s", b, i, g[i], w[i]).isTrue();
        }
    }

    static void assertParts(Tensor[] got, NpyFixtures.Block b, Tensor a) {
        assertThat(got).as("%s parts", b).hasSize(b.getInt("parts"));
        for (int i = 0; i < got.length; i++) {
            assertResult(got[i], b, "r" + i + "_");
            if (got[i].size() > 0) {
                assertThat(got[i].sharesStorage(a)).as("%s part %d is a view", b, i).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sorting")
    void sorting(NpyFixtures.Block b) {
        String op = b.name().split(" ")[0];
        if (op.equals("searchsorted")) {
            assertResult(build(b, "a_").searchsorted(build(b, "v_"), b.get("side")), b, "");
            return;
        }
        Tensor a = operand(b);
        switch (op) {
            case "sort" -> assertResult(a.sort(b.getInt("axis")), b, "");
            case "argsort" -> assertResult(a.argsort(b.getInt("axis")), b, "");
            case "unique" -> {
                Unique u = a.uniqueCounts();
                // np.unique's sort is not stable, so which zero leads its run is unspecified: compare by value.
                Tensor want = build(b, "r0_");
                assertThat(u.values().dtype()).isEqualTo(want.dtype());
                double[] g = u.values().toDoubleArray(), w = want.toDoubleArray();
                assertThat(g).hasSameSizeAs(w);
                for (int i = 0; i < w.length; i++) {
                    assertThat(g[i] == w[i] || (Double.isNaN(g[i]) && Double.isNaN(w[i])))
                            .as("%s unique %d: got %s, want %s", b, i, g[i], w[i]).isTrue();
                }
                assertResult(u.counts(), b, "r1_");
                assertThat(a.unique().toDoubleArray()).hasSize(w.length);
            }
            default -> throw new IllegalArgumentException(op);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scans")
    void scans(NpyFixtures.Block b) {
        Tensor a = operand(b);
        Tensor got = switch (b.name().split(" ")[0]) {
            case "cumsum" -> a.cumsum(b.getInt("axis"));
            case "cumprod" -> a.cumprod(b.getInt("axis"));
            case "cumsum_flat" -> a.cumsum();
            default -> a.cumprod();
        };
        assertResult(got, b, "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("joining")
    void joining(NpyFixtures.Block b) {
        String op = b.name().split(" ")[0];
        if (op.equals("concat")) {
            assertResult(Tensor.concatenate(b.getInt("axis"), build(b, "a_"), build(b, "b_")), b, "");
            return;
        }
        if (op.equals("concatT")) { // as the generator: [a, b.T, a 0-size (rows, 0) of a's dtype] along -1
            Tensor a = build(b, "a_");
            Tensor empty = Tensor.zeros(a.dtype(), a.dim(0), 0);
            assertResult(Tensor.concatenate(b.getInt("axis"), a, build(b, "b_").T(), empty), b, "");
            return;
        }
        Tensor a = operand(b);
        Tensor got = switch (op) {
            case "concat_self" -> {
                int ax = b.getInt("axis");
                yield Tensor.concatenate(ax, a, ax != 0 ? a.slice(0, null, null, -1) : a); // as the generator: a[::-1] unless axis == 0
            }
            case "stack" -> Tensor.stack(b.getInt("axis"), a, a);
            case "tile" -> a.tile(b.ints("reps"));
            case "repeat" -> a.repeat(b.getInt("repeats"), b.getInt("axis"));
            case "repeatv" -> a.repeat(b.ints("repeats"), b.getInt("axis"));
            case "repeat_flat" -> a.repeat(b.getInt("repeats"));
            case "pad" -> {
                String[] pairs = b.get("widths").split(";");
                int[][] w = new int[pairs.length][];
                for (int i = 0; i < w.length; i++) {
                    w[i] = Arrays.stream(pairs[i].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
                }
                yield a.pad(w, b.getInt("constant"));
            }
            default -> throw new IllegalArgumentException(op);
        };
        assertResult(got, b, "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splitting")
    void splitting(NpyFixtures.Block b) {
        String op = b.name().split(" ")[0];
        Tensor a = operand(b);
        switch (op) {
            case "split" -> assertParts(a.split(b.getInt("sections"), b.getInt("axis")), b, a);
            case "spliti" -> assertParts(a.split(b.ints("indices"), b.getInt("axis")), b, a);
            case "arraysplit" -> assertParts(a.arraySplit(b.getInt("sections"), b.getInt("axis")), b, a);
            case "flip", "flip_all" -> {
                Tensor f = op.equals("flip") ? a.flip(b.getInt("axes")) : a.flip();
                assertResult(f, b, "");
                if (a.size() > 0) {
                    assertThat(f.sharesStorage(a)).as("flip is a view").isTrue();
                }
            }
            case "roll" -> assertResult(a.roll(b.getInt("shift"), b.getInt("axis")), b, "");
            case "roll_flat" -> assertResult(a.roll(b.getInt("shift")), b, "");
            default -> throw new IllegalArgumentException(op);
        }
    }
}
