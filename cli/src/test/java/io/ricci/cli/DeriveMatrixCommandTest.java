package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class DeriveMatrixCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Errors.configure(new CommandLine(new DeriveMatrixCommand()));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void quadraticFormThroughIndexNotation() {
        assertThat(run("x'*A*x", "--declare", "A:matrix x:vector", "--wrt", "x")).isZero();
        assertThat(out.toString()).contains("index notation: f = x[j]*A[j,i]*x[i]")
                .contains("matrix: A x + A^T x");
    }

    @Test
    void leastSquaresWithInlineDeclarations() {
        assertThat(run("norm2(A*x-b)^2 where A:matrix, x:vector, b:vector", "--wrt", "x")).isZero();
        assertThat(out.toString()).contains("index notation: f = m1 where m3[i] = A[i,j]*x[j] - b[i], m2 = sqrt(m3[i]*m3[i]), m1 = m2^2")
                .contains("dx = 2 * einsum(\",,p,pi->i\", m2, sqrt(u1)^-1, m3, A)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            x*x                  | x:vector            | cannot multiply a column vector by a column vector
            inv(A)*x             | A:matrix x:vector   | not yet supported: inv needs linalg (issue 18)
            x'*A*x               | A:matrix            | x is not declared
            """)
    void errorsAreUsageErrorsWithACaret(String expr, String decl, String fragment) {
        assertThat(run(expr, "--declare", decl)).isEqualTo(Errors.USAGE);
        assertThat(err.toString()).contains(fragment).contains("^");
    }
}
