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
 */
public final class Variable {
    private final Tensor value;
    private final boolean requiresGrad;
    private final String name;
    final Node node;
    private Tensor grad;

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
        if (!java.util.Arrays.equals(upstream.shape(), value.shape())) {
            throw new IllegalArgumentException("backward: upstream gradient has shape "
                    + Layout.format(upstream.shape()) + " but the output has shape " + Layout.format(value.shape()));
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this variable does not require a gradient "
                    + "(it was computed from constants only or inside a no-grad scope)");
        }
        // Count, for each variable, how many edges from op nodes in the graph point to it.
        Map<Variable, Integer> deps = new IdentityHashMap<>();
        ArrayDeque<Variable> stack = new ArrayDeque<>();
        deps.put(this, 0);
        stack.push(this);
        while (!stack.isEmpty()) {
            Variable v = stack.pop();
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
        Map<Variable, Tensor> pending = new IdentityHashMap<>();
        pending.put(this, upstream);
        ArrayDeque<Variable> ready = new ArrayDeque<>();
        ready.push(this);
        List<Node> passed = new ArrayList<>();
        while (!ready.isEmpty()) {
            Variable v = ready.pop();
            Tensor g = pending.remove(v);
            if (g.dtype() != v.value.dtype()) {
                // A gradient has its variable's dtype (PyTorch): a float64 upstream for a float32 leaf rounds.
                g = g.astype(v.value.dtype());
            }
            // A leaf's gradient is the caller's to modify (optimizers and clipping write it in place), so it
            // gets its own copy; an intermediate's is read-only, kept for inspection, and a copy of every
            // one of them per step was a tenth of an MNIST step.
            v.grad = v.grad != null ? v.grad.add(g) : v.node == null || v == this ? g.copy() : g;
            if (v.node == null) {
                continue;
            }
            Node n = v.node;
            if (n.rule == null) {
                throw new IllegalStateException("backward: the saved values of op '" + n.op
                        + "' were freed by an earlier backward(); call backward(upstream, true) the first time to retain them");
            }
            n.checkVersions();
            Tensor[] gin = n.rule.backward(g);
            passed.add(n);
            for (int i = 0; i < n.inputs.length; i++) {
                Variable in = n.inputs[i];
                if (!in.requiresGrad) {
                    continue;
                }
                Tensor gi = gin[i];
                if (gi != null && !java.util.Arrays.equals(gi.shape(), in.value.shape())) {
                    throw new IllegalStateException("backward rule of '" + n.op + "' returned a gradient of shape "
                            + Layout.format(gi.shape()) + " for input " + i + " of shape " + Layout.format(in.value.shape()));
                }
                if (gi != null) {
                    Tensor prev = pending.get(in);
                    pending.put(in, prev == null ? gi : prev.add(gi));
                }
                int left = deps.merge(in, -1, Integer::sum);
                if (left == 0) {
                    if (!pending.containsKey(in)) {
                        pending.put(in, Tensor.zeros(in.value.dtype(), in.value.shape()));
                    }
                    ready.push(in);
                }
            }
        }
        if (!retainGraph) {
            for (Node n : passed) {
                n.rule = null;
            }
        }
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

    /** A backward rule: given dL/dout, returns dL/dinput for each input ({@code null} = no gradient). */
    @FunctionalInterface
    interface Rule {
        Tensor[] backward(Tensor g);
    }
}
