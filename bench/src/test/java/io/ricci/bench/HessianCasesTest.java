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
 * so the benchmark compares equal work.
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
        assertEquals(3, quick.size());
        assertEquals(6, full.size());
        assertEquals(2, BenchGroups.cases("hessian", false).stream().filter(c -> c.op().contains("logistic")).count());
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-11 * Math.max(1, Math.abs(e[i])), "element " + i);
        }
    }
}
