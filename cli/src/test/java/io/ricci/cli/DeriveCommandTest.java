package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code ricci derive ...} end to end through picocli (in-process, one Symja engine for the class). */
class DeriveCommandTest {

    record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void seedJacobianAsTextWithValueAndCheck() {
        Run r = run("derive", "jacobian", "--f", "3*x*y, x^3*y^2", "--vars", "x,y", "--at", "x=2,y=3");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("""
                Jacobian of (3*x*y, x^3*y^2) with respect to (x, y):
                [ 3*y         3*x     ]
                [ 3*x^2*y^2   2*x^3*y ]
                at x=2.0, y=3.0:
                [   9.0    6.0 ]
                [ 108.0   48.0 ]
                check: max relative error\s""");
        assertThat(r.out()).contains("against central differences");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void seedJacobianAsJson() {
        Run r = run("derive", "jacobian", "--f", "3*x*y, x^3*y^2", "--vars", "x,y", "--at", "x=2,y=3",
                "--format", "json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"symbolic\":[[\"3*y\",\"3*x\"],[\"3*x^2*y^2\",\"2*x^3*y\"]]")
                .contains("\"value\":[[9.0,6.0],[108.0,48.0]]")
                .contains("\"check\":{\"reference\":\"central differences\",\"maxRelError\":");
        Matcher m = Pattern.compile("\"maxRelError\":([-0-9.E]+)").matcher(r.out());
        assertThat(m.find()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isLessThan(1e-8);
        assertThat(r.out().strip()).startsWith("{").endsWith("}").doesNotContain("\n");
    }

    @Test
    void withoutAPointJsonHasNullValueAndCheck() {
        Run r = run("derive", "gradient", "--f", "x^2*y", "--vars", "x,y", "--format", "json");
        assertThat(r.out()).contains("\"symbolic\":[[\"2*x*y\"],[\"x^2\"]]")
                .contains("\"at\":null,\"value\":null,\"check\":null");
    }

    @Test
    void latexAndMarkdown() {
        Run tex = run("derive", "jacobian", "--f", "3*x*y, x^3*y^2", "--vars", "x,y", "--at", "x=2,y=3",
                "--format", "latex");
        assertThat(tex.out()).contains("\\begin{bmatrix}\n  3 \\cdot y & 3 \\cdot x \\\\")
                .contains("\\begin{bmatrix}\n    9.0 &  6.0 \\\\\n  108.0 & 48.0\n\\end{bmatrix}");
        Run md = run("derive", "jacobian", "--f", "3*x*y, x^3*y^2", "--vars", "x,y", "--format", "markdown");
        assertThat(md.out()).contains("| 3\\*x\\*y | `3*y` | `3*x` |");
    }

    @Test
    void sigmoidNeuronGradientOfSeed002() {
        Run r = run("derive", "gradient", "--f", "1/(1+exp(-(w0*x0+w1*x1+w2)))", "--vars", "w0,w1,w2,x0,x1",
                "--at", "w0=2,w1=-3,w2=-3,x0=-1,x1=-2", "--format", "json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"x0*(1-sigmoid(w2+w0*x0+w1*x1))*sigmoid(w2+w0*x0+w1*x1)\"")
                .containsPattern("\\[\\[-0\\.196611933241481\\d*],\\[-0\\.393223866482963\\d*],\\[0\\.196611933241481\\d*],"
                        + "\\[0\\.393223866482963\\d*],\\[-0\\.589835799724445\\d*]]");
    }

    @Test
    void hessianIsCheckedAgainstSecondDifferencesAndParametersWork() {
        Run r = run("derive", "hessian", "--f", "a*log(x*y)", "--vars", "x,y", "--params", "a", "--at",
                "x=2,y=0.5,a=3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("[ -a/x^2   0      ]").contains("[ -0.75     0.0 ]")
                .contains("against second central differences");
    }

    @Test
    void directionalDerivative() {
        Run r = run("derive", "directional", "--f", "x^2*y", "--vars", "x,y", "--dir", "1,2", "--at", "x=1,y=1");
        assertThat(r.code()).as(r.err()).isZero();
        // Symja's shared engine factors or expands depending on what it evaluated before in the class
        assertThat(r.out()).containsAnyOf("[ 2*x*(x+y) ]", "[ 2*x^2+2*x*y ]").contains("[ 4.0 ]").contains("against central differences along v");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            3*x*z        | x,y | x=1,y=2     | unknown variable 'z' at position 5 | 5
            3*x*y + (x   | x,y | x=1,y=2     | syntax error at position 11 | 11
            foo(x)       | x   | x=1         | unknown function 'foo' at position 1 | 1
            3*x*y        | x,y | x=1,z=2     | unknown variable 'z' (variables: x, y) | 0
            3*x*y        | x,y | x=1         | no value for 'y' | 0
            3*x*y        | x,y | x=1,y=two   | 'two' at position 7 in "x=1,y=two" is not a number | 0
            sign(x)      | x   | x=1         | cannot differentiate Sign(x) with respect to x | 0
            ramp(x)      | x   | x=1         | function 'ramp' is not allowed at position 1 | 1
            x+URLFetch(x) | x  | x=1         | function 'URLFetch' is not allowed at position 3 | 3
            x = 7        | x   | x=1         | an assignment ('='; compare with '==') | 0
            """)
    void errorsNameTheProblemAndPointAtIt(String f, String vars, String at, String message, int position) {
        Run r = run("derive", "jacobian", "--f", f, "--vars", vars, "--at", at);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("ricci derive jacobian: ").contains(message);
        if (position > 0) {
            String[] lines = r.err().split("\n");
            assertThat(lines[1]).isEqualTo("  " + f);
            assertThat(lines[2]).isEqualTo("  " + " ".repeat(position - 1) + "^");
        }
    }

    @Test
    void missingFunctionsIsAUsageError() {
        Run r = run("derive", "jacobian", "--vars", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--f=FUNCTIONS'");
    }

    // ---------------------------------------------------------------- domain errors and failing checks

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gradient|log(x)|x=-1|Log(x) is nan at x=-1.0: the point is outside its domain",
        "gradient|1/x|x=0|1/x is inf at x=0.0",
        "jacobian|sqrt(x), x|x=-4|is nan at x=-4.0",
        "hessian|log(x)*y|x=-2,y=1|is nan at x=-2.0",
        "gradient|x*y^-1|x=1,y=0|is inf at x=1.0, y=0.0",
        "gradient|abs(x)^0.5|x=0|entry [0, 0]",
    })
    void pointsOutsideTheDomainAreErrors(String kind, String f, String at, String message) {
        String vars = at.contains("y=") ? "x,y" : "x";
        for (String format : new String[] {"text", "json"}) {
            Run r = run("derive", kind, "--f", f, "--vars", vars, "--at", at, "--format", format);
            assertThat(r.code()).as(f + " " + format).isEqualTo(1);
            assertThat(r.err()).contains(message);
            assertThat(r.out()).doesNotContain("[ -1.0 ]");
        }
    }

    @Test
    void aFailingFiniteDifferenceCheckExitsNonZero() {
        // relu has a kink at 0: the symbolic derivative (0) and central differences (0.5) disagree
        Run r = run("derive", "gradient", "--f", "relu(x)", "--vars", "x", "--at", "x=0");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("check: max relative error 1.00e+00");
        assertThat(r.err()).contains("the finite-difference check failed");
        Run ok = run("derive", "gradient", "--f", "relu(x)", "--vars", "x", "--at", "x=0.5");
        assertThat(ok.code()).isZero();
    }

    @Test
    void nonFiniteNumbersInJsonAreNamedStrings() {
        // sqrt near 0: the function and derivative are finite, central differences step below 0 (NaN)
        Run r = run("derive", "gradient", "--f", "sqrt(x)", "--vars", "x", "--at", "x=1e-9", "--format", "json");
        assertThat(r.out()).contains("\"maxRelError\":\"nan\"").doesNotContain("null");
        assertThat(r.code()).isEqualTo(1);
        assertThat(DeriveCommand.jtext(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(DeriveCommand.jtext(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(DeriveCommand.jtext(Double.NaN)).isEqualTo("nan");
    }

    @Test
    void softplusAtLargeArgumentsIsStable() {
        Run r = run("derive", "gradient", "--f", "log(1+exp(x))", "--vars", "x", "--at", "x=800", "--format", "json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"value\":[[" + (1 / (1 + Math.exp(-800.0))) + "]]");
    }
}
