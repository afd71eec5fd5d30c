package io.ricci.index;

import io.ricci.index.IndexParser.Add;
import io.ricci.index.IndexParser.Call;
import io.ricci.index.IndexParser.Idx;
import io.ricci.index.IndexParser.Mul;
import io.ricci.index.IndexParser.Neg;
import io.ricci.index.IndexParser.Node;
import io.ricci.index.IndexParser.Num;
import io.ricci.index.IndexParser.Pow;
import io.ricci.index.IndexParser.Ref;
import io.ricci.index.IndexParser.Stmt;
import io.ricci.index.IndexParser.SumOp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed index expression normalised into a straight-line program of definitions (a DAG in
 * topological order): multilinear parts become sums of {@link Term}s ({@link PolyDef}), every
 * element-wise function application and row-wise softmax becomes a named intermediate
 * ({@link FuncDef}, {@link SoftmaxDef}). The last definition the source names is the output.
 *
 * <p>Index rules: an index on the left-hand side is free everywhere on the right (so
 * {@code Z[i,j] = A[i,j]*B[i,j]} is the Hadamard product); any other index occurring in two factors
 * of a product is summed there (Einstein convention; a third occurrence is an error);
 * {@code sum(e)} sums every index of {@code e} that is not on the left; terms of a sum broadcast
 * over the indices they lack (an implicit ones-vector, as in {@code X[p,k]*W[k,q] + b[q]}).
 *
 * <p>Not thread-safe: derivations declare operands ({@code dY}) and add definitions (the step
 * function of a ReLU, the gradient a Hessian differentiates) to the program they work on.
 */
public final class IndexProgram {
    /** One definition {@code name[idx] = ...}. */
    public sealed interface Def permits PolyDef, FuncDef, SoftmaxDef {
        String name();

        int[] idx();
    }

    /** {@code name[idx] = Σ terms} (indices not in idx summed per term). */
    public record PolyDef(String name, int[] idx, List<Term> terms) implements Def {
    }

    /** {@code name[idx] = fn(arg[idx])} element-wise. */
    public record FuncDef(String name, int[] idx, String fn, String arg) implements Def {
    }

    /** {@code name[..., j] = exp(arg[..., j]) / Σ_j exp(arg[..., j])}: softmax over the last axis. */
    public record SoftmaxDef(String name, int[] idx, String arg) implements Def {
    }

    final IndexSpace space = new IndexSpace();
    private final String source;
    private final List<Def> defs = new ArrayList<>();
    private final Map<String, Def> byName = new HashMap<>();
    private final Map<String, Integer> ranks = new HashMap<>();
    private final List<String> inputs = new ArrayList<>();
    private final Map<String, boolean[]> assumptions = new LinkedHashMap<>();
    private final Set<String> sourceNames = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private String output;
    private int tmp;

    private IndexProgram(String source) {
        this.source = source;
        Matcher m = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(source);
        while (m.find()) {
            sourceNames.add(m.group());
        }
    }

    /**
     * Parses and normalises {@code text}, e.g. {@code "Y[p,q] = X[p,k]*W[k,q] + b[q]"}.
     *
     * @throws IndexParseException with the position of a syntax error, an unbound or mismatched
     *     index, an index used three times in a product, an unknown function or a rank mismatch
     */
    public static IndexProgram parse(String text) {
        IndexParser.Source src = IndexParser.parse(text);
        IndexProgram p = new IndexProgram(text);
        p.build(src);
        return p;
    }

    public String source() {
        return source;
    }

    /** The name of the output definition (the left-hand side of the first statement). */
    public String output() {
        return output;
    }

    /**
     * What parses but is likely not what was meant, one sentence each with its position: a function
     * applied to one number because every index of its argument is summed inside it by the Einstein
     * convention, as in {@code f = log(1 + exp(-y[i]*X[i,j]*w[j]))}, which sums i inside exp where
     * a loss over samples sums it outside.
     */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** The input tensors in order of first use. */
    public List<String> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public List<Def> defs() {
        return Collections.unmodifiableList(defs);
    }

    public Def def(String name) {
        return byName.get(name);
    }

    /** The rank of an input, intermediate or upstream-gradient atom. */
    public int rank(String atom) {
        Integer r = ranks.get(atom);
        if (r == null) {
            throw new IllegalArgumentException("index: unknown tensor '" + atom + "'");
        }
        return r;
    }

