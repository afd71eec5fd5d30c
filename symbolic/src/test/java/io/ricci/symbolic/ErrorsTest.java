package io.ricci.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every error names what is wrong and, for input text, the token and its 1-based position. */
class ErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            3*x*z            | z   | 5  | unknown variable 'z' at position 5 in "3*x*z" (variables: x, y)
            x + y*q2         | q2  | 7  | unknown variable 'q2' at position 7
            1.5e-3*x + 0.25*q | q  | 17 | unknown variable 'q' at position 17
            2.5E2*x + (0.5*y  | end of input | 17 | syntax error at position 17
            3*x*y + (x       | end of input | 11 | syntax error at position 11
            3*x*y + * x      | *   | 9  | syntax error at position 9
            3*x $ y          | $   | 5  | unexpected character '$' at position 5
            x' + y           | '   | 2  | unexpected character ''' at position 2
            foo(x) + y       | foo | 1  | unknown function 'foo' at position 1
            x + Bar(y)       | Bar | 5  | unknown function 'Bar' at position 5
            gamma*x          | gamma | 1 | 'gamma' at position 1 in "gamma*x" is Symja's Gamma, not a variable
            relu(x, y)       | relu | 1 | relu at position 1 in "relu(x, y)" takes 1 argument, got 2
            "x,,y"           | ,   | 3  | empty function at position 3
            3*x)             | )   | 4  | unmatched ')' at position 4
            "x, 2*w"         | w   | 6  | unknown variable 'w' at position 6
            """)
    void badInputNamesTheTokenAndItsPosition(String text, String token, int position, String message) {
        assertThatThrownBy(() -> Symbolic.parse(text, "x", "y"))
                .isInstanceOf(SymbolicException.class)
                .hasMessageStartingWith("parse: ")
                .hasMessageContaining(message)
                .satisfies(e -> {
                    SymbolicException s = (SymbolicException) e;
                    assertThat(s.token()).isEqualTo(token);
                    assertThat(s.position()).isEqualTo(position);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            x y   | variable name 'x y' is not an identifier
            beta  | variable name 'beta' is reserved
            I     | variable name 'I' is reserved
            x_1   | variable name 'x_1' is not an identifier
            """)
    void badVariableNamesAreRefused(String name, String message) {
        assertThatThrownBy(() -> Symbolic.parse("1", name)).isInstanceOf(SymbolicException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aVariableListedTwiceIsRefused() {
        assertThatThrownBy(() -> Symbolic.parse("x", List.of("x"), List.of("x")))
                .hasMessageContaining("variable 'x' is listed twice");
    }

    @Test
    void aFunctionSymjaCannotDifferentiateIsReportedNotTurnedIntoZero() {
        SymbolicFunctions f = Symbolic.parse("sign(x) + y", "x", "y");
        assertThatThrownBy(f::jacobian).isInstanceOf(SymbolicException.class)
                .hasMessageStartingWith("jacobian: cannot differentiate")
                .hasMessageContaining("with respect to x")
                .hasMessageContaining("Sign'(x)");
        assertThatThrownBy(() -> Symbolic.parse("unitstep(x)", "x").hessian())
                .hasMessageStartingWith("hessian: cannot differentiate UnitStep(x) with respect to x");
        assertThatThrownBy(() -> Symbolic.parse("x^2 + sign(x)^2", "x").gradient())
                .hasMessageContaining("x^2+Sign(x)^2 with respect to x: Symja leaves Sign'(x) unevaluated");
    }

    @Test
    void aResultWithoutNumericLoweringSaysSoWhenEvaluated() {
        // log(-1) is i*π: a complex constant has no real evaluation.
        SymbolicMatrix m = Symbolic.parse("x*log(-1)", "x").values();
        assertThat(m.get(0, 0)).isEqualTo("I*Pi*x");
        assertThatThrownBy(() -> m.evaluate(1.5)).isInstanceOf(SymbolicException.class)
                .hasMessage("evaluate: no numeric evaluation for I");
    }

    @Test
    void gradientAndHessianNeedOneFunction() {
        SymbolicFunctions f = Symbolic.parse("x, y", "x", "y");
        assertThatThrownBy(f::gradient).hasMessageStartingWith("gradient: needs one function, got 2");
        assertThatThrownBy(f::hessian).hasMessageStartingWith("hessian: needs one function, got 2");
        assertThatThrownBy(() -> f.hessian(2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("function index 2 outside [0, 2)");
        assertThatThrownBy(() -> f.directional(1)).hasMessageContaining("direction has 1 components, need 2");
    }

    @Test
    void evaluationPointsAreChecked() {
        SymbolicMatrix j = Symbolic.parse("x*y", "x", "y").jacobian();
        assertThatThrownBy(() -> j.evaluate(1.0)).hasMessage("evaluate: point has 1 coordinate, need 2 (x, y)");
        assertThatThrownBy(() -> j.evaluate(Map.of("x", 1))).hasMessageContaining("no value for 'y'");
        assertThatThrownBy(() -> j.evaluate(Map.of("x", 1, "y", 2, "z", 3)))
                .hasMessageContaining("unknown variable 'z' (variables: x, y)");
        assertThatThrownBy(() -> j.evaluateBulk(io.ricci.tensor.Tensor.zeros(4, 3)))
                .hasMessage("evaluate: points (4, 3) need shape (n, 2) for (x, y)");
        assertThatThrownBy(() -> Symbolic.parse("x", List.of(), List.of())).hasMessageContaining("no variables");
    }
}
