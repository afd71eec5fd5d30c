package io.ricci.symbolic.index;

import io.ricci.symbolic.index.IndexProgram.Def;
import io.ricci.symbolic.index.IndexProgram.FuncDef;
import io.ricci.symbolic.index.IndexProgram.PolyDef;
import io.ricci.symbolic.index.IndexProgram.SoftmaxDef;
import io.ricci.tensor.DType;
import io.ricci.tensor.Layout;
import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs an {@link IndexProgram} and derived {@link IndexGradient}s on tensors: every term is one
 * {@link Tensor#einsum} call over named operands (element-wise powers applied first, δ as an
 * identity matrix, 1 as a ones-vector), terms are added; intermediates (element-wise functions,
 * softmax, {@code where} definitions) are computed once and cached. Bound tensors are not modified.
 */
public final class IndexEvaluator {
    private final IndexProgram p;
    private final Map<String, Tensor> values = new HashMap<>();
    private final Map<Integer, Integer> sizes = new HashMap<>();
    private final Map<Integer, String> sizeSource = new HashMap<>();
    private final DType dtype;

    /**
     * @param bindings the inputs (and the upstream gradient {@code dY} when a gradient needs it)
     * @throws IllegalArgumentException naming the input when one is missing, has the wrong rank, or
     *     two axes sharing an index have different sizes
     */
    public IndexEvaluator(IndexProgram p, Map<String, Tensor> bindings) {
        this.p = p;
        DType dt = null;
        for (String in : p.inputs()) {
            Tensor t = bindings.get(in);
            if (t == null) {
                throw new IllegalArgumentException("index: no tensor bound to input " + in);
            }
            dt = dt == null ? t.dtype() : DType.promote(dt, t.dtype());
        }
        this.dtype = dt == null ? DType.F64 : dt;
        // Inputs in order of first use, then the rest sorted, so size errors are reproducible.
        for (String in : p.inputs()) {
            bind(in, bindings.get(in));
        }
        for (String k : new java.util.TreeSet<>(bindings.keySet())) {
            if (!p.inputs().contains(k)) {
                bind(k, bindings.get(k));
            }
        }
    }

    private void bind(String atom, Tensor t) {
        if (!p.hasAtom(atom)) {
            throw new IllegalArgumentException("index: " + atom + " is not a tensor of " + p.output());
        }
        if (t.rank() != p.rank(atom)) {
            throw new IllegalArgumentException("index: " + atom + " has " + p.rank(atom) + " indices but the bound tensor has shape "
                    + Layout.format(t.shape()));
        }
        for (int k = 0; k < t.rank(); k++) {
            int root = p.space.find(p.space.axis(atom, k));
            Integer prev = sizes.get(root);
            String here = atom + " axis " + k + " (size " + t.dim(k) + ")";
            if (prev != null && prev != t.dim(k)) {
                throw new IllegalArgumentException("index: " + here + " must match " + sizeSource.get(root));
            }
            sizes.put(root, t.dim(k));
            sizeSource.putIfAbsent(root, here);
        }
        values.put(atom, t);
    }

    public DType dtype() {
        return dtype;
    }

    /** The extent of an index id. */
    int size(int id) {
        Integer s = sizes.get(p.space.find(id));
        if (s == null) {
            throw new IllegalArgumentException("index: the size of index " + p.letter(id) + " is not determined by the inputs");
        }
        return s;
    }

    /** The value of an input, the upstream gradient or an intermediate definition (computed on first use). */
    public Tensor value(String atom) {
        Tensor v = values.get(atom);
        if (v != null) {
            return v;
        }
        Def d = p.def(atom);
        if (d == null) {
            throw new IllegalArgumentException("index: no tensor bound to " + atom);
        }
        Tensor r = switch (d) {
            case PolyDef pd -> sum(pd.terms(), pd.idx());
            case FuncDef fd -> func(fd.fn(), value(fd.arg()));
            case SoftmaxDef sd -> value(sd.arg()).softmax(-1);
        };
        bind(atom, r);
        return r;
    }

    /** The program's output. */
    public Tensor output() {
        return value(p.output());
    }

    private static Tensor func(String fn, Tensor x) {
        return switch (fn) {
            case "exp" -> x.exp();
            case "log" -> x.log();
            case "sigmoid" -> x.sigmoid();
            case "tanh" -> x.tanh();
            case "relu" -> x.relu();
            case "sqrt" -> x.sqrt();
            case "step" -> x.gt(0).astype(x.dtype());
            default -> throw new IllegalArgumentException("index: no evaluation rule for " + fn);
        };
    }

    /** Evaluates a derived gradient, Jacobian or Hessian (shape: the sizes of its free indices). */
    public Tensor evaluate(IndexGradient g) {
        int[] out = g.out();
        List<Term> terms = g.terms();
        if (terms.isEmpty()) {
            return Tensor.zeros(dtype, shape(out));
        }
        Tensor acc = null;
        List<Map<Integer, Character>> ls = g.allLetters();
        for (int n = 0; n < terms.size(); n++) {
            Tensor t = term(terms.get(n), out, ls.get(n));
            acc = acc == null ? t : acc.add(t);
        }
        return acc;
    }