    boolean hasAtom(String atom) {
        return ranks.containsKey(atom);
    }

    /** Assumed normalisations: atom → axes over which it sums to one ({@code given T[i,j]*1[j] = 1[i]}). */
    Map<String, boolean[]> assumptions() {
        return assumptions;
    }

    /**
     * Complements: definition name → {@code y} for each definition {@code c[idx] = 1 − y[idx]} (a
     * constant one on c's indices minus one tensor on exactly those indices, e.g. {@code 1 - sigmoid(z[i])}).
     */
    Map<String, String> complements() {
        return complements;
    }

    private final Map<String, String> complements = new HashMap<>();

    private void noteComplement(PolyDef d) {
        if (d.terms().size() != 2) {
            return;
        }
        for (int k = 0; k < 2; k++) {
            Term one = d.terms().get(k);
            Term minus = d.terms().get(1 - k);
            if (one.coef() != 1 || minus.coef() != -1 || minus.factors().size() != 1) {
                continue;
            }
            Factor y = minus.factors().get(0);
            if (!y.isTensor() || y.exp() != 1 || !java.util.Arrays.equals(y.idx(), d.idx())) {
                continue;
            }
            Set<Integer> covered = new HashSet<>();
            boolean onesOnly = true;
            for (Factor f : one.factors()) {
                onesOnly &= f.isOnes() && contains(d.idx(), f.idx()[0]);
                if (f.isOnes()) {
                    covered.add(f.idx()[0]);
                }
            }
            if (onesOnly && covered.size() == d.idx().length) {
                complements.put(d.name(), y.atom());
                return;
            }
        }
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** The preferred letter of an index id. */
    public char letter(int id) {
        return space.letter(id);
    }

    void addDef(Def d) {
        if (d instanceof PolyDef pd) {
            noteComplement(pd);
        }
        defs.add(d);
        byName.put(d.name(), d);
        ranks.put(d.name(), d.idx().length);
        for (int k = 0; k < d.idx().length; k++) {
            space.union(d.idx()[k], space.axis(d.name(), k));
        }
    }

    void declare(String atom, int rank) {
        ranks.put(atom, rank);
    }

    String freshName(String stem) {
        String n;
        do {
            n = stem + (++tmp);
        } while (sourceNames.contains(n) || ranks.containsKey(n));
        return n;
    }

    // ---------------------------------------------------------------- normalisation

    /** A normalised sub-expression: its terms and its free indices (letter → id, first position). */
    private record Poly(List<Term> terms, LinkedHashMap<Character, Integer> free, Map<Character, Integer> pos) {
    }

    private IndexParser.Source src;
    private final Map<String, Stmt> whereByName = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();

    private IndexParseException err(String msg, int pos) {
        return new IndexParseException(msg, source, pos);
    }

    private void build(IndexParser.Source s) {
        this.src = s;
        for (Stmt w : s.where()) {
            if (whereByName.put(w.name(), w) != null || w.name().equals(s.main().name())) {
                throw err("'" + w.name() + "' is defined twice", w.pos());
            }
        }
        for (Stmt w : whereOrder(s)) {
            defineWhere(w);
        }
        output = s.main().name();
        if (inputs.contains(output)) {
            throw err("'" + output + "' is both the output and an input", s.main().pos());
        }
        statement(s.main());
        for (IndexParser.Given g : s.given()) {
            given(g);
        }
        inputsInFirstUseOrder(s);
    }

    /**
     * Puts the inputs in the order a reading of the source meets them, each where-definition read
     * where it is first referenced (as the where-definitions used to be built, lazily):
     * {@link #whereOrder} defines them dependencies first, which would reorder the inputs.
     */
    private void inputsInFirstUseOrder(IndexParser.Source s) {
        Map<String, Integer> rank = new HashMap<>();
        Set<String> read = new HashSet<>();
        List<Stmt> roots = new ArrayList<>(s.where());
        roots.add(s.main());
        for (Stmt root : roots) {
            if (!read.add(root.name())) {
                continue;
            }
            java.util.ArrayDeque<java.util.Iterator<String>> stack = new java.util.ArrayDeque<>();
            stack.push(namesIn(root).iterator());
            while (!stack.isEmpty()) {
                java.util.Iterator<String> it = stack.peek();
                if (!it.hasNext()) {
                    stack.pop();
                    continue;
                }
                String n = it.next();
                Stmt w = whereByName.get(n);
                if (w != null) {
                    if (read.add(n)) {
                        stack.push(namesIn(w).iterator());
                    }
                } else {
                    rank.putIfAbsent(n, rank.size());
                }
            }
        }
        List<String> sorted = new ArrayList<>(inputs);
        sorted.sort(java.util.Comparator.comparingInt(n -> rank.getOrDefault(n, Integer.MAX_VALUE)));
        inputs.clear();
        inputs.addAll(sorted);
    }

    private static List<String> namesIn(Stmt st) {
        Set<String> names = new java.util.LinkedHashSet<>();
        refs(st.rhs(), names);
        return new ArrayList<>(names);
    }

    /**
     * The where-definitions with every definition after the ones it uses (depth first from the source
     * order), found with an explicit stack: defining them lazily as they are referenced would recurse
     * once per link of a where-chain.
     */
    private List<Stmt> whereOrder(IndexParser.Source s) {
        Map<String, List<String>> uses = new HashMap<>();
        for (Stmt w : s.where()) {
            Set<String> names = new java.util.LinkedHashSet<>();
            refs(w.rhs(), names);
            names.retainAll(whereByName.keySet());
            uses.put(w.name(), new ArrayList<>(names));
        }
        List<Stmt> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (Stmt root : s.where()) {
            if (done.contains(root.name())) {
                continue;
            }
            // (name, next dependency to visit) frames; a name on the stack met again is a cycle
            java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
            Set<String> onStack = new HashSet<>();
            stack.push(new Object[] {root.name(), 0});
            onStack.add(root.name());
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                String name = (String) top[0];
                List<String> deps = uses.get(name);
                int k = (Integer) top[1];
                if (k < deps.size()) {
                    top[1] = k + 1;
                    String dep = deps.get(k);
                    if (onStack.contains(dep)) {
                        throw err("'" + dep + "' is defined in terms of itself", whereByName.get(dep).pos());
                    }
                    if (!done.contains(dep)) {
                        stack.push(new Object[] {dep, 0});
                        onStack.add(dep);
                    }
                } else {
                    stack.pop();
                    onStack.remove(name);
                    if (done.add(name)) {
                        order.add(whereByName.get(name));
                    }
                }
            }
        }
        return order;
    }

