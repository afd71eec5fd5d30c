package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the NumPy fixtures cannot see: views writing through, copies not sharing, last-write-wins for
 * repeated assignments, overlap between values and target, the version counter, the raw Java item
 * forms, the contiguous-run gather/scatter paths at sizes past their cutoff, and where(mask) as indices.
 */
class IndexingTest {
    private static Tensor a34() {
        return Tensor.arange(12).reshape(3, 4);
    }

    @Test
    void basicIndexIsAViewThatWritesThrough() {
        Tensor a = a34();
        Tensor v = a.index(Index.slice(1, null), Index.slice(null, null, -1)); // a[1:, ::-1]
        assertThat(v.shape()).containsExactly(2, 4);
        assertThat(v.sharesStorage(a)).isTrue();
        v.set(-1, 0, 0);
        assertThat(a.get(1, 3)).isEqualTo(-1.0);
        Tensor row = a.index(2);
        assertThat(row.toDoubleArray()).containsExactly(8, 9, 10, 11);
        assertThat(row.sharesStorage(a)).isTrue();
        assertThat(a.index(Index.ellipsis(), Index.newAxis()).shape()).containsExactly(3, 4, 1);
        assertThat(a.index().sharesStorage(a)).isTrue();
        Tensor el = a.index(-1, -1);
        assertThat(el.rank()).isZero();
        assertThat(el.item()).isEqualTo(11.0);
    }

    @Test
    void advancedIndexCopies() {
        Tensor a = a34();
        Tensor r = a.index(new int[] {0, 2}, new int[] {1, 3}); // a[[0, 2], [1, 3]]
        assertThat(r.toDoubleArray()).containsExactly(1, 11);
        assertThat(r.sharesStorage(a)).isFalse();
        r.set(100, 0);
        assertThat(a.get(0, 1)).isEqualTo(1.0);
        // a[[[0], [2]], [1, 3]]: (2, 1) with (2,) broadcast to (2, 2)
        Tensor b = a.index(Tensor.of(new long[] {0, 2}, 2, 1), new int[] {1, 3});
        assertThat(b.shape()).containsExactly(2, 2);
        assertThat(b.toDoubleArray()).containsExactly(1, 3, 9, 11);
    }

    @Test
    void whereAdvancedDimsGo() {
        Tensor a = Tensor.arange(30).reshape(5, 2, 3);
        assertThat(a.index(Index.all(), new int[] {0, 1}, new int[] {1, 2}).shape()).containsExactly(5, 2);
        assertThat(a.index(new int[] {0, 1}, Index.all(), new int[] {1, 2}).shape()).containsExactly(2, 2);
        assertThat(a.index(0, Index.all(), new int[] {1, 2}).shape()).containsExactly(2, 2);
        assertThat(a.index(Index.all(), 0, new int[] {1, 2}).shape()).containsExactly(5, 2);
        assertThat(a.index(Index.all(), new int[] {0, 1}, Index.ellipsis(), new int[] {1, 2}).shape()).containsExactly(2, 5);
        assertThat(a.index(true).shape()).containsExactly(1, 5, 2, 3);
        assertThat(a.index(false).shape()).containsExactly(0, 5, 2, 3);
    }

    @Test
    void maskAssignAndWhereAsIndices() {
        Tensor a = Tensor.of(1, 5, -2, 7, 3, 4);
        Tensor m = a.gt(3);
        assertThat(m.dtype()).isEqualTo(DType.BOOL);
        assertThat(a.index(m).toDoubleArray()).containsExactly(5, 7, 4);
        assertThat(a.index((Object[]) Tensor.where(m)).toDoubleArray()).containsExactly(5, 7, 4);
        a.indexPut_(new Object[] {a.gt(3)}, 0.0); // a[a > 3] = 0
        assertThat(a.toDoubleArray()).containsExactly(1, 0, -2, 0, 3, 0);
        Tensor g = Tensor.arange(12).reshape(3, 4);
        Tensor[] w = Tensor.where(g.index(Index.all(), Index.slice(0, 2)).gt(4));
        assertThat(g.index((Object[]) w).toDoubleArray()).containsExactly(5, 8, 9);
    }

    @Test
    void repeatedAssignmentLastWinsButAddAtAccumulates() {
        Tensor x = Tensor.zeros(4);
        x.indexPut_(new Object[] {new int[] {0, 0, 2, 0}}, Tensor.of(1, 2, 3, 4));
        assertThat(x.toDoubleArray()).containsExactly(4, 0, 3, 0);
        Tensor y = Tensor.zeros(4);
        y.addAt_(new Object[] {new int[] {0, 0, 2, 0}}, Tensor.of(1, 2, 3, 4));
        assertThat(y.toDoubleArray()).containsExactly(7, 0, 3, 0);
        Tensor counts = Tensor.zeros(DType.I64, 3);
        counts.addAt_(new Object[] {new int[] {2, 2, 0, 2, -1}}, 1);
        assertThat(counts.toLongArray()).containsExactly(1, 0, 4);
        // float values into an integer tensor truncate at every step, as np.add.at(int_array, [0, 0], 1.5)
        Tensor i = Tensor.zeros(DType.I64, 2);
        i.addAt_(new Object[] {new int[] {0, 0}}, 1.5);
        assertThat(i.toLongArray()).containsExactly(2, 0);
    }

