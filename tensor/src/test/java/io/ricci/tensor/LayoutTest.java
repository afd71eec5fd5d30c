package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Layout}: geometry arithmetic, flags, formatting and error messages. */
class LayoutTest {
    @Test
    void contiguousAndFortranStrides() {
        Layout c = Layout.contiguous(2, 3, 4);
        assertThat(c.strides()).containsExactly(12, 4, 1);
        assertThat(c.size()).isEqualTo(24);
        assertThat(c.isContiguous()).isTrue();
        assertThat(c.isFortran()).isFalse();
        Layout f = Layout.fortran(2, 3, 4);
        assertThat(f.strides()).containsExactly(1, 2, 6);
        assertThat(f.isFortran()).isTrue();
        assertThat(f.isContiguous()).isFalse();
        // Zero-size dims do not zero the strides of the others.
        assertThat(Layout.contiguous(2, 0, 3).strides()).containsExactly(3, 3, 1);
        assertThat(Layout.contiguous().size()).isEqualTo(1);
        assertThat(Layout.contiguous().rank()).isZero();
    }

    @Test
    void flagsIgnoreSizeOneAxesAndEmptyTensors() {
        assertThat(Layout.of(new int[] {3, 1, 4}, new int[] {4, 99, 1}, 0).isContiguous()).isTrue();
        assertThat(Layout.of(new int[] {3, 1, 4}, new int[] {1, -7, 3}, 0).isFortran()).isTrue();
        assertThat(Layout.of(new int[] {5}, new int[] {1}, 3).isFortran()).isTrue();
        assertThat(Layout.of(new int[] {5}, new int[] {-1}, 4).isContiguous()).isFalse();
        assertThat(Layout.of(new int[] {2, 0, 2}, new int[] {5, 7, 11}, 0).isContiguous()).isTrue();
        assertThat(Layout.contiguous(3, 4).broadcastTo(2, 3, 4).isContiguous()).isFalse();
        assertThat(Layout.contiguous(1, 4).broadcastTo(1, 4).isContiguous()).isTrue();
    }

    @Test
    void indexAndExtent() {
        Layout l = Layout.contiguous(4, 5).slice(1, null, null, -2).transpose(0, 1);
        assertThat(l.shape()).containsExactly(3, 4);
        assertThat(l.strides()).containsExactly(-2, 5);
        assertThat(l.offset()).isEqualTo(4);
        assertThat(l.index(0, 0)).isEqualTo(4);
        assertThat(l.index(2, 3)).isEqualTo(4 - 4 + 15);
        assertThat(l.index(-1, -1)).isEqualTo(15);
        assertThat(l.extent()).containsExactly(0, 19);
        assertThat(Layout.contiguous(0, 3).extent()).containsExactly(0, 0);
        assertThat(l.dim(-1)).isEqualTo(4);
        assertThat(l.stride(-2)).isEqualTo(-2);
    }

    @Test
    void permuteTransposeReversed() {
        Layout l = Layout.contiguous(2, 3, 4);
        assertThat(l.permute(2, 0, 1).shape()).containsExactly(4, 2, 3);
        assertThat(l.permute(-1, 0, 1).strides()).containsExactly(1, 12, 4);
        assertThat(l.transpose(0, -1).shape()).containsExactly(4, 3, 2);
        assertThat(l.reversed()).isEqualTo(l.permute(2, 1, 0));
        assertThat(l.reversed().isFortran()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        // n, start, stop, step, expected length  (Python's len(range(n)[start:stop:step]))
        "5, 0, 5, 2147483647, 1",
        "5, 4, 0, -2147483648, 1",
        "5, -2147483648, 2147483647, 1, 5",
        "5, 2147483647, -2147483648, -1, 5",
        "2147483, 0, 2147483, 1000000, 3",
    })
    void slicingWithExtremeBoundsAndStepsDoesNotOverflow(int n, int start, int stop, int step, int len) {
        Layout l = Layout.contiguous(n).slice(0, start, stop, step);
        assertThat(l.dim(0)).isEqualTo(len);
        int[] e = l.extent();
        assertThat(e[0]).isGreaterThanOrEqualTo(0);
        assertThat(e[1]).isLessThan(n);
    }

