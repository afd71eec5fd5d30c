package io.ricci.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class IndexParseErrorTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            L = sigmod(x[i])                      | unknown function 'sigmod'              | 4
            Y[i] = A[i,j]                         | index j is unbound                     | 11
            Y[i,j] = A[i]                         | index j of the left-hand side does not occur | 4
            Y[i] = A[i,j] + B[j]                  | index j is unbound                     | 11
            L = x[i]*A[i,j]*y[i]                  | index i is used three times            | 18
            L = A[i,i,i]                          | index i is used three times            | 10
            L = A[i,j]*x[j] + sum(A[i])           | A is used with 1 index here but has 2  | 22
            Y[i,i] = A[i,i]                       | index i occurs twice on the left       | 4
            L = x[i]*                             | the expression ended early             | 9
            L = x[ij]                             | an index is a single letter            | 6
            L = delta[i]*x[i]                     | delta takes two indices                | 4
            L = sum(1[i,j])                       | the ones-vector takes one index        | 8
            L = softmax(A[i])                     | softmax takes the name of a tensor     | 13
            L = softmax(A)                        | softmax(A) needs its indices           | 14
            f = q[i]*q[i] where q[i] = q[j]*x[j]  | 'q' is defined in terms of itself      | 20
            Y[i] = Y[i]*2                         | 'Y' is the output and cannot be used   | 7
            L = sum(x[i]) given x[i] = 2          | an assumption must read                | 27
            L = sum(x[i]) junk                    | expected 'where', 'given'              | 14
            L = x[i] +* y[i]                      | unexpected '*'                         | 10
            L = (x[i]*y[i]                        | expected ')' but the text ended        | 14
            """)
    void errorsNameTheProblemAndPointAtIt(String src, String fragment, int position) {
        assertThatThrownBy(() -> IndexProgram.parse(src))
                .isInstanceOf(IndexParseException.class)
                .hasMessageContaining(fragment)
                .satisfies(e -> {
                    IndexParseException pe = (IndexParseException) e;
                    assertThat(pe.position()).isEqualTo(position);
                    assertThat(pe.getMessage()).endsWith("\n  " + src + "\n  " + " ".repeat(position) + "^");
                });
    }

    /** Hostile inputs: a parse error with a position, never a StackOverflowError or an endless expansion. */
    static Stream<Arguments> hostile() {
        String depth = "nests deeper than " + IndexParser.MAX_DEPTH + " levels";
        int over = IndexParser.MAX_DEPTH + 1;
        StringBuilder statements = new StringBuilder("f = x[i]*x[i] where ");
        for (int k = 1; k < IndexParser.MAX_STATEMENTS; k++) {
            statements.append("a").append(k).append(" = 1, ");
        }
        int at = statements.length();
        statements.append("b = 2");
        return Stream.of(
                Arguments.of("201 brackets", "L = " + "(".repeat(over) + "x[i]*x[i]" + ")".repeat(over), depth, 4 + over),
                Arguments.of("201 minus signs", "L = sum(" + "-".repeat(over) + "x[i])", depth, 7 + over),
                Arguments.of("201 nested calls", "L = sum(" + "tanh(".repeat(over - 1) + "x[i]" + ")".repeat(over), depth, 8 + 5 * (over - 1)),
                Arguments.of("201 nested sums", "L = " + "sum(".repeat(over) + "x[i]" + ")".repeat(over), depth, 4 + 4 * over),
                Arguments.of("deep brackets in a where", "f = q[i]*q[i] where q[i] = " + "(".repeat(over) + "x[i]" + ")".repeat(over),
                        depth, 27 + over),
                Arguments.of("deep brackets after given", "L = sum(x[i]) given " + "(".repeat(over) + "x[i]" + ")".repeat(over) + " = 1",
                        depth, 20 + over),
                Arguments.of("100,000 nested brackets", "L = " + "(".repeat(100_000) + "x[i]" + ")".repeat(100_000),
                        "at most " + IndexParser.MAX_LENGTH + " are accepted", IndexParser.MAX_LENGTH),
                Arguments.of("100,000 minus signs", "L = " + "-".repeat(100_000) + "x[i]", "characters long", IndexParser.MAX_LENGTH),
                Arguments.of("501 statements", statements.toString(), "more than " + IndexParser.MAX_STATEMENTS + " statements", at));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileInputsFailWithAPositionedParseError(String name, String src, String fragment, int position) {
        assertThatThrownBy(() -> IndexProgram.parse(src))
                .isInstanceOf(IndexParseException.class)
                .hasMessageContaining(fragment)
                .satisfies(e -> {
                    IndexParseException pe = (IndexParseException) e;
                    assertThat(pe.position()).isEqualTo(position);
                    assertThat(pe.reason()).contains(fragment);
                    // the excerpt is a window around the position, its caret under the character there
                    String[] lines = pe.getMessage().split("\n");
                    assertThat(lines).hasSize(3);
                    assertThat(lines[1].length()).isLessThanOrEqualTo(2 + IndexParseException.EXCERPT + 6);
                    int caret = lines[2].indexOf('^');
                    if (position < src.length()) {
                        assertThat(lines[1].charAt(caret)).isEqualTo(src.charAt(position));
                    }
                });
    }

    @Test
    void messageHasLineAndColumnAndCaret() {
        assertThatThrownBy(() -> IndexProgram.parse("Y[i] = A[i,j]"))
                .hasMessage("index: index j is unbound: it is free on the right-hand side but not on the left"
                        + " (contract it with a second factor or sum it with sum(...)) at 1:12\n  Y[i] = A[i,j]\n             ^");
    }

    @Test
    void evaluatorNamesMismatchedSizes() {
        IndexProgram p = IndexProgram.parse("Y[p,q] = X[p,k]*W[k,q]");
        assertThatThrownBy(() -> new IndexEvaluator(p, Map.of("X", Tensor.zeros(DType.F64, 2, 3), "W", Tensor.zeros(DType.F64, 4, 5))))
                .hasMessageContaining("W axis 0 (size 4) must match X axis 1 (size 3)");
        assertThatThrownBy(() -> new IndexEvaluator(p, Map.of("X", Tensor.zeros(DType.F64, 2, 3))))
                .hasMessageContaining("no tensor bound to input W");
        assertThatThrownBy(() -> new IndexEvaluator(p, Map.of("X", Tensor.zeros(DType.F64, 2), "W", Tensor.zeros(DType.F64, 2, 2))))
                .hasMessageContaining("X has 2 indices but the bound tensor has shape (2,)");
    }

    @Test
    void gradientWithRespectToANonInputIsRefused() {
        IndexProgram p = IndexProgram.parse("Y[p,q] = X[p,k]*W[k,q]");
        assertThatThrownBy(() -> IndexDerivative.gradient(p, "Z")).hasMessageContaining("'Z' is not an input of Y (inputs: X, W)");
        assertThatThrownBy(() -> IndexDerivative.hessian(p, "X", "X")).hasMessageContaining("the Hessian needs a scalar output");
    }
}
