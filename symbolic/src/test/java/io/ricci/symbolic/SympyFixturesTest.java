package io.ricci.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import io.ricci.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jacobians and Hessians of 40 functions of 1-4 variables at random points against sympy
 * (sympy-fixtures.tsv, made by make_sympy_fixtures.py next to it).
 */
class SympyFixturesTest {

    record Case(String id, String functions, List<String> vars, double[] point, double[] jacobian,
            List<double[]> hessians) {
        @Override
        public String toString() {
            return id + ": " + functions;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                SympyFixturesTest.class.getResourceAsStream("sympy-fixtures.tsv"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                if (line.isBlank()) {
                    continue;
                }
                String[] c = line.split("\t");
                out.add(new Case(c[0], c[1].replace(";", ","), List.of(c[2].split(",")), numbers(c[3]),
                        numbers(c[4]), Arrays.stream(c[5].split(";")).map(SympyFixturesTest::numbers).toList()));
            }
        }
        return out.stream();
    }

    private static double[] numbers(String s) {
        return Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void fixtureFileHasAtLeastThirtyFunctionsBesidesTheSeed() throws IOException {
        assertThat(cases().filter(c -> !c.id().equals("seed_jacobian")).count()).isGreaterThanOrEqualTo(30);
        assertThat(cases().mapToInt(c -> c.vars().size()).distinct().sorted().toArray()).containsExactly(1, 2, 3, 4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jacobianMatchesSympy(Case c) {
        SymbolicFunctions f = Symbolic.parse(c.functions(), c.vars(), List.of());
        SymbolicMatrix j = f.jacobian();
        assertThat(j.rows()).isEqualTo(c.hessians().size());
        assertThat(j.cols()).isEqualTo(c.vars().size());
        assertClose(j.evaluate(c.point()).toDoubleArray(), c.jacobian(), 1e-12, c + " Jacobian " + j.toLists());
        // The symbolic result also agrees with central differences of the function it was derived from.
        assertThat(Jacobian.check(j, f.numeric(), c.point()).maxRelError()).isLessThan(1e-7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hessiansMatchSympy(Case c) {
        SymbolicFunctions f = Symbolic.parse(c.functions(), c.vars(), List.of());
        for (int i = 0; i < f.count(); i++) {
            SymbolicMatrix h = f.hessian(i);
            assertClose(h.evaluate(c.point()).toDoubleArray(), c.hessians().get(i), 1e-11,
                    c + " Hessian " + i + " " + h.toLists());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printedJacobianParsesBackToTheSameFunctions(Case c) {
        SymbolicMatrix j = Symbolic.parse(c.functions(), c.vars(), List.of()).jacobian();
        for (int r = 0; r < j.rows(); r++) {
            for (int k = 0; k < j.cols(); k++) {
                SymbolicMatrix again = Symbolic.parse(j.get(r, k), c.vars(), List.of()).values();
                assertThat(again.evaluate(c.point()).item()).as("%s entry (%d,%d) = %s", c, r, k, j.get(r, k))
                        .isCloseTo(j.evaluate(c.point()).get(r, k), org.assertj.core.api.Assertions.within(
                                1e-12 * Math.max(1, Math.abs(j.evaluate(c.point()).get(r, k)))));
            }
        }
    }

    private static void assertClose(double[] actual, double[] expected, double rel, String what) {
        assertThat(actual).as(what).hasSize(expected.length);
        for (int i = 0; i < actual.length; i++) {
            double tol = rel * Math.max(1, Math.abs(expected[i]));
            assertThat(Math.abs(actual[i] - expected[i])).as("%s entry %d: %s vs sympy %s", what, i, actual[i],
                    expected[i]).isLessThanOrEqualTo(tol);
        }
    }

    @Test
    void bulkEvaluationOfAFixtureAgreesWithPointwiseEvaluation() {
        SymbolicMatrix h = Symbolic.parse("exp(-(x^2 + 2*y^2 + 3*z^2))*x", "x", "y", "z").hessian();
        int n = 300;
        Tensor pts = Tensor.rand(7, io.ricci.tensor.DType.F64, n, 3);
        Tensor all = h.evaluateBulk(pts);
        assertThat(all.shape()).containsExactly(n, 3, 3);
        for (int p = 0; p < n; p += 37) {
            double[] one = h.evaluate(pts.get(p, 0), pts.get(p, 1), pts.get(p, 2)).toDoubleArray();
            for (int k = 0; k < 9; k++) {
                assertThat(all.get(p, k / 3, k % 3)).isEqualTo(one[k]);
            }
        }
    }
}