    /** The tensor names an expression refers to, in order (recursion bounded by the parser's depth limit). */
    private static void refs(Node n, Set<String> out) {
        switch (n) {
            case Ref r -> out.add(r.name());
            case Num x -> {
            }
            case Neg x -> refs(x.arg(), out);
            case Call c -> refs(c.arg(), out);
            case SumOp x -> refs(x.arg(), out);
            case Pow x -> refs(x.base(), out);
            case Add a -> a.terms().forEach(t -> refs(t, out));
            case Mul m -> m.factors().forEach(f -> refs(f, out));
        }
    }

    private void defineWhere(Stmt w) {
        if (byName.containsKey(w.name())) {
            return;
        }
        if (!inProgress.add(w.name())) {
            throw err("'" + w.name() + "' is defined in terms of itself", w.pos());
        }
        statement(w);
        inProgress.remove(w.name());
    }

    private void statement(Stmt st) {
        if (st.name().equals("delta") || st.name().equals("sum") || st.name().equals("softmax")) {
            throw err("'" + st.name() + "' is reserved", st.pos());
        }
        Map<Character, Integer> letters = new HashMap<>();
        Set<Character> kept = new HashSet<>();
        int[] idx = new int[st.idx().size()];
        for (int k = 0; k < idx.length; k++) {
            Idx x = st.idx().get(k);
            if (!kept.add(x.c())) {
                throw err("index " + x.c() + " occurs twice on the left-hand side", x.pos());
            }
            idx[k] = space.fresh(x.c());
            letters.put(x.c(), idx[k]);
        }
        Poly rhs = poly(st.rhs(), kept, letters);
        for (var e : rhs.free().entrySet()) {
            if (!kept.contains(e.getKey())) {
                throw err("index " + e.getKey() + " is unbound: it is free on the right-hand side but not on the left"
                        + " (contract it with a second factor or sum it with sum(...))", rhs.pos().get(e.getKey()));
            }
        }
        for (Idx x : st.idx()) {
            if (!rhs.free().containsKey(x.c())) {
                throw err("index " + x.c() + " of the left-hand side does not occur on the right"
                        + " (broadcast with a ones-vector, e.g. 1[" + x.c() + "]*...)", x.pos());
            }
        }
        addDef(new PolyDef(st.name(), idx, rhs.terms()));
    }

