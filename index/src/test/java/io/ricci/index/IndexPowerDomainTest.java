package io.ricci.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.ricci.tensor.Tensor;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Power and product rewrites at negative inputs: the value is checked against the formula computed
 * directly in Java (Math.pow on the expression as written) and the gradient against central
 * differences of that formula, so a rewrite valid only for positive bases fails here.
 */
class IndexPowerDomainTest {
    static Stream<Arguments> cases() {
        DoubleBinaryOperator sqrtSq = (x, y) -> Math.pow(x * x, 0.5);
        return Stream.of(
                Arguments.of("y[i] = (x[i]^2)^0.5", sqrtSq),
                Arguments.of("y[i] = (x[i]^2)^1.5", (DoubleBinaryOperator) (x, y) -> Math.pow(x * x, 1.5)),
                Arguments.of("y[i] = (x[i]^3)^2", (DoubleBinaryOperator) (x, y) -> Math.pow(x * x * x, 2)),
                Arguments.of("y[i] = (x[i]*z[i])^0.5", (DoubleBinaryOperator) (x, y) -> Math.pow(x * y, 0.5)),
                Arguments.of("y[i] = (x[i]*z[i])^2", (DoubleBinaryOperator) (x, y) -> Math.pow(x * y, 2)),
                Arguments.of("y[i] = (x[i]*z[i])^-1", (DoubleBinaryOperator) (x, y) -> 1 / (x * y)),
                Arguments.of("y[i] = (-2*x[i])^0.5", (DoubleBinaryOperator) (x, y) -> Math.sqrt(-2 * x)),
                Arguments.of("y[i] = (x[i]^-2)^-0.5", (DoubleBinaryOperator) (x, y) -> Math.pow(Math.pow(x, -2), -0.5)),
                Arguments.of("y[i] = abs(x[i])*z[i]", (DoubleBinaryOperator) (x, y) -> Math.abs(x) * y),
                Arguments.of("y[i] = sign(x[i])*z[i]^2", (DoubleBinaryOperator) (x, y) -> Math.signum(x) * y * y),
                Arguments.of("y[i] = sin(x[i]*z[i])", (DoubleBinaryOperator) (x, y) -> Math.sin(x * y)),
                Arguments.of("y[i] = cos(x[i])^2 + sin(z[i])", (DoubleBinaryOperator) (x, y) -> Math.pow(Math.cos(x), 2) + Math.sin(y)),
                Arguments.of("y[i] = sqrt(x[i]*z[i])", (DoubleBinaryOperator) (x, y) -> Math.sqrt(x * y)));
    }

    private static final double[] X = {-1.7, -0.6, -2.3, -0.35, 1.2};
    private static final double[] Z = {-0.9, -1.4, -0.45, -2.1, 0.8};

    @ParameterizedTest
    @MethodSource("cases")
    void valueAndGradientAtNegativeInputs(String src, DoubleBinaryOperator f) {
        IndexProgram p = IndexProgram.parse(src);
        boolean hasZ = p.inputs().contains("z");
        Map<String, Tensor> in = hasZ ? Map.of("x", Tensor.of(X), "z", Tensor.of(Z)) : Map.of("x", Tensor.of(X));
        double[] y = new IndexEvaluator(p, in).output().toDoubleArray();
        for (int k = 0; k < X.length; k++) {
            double want = f.applyAsDouble(X[k], Z[k]);
            assertThat(Double.isNaN(y[k])).as(src + " NaN-ness at " + k).isEqualTo(Double.isNaN(want));
            if (!Double.isNaN(want)) {
                assertThat(y[k]).as(src + " at x=" + X[k]).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-12 * (1 + Math.abs(want))));
            }
        }
        for (String wrt : hasZ ? new String[] {"x", "z"} : new String[] {"x"}) {
            IndexGradient g = IndexDerivative.jacobian(p, "y", wrt);
            double[] j = new IndexEvaluator(p, in).evaluate(g).toDoubleArray();
            double h = 1e-6;
            for (int k = 0; k < X.length; k++) {
                double x = X[k];
                double z = Z[k];
                double fd = wrt.equals("x") ? (f.applyAsDouble(x + h, z) - f.applyAsDouble(x - h, z)) / (2 * h)
                        : (f.applyAsDouble(x, z + h) - f.applyAsDouble(x, z - h)) / (2 * h);
                // Jacobian of an element-wise map is diagonal: entry (k, k) of the n×n result
                double got = j[k * X.length + k];
                if (Double.isNaN(fd)) {
                    assertThat(got).as(src + " d/d" + wrt + " at " + k).isNaN();
                } else {
                    assertThat(got).as(src + " d/d" + wrt + " at " + k).isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(fd))));
                }
            }
        }
    }
}
