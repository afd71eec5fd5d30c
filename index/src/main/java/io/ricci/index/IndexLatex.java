package io.ricci.index;

import io.ricci.index.IndexProgram.Def;
import io.ricci.index.IndexProgram.FuncDef;
import io.ricci.index.IndexProgram.PolyDef;
import io.ricci.index.IndexProgram.SoftmaxDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LaTeX and Markdown rendering of index expressions and of derivations step by step: the program's
 * definitions, the chain rule, each local derivative with its Kronecker deltas, the contraction
 * after δ-elimination, the einsum calls and the matrix form (the layout of seed 004).
 */
public final class IndexLatex {
    private IndexLatex() {
    }

    /** An atom name in LaTeX: {@code sigmoid(u1)} → {@code \sigma(u^{(1)})}, {@code dY} stays a name. */
    public static String atom(String name) {
        int open = name.indexOf('(');
        if (open > 0 && name.endsWith(")")) {
            String fn = name.substring(0, open);
            String arg = atom(name.substring(open + 1, name.length() - 1));
            return switch (fn) {
                case "sigmoid" -> "\\sigma(" + arg + ")";
                case "exp", "log", "tanh" -> "\\" + fn + "(" + arg + ")";
                case "sqrt" -> "\\sqrt{" + arg + "}";
                case "abs" -> "\\left|" + arg + "\\right|";
                case "sin", "cos" -> "\\" + fn + "(" + arg + ")";
                case "sign" -> "\\operatorname{sign}(" + arg + ")";
                default -> {
                    if (fn.startsWith("grad_")) {
                        yield "\\nabla_{" + atom(fn.substring(5)) + "} " + arg;
                    }
                    yield "\\operatorname{" + fn + "}(" + arg + ")";
                }
            };
        }
        if (name.matches("[A-Za-z]")) {
            return name;
        }
        if (name.matches("[A-Za-z][0-9]+")) {
            return name.charAt(0) + "^{(" + name.substring(1) + ")}";
        }
        if (name.matches("d[A-Za-z][A-Za-z0-9]*")) {
            return "\\mathrm{d}" + atom(name.substring(1));
        }
        return "\\mathrm{" + name.replace("_", "\\_") + "}";
    }

    /** Whether a subscript on the LaTeX of an atom needs brackets: {@code \left[\sigma(X)\right]_{ij}}, {@code \left[\nabla_{x} f\right]_{i}}. */
    private static boolean compound(String latex) {
        return latex.contains("(") || latex.contains("^") || latex.contains("\\nabla");
    }

    static String factor(Factor f, Map<Integer, String> m, String upstream, String of) {
        String sub = sub(f.idx(), m);
        String s;
        if (f.isDelta()) {
            s = "\\delta_{" + sub + "}";
        } else if (f.isOnes()) {
            s = "\\mathbf{1}_{" + sub + "}";
        } else if (f.atom().equals(upstream)) {
            s = "\\frac{\\partial " + atom(upstream.substring(1).equals(of) ? "L" : "L") + "}{\\partial " + atom(of)
                    + (f.rank() > 0 ? "_{" + sub + "}" : "") + "}";
        } else {
            String a = atom(f.atom());
            boolean compound = compound(a);
            s = f.rank() == 0 ? a : compound ? "\\left[" + a + "\\right]_{" + sub + "}" : a + "_{" + sub + "}";
        }
        if (f.exp() != 1) {
            s = "\\left(" + s + "\\right)^{" + IndexGradient.num(f.exp()) + "}";
        }
        return s;
    }

    private static String sub(int[] idx, Map<Integer, String> m) {
        List<String> names = new ArrayList<>(idx.length);
        for (int i : idx) {
            names.add(m.get(i));
        }
        return subscript(names);
    }

    /**
     * Index names as a subscript body: one-letter names side by side ({@code ij}); once one name is
     * longer ({@code i1}, {@code p'}) every name is rendered ({@code i_{1}}) and separated by thin spaces.
     */
    static String subscript(List<String> names) {
        if (names.stream().allMatch(n -> n.length() == 1)) {
            return String.join("", names);
        }
        List<String> r = new ArrayList<>(names.size());
        for (String n : names) {
            int k = 1;
            while (k < n.length() && Character.isLetter(n.charAt(k))) {
                k++;
            }
            r.add(k < n.length() && Character.isDigit(n.charAt(k)) ? n.substring(0, k) + "_{" + n.substring(k) + "}" : n);
        }
        return String.join("\\,", r);
    }