    private void given(IndexParser.Given g) {
        if (!(g.rhs() instanceof Num n && n.v() == 1)
                && !(g.rhs() instanceof Ref r && r.name().equals(Factor.ONES))) {
            throw err("an assumption must read 'expr = 1' or 'expr = 1[i]', e.g. given T[i,j]*1[j] = 1[i]", g.rhs().pos());
        }
        Set<Character> kept = new HashSet<>();
        Map<Character, Integer> letters = new HashMap<>();
        if (g.rhs() instanceof Ref r) {
            for (Idx x : r.idx()) {
                kept.add(x.c());
                letters.put(x.c(), space.fresh(x.c()));
            }
        }
        Poly lhs = poly(g.lhs(), kept, letters);
        Term t = lhs.terms().size() == 1 ? Simplifier.simplify(lhs.terms().get(0), new HashSet<>(lhs.free().values()), Map.of()) : null;
        List<Factor> tensors = t == null ? List.of() : t.factors().stream().filter(Factor::isTensor).toList();
        if (t == null || t.coef() != 1 || tensors.size() != 1 || tensors.get(0).exp() != 1
                || !inputs.contains(tensors.get(0).atom())) {
            throw err("an assumption must be one input summed over some of its axes, e.g. given T[i,j]*1[j] = 1[i]", g.pos());
        }
        Factor f = tensors.get(0);
        boolean[] summed = new boolean[f.rank()];
        boolean any = false;
        for (int k = 0; k < summed.length; k++) {
            summed[k] = !lhs.free().containsValue(f.idx()[k]);
            any |= summed[k];
        }
        if (!any) {
            throw err("the assumption sums over no index", g.pos());
        }
        assumptions.put(f.atom(), summed);
    }

    private Poly poly(Node n, Set<Character> kept, Map<Character, Integer> letters) {
        return switch (n) {
            case Num x -> new Poly(List.of(Term.constant(x.v())), new LinkedHashMap<>(), new HashMap<>());
            case Neg x -> {
                Poly a = poly(x.arg(), kept, letters);
                yield new Poly(a.terms().stream().map(t -> t.scale(-1)).toList(), a.free(), a.pos());
            }
            case Ref r -> ref(r, kept, letters);
            case Mul m -> {
                List<Poly> ps = new ArrayList<>();
                for (Node f : m.factors()) {
                    ps.add(poly(f, kept, letters));
                }
                yield product(ps, m.factors(), kept);
            }
            case Add a -> {
                List<Poly> ps = new ArrayList<>();
                LinkedHashMap<Character, Integer> free = new LinkedHashMap<>();
                Map<Character, Integer> pos = new HashMap<>();
                for (Node t : a.terms()) {
                    Poly p = poly(t, kept, letters);
                    ps.add(p);
                    for (var e : p.free().entrySet()) {
                        free.putIfAbsent(e.getKey(), e.getValue());
                        pos.putIfAbsent(e.getKey(), p.pos().get(e.getKey()));
                    }
                }
                List<Term> terms = new ArrayList<>();
                for (Poly p : ps) {
                    List<Factor> ones = new ArrayList<>();
                    for (var e : free.entrySet()) {
                        if (!p.free().containsKey(e.getKey())) {
                            ones.add(new Factor(Factor.ONES, new int[] {e.getValue()}, 1));
                        }
                    }
                    for (Term t : p.terms()) {
                        terms.add(t.times(new Term(1, ones)));
                    }
                }
                yield new Poly(terms, free, pos);
            }
            case SumOp s -> {
                Poly p = poly(s.arg(), kept, letters);
                List<Character> close = new ArrayList<>();
                for (char c : p.free().keySet()) {
                    if (!kept.contains(c)) {
                        close.add(c);
                    }
                }
                yield close(p, close);
            }
            case Pow pw -> power(pw, kept, letters);
            case Call c -> call(c, kept, letters);
        };
    }

