package io.ricci.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;
import io.ricci.tensor.Tensor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Symja's symbolic Jacobians against the nn module's reverse-mode autodiff for the same functions
 * (the autodiff plugs in as a {@link NumericJacobian}), and against central differences.
 */
class AutodiffCrossCheckTest {

    /** Jacobian rows by one backward per output, through the nn autodiff. */
    record Autodiff(Function<Variable[], Variable[]> f) implements NumericJacobian {
        @Override
        public String name() {
            return "nn autodiff";
        }

        @Override
        public Tensor jacobian(double[] point, int nVars) {
            Variable[] in = new Variable[point.length];
            for (int i = 0; i < in.length; i++) {
                in[i] = i < nVars ? new Variable(Tensor.scalar(point[i]), "v" + i) : Variable.constant(Tensor.scalar(point[i]));
            }
            Variable[] out = f.apply(in);
            Tensor j = Tensor.zeros(out.length, nVars);
            for (int r = 0; r < out.length; r++) {
                for (int i = 0; i < nVars; i++) {
                    in[i].zeroGrad();
                }
                out[r].backward(Tensor.scalar(1.0), true);
                for (int c = 0; c < nVars; c++) {
                    j.set(in[c].grad() == null ? 0 : in[c].grad().item(), r, c);
                }
            }
            return j;
        }
    }

    static Variable c(double v) {
        return Variable.constant(Tensor.scalar(v));
    }

    static Stream<Arguments> functions() {
        return Stream.of(
                Arguments.of("3*x*y, x^3*y^2", new String[] {"x", "y"}, new String[0], new double[] {2, 3},
                        (Function<Variable[], Variable[]>) v -> new Variable[] {
                            Autograd.scale(v[0].mul(v[1]), 3), v[0].pow(3).mul(v[1].pow(2))}),
                Arguments.of("1/(1+exp(-(w0*x0+w1*x1+w2)))", new String[] {"w0", "w1", "w2", "x0", "x1"}, new String[0],
                        new double[] {2, -3, -3, -1, -2},
                        (Function<Variable[], Variable[]>) v -> new Variable[] {
                            v[0].mul(v[3]).add(v[1].mul(v[4])).add(v[2]).sigmoid()}),
                Arguments.of("1/2*(t - sigmoid(w*x + b))^2", new String[] {"w", "b"}, new String[] {"x", "t"},
                        new double[] {0.7, -0.2, 1.5, 1.0},
                        (Function<Variable[], Variable[]>) v -> new Variable[] {
                            Autograd.scale(v[3].sub(v[0].mul(v[2]).add(v[1]).sigmoid()).pow(2), 0.5)}),
                Arguments.of("tanh(x*y) + log(x^2 + 1)*y, exp(-x*y)*z", new String[] {"x", "y", "z"}, new String[0],
                        new double[] {0.3, -1.2, 2.0},
                        (Function<Variable[], Variable[]>) v -> new Variable[] {
                            v[0].mul(v[1]).tanh().add(Autograd.shift(v[0].pow(2), 1).log().mul(v[1])),
                            v[0].mul(v[1]).neg().exp().mul(v[2])}),
                Arguments.of("relu(x - y)*x + max(x, y)^2", new String[] {"x", "y"}, new String[0], new double[] {1.7, 0.4},
                        (Function<Variable[], Variable[]>) v -> new Variable[] {
                            v[0].sub(v[1]).relu().mul(v[0]).add(Autograd.maximum(v[0], v[1]).pow(2))}),
                Arguments.of("x^2*y/z + sqrt(z)", new String[] {"x", "y", "z"}, new String[0], new double[] {1.1, 2.2, 3.3},
                        (Function<Variable[], Variable[]>) v -> new Variable[] {
                            v[0].pow(2).mul(v[1]).div(v[2]).add(v[2].pow(0.5))}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void symbolicJacobianAgreesWithAutodiffAndCentralDifferences(String f, String[] vars, String[] params, double[] point,
                                                                Function<Variable[], Variable[]> graph) {
        SymbolicFunctions sf = Symbolic.parse(f, java.util.List.of(vars), java.util.List.of(params));
        SymbolicMatrix j = sf.jacobian();
        CheckReport vsAutodiff = Jacobian.check(j, new Autodiff(graph), point);
        assertThat(vsAutodiff.reference()).isEqualTo("nn autodiff");
        assertThat(vsAutodiff.maxRelError()).as(vsAutodiff.summary()).isLessThan(1e-12);
        CheckReport vsFd = Jacobian.check(j, sf.numeric(), point);
        assertThat(vsFd.maxRelError()).as(vsFd.summary()).isLessThan(1e-6);
    }
}