    private int[] shape(int[] ids) {
        int[] s = new int[ids.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = size(ids[k]);
        }
        return s;
    }

    private Tensor sum(List<Term> terms, int[] out) {
        Tensor acc = null;
        for (Term t : terms) {
            Tensor v = term(t, out, letters(t, out));
            acc = acc == null ? v : acc.add(v);
        }
        return acc == null ? Tensor.zeros(dtype, shape(out)) : acc;
    }

    /** The einsum spec of a definition's term with free indices {@code out} (letters a, b, ... in order). */
    static String spec(Term t, int[] out) {
        Map<Integer, Character> m = letters(t, out);
        StringBuilder spec = new StringBuilder();
        for (int f = 0; f < t.factors().size(); f++) {
            spec.append(f > 0 ? "," : "");
            for (int i : t.factors().get(f).idx()) {
                spec.append(m.get(i));
            }
        }
        spec.append("->");
        for (int o : out) {
            spec.append(m.get(o));
        }
        return spec.toString();
    }

    private static Map<Integer, Character> letters(Term t, int[] out) {
        String pool = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        Map<Integer, Character> m = new LinkedHashMap<>();
        for (int o : out) {
            m.putIfAbsent(o, pool.charAt(m.size()));
        }
        for (int i : t.indices()) {
            m.putIfAbsent(i, pool.charAt(m.size()));
        }
        return m;
    }

    private Tensor term(Term t, int[] out, Map<Integer, Character> m) {
        if (t.factors().isEmpty()) {
            return Tensor.full(dtype, t.coef(), shape(out));
        }
        StringBuilder spec = new StringBuilder();
        Tensor[] ops = new Tensor[t.factors().size()];
        for (int f = 0; f < ops.length; f++) {
            Factor x = t.factors().get(f);
            if (f > 0) {
                spec.append(',');
            }
            for (int i : x.idx()) {
                spec.append(m.get(i));
            }
            ops[f] = operand(x);
        }
        spec.append("->");
        for (int o : out) {
            spec.append(m.get(o));
        }
        Tensor r = Tensor.einsum(spec.toString(), ops);
        return t.coef() == 1 ? r : r.mul(t.coef());
    }

    private Tensor operand(Factor x) {
        if (x.isDelta()) {
            return Tensor.eye(dtype, size(x.idx()[0]));
        }
        if (x.isOnes()) {
            return Tensor.ones(dtype, size(x.idx()[0]));
        }
        Tensor v = value(x.atom());
        double e = x.exp();
        if (e == 1) {
            return v;
        }
        if (e == 2) {
            return v.square();
        }
        if (e == -1) {
            return v.reciprocal();
        }
        if (e == 0.5) {
            return v.sqrt();
        }
        return v.pow(e);
    }

    /**
     * The plan of {@link #evaluate}: the intermediates it needs in order, then one line per term,
     * e.g. {@code dX += einsum("iq,jq->ij", dY, W)}.
     */
    public static List<String> plan(IndexGradient g) {
        IndexProgram p = g.program();
        List<String> lines = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (Term t : g.terms()) {
            for (Factor f : t.factors()) {
                if (f.isTensor()) {
                    planDef(p, f.atom(), done, lines);
                }
            }
        }
        String target = g.kind().equals("differential") ? "d" + g.of() : "d" + g.wrt();
        for (int n = 0; n < g.terms().size(); n++) {
            String c = g.coefficient(n) == 1 ? "" : IndexGradient.num(g.coefficient(n)) + " * ";
            lines.add(target + (n == 0 ? " = " : " += ") + c + "einsum(\"" + g.einsum(n) + "\", "
                    + String.join(", ", g.operands(n)) + ")");
        }
        if (g.terms().isEmpty()) {
            lines.add(target + " = 0");
        }
        return lines;
    }

    private static void planDef(IndexProgram p, String atom, Set<String> done, List<String> lines) {
        Def d = p.def(atom);
        if (d == null || !done.add(atom)) {
            return;
        }
        switch (d) {
            case PolyDef pd -> {
                for (Term t : pd.terms()) {
                    for (Factor f : t.factors()) {
                        if (f.isTensor()) {
                            planDef(p, f.atom(), done, lines);
                        }
                    }
                }
                lines.add(atom + " = " + pd.terms().size() + " einsum term(s)");
            }
            case FuncDef fd -> {
                planDef(p, fd.arg(), done, lines);
                lines.add(atom + " = " + fd.fn() + "(" + fd.arg() + ") element-wise");
            }
            case SoftmaxDef sd -> {
                planDef(p, sd.arg(), done, lines);
                lines.add(atom + " = softmax(" + sd.arg() + ", last axis)");
            }
        }
    }
}
