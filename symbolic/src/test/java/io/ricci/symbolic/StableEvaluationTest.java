package io.ricci.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Softplus and logistic forms at large arguments: Symja writes softplus' derivative as
 * E^x/(1+E^x), inf/inf = NaN past x ~ 710 when evaluated as written. The oracle is the closed form
 * computed here with the stable branch (1/(1+e^-x) for x ≥ 0, e^x/(1+e^x) below).
 */
class StableEvaluationTest {
    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    @ParameterizedTest
    @CsvSource({"800", "-800", "710", "-745", "30", "0.3", "0", "-2.5"})
    void softplusValueGradientAndHessianAreFinite(double x) {
        SymbolicFunctions f = Symbolic.parse("log(1+exp(x))", "x");
        double softplus = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        assertThat(f.numeric().apply(new double[] {x})[0]).isCloseTo(softplus, within(1e-12 * (1 + Math.abs(x))));
        assertThat(f.gradient().evaluate(new double[] {x}).get(0, 0)).isCloseTo(sigmoid(x), within(1e-14));
        double h = f.hessian().evaluate(new double[] {x}).get(0, 0);
        assertThat(h).isCloseTo(sigmoid(x) * sigmoid(-x), within(1e-14));
    }

    @ParameterizedTest
    @CsvSource({"800", "-800", "1.5"})
    void logisticLossDerivativeIsFinite(double x) {
        // log(1 + exp(-x)) is the logistic loss of a positive label; d/dx = -sigmoid(-x)
        SymbolicFunctions f = Symbolic.parse("log(1+exp(-x))", "x");
        assertThat(f.gradient().evaluate(new double[] {x}).get(0, 0)).isCloseTo(-sigmoid(-x), within(1e-14));
    }
}