    /** Renames the ids of the given free letters to fresh (summed) ids so they cannot be captured later. */
    private Poly close(Poly p, List<Character> letters) {
        if (letters.isEmpty()) {
            return p;
        }
        Map<Integer, Integer> ren = new HashMap<>();
        LinkedHashMap<Character, Integer> free = new LinkedHashMap<>(p.free());
        for (char c : letters) {
            int old = free.remove(c);
            ren.put(old, space.copy(old));
        }
        List<Term> terms = p.terms().stream().map(t -> t.rename(i -> ren.getOrDefault(i, i))).toList();
        return new Poly(terms, free, p.pos());
    }

    private Poly ref(Ref r, Set<Character> kept, Map<Character, Integer> letters) {
        String atom = r.name();
        int rank = r.idx().size();
        if (atom.equals("delta") && !r.softmax()) {
            atom = Factor.DELTA;
            if (rank != 2) {
                throw err("delta takes two indices, e.g. delta[i,j]", r.pos());
            }
        } else if (atom.equals(Factor.ONES)) {
            if (rank != 1) {
                throw err("the ones-vector takes one index, e.g. 1[p]", r.pos());
            }
        } else if (r.softmax()) {
            int argRank = tensorRank(atom, rank, r.pos());
            if (argRank == 0) {
                throw err("softmax needs a tensor with at least one index", r.pos());
            }
            String name = "softmax(" + atom + ")";
            if (!byName.containsKey(name)) {
                int[] idx = new int[argRank];
                for (int k = 0; k < argRank; k++) {
                    idx[k] = space.fresh((char) ('i' + k));
                    // softmax keeps the shape of its argument (sizes of an intermediate argument come from here)
                    space.union(idx[k], space.axis(atom, k));
                }
                addDef(new SoftmaxDef(name, idx, atom));
            }
            atom = name;
        } else {
            tensorRank(atom, rank, r.pos());
        }
        int[] ids = new int[rank];
        Map<Character, Integer> count = new HashMap<>();
        LinkedHashMap<Character, Integer> free = new LinkedHashMap<>();
        Map<Character, Integer> pos = new HashMap<>();
        for (int k = 0; k < rank; k++) {
            Idx x = r.idx().get(k);
            ids[k] = letters.computeIfAbsent(x.c(), c -> space.fresh(c));
            int c = count.merge(x.c(), 1, Integer::sum);
            if (c == 3 && !kept.contains(x.c())) {
                throw err("index " + x.c() + " is used three times in a product", x.pos());
            }
            free.put(x.c(), ids[k]);
            pos.putIfAbsent(x.c(), x.pos());
        }
        Poly p = new Poly(List.of(new Term(1, List.of(space.factor(atom, ids, 1)))), free, pos);
        List<Character> summed = new ArrayList<>();
        for (var e : count.entrySet()) {
            if (e.getValue() == 2 && !kept.contains(e.getKey())) {
                summed.add(e.getKey());
            }
        }
        return close(p, summed);
    }

    /** Checks a tensor name's rank against earlier uses (or its definition) and returns it. */
    private int tensorRank(String atom, int rank, int pos) {
        if (whereByName.containsKey(atom) && !byName.containsKey(atom)) {
            defineWhere(whereByName.get(atom));
        }
        if (src != null && atom.equals(src.main().name()) && !byName.containsKey(atom)) {
            throw err("'" + atom + "' is the output and cannot be used on the right-hand side", pos);
        }
        Integer known = ranks.get(atom);
        if (known == null) {
            ranks.put(atom, rank);
            inputs.add(atom);
            firstUse.put(atom, pos);
            return rank;
        }
        if (known != rank && !(byName.get(atom) instanceof SoftmaxDef)) {
            Integer at = firstUse.get(atom);
            throw err(atom + " is used with " + rank + (rank == 1 ? " index" : " indices") + " here but has "
                    + known + (at == null ? "" : " (as first used at " + (at + 1) + ")"), pos);
        }
        return known;
    }

    private final Map<String, Integer> firstUse = new HashMap<>();

    /** Materialized sub-expressions by their terms up to index renaming. */
    private final Map<String, String> materialized = new HashMap<>();

    /** Most terms a product of sums is multiplied out into. */
    static final int EXPAND_LIMIT = 64;

