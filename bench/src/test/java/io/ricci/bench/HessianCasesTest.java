package io.ricci.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The Hessians the {@code hessian} bench group times are the right ones: each derived Hessian equals
 * the hand-written closed form NumPy's side computes (A + Aᵀ; Xᵀ diag(σ(1−σ)y²) X; 2 δ_ij (VᵀV)_kl),
 * so the benchmark compares equal work; and the tape's Hessian (n Hessian-vector products by double
 * backward, {@code Autograd.hessian}) equals the derived one: the index calculus and the reverse-mode
 * tape agree on second derivatives.
 */
class HessianCasesTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17})
    void quadraticIsAPlusATransposed(int n) {
        Map<String, Tensor> ops = HessianCases.operands("quadratic", n);
        Tensor a = ops.get("A");
        assertClose(a.add(a.T()), HessianCases.derived("quadratic").apply(ops));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17})
    void logisticIsXtDiagX(int n) {
        Map<String, Tensor> ops = HessianCases.operands("logistic", n);
        Tensor x = ops.get("X"), w = ops.get("w"), y = ops.get("y");
        double[] xs = x.toDoubleArray(), ws = w.toDoubleArray(), ys = y.toDoubleArray();
        // d²/dw² Σ log(1 + exp(−y_n x_n·w)) = Σ_n σ(u)(1−σ(u)) y_n² x_n x_nᵀ, u = −y_n x_n·w
        double[] h = new double[n * n];
        for (int r = 0; r < n; r++) {
            double u = 0;
            for (int i = 0; i < n; i++) {
                u += xs[r * n + i] * ws[i];
            }
            u *= -ys[r];
            double s = 1 / (1 + Math.exp(-u)), c = s * (1 - s) * ys[r] * ys[r];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    h[i * n + j] += c * xs[r * n + i] * xs[r * n + j];
                }
            }
        }
        assertClose(Tensor.of(h).reshape(n, n), HessianCases.derived("logistic").apply(ops));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17})
    void factorizationIsTwoDeltaTimesVtV(int n) {
        Map<String, Tensor> ops = HessianCases.operands("factorization", n);
        Tensor vtv = ops.get("V").T().matmul(ops.get("V"));
        Tensor expected = Tensor.einsum("ij,kl->ikjl", Tensor.eye(DType.F64, n).mul(2), vtv);
        assertClose(expected, HessianCases.derived("factorization").apply(ops));
    }

    @Test
    void quickRunsEachProblemOnceAtOneHundred() {
        List<BenchCase> quick = HessianCases.cases(true), full = HessianCases.cases(false);
        assertEquals(6, quick.size());
        assertEquals(11, full.size()); // no tape row for the 5000-row factorization Hessian (TAPE_MAX_ROWS)
        assertEquals(4, BenchGroups.cases("hessian", false).stream().filter(c -> c.op().contains("logistic")).count());
        assertEquals(5, full.stream().filter(c -> "tape hvp".equals(c.fields().get("method"))).count());
        // derived and tape rows of one problem and size sit side by side with the same NumPy baseline
        for (int i = 0; i < 10; i += 2) {
            assertEquals("derived", full.get(i).fields().get("method"));
            assertEquals("tape hvp", full.get(i + 1).fields().get("method"));
            assertEquals(full.get(i).size(), full.get(i + 1).size());
            assertEquals(full.get(i).baseline(), full.get(i + 1).baseline());
        }
        assertEquals("hessian factorization (tape, 500 HVPs)", full.get(9).op());
        assertEquals("derived", full.get(10).fields().get("method"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 17})
    void tapeHessianFromHvpsEqualsTheDerivedOne(int n) {
        for (String problem : HessianCases.PROBLEMS.keySet()) {
            Map<String, Tensor> ops = HessianCases.operands(problem, n);
            Tensor derived = HessianCases.derived(problem).apply(ops);
            Tensor tape = HessianCases.tape(problem).apply(ops);
            assertClose(derived, tape);
        }
    }

    /** The tape Hessian row i is one HVP with e_i, so any direction v gives H·v: tie a random one too. */
    @ParameterizedTest
    @ValueSource(ints = {7, 17})
    void tapeHvpInARandomDirectionIsTheDerivedHessianTimesV(int n) {
        for (String problem : HessianCases.PROBLEMS.keySet()) {
            Map<String, Tensor> ops = HessianCases.operands(problem, n);
            Tensor x = ops.get(HessianCases.PROBLEMS.get(problem)[1]);
            Tensor v = Tensor.randn(5, DType.F64, x.shape());
            Tensor h = HessianCases.derived(problem).apply(ops).reshape(x.size(), x.size());
            Tensor expected = h.matmul(v.reshape(x.size())).reshape(x.shape());
            assertClose(expected, io.ricci.nn.autograd.Autograd.hvp(HessianCases.tapeFunction(problem, ops), x, v));
        }
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-11 * Math.max(1, Math.abs(e[i])), "element " + i);
        }
    }
}
