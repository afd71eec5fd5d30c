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
 * Reverse-mode differentiation of an {@link IndexProgram} in index form. The adjoint of each
 * definition is a sum of {@link Term}s over named atoms; pushing it through a definition multiplies
 * it by the local derivative, written with Kronecker deltas ({@code ∂(X[p,k]W[k,q])/∂X[i,j] =
 * δ[p,i]δ[k,j]W[k,q]}), and {@link Simplifier} eliminates the deltas into contractions. Element-wise
 * functions contribute their derivative as a Hadamard factor on the same indices (σ' = σ − σ²,
 * tanh' = 1 − tanh², relu' = step, exp' = exp, log' = x⁻¹, sqrt' = ½·sqrt⁻¹), never as a δ⊗δ tensor.
 */
public final class IndexDerivative {
    /** One application of the chain rule: the local derivative of {@code def} w.r.t. {@code atom}. */
    public record Step(String def, String atom, int[] defIdx, int[] atomIdx, List<Term> local, List<Term> contribution) {
    }

    private final IndexProgram p;
    private final IndexSpace space;
    private final Map<String, Boolean> depends = new HashMap<>();
    private final String wrt;

    private IndexDerivative(IndexProgram p, String wrt) {
        this.p = p;
        this.space = p.space;
        this.wrt = wrt;
    }

    /**
     * The gradient of the program's output w.r.t. input {@code wrt}: for a scalar output the upstream
     * gradient is 1, otherwise the operand {@code d<output>} (e.g. {@code dY}) with the output's indices.
     */
    public static IndexGradient gradient(IndexProgram p, String wrt) {
        String out = p.output();
        Def d = p.def(out);
        List<Term> seed;
        String upstream = null;
        if (d.idx().length == 0) {
            seed = List.of(Term.constant(1));
        } else {
            upstream = "d" + out;
            if (p.inputs().contains(upstream)) {
                throw new IllegalArgumentException("index: the upstream gradient " + upstream + " clashes with an input");
            }
            p.declare(upstream, d.idx().length);
            seed = List.of(new Term(1, List.of(p.space.factor(upstream, d.idx(), 1))));
        }
        return new IndexDerivative(p, wrt).run(out, seed, new int[0], upstream, "gradient");
    }

    /**
     * The generalized Jacobian {@code J[o..., w...] = ∂of[o...]/∂wrt[w...]} (upstream δ), with the
     * output's indices first.
     */
    public static IndexGradient jacobian(IndexProgram p, String of, String wrt) {
        Def d = p.def(of);
        if (d == null) {
            throw new IllegalArgumentException("index: '" + of + "' is not defined");
        }
        int[] o = new int[d.idx().length];
        List<Factor> deltas = new ArrayList<>();
        for (int k = 0; k < o.length; k++) {
            o[k] = p.space.copy(d.idx()[k]);
            deltas.add(p.space.factor(Factor.DELTA, new int[] {d.idx()[k], o[k]}, 1));
        }
        return new IndexDerivative(p, wrt).run(of, List.of(new Term(1, deltas)), o, null, "jacobian");
    }

    /**
     * The Hessian {@code H[a..., b...] = ∂²L/∂x[a...]∂y[b...]} of a scalar output, by differentiating the
     * gradient w.r.t. {@code x} (kept as a definition) again, w.r.t. {@code y}.
     */
    public static IndexGradient hessian(IndexProgram p, String x, String y) {
        if (p.def(p.output()).idx().length != 0) {
            throw new IllegalArgumentException("index: the Hessian needs a scalar output, but " + p.output()
                    + " has " + p.def(p.output()).idx().length + " indices");
        }
        String name = "grad_" + x + "(" + p.output() + ")";
        if (p.def(name) == null) {
            IndexGradient g = gradient(p, x);
            p.addDef(new PolyDef(name, g.out(), g.terms()));
        }
        IndexGradient h = jacobian(p, name, y);
        return new IndexGradient(p, p.output(), y, h.out(), h.terms(), h.steps(), null, "hessian", x);
    }

    /**
     * Forward mode: the differential of the output, {@code dY[o...] = Σ_x ∂Y/∂x · dx}, with one tangent
     * operand {@code d<x>} per variable (seed 004's dY = dX·W + X·dW + dB). Tangents are pushed through
     * the definitions in program order with the same local rules as {@link #gradient}.
     */
    public static IndexGradient differential(IndexProgram p, List<String> wrt) {
        for (String x : wrt) {
            if (!p.inputs().contains(x)) {
                throw new IllegalArgumentException("index: '" + x + "' is not an input of " + p.output()
                        + " (inputs: " + String.join(", ", p.inputs()) + ")");
            }
        }
        IndexSpace space = p.space;
        Map<String, Adj> tan = new HashMap<>();
        for (String x : wrt) {
            String dx = "d" + x;
            if (p.inputs().contains(dx) || p.output().equals(dx)) {
                throw new IllegalArgumentException("index: the tangent " + dx + " clashes with a tensor of the expression");
            }
            int r = p.rank(x);
            p.declare(dx, r);
            int[] idx = new int[r];
            for (int k = 0; k < r; k++) {
                space.union(space.axis(dx, k), space.axis(x, k));
                idx[k] = space.copy(space.axis(x, k));
            }
            tan.put(x, new Adj(idx, List.of(new Term(1, List.of(space.factor(dx, idx, 1))))));
        }
        Def outDef = p.def(p.output());
        int upto = p.defs().indexOf(outDef);
        for (int n = 0; n <= upto; n++) {
            Def d = p.defs().get(n);
            List<Term> terms = new ArrayList<>();
            switch (d) {
                case PolyDef pd -> {
                    for (Term t : pd.terms()) {
                        for (int m = 0; m < t.factors().size(); m++) {
                            Factor f = t.factors().get(m);
                            Adj ta = f.isTensor() ? tan.get(f.atom()) : null;
                            if (ta == null) {
                                continue;
                            }
                            for (Term u : ta.terms()) {
                                // the factor's tangent takes the factor's place (f^(e-1) stays in front of it)
                                Term su = substitute(space, u, ta.idx(), f.idx());
                                List<Factor> fs = new ArrayList<>(t.factors().subList(0, m));
                                if (f.exp() != 1) {
                                    fs.add(f.withExp(f.exp() - 1));
                                }
                                fs.addAll(su.factors());
                                fs.addAll(t.factors().subList(m + 1, t.factors().size()));
                                terms.add(new Term(t.coef() * f.exp() * su.coef(), fs));
                            }
                        }
                    }
                }
                case FuncDef fd -> {
                    Adj ta = tan.get(fd.arg());
                    if (ta != null && !flat(fd.fn())) {
                        List<Term> local = localRule(p, fd, d.idx());
                        for (Term l : local) {
                            for (Term u : ta.terms()) {
                                terms.add(l.times(substitute(space, u, ta.idx(), d.idx())));
                            }
                        }
                    }
                }
                case SoftmaxDef sd -> {
                    Adj ta = tan.get(sd.arg());
                    if (ta != null) {
                        int[] y = d.idx();
                        int r = y.length;
                        int[] yk = y.clone();
                        yk[r - 1] = space.copy(y[r - 1]);
                        Factor fy = space.factor(sd.name(), y, 1);
                        Factor fyk = space.factor(sd.name(), yk, 1);
                        for (Term u : ta.terms()) {
                            terms.add(new Term(1, List.of(fy)).times(substitute(space, u, ta.idx(), y)));
                            terms.add(new Term(-1, List.of(fy, fyk)).times(substitute(space, u, ta.idx(), yk)));
                        }
                    }
                }
            }
            if (!terms.isEmpty()) {
                List<Term> collected = Simplifier.collect(terms, d.idx(), p);
                if (collected.size() > SHARE_LIMIT && n < upto) {
                    // named for the same reason as a reverse-mode adjoint (see share)
                    collected = List.of(new Term(1, List.of(name(p, "t", d.idx(), collected))));
                }
                tan.put(d.name(), new Adj(d.idx(), collected));
            }
        }
        Adj res = tan.get(p.output());
        List<Term> out = res == null ? List.of() : new ArrayList<>(res.terms());
        return new IndexGradient(p, p.output(), String.join(",", wrt), outDef.idx(), out, List.of(), null, "differential", null);
    }

    /** The term with its free ids {@code from} renamed to {@code to} and its summed ids made fresh. */
    private static Term substitute(IndexSpace space, Term u, int[] from, int[] to) {
        Map<Integer, Integer> ren = new HashMap<>();
        for (int k = 0; k < from.length; k++) {
            ren.put(from[k], to[k]);
        }
        for (int i : u.indices()) {
            if (!ren.containsKey(i)) {
                ren.put(i, space.copy(i));
            }
        }
        return u.rename(i -> ren.get(i));
    }

    private boolean dependsOn(String atom) {
        if (atom.equals(wrt)) {
            return true;
        }
        Boolean b = depends.get(atom);
        if (b != null) {
            return b;
        }
        if (p.def(atom) == null) {
            return false;
        }
        // In program order every definition comes after the ones it uses, so one pass settles all
        // (no recursion along a where-chain).
        for (Def d : p.defs()) {
            if (depends.containsKey(d.name())) {
                continue;
            }
            boolean r = false;
            if (d instanceof PolyDef pd) {
                for (Term t : pd.terms()) {
                    for (Factor f : t.factors()) {
                        r |= f.isTensor() && known(f.atom());
                    }
                }
            } else if (d instanceof FuncDef fd) {
                r = !flat(fd.fn()) && known(fd.arg());
            } else if (d instanceof SoftmaxDef sd) {
                r = known(sd.arg());
            }
            depends.put(d.name(), r);
            if (d.name().equals(atom)) {
                break;
            }
        }
        return depends.get(atom);
    }

    private boolean known(String atom) {
        return atom.equals(wrt) || Boolean.TRUE.equals(depends.get(atom));
    }

    private record Adj(int[] idx, List<Term> terms) {
    }

    private final Map<String, Adj> adj = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private int[] extra;

    private IndexGradient run(String target, List<Term> seed, int[] extraFree, String upstream, String kind) {
        if (!p.inputs().contains(wrt)) {
            throw new IllegalArgumentException("index: '" + wrt + "' is not an input of " + p.output()
                    + " (inputs: " + String.join(", ", p.inputs()) + ")");
        }
        this.extra = extraFree;
        int[] wrtIdx = new int[p.rank(wrt)];
        for (int k = 0; k < wrtIdx.length; k++) {
            wrtIdx[k] = space.fresh((char) ('i' + k));
            space.union(wrtIdx[k], space.axis(wrt, k));
        }
        adj.put(wrt, new Adj(wrtIdx, new ArrayList<>()));
        Def t = p.def(target);
        adj.put(target, new Adj(t.idx(), new ArrayList<>(seed)));
        List<Def> defs = p.defs();
        int ti = defs.indexOf(t);
        for (int n = ti; n >= 0; n--) {
            Def d = defs.get(n);
            Adj a = adj.get(d.name());
            if (a == null || a.terms().isEmpty() || !dependsOn(d.name())) {
                continue;
            }
            a = share(d, a);
            switch (d) {
                case PolyDef pd -> polyRule(pd, a);
                case FuncDef fd -> funcRule(fd, a);
                case SoftmaxDef sd -> softmaxRule(sd, a);
            }
        }
        int[] out = new int[extraFree.length + wrtIdx.length];
        System.arraycopy(extraFree, 0, out, 0, extraFree.length);
        System.arraycopy(wrtIdx, 0, out, extraFree.length, wrtIdx.length);
        List<Term> res = new ArrayList<>(Simplifier.collect(adj.get(wrt).terms(), out, p));
        // Positive terms first (y - t rather than -t + y); stable otherwise.
        res.sort(java.util.Comparator.comparing(term -> term.coef() < 0));
        return new IndexGradient(p, target, wrt, out, res, steps, upstream, kind, null);
    }

    /**
     * Largest number of terms an adjoint may be expanded into per definition it passes: beyond it the
     * adjoint is named first.
     */
    static final int SHARE_LIMIT = 8;

    /**
     * The adjoint about to be pushed through {@code d}, named as a shared intermediate {@code g<n>}
     * when it has several terms and each would be multiplied by several local terms. Expanding
     * instead multiplies the term count at every such definition: a chain of L tanh or sigmoid
     * layers gives 2^L terms, and its Hessian 2^L times more. Named, each step adds a bounded
     * number of terms that refer to the previous adjoint, and the result stays polynomial in L.
     */
    private Adj share(Def d, Adj a) {
        int n = a.terms().size();
        if (n < 2 || n * fanout(d) <= SHARE_LIMIT) {
            return a;
        }
        int[] free = concat(extra, a.idx());
        Adj shared = new Adj(a.idx(), new ArrayList<>(List.of(new Term(1, List.of(name(p, "g", free, a.terms()))))));
        adj.put(d.name(), shared);
        return shared;
    }

    /** A new definition {@code stem<n>[free] = Σ terms} (on copies of the free ids), as the factor that uses it. */
    private static Factor name(IndexProgram p, String stem, int[] free, List<Term> terms) {
        int[] idx = new int[free.length];
        Map<Integer, Integer> ren = new HashMap<>();
        for (int k = 0; k < free.length; k++) {
            idx[k] = p.space.copy(free[k]);
            ren.put(free[k], idx[k]);
        }
        String name = p.freshName(stem);
        p.addDef(new PolyDef(name, idx, terms.stream().map(t -> t.rename(i -> ren.getOrDefault(i, i))).toList()));
        return p.space.factor(name, free, 1);
    }

    /** How many local-derivative terms an adjoint term is multiplied by when pushed through {@code d}. */
    private int fanout(Def d) {
        return switch (d) {
            case PolyDef pd -> {
                int n = 0;
                for (Term t : pd.terms()) {
                    for (Factor f : t.factors()) {
                        n += f.isTensor() && dependsOn(f.atom()) ? 1 : 0;
                    }
                }
                yield n;
            }
            case FuncDef fd -> fd.fn().equals("sigmoid") || fd.fn().equals("tanh") ? 2 : 1;
            case SoftmaxDef sd -> 2;
        };
    }

    /** The adjoint slot of an atom: definitions use their own indices, inputs fresh ones. */
    private Adj slot(String atom) {
        return adj.computeIfAbsent(atom, z -> {
            Def d = p.def(z);
            if (d != null) {
                return new Adj(d.idx(), new ArrayList<>());
            }
            int[] idx = new int[p.rank(z)];
            for (int k = 0; k < idx.length; k++) {
                idx[k] = space.copy(space.axis(z, k));
            }
            return new Adj(idx, new ArrayList<>());
        });
    }

    private void contribute(String def, int[] defIdx, String atom, List<Term> local, Adj upstream) {
        Adj z = slot(atom);
        List<Term> raw = new ArrayList<>();
        for (Term u : upstream.terms()) {
            for (Term l : local) {
                raw.add(u.times(l));
            }
        }
        int[] outIds = concat(extra, z.idx());
        List<Term> simplified = Simplifier.collect(raw, outIds, p);
        z.terms().addAll(simplified);
        List<Term> merged = Simplifier.collect(z.terms(), outIds, p);
        z.terms().clear();
        z.terms().addAll(merged);
        steps.add(new Step(def, atom, defIdx, z.idx(), local, simplified));
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = new int[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private void polyRule(PolyDef d, Adj a) {
        Map<String, List<Term>> local = new java.util.LinkedHashMap<>();
        Set<Integer> defFree = new HashSet<>();
        for (int i : d.idx()) {
            defFree.add(i);
        }
        for (Term t0 : d.terms()) {
            Map<Integer, Integer> ren = new HashMap<>();
            for (int i : t0.indices()) {
                if (!defFree.contains(i)) {
                    ren.put(i, space.copy(i));
                }
            }
            Term t = t0.rename(i -> ren.getOrDefault(i, i));
            for (int n = 0; n < t.factors().size(); n++) {
                Factor f = t.factors().get(n);
                if (!f.isTensor() || !dependsOn(f.atom())) {
                    continue;
                }
                Adj z = slot(f.atom());
                List<Factor> fs = new ArrayList<>();
                for (int k = 0; k < f.rank(); k++) {
                    fs.add(space.factor(Factor.DELTA, new int[] {f.idx()[k], z.idx()[k]}, 1));
                }
                for (int m = 0; m < t.factors().size(); m++) {
                    if (m != n) {
                        fs.add(t.factors().get(m));
                    } else if (f.exp() != 1) {
                        fs.add(f.withExp(f.exp() - 1));
                    }
                }
                local.computeIfAbsent(f.atom(), x -> new ArrayList<>()).add(new Term(t.coef() * f.exp(), fs));
            }
        }
        for (var e : local.entrySet()) {
            contribute(d.name(), d.idx(), e.getKey(), e.getValue(), a);
        }
    }

    private void funcRule(FuncDef d, Adj a) {
        if (flat(d.fn()) || !dependsOn(d.arg())) {
            return;
        }
        Adj z = slot(d.arg());
        int[] x = z.idx();
        Map<Integer, Integer> ren = new HashMap<>();
        for (int k = 0; k < x.length; k++) {
            ren.put(d.idx()[k], x[k]);
        }
        Adj up = new Adj(x, a.terms().stream().map(t -> t.rename(i -> ren.getOrDefault(i, i))).toList());
        List<Term> local = localRule(p, d, x);
        contribute(d.name(), x, d.arg(), local, up);
    }

    /**
     * The derivative table of the element-wise functions, as Hadamard factors on indices {@code x}:
     * exp' = exp, log' = x⁻¹, sqrt' = ½·sqrt⁻¹, relu' = step, σ' = σ − σ², tanh' = 1 − tanh², |x|' = sign, sin' = cos,
     * cos' = −sin (sign' = step' = 0). The
     * polynomial forms let powers cancel (log∘σ gives 1 − σ, log∘softmax gives y − t); the price is
     * that a chain of L sigmoid layers yields 2^L terms.
     */
    static List<Term> localRule(IndexProgram p, FuncDef d, int[] x) {
        IndexSpace space = p.space;
        Factor y = space.factor(d.name(), x, 1);
        return switch (d.fn()) {
            case "exp" -> List.of(new Term(1, List.of(y)));
            case "log" -> List.of(new Term(1, List.of(space.factor(d.arg(), x, -1))));
            case "sqrt" -> List.of(new Term(0.5, List.of(y.withExp(-1))));
            case "relu" -> List.of(new Term(1, List.of(func(p, "step", d.arg(), x))));
            case "sigmoid" -> List.of(new Term(1, List.of(y)), new Term(-1, List.of(y.withExp(2))));
            case "tanh" -> List.of(new Term(1, List.of()), new Term(-1, List.of(y.withExp(2))));
            case "abs" -> List.of(new Term(1, List.of(func(p, "sign", d.arg(), x))));
            case "sin" -> List.of(new Term(1, List.of(func(p, "cos", d.arg(), x))));
            case "cos" -> List.of(new Term(-1, List.of(func(p, "sin", d.arg(), x))));
            default -> throw new IllegalStateException("no derivative rule for " + d.fn());
        };
    }

    /** Piecewise-constant functions (step, sign): derivative zero wherever it exists. */
    static boolean flat(String fn) {
        return fn.equals("step") || fn.equals("sign");
    }

    /** The factor {@code fn(arg)[x]}, adding the definition when the program lacks it. */
    private static Factor func(IndexProgram p, String fn, String arg, int[] x) {
        String name = fn + "(" + arg + ")";
        if (p.def(name) == null) {
            int[] idx = new int[x.length];
            for (int k = 0; k < idx.length; k++) {
                idx[k] = p.space.copy(x[k]);
            }
            p.addDef(new FuncDef(name, idx, fn, arg));
        }
        return p.space.factor(name, x, 1);
    }

    /** dA[b,k] = g[b,k]·y[b,k] − y[b,k]·Σ_j g[b,j]·y[b,j] for y = softmax(A) over the last axis. */
    private void softmaxRule(SoftmaxDef d, Adj a) {
        if (!dependsOn(d.arg())) {
            return;
        }
        Adj z = slot(d.arg());
        int[] x = z.idx();
        int r = x.length;
        int jj = space.copy(x[r - 1]);
        int[] xj = x.clone();
        xj[r - 1] = jj;
        Map<Integer, Integer> ren = new HashMap<>();
        Map<Integer, Integer> renJ = new HashMap<>();
        for (int k = 0; k < r; k++) {
            ren.put(d.idx()[k], x[k]);
            renJ.put(d.idx()[k], xj[k]);
        }
        Factor y = space.factor(d.name(), x, 1);
        Factor yj = space.factor(d.name(), xj, 1);
        List<Term> terms = new ArrayList<>();
        for (Term t : a.terms()) {
            terms.add(t.rename(i -> ren.getOrDefault(i, i)).times(new Term(1, List.of(y))));
            terms.add(t.rename(i -> renJ.getOrDefault(i, i)).times(new Term(-1, List.of(y, yj))));
        }
        // The local derivative δ[b,b']·y[b,j]·(δ[j,k] − y[b,k]) is applied in closed form; it is
        // recorded with its deltas for rendering.
        List<Term> simplified = Simplifier.collect(terms, concat(extra, x), p);
        z.terms().addAll(simplified);
        List<Term> merged = Simplifier.collect(z.terms(), concat(extra, x), p);
        z.terms().clear();
        z.terms().addAll(merged);
        List<Factor> lead = new ArrayList<>();
        int[] bk = d.idx().clone();
        for (int k = 0; k < r - 1; k++) {
            lead.add(space.factor(Factor.DELTA, new int[] {d.idx()[k], x[k]}, 1));
        }
        bk[r - 1] = x[r - 1];
        List<Factor> loc1 = new ArrayList<>(lead);
        loc1.add(space.factor(d.name(), d.idx(), 1));
        loc1.add(space.factor(Factor.DELTA, new int[] {d.idx()[r - 1], x[r - 1]}, 1));
        List<Factor> loc2 = new ArrayList<>(lead);
        loc2.add(space.factor(d.name(), d.idx(), 1));
        loc2.add(space.factor(d.name(), bk, 1));
        steps.add(new Step(d.name(), d.arg(), d.idx(), x, List.of(new Term(1, loc1), new Term(-1, loc2)), simplified));
    }
}
