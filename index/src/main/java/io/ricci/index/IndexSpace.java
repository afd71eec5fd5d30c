package io.ricci.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The index ids of one program: each id has a preferred letter (the letter it was written with, or
 * the canonical letter of a gradient's output) and a dimension class. Ids that must have the same
 * extent (the same axis of a tensor, the two sides of a δ, a renamed copy) are joined in a
 * union-find, so sizes are resolved once the inputs' shapes are known.
 */
final class IndexSpace {
    private final List<Character> letters = new ArrayList<>();
    private final List<Integer> parent = new ArrayList<>();
    private final Map<String, Integer> axisIds = new HashMap<>();

    int fresh(char letter) {
        letters.add(letter);
        parent.add(letters.size() - 1);
        return letters.size() - 1;
    }

    /** A new id with the letter and the dimension class of {@code old}. */
    int copy(int old) {
        int id = fresh(letters.get(old));
        union(id, old);
        return id;
    }

    char letter(int id) {
        return letters.get(id);
    }

    int find(int id) {
        int r = id;
        while (parent.get(r) != r) {
            r = parent.get(r);
        }
        while (parent.get(id) != r) {
            int n = parent.get(id);
            parent.set(id, r);
            id = n;
        }
        return r;
    }

    void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            parent.set(ra, rb);
        }
    }

    /** The id standing for axis {@code k} of {@code atom}. */
    int axis(String atom, int k) {
        return axisIds.computeIfAbsent(atom + "#" + k, key -> fresh('?'));
    }

    /** A factor whose indices join the dimension classes of the atom's axes. */
    Factor factor(String atom, int[] idx, double exp) {
        if (atom.equals(Factor.DELTA)) {
            union(idx[0], idx[1]);
        } else if (!atom.equals(Factor.ONES)) {
            for (int k = 0; k < idx.length; k++) {
                union(idx[k], axis(atom, k));
            }
        }
        return new Factor(atom, idx, exp);
    }
}
