package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NumPy indexing against NumPy 2 (indexing.txt from make_indexing_fixtures.py): basic and advanced
 * {@link Tensor#index}, {@link Tensor#indexPut_} (tensor and scalar values), {@link Tensor#addAt_}
 * ({@code np.add.at}, repeated indices), {@link Tensor#takeAlongAxis} and {@link Tensor#putAlongAxis_}
 * over every dtype, 0-size, 1, 7 and 17 elements, 2-D and 3-D operands seen through transposed,
 * strided, broadcast and flipped views, negative indices, NaN/inf/-0.0 in the float data. The index
 * items arrive in every form {@code index} takes (Index values, Integer, int[], long[], boolean[],
 * Boolean, int32/int64/bool tensors). Writes go through the view and are checked on the base. Float
 * results are compared bit for bit, integer results exactly.
 */
class IndexingFixtureTest {
    static Stream<NpyFixtures.Block> blocks(String... kinds) {
        return NpyFixtures.load("indexing.txt").stream()
                .filter(b -> java.util.Arrays.stream(kinds).anyMatch(k -> b.name().startsWith(k + " ")));
    }

    static Stream<NpyFixtures.Block> reads() {
        return blocks("index");
    }

    static Stream<NpyFixtures.Block> writes() {
        return blocks("put", "puts", "addat");
    }

    static Stream<NpyFixtures.Block> along() {
        return blocks("takealong", "putalong");
    }

    /** The view the generator's view() makes of {@code base}. */
    static Tensor view(Tensor base, String name) {
        return switch (name) {
            case "contig" -> base;
            case "T" -> base.T();
            case "step" -> base.slice(base.rank() - 1, null, null, 2);
            case "bcast" -> base.broadcastTo(3, base.dim(1));
            case "flip" -> base.slice(0, null, null, -1);
            case "flip2" -> base.slice(0, null, null, -2);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * The items of an "items:" line (see the generator's docstring). {@code asIndex} passes index
     * arrays and masks as {@link Index} values rather than raw tensors, so both forms are exercised.
     */
    static Object[] items(String spec, boolean asIndex) {
        if (spec.isBlank()) {
            return new Object[0];
        }
        String[] parts = spec.split(" ; ");
        Object[] out = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String[] t = parts[i].trim().split("\\s+");
            out[i] = switch (t[0]) {
                case "s" -> Index.slice(bound(t[1]), bound(t[2]), bound(t[3]));
                case "all" -> Index.all();
                case "at" -> Index.at(Long.parseLong(t[1]));
                case "int" -> Integer.valueOf(t[1]);
                case "new" -> Index.newAxis();
                case "ell" -> Index.ellipsis();
                case "bool" -> Boolean.valueOf(t[1].equals("1"));
                case "list" -> toInts(longs(t, 1));
                case "llist" -> longs(t, 1);
                case "blist" -> toBools(longs(t, 1));
                case "arr" -> {
                    Tensor a = Tensor.of(longs(t, 3), longs(t, 3).length).reshape(shape(t[2])).astype(DType.parse(t[1]));
                    yield asIndex ? Index.array(a) : a;
                }
                case "mask" -> {
                    boolean[] m = toBools(longs(t, 2));
                    Tensor a = Tensor.of(m, m.length).reshape(shape(t[1]));
                    yield asIndex ? Index.mask(a) : a;
                }
                default -> throw new IllegalArgumentException("unknown item " + parts[i]);
            };
        }
        return out;
    }

    private static Integer bound(String s) {
        return s.equals("None") ? null : Integer.valueOf(s);
    }

    private static int[] shape(String s) {
        String inner = s.substring(1, s.length() - 1);
        return inner.isEmpty() ? new int[0] : java.util.Arrays.stream(inner.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static long[] longs(String[] t, int from) {
        long[] v = new long[t.length - from];
        for (int i = 0; i < v.length; i++) {
            v[i] = Long.parseLong(t[from + i]);
        }
        return v;
    }

    private static int[] toInts(long[] v) {
        return java.util.Arrays.stream(v).mapToInt(Math::toIntExact).toArray();
    }

    private static boolean[] toBools(long[] v) {
        boolean[] b = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i] != 0;
        }
        return b;
    }

    private static boolean even(NpyFixtures.Block b) {
        return Integer.parseInt(b.name().split(" ")[1]) % 2 == 0;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reads")
    void index(NpyFixtures.Block b) {
        Tensor base = JoinSortFixtureTest.build(b, "a_");
        Tensor a = view(base, b.get("view"));
        Object[] items = items(b.get("items"), even(b));
        int version = base.version();
        Tensor got = a.index(items);
        JoinSortFixtureTest.assertResult(got, b, "");
        if (b.getInt("isview") == 1) {
            if (got.size() > 0) {
                assertThat(got.sharesStorage(base)).as("%s: a basic index is a view", b).isTrue();
            }
        } else {
            assertThat(got.sharesStorage(base)).as("%s: an advanced index copies", b).isFalse();
            assertThat(got.isContiguous()).isTrue();
        }
        assertThat(base.version()).as("reading does not count as a write").isEqualTo(version);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void write(NpyFixtures.Block b) {
        Tensor base = JoinSortFixtureTest.build(b, "a_");
        Tensor a = view(base, b.get("view"));
        Object[] items = items(b.get("items"), even(b));
        int version = base.version();
        Tensor r = switch (b.name().split(" ")[0]) {
            case "put" -> a.indexPut_(items, JoinSortFixtureTest.build(b, "v_"));
            case "puts" -> a.indexPut_(items, NpyFixtures.num(b.get("scalar")));
            case "addat" -> a.addAt_(items, JoinSortFixtureTest.build(b, "v_"));
            default -> throw new IllegalArgumentException(b.name());
        };
        assertThat(r).isSameAs(a);
        JoinSortFixtureTest.assertResult(base, b, "");
        assertThat(base.version()).as("a write counts").isGreaterThan(version);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("along")
    void along(NpyFixtures.Block b) {
        Tensor base = JoinSortFixtureTest.build(b, "a_");
        Tensor a = view(base, b.get("view"));
        Tensor ind = JoinSortFixtureTest.build(b, "i_");
        int axis = b.getInt("axis");
        if (b.name().startsWith("takealong ")) {
            JoinSortFixtureTest.assertResult(a.takeAlongAxis(ind, axis), b, "");
        } else {
            assertThat(a.putAlongAxis_(ind, JoinSortFixtureTest.build(b, "v_"), axis)).isSameAs(a);
            JoinSortFixtureTest.assertResult(base, b, "");
        }
    }
}
