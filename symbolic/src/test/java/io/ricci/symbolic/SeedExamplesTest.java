package io.ricci.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of the seed lecture notes, against the reference values of
 * seed-examples.json (the one copy, in ricci-nn's resources, on this module's test class path).
 */
class SeedExamplesTest {
    private static JsonNode seed;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = SeedExamplesTest.class.getResourceAsStream("/io/ricci/nn/seed-examples.json")) {
            seed = new ObjectMapper().readTree(in);
        }
    }

    /** The numbers of {@code node} (an array, nested arrays flattened row by row, or an object's values). */
    private static double[] numbers(JsonNode node) {
        List<Double> out = new ArrayList<>();
        flatten(node, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(JsonNode node, List<Double> out) {
        if (node.isNumber()) {
            out.add(node.asDouble());
        } else {
            node.elements().forEachRemaining(e -> flatten(e, out));
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        StreamSupport.stream(node.spliterator(), false).forEach(e -> {
            if (e.isTextual()) {
                out.add(e.asText());
            } else {
                out.addAll(strings(e));
            }
        });
        return out;
    }

    @Test
    void seedJacobianIsExactlyTheLectureResultAndItsValueAtTwoThree() {
        JsonNode ex = seed.get("jacobian_3xy_x3y2");
        SymbolicMatrix j = Symbolic.parse(String.join(", ", strings(ex.get("f"))), "x", "y").jacobian();
        String[] expected = strings(ex.get("symbolic")).toArray(String[]::new);

        assertThat(j.rows()).isEqualTo(2);
        assertThat(j.cols()).isEqualTo(2);
        assertThat(j.toLists()).containsExactly(List.of(expected[0], expected[1]), List.of(expected[2], expected[3]));
        for (int i = 0; i < 4; i++) {
            assertThat(Symbolic.equivalent(j.get(i / 2, i % 2), expected[i], List.of("x", "y"))).isTrue();
        }
        Tensor v = j.evaluate(ex.get("at").get("x").asDouble(), ex.get("at").get("y").asDouble());
        assertThat(v.shape()).containsExactly(2, 2);
        assertThat(v.toDoubleArray()).containsExactly(numbers(ex.get("numeric")));
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
        JsonNode ex = seed.get("sigmoid_neuron_graph");
        SymbolicFunctions f = Symbolic.parse(ex.get("expr").asText(), vars, List.of());
        double[] w = numbers(ex.get("inputs").get("w")), x = numbers(ex.get("inputs").get("x"));
        double[] point = {w[0], w[1], w[2], x[0], x[1]};

        assertThat(f.values().evaluate(point).item()).isCloseTo(ex.get("value").asDouble(), within(1e-15));
        assertThat(f.values().evaluate(point).item()).isCloseTo(0.7311, within(5e-5));

        double[] g = f.gradient().evaluate(point).toDoubleArray();
        double[] gw = numbers(ex.get("gradients").get("w")), gx = numbers(ex.get("gradients").get("x"));
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
