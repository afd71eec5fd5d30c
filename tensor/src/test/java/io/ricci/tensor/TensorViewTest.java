package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Views of {@link Tensor}: shared storage, and reshape/slice/diagonal against numpy (core.txt). */
class TensorViewTest {
    private static List<NpyFixtures.Block> core(String prefix) {
        return NpyFixtures.load("core.txt").stream().filter(b -> b.name().startsWith(prefix)).toList();
    }

    /** Applies the fixture's view ops ("T", "permute a b c", "slice axis start stop step", ...) in order. */
    static Tensor applyOps(Tensor t, String ops) {
        for (String op : ops.split(";")) {
            String[] p = op.trim().split(" ");
            t = switch (p[0]) {
                case "T" -> t.T();
                case "permute" -> t.permute(Arrays.stream(p, 1, p.length).mapToInt(Integer::parseInt).toArray());
                case "slice" -> t.slice(Integer.parseInt(p[1]), bound(p[2]), bound(p[3]), Integer.parseInt(p[4]));
                case "unsqueeze" -> t.unsqueeze(Integer.parseInt(p[1]));
                case "broadcast" -> t.broadcastTo(Arrays.stream(p, 1, p.length).mapToInt(Integer::parseInt).toArray());
                default -> throw new IllegalArgumentException(op);
            };
        }
        return t;
    }

    private static Integer bound(String s) {
        return s.equals("None") ? null : Integer.valueOf(s);
    }

    private static Tensor arangeOf(int[] shape) {
        return Tensor.arange(DType.F64, 0, Layout.checkedSize("test", shape), 1).reshape(shape);
    }