    /**
     * One term in LaTeX. Summed indices that occur in one factor only (where the summation convention
     * would not sum them: {@code sum(u[i,j]^2)}, {@code Σ_p dY[p,i]}) get an explicit {@code \sum}; the
     * factor at {@code complement} (≥ 0) is followed by {@code (1 − y)} (see {@link #sum}).
     */
    static String term(Term t, Map<Integer, String> m, boolean first, String upstream, String of, Set<Integer> free,
            int complement) {
        StringBuilder sb = new StringBuilder();
        double c = t.coef();
        if (!first) {
            sb.append(c < 0 ? " - " : " + ");
            c = Math.abs(c);
        } else if (c < 0) {
            sb.append('-');
            c = -c;
        }
        if (c != 1 || t.factors().isEmpty()) {
            sb.append(IndexGradient.num(c)).append(' ');
        }
        List<String> once = new ArrayList<>();
        Map<Integer, Integer> count = new HashMap<>();
        for (Factor f : t.factors()) {
            for (int i : f.idx()) {
                count.merge(i, 1, Integer::sum);
            }
        }
        for (int i : t.indices()) {
            if (count.get(i) == 1 && !free.contains(i)) {
                once.add(m.get(i));
            }
        }
        if (!once.isEmpty()) {
            sb.append("\\sum_{").append(subscript(once)).append("} ");
        }
        for (int k = 0; k < t.factors().size(); k++) {
            Factor f = t.factors().get(k);
            sb.append(factor(f, m, upstream, of)).append(' ');
            if (k == complement) {
                sb.append("\\left(1 - ").append(factor(f.withExp(1), m, upstream, of)).append("\\right) ");
            }
        }
        return sb.toString().stripTrailing();
    }

    static String sum(List<Term> terms, Map<Integer, String> m, Set<Integer> free, String upstream, String of) {
        return sum(terms, n -> m, free, upstream, of);
    }

