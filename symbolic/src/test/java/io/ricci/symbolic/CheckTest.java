package io.ricci.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ricci.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jacobian.check against central differences, and against any other NumericJacobian. */
class CheckTest {

    @Test
    void centralDifferencesOfAKnownFunctionAreAccurate() {
        NumericFunction f = x -> new double[] {3 * x[0] * x[1], Math.pow(x[0], 3) * x[1] * x[1]};
        Tensor j = CentralDifference.of(f).jacobian(new double[] {2, 3}, 2);
        assertThat(j.toDoubleArray()).containsExactly(new double[] {9, 6, 108, 48}, within(1e-7));
    }

    @Test
    void aCorrectJacobianPassesAndAWrongOneIsCaughtWithItsWorstEntry() {
        SymbolicFunctions f = Symbolic.parse("3*x*y, x^3*y^2", "x", "y");
        SymbolicMatrix j = f.jacobian();
        CheckReport ok = Jacobian.check(j, f.numeric(), new double[] {2, 3});
        assertThat(ok.maxRelError()).isLessThan(1e-9);
        assertThat(ok.passes(1e-6)).isTrue();
        assertThat(ok.summary()).startsWith("max relative error ").contains("against central differences");

        // The same symbolic matrix against a function whose second output differs: x^3*y^2 + x*y.
        NumericFunction other = x -> new double[] {3 * x[0] * x[1], Math.pow(x[0], 3) * x[1] * x[1] + x[0] * x[1]};
        CheckReport bad = Jacobian.check(j, other, new double[] {2, 3});
        assertThat(bad.passes(1e-6)).isFalse();
        assertThat(bad.worstRow()).isEqualTo(1);
        assertThat(bad.worstCol()).isEqualTo(1); // d/dy differs by 2 in 50, d/dx by 3 in 111
        assertThat(bad.maxRelError()).isCloseTo(2.0 / 50, within(1e-6));
        assertThat(bad.maxAbsError()).isCloseTo(3, within(1e-6));
    }

    @Test
    void anyNumericJacobianCanBePluggedIn() {
        // Stands in for the nn module's reverse-mode autodiff, which will implement NumericJacobian.
        NumericJacobian exact = new NumericJacobian() {
            @Override
            public String name() {
                return "hand-written derivative";
            }

            @Override
            public Tensor jacobian(double[] p, int nVars) {
                return Tensor.of(new double[][] {{3 * p[1], 3 * p[0]}, {3 * p[0] * p[0] * p[1] * p[1], 2 * Math.pow(p[0], 3) * p[1]}});
            }
        };
        CheckReport r = Jacobian.check(Symbolic.parse("3*x*y, x^3*y^2", "x", "y").jacobian(), exact, new double[] {2, 3});
        assertThat(r.maxRelError()).isZero();
        assertThat(r.reference()).isEqualTo("hand-written derivative");
    }

    @Test
    void gradientsAndHessiansAreCheckedToo() {
        SymbolicFunctions f = Symbolic.parse("exp(x*y) + log(x + z^2)*y", "x", "y", "z");
        double[] p = {0.7, -0.4, 1.3};
        assertThat(Jacobian.check(f.gradient(), f.numeric(), p).maxRelError()).isLessThan(1e-8);
        CheckReport h = Jacobian.check(f.hessian(), CentralDifference.hessianOf(f.numeric(), 0), p);
        assertThat(h.reference()).isEqualTo("second central differences");
        assertThat(h.maxRelError()).isLessThan(1e-5);
    }

    @Test
    void parametersAreHeldFixedByTheDifferences() {
        SymbolicFunctions f = Symbolic.parse("a*x^2", List.of("x"), List.of("a"));
        CheckReport r = Jacobian.check(f.jacobian(), f.numeric(), new double[] {3, 5});
        assertThat(r.numeric().shape()).containsExactly(1, 1);
        assertThat(r.numeric().item()).isCloseTo(30, within(1e-6));
    }

    @Test
    void mismatchedShapesAreRefused() {
        SymbolicMatrix j = Symbolic.parse("x*y, x", "x", "y").jacobian();
        NumericFunction three = x -> new double[] {1, 2, 3};
        assertThatThrownBy(() -> Jacobian.check(j, three, new double[] {1, 2}))
                .hasMessage("check: symbolic (2, 2) vs central differences (3, 2): shapes differ");
    }
}
