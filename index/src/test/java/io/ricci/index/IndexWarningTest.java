package io.ricci.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expressions that parse but sum an index inside a function get a warning; deliberate forms do not. */
class IndexWarningTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // the trap of the issue: the logistic loss written inline sums i inside exp (and log)
                Arguments.of("f = log(1 + exp(-y[i]*X[i,j]*w[j]))", List.of("exp(...) is applied to one number: indices i, j",
                        "log(...) is applied to one number: indices i, j")),
                Arguments.of("f = tanh(x[i]*x[i])", List.of("position 4: tanh(...) is applied to one number: index i summed")),
                Arguments.of("f = exp(x[i]*A[i,j]*x[j])", List.of("exp(...) is applied to one number: indices i, j")),
                // the per-sample form, an explicit sum, a kept index and a function of a scalar input: no warning
                Arguments.of("f = sum(l[i]) where l[i] = log(1 + exp(-y[i]*X[i,j]*w[j]))", List.of()),
                Arguments.of("f = log(sum(exp(x[i])))", List.of()),
                Arguments.of("l[i] = exp(-y[i]*X[i,j]*w[j])", List.of()),
                Arguments.of("f = exp(s)*x[i]*x[i]", List.of()),
                Arguments.of("f = x[i]*tanh(x[i])", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void warnsOnSumsInsideFunctions(String expr, List<String> expected) {
        List<String> ws = IndexProgram.parse(expr).warnings();
        assertEquals(expected.size(), ws.size(), "warnings of " + expr + ": " + ws);
        for (int k = 0; k < expected.size(); k++) {
            String w = ws.get(k);
            String e = expected.get(k);
            assertTrue(w.contains(e), "warning " + k + " of " + expr + ": " + w + " (expected: " + e + ")");
            assertTrue(w.contains("f = sum(l["), "the warning shows the per-sample form: " + w);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jsonCarriesTheWarnings(String expr, List<String> expected) {
        IndexProgram p = IndexProgram.parse(expr);
        String json = IndexGradient.toJson(p.output(), List.of(IndexDerivative.gradient(p, p.inputs().get(0))));
        assertEquals(!expected.isEmpty(), json.contains("\"warnings\":["), json);
    }
}