    @Test
    void valuesOverlappingTheTargetAreReadFirst() {
        Tensor a = a34();
        a.indexPut_(new Object[] {new int[] {1, 0}}, a.index(Index.slice(0, 2))); // a[[1, 0]] = a[:2]: swap rows
        assertThat(a.toDoubleArray()).containsExactly(4, 5, 6, 7, 0, 1, 2, 3, 8, 9, 10, 11);
        Tensor b = Tensor.arange(5);
        b.indexPut_(new Object[] {Index.slice(1, null)}, b.index(Index.slice(null, -1))); // b[1:] = b[:-1]
        assertThat(b.toDoubleArray()).containsExactly(0, 0, 1, 2, 3);
        Tensor c = Tensor.arange(4);
        c.addAt_(new Object[] {new int[] {3, 2, 1}}, c.index(Index.slice(0, 3))); // values read before the adds
        assertThat(c.toDoubleArray()).containsExactly(0, 3, 3, 3);
    }

    @Test
    void writesThroughTransposedAndStridedViews() {
        Tensor a = a34();
        a.T().indexPut_(new Object[] {new int[] {0, 3}, 1}, Tensor.of(-1, -2)); // a.T[[0, 3], 1] = [-1, -2]
        assertThat(a.get(1, 0)).isEqualTo(-1.0);
        assertThat(a.get(1, 3)).isEqualTo(-2.0);
        Tensor s = a.slice(1, null, null, 2); // a[:, ::2]
        s.addAt_(new Object[] {Index.all(), new int[] {1, 1}}, 10.0);
        assertThat(a.get(0, 2)).isEqualTo(22.0);
        assertThat(a.get(2, 2)).isEqualTo(30.0);
        assertThat(a.get(0, 1)).isEqualTo(1.0);
    }

    @Test
    void writesBumpTheVersion() {
        Tensor a = a34();
        Tensor v = a.index(Index.all(), 1);
        int before = a.version();
        v.indexPut_(new Object[] {0}, 5.0);
        a.indexPut_(new Object[] {new int[] {1}}, 5.0);
        a.addAt_(new Object[] {new int[] {1}}, 5.0);
        a.putAlongAxis_(Tensor.zeros(DType.I64, 3, 1), 1.0, 1);
        assertThat(a.version()).isEqualTo(before + 4);
    }

    @Test
    void rawJavaItemForms() {
        Tensor a = a34();
        assertThat(a.index(1L, (short) 2).item()).isEqualTo(6.0);
        assertThat(a.index(Index.at(-1), Index.array(3, 0)).toDoubleArray()).containsExactly(11, 8);
        assertThat(a.index(new long[] {2}, Index.mask(true, false, false, true)).toDoubleArray()).containsExactly(8, 11);
        assertThat(a.index(Tensor.of(new int[] {2, 0}), Index.all()).toDoubleArray())
                .containsExactly(8, 9, 10, 11, 0, 1, 2, 3);
        assertThat(Index.slice(1, -1, 2).toString()).isEqualTo("1:-1:2");
        assertThat(Index.slice(null, null, -1).toString()).isEqualTo("::-1");
        assertThat(Index.all().toString()).isEqualTo(":");
        assertThat(Index.newAxis() + " " + Index.ellipsis() + " " + Index.at(3)).isEqualTo("None ... 3");
        assertThat(Index.array(Tensor.zeros(DType.I32, 2, 3)).toString()).isEqualTo("int32 array (2, 3)");
    }

    /** Rows of 8 and more are gathered and scattered as array copies; the result equals take and a loop. */
    @ParameterizedTest(name = "row length {0}")
    @ValueSource(ints = {1, 7, 8, 33})
    void rowRunsMatchTake(int n) {
        for (DType dt : DType.values()) {
            Tensor a = Tensor.randn(n, DType.F64, 17, n).mul(3).astype(dt);
            int[] idx = {16, 0, -1, 3, 3, 9};
            Tensor got = a.index(idx);
            assertThat(got.contentEquals(a.take(0, idx))).as("%s", dt).isTrue();
            Tensor mid = a.reshape(17, 1, n).index(Index.all(), new int[] {0, 0}); // post axis after B, no run
            assertThat(mid.shape()).containsExactly(17, 2, n);
            Tensor back = Tensor.zeros(dt, 17, n);
            back.indexPut_(new Object[] {new int[] {16, 0, 3}}, a.index(new int[] {16, 0, 3}));
            for (int r : new int[] {16, 0, 3}) {
                assertThat(back.index(r).contentEquals(a.index(r))).isTrue();
            }
            assertThat(back.index(1).toDoubleArray()).containsOnly(0.0);
        }
    }

    @Test
    void takeAndPutAlongAxis() {
        Tensor a = Tensor.of(new double[][] {{3, 1, 2}, {0, 5, -1}});
        assertThat(a.takeAlongAxis(a.argsort(1), 1).contentEquals(a.sort(1))).isTrue();
        assertThat(a.takeAlongAxis(a.argmax(1, true), 1).toDoubleArray()).containsExactly(3, 5);
        Tensor b = a.copy();
        b.putAlongAxis_(a.argmax(1, true), 0.0, 1);
        assertThat(b.toDoubleArray()).containsExactly(0, 1, 2, 0, 0, -1);
        // indices of size 1 along the other axis broadcast against it
        assertThat(a.takeAlongAxis(Tensor.of(new long[] {1, 0}, 1, 2), 1).toDoubleArray()).containsExactly(1, 3, 5, 0);
    }
}
