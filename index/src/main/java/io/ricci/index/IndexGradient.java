package io.ricci.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A derived gradient, Jacobian or Hessian: a sum of {@link Term}s with free indices {@link #out()},
 * each term one einsum call over named operands. Canonical naming: the free indices are {@code i, j,
 * k, ...} in order; a summed index keeps the letter it was written with unless that letter is taken in
 * the term, then it gets the first free letter of {@code pqrstuvwxyzabcdefgh...}. Operands are listed
 * in factor order (upstream gradient first, then the source order of the factors).
 */
public final class IndexGradient {
    private final IndexProgram program;
    private final String of;
    private final String wrt;
    private final int[] out;
    private final List<Term> terms;
    private final List<IndexDerivative.Step> steps;
    private final String upstream;
    private final String kind;
    private final String wrtFirst;

    IndexGradient(IndexProgram program, String of, String wrt, int[] out, List<Term> terms,
            List<IndexDerivative.Step> steps, String upstream, String kind, String wrtFirst) {
        this.program = program;
        this.of = of;
        this.wrt = wrt;
        this.out = out.clone();
        this.terms = List.copyOf(terms);
        this.steps = List.copyOf(steps);
        this.upstream = upstream;
        this.kind = kind;
        this.wrtFirst = wrtFirst;
    }

    public IndexProgram program() {
        return program;
    }

    /** The differentiated definition (the output, or for a Jacobian the named definition). */
    public String of() {
        return of;
    }

    public String wrt() {
        return wrt;
    }

    /** "gradient", "jacobian", "hessian" or "differential" (forward mode; {@link #wrt()} lists the variables). */
    public String kind() {
        return kind;
    }

    /** For a Hessian, the variable of the first derivative (its indices come first). */
    public String wrtFirst() {
        return wrtFirst;
    }

    /** The upstream-gradient operand ({@code dY}), or null for a scalar output or a Jacobian. */
    public String upstream() {
        return upstream;
    }

    int[] out() {
        return out.clone();
    }

    public int rank() {
        return out.length;
    }

    public List<Term> terms() {
        return terms;
    }

    public List<IndexDerivative.Step> steps() {
        return steps;
    }

    /** True when the derivative is identically zero (the output does not depend on {@link #wrt()}). */
    public boolean isZero() {
        return terms.isEmpty();
    }

    /** The canonical names of the free indices, in order. */
    public List<String> outNames() {
        List<String> r = new ArrayList<>(out.length);
        for (int k = 0; k < out.length; k++) {
            r.add(canonical(k));
        }
        return r;
    }

    /**
     * The canonical names of the free indices: concatenated ({@code "ij"}) while each is one letter,
     * comma-separated once there are more than the 18 letters i..z ({@code "i,j,...,z,i1,j1"}).
     */
    public String outLetters() {
        return joinNames(outNames());
    }

    /** The free indices as a LaTeX subscript body ({@code ij}, or {@code i\,j\,i_{1}} past z). */
    public String outLatex() {
        return IndexLatex.subscript(outNames());
    }

    static String joinNames(List<String> names) {
        boolean single = names.stream().allMatch(n -> n.length() == 1);
        return String.join(single ? "" : ",", names);
    }

    private static final String CANONICAL = "ijklmnopqrstuvwxyz";

    /** Free index k: i, j, ..., z, then i1, j1, ..., z1, i2, ... (unbounded, never a summed name). */
    static String canonical(int k) {
        int round = k / CANONICAL.length();
        char c = CANONICAL.charAt(k % CANONICAL.length());
        return round == 0 ? String.valueOf(c) : c + Integer.toString(round);
    }

    private static final String POOL = "pqrstuvwxyzabcdefghlmnoPQRSTUVWXYZABCDEFGHIJKLMNO";

    /**
     * Names for every index of a term: free ones canonical; a summed one keeps the letter it was
     * written with unless that is taken, then the first free letter of the pool, then p1, q1, ...
     * (a summed name never has a digit suffix that a free name of this term uses).
     */
    Map<Integer, String> letters(Term t) {
        return names(program, out, t);
    }

    /** {@link #letters} for a term with free ids {@code out} (a gradient's, or a definition's own). */
    static Map<Integer, String> names(IndexProgram program, int[] out, Term t) {
        Map<Integer, String> m = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (int k = 0; k < out.length; k++) {
            m.put(out[k], canonical(k));
            used.add(canonical(k));
        }
        int fallback = 0;
        int round = 1;
        for (int id : t.indices()) {
            if (m.containsKey(id)) {
                continue;
            }
            char c = program.letter(id);
            String n = Character.isLetter(c) ? String.valueOf(c) : null;
            if (n == null || used.contains(n)) {
                n = null;
                for (char x : POOL.toCharArray()) {
                    // never the name of a tensor (q in f = q[i]*q[i])
                    if (!used.contains(String.valueOf(x)) && !program.hasAtom(String.valueOf(x))) {
                        n = String.valueOf(x);
                        break;
                    }
                }
            }
            while (n == null || used.contains(n) || program.hasAtom(n)) {
                n = POOL.charAt(fallback) + Integer.toString(round);
                if (++fallback == POOL.length()) {
                    fallback = 0;
                    round++;
                }
            }
            m.put(id, n);
            used.add(n);
        }
        return m;
    }

    /**
     * The einsum spec of term {@code n}, e.g. {@code "iq,jq->ij"}: the term's index names when each is
     * one letter, otherwise one letter per index (a-z, A-Z, as NumPy accepts); past 52 distinct
     * indices the further labels are opt_einsum's symbols (NumPy's einsum takes at most 52).
     */
    public String einsum(int n) {
        Term t = terms.get(n);
        Map<Integer, Character> m = einsumLabels(t, out, letters(t));
        StringBuilder sb = new StringBuilder();
        for (int f = 0; f < t.factors().size(); f++) {
            if (f > 0) {
                sb.append(',');
            }
            for (int i : t.factors().get(f).idx()) {
                sb.append(m.get(i));
            }
        }
        sb.append("->");
        for (int o : out) {
            sb.append(m.get(o));
        }
        return sb.toString();
    }

    /** One label character per index: a one-letter name is its own label, the others get unused letters. */
    static Map<Integer, Character> einsumLabels(Term t, int[] out, Map<Integer, String> names) {
        List<Integer> ids = new ArrayList<>();
        for (int o : out) {
            ids.add(o);
        }
        for (int i : t.indices()) {
            if (!ids.contains(i)) {
                ids.add(i);
            }
        }
        Map<Integer, Character> m = new HashMap<>();
        Set<Character> used = new HashSet<>();
        for (int id : ids) {
            String name = names.get(id);
            if (name.length() == 1 && used.add(name.charAt(0))) {
                m.put(id, name.charAt(0));
            }
        }
        int next = 0;
        for (int id : ids) {
            if (m.containsKey(id)) {
                continue;
            }
            char c;
            do {
                c = label(next++);
            } while (used.contains(c));
            used.add(c);
            m.put(id, c);
        }
        return m;
    }

    /** Label k: a-z, A-Z, then opt_einsum's {@code get_symbol} (chr(k + 140)). */
    static char label(int k) {
        if (k < 26) {
            return (char) ('a' + k);
        }
        if (k < 52) {
            return (char) ('A' + k - 26);
        }
        return (char) (k + 140);
    }

    /** The operand names of term {@code n}: atoms, {@code delta}, {@code 1}, with {@code ^e} for element-wise powers. */
    public List<String> operands(int n) {
        List<String> r = new ArrayList<>();
        for (Factor f : terms.get(n).factors()) {
            r.add(f.exp() == 1 ? f.atom() : f.atom() + "^" + num(f.exp()));
        }
        return r;
    }

    public double coefficient(int n) {
        return terms.get(n).coef();
    }

    /** The index form, e.g. {@code dY[i,q]*W[j,q]}; "0" when zero. */
    public String indexForm() {
        if (terms.isEmpty()) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < terms.size(); n++) {
            sb.append(termText(terms.get(n), letters(terms.get(n)), n == 0));
        }
        return sb.toString();
    }

    static String termText(Term t, Map<Integer, String> m, boolean first) {
        StringBuilder sb = new StringBuilder();
        double c = t.coef();
        if (!first) {
            sb.append(c < 0 ? " - " : " + ");
            c = Math.abs(c);
        } else if (c < 0 && c != -1) {
            sb.append('-');
            c = -c;
        } else if (c == -1) {
            sb.append('-');
            c = 1;
        }
        List<String> parts = new ArrayList<>();
        if (c != 1 || t.factors().isEmpty()) {
            parts.add(num(c));
        }
        for (Factor f : t.factors()) {
            StringBuilder x = new StringBuilder(f.atom());
            if (f.rank() > 0) {
                x.append('[');
                for (int k = 0; k < f.rank(); k++) {
                    x.append(k > 0 ? "," : "").append(m.get(f.idx()[k]));
                }
                x.append(']');
            }
            if (f.exp() != 1) {
                x.append('^').append(num(f.exp()));
            }
            parts.add(x.toString());
        }
        sb.append(String.join("*", parts));
        return sb.toString();
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    /** The matrix formula (e.g. {@code dY W^T}, {@code X^T dY}, {@code 1^T dY}, {@code A + A^T}), or null if none exists. */
    public String matrix() {
        return MatrixForm.of(this, false);
    }

    /** {@link #matrix()} in LaTeX, or null. */
    public String matrixLatex() {
        return MatrixForm.of(this, true);
    }

    /** The index form in LaTeX: {@code \mathrm{d}Y_{iq} W_{jq}}. */
    public String latex() {
        return IndexLatex.terms(this);
    }

    /** The terms with their letters, for renderers. */
    List<Map<Integer, String>> allLetters() {
        List<Map<Integer, String>> r = new ArrayList<>();
        for (Term t : terms) {
            r.add(letters(t));
        }
        return Collections.unmodifiableList(r);
    }

    /**
     * This result as a JSON object: {@code {"index":"dY[i,q]*W[j,q]","terms":[{"coefficient":1,
     * "einsum":"iq,jq->ij","operands":["dY","W"]}],"matrix":"dY W^T","latex":"...","definitions":[...]}}
     * ({@code matrix} is null when no matrix form exists; {@code definitions} are the intermediates
     * the terms use, in an order that computes each after the ones it uses, see {@link #definitionsJson}).
     */
    public String toJson() {
        return toJson(true);
    }

    private String toJson(boolean withDefinitions) {
        StringBuilder sb = new StringBuilder("{\"index\":").append(quote(indexForm())).append(",\"terms\":[");
        for (int n = 0; n < terms.size(); n++) {
            sb.append(n > 0 ? "," : "");
            termJson(sb, terms.get(n), einsum(n), operands(n));
        }
        String m = matrix();
        sb.append("],\"matrix\":").append(m == null ? "null" : quote(m)).append(",\"latex\":").append(quote(latex()));
        if (withDefinitions) {
            sb.append(",\"definitions\":").append(definitionsJson(program, List.of(this)));
        }
        return sb.append('}').toString();
    }

    private static void termJson(StringBuilder sb, Term t, String einsum, List<String> ops) {
        sb.append("{\"coefficient\":").append(num(t.coef())).append(",\"einsum\":").append(quote(einsum)).append(",\"operands\":[");
        for (int k = 0; k < ops.size(); k++) {
            sb.append(k > 0 ? "," : "").append(quote(ops.get(k)));
        }
        // the same operands split into the defined name and its element-wise power ("u2^-1" is u2, -1),
        // so a consumer needs no parsing of the operand strings
        sb.append("],\"atoms\":[");
        for (int k = 0; k < t.factors().size(); k++) {
            sb.append(k > 0 ? "," : "").append(quote(t.factors().get(k).atom()));
        }
        sb.append("],\"powers\":[");
        for (int k = 0; k < t.factors().size(); k++) {
            sb.append(k > 0 ? "," : "").append(num(t.factors().get(k).exp()));
        }
        sb.append("]}");
    }

    /**
     * {@code {"output":"Y","upstream":"dY","gradients":{"X":{...},...},"definitions":[...]}} for
     * derivatives of one program; {@code definitions} lists every intermediate a term uses.
     */
    public static String toJson(String output, List<IndexGradient> gradients) {
        StringBuilder sb = new StringBuilder("{\"output\":").append(quote(output));
        String up = gradients.isEmpty() ? null : gradients.get(0).upstream();
        sb.append(",\"upstream\":").append(up == null ? "null" : quote(up)).append(",\"gradients\":{");
        for (int n = 0; n < gradients.size(); n++) {
            IndexGradient g = gradients.get(n);
            String key = switch (g.kind()) {
                case "hessian" -> g.wrtFirst() + "," + g.wrt();
                case "differential" -> "d" + g.of();
                default -> g.wrt();
            };
            sb.append(n > 0 ? "," : "").append(quote(key))
                    .append(':').append(g.toJson(false));
        }
        sb.append('}');
        if (!gradients.isEmpty()) {
            sb.append(",\"definitions\":").append(definitionsJson(gradients.get(0).program(), gradients));
            List<String> ws = gradients.get(0).program().warnings();
            if (!ws.isEmpty()) {
                sb.append(",\"warnings\":[").append(String.join(",", ws.stream().map(IndexGradient::quote).toList())).append(']');
            }
        }
        return sb.append('}').toString();
    }

    /** The definitions the gradients' terms use, directly or through others, in program order. */
    static List<IndexProgram.Def> definitions(IndexProgram p, List<IndexGradient> gradients) {
        List<String> roots = new ArrayList<>();
        for (IndexGradient g : gradients) {
            for (Term t : g.terms()) {
                for (Factor f : t.factors()) {
                    if (f.isTensor()) {
                        roots.add(f.atom());
                    }
                }
            }
        }
        Set<String> need = IndexEvaluator.needed(p, roots, Set.of());
        return p.defs().stream().filter(d -> need.contains(d.name())).toList();
    }

    /**
     * {@code [{"name":"u1","index":"u1[i] = W[i,j]*x[j]","terms":[{"coefficient":1,"einsum":"ij,j->i",
     * "operands":["W","x"]}]}, {"name":"tanh(u1)","function":"tanh","argument":"u1"}, ...]}: a
     * softmax has {@code "function":"softmax"} (over the last axis).
     */
    static String definitionsJson(IndexProgram p, List<IndexGradient> gradients) {
        StringBuilder sb = new StringBuilder("[");
        boolean first = true;
        for (IndexProgram.Def d : definitions(p, gradients)) {
            sb.append(first ? "" : ",").append("{\"name\":").append(quote(d.name()));
            first = false;
            switch (d) {
                case IndexProgram.PolyDef pd -> {
                    sb.append(",\"index\":").append(quote(defText(p, pd))).append(",\"terms\":[");
                    for (int n = 0; n < pd.terms().size(); n++) {
                        sb.append(n > 0 ? "," : "");
                        Term t = pd.terms().get(n);
                        termJson(sb, t, defEinsum(p, pd, t), IndexEvaluator.operands(t));
                    }
                    sb.append(']');
                }
                case IndexProgram.FuncDef fd -> sb.append(",\"function\":").append(quote(fd.fn()))
                        .append(",\"argument\":").append(quote(fd.arg()));
                case IndexProgram.SoftmaxDef sd -> sb.append(",\"function\":\"softmax\",\"argument\":").append(quote(sd.arg()));
            }
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    /** A definition in index form, {@code u1[i] = W[i,j]*x[j]}, with canonical names for its own indices. */
    static String defText(IndexProgram p, IndexProgram.PolyDef d) {
        List<String> free = new ArrayList<>();
        for (int k = 0; k < d.idx().length; k++) {
            free.add(canonical(k));
        }
        StringBuilder sb = new StringBuilder(d.name());
        if (d.idx().length > 0) {
            sb.append('[').append(String.join(",", free)).append(']');
        }
        sb.append(" = ");
        if (d.terms().isEmpty()) {
            return sb.append('0').toString();
        }
        for (int n = 0; n < d.terms().size(); n++) {
            Term t = d.terms().get(n);
            sb.append(termText(t, names(p, d.idx(), t), n == 0));
        }
        return sb.toString();
    }

    /** The einsum spec of a definition's term, with the same names as {@link #defText}. */
    static String defEinsum(IndexProgram p, IndexProgram.PolyDef d, Term t) {
        Map<Integer, Character> m = einsumLabels(t, d.idx(), names(p, d.idx(), t));
        StringBuilder sb = new StringBuilder();
        for (int f = 0; f < t.factors().size(); f++) {
            sb.append(f > 0 ? "," : "");
            for (int i : t.factors().get(f).idx()) {
                sb.append(m.get(i));
            }
        }
        sb.append("->");
        for (int o : d.idx()) {
            sb.append(m.get(o));
        }
        return sb.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public String toString() {
        String m = matrix();
        return "d" + of + "/d" + wrt + "[" + outLetters() + "] = " + indexForm() + (m == null ? "" : "   (" + m + ")");
    }
}
