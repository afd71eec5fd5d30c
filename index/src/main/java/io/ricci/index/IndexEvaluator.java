package io.ricci.index;

import io.ricci.index.IndexProgram.Def;
import io.ricci.index.IndexProgram.FuncDef;
import io.ricci.index.IndexProgram.PolyDef;
import io.ricci.index.IndexProgram.SoftmaxDef;
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
        if (p.def(atom) == null) {
            throw new IllegalArgumentException("index: no tensor bound to " + atom);
        }
        // The definitions it needs, found with an explicit stack and computed in program order (each
        // after the ones it uses): recursing along a long where-chain would exhaust the stack.
        Set<String> need = needed(p, List.of(atom), values.keySet());
        for (Def d : p.defs()) {
            if (!need.contains(d.name()) || values.containsKey(d.name())) {
                continue;
            }
            Tensor r = switch (d) {
                case PolyDef pd -> sum(pd.terms(), pd.idx());
                case FuncDef fd -> func(fd.fn(), value(fd.arg()));
                case SoftmaxDef sd -> value(sd.arg()).softmax(-1);
            };
            bind(d.name(), r);
        }
        return values.get(atom);
    }

    /** The definitions that {@code roots} use, directly or through others (not those in {@code known}). */
    static Set<String> needed(IndexProgram p, List<String> roots, Set<String> known) {
        Set<String> need = new HashSet<>();
        java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>(roots);
        while (!stack.isEmpty()) {
            String a = stack.pop();
            Def d = p.def(a);
            if (d == null || known.contains(a) || !need.add(a)) {
                continue;
            }
            switch (d) {
                case PolyDef pd -> {
                    for (Term t : pd.terms()) {
                        for (Factor f : t.factors()) {
                            if (f.isTensor()) {
                                stack.push(f.atom());
                            }
                        }
                    }
                }
                case FuncDef fd -> stack.push(fd.arg());
                case SoftmaxDef sd -> stack.push(sd.arg());
            }
        }
        return need;
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
            case "abs" -> x.abs();
            case "sign" -> x.gt(0).astype(x.dtype()).sub(x.lt(0).astype(x.dtype()));
            case "sin" -> map(x, Math::sin);
            case "cos" -> map(x, Math::cos);
            default -> throw new IllegalArgumentException("index: no evaluation rule for " + fn);
        };
    }

    /** An element-wise function the tensor module has no kernel for (sin, cos), in float64. */
    private static Tensor map(Tensor x, java.util.function.DoubleUnaryOperator f) {
        double[] v = x.toDoubleArray();
        for (int k = 0; k < v.length; k++) {
            v[k] = f.applyAsDouble(v[k]);
        }
        return Tensor.of(v, x.shape()).astype(x.dtype());
    }

    /** Evaluates a derived gradient, Jacobian or Hessian (shape: the sizes of its free indices). */
    public Tensor evaluate(IndexGradient g) {
        int[] out = g.out();
        List<Term> terms = g.terms();
        if (terms.isEmpty()) {
            return Tensor.zeros(dtype, shape(out));
        }
        Tensor acc = null;
        for (Term t : terms) {
            Tensor v = term(t, out, letters(t, out));
            acc = acc == null ? v : acc.add(v);
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

    private static final String POOL = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static Map<Integer, Character> letters(Term t, int[] out) {
        Map<Integer, Character> m = new LinkedHashMap<>();
        List<Integer> ids = new ArrayList<>();
        for (int o : out) {
            ids.add(o);
        }
        ids.addAll(t.indices());
        for (int i : ids) {
            if (!m.containsKey(i)) {
                if (m.size() == POOL.length()) {
                    throw new IllegalArgumentException("index: a term with more than " + POOL.length()
                            + " distinct indices cannot be one einsum call (" + t + ")");
                }
                m.put(i, POOL.charAt(m.size()));
            }
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
     * The plan of {@link #evaluate}: the intermediates it needs in program order, each with its own
     * einsum calls (so the plan defines every name it uses), then one line per term, e.g.
     * {@code dX += einsum("iq,jq->ij", dY, W)}.
     */
    public static List<String> plan(IndexGradient g) {
        List<String> lines = new ArrayList<>();
        for (Def d : IndexGradient.definitions(g.program(), List.of(g))) {
            lines.addAll(calls(g.program(), d));
        }
        lines.addAll(termPlan(g));
        return lines;
    }

    /**
     * The intermediates that {@code gradients} use, each once and after the ones it uses (the JSON's
     * {@code definitions}): its index form, e.g. {@code q[i] = W[i,j]*x[j]}, then its einsum calls
     * indented by two spaces ({@code   q = einsum("ij,j->i", W, x)}); an element-wise function or a
     * softmax is one line.
     */
    public static List<String> definitionPlan(List<IndexGradient> gradients) {
        List<String> lines = new ArrayList<>();
        if (gradients.isEmpty()) {
            return lines;
        }
        IndexProgram p = gradients.get(0).program();
        for (Def d : IndexGradient.definitions(p, gradients)) {
            switch (d) {
                case PolyDef pd -> {
                    lines.add(IndexGradient.defText(p, pd));
                    for (String c : calls(p, d)) {
                        lines.add("  " + c);
                    }
                }
                case FuncDef fd -> lines.add(d.name() + idx(d) + " = " + fd.fn() + "(" + fd.arg() + idx(d) + ")  element-wise");
                case SoftmaxDef sd -> {
                    int r = d.idx().length;
                    String last = IndexGradient.canonical(r - 1);
                    lines.add(d.name() + idx(d) + " = exp(" + sd.arg() + idx(d) + ") / sum_" + last + " exp(" + sd.arg()
                            + idx(d) + ")  (softmax over the last axis)");
                }
            }
        }
        return lines;
    }

    /** {@code [i,j]}: a definition's indices by their canonical names, or nothing for a scalar. */
    private static String idx(Def d) {
        List<String> n = new ArrayList<>();
        for (int k = 0; k < d.idx().length; k++) {
            n.add(IndexGradient.canonical(k));
        }
        return n.isEmpty() ? "" : "[" + String.join(",", n) + "]";
    }

    /** The einsum calls of {@code g}'s own terms ({@link #plan} without the intermediates). */
    public static List<String> termPlan(IndexGradient g) {
        List<String> lines = new ArrayList<>();
        String target = switch (g.kind()) {
            case "differential" -> "d" + g.of();
            case "hessian" -> "d2" + g.of() + "/d" + g.wrtFirst() + "d" + g.wrt();
            default -> "d" + g.wrt();
        };
        for (int n = 0; n < g.terms().size(); n++) {
            lines.add(call(target, n, g.terms().get(n), g.einsum(n), g.operands(n)));
        }
        if (g.terms().isEmpty()) {
            lines.add(target + " = 0");
        }
        return lines;
    }

    /** The lines computing one definition. */
    private static List<String> calls(IndexProgram p, Def d) {
        List<String> lines = new ArrayList<>();
        String atom = d.name();
        switch (d) {
            case PolyDef pd -> {
                for (int n = 0; n < pd.terms().size(); n++) {
                    Term t = pd.terms().get(n);
                    lines.add(call(atom, n, t, IndexGradient.defEinsum(p, pd, t), operands(t)));
                }
                if (pd.terms().isEmpty()) {
                    lines.add(atom + " = 0");
                }
            }
            case FuncDef fd -> lines.add(atom + " = " + fd.fn() + "(" + fd.arg() + ") element-wise");
            case SoftmaxDef sd -> lines.add(atom + " = softmax(" + sd.arg() + ", last axis)");
        }
        return lines;
    }

    private static String call(String target, int n, Term t, String spec, List<String> operands) {
        String c = t.coef() == 1 ? "" : IndexGradient.num(t.coef()) + " * ";
        if (t.factors().isEmpty()) {
            return target + (n == 0 ? " = " : " += ") + IndexGradient.num(t.coef()) + " (broadcast)";
        }
        return target + (n == 0 ? " = " : " += ") + c + "einsum(\"" + spec + "\", " + String.join(", ", operands) + ")";
    }

    static List<String> operands(Term t) {
        List<String> r = new ArrayList<>();
        for (Factor f : t.factors()) {
            r.add(f.exp() == 1 ? f.atom() : f.atom() + "^" + IndexGradient.num(f.exp()));
        }
        return r;
    }
}
