package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** einsum and einsumPath against np.einsum / np.einsum_path fixtures (see make_fixtures.py). */
class EinsumFixturesTest {

    static List<String[]> read(String name) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(EinsumFixturesTest.class.getResourceAsStream("/einsum/" + name)),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("#")) {
                    rows.add(line.split(";", -1));
                }
            }
        }
        return rows;
    }

    static int[] shape(String s) {
        return s.equals("-") ? new int[0] : Arrays.stream(s.split("x")).mapToInt(Integer::parseInt).toArray();
    }

    static int[][] shapes(String s) {
        return Arrays.stream(s.trim().split(" ")).map(EinsumFixturesTest::shape).toArray(int[][]::new);
    }

    /** The operand make_fixtures.py builds: element i = ((37·i + 11·t) mod 23 − 11) / 8. */
    static Tensor operand(int t, int[] shape, DType dtype) {
        Tensor x = Tensor.zeros(dtype, shape);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, ((37L * i + 11L * t) % 23 - 11) / 8.0);
        }
        return x;
    }

    static List<String[]> values() throws IOException {
        return read("einsum_values.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void matchesNumpyEinsum(String spec, String dtypes, String shapeList, String outDtype, String outShape,
            String vals) {
        String[] dts = dtypes.split(" ");
        int[][] shapes = shapes(shapeList);
        Tensor[] ops = new Tensor[dts.length];
        for (int t = 0; t < ops.length; t++) {
            ops[t] = operand(t, shapes[t], dts[t].equals("f4") ? DType.F32 : DType.F64);
        }
        Tensor got = Tensor.einsum(spec, ops);
        assertThat(got.dtype()).isEqualTo(outDtype.equals("f4") ? DType.F32 : DType.F64);
        assertThat(got.shape()).containsExactly(shape(outShape));
        double[] want = vals.isEmpty() ? new double[0]
                : Arrays.stream(vals.split(" ")).mapToDouble(Double::parseDouble).toArray();
        double[] g = got.toDoubleArray();
        assertThat(g).hasSize(want.length);
        double tol = got.dtype() == DType.F32 ? 1e-4 : 1e-12;
        for (int i = 0; i < want.length; i++) {
            assertThat(g[i]).as("%s element %d", spec, i).isCloseTo(want[i], within(tol * (1 + Math.abs(want[i]))));
        }
    }

    /** The same cases through {@code einsum(out, ...)}: every element of a NaN-filled out is overwritten. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void intoOutMatchesNumpyEinsum(String spec, String dtypes, String shapeList, String outDtype, String outShape,
            String vals) {
        String[] dts = dtypes.split(" ");
        int[][] shapes = shapes(shapeList);
        Tensor[] ops = new Tensor[dts.length];
        for (int t = 0; t < ops.length; t++) {
            ops[t] = operand(t, shapes[t], dts[t].equals("f4") ? DType.F32 : DType.F64);
        }
        Tensor out = Tensor.full(outDtype.equals("f4") ? DType.F32 : DType.F64, Double.NaN, shape(outShape));
        assertThat(Tensor.einsum(out, spec, ops)).isSameAs(out);
        double[] want = vals.isEmpty() ? new double[0]
                : Arrays.stream(vals.split(" ")).mapToDouble(Double::parseDouble).toArray();
        double[] g = out.toDoubleArray();
        assertThat(g).hasSize(want.length);
        double tol = out.dtype() == DType.F32 ? 1e-4 : 1e-12;
        for (int i = 0; i < want.length; i++) {
            assertThat(g[i]).as("%s element %d", spec, i).isCloseTo(want[i], within(tol * (1 + Math.abs(want[i]))));
        }
    }

    static List<String[]> paths() throws IOException {
        return read("einsum_paths.txt");
    }

    private static String pathString(List<int[]> p) {
        return p.stream().map(t -> Arrays.stream(t).mapToObj(String::valueOf).collect(Collectors.joining(",")))
                .collect(Collectors.joining(" "));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void optimalPathMatchesNumpy(String spec, String shapeList, String flops, String largest, String path,
            String greedyFlops, String greedyPath, String naive) {
        EinsumPath p = EinsumPath.of(spec, EinsumPath.Strategy.OPTIMAL, shapes(shapeList));
        assertThat(p.optimizedFlops()).isEqualTo(Long.parseLong(flops));
        assertThat(p.largestIntermediate()).isEqualTo(Long.parseLong(largest));
        assertThat(pathString(p.path())).isEqualTo(path);
        assertThat(p.naiveFlops()).isEqualTo(Long.parseLong(naive));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void greedyPathMatchesNumpy(String spec, String shapeList, String flops, String largest, String path,
            String greedyFlops, String greedyPath, String naive) {
        EinsumPath p = EinsumPath.of(spec, EinsumPath.Strategy.GREEDY, shapes(shapeList));
        assertThat(p.optimizedFlops()).isEqualTo(Long.parseLong(greedyFlops));
        assertThat(pathString(p.path())).isEqualTo(greedyPath);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paths")
    void executingThePathMatchesTheOracle(String spec, String shapeList, String flops, String largest, String path,
            String greedyFlops, String greedyPath, String naive) {
        int[][] shapes = shapes(shapeList);
        long work = 1;
        for (int[] s : shapes) {
            work *= Arrays.stream(s).asLongStream().reduce(1, (a, b) -> a * b);
        }
        // The oracle loops over every label assignment; keep to the cases where that is quick.
        org.junit.jupiter.api.Assumptions.assumeTrue(EinsumPath.of(spec, shapes).naiveFlops() < 3_000_000);
        Tensor[] ops = new Tensor[shapes.length];
        for (int t = 0; t < ops.length; t++) {
            ops[t] = operand(t, shapes[t], DType.F64);
        }
        EinsumOracle.check(spec, EinsumOracle.einsum(spec, ops), Tensor.einsum(spec, ops), 1e-12);
    }
}
