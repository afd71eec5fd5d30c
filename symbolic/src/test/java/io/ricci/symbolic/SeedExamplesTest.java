package io.ricci.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worked examples of the seed lecture notes, against the values in seed-examples.properties. */
class SeedExamplesTest {
    private static Properties seed;

    @BeforeAll
    static void load() throws IOException {
        seed = new Properties();
        try (InputStream in = SeedExamplesTest.class.getResourceAsStream("seed-examples.properties")) {
            seed.load(in);
        }
    }

    private static double[] numbers(String key) {
        return Arrays.stream(seed.getProperty(key).split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void seedJacobianIsExactlyTheLectureResultAndItsValueAtTwoThree() {
        SymbolicMatrix j = Symbolic.parse(seed.getProperty("jacobian.f"), "x", "y").jacobian();
        String[] expected = seed.getProperty("jacobian.symbolic").split(";");

        assertThat(j.rows()).isEqualTo(2);
        assertThat(j.cols()).isEqualTo(2);
        assertThat(j.toLists()).containsExactly(List.of(expected[0], expected[1]), List.of(expected[2], expected[3]));
        for (int i = 0; i < 4; i++) {
            assertThat(Symbolic.equivalent(j.get(i / 2, i % 2), expected[i], List.of("x", "y"))).isTrue();
        }
        Tensor v = j.evaluate(numbers("jacobian.at"));
        assertThat(v.shape()).containsExactly(2, 2);
        assertThat(v.toDoubleArray()).containsExactly(numbers("jacobian.numeric"));
    }

    @Test
    void equivalenceIsNotFooledByDifferentSpellingsAndRejectsDifferentFunctions() {
        List<String> xy = List.of("x", "y");
        assertThat(Symbolic.equivalent("3*x^2*y^2", "3*(x*y)^2", xy)).isTrue();
        assertThat(Symbolic.equivalent("2*x^3*y", "x^3*y + y*x^3", xy)).isTrue();
        assertThat(Symbolic.equivalent("3*x^2*y^2", "3*x^2*y^3", xy)).isFalse();
        assertThat(Symbolic.equivalent("3*y", "3*x", xy)).isFalse();
    }

    @Test
    void sigmoidNeuronOfSeed002HasTheLectureValueAndGradients() {
        List<String> vars = List.of("w0", "w1", "w2", "x0", "x1");
        SymbolicFunctions f = Symbolic.parse(seed.getProperty("sigmoid.expr"), vars, List.of());
        double[] w = numbers("sigmoid.w"), x = numbers("sigmoid.x");
        double[] point = {w[0], w[1], w[2], x[0], x[1]};

        assertThat(f.values().evaluate(point).item()).isCloseTo(Double.parseDouble(seed.getProperty("sigmoid.value")),
                within(1e-15));
        assertThat(f.values().evaluate(point).item()).isCloseTo(0.7311, within(5e-5));

        double[] g = f.gradient().evaluate(point).toDoubleArray();
        double[] gw = numbers("sigmoid.grad.w"), gx = numbers("sigmoid.grad.x");
        double[] expected = {gw[0], gw[1], gw[2], gx[0], gx[1]};
        for (int i = 0; i < 5; i++) {
            assertThat(g[i]).as("d/d%s", vars.get(i)).isCloseTo(expected[i], within(1e-15));
        }
    }

    @Test
    void sigmoidDerivativeComesOutAsSigmaTimesOneMinusSigma() {
        SymbolicMatrix d = Symbolic.parse("1/(1+exp(-x))", "x").gradient();

        assertThat(d.get(0, 0)).isEqualTo("(1-sigmoid(x))*sigmoid(x)");
        assertThat(Symbolic.equivalent(d.get(0, 0), "sigmoid(x)*(1-sigmoid(x))", List.of("x"))).isTrue();
        assertThat(Symbolic.equivalent(d.get(0, 0), "exp(-x)/(1+exp(-x))^2", List.of("x"))).isTrue();
        assertThat(d.latex(0, 0)).contains("\\sigma");
        for (double x : new double[] {-30, -2, 0, 0.5, 3, 40}) {
            double s = 1 / (1 + Math.exp(-x));
            assertThat(d.evaluate(x).item()).isCloseTo(s * (1 - s), within(1e-16));
        }
    }

    @Test
    void sigmoidWrittenByNameAndInsideAnotherFunctionUsesTheSameForm() {
        SymbolicMatrix d = Symbolic.parse("sigmoid(2*x)", "x").gradient();
        assertThat(d.get(0, 0)).isEqualTo("2*(1-sigmoid(2*x))*sigmoid(2*x)");
    }

    @Test
    void deltaRuleOfSeed001FollowsFromTheHalfSse() {
        // E = 1/2 (t - o)^2 with o = sigmoid(w1*o1 + w2*o2): dE/dw_j = -(t - o) o (1 - o) o_j.
        for (String e : List.of("1/2*(t - sigmoid(w1*o1 + w2*o2))^2", "0.5*(t - 1/(1+exp(-(w1*o1 + w2*o2))))^2")) {
            SymbolicFunctions f = Symbolic.parse(e, List.of("w1", "w2"), List.of("t", "o1", "o2"));
            SymbolicMatrix g = f.gradient();
            List<String> all = List.of("w1", "w2", "t", "o1", "o2");
            String o = "sigmoid(w1*o1 + w2*o2)";
            assertThat(Symbolic.equivalent(g.get(0, 0), "-(t - " + o + ")*" + o + "*(1 - " + o + ")*o1", all)).isTrue();
            assertThat(Symbolic.equivalent(g.get(1, 0), "-(t - " + o + ")*" + o + "*(1 - " + o + ")*o2", all)).isTrue();
            assertThat(g.get(0, 0)).contains("sigmoid(o1*w1+o2*w2)").doesNotContain("E^");

            double[] p = {0.4, -0.7, 1.0, 0.3, 0.9};
            double out = 1 / (1 + Math.exp(-(p[0] * p[3] + p[1] * p[4])));
            double delta = -(p[2] - out) * out * (1 - out);
            assertThat(g.evaluate(p).toDoubleArray()).containsExactly(new double[] {delta * p[3], delta * p[4]},
                    within(1e-15));
            assertThat(Jacobian.check(g, f.numeric(), p).maxRelError()).isLessThan(1e-8);
        }
    }

    @Test
    void withoutTheHalfTheSseDerivativeHasTheFactorTwo() {
        SymbolicFunctions f = Symbolic.parse("(t - o)^2", List.of("o"), List.of("t"));
        assertThat(Symbolic.equivalent(f.gradient().get(0, 0), "-2*(t - o)", List.of("o", "t"))).isTrue();
        SymbolicFunctions half = Symbolic.parse("1/2*(t - o)^2", List.of("o"), List.of("t"));
        assertThat(Symbolic.equivalent(half.gradient().get(0, 0), "-(t - o)", List.of("o", "t"))).isTrue();
    }
}
