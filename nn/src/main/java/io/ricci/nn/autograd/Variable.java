package io.ricci.nn.autograd;

import io.ricci.tensor.Layout;
import io.ricci.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the define-by-run computational graph: a value, the gradient of the last
 * {@link #backward()} with respect to it, and (for results of ops) the op that made it with the
 * inputs and saved values its backward rule needs.
 *
 * <p>Gradients are kept on every node that requires one (not only on leaves, unlike PyTorch) so that
 * examples and graph pictures can show dL/d(intermediate). They accumulate: a second backward adds
 * to them, as PyTorch's {@code AccumulateGrad} does; call {@link #zeroGrad()} between steps.
 *
 * <p>Higher order: {@link #backward(Tensor, boolean, boolean)} with {@code createGraph} (or
 * {@link Autograd#grad}) records the backward pass itself, so a gradient is again a variable with a
 * graph ({@link #gradVariable()}) and can be differentiated: gradients of gradients, Hessian-vector
 * products ({@link Autograd#hvp}), Hessians ({@link Autograd#hessian}). One engine
 * ({@link #propagate}) and one rule per op serve both modes; {@link Autograd} explains how.
 */
public final class Variable {
    private final Tensor value;
    private final boolean requiresGrad;
    private final String name;
    final Node node;
    private Tensor grad;
    /** With a createGraph backward: the recorded gradient, whose value is {@link #grad}. */
    private Variable gradVar;

    /** A leaf: an input or parameter. */
    public Variable(Tensor value, String name, boolean requiresGrad) {
        this(value, name, requiresGrad, null);
    }

    /** A leaf that requires a gradient. */
    public Variable(Tensor value, String name) {
        this(value, name, true, null);
    }

    /** An unnamed leaf that requires a gradient. */
    public Variable(Tensor value) {
        this(value, null, true, null);
    }

    Variable(Tensor value, String name, boolean requiresGrad, Node node) {
        this.value = value;
        this.name = name;
        this.requiresGrad = requiresGrad;
        this.node = node;
    }

    /** A leaf holding a constant (no gradient). */
    public static Variable constant(Tensor value) {
        return new Variable(value, null, false, null);
    }

    public Tensor value() {
        return value;
    }

    /** The accumulated gradient, same shape and dtype as the value; {@code null} before any backward. */
    public Tensor grad() {
        return grad;
    }

    public String name() {
        return name;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for inputs and parameters, false for results of ops. */
    public boolean isLeaf() {
        return node == null;
    }

    /** Name of the op that produced this variable, or {@code "leaf"}. */
    public String op() {
        return node == null ? "leaf" : node.op;
    }

    /** The inputs of the op that produced this variable (empty for a leaf). */
    public List<Variable> inputs() {
        return node == null ? List.of() : List.of(node.inputs);
    }

    public int[] shape() {
        return value.shape();
    }

    /** Forgets the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
        gradVar = null;
    }

    /** A new leaf sharing this value, cut from the graph (PyTorch's {@code detach}). */
    public Variable detach() {
        return new Variable(value, name, false, null);
    }

    // ---------------------------------------------------------------- backward

    /** Backpropagates from this scalar (size-1) variable with upstream gradient 1, freeing saved values. */
    public void backward() {
        if (value.size() != 1) {
            throw new IllegalStateException("backward: output of shape " + Layout.format(value.shape())
                    + " is not a scalar, and a gradient can be created implicitly only for scalar outputs;"
                    + " pass an upstream gradient of shape " + Layout.format(value.shape()));
        }
        backward(Tensor.ones(value.dtype(), value.shape()), false);
    }

    /**
     * Backpropagates {@code upstream} (dL/dthis) through the graph in reverse topological order and
     * adds dL/dv to {@code v.grad()} of every variable v that requires a gradient. Iterative, with
     * per-node dependency counts, so a node runs only after all its consumers have contributed and
     * deep graphs cannot overflow the stack. Unless {@code retainGraph}, the saved values of every
     * op passed are released, and a later backward through them fails.
     */
    public void backward(Tensor upstream, boolean retainGraph) {
        backward(upstream, retainGraph, false);
    }

    /**
     * {@link #backward(Tensor, boolean)} that, with {@code createGraph}, also records the backward
     * pass itself (PyTorch's {@code create_graph=True}): every {@link #gradVariable()} is then a
     * variable whose own graph can be differentiated again (gradients of gradients, Hessian-vector
     * products). {@code createGraph} implies {@code retainGraph}, since the recorded gradients refer
     * to the values this graph saved. The gradient tensors are the same numbers either way.
     */
    public void backward(Tensor upstream, boolean retainGraph, boolean createGraph) {
        checkUpstream(upstream);
        propagate(new Variable[] {this}, new Variable[] {constant(upstream)}, retainGraph || createGraph, createGraph, null);
    }

    /**
     * The accumulated gradient as a variable: after a {@code createGraph} backward it carries the graph
     * of the backward pass (differentiate it again with {@link Autograd#grad}); otherwise a constant
     * holding {@link #grad()}; {@code null} before any backward.
     */
    public Variable gradVariable() {
        if (gradVar != null && gradVar.value() == grad) {
            return gradVar;
        }
        return grad == null ? null : constant(grad);
    }

    private void checkUpstream(Tensor upstream) {
        if (!java.util.Arrays.equals(upstream.shape(), value.shape())) {
            throw new IllegalArgumentException("backward: upstream gradient has shape "
                    + Layout.format(upstream.shape()) + " but the output has shape " + Layout.format(value.shape()));
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this variable does not require a gradient "
                    + "(it was computed from constants only or inside a no-grad scope)");
        }
    }

    /**
     * The one reverse-mode engine behind {@link #backward} and {@link Autograd#grad}. Seeds each root
     * with its upstream gradient (summed when a root repeats) and runs each op's {@link Rule} once all
     * consumers of its output have contributed. The rules are written with Variable operations: unless
     * {@code createGraph}, they run with recording off, so each of those operations is exactly the
     * tensor operation it wraps and the pass is the plain tensor backward; with {@code createGraph}
     * they are recorded like any forward computation.
     *
     * <p>With {@code targets == null} every variable passed gets its gradient accumulated into
     * {@link #grad()} (and, with {@code createGraph}, {@link #gradVariable()}). Otherwise nothing is
     * accumulated: only the ops on a path to a target run, and the gradients of the targets are
     * returned (constant zeros for a target no root depends on), as PyTorch's {@code autograd.grad}.
     */
    static Variable[] propagate(Variable[] roots, Variable[] upstreams, boolean retainGraph, boolean createGraph,
            Variable[] targets) {
        // Count, for each variable, how many edges from op nodes in the graph point to it.
        Map<Variable, Integer> deps = new IdentityHashMap<>();
        ArrayDeque<Variable> stack = new ArrayDeque<>();
        for (Variable r : roots) {
            if (r.requiresGrad && !deps.containsKey(r)) {
                deps.put(r, 0);
                stack.push(r);
            }
        }
        List<Variable> reached = new ArrayList<>();
        while (!stack.isEmpty()) {
            Variable v = stack.pop();
            reached.add(v);
            if (v.node == null) {
                continue;
            }
            for (Variable in : v.node.inputs) {
                if (!in.requiresGrad) {
                    continue;
                }
                Integer c = deps.get(in);
                deps.put(in, c == null ? 1 : c + 1);
                if (c == null) {
                    stack.push(in);
                }
            }
        }
        Map<Variable, Boolean> useful = targets == null ? null : useful(deps, reached, targets);
        Map<Variable, Variable> pending = new IdentityHashMap<>();
        for (int i = 0; i < roots.length; i++) {
            if (roots[i].requiresGrad && (useful == null || useful.get(roots[i]))) {
                Variable prev = pending.get(roots[i]);
                pending.put(roots[i], prev == null ? upstreams[i] : Autograd.add(prev, upstreams[i]));
            }
        }
        ArrayDeque<Variable> ready = new ArrayDeque<>();
        for (Variable r : pending.keySet()) {
            if (deps.get(r) == 0) {
                ready.push(r);
            }
        }
        Map<Variable, Variable> found = targets == null ? null : new IdentityHashMap<>();
        List<Node> passed = new ArrayList<>();
        if (!createGraph) {
            Autograd.enterNoGrad();
        }
        try {
            while (!ready.isEmpty()) {
                Variable v = ready.pop();
                Variable g = pending.remove(v);
                if (g.value.dtype() != v.value.dtype()) {
                    // A gradient has its variable's dtype (PyTorch): a float64 upstream for a float32 leaf rounds.
                    g = Autograd.cast(g, v.value.dtype());
                }
                if (found != null) {
                    if (isTarget(v, targets)) {
                        found.put(v, g);
                    }
                } else {
                    v.accumulate(g, isTarget(v, roots), createGraph);
                }
                if (v.node == null) {
                    continue;
                }
                Node n = v.node;
                if (n.rule == null) {
                    throw new IllegalStateException("backward: the saved values of op '" + n.op
                            + "' were freed by an earlier backward(); call backward(upstream, true) the first time to retain them");
                }
                n.checkVersions();
                Variable[] gin = n.rule.backward(g, v);
                passed.add(n);
                for (int i = 0; i < n.inputs.length; i++) {
                    Variable in = n.inputs[i];
                    if (!in.requiresGrad || (useful != null && !useful.get(in))) {
                        continue;
                    }
                    Variable gi = gin[i];
                    if (gi != null && !java.util.Arrays.equals(gi.value.shape(), in.value.shape())) {
                        throw new IllegalStateException("backward rule of '" + n.op + "' returned a gradient of shape "
                                + Layout.format(gi.value.shape()) + " for input " + i + " of shape "
                                + Layout.format(in.value.shape()));
                    }
                    if (gi != null) {
                        Variable prev = pending.get(in);
                        pending.put(in, prev == null ? gi : Autograd.add(prev, gi));
                    }
                    int left = deps.merge(in, -1, Integer::sum);
                    if (left == 0) {
                        if (!pending.containsKey(in)) {
                            pending.put(in, constant(Tensor.zeros(in.value.dtype(), in.value.shape())));
                        }
                        ready.push(in);
                    }
                }
            }
        } finally {
            if (!createGraph) {
                Autograd.exitNoGrad();
            }
        }
        if (!retainGraph) {
            for (Node n : passed) {
                n.rule = null;
            }
        }
        if (targets == null) {
            return null;
        }
        Variable[] out = new Variable[targets.length];
        for (int i = 0; i < targets.length; i++) {
            Variable g = found.get(targets[i]);
            out[i] = g != null ? g : constant(Tensor.zeros(targets[i].value.dtype(), targets[i].value.shape()));
        }
        return out;
    }

    /** Adds one backward's gradient g to this variable's. */
    private void accumulate(Variable gv, boolean root, boolean createGraph) {
        Tensor g = gv.value;
        Tensor before = grad;
        // A leaf's gradient is the caller's to modify (optimizers and clipping write it in place), so it
        // gets its own copy; an intermediate's is read-only, kept for inspection, and a copy of every
        // one of them per step was a tenth of an MNIST step.
        grad = grad != null ? grad.add(g) : node == null || root ? g.copy() : g;
        if (createGraph) {
            Variable prev = before == null ? null : gradVar != null && gradVar.value() == before ? gradVar : constant(before);
            // The recorded sum has the same value as grad; the variable is rebuilt around grad so both agree.
            Variable sum = prev == null ? gv : Autograd.add(prev, gv);
            gradVar = sum.value == grad ? sum : Autograd.alias(sum, grad);
        }
    }

    private static boolean isTarget(Variable v, Variable[] targets) {
        for (Variable t : targets) {
            if (t == v) {
                return true;
            }
        }
        return false;
    }

    /** For each reached variable, whether a target is reachable from it (it is one, or an input leads to one). */
    private static Map<Variable, Boolean> useful(Map<Variable, Integer> deps, List<Variable> reached, Variable[] targets) {
        // Kahn's order from the roots: every consumer before the variables it reads.
        Map<Variable, Integer> left = new IdentityHashMap<>(deps);
        ArrayDeque<Variable> queue = new ArrayDeque<>();
        for (Variable v : reached) {
            if (left.get(v) == 0) {
                queue.add(v);
            }
        }
        List<Variable> order = new ArrayList<>();
        while (!queue.isEmpty()) {
            Variable v = queue.poll();
            order.add(v);
            if (v.node != null) {
                for (Variable in : v.node.inputs) {
                    if (in.requiresGrad && left.merge(in, -1, Integer::sum) == 0) {
                        queue.add(in);
                    }
                }
            }
        }
        Map<Variable, Boolean> useful = new IdentityHashMap<>();
        for (int k = order.size() - 1; k >= 0; k--) {
            Variable v = order.get(k);
            boolean u = isTarget(v, targets);
            if (!u && v.node != null) {
                for (Variable in : v.node.inputs) {
                    if (in.requiresGrad && useful.get(in)) {
                        u = true;
                        break;
                    }
                }
            }
            useful.put(v, u);
        }
        // Drop the edges into variables that lead nowhere: a variable is ready once its useful consumers ran.
        for (Variable v : order) {
            deps.put(v, 0);
        }
        for (Variable v : order) {
            if (useful.get(v) && v.node != null) {
                for (Variable in : v.node.inputs) {
                    if (in.requiresGrad && useful.get(in)) {
                        deps.merge(in, 1, Integer::sum);
                    }
                }
            }
        }
        return useful;
    }

    // ---------------------------------------------------------------- fluent ops (see Autograd)

    public Variable add(Variable o) {
        return Autograd.add(this, o);
    }

    public Variable sub(Variable o) {
        return Autograd.sub(this, o);
    }

    public Variable mul(Variable o) {
        return Autograd.mul(this, o);
    }

    public Variable div(Variable o) {
        return Autograd.div(this, o);
    }

    // ---------------------------------------------------------------- scalar arithmetic (constant s)

    /** this · s. */
    public Variable mul(double s) {
        return Autograd.scale(this, s);
    }

    /** this / s. */
    public Variable div(double s) {
        return Autograd.divide(this, s);
    }

    /** this + s. */
    public Variable add(double s) {
        return Autograd.shift(this, s);
    }

    /** this - s. */
    public Variable sub(double s) {
        return Autograd.shift(this, -s);
    }

    /** s - this. */
    public Variable rsub(double s) {
        return Autograd.shift(Autograd.neg(this), s);
    }

    /** s / this. */
    public Variable rdiv(double s) {
        return Autograd.rdiv(this, s);
    }

    public Variable neg() {
        return Autograd.neg(this);
    }

    public Variable matmul(Variable o) {
        return Autograd.matmul(this, o);
    }

    public Variable exp() {
        return Autograd.exp(this);
    }

    public Variable log() {
        return Autograd.log(this);
    }

    public Variable pow(double p) {
        return Autograd.pow(this, p);
    }

    public Variable sum(int... axes) {
        return Autograd.sum(this, axes, false);
    }

    public Variable mean(int... axes) {
        return Autograd.mean(this, axes, false);
    }

    public Variable relu() {
        return Autograd.relu(this);
    }

    public Variable sigmoid() {
        return Autograd.sigmoid(this);
    }

    public Variable tanh() {
        return Autograd.tanh(this);
    }

    public Variable reshape(int... shape) {
        return Autograd.reshape(this, shape);
    }

    public Variable slice(int axis, Integer start, Integer stop, int step) {
        return Autograd.slice(this, axis, start, stop, step);
    }

    public Variable select(int axis, int index) {
        return Autograd.select(this, axis, index);
    }

    public Variable permute(int... axes) {
        return Autograd.permute(this, axes);
    }

    @Override
    public String toString() {
        return (name != null ? name : op()) + Layout.format(value.shape());
    }

    /** The op that produced a variable: its inputs and the rule that maps dL/dout to dL/dinputs. */
    static final class Node {
        final String op;
        final Variable[] inputs;
        Rule rule;

        /** Which tensors the rule reads (see {@link Autograd#record(String, Tensor, int, Rule, Variable...)}). */
        final int saves;
        /** The op's output value and the versions of the saved tensors when the op ran (-1 = not saved). */
        final Tensor output;
        final int[] versions;

        Node(String op, Variable[] inputs, Rule rule) {
            this(op, inputs, rule, Autograd.SAVES_NOTHING, null);
        }

        Node(String op, Variable[] inputs, Rule rule, int saves, Tensor output) {
            this.op = op;
            this.inputs = inputs;
            this.rule = rule;
            this.saves = saves;
            this.output = output;
            this.versions = new int[inputs.length + 1];
            for (int i = 0; i <= inputs.length; i++) {
                Tensor t = saved(i);
                versions[i] = t == null ? -1 : t.version();
            }
        }

        /** Saved tensor i (an input for i < inputs.length, the output for i = inputs.length), or null. */
        private Tensor saved(int i) {
            if (i == inputs.length) {
                return (saves & Autograd.SAVES_OUTPUT) != 0 ? output : null;
            }
            return i < 31 && (saves & (1 << i)) != 0 ? inputs[i].value() : null;
        }

        /** Refuses to run the rule on a saved tensor written in place since the op ran (PyTorch's check). */
        void checkVersions() {
            for (int i = 0; i < versions.length; i++) {
                Tensor t = saved(i);
                if (t != null && t.version() != versions[i]) {
                    String which = i == inputs.length ? "output 0" : "input " + i;
                    String nm = i < inputs.length && inputs[i].name() != null ? " '" + inputs[i].name() + "'" : "";
                    throw new IllegalStateException("backward: one of the tensors needed for gradient computation "
                            + "has been modified by an inplace operation: " + which + nm + " of '" + op + "' ("
                            + t.dtype().numpyName() + ", shape " + Layout.format(t.shape()) + ") is at version " + t.version()
                            + "; expected version " + versions[i]);
                }
            }
        }
    }

    /**
     * A backward rule: given dL/dout {@code g} and the op's output {@code out}, returns dL/dinput for
     * each input ({@code null} = no gradient), computed with Variable operations on g, the op's input
     * variables and out (see {@link Autograd} for why one form serves both backward modes).
     */
    @FunctionalInterface
    interface Rule {
        Variable[] backward(Variable g, Variable out);
    }
}
