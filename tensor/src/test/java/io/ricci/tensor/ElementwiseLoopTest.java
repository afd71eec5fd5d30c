package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The geometry of the iteration engine: dim dropping, memory-order sorting, coalescing. */
class ElementwiseLoopTest {
    /** Every run as {pos0, pos1, ..., n}. */
    static List<int[]> runs(ElementwiseLoop loop, int nOps) {
        List<int[]> out = new ArrayList<>();
        loop.forEach((p, n) -> {
            int[] r = new int[nOps + 1];
            System.arraycopy(p, 0, r, 0, nOps);
            r[nOps] = n;
            out.add(r);
        });
        return out;
    }

    @Test
    void contiguousOperandsBecomeOneRun() {
        int[] shape = {2, 3, 4};
        Layout c = Layout.contiguous(shape);
        ElementwiseLoop loop = ElementwiseLoop.of(shape, new Layout[] {c, c}, 0, false);
        assertThat(loop.rank()).isEqualTo(1);
        assertThat(runs(loop, 2)).containsExactly(new int[] {0, 0, 24});
    }

    @Test
    void scalarBroadcastStillCoalesces() {
        int[] shape = {5, 6};
        Layout s = Layout.contiguous().broadcastTo(shape);
        ElementwiseLoop loop = ElementwiseLoop.of(shape, new Layout[] {Layout.contiguous(shape), s}, 0, false);
        assertThat(loop.rank()).isEqualTo(1);
        assertThat(loop.innerStride(1)).isZero();
    }

    @Test
    void rowBroadcastKeepsTwoDims() {
        int[] shape = {3, 4};
        Layout row = Layout.contiguous(4).broadcastTo(shape);
        Layout col = Layout.contiguous(3, 1).broadcastTo(shape);
        ElementwiseLoop loop = ElementwiseLoop.of(shape, new Layout[] {Layout.contiguous(shape), row, col}, 0, false);
        assertThat(loop.rank()).isEqualTo(2);
        assertThat(loop.innerSize()).isEqualTo(4);
        assertThat(runs(loop, 3)).containsExactly(new int[] {0, 0, 0, 4}, new int[] {4, 0, 1, 4}, new int[] {8, 0, 2, 4});
    }

    @Test
    void walkFollowsTheOrderingOperandsMemoryOrder() {
        // Output transposed (Fortran order): the inner run must be along axis 0, where its stride is 1.
        int[] shape = {3, 5};
        Layout out = Layout.fortran(shape);
        Layout in = Layout.contiguous(shape);
        ElementwiseLoop loop = ElementwiseLoop.of(shape, new Layout[] {out, in}, 0, false);
        assertThat(loop.innerSize()).isEqualTo(3);
        assertThat(loop.innerStride(0)).isEqualTo(1);
        assertThat(loop.innerStride(1)).isEqualTo(5);
        // Ordered by the input instead, the inner run is along axis 1.
        ElementwiseLoop byIn = ElementwiseLoop.of(shape, new Layout[] {out, in}, 1, false);
        assertThat(byIn.innerSize()).isEqualTo(5);
        assertThat(byIn.innerStride(1)).isEqualTo(1);
    }

    @Test
    void sizeOneDimsAreDroppedAndRankZeroIsOneRunOfOne() {
        int[] shape = {1, 7, 1};
        Layout a = Layout.of(shape, new int[] {99, 2, 55}, 3);
        ElementwiseLoop loop = ElementwiseLoop.of(shape, new Layout[] {Layout.contiguous(shape), a}, 0, false);
        assertThat(loop.rank()).isEqualTo(1);
        assertThat(runs(loop, 2)).containsExactly(new int[] {0, 3, 7});
        ElementwiseLoop scalar = ElementwiseLoop.of(new int[0], new Layout[] {Layout.of(new int[0], new int[0], 4)}, 0, false);
        assertThat(runs(scalar, 1)).containsExactly(new int[] {4, 1});
    }

    @Test
    void zeroSizeHasNoRuns() {
        int[] shape = {3, 0, 2};
        Layout c = Layout.contiguous(shape);
        assertThat(runs(ElementwiseLoop.of(shape, new Layout[] {c}, 0, false), 1)).isEmpty();
    }

    @Test
    void keepInnerKeepsTheLastDimSeparate() {
        int[] shape = {4, 1};
        Layout c = Layout.contiguous(shape);
        ElementwiseLoop loop = ElementwiseLoop.of(shape, new Layout[] {c}, -1, true);
        assertThat(loop.innerSize()).isEqualTo(1);
        assertThat(runs(loop, 1)).hasSize(4);
        int[] shape2 = {2, 3};
        ElementwiseLoop loop2 = ElementwiseLoop.of(shape2, new Layout[] {Layout.contiguous(shape2)}, -1, true);
        assertThat(loop2.rank()).isEqualTo(2);
        assertThat(runs(loop2, 1)).containsExactly(new int[] {0, 3}, new int[] {3, 3});
    }

    @Test
    void negativeStridesWalkCorrectly() {
        int[] shape = {2, 3};
        Layout rev = Layout.contiguous(shape).slice(1, null, null, -1); // strides (3,-1), offset 2
        ElementwiseLoop loop = ElementwiseLoop.of(shape, new Layout[] {Layout.contiguous(shape), rev}, 0, false);
        assertThat(runs(loop, 2)).containsExactly(new int[] {0, 2, 3}, new int[] {3, 5, 3});
        assertThat(loop.innerStride(1)).isEqualTo(-1);
    }
}
