package io.ricci.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ricci.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** matrixcalculus.org-style expressions: translated, derived in index notation, checked by central differences. */
class MatrixNotationTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            x'*A*x                                  | A:matrix x:vector                       | false
            x'*x                                    | x:vector                                | false
            norm2(A*x-b)^2                          | A:matrix x:vector b:vector              | false
            (A*x-b)'*(A*x-b)                        | A:matrix x:vector b:vector              | false
            tr(X'*A*X)                              | X:matrix A:matrix                       | false
            sum(log(vector(1)+exp(-y.*(X*w))))      | X:matrix y:vector w:vector              | false
            sum(log(1+exp(-y.*(X*w))))              | X:matrix y:vector w:vector              | false
            a'*X*b                                  | a:vector X:matrix b:vector              | false
            sum(exp(W*x))                           | W:matrix x:vector                       | false
            norm2(x)                                | x:vector                                | false
            s*x'*x + 2*s^2                          | s:scalar x:vector                       | false
            sum(x.*y./z)                            | x:vector y:vector z:vector              | true
            sum(x.^3)                               | x:vector                                | false
            sum(sigmoid(A*x))                       | A:matrix x:vector                       | false
            sum(tanh(W'*x+b))                       | W:matrix x:vector b:vector              | false
            sum(relu(A*x).*c)                       | A:matrix x:vector c:vector              | false
            c'*softmax(A*x)                         | A:matrix x:vector c:vector              | false
            logsumexp(A*x)                          | A:matrix x:vector                       | false
            tr(A*B*C)                               | A:matrix B:matrix C:matrix              | false
            sum(diag(x)*A*y)                        | x:vector A:matrix y:vector              | false
            sum(diag(A).*x)                         | A:matrix x:vector                       | false
            sum((A.*B)*x)                           | A:matrix B:matrix x:vector              | false
            y'*(x*x')*y                             | x:vector y:vector                       | false
            sum(A*matrix(1)*B)                      | A:matrix B:matrix                       | false
            sum(log(x)) - x'*x/2                    | x:vector                                | true
            norm2(X*W-Y)^2 + s*norm2(W)^2           | X:matrix W:matrix Y:matrix s:scalar     | false
            sum(exp(x)./(1+exp(x)))                 | x:vector                                | false
            """)
    void gradientMatchesCentralDifferences(String expr, String decl, boolean positive) {
        MatrixNotation.Translation t = MatrixNotation.translate(expr, decl);
        IndexProgram p = t.program();
        Map<String, Tensor> in = IndexTestSupport.inputs(p, 19, positive);
        IndexEvaluator ev = new IndexEvaluator(p, in);
        for (String w : p.inputs()) {
            IndexGradient g = IndexDerivative.gradient(p, w);
            Tensor derived = ev.evaluate(g);
            Tensor fd = IndexTestSupport.finiteDifferences(p, in, w, null);
            assertThat(derived.allClose(fd, 1e-5, 1e-6))
                    .as("%s -> %s, d%s:\n%s\nvs\n%s", expr, t.indexText(), w, derived, fd).isTrue();
        }
    }

    @Test
    void valueMatchesTheMatrixFormula() {
        // x'Ax evaluated through the translation against a hand-written loop
        IndexProgram p = MatrixNotation.translate("x'*A*x where A:matrix, x:vector").program();
        Map<String, Tensor> in = IndexTestSupport.inputs(p, 3, false);
        Tensor a = in.get("A");
        Tensor x = in.get("x");
        double want = 0;
        for (int i = 0; i < x.size(); i++) {
            for (int j = 0; j < x.size(); j++) {
                want += x.get(i) * a.get(i, j) * x.get(j);
            }
        }
        assertThat(new IndexEvaluator(p, in).output().item()).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void translationIsShown() {
        MatrixNotation.Translation t = MatrixNotation.translate("A*x - b", "A:matrix x:vector b:vector");
        assertThat(t.indexText()).isEqualTo("f[i] = A[i,j]*x[j] - b[i]");
        assertThat(t.kinds()).containsEntry("A", "matrix").containsEntry("x", "vector");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            x*x where x:vector                        | cannot multiply a column vector by a column vector | 1
            A*x' where A:matrix, x:vector             | cannot multiply a matrix by a row vector          | 1
            A + x where A:matrix, x:vector            | cannot add a column vector to a matrix            | 2
            x'*A*x + y where A:matrix, x:vector       | y is not declared                                 | 9
            tr(x) where x:vector                      | tr takes a matrix, not a column vector            | 0
            A*B where A:matrix(n,m), B:matrix(k,n)    | do not match the rows of the right operand (size k) | 1
            x.*y where x:vector(n), y:vector(m)       | size n does not match size m                      | 1
            inv(A)*x where A:matrix, x:vector         | not yet supported: inv needs linalg (issue 18)    | 0
            logdet(A) where A:matrix                  | not yet supported: logdet needs linalg            | 0
            det(A) where A:matrix                     | not yet supported: det needs linalg               | 0
            x/y where x:vector, y:vector              | '/' divides by a scalar                           | 1
            foo(x) where x:vector                     | unknown function foo                              | 0
            x'*A*x where A:matrx, x:vector            | 'matrx' is not a kind                             | 15
            x + where x:vector                        | the expression ended early                        | 4
            (x'*x where x:vector                      | expected ')'                                      | 6
            softmax(A) where A:matrix                 | softmax takes a vector, not a matrix              | 0
            x^y where x:vector, y:vector              | expected a number                                 | 2
            x x where x:vector                        | expected an operator                              | 2
            diag(s) where s:scalar                    | diag takes a vector or a matrix, not a scalar     | 0
            exp(x) where x:vector, x:scalar           | x is declared twice                               | 23
            """)
    void errorsNameTheProblemAndPointAtIt(String src, String fragment, int position) {
        assertThatThrownBy(() -> MatrixNotation.translate(src))
                .isInstanceOf(IndexParseException.class)
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((IndexParseException) e).position()).isEqualTo(position));
    }
}