    static List<NpyFixtures.Block> reshapes() {
        return core("reshape ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reshapes")
    void reshapeIsAViewExactlyWhenNumpysIs(NpyFixtures.Block b) {
        Tensor base = arangeOf(b.ints("base"));
        Tensor v = applyOps(base, b.get("ops"));
        int[] ns = b.ints("newshape");
        Tensor r = v.reshape(ns);
        assertThat(r.shape()).isEqualTo(b.ints("shape"));
        assertThat(r.toDoubleArray()).containsExactly(b.doubles("values"));
        boolean numpyView = b.getInt("view") == 1;
        if (r.size() > 0) {
            assertThat(r.sharesStorage(base)).as("view").isEqualTo(numpyView);
        }
        if (numpyView || r.size() == 0) {
            // np.shares_memory is false for empty arrays; Ricci's empty reshape is a (trivial) view.
            assertThat(v.view(ns).layout()).isEqualTo(r.layout());
            if (r.size() > 0) {
                // Writing through the reshaped view must land in the base.
                r.setFlat(r.size() - 1, -99);
                assertThat(v.getFlat(v.size() - 1)).isEqualTo(-99);
            }
        } else {
            assertThatThrownBy(() -> v.view(ns)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without copying; use reshape");
        }
    }

    static List<NpyFixtures.Block> slices() {
        return core("slice ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slices")
    void slicingMatchesNumpy(NpyFixtures.Block b) {
        Tensor t = Tensor.arange(b.getInt("n"));
        Tensor s = t.slice(0, b.bound("start"), b.bound("stop"), b.getInt("step"));
        assertThat(s.size()).isEqualTo(b.getInt("len"));
        assertThat(s.toDoubleArray()).containsExactly(b.doubles("values"));
        if (s.size() > 0) {
            assertThat(s.sharesStorage(t)).isTrue();
        }
    }

    static List<NpyFixtures.Block> slices2d() {
        return core("slice2d ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slices2d")
    void slicingAnInnerAxisMatchesNumpy(NpyFixtures.Block b) {
        Tensor t = arangeOf(new int[] {5, 7});
        Tensor s = t.slice(1, b.bound("start"), b.bound("stop"), b.getInt("step"));
        assertThat(s.shape()).isEqualTo(b.ints("shape"));
        assertThat(s.toDoubleArray()).containsExactly(b.doubles("values"));
        s.set(-1, 4, 0);
        assertThat(t.get(4, (int) b.doubles("values")[s.dim(1) * 4] % 7)).isEqualTo(-1);
    }

    static List<NpyFixtures.Block> diagonals() {
        return core("diagonal ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diagonals")
    void diagonalMatchesNumpy(NpyFixtures.Block b) {
        Tensor t = arangeOf(b.ints("base"));
        Tensor d = t.diagonal(b.getInt("offset"), b.getInt("axis1"), b.getInt("axis2"));
        assertThat(d.shape()).isEqualTo(b.ints("shape"));
        assertThat(d.toDoubleArray()).containsExactly(b.doubles("values"));
    }

    // ---------------------------------------------------------------- writes through views

    static Stream<Arguments> viewMakers() {
        return Stream.of(
                Arguments.of("transpose", (ViewMaker) t -> t.T()),
                Arguments.of("permute", (ViewMaker) t -> t.permute(2, 0, 1)),
                Arguments.of("slice step -2", (ViewMaker) t -> t.slice(2, null, null, -2)),
                Arguments.of("slice range", (ViewMaker) t -> t.slice(1, 1, 3)),
                Arguments.of("select", (ViewMaker) t -> t.select(1, -1)),
                Arguments.of("diagonal", (ViewMaker) t -> t.diagonal(1, 1, 2)),
                Arguments.of("unsqueeze", (ViewMaker) t -> t.unsqueeze(1)),
                Arguments.of("squeeze", (ViewMaker) t -> t.unsqueeze(0).squeeze()),
                Arguments.of("reshape", (ViewMaker) t -> t.reshape(6, 5)),
                Arguments.of("flatten", (ViewMaker) Tensor::flatten),
                Arguments.of("view of transpose", (ViewMaker) t -> t.permute(1, 0, 2).slice(2, 0, 5, 2)));
    }

    interface ViewMaker {
        Tensor make(Tensor t);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("viewMakers")
    void writesThroughViewsReachTheBase(String what, ViewMaker m) {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor base = Tensor.arange(dt, 0, 30, 1).reshape(2, 3, 5);
            Tensor before = base.copy();
            Tensor v = m.make(base);
            assertThat(v.sharesStorage(base)).isTrue();
            // Negate every element of the view through set(): exactly the viewed base elements change.
            int n = v.size();
            double[] old = v.toDoubleArray();
            for (int i = 0; i < n; i++) {
                v.setFlat(i, -1000 - old[i]);
            }
            Tensor changed = base.copy();
            int touched = 0;
            for (int i = 0; i < 30; i++) {
                double was = before.getFlat(i), now = changed.getFlat(i);
                if (was != now) {
                    assertThat(now).isEqualTo(-1000 - was);
                    touched++;
                }
            }
            assertThat(touched).isEqualTo((int) Arrays.stream(old).distinct().count());
            assertThat(v.toDoubleArray()).containsExactly(Arrays.stream(old).map(x -> -1000 - x).toArray());
        }
    }

    @Test
    void broadcastViewWritesTheSharedElement() {
        Tensor row = Tensor.of(1.0, 2.0, 3.0);
        Tensor b = row.broadcastTo(4, 3);
        assertThat(b.strides()).containsExactly(0, 1);
        assertThat(b.sharesStorage(row)).isTrue();
        b.set(9, 3, 1);
        assertThat(row.toDoubleArray()).containsExactly(1, 9, 3);
        assertThat(b.select(1, 1).toDoubleArray()).containsExactly(9, 9, 9, 9);
        assertThat(row.expand(2, 3).layout()).isEqualTo(row.broadcastTo(2, 3).layout());
    }

    @Test
    void copiesDoNotShareStorage() {
        Tensor t = Tensor.arange(6).reshape(2, 3);
        Tensor c = t.copy();
        assertThat(c.sharesStorage(t)).isFalse();
        c.set(100, 0, 0);
        assertThat(t.get(0, 0)).isZero();
        assertThat(t.contiguous()).isSameAs(t);
        Tensor tc = t.T().contiguous();
        assertThat(tc.sharesStorage(t)).isFalse();
        assertThat(tc.isContiguous()).isTrue();
        assertThat(t.astype(DType.F64)).isSameAs(t);
        Tensor f = t.astype(DType.F32);
        assertThat(f.dtype()).isEqualTo(DType.F32);
        assertThat(f.toDoubleArray()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void assignFromOverlappingViewReadsSourceFirst() {
        Tensor t = Tensor.arange(8);
        t.assign(t.slice(0, null, null, -1));
        assertThat(t.toDoubleArray()).containsExactly(7, 6, 5, 4, 3, 2, 1, 0);
        Tensor m = Tensor.arange(9).reshape(3, 3);
        m.assign(m.T());
        assertThat(m.toDoubleArray()).containsExactly(0, 3, 6, 1, 4, 7, 2, 5, 8);
        Tensor s = Tensor.arange(6);
        s.slice(0, 1, 6).assign(s.slice(0, 0, 5));
        assertThat(s.toDoubleArray()).containsExactly(0, 0, 1, 2, 3, 4);
    }

    @Test
    void assignBroadcastsAndConverts() {
        Tensor t = Tensor.zeros(DType.F32, 2, 3);
        t.assign(Tensor.of(0.1, 0.2, 0.3));
        assertThat(t.toFloatArray()).containsExactly(0.1f, 0.2f, 0.3f, 0.1f, 0.2f, 0.3f);
        t.assign(Tensor.scalar(7));
        assertThat(t.toDoubleArray()).containsOnly(7);
    }

    @Test
    void squeezeAndUnsqueeze() {
        Tensor t = Tensor.arange(6).reshape(1, 2, 1, 3, 1);
        assertThat(t.squeeze().shape()).containsExactly(2, 3);
        assertThat(t.squeeze(2).shape()).containsExactly(1, 2, 3, 1);
        assertThat(t.squeeze(-1).shape()).containsExactly(1, 2, 1, 3);
        Tensor m = Tensor.arange(6).reshape(2, 3);
        assertThat(m.unsqueeze(0).shape()).containsExactly(1, 2, 3);
        assertThat(m.unsqueeze(1).shape()).containsExactly(2, 1, 3);
        assertThat(m.unsqueeze(-1).shape()).containsExactly(2, 3, 1);
        assertThat(m.unsqueeze(2).shape()).containsExactly(2, 3, 1);
        assertThat(m.T().unsqueeze(1).toDoubleArray()).containsExactly(m.T().toDoubleArray());
        assertThat(m.unsqueeze(1).squeeze(1).layout()).isEqualTo(m.layout());
        assertThat(Tensor.scalar(3).unsqueeze(0).shape()).containsExactly(1);
        assertThat(Tensor.zeros(1, 1).squeeze().rank()).isZero();
        assertThat(m.unsqueeze(1).isContiguous()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "3        | 2 4   | broadcastTo: cannot broadcast (3,) to (2, 4): axis 1 has size 3, expected 1 or 4",
        "2        | 2 3   | broadcastTo: cannot broadcast (2,) to (2, 3): axis 1 has size 2, expected 1 or 3",
        "2 3      | 3     | target has fewer dimensions",
        "2 1      | 2 0   | ",
        "2 3      | 4 3   | axis 0 has size 2, expected 1 or 4",
    })
    void broadcastErrors(String from, String to, String fragment) {
        int[] f = Arrays.stream(from.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        int[] g = Arrays.stream(to.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        Tensor t = Tensor.zeros(f);
        if (fragment == null) {
            assertThat(t.broadcastTo(g).shape()).isEqualTo(g); // size-1 axis broadcasts to 0, as in NumPy
        } else {
            assertThatThrownBy(() -> t.broadcastTo(g)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(fragment.trim());
        }
    }

    static Stream<Arguments> viewErrors() {
        Tensor m = Tensor.zeros(2, 3);
        return Stream.of(
                Arguments.of((Runnable) () -> m.squeeze(0), "squeeze: axis 0 has size 2, not 1 (shape (2, 3))"),
                Arguments.of((Runnable) () -> m.squeeze(2), "squeeze: axis 2 is out of range for a tensor of rank 2"),
                Arguments.of((Runnable) () -> m.unsqueeze(4), "unsqueeze: axis 4 is out of range for a tensor of rank 3"),
                Arguments.of((Runnable) () -> m.unsqueeze(-4), "unsqueeze: axis -4 is out of range"),
                Arguments.of((Runnable) () -> m.permute(0, 0), "permute: axis 0 repeated in [0, 0]"),
                Arguments.of((Runnable) () -> m.permute(0), "permute: [0] has 1 axes but the tensor has rank 2"),
                Arguments.of((Runnable) () -> m.permute(0, 2), "permute: axis 2 is out of range"),
                Arguments.of((Runnable) () -> m.transpose(0, 5), "transpose: axis 5 is out of range"),
                Arguments.of((Runnable) () -> m.slice(1, 0, 3, 0), "slice: step cannot be zero (axis 1)"),
                Arguments.of((Runnable) () -> m.slice(2, 0, 1), "slice: axis 2 is out of range"),
                Arguments.of((Runnable) () -> m.select(1, 3), "select: index 3 is out of bounds for axis 1 with size 3"),
                Arguments.of((Runnable) () -> m.select(0, -3), "select: index -3 is out of bounds for axis 0 with size 2"),
                Arguments.of((Runnable) () -> m.diagonal(0, 1, -1), "diagonal: axis1 and axis2 are both axis 1"),
                Arguments.of((Runnable) () -> m.reshape(4, 2), "reshape: cannot reshape (2, 3) (6 elements) into (4, 2) (8 elements)"),
                Arguments.of((Runnable) () -> m.reshape(-1, -1), "reshape: can only infer one dimension in (-1, -1)"),
                Arguments.of((Runnable) () -> m.reshape(4, -1), "reshape: cannot reshape (2, 3) (6 elements) into (4, -1)"),
                Arguments.of((Runnable) () -> m.reshape(0, -1), "cannot reshape (2, 3) (6 elements) into (0, -1)"),
                Arguments.of((Runnable) () -> m.reshape(-2, 3), "reshape: negative dimension -2 in (-2, 3)"),
                Arguments.of((Runnable) () -> m.T().view(6), "view: cannot view (3, 2) with strides [1, 3] as (6,)"),
                Arguments.of((Runnable) () -> m.get(2, 0), "index 2 is out of bounds for axis 0 with size 2 (shape (2, 3))"),
                Arguments.of((Runnable) () -> m.get(0, -4), "index -4 is out of bounds for axis 1 with size 3"),
                Arguments.of((Runnable) () -> m.get(0), "index has 1 components but the tensor has rank 2 (shape (2, 3))"),
                Arguments.of((Runnable) () -> m.item(), "item: tensor of shape (2, 3) has 6 elements, not 1"),
                Arguments.of((Runnable) () -> m.dim(2), "dim: axis 2 is out of range for a tensor of rank 2"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("viewErrors")
    void errorsNameOpAxisAndShape(Runnable r, String fragment) {
        assertThatThrownBy(r::run).isInstanceOf(RuntimeException.class).hasMessageContaining(fragment);
    }

    @Test
    void elementAccessWithNegativeIndices() {
        Tensor m = Tensor.arange(12).reshape(3, 4);
        assertThat(m.get(-1, -1)).isEqualTo(11);
        assertThat(m.get(-3, 1)).isEqualTo(1);
        m.set(42, -2, -3);
        assertThat(m.get(1, 1)).isEqualTo(42);
        assertThat(m.select(0, 2).select(0, 3).item()).isEqualTo(11);
        assertThat(Tensor.scalar(2.5).item()).isEqualTo(2.5);
        assertThat(Tensor.scalar(2.5).get()).isEqualTo(2.5);
    }
}
