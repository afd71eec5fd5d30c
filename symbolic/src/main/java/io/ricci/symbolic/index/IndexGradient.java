package io.ricci.symbolic.index;

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

    /** The canonical letters of the free indices. */
    public String outLetters() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < out.length; k++) {
            sb.append(canonical(k));
        }
        return sb.toString();
    }

    static char canonical(int k) {
        return "ijklmnopqrstuvwxyz".charAt(k);
    }

    private static final String POOL = "pqrstuvwxyzabcdefghlmnoPQRSTUVWXYZABCDEFGHIJKLMNO";

    /** Letters for every index of a term: free ones canonical, summed ones as described above. */
    Map<Integer, Character> letters(Term t) {
        Map<Integer, Character> m = new HashMap<>();
        Set<Character> used = new HashSet<>();
        for (int k = 0; k < out.length; k++) {
            m.put(out[k], canonical(k));
            used.add(canonical(k));
        }
        for (int id : t.indices()) {
            if (m.containsKey(id)) {
                continue;
            }
            char c = program.letter(id);
            if (!Character.isLetter(c) || used.contains(c)) {
                c = 0;
                for (char x : POOL.toCharArray()) {
                    if (!used.contains(x)) {
                        c = x;
                        break;
                    }
                }
            }
            m.put(id, c);
            used.add(c);
        }
        return m;
    }

    /** The einsum spec of term {@code n}, e.g. {@code "iq,jq->ij"}. */
    public String einsum(int n) {
        Term t = terms.get(n);
        Map<Integer, Character> m = letters(t);
        StringBuilder sb = new StringBuilder();
        for (int f = 0; f < t.factors().size(); f++) {
            if (f > 0) {
                sb.append(',');
            }
            for (int i : t.factors().get(f).idx()) {
                sb.append(m.get(i));
            }
        }
        sb.append("->").append(outLetters());
        return sb.toString();
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

    static String termText(Term t, Map<Integer, Character> m, boolean first) {
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
    List<Map<Integer, Character>> allLetters() {
        List<Map<Integer, Character>> r = new ArrayList<>();
        for (Term t : terms) {
            r.add(letters(t));
        }
        return Collections.unmodifiableList(r);
    }

    /**
     * This result as a JSON object: {@code {"index":"dY[i,q]*W[j,q]","terms":[{"coefficient":1,
     * "einsum":"iq,jq->ij","operands":["dY","W"]}],"matrix":"dY W^T","latex":"..."}} ({@code matrix}
     * is null when no matrix form exists).
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"index\":").append(quote(indexForm())).append(",\"terms\":[");
        for (int n = 0; n < terms.size(); n++) {
            sb.append(n > 0 ? "," : "").append("{\"coefficient\":").append(num(coefficient(n)))
                    .append(",\"einsum\":").append(quote(einsum(n))).append(",\"operands\":[");
            List<String> ops = operands(n);
            for (int k = 0; k < ops.size(); k++) {
                sb.append(k > 0 ? "," : "").append(quote(ops.get(k)));
            }
            sb.append("]}");
        }
        String m = matrix();
        sb.append("],\"matrix\":").append(m == null ? "null" : quote(m)).append(",\"latex\":").append(quote(latex())).append('}');
        return sb.toString();
    }

    /** {@code {"output":"Y","upstream":"dY","gradients":{"X":{...},...}}} for gradients of one program. */
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
                    .append(':').append(g.toJson());
        }
        return sb.append("}}").toString();
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
