package io.ricci.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Normal forms of terms: δ-elimination (a δ with a summed index renames that index away), element-wise
 * powers of one atom with the same indices combined ({@code y⁻¹·y = 1}), redundant ones-vectors
 * dropped, assumed normalisations ({@code Σ_j T[i,j] = 1}) applied; like terms collected; with a
 * program, complements folded ({@code A·c⁻¹·y − A·c⁻¹·y² = A·y} where {@code c = 1 − y}, which makes
 * the binary cross-entropy gradient {@code σ(z) − t}).
 */
final class Simplifier {
    private Simplifier() {
    }

    /** The simplified term, or null when it is zero. {@code free} are the ids not summed over. */
    static Term simplify(Term t, Set<Integer> free, Map<String, boolean[]> assumptions) {
        if (t.coef() == 0) {
            return null;
        }
        List<Factor> fs = new ArrayList<>(t.factors());
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int n = 0; n < fs.size() && !changed; n++) {
                Factor f = fs.get(n);
                if (f.isDelta()) {
                    int a = f.idx()[0];
                    int b = f.idx()[1];
                    if (a == b) {
                        fs.set(n, new Factor(Factor.ONES, new int[] {a}, 1));
                        changed = true;
                    } else if (!free.contains(a) || !free.contains(b)) {
                        int from = free.contains(a) ? b : a;
                        int to = from == a ? b : a;
                        fs.remove(n);
                        rename(fs, from, to);
                        changed = true;
                    }
                } else if (f.isTensor()) {
                    for (int m = n + 1; m < fs.size(); m++) {
                        Factor g = fs.get(m);
                        if (g.atom().equals(f.atom()) && java.util.Arrays.equals(g.idx(), f.idx())) {
                            fs.remove(m);
                            double e = f.exp() + g.exp();
                            if (e == 0) {
                                fs.remove(n);
                                dropped(fs, f.idx());
                            } else {
                                fs.set(n, f.withExp(e));
                            }
                            changed = true;
                            break;
                        }
                    }
                    if (!changed && f.exp() == 1 && assumptions.containsKey(f.atom())) {
                        changed = applyAssumption(fs, n, free, assumptions.get(f.atom()));
                    }
                } else if (f.isOnes()) {
                    int a = f.idx()[0];
                    for (int m = 0; m < fs.size(); m++) {
                        if (m != n && fs.get(m).uses(a)) {
                            fs.remove(n);
                            changed = true;
                            break;
                        }
                    }
                }
            }
        }
        for (int a : free) {
            if (fs.stream().noneMatch(f -> f.uses(a)) && t.indices().contains(a)) {
                fs.add(new Factor(Factor.ONES, new int[] {a}, 1));
            }
        }
        return new Term(t.coef(), fs);
    }

    /** Σ over the normalised axes of T is one: drop T when those indices occur nowhere else and are summed. */
    private static boolean applyAssumption(List<Factor> fs, int n, Set<Integer> free, boolean[] axes) {
        Factor f = fs.get(n);
        for (int k = 0; k < axes.length; k++) {
            if (axes[k]) {
                int a = f.idx()[k];
                if (free.contains(a)) {
                    return false;
                }
                int uses = 0;
                for (int m = 0; m < fs.size(); m++) {
                    for (int i : fs.get(m).idx()) {
                        uses += i == a ? 1 : 0;
                    }
                }
                if (uses != 1) {
                    return false;
                }
            }
        }
        fs.remove(n);
        List<Integer> rest = new ArrayList<>();
        for (int k = 0; k < axes.length; k++) {
            if (!axes[k]) {
                rest.add(f.idx()[k]);
            }
        }
        dropped(fs, rest.stream().mapToInt(Integer::intValue).toArray());
        return true;
    }

    /** After removing a factor, keeps each of its indices that no longer occurs as a ones-vector. */
    private static void dropped(List<Factor> fs, int[] idx) {
        for (int a : idx) {
            if (fs.stream().noneMatch(g -> g.uses(a))) {
                fs.add(new Factor(Factor.ONES, new int[] {a}, 1));
            }
        }
    }

    private static void rename(List<Factor> fs, int from, int to) {
        for (int m = 0; m < fs.size(); m++) {
            Factor g = fs.get(m);
            if (g.uses(from)) {
                int[] n = g.idx().clone();
                for (int k = 0; k < n.length; k++) {
                    if (n[k] == from) {
                        n[k] = to;
                    }
                }
                fs.set(m, g.withIdx(n));
            }
        }
    }

    /**
     * Simplifies every term and adds like terms (equal up to renaming summed indices); zero terms
     * vanish. The first occurrence's factor order and index names are kept.
     */
    static List<Term> collect(List<Term> terms, int[] out, Map<String, boolean[]> assumptions) {
        Set<Integer> free = new java.util.HashSet<>();
        for (int o : out) {
            free.add(o);
        }
        LinkedHashMap<String, Term> acc = new LinkedHashMap<>();
        for (Term t : terms) {
            Term s = simplify(t, free, assumptions);
            if (s == null) {
                continue;
            }
            String key = key(s, out);
            Term prev = acc.get(key);
            acc.put(key, prev == null ? s : new Term(prev.coef() + s.coef(), prev.factors()));
        }
        List<Term> res = new ArrayList<>();
        for (Term t : acc.values()) {
            if (Math.abs(t.coef()) > 1e-12) {
                res.add(t);
            }
        }
        return res;
    }

    /**
     * {@link #collect(List, int[], Map)} with the program's assumptions, then complements folded: where
     * the program defines {@code c[idx] = 1 − y[idx]} ({@link IndexProgram#complements}), a pair of terms
     * {@code A·c^e·y^a} and {@code −A·c^e·y^(a+1)} (e &lt; 0, a ≥ 0, the same indices) is
     * {@code A·c^e·y^a·(1 − y) = A·c^(e+1)·y^a}; repeated (with like terms collected again) until no pair is left.
     */
    static List<Term> collect(List<Term> terms, int[] out, IndexProgram p) {
        List<Term> res = collect(terms, out, p.assumptions());
        Map<String, String> comp = p.complements();
        if (comp.isEmpty()) {
            return res;
        }
        while (res.size() > 1) {
            List<Term> folded = foldComplements(res, out, comp);
            if (folded == null) {
                break;
            }
            res = collect(folded, out, p.assumptions());
        }
        return res;
    }

    /** One round of complement folding, or null when no pair folds. */
    private static List<Term> foldComplements(List<Term> terms, int[] out, Map<String, String> comp) {
        // (key of the term without its y^a factor, c's position, a) -> term index
        Map<String, Integer> seen = new HashMap<>();
        for (int n = 0; n < terms.size(); n++) {
            Term t = terms.get(n);
            List<Factor> fs = t.factors();
            for (int k = 0; k < fs.size(); k++) {
                Factor c = fs.get(k);
                String y = c.exp() < 0 ? comp.get(c.atom()) : null;
                if (y == null) {
                    continue;
                }
                int yAt = -1;
                for (int m = 0; m < fs.size(); m++) {
                    if (fs.get(m).atom().equals(y) && java.util.Arrays.equals(fs.get(m).idx(), c.idx())) {
                        yAt = m;
                    }
                }
                double a = yAt < 0 ? 0 : fs.get(yAt).exp();
                if (a < 0 || a != Math.rint(a)) {
                    continue;
                }
                List<Factor> base = new ArrayList<>(fs);
                if (yAt >= 0) {
                    base.remove(yAt);
                }
                base.add(new Factor("#" + y, c.idx(), 1));
                String key = key(new Term(1, base), out) + "|" + c.atom() + "^" + c.exp();
                Integer lower = seen.get(key + "|" + (a - 1));
                if (lower != null && Math.abs(terms.get(lower).coef() + t.coef()) <= 1e-12 * Math.abs(t.coef())) {
                    return fold(terms, lower, n, comp);
                }
                Integer higher = seen.get(key + "|" + (a + 1));
                if (higher != null && Math.abs(terms.get(higher).coef() + t.coef()) <= 1e-12 * Math.abs(t.coef())) {
                    return fold(terms, n, higher, comp);
                }
                seen.put(key + "|" + a, n);
            }
        }
        return null;
    }

    /** Terms with {@code lower} (A·c^e·y^a) replaced by A·c^(e+1)·y^a and {@code higher} (its partner) removed. */
    private static List<Term> fold(List<Term> terms, int lower, int higher, Map<String, String> comp) {
        Term t = terms.get(lower);
        List<Factor> fs = new ArrayList<>(t.factors());
        for (int k = 0; k < fs.size(); k++) {
            Factor c = fs.get(k);
            if (c.exp() < 0 && comp.containsKey(c.atom()) && matches(terms.get(higher), c, comp.get(c.atom()))) {
                if (c.exp() + 1 == 0) {
                    fs.remove(k);
                    dropped(fs, c.idx());
                } else {
                    fs.set(k, c.withExp(c.exp() + 1));
                }
                break;
            }
        }
        List<Term> r = new ArrayList<>(terms);
        r.set(lower, new Term(t.coef(), fs));
        r.remove(higher);
        return r;
    }

    /** Whether {@code t} holds the complement factor {@code c} and a power of {@code y} on c's indices. */
    private static boolean matches(Term t, Factor c, String y) {
        boolean hasC = false;
        boolean hasY = false;
        for (Factor f : t.factors()) {
            hasC |= f.equals(c);
            hasY |= f.atom().equals(y) && java.util.Arrays.equals(f.idx(), c.idx());
        }
        return hasC && hasY;
    }

    /** A string equal for terms equal up to factor order and the names of summed indices. */
    static String key(Term t, int[] out) {
        Map<Integer, String> freeName = new HashMap<>();
        for (int k = 0; k < out.length; k++) {
            freeName.put(out[k], "F" + k);
        }
        List<Factor> fs = new ArrayList<>(t.factors());
        fs.sort(Comparator.comparing((Factor f) -> f.atom()).thenComparingDouble(Factor::exp)
                .thenComparing(f -> pattern(f, freeName)));
        Map<Integer, String> summed = new HashMap<>();
        StringBuilder sb = new StringBuilder();
        for (Factor f : fs) {
            sb.append(f.atom()).append('^').append(f.exp()).append('[');
            for (int i : f.idx()) {
                String n = freeName.get(i);
                if (n == null) {
                    n = summed.computeIfAbsent(i, x -> "S" + summed.size());
                }
                sb.append(n).append(',');
            }
            sb.append(']');
        }
        return sb.toString();
    }

    private static String pattern(Factor f, Map<Integer, String> freeName) {
        StringBuilder sb = new StringBuilder();
        for (int i : f.idx()) {
            sb.append(freeName.getOrDefault(i, "S")).append(',');
        }
        return sb.toString();
    }
}