    @Test
    void broadcastShapes() {
        assertThat(Layout.broadcastShapes("add", new int[] {3, 1}, new int[] {4})).containsExactly(3, 4);
        assertThat(Layout.broadcastShapes("add", new int[] {}, new int[] {2, 2})).containsExactly(2, 2);
        assertThat(Layout.broadcastShapes("add", new int[] {1, 0}, new int[] {5, 1})).containsExactly(5, 0);
        assertThatThrownBy(() -> Layout.broadcastShapes("add", new int[] {2, 3}, new int[] {4, 3}))
                .hasMessage("add: shapes (2, 3) and (4, 3) cannot be broadcast together (axis 0: 2 vs 4)");
    }

    @Test
    void resolveShapeInfersOneDimension() {
        assertThat(Layout.resolveShape("reshape", 24, new int[] {24}, 2, -1, 3)).containsExactly(2, 4, 3);
        assertThat(Layout.resolveShape("reshape", 0, new int[] {0}, 5, -1)).containsExactly(5, 0);
    }

    @Test
    void formatting() {
        assertThat(Layout.format(new int[] {2, 4})).isEqualTo("(2, 4)");
        assertThat(Layout.format(new int[] {3})).isEqualTo("(3,)");
        assertThat(Layout.format(new int[] {})).isEqualTo("()");
        assertThat(Layout.compact(new int[] {2, 4})).isEqualTo("(2,4)");
        assertThat(Layout.compact(new int[] {3})).isEqualTo("(3)");
        assertThat(Layout.contiguous(2, 3).toString()).isEqualTo("Layout[shape=(2, 3), strides=[3, 1], offset=0]");
    }

    @Test
    void equalsAndHashCode() {
        Layout a = Layout.contiguous(2, 3);
        Layout b = Layout.of(new int[] {2, 3}, new int[] {3, 1}, 0);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Layout.of(new int[] {2, 3}, new int[] {3, 1}, 1));
        assertThat(a).isNotEqualTo(a.reversed());
    }

    @Test
    void layoutsAreImmutable() {
        int[] shape = {2, 3};
        Layout l = Layout.contiguous(shape);
        shape[0] = 99;
        l.shape()[1] = 99;
        l.strides()[0] = 99;
        assertThat(l.shape()).containsExactly(2, 3);
        assertThat(l.strides()).containsExactly(3, 1);
    }

    static Stream<Arguments> errors() {
        Layout l = Layout.contiguous(2, 3);
        return Stream.of(
                Arguments.of((Runnable) () -> Layout.checkedSize("zeros", 70000, 70000),
                        "zeros: shape (70000, 70000) has more than 2147483639 elements, which one storage array cannot hold"),
                Arguments.of((Runnable) () -> Layout.checkedSize("zeros", 2147483647, 2147483647, 2147483647, 2),
                        "has more than 2147483639 elements"),
                Arguments.of((Runnable) () -> Layout.checkedSize("zeros", 3, -2), "zeros: negative dimension -2 in shape (3, -2)"),
                Arguments.of((Runnable) () -> Layout.contiguous(Integer.MAX_VALUE), "has more than 2147483639 elements"),
                Arguments.of((Runnable) () -> Layout.of(new int[] {2}, new int[] {1, 1}, 0),
                        "shape (2,) and strides [1, 1] have different ranks"),
                Arguments.of((Runnable) () -> Layout.normalizeAxis(-3, 2, "sum"), "sum: axis -3 is out of range for a tensor of rank 2"),
                Arguments.of((Runnable) () -> Layout.normalizeAxis(0, 0, "sum"), "sum: axis 0 is out of range for a tensor of rank 0"),
                Arguments.of((Runnable) () -> l.index(0, 3), "index 3 is out of bounds for axis 1 with size 3 (shape (2, 3))"),
                Arguments.of((Runnable) () -> l.index(), "index has 0 components but the tensor has rank 2"),
                Arguments.of((Runnable) () -> l.broadcastTo(2), "broadcastTo: cannot broadcast (2, 3) to (2,): target has fewer dimensions"),
                Arguments.of((Runnable) () -> Layout.resolveShape("reshape", 6, new int[] {6}, -1, 0),
                        "reshape: cannot reshape (6,) (6 elements) into (-1, 0)"),
                Arguments.of((Runnable) () -> l.diagonal(0, 0, 2), "diagonal: axis 2 is out of range for a tensor of rank 2"),
                Arguments.of((Runnable) () -> l.squeeze(1), "squeeze: axis 1 has size 3, not 1"),
                Arguments.of((Runnable) () -> l.slice(0, 0, 1, 0), "slice: step cannot be zero (axis 0)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("errors")
    void errorMessages(Runnable r, String fragment) {
        assertThatThrownBy(r::run).isInstanceOf(RuntimeException.class).hasMessageContaining(fragment);
    }
}