    /**
     * A sum of terms, each with its letters; a pair {@code A·y^a − A·y^(a+1)} (a ≥ 1, the same factors
     * otherwise) is printed once, where the first of the two stands, as {@code A·y^a (1 − y)}: the
     * sigmoid's derivative reads {@code σ(1 − σ)}, not {@code σ − σ²}.
     */
    static String sum(List<Term> terms, java.util.function.IntFunction<Map<Integer, String>> maps, Set<Integer> free,
            String upstream, String of) {
        if (terms.isEmpty()) {
            return "0";
        }
        int[][] pairs = complementPairs(terms);
        boolean[] done = new boolean[terms.size()];
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < terms.size(); n++) {
            if (done[n]) {
                continue;
            }
            int lower = n;
            int at = -1;
            if (pairs[n] != null) {
                lower = pairs[n][0];
                at = pairs[n][2];
                done[pairs[n][0]] = true;
                done[pairs[n][1]] = true;
            }
            sb.append(term(terms.get(lower), maps.apply(lower), sb.isEmpty(), upstream, of, free, at));
        }
        return sb.toString();
    }

    /**
     * For each term of a pair {@code A·y^a}, {@code −A·y^(a+1)}: {lower, higher, position of y in
     * lower}; null for the others. Factors are compared exactly (ids included).
     */
    static int[][] complementPairs(List<Term> terms) {
        int[][] r = new int[terms.size()][];
        for (int n = 0; n < terms.size(); n++) {
            if (r[n] != null) {
                continue;
            }
            Term t = terms.get(n);
            for (int k = 0; k < t.factors().size() && r[n] == null; k++) {
                Factor y = t.factors().get(k);
                if (!y.isTensor() || y.exp() < 1 || y.exp() != Math.rint(y.exp())) {
                    continue;
                }
                for (int m = 0; m < terms.size(); m++) {
                    Term u = terms.get(m);
                    if (m == n || r[m] != null || u.coef() != -t.coef() || u.factors().size() != t.factors().size()) {
                        continue;
                    }
                    List<Factor> rest = new ArrayList<>(u.factors());
                    if (!rest.remove(y.withExp(y.exp() + 1))) {
                        continue;
                    }
                    boolean same = true;
                    for (int j = 0; j < t.factors().size() && same; j++) {
                        same = j == k || rest.remove(t.factors().get(j));
                    }
                    if (same && rest.isEmpty()) {
                        r[n] = new int[] {n, m, k};
                        r[m] = r[n];
                        break;
                    }
                }
            }
        }
        return r;
    }

    /** The result's terms in LaTeX with canonical letters. */
    static String terms(IndexGradient g) {
        List<Map<Integer, String>> ls = g.allLetters();
        return sum(g.terms(), ls::get, ids(g.out()), g.upstream(), g.program().output());
    }

    private static Set<Integer> ids(int[]... groups) {
        Set<Integer> r = new HashSet<>();
        for (int[] g : groups) {
            for (int i : g) {
                r.add(i);
            }
        }
        return r;
    }

    /** Letters for ids: the preferred letter, else the first free one of p, q, r, ..., else p1, q1, ... */
    static Map<Integer, String> names(IndexProgram p, List<Term> terms, int[]... fixed) {
        return names(p, Map.of(), terms, fixed);
    }

    /**
     * {@link #names(IndexProgram, List, int[]...)} with some ids named beforehand ({@code preset}: a
     * result's free indices keep their canonical letters in every step of its derivation). A letter
     * from the pool is never the name of a tensor of the program ({@code q} in {@code f = q[i]*q[i]}).
     */
    static Map<Integer, String> names(IndexProgram p, Map<Integer, String> preset, List<Term> terms, int[]... fixed) {
        Map<Integer, String> m = new HashMap<>();
        Set<String> used = new HashSet<>();
        List<Integer> ids = new ArrayList<>();
        for (int[] f : fixed) {
            for (int i : f) {
                ids.add(i);
            }
        }
        for (Term t : terms) {
            ids.addAll(t.indices());
        }
        for (int id : ids) {
            String n = preset.get(id);
            if (n != null && !m.containsKey(id)) {
                m.put(id, n);
                used.add(n);
            }
        }
        for (int id : ids) {
            if (m.containsKey(id)) {
                continue;
            }
            String base = String.valueOf(p.letter(id));
            if (!Character.isLetter(base.charAt(0))) {
                base = "r";
            }
            String n = base;
            if (used.contains(n)) {
                n = null;
                for (char c : POOL.toCharArray()) {
                    String x = String.valueOf(c);
                    if (!used.contains(x) && !p.hasAtom(x)) {
                        n = x;
                        break;
                    }
                }
                for (int k = 0; n == null || used.contains(n) || p.hasAtom(n); k++) {
                    n = POOL.charAt(k % POOL.length()) + Integer.toString(1 + k / POOL.length());
                }
            }
            m.put(id, n);
            used.add(n);
        }
        return m;
    }

    private static final String POOL = "pqrstuvwxyzabcdefghlmno";

    /**
     * The definitions the gradients' terms use (directly or through others) in LaTeX, {@code lhs = rhs},
     * each after the ones it uses.
     */
    public static List<String> definitions(List<IndexGradient> gradients) {
        if (gradients.isEmpty()) {
            return List.of();
        }
        IndexProgram p = gradients.get(0).program();
        return IndexGradient.definitions(p, gradients).stream().map(d -> def(p, d)).toList();
    }

    /** The definition {@code name[idx] = rhs} in LaTeX. */
    public static String def(IndexProgram p, Def d) {
        Map<Integer, String> m = names(p, d instanceof PolyDef pd ? pd.terms() : List.of(), d.idx());
        String lhs = atom(d.name()) + (d.idx().length > 0 ? "_{" + sub(d.idx(), m) + "}" : "");
        if (compound(atom(d.name())) && d.idx().length > 0) {
            lhs = "\\left[" + atom(d.name()) + "\\right]_{" + sub(d.idx(), m) + "}";
        }
        String rhs = switch (d) {
            case PolyDef pd -> sum(pd.terms(), m, ids(d.idx()), null, null);
            case FuncDef fd -> atom(fd.fn() + "(" + fd.arg() + ")").replace(atom(fd.arg()), atom(fd.arg())
                    + (d.idx().length > 0 ? "_{" + sub(d.idx(), m) + "}" : ""));
            case SoftmaxDef sd -> {
                String last = m.get(d.idx()[d.idx().length - 1]);
                String lead = sub(java.util.Arrays.copyOf(d.idx(), d.idx().length - 1), m);
                String a = atom(sd.arg());
                yield "\\frac{\\exp(" + a + "_{" + lead + last + "})}{\\sum_{" + last + "'} \\exp(" + a + "_{" + lead + last + "'})}";
            }
        };
        return lhs + " = " + rhs;
    }

    /**
     * A Markdown section deriving {@code g} step by step: definitions, chain rule, local derivatives
     * with deltas, contractions after δ-elimination, result, einsum plan and matrix form.
     */
    public static String markdown(IndexGradient g) {
        IndexProgram p = g.program();
        String of = p.output();
        StringBuilder sb = new StringBuilder();
        String wrtL = atom(g.wrt());
        String ofL = atom(g.of());
        String title = switch (g.kind()) {
            case "hessian" -> "\\frac{\\partial^2 " + atom(of) + "}{\\partial " + atom(g.wrtFirst()) + "\\,\\partial " + wrtL + "}";
            case "jacobian" -> "\\frac{\\partial " + ofL + "}{\\partial " + wrtL + "}";
            case "differential" -> "\\mathrm{d}" + ofL;
            default -> "\\frac{\\partial " + (g.upstream() == null ? atom(of) : "L") + "}{\\partial " + wrtL + "}";
        };
        sb.append("### $").append(title).append("$\n\n");
        if (g.upstream() != null) {
            sb.append("The output $").append(atom(of)).append("$ is not a scalar: the upstream gradient $\\frac{\\partial L}{\\partial ")
                    .append(atom(of)).append("}$ is the operand `").append(g.upstream()).append("`.\n\n");
        }
        if (g.kind().equals("differential")) {
            sb.append("Forward mode: the tangents `d").append(String.join("`, `d", g.wrt().split(",")))
                    .append("` pushed through the definitions in order (product rule on every factor).\n\n");
        } else {
            sb.append("Chain rule, one local derivative per definition on the path from $").append(wrtL).append("$ to $")
                .append(atom(g.of())).append("$ (repeated indices are summed):\n\n");
        }
        // the result's free indices keep their letters (i, j, ...) in every step
        Map<Integer, String> preset = new HashMap<>();
        int[] out = g.out();
        for (int k = 0; k < out.length; k++) {
            preset.put(out[k], g.outNames().get(k));
        }
        // a Jacobian's (a Hessian's) differentiated definition: its indices are the result's first ones
        IndexProgram.Def target = g.kind().equals("hessian") ? p.def("grad_" + g.wrtFirst() + "(" + of + ")")
                : g.kind().equals("jacobian") ? p.def(g.of()) : null;
        if (target != null) {
            for (int k = 0; k < target.idx().length && k < out.length; k++) {
                preset.putIfAbsent(target.idx()[k], g.outNames().get(k));
            }
        }
        for (IndexDerivative.Step st : g.steps()) {
            Map<Integer, String> m = names(p, preset, concat(st.local(), st.contribution()), st.defIdx(), st.atomIdx());
            Set<Integer> free = ids(st.defIdx(), st.atomIdx(), g.out());
            String dl = atom(st.def());
            String num = (compound(dl) && st.defIdx().length > 0 ? "\\left[" + dl + "\\right]" : dl) + (st.defIdx().length > 0 ? "_{" + sub(st.defIdx(), m) + "}" : "");
            String al = atom(st.atom());
            String den = (compound(al) && st.atomIdx().length > 0 ? "\\left[" + al + "\\right]" : al) + (st.atomIdx().length > 0 ? "_{" + sub(st.atomIdx(), m) + "}" : "");
            sb.append("$$\\frac{\\partial ").append(num).append("}{\\partial ").append(den).append("} = ")
                    .append(sum(st.local(), m, free, g.upstream(), of)).append("$$\n\n");
            sb.append("Multiplying by the adjoint of $").append(dl).append("$ and eliminating the deltas:\n\n");
            sb.append("$$\\overline{").append(al).append("}").append(st.atomIdx().length > 0 ? "_{" + sub(st.atomIdx(), m) + "}" : "")
                    .append(" \\mathrel{+}= ").append(sum(st.contribution(), m, free, g.upstream(), of)).append("$$\n\n");
        }
        sb.append("Result (free indices ").append(g.rank() == 0 ? "none" : "$" + g.outLatex() + "$").append("):\n\n");
        sb.append("$$").append(title).append(g.rank() > 0 ? "\\Big|_{" + g.outLatex() + "}" : "").append(" = ")
                .append(g.latex()).append("$$\n\n");
        sb.append("| coefficient | einsum | operands |\n|---|---|---|\n");
        for (int n = 0; n < g.terms().size(); n++) {
            sb.append("| ").append(IndexGradient.num(g.coefficient(n))).append(" | `").append(g.einsum(n)).append("` | ")
                    .append(String.join(", ", g.operands(n).stream().map(o -> "`" + o + "`").toList())).append(" |\n");
        }
        sb.append('\n');
        String mx = g.matrixLatex();
        sb.append(mx == null ? "No matrix form (the contraction is not a chain of matrix products).\n"
                : "Matrix form: $$" + title + " = " + mx + "$$\n\nPlain: `" + g.matrix() + "`\n");
        return sb.toString();
    }

    private static List<Term> concat(List<Term> a, List<Term> b) {
        List<Term> r = new ArrayList<>(a);
        r.addAll(b);
        return r;
    }

    /** A Markdown page: the expression, its definitions and the derivation of each gradient. */
    public static String page(String title, IndexProgram p, List<IndexGradient> gradients) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(IndexDocs.markdownText(title)).append("\n\n");
        sb.append("```\n").append(p.source()).append("\n```\n\n");
        sb.append("Definitions (the intermediates of the forward pass, then those the derivatives share, in the order they"
                + " are computed):\n\n");
        for (Def d : p.defs()) {
            if (d.name().startsWith("grad_")) {
                continue;
            }
            sb.append("$$").append(def(p, d)).append("$$\n\n");
        }
        for (IndexGradient g : gradients) {
            sb.append(markdown(g)).append('\n');
        }
        return sb.toString();
    }
}
