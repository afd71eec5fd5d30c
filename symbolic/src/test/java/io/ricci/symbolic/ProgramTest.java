package io.ricci.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lowered bulk evaluator against plain Java formulas. */
class ProgramTest {
    private static final Node X = new Node.Var(0), Y = new Node.Var(1);

    private static double[] randomPoints(int n, long seed) {
        Random r = new Random(seed);
        double[] p = new double[2 * n];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextDouble() * 4 - 2;
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 255, 256, 257, 513, 1000})
    void blocksOfAnySizeGiveThePointwiseFormula(int n) {
        // f0 = x*y + x^3 - 1/y ;  f1 = piecewise(x > 0: exp(x), else: sigmoid(y)) ; f2 = x^y for x>0
        Node f0 = new Node.Sum(List.of(new Node.Product(List.of(X, Y)), new Node.PowInt(X, 3), new Node.Product(
                List.of(new Node.Const(-1), new Node.PowInt(Y, -1)))));
        Node f1 = new Node.Select(List.of(new Node.Compare(Node.Cmp.GT, X, new Node.Const(0))),
                List.of(new Node.Call(Node.Fn.EXP, X)), new Node.Call(Node.Fn.SIGMOID, Y));
        Node f2 = new Node.Pow(new Node.Call(Node.Fn.ABS, X), Y);
        Program p = Program.compile(List.of(f0, f1, f2), 2);
        double[] pts = randomPoints(n, n);
        double[] out = new double[3 * n];
        p.evaluate(pts, n, out);
        for (int i = 0; i < n; i++) {
            double x = pts[2 * i], y = pts[2 * i + 1];
            assertThat(out[3 * i]).isCloseTo(x * y + x * x * x - 1 / y, within(1e-12 * (1 + Math.abs(out[3 * i]))));
            assertThat(out[3 * i + 1]).isEqualTo(x > 0 ? Math.exp(x) : 1 / (1 + Math.exp(-y)), within(1e-15));
            assertThat(out[3 * i + 2]).isEqualTo(Math.pow(Math.abs(x), y));
        }
    }

    @Test
    void sharedSubexpressionsAreComputedOnceAndGiveTheSameValues() {
        Node s = new Node.Call(Node.Fn.SIGMOID, new Node.Sum(List.of(X, Y)));
        Node sAgain = new Node.Call(Node.Fn.SIGMOID, new Node.Sum(List.of(X, Y)));
        Node d = new Node.Product(List.of(s, new Node.Sum(List.of(new Node.Const(1),
                new Node.Product(List.of(new Node.Const(-1), sAgain))))));
        assertThat(s).isEqualTo(sAgain);
        double[] out = new double[1];
        Program.compile(List.of(d), 2).evaluate(new double[] {0.3, -1.1}, 1, out);
        double v = 1 / (1 + Math.exp(0.8));
        assertThat(out[0]).isCloseTo(v * (1 - v), within(1e-16));
    }

    @Test
    void sigmoidIsStableForLargeArgumentsAndStepAndLogicWork() {
        assertThat(Node.Fn.SIGMOID.apply(800)).isEqualTo(1.0);
        assertThat(Node.Fn.SIGMOID.apply(-800)).isEqualTo(0.0);
        assertThat(Node.Fn.SIGMOID.apply(-40)).isCloseTo(Math.exp(-40), within(1e-30));
        assertThat(Node.Fn.STEP.apply(0)).isEqualTo(1);
        assertThat(Node.Fn.STEP.apply(-1e-300)).isEqualTo(0);
        Node and = new Node.Logic(Node.LogicOp.AND, List.of(new Node.Compare(Node.Cmp.GE, X, Y),
                new Node.Logic(Node.LogicOp.NOT, List.of(new Node.Compare(Node.Cmp.EQ, X, Y)))));
        double[] out = new double[3];
        Program.compile(List.of(and), 2).evaluate(new double[] {2, 1, 1, 1, 0, 1}, 3, out);
        assertThat(out).containsExactly(1, 0, 0);
    }

    @Test
    void unsupportedPartsAndBadIndicesFailAtCompileTime() {
        assertThatThrownBy(() -> Program.compile(List.of(new Node.Sum(List.of(X, new Node.Unsupported("Zeta(x)")))), 1))
                .hasMessage("evaluate: no numeric evaluation for Zeta(x)");
        assertThatThrownBy(() -> Program.compile(List.of(Y), 1))
                .hasMessage("evaluate: variable index 1 outside [0, 1)");
    }

    @Test
    void bulkEvaluationAcceptsStridedAndFloatPoints() {
        SymbolicMatrix j = Symbolic.parse("x^2*y, sin(x) + tanh(y)", "x", "y").jacobian();
        Tensor cols = Tensor.rand(3, DType.F64, 2, 300); // (2, n): its transpose is a non-contiguous (n, 2)
        Tensor pts = cols.T();
        assertThat(pts.isContiguous()).isFalse();
        Tensor all = j.evaluateBulk(pts);
        Tensor allF32 = j.evaluateBulk(pts.astype(DType.F32));
        for (int p = 0; p < 300; p++) {
            double x = pts.get(p, 0), y = pts.get(p, 1);
            assertThat(all.get(p, 0, 0)).isCloseTo(2 * x * y, within(1e-15));
            assertThat(all.get(p, 0, 1)).isCloseTo(x * x, within(1e-15));
            assertThat(all.get(p, 1, 0)).isCloseTo(Math.cos(x), within(1e-15));
            double t = Math.tanh(y);
            assertThat(all.get(p, 1, 1)).isCloseTo(1 - t * t, within(1e-15));
            assertThat(allF32.get(p, 0, 0)).isCloseTo(2 * x * y, within(1e-6));
        }
        assertThat(j.evaluateBulk(Tensor.zeros(0, 2)).shape()).containsExactly(0, 2, 2);
    }

    @Test
    void reluMaxMinAndAbsAreDerivedAsPiecewiseFunctions() {
        SymbolicMatrix g = Symbolic.parse("relu(x) + max(x, y)*2 + min(0, y) + abs(x - y)", "x", "y").jacobian();
        double[][] pts = {{1.5, 0.5}, {-1, 0.5}, {-1, -2}, {0.3, 2}};
        for (double[] p : pts) {
            double x = p[0], y = p[1];
            double dx = (x > 0 ? 1 : 0) + (x >= y ? 2 : 0) + Math.signum(x - y);
            double dy = (x >= y ? 0 : 2) + (y <= 0 ? 1 : 0) - Math.signum(x - y);
            assertThat(g.evaluate(p).toDoubleArray()).as("at (%s, %s): %s", x, y, g.toLists())
                    .containsExactly(dx, dy);
        }
    }

    /** x^y at the IEEE special cases, as C's pow and NumPy (1^NaN = 1, x^0 = 1), not Java's Math.pow. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1, NaN, 1", "1, Infinity, 1", "1, -Infinity, 1", "NaN, 0, 1",
        "2, NaN, NaN", "-8, 0.5, NaN", "0, -1, Infinity", "4, 0.5, 2"})
    void powerFollowsCPow(double x, double y, double want) {
        double[] out = new double[1];
        Program.compile(List.of(new Node.Pow(X, Y)), 2).evaluate(new double[] {x, y}, 1, out);
        assertThat(Double.valueOf(out[0])).isEqualTo(Double.valueOf(want));
    }
}
