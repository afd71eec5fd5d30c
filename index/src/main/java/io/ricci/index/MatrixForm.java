package io.ricci.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps index terms back to matrix formulas, as a pattern table over the contraction graph (after
 * Solverz: (ij,jk→ik) → AB, (ij,j→i) → Ay, (i,j→ij) → xyᵀ, (i,ij→ij) → diag(x)A): factors with the
 * same indices form Hadamard products, rank-2 factors are edges between their two indices, vectors
 * cap path ends (a dangling summed end is capped by the ones-vector) or become diag(v) inside a
 * path; a closed cycle is a trace. A term whose graph is not a union of paths and cycles (an index
 * shared by three matrices, rank ≥ 3 factors) has no matrix form and the whole result is null.
 */
final class MatrixForm {
    private MatrixForm() {
    }

    private record Tok(String label, boolean t, boolean vector, boolean symmetric) {
        Tok flip() {
            return symmetric ? this : new Tok(label, !t, vector, false);
        }
    }

    private record Edge(String a, String b, String label) {
    }

    static String of(IndexGradient g, boolean latex) {
        if (g.rank() > 2) {
            return null;
        }
        if (g.terms().isEmpty()) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        List<Map<Integer, String>> letters = g.allLetters();
        // A·y − A·y² as A ⊙ y ⊙ (1 − y), as the index form prints it (IndexLatex.complementPairs)
        int[][] pairs = IndexLatex.complementPairs(g.terms());
        boolean[] done = new boolean[g.terms().size()];
        boolean first = true;
        for (int n0 = 0; n0 < g.terms().size(); n0++) {
            if (done[n0]) {
                continue;
            }
            int n = n0;
            Term t = g.terms().get(n);
            if (pairs[n0] != null) {
                n = pairs[n0][0];
                done[pairs[n0][0]] = true;
                done[pairs[n0][1]] = true;
                Term lower = g.terms().get(n);
                Factor y = lower.factors().get(pairs[n0][2]);
                List<Factor> fs = new ArrayList<>(lower.factors());
                fs.add(pairs[n0][2] + 1, new Factor(COMPLEMENT + y.atom(), y.idx(), 1));
                t = new Term(lower.coef(), fs);
            }
            String body = term(t, letters.get(n), g.outNames(), latex);
            if (body == null) {
                return null;
            }
            double c = t.coef();
            if (first) {
                first = false;
                sb.append(c < 0 ? "-" : "");
            } else {
                sb.append(c < 0 ? " - " : " + ");
            }
            double a = Math.abs(c);
            if (a != 1 || body.isEmpty()) {
                sb.append(IndexGradient.num(a));
                if (!body.isEmpty()) {
                    sb.append(latex ? " " : " ");
                }
            }
            sb.append(body);
        }
        return sb.toString();
    }

    /** The atom prefix of the synthetic factor {@code 1 − y} (never a parsed name). */
    private static final String COMPLEMENT = "\u0000one-minus:";

    private static String label(Factor f, boolean latex) {
        if (f.atom().startsWith(COMPLEMENT)) {
            String y = label(new Factor(f.atom().substring(COMPLEMENT.length()), f.idx(), 1), latex);
            return latex ? "\\left(1 - " + y + "\\right)" : "(1 - " + y + ")";
        }
        String base = f.isOnes() ? (latex ? "\\mathbf{1}" : "1") : f.isDelta() ? "I" : latex ? IndexLatex.atom(f.atom()) : f.atom();
        if (f.exp() == 1) {
            return base;
        }
        return latex ? base + "^{\\circ " + IndexGradient.num(f.exp()) + "}" : base + ".^" + IndexGradient.num(f.exp());
    }

