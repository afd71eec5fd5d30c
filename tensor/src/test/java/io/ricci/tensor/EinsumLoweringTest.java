package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which steps become a batched GEMM (and whether its operands are views), which run the direct loop,
 * and that both agree with the oracle. The lowering is read from the cached plan
 * ({@link Tensor#einsumPlan}).
 */
class EinsumLoweringTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // backprop: dX = dY·Wᵀ, dW = Xᵀ·dY, db = 1ᵀ·dY (W stored as (in, out) = (7, 5) here)
        "iq,jq->ij       | 6x5 7x5       | gemm (1,6,5)@(1,5,7) a=view b=view",
        "pi,pj->ij       | 6x7 6x5       | gemm (1,7,6)@(1,6,5) a=view b=view",
        "ij->j           | 6x5           | direct 1",
        "ij,jk->ik       | 4x5 5x3       | gemm (1,4,5)@(1,5,3) a=view b=view",
        "ij,jk->ki       | 4x5 5x3       | gemm (1,3,5)@(1,5,4) a=view b=view",
        "bij,bjk->bik    | 3x4x5 3x5x2   | gemm (3,4,5)@(3,5,2) a=view b=view",
        "ijk,jkl->il     | 2x3x4 3x4x5   | gemm (1,2,12)@(1,12,5) a=view b=view",
        // k labels (j,k) in B's order: copying the smaller A (24 elements) instead of B (60)
        "ijk,kjl->il     | 2x3x4 4x3x5   | gemm (1,2,12)@(1,12,5) a=copy b=view",
        "ij,ij->ij       | 3x4 3x4       | direct 2",
        "i,j->ij         | 3 4           | direct 2",
        "ij,ij->         | 3x4 3x4       | direct 2",
        "ii->i           | 4x4           | view",
        "ij->ji          | 4x3           | view",
        "ii->            | 4x4           | direct 1",
        // size-1 broadcasting: j is summed out of b alone first; a batch label of size 1 becomes free
        "ij,jk->ik       | 4x1 5x3       | direct 1;direct 2",
        "bij,bjk->bik    | 1x4x5 3x5x2   | gemm (1,6,5)@(1,5,4) a=copy b=view",
        "bij,bjk->bik    | 3x4x5 1x5x2   | gemm (1,12,5)@(1,5,2) a=view b=view",
    })
    void lowersAsExpected(String spec, String shapeList, String lowering) {
        int[][] shapes = EinsumFixturesTest.shapes(shapeList);
        Tensor[] ops = new Tensor[shapes.length];
        for (int t = 0; t < ops.length; t++) {
            ops[t] = EinsumFixturesTest.operand(t, shapes[t], DType.F64);
        }
        Tensor got = Tensor.einsum(spec, ops);
        assertThat(Tensor.einsumPlan(spec, ops).lowering()).containsExactly(lowering.strip().split(";"));
        EinsumOracle.check(spec, EinsumOracle.einsum(spec, ops), got, 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1", "7", "16", "17", "33"})
    void gemmLoweringMatchesTheDirectLoop(int n) {
        Tensor a = Tensor.randn(n, DType.F32, 3, n, n + 2);
        Tensor b = Tensor.randn(n + 1, DType.F32, 3, n + 2, 5);
        double[] viaGemm = Einsum.bmm(a, b).toDoubleArray();
        double[] viaLoop = EinsumOracle.einsum("bij,bjk->bik", a, b).values();
        for (int i = 0; i < viaGemm.length; i++) {
            assertThat(viaGemm[i]).isCloseTo(viaLoop[i], within(1e-4 * (n + 2)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"ij,jk,kl->il | 3x40 40x2 2x50", "ea,fb,abcd,gc,hd->efgh | 2x3 4x3 3x3x5x2 2x5 3x2"})
    void multiOperandStepsAreGemms(String spec, String shapeList) {
        int[][] shapes = EinsumFixturesTest.shapes(shapeList);
        Tensor[] ops = new Tensor[shapes.length];
        for (int t = 0; t < ops.length; t++) {
            ops[t] = EinsumFixturesTest.operand(t, shapes[t], DType.F64);
        }
        Tensor got = Tensor.einsum(spec, ops);
        assertThat(Tensor.einsumPlan(spec, ops).lowering()).hasSize(shapes.length - 1)
                .allMatch(s -> s.startsWith("gemm"));
        EinsumOracle.check(spec, EinsumOracle.einsum(spec, ops), got, 1e-12);
    }

    /** The plan is made once per spec, shapes and strides: the same object comes back, and other strides get their own. */
    @org.junit.jupiter.api.Test
    void plansAreCachedPerSpecShapesAndStrides() {
        Tensor a = Tensor.randn(new Rng(3), DType.F64, 6, 5), w = Tensor.randn(new Rng(4), DType.F64, 7, 5);
        EinsumPlan first = Tensor.einsumPlan("iq,jq->ij", a, w);
        Tensor.einsum("iq,jq->ij", a, w);
        assertThat(Tensor.einsumPlan("iq,jq->ij", a, w)).isSameAs(first);
        // W transposed in memory: the same shapes, other strides, another lowering.
        Tensor wt = Tensor.randn(new Rng(4), DType.F64, 5, 7).T();
        EinsumPlan other = Tensor.einsumPlan("iq,jq->ij", a, wt);
        assertThat(other).isNotSameAs(first);
        assertThat(first.lowering()).containsExactly("gemm (1,6,5)@(1,5,7) a=view b=view");
        assertThat(other.lowering()).hasSize(1).allMatch(l -> l.startsWith("gemm"));
        assertThat(first.toString()).contains("Lowering:").contains("gemm (1,6,5)@(1,5,7) a=view b=view");
        // Replaying the cached plan gives the oracle's values.
        EinsumOracle.check("iq,jq->ij", EinsumOracle.einsum("iq,jq->ij", a, wt), Tensor.einsum("iq,jq->ij", a, wt), 1e-12);
    }
}
