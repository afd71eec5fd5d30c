package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** EinsumPath's printout, strategies and cached plans. */
class EinsumPathTest {

    @Test
    void printsLikeNumpyEinsumPath() {
        // np.einsum_path('ij,jk,kl->il', a(2,2), b(2,5), c(5,2), optimize='greedy')[1] with numpy 2.4.6.
        String want = String.join("\n",
                "  Complete contraction:  ij,jk,kl->il",
                "         Naive scaling:  4",
                "     Optimized scaling:  3",
                "      Naive FLOP count:  1.200e+02",
                "  Optimized FLOP count:  5.700e+01",
                "   Theoretical speedup:  2.105",
                "  Largest intermediate:  4.000e+00 elements",
                "--------------------------------------------------------------------------",
                "scaling                  current                                remaining",
                "--------------------------------------------------------------------------",
                "   3                   kl,jk->jl                                ij,jl->il",
                "   3                   jl,ij->il                                   il->il");
        assertThat(Tensor.einsumPath("ij,jk,kl->il", new int[] {2, 2}, new int[] {2, 5}, new int[] {5, 2}))
                .hasToString(want);
    }

    @Test
    void stepsNameTheirContractionsAndCosts() {
        EinsumPath p = Tensor.einsumPath("ea,fb,abcd,gc,hd->efgh", new int[] {10, 10}, new int[] {10, 10},
                new int[] {10, 10, 10, 10}, new int[] {10, 10}, new int[] {10, 10});
        assertThat(p.steps()).hasSize(4);
        assertThat(p.steps().get(0).spec()).isEqualTo("abcd,ea->bcde");
        assertThat(p.steps().get(0).flops()).isEqualTo(200_000);
        assertThat(p.steps().get(3).spec()).isEqualTo("defg,hd->efgh");
        assertThat(p.optimizedFlops()).isEqualTo(800_001);
        assertThat(p.largestIntermediate()).isEqualTo(10_000);
    }

    @Test
    void oneAndTwoOperandsNeedNoSearch() {
        EinsumPath p = Tensor.einsumPath("iq,jq->ij", new int[] {100, 50}, new int[] {784, 50});
        assertThat(p.path()).hasSize(1);
        assertThat(p.path().get(0)).containsExactly(0, 1);
        assertThat(p.optimizedFlops()).isEqualTo(100L * 784 * 50 * 2 + 1);
    }

    @Test
    void greedyHandlesManyOperandsQuickly() {
        // 12 matrices in a chain: exhaustive search would enumerate ~10^13 orders.
        StringBuilder spec = new StringBuilder();
        int[][] shapes = new int[12][];
        for (int i = 0; i < 12; i++) {
            spec.append(i == 0 ? "" : ",").append((char) ('a' + i)).append((char) ('a' + i + 1));
            shapes[i] = new int[] {3 + i % 4, 3 + (i + 1) % 4};
        }
        spec.append("->am");
        EinsumPath p = EinsumPath.of(spec.toString(), shapes);
        assertThat(p.path()).hasSize(11);
        Tensor[] ops = new Tensor[12];
        for (int i = 0; i < 12; i++) {
            ops[i] = Tensor.rand(i, DType.F64, shapes[i]);
        }
        Tensor want = ops[0];
        for (int i = 1; i < 12; i++) {
            want = Tensor.einsum("ij,jk->ik", want, ops[i]);
        }
        Tensor got = Tensor.einsum(spec.toString(), ops);
        double[] g = got.toDoubleArray(), w = want.toDoubleArray();
        for (int i = 0; i < g.length; i++) {
            assertThat(g[i]).isCloseTo(w[i], org.assertj.core.api.Assertions.within(1e-9 * Math.abs(w[i]) + 1e-12));
        }
    }

    @Test
    void memoryLimitForcesOneContractionOfAllRemainingTerms() {
        // (ai,bi -> abi) and every other pairwise intermediate of this outer-product-like sum exceeds the largest input/output.
        EinsumPath p = EinsumPath.of("ai,bi,ci->abc", EinsumPath.Strategy.OPTIMAL, new int[] {8, 9}, new int[] {7, 9},
                new int[] {6, 9});
        assertThat(p.path()).hasSize(1);
        assertThat(p.path().get(0)).containsExactly(0, 1, 2);
        assertThat(p.optimizedFlops()).isEqualTo(8L * 7 * 6 * 9 * 3 + 1);
    }
}