    private static String term(Term t, Map<Integer, String> m, List<String> out, boolean latex) {
        String had = latex ? " \\odot " : " ⊙ ";
        List<String> scalars = new ArrayList<>();
        Map<String, String> vectors = new LinkedHashMap<>();
        Map<String, Edge> edges = new LinkedHashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (Factor f : t.factors()) {
            for (int i : f.idx()) {
                uses.merge(m.get(i), 1, Integer::sum);
            }
        }
        for (Factor f : t.factors()) {
            String l = label(f, latex);
            if (f.rank() == 0) {
                scalars.add(l);
            } else if (f.rank() == 1) {
                String a = m.get(f.idx()[0]);
                String prev = vectors.get(a);
                if (f.isOnes() && prev != null) {
                    continue;
                }
                vectors.put(a, prev == null || prev.equals(label(new Factor(Factor.ONES, new int[1], 1), latex)) ? l
                        : "(" + strip(prev) + had + l + ")");
            } else if (f.rank() == 2) {
                String a = m.get(f.idx()[0]);
                String b = m.get(f.idx()[1]);
                if (a.equals(b)) {
                    if (out.contains(a) || uses.get(a) != 2) {
                        return null;
                    }
                    scalars.add((latex ? "\\operatorname{tr}(" : "tr(") + l + ")");
                    continue;
                }
                String key = a.compareTo(b) < 0 ? a + "," + b : b + "," + a;
                Edge e = edges.get(key);
                if (e == null) {
                    edges.put(key, new Edge(a, b, l));
                } else {
                    String add = e.a().equals(a) ? l : l + (latex ? "^\\top" : "^T");
                    edges.put(key, new Edge(e.a(), e.b(), "(" + strip(e.label()) + had + add + ")"));
                }
            } else {
                return null;
            }
        }
        Map<String, List<Edge>> inc = new LinkedHashMap<>();
        Set<String> all = new LinkedHashSet<>();
        for (Edge e : edges.values()) {
            inc.computeIfAbsent(e.a(), x -> new ArrayList<>()).add(e);
            inc.computeIfAbsent(e.b(), x -> new ArrayList<>()).add(e);
            all.add(e.a());
            all.add(e.b());
        }
        all.addAll(vectors.keySet());
        all.addAll(out);
        for (String c : all) {
            int deg = inc.getOrDefault(c, List.of()).size() + (out.contains(c) ? 1 : 0);
            if (deg > 2) {
                return null;
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        List<List<Tok>> openPaths = new ArrayList<>();
        List<String> openStart = new ArrayList<>();
        List<String> scalarParts = new ArrayList<>(scalars);
        // paths: start at ends (open out indices first, then other ends)
        List<String> order = new ArrayList<>(out);
        order.addAll(all);
        for (String s : order) {
            if (seen.contains(s)) {
                continue;
            }
            boolean open = out.contains(s);
            if (inc.getOrDefault(s, List.of()).size() > 1) {
                continue;
            }
            List<Tok> toks = new ArrayList<>();
            String end = walk(s, inc, vectors, out, seen, toks, latex);
            if (open) {
                openPaths.add(toks);
                openStart.add(s);
                if (out.contains(end) && !end.equals(s)) {
                    openStart.set(openStart.size() - 1, s);
                }
            } else if (out.contains(end)) {
                openPaths.add(flip(toks));
                openStart.add(end);
            } else {
                scalarParts.add(paren(render(toks, latex), toks.size() > 1));
            }
        }
        for (String c : all) {
            if (!seen.contains(c)) {
                // a cycle: a trace
                List<Tok> toks = new ArrayList<>();
                cycle(c, inc, vectors, seen, toks, latex);
                scalarParts.add((latex ? "\\operatorname{tr}(" : "tr(") + render(toks, latex) + ")");
            }
        }
        String body;
        if (out.isEmpty()) {
            body = "";
        } else if (out.size() == 1) {
            if (openPaths.size() != 1) {
                return null;
            }
            List<Tok> col = openPaths.get(0);
            List<Tok> row = flip(col);
            // 1ᵀ·M (a column sum) reads better than Mᵀ·1; otherwise the column form unless the row form
            // needs fewer transposes.
            boolean onesEnd = !col.isEmpty() && col.get(col.size() - 1).vector() && col.get(col.size() - 1).label().equals(ones(latex))
                    && col.size() > 1;
            body = onesEnd || transposes(row) < transposes(col) ? render(row, latex) : render(col, latex);
        } else {
            if (openPaths.size() == 1) {
                List<Tok> p = openPaths.get(0);
                body = render(openStart.get(0).equals(out.get(0)) ? p : flip(p), latex);
            } else if (openPaths.size() == 2) {
                int first = openStart.get(0).equals(out.get(0)) ? 0 : 1;
                List<Tok> p = new ArrayList<>(openPaths.get(first));
                p.addAll(flip(openPaths.get(1 - first)));
                body = render(p, latex);
            } else {
                return null;
            }
        }
        if (body.isEmpty() && scalarParts.size() == 1 && wrapped(scalarParts.get(0))) {
            String only = scalarParts.get(0);
            scalarParts.set(0, only.substring(1, only.length() - 1));
        }
        StringBuilder sb = new StringBuilder();
        for (String s : scalarParts) {
            sb.append(sb.length() > 0 ? " " : "").append(s);
        }
        if (!body.isEmpty()) {
            if (sb.length() == 0 && wrapped(body)) {
                body = body.substring(1, body.length() - 1);
            }
            sb.append(sb.length() > 0 ? " " : "").append(body);
        }
        return sb.toString();
    }

    /** True when the outer parentheses of s enclose all of it. */
    private static boolean wrapped(String s) {
        if (!s.startsWith("(") || !s.endsWith(")")) {
            return false;
        }
        int depth = 0;
        for (int k = 0; k < s.length(); k++) {
            depth += s.charAt(k) == '(' ? 1 : s.charAt(k) == ')' ? -1 : 0;
            if (depth == 0 && k < s.length() - 1) {
                return false;
            }
        }
        return true;
    }

    private static String strip(String s) {
        return s.startsWith("(") && s.endsWith(")") ? s.substring(1, s.length() - 1) : s;
    }

    private static String paren(String s, boolean need) {
        return need ? "(" + s + ")" : s;
    }

    private static int transposes(List<Tok> toks) {
        int n = 0;
        for (Tok t : toks) {
            n += t.t() ? 1 : 0;
        }
        return n;
    }

    private static List<Tok> flip(List<Tok> toks) {
        List<Tok> r = new ArrayList<>();
        for (int k = toks.size() - 1; k >= 0; k--) {
            r.add(toks.get(k).flip());
        }
        return r;
    }

    private static String render(List<Tok> toks, boolean latex) {
        StringBuilder sb = new StringBuilder();
        for (Tok t : toks) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String l = t.label();
            boolean compound = l.contains(" ") && !l.startsWith("(");
            if (compound && t.t()) {
                l = "(" + l + ")";
            } else if (latex && t.t() && l.contains("^")) {
                // M^{(26)}^\top is a double superscript in LaTeX
                l = "{" + l + "}";
            }
            sb.append(l);
            if (t.t()) {
                sb.append(latex ? "^\\top" : "^T");
            }
        }
        return sb.toString();
    }

    private static Tok diag(String v, boolean latex) {
        return new Tok((latex ? "\\operatorname{diag}(" : "diag(") + v + ")", false, false, true);
    }

    private static String ones(boolean latex) {
        return latex ? "\\mathbf{1}" : "1";
    }

    /** Walks a path from end s, appending tokens; returns the other end. */
    private static String walk(String s, Map<String, List<Edge>> inc, Map<String, String> vectors, List<String> out,
            Set<String> seen, List<Tok> toks, boolean latex) {
        boolean open = out.contains(s);
        seen.add(s);
        if (!open) {
            toks.add(new Tok(vectors.getOrDefault(s, ones(latex)), true, true, false));
        } else if (vectors.containsKey(s) && !inc.getOrDefault(s, List.of()).isEmpty()) {
            toks.add(diag(vectors.get(s), latex));
        }
        String cur = s;
        Edge prev = null;
        while (true) {
            Edge next = null;
            for (Edge e : inc.getOrDefault(cur, List.of())) {
                if (e != prev) {
                    next = e;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            String n = next.a().equals(cur) ? next.b() : next.a();
            toks.add(new Tok(next.label(), !next.a().equals(cur), false, false));
            prev = next;
            cur = n;
            seen.add(cur);
            boolean end = inc.get(cur).size() == 1;
            if (!end && vectors.containsKey(cur)) {
                toks.add(diag(vectors.get(cur), latex));
            }
        }
        if (!cur.equals(s) || inc.getOrDefault(s, List.of()).isEmpty()) {
            boolean endOpen = out.contains(cur);
            if (cur.equals(s)) {
                // a lone index: open → the column vector; summed → 1ᵀv
                if (open) {
                    toks.add(new Tok(vectors.getOrDefault(cur, ones(latex)), false, true, false));
                } else {
                    toks.add(new Tok(ones(latex), false, true, false));
                }
            } else if (!endOpen) {
                toks.add(new Tok(vectors.getOrDefault(cur, ones(latex)), false, true, false));
            } else if (vectors.containsKey(cur)) {
                toks.add(diag(vectors.get(cur), latex));
            }
        }
        return cur;
    }

    private static void cycle(String s, Map<String, List<Edge>> inc, Map<String, String> vectors,
            Set<String> seen, List<Tok> toks, boolean latex) {
        String cur = s;
        Edge prev = null;
        do {
            seen.add(cur);
            if (vectors.containsKey(cur)) {
                toks.add(diag(vectors.get(cur), latex));
            }
            Edge next = null;
            for (Edge e : inc.get(cur)) {
                if (e != prev) {
                    next = e;
                    break;
                }
            }
            if (next == null) {
                return;
            }
            String n = next.a().equals(cur) ? next.b() : next.a();
            toks.add(new Tok(next.label(), !next.a().equals(cur), false, false));
            prev = next;
            cur = n;
        } while (!cur.equals(s));
    }
}