    private Poly product(List<Poly> ps, List<Node> nodes, Set<Character> kept) {
        Map<Character, Integer> count = new HashMap<>();
        LinkedHashMap<Character, Integer> free = new LinkedHashMap<>();
        Map<Character, Integer> pos = new HashMap<>();
        for (Poly p : ps) {
            for (var e : p.free().entrySet()) {
                int c = count.merge(e.getKey(), 1, Integer::sum);
                if (c == 3 && !kept.contains(e.getKey())) {
                    throw err("index " + e.getKey() + " is used three times in a product (only an index of the"
                            + " left-hand side may occur in more than two factors)", p.pos().get(e.getKey()));
                }
                free.putIfAbsent(e.getKey(), e.getValue());
                pos.putIfAbsent(e.getKey(), p.pos().get(e.getKey()));
            }
        }
        long expanded = 1;
        for (Poly p : ps) {
            expanded = Math.min(expanded * p.terms().size(), EXPAND_LIMIT + 1);
        }
        if (expanded > EXPAND_LIMIT) {
            // (a+b)*(c+d)*... multiplied out has 2^k terms: past the limit each sum becomes a named
            // intermediate and the product stays one term
            ps = new ArrayList<>(ps);
            for (int k = 0; k < ps.size(); k++) {
                Poly p = ps.get(k);
                if (p.terms().size() > 1) {
                    ps.set(k, new Poly(List.of(new Term(1, List.of(materialize(p)))), p.free(), p.pos()));
                }
            }
        }
        List<Term> terms = List.of(Term.constant(1));
        for (Poly p : ps) {
            List<Term> next = new ArrayList<>();
            for (Term a : terms) {
                for (Term b : p.terms()) {
                    next.add(a.times(freshSummed(b, p.free().values())));
                }
            }
            terms = next;
        }
        List<Character> contracted = new ArrayList<>();
        for (var e : count.entrySet()) {
            if (e.getValue() >= 2 && !kept.contains(e.getKey())) {
                contracted.add(e.getKey());
            }
        }
        return close(new Poly(terms.stream().map(IndexProgram::powers).toList(), free, pos), contracted);
    }

    /**
     * Repeated factors of one tensor on the same index ids as one power ({@code s*s*s} is {@code s^3}):
     * a product of n copies would otherwise give n local derivatives of n factors each.
     */
    private static Term powers(Term t) {
        Map<String, Integer> at = new HashMap<>();
        List<Factor> fs = new ArrayList<>();
        for (Factor f : t.factors()) {
            String key = f.atom() + java.util.Arrays.toString(f.idx());
            Integer k = f.isTensor() ? at.get(key) : null;
            if (k == null) {
                if (f.isTensor()) {
                    at.put(key, fs.size());
                }
                fs.add(f);
            } else {
                fs.set(k, fs.get(k).withExp(fs.get(k).exp() + f.exp()));
            }
        }
        // an exponent that sums to 0 stays as a factor x^0: dropping it could drop a free index
        return fs.size() == t.factors().size() ? t : new Term(t.coef(), fs);
    }

    /** Renames a term's summed indices to fresh ids (so repeated use of one term cannot share them). */
    private Term freshSummed(Term t, java.util.Collection<Integer> free) {
        Map<Integer, Integer> ren = new HashMap<>();
        for (int i : t.indices()) {
            if (!free.contains(i)) {
                ren.put(i, space.copy(i));
            }
        }
        return ren.isEmpty() ? t : t.rename(i -> ren.getOrDefault(i, i));
    }

    private Poly power(Pow pw, Set<Character> kept, Map<Character, Integer> letters) {
        Poly b = poly(pw.base(), kept, letters);
        double p = pw.p();
        if (b.terms().size() == 1) {
            Term t = b.terms().get(0);
            Set<Integer> free = new HashSet<>(b.free().values());
            boolean allFree = free.containsAll(t.indices());
            if (allFree && distributes(t, p)) {
                List<Factor> fs = new ArrayList<>();
                for (Factor f : t.factors()) {
                    fs.add(f.isTensor() ? f.withExp(f.exp() * p) : f);
                }
                return new Poly(List.of(new Term(Math.pow(t.coef(), p), fs)), b.free(), b.pos());
            }
        }
        Factor u = materialize(b);
        return new Poly(List.of(new Term(1, List.of(u.withExp(p)))), b.free(), b.pos());
    }

