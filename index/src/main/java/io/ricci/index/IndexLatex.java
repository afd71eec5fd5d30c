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
            boolean compound = a.contains("(") || a.contains("^") || a.contains("\\nabla");
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

    static String term(Term t, Map<Integer, String> m, boolean first, String upstream, String of) {
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
        for (Factor f : t.factors()) {
            sb.append(factor(f, m, upstream, of)).append(' ');
        }
        return sb.toString().stripTrailing();
    }

    static String sum(List<Term> terms, Map<Integer, String> m, String upstream, String of) {
        if (terms.isEmpty()) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < terms.size(); n++) {
            sb.append(term(terms.get(n), m, n == 0, upstream, of));
        }
        return sb.toString();
    }

    /** The result's terms in LaTeX with canonical letters. */
    static String terms(IndexGradient g) {
        StringBuilder sb = new StringBuilder();
        if (g.terms().isEmpty()) {
            return "0";
        }
        List<Map<Integer, String>> ls = g.allLetters();
        for (int n = 0; n < g.terms().size(); n++) {
            Map<Integer, String> m = ls.get(n);
            sb.append(term(g.terms().get(n), m, n == 0, g.upstream(), g.program().output()));
        }
        return sb.toString();
    }

    /** Letters for ids: the preferred letter, else the first free one of p, q, r, ..., else p1, q1, ... */
    static Map<Integer, String> names(IndexProgram p, List<Term> terms, int[]... fixed) {
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
            if (m.containsKey(id)) {
                continue;
            }
            String base = String.valueOf(p.letter(id));
            if (!Character.isLetter(base.charAt(0))) {
                base = "r";
            }
            String n = base;
            for (char c : POOL.toCharArray()) {
                if (!used.contains(n)) {
                    break;
                }
                n = String.valueOf(c);
            }
            for (int k = 0; used.contains(n); k++) {
                n = POOL.charAt(k % POOL.length()) + Integer.toString(1 + k / POOL.length());
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
        if (atom(d.name()).contains("(")) {
            lhs = "\\left[" + atom(d.name()) + "\\right]_{" + sub(d.idx(), m) + "}";
        }
        String rhs = switch (d) {
            case PolyDef pd -> sum(pd.terms(), m, null, null);
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
        for (IndexDerivative.Step st : g.steps()) {
            Map<Integer, String> m = names(p, concat(st.local(), st.contribution()), st.defIdx(), st.atomIdx());
            String dl = atom(st.def());
            String num = (dl.contains("(") ? "\\left[" + dl + "\\right]" : dl) + (st.defIdx().length > 0 ? "_{" + sub(st.defIdx(), m) + "}" : "");
            String al = atom(st.atom());
            String den = (al.contains("(") ? "\\left[" + al + "\\right]" : al) + (st.atomIdx().length > 0 ? "_{" + sub(st.atomIdx(), m) + "}" : "");
            sb.append("$$\\frac{\\partial ").append(num).append("}{\\partial ").append(den).append("} = ")
                    .append(sum(st.local(), m, g.upstream(), of)).append("$$\n\n");
            sb.append("Multiplying by the adjoint of $").append(dl).append("$ and eliminating the deltas:\n\n");
            sb.append("$$\\overline{").append(al).append("}").append(st.atomIdx().length > 0 ? "_{" + sub(st.atomIdx(), m) + "}" : "")
                    .append(" \\mathrel{+}= ").append(sum(st.contribution(), m, g.upstream(), of)).append("$$\n\n");
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
        sb.append("# ").append(title).append("\n\n");
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
