package io.ricci.index;

import java.util.Arrays;

/**
 * One factor {@code atom[idx]^exp} of a {@link Term}: a named tensor (an input, an intermediate, the
 * upstream gradient {@code dY}), the Kronecker delta {@link #DELTA} (rank 2) or the ones-vector
 * {@link #ONES} (rank 1), raised element-wise to {@code exp}. Indices are the integer ids of an
 * {@link IndexSpace}; they are immutable by convention (never modify the array).
 */
public record Factor(String atom, int[] idx, double exp) {
    /** The Kronecker delta {@code δ[a,b]}. */
    public static final String DELTA = "delta";
    /** The ones-vector {@code 1[a]}. */
    public static final String ONES = "1";

    public Factor {
        idx = idx.clone();
    }

    public boolean isDelta() {
        return atom.equals(DELTA);
    }

    public boolean isOnes() {
        return atom.equals(ONES);
    }

    /** A named tensor (not δ, not 1). */
    public boolean isTensor() {
        return !isDelta() && !isOnes();
    }

    int rank() {
        return idx.length;
    }

    boolean uses(int id) {
        for (int i : idx) {
            if (i == id) {
                return true;
            }
        }
        return false;
    }

    Factor withIdx(int[] n) {
        return new Factor(atom, n, exp);
    }

    Factor withExp(double e) {
        return new Factor(atom, idx, e);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Factor f && f.atom.equals(atom) && Arrays.equals(f.idx, idx) && f.exp == exp;
    }

    @Override
    public int hashCode() {
        return atom.hashCode() * 31 + Arrays.hashCode(idx) + Double.hashCode(exp);
    }

    @Override
    public String toString() {
        return atom + Arrays.toString(idx) + (exp == 1 ? "" : "^" + exp);
    }
}
