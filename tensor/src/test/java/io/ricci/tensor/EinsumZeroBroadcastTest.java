package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * einsum where a size-0 axis meets a size-1 broadcast axis (the cases of NumPy's test_einsum.py that
 * once threw ArrayIndexOutOfBoundsException), against np.einsum: make_zero_broadcast_fixtures.py.
 */
class EinsumZeroBroadcastTest {
    static List<String[]> cases() throws IOException {
        List<String[]> rows = EinsumFixturesTest.read("einsum_zero_broadcast.txt");
        assertThat(rows).hasSizeGreaterThan(200);
        return rows;
    }

    @ParameterizedTest(name = "{0} {2} {1}")
    @MethodSource("cases")
    void matchesNumpy(String spec, String dtypes, String shapeList, String outDtype, String outShape, String vals) {
        String[] dts = dtypes.split(" ");
        int[][] shapes = EinsumFixturesTest.shapes(shapeList);
        Tensor[] ops = new Tensor[dts.length];
        for (int t = 0; t < ops.length; t++) {
            ops[t] = EinsumFixturesTest.operand(t, shapes[t], dts[t].equals("f4") ? DType.F32 : DType.F64);
        }
        DType dt = outDtype.equals("f4") ? DType.F32 : DType.F64;
        double[] want = vals.isEmpty() ? new double[0]
                : Arrays.stream(vals.split(" ")).mapToDouble(Double::parseDouble).toArray();
        Tensor got = Tensor.einsum(spec, ops);
        assertThat(got.dtype()).isEqualTo(dt);
        assertThat(got.shape()).containsExactly(EinsumFixturesTest.shape(outShape));
        // Sums of at most two products of multiples of 1/8: exact.
        assertThat(got.toDoubleArray()).as(spec).containsExactly(want);
        Tensor out = Tensor.full(dt, Double.NaN, EinsumFixturesTest.shape(outShape));
        assertThat(Tensor.einsum(out, spec, ops)).isSameAs(out);
        assertThat(out.toDoubleArray()).as(spec + " into out").containsExactly(want);
    }
}