    /**
     * Whether {@code (c·Π a^m)^p = c^p·Π a^(m·p)} holds for every real value of the factors: for an
     * integer p always; otherwise ((x·y)^0.5 with x, y < 0, (x^2)^0.5 = |x|) only for a positive
     * coefficient and at most one tensor factor, with exponent 1.
     */
    private static boolean distributes(Term t, double p) {
        if (p == Math.rint(p)) {
            return true;
        }
        if (t.coef() <= 0) {
            return false;
        }
        List<Factor> tensors = t.factors().stream().filter(Factor::isTensor).toList();
        return tensors.isEmpty() || tensors.size() == 1 && tensors.get(0).exp() == 1;
    }

    private Poly call(Call c, Set<Character> kept, Map<Character, Integer> letters) {
        Poly b = poly(c.arg(), kept, letters);
        if (b.free().isEmpty()) {
            Set<Character> inside = new java.util.TreeSet<>();
            implicitIndices(c.arg(), inside);
            inside.removeAll(kept);
            if (!inside.isEmpty()) {
                String list = inside.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
                char first = inside.iterator().next();
                warnings.add("position " + c.pos() + ": " + c.fn() + "(...) is applied to one number: "
                        + (inside.size() > 1 ? "indices " : "index ") + list + " summed inside its argument (Einstein"
                        + " convention). If a sum belongs outside " + c.fn() + ", as a loss summed over samples,"
                        + " give the summand its index first: f = sum(l[" + first + "]) where l[" + first + "] = ...");
            }
        }
        Factor u = materialize(b);
        String name = c.fn() + "(" + u.atom() + ")";
        if (!byName.containsKey(name)) {
            Def arg = byName.get(u.atom());
            int[] idx = new int[u.rank()];
            for (int k = 0; k < idx.length; k++) {
                idx[k] = arg != null ? space.copy(arg.idx()[k]) : space.copy(u.idx()[k]);
            }
            addDef(new FuncDef(name, idx, c.fn(), u.atom()));
        }
        return new Poly(List.of(new Term(1, List.of(space.factor(name, u.idx(), 1)))), b.free(), b.pos());
    }

    /** The index letters of the references in {@code n}, outside explicit {@code sum(...)}s (summed on purpose). */
    private static void implicitIndices(Node n, Set<Character> out) {
        switch (n) {
            case Ref r -> r.idx().forEach(x -> out.add(x.c()));
            case Num x -> {
            }
            case Neg x -> implicitIndices(x.arg(), out);
            case Call x -> implicitIndices(x.arg(), out);
            case SumOp x -> {
            }
            case Pow x -> implicitIndices(x.base(), out);
            case Add a -> a.terms().forEach(t -> implicitIndices(t, out));
            case Mul m -> m.factors().forEach(f -> implicitIndices(f, out));
        }
    }

    /** The poly as one atom factor with its free indices: itself when it already is one, else a new definition. */
    private Factor materialize(Poly b) {
        if (b.terms().size() == 1) {
            Term t = b.terms().get(0);
            if (t.coef() == 1 && t.factors().size() == 1) {
                Factor f = t.factors().get(0);
                Set<Integer> distinct = new HashSet<>();
                for (int i : f.idx()) {
                    distinct.add(i);
                }
                if (f.isTensor() && f.exp() == 1 && distinct.size() == f.rank() && distinct.size() == b.free().size()) {
                    return f;
                }
            }
        }
        List<Integer> free = new ArrayList<>(b.free().values());
        int[] idx = new int[free.size()];
        Map<Integer, Integer> ren = new HashMap<>();
        for (int k = 0; k < idx.length; k++) {
            idx[k] = space.copy(free.get(k));
            ren.put(free.get(k), idx[k]);
        }
        List<Term> terms = b.terms().stream().map(t -> t.rename(i -> ren.getOrDefault(i, i))).toList();
        int[] use = free.stream().mapToInt(Integer::intValue).toArray();
        // a sub-expression written twice (up to index names) is one intermediate
        List<String> keys = new ArrayList<>();
        for (Term t : terms) {
            keys.add(Simplifier.key(t, idx) + "*" + t.coef());
        }
        Collections.sort(keys);
        String key = idx.length + "|" + String.join("+", keys);
        String name = materialized.get(key);
        if (name == null) {
            name = freshName("u");
            materialized.put(key, name);
            addDef(new PolyDef(name, idx, terms));
        }
        return space.factor(name, use, 1);
    }
}
