package io.ricci.index;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code coef · Π factors}, summed over every index that is not free in the enclosing expression
 * (einsum semantics: a summed index may occur in any number of factors).
 */
public record Term(double coef, List<Factor> factors) {
    public Term {
        factors = List.copyOf(factors);
    }

    static Term constant(double c) {
        return new Term(c, List.of());
    }

    Term scale(double s) {
        return new Term(coef * s, factors);
    }

    /** This term times {@code o}: coefficients multiply, factor lists concatenate. */
    Term times(Term o) {
        List<Factor> f = new ArrayList<>(factors);
        f.addAll(o.factors);
        return new Term(coef * o.coef, f);
    }

    Term rename(java.util.function.IntUnaryOperator map) {
        List<Factor> f = new ArrayList<>(factors.size());
        for (Factor x : factors) {
            int[] n = new int[x.idx().length];
            for (int k = 0; k < n.length; k++) {
                n[k] = map.applyAsInt(x.idx()[k]);
            }
            f.add(x.withIdx(n));
        }
        return new Term(coef, f);
    }

    /** Every index id occurring in a factor, in order of first occurrence. */
    List<Integer> indices() {
        List<Integer> out = new ArrayList<>();
        for (Factor x : factors) {
            for (int i : x.idx()) {
                if (!out.contains(i)) {
                    out.add(i);
                }
            }
        }
        return out;
    }
}
