package io.ricci.nn.autograd;

import io.ricci.tensor.DType;
import io.ricci.tensor.Layout;
import io.ricci.tensor.Tensor;
import java.util.Arrays;

/**
 * The differentiable primitives and their backward rules, one short entry per primitive next to
 * its forward (as JAX and micrograd keep them). Each entry computes the value with the tensor core
 * and records a {@link Variable.Rule} mapping the upstream gradient {@code g = dL/dout} to
 * {@code dL/dinput} per input; broadcasting's backward is the sum over the broadcast axes
 * ({@link #unbroadcast}, i.e. 1ᵀ·g).
 *
 * <p>Nothing is recorded inside a {@link #noGrad()} scope or when no input requires a gradient.
 *
 * <h2>One rule, two backward modes</h2>
 * Each rule is written once, with the Variable operations of this class applied to g, the op's
 * input variables and its output (a rule's "saved values" are those variables). The engine
 * ({@link Variable#propagate}) runs the rules either
 * <ul>
 *   <li>with recording off (every backward without {@code createGraph}): a Variable operation then
 *   records nothing and returns a constant holding exactly the tensor its forward computes, so a rule
 *   is the same sequence of tensor operations it was when rules mapped tensors to tensors, bit for
 *   bit, at the cost of one small wrapper object per operation; or</li>
 *   <li>with recording on ({@code createGraph}): the same operations build the graph of the gradient,
 *   which {@link #grad}, {@link #hvp} and {@link #hessian} differentiate again.</li>
 * </ul>
 * So there is one engine and one rule table, and a rule's derivative is the derivative of the
 * operations it is written with. That is why the rules use a few primitives of their own, each the
 * adjoint of another: {@link #unbroadcast} (of broadcasting), {@code sliceScatter} and
 * {@code selectScatter} (of slice and select), col2im (of im2col), the max-pool scatter and gather,
 * the einsum diagonal scatter ({@link EinsumGrad}); comparisons (the masks of relu, max, maximum)
 * enter as constants, their derivative being zero almost everywhere. A rule that needs a different
 * fast form than its differentiable one (cross-entropy's fused softmax-minus-one-hot) is itself a
 * primitive whose forward is the fast tensor code and whose rule is written with Variable operations.
 */
public final class Autograd {
    private static final ThreadLocal<int[]> NO_GRAD = ThreadLocal.withInitial(() -> new int[1]);

    private Autograd() {
    }

    /** A scope in which ops record nothing: {@code try (var s = Autograd.noGrad()) { ... }}. */
    public static AutoCloseable noGrad() {
        int[] depth = NO_GRAD.get();
        depth[0]++;
        return new NoGradScope(depth);
    }

    private record NoGradScope(int[] depth) implements AutoCloseable {
        @Override
        public void close() {
            depth[0]--;
        }
    }

    /** True when ops currently record the graph. */
    public static boolean isGradEnabled() {
        return NO_GRAD.get()[0] == 0;
    }

    /** Opens a no-grad scope without an object (the engine's backward without createGraph). */
    static void enterNoGrad() {
        NO_GRAD.get()[0]++;
    }

    static void exitNoGrad() {
        NO_GRAD.get()[0]--;
    }

    /** {@link #record(String, Tensor, int, Variable.Rule, Variable...)} saving every input (the safe default). */
    static Variable record(String op, Tensor value, Variable.Rule rule, Variable... inputs) {
        return record(op, value, SAVES_INPUTS, rule, inputs);
    }

    /** Bit for "the rule reads the op's output"; bit i (i < 31) for "the rule reads input i". */
    static final int SAVES_OUTPUT = 1 << 31;
    static final int SAVES_NOTHING = 0;
    static final int SAVES_INPUTS = ~SAVES_OUTPUT;

    /**
     * Records an op. {@code saves} says which tensors the rule reads (bits per input, and
     * {@link #SAVES_OUTPUT}): their version counters are noted now and checked by backward, which
     * refuses to run the rule on a tensor modified in place since (PyTorch's tape check). Rules that
     * read only shapes save nothing, so in-place writes to their operands stay legal.
     */
    static Variable record(String op, Tensor value, int saves, Variable.Rule rule, Variable... inputs) {
        boolean any = false;
        for (Variable v : inputs) {
            any |= v.requiresGrad();
        }
        if (!any || !isGradEnabled()) {
            return new Variable(value, null, false, null);
        }
        return new Variable(value, null, true, new Variable.Node(op, inputs, rule, saves, value));
    }

    /**
     * Sums {@code g} over the axes along which an operand of {@code shape} was broadcast to g's shape
     * (leading axes, and axes where the operand had size 1): the adjoint of broadcasting.
     */
    public static Tensor unbroadcast(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        int[] axes = new int[gs.length];
        int k = 0;
        for (int d = 0; d < gs.length; d++) {
            if (d < lead || (shape[d - lead] == 1 && gs[d] != 1)) {
                axes[k++] = d;
            }
        }
        Tensor s = g.sum(Arrays.copyOf(axes, k), true);
        return s.reshape(shape);
    }

    /** {@link #unbroadcast(Tensor, int[])} on a variable: the same sum and reshape, differentiable. */
    public static Variable unbroadcast(Variable g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        int[] axes = new int[gs.length];
        int k = 0;
        for (int d = 0; d < gs.length; d++) {
            if (d < lead || (shape[d - lead] == 1 && gs[d] != 1)) {
                axes[k++] = d;
            }
        }
        return reshape(sum(g, Arrays.copyOf(axes, k), true), shape);
    }

    // ---------------------------------------------------------------- higher order

    /**
     * The gradients of {@code outputs} with respect to {@code inputs} (PyTorch's
     * {@code torch.autograd.grad}): {@code Σ_k gradOutputs[k]ᵀ · ∂outputs[k]/∂inputs[i]} for each input.
     * {@code gradOutputs} may be null (ones, for size-1 outputs only) and may hold variables that
     * require gradients themselves. Nothing is accumulated into {@link Variable#grad()}; an input no
     * output depends on gets zeros, and an output that requires no gradient contributes nothing. With
     * {@code createGraph} the returned gradients carry the graph of this backward pass and can be
     * differentiated again; {@code retainGraph} keeps the saved values of the ops passed for another
     * backward (implied by createGraph).
     */
    public static Variable[] grad(Variable[] outputs, Variable[] inputs, Variable[] gradOutputs, boolean retainGraph,
            boolean createGraph) {
        if (gradOutputs != null && gradOutputs.length != outputs.length) {
            throw new IllegalArgumentException("grad: " + gradOutputs.length + " gradOutputs for " + outputs.length
                    + " outputs");
        }
        Variable[] ups = new Variable[outputs.length];
        for (int k = 0; k < outputs.length; k++) {
            Variable o = outputs[k];
            Variable u = gradOutputs == null ? null : gradOutputs[k];
            if (u == null) {
                if (o.value().size() != 1) {
                    throw new IllegalArgumentException("grad: output " + k + " of shape " + Layout.format(o.shape())
                            + " is not a scalar, and a gradient can be created implicitly only for scalar outputs;"
                            + " pass gradOutputs[" + k + "] of shape " + Layout.format(o.shape()));
                }
                u = Variable.constant(Tensor.ones(o.value().dtype(), o.shape()));
            } else if (!Arrays.equals(u.shape(), o.shape())) {
                throw new IllegalArgumentException("grad: gradOutputs[" + k + "] has shape " + Layout.format(u.shape())
                        + " but output " + k + " has shape " + Layout.format(o.shape()));
            }
            ups[k] = u;
        }
        return Variable.propagate(outputs, ups, retainGraph || createGraph, createGraph, inputs);
    }

    /** {@link #grad(Variable[], Variable[], Variable[], boolean, boolean)} retaining the graph when createGraph. */
    public static Variable[] grad(Variable[] outputs, Variable[] inputs, Variable[] gradOutputs, boolean createGraph) {
        return grad(outputs, inputs, gradOutputs, createGraph, createGraph);
    }

    /** d output / d input for a size-1 output. */
    public static Variable grad(Variable output, Variable input, boolean createGraph) {
        return grad(new Variable[] {output}, new Variable[] {input}, null, createGraph)[0];
    }

    /**
     * Hessian-vector products of a scalar function at {@code xs} in the directions {@code vs} (one per
     * input, same shapes): {@code (H v)_i = Σ_j ∂²f/∂x_i∂x_j · v_j}, by double backward. The gradient
     * is taken once with createGraph, then {@code Σ_i ⟨∇_i f, v_i⟩} is differentiated again.
     */
    public static Tensor[] hvp(java.util.function.Function<Variable[], Variable> f, Tensor[] xs, Tensor[] vs) {
        if (vs.length != xs.length) {
            throw new IllegalArgumentException("hvp: " + vs.length + " directions for " + xs.length + " inputs");
        }
        Variable[] x = leaves("hvp", xs);
        Variable[] g = gradient("hvp", f, x);
        Variable[] v = new Variable[xs.length];
        for (int i = 0; i < xs.length; i++) {
            if (!Arrays.equals(vs[i].shape(), xs[i].shape())) {
                throw new IllegalArgumentException("hvp: direction " + i + " has shape " + Layout.format(vs[i].shape())
                        + " but input " + i + " has shape " + Layout.format(xs[i].shape()));
            }
            v[i] = Variable.constant(vs[i]);
        }
        Variable[] hv = grad(g, x, v, false, false);
        Tensor[] out = new Tensor[hv.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = hv[i].value();
        }
        return out;
    }

    /** {@link #hvp(java.util.function.Function, Tensor[], Tensor[])} for one input. */
    public static Tensor hvp(java.util.function.Function<Variable, Variable> f, Tensor x, Tensor v) {
        return hvp(a -> f.apply(a[0]), new Tensor[] {x}, new Tensor[] {v})[0];
    }

    /**
     * The Hessian of a scalar function at x, of shape {@code x.shape ++ x.shape}, built row by row: the
     * gradient graph is recorded once, then backpropagated from each unit vector e_i, each pass giving
     * {@code H e_i} (row i, H being symmetric). n = x.size() backward passes.
     */
    public static Tensor hessian(java.util.function.Function<Variable, Variable> f, Tensor x) {
        Variable[] xv = leaves("hessian", new Tensor[] {x});
        Variable g = gradient("hessian", a -> f.apply(a[0]), xv)[0];
        int n = x.size();
        int[] shape = x.shape();
        int[] hs = new int[2 * shape.length];
        System.arraycopy(shape, 0, hs, 0, shape.length);
        System.arraycopy(shape, 0, hs, shape.length, shape.length);
        Tensor h = Tensor.zeros(x.dtype(), n, n);
        if (!g.requiresGrad()) {
            return h.reshape(hs); // the gradient is constant: f is at most linear in x
        }
        Variable[] gs = {g};
        for (int i = 0; i < n; i++) {
            Tensor e = Tensor.zeros(x.dtype(), n);
            e.set(1, i);
            Variable row = grad(gs, xv, new Variable[] {Variable.constant(e.reshape(shape))}, true, false)[0];
            h.select(0, i).assign(row.value().reshape(n));
        }
        return h.reshape(hs);
    }

    private static Variable[] leaves(String op, Tensor[] xs) {
        Variable[] x = new Variable[xs.length];
        for (int i = 0; i < xs.length; i++) {
            if (!xs[i].dtype().isFloat()) {
                throw new IllegalArgumentException(op + ": input " + i + " has dtype " + xs[i].dtype().numpyName()
                        + "; derivatives need float32 or float64");
            }
            x[i] = new Variable(xs[i], "x" + i);
        }
        return x;
    }

    /** The recorded gradient of f at the leaves x (the first half of a double backward). */
    private static Variable[] gradient(String op, java.util.function.Function<Variable[], Variable> f, Variable[] x) {
        Variable y = f.apply(x);
        if (y.value().size() != 1) {
            throw new IllegalArgumentException(op + ": the function returned shape " + Layout.format(y.shape())
                    + "; it must return a scalar");
        }
        if (!y.requiresGrad()) {
            Variable[] z = new Variable[x.length];
            for (int i = 0; i < z.length; i++) {
                z[i] = Variable.constant(Tensor.zeros(x[i].value().dtype(), x[i].shape()));
            }
            return z;
        }
        return grad(new Variable[] {y}, x, null, true, true);
    }

    // ---------------------------------------------------------------- primitives the rules are written with

    /** A copy of a in another dtype: da = g cast back. */
    static Variable cast(Variable a, DType dtype) {
        DType from = a.value().dtype();
        return record("astype", a.value().astype(dtype), SAVES_NOTHING, (g, y) -> new Variable[] {cast(g, from)}, a);
    }

    /** A variable holding {@code value} (equal to a's value) whose gradient passes to a unchanged. */
    static Variable alias(Variable a, Tensor value) {
        return record("alias", value, SAVES_NOTHING, (g, y) -> new Variable[] {g}, a);
    }

    /** Row-major copy (or a itself when contiguous): da = g. */
    static Variable contiguous(Variable a) {
        return record("contiguous", a.value().contiguous(), SAVES_NOTHING, (g, y) -> new Variable[] {g}, a);
    }

    /** A view with a size-1 axis inserted: da = g reshaped back. */
    static Variable unsqueeze(Variable a, int axis) {
        int[] old = a.shape();
        return record("unsqueeze", a.value().unsqueeze(axis), SAVES_NOTHING, (g, y) -> new Variable[] {reshape(g, old)}, a);
    }

    /** The last two axes swapped (a view, the same layout as Tensor.transpose(-1, -2)). */
    static Variable swapLast(Variable a) {
        int r = a.value().rank();
        int[] perm = new int[r];
        for (int d = 0; d < r; d++) {
            perm[d] = d;
        }
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return permute(a, perm);
    }

    /** a²: da = g ⊙ 2a. */
    static Variable square(Variable a) {
        return record("square", a.value().square(), 1, (g, y) -> new Variable[] {mul(g, scale(a, 2))}, a);
    }

    /** s - a for a constant s, as one op: da = -g. */
    static Variable rsubOp(Variable a, double s) {
        return record("rsub", a.value().rsub(s), SAVES_NOTHING, (g, y) -> new Variable[] {neg(g)}, a);
    }

    /** Zeros of {@code shape} with g written into a[start:stop:step] along axis (slice's adjoint): dg = slice. */
    static Variable sliceScatter(Variable g, int[] shape, int axis, Integer start, Integer stop, int step) {
        Tensor da = Tensor.zeros(g.value().dtype(), shape);
        da.slice(axis, start, stop, step).assign(g.value());
        return record("sliceScatter", da, SAVES_NOTHING, (h, y) -> new Variable[] {slice(h, axis, start, stop, step)}, g);
    }

    /** Zeros of {@code shape} with g written at index along axis (select's adjoint): dg = select. */
    static Variable selectScatter(Variable g, int[] shape, int axis, int index) {
        Tensor da = Tensor.zeros(g.value().dtype(), shape);
        da.select(axis, index).assign(g.value());
        return record("selectScatter", da, SAVES_NOTHING, (h, y) -> new Variable[] {select(h, axis, index)}, g);
    }

    // ---------------------------------------------------------------- arithmetic

    /** a + b (broadcast): da = Σ_bcast g, db = Σ_bcast g. */
    public static Variable add(Variable a, Variable b) {
        return record("add", a.value().add(b.value()), SAVES_NOTHING,
                (g, y) -> new Variable[] {unbroadcast(g, a.shape()), unbroadcast(g, b.shape())}, a, b);
    }

    /** a - b: da = g, db = -g. */
    public static Variable sub(Variable a, Variable b) {
        return record("sub", a.value().sub(b.value()), SAVES_NOTHING,
                (g, y) -> new Variable[] {unbroadcast(g, a.shape()), unbroadcast(neg(g), b.shape())}, a, b);
    }

    /** a ⊙ b: da = g ⊙ b, db = g ⊙ a (the multiplication gate swaps its inputs). */
    public static Variable mul(Variable a, Variable b) {
        return record("mul", a.value().mul(b.value()), 3,
                (g, y) -> new Variable[] {a.requiresGrad() ? unbroadcast(mul(g, b), a.shape()) : null,
                    b.requiresGrad() ? unbroadcast(mul(g, a), b.shape()) : null}, a, b);
    }

    /** a / b: da = g / b, db = -g·a / b². */
    public static Variable div(Variable a, Variable b) {
        return record("div", a.value().div(b.value()), 3, (g, y) -> new Variable[] {
            a.requiresGrad() ? unbroadcast(div(g, b), a.shape()) : null,
            b.requiresGrad() ? unbroadcast(neg(div(mul(g, a), square(b))), b.shape()) : null}, a, b);
    }

    /** -a: da = -g. */
    public static Variable neg(Variable a) {
        return record("neg", a.value().neg(), SAVES_NOTHING, (g, y) -> new Variable[] {neg(g)}, a);
    }

    /** a · s for a constant scalar s: da = s·g. */
    public static Variable scale(Variable a, double s) {
        return record("scale", a.value().mul(s), SAVES_NOTHING, (g, y) -> new Variable[] {scale(g, s)}, a);
    }

    /** a + s for a constant scalar s: da = g. */
    public static Variable shift(Variable a, double s) {
        return record("shift", a.value().add(s), SAVES_NOTHING, (g, y) -> new Variable[] {g}, a);
    }

    /** a / s for a constant scalar s: da = g / s. */
    public static Variable divide(Variable a, double s) {
        return record("div", a.value().div(s), SAVES_NOTHING, (g, y) -> new Variable[] {divide(g, s)}, a);
    }

    /** s / a for a constant scalar s: da = -g·s / a² = -g·y / a. */
    public static Variable rdiv(Variable a, double s) {
        return record("rdiv", a.value().rdiv(s), 1 | SAVES_OUTPUT, (g, y) -> new Variable[] {neg(div(mul(g, y), a))}, a);
    }

    /**
     * NumPy matmul (2-D, or batched with broadcast batch dims; 1-D operands are promoted):
     * dA = g·Bᵀ, dB = Aᵀ·g, each summed over broadcast batch dims.
     */
    public static Variable matmul(Variable a, Variable b) {
        return record("matmul", a.value().matmul(b.value()), 3, (g, y) -> {
            int ra = a.value().rank(), rb = b.value().rank();
            Variable a2 = ra == 1 ? unsqueeze(a, 0) : a;
            Variable b2 = rb == 1 ? unsqueeze(b, 1) : b;
            // Re-insert the axes that matmul removed for 1-d operands: n (last) first, then m.
            Variable g2 = g;
            if (rb == 1) {
                g2 = unsqueeze(g2, g2.value().rank());
            }
            if (ra == 1) {
                g2 = unsqueeze(g2, g2.value().rank() - 1);
            }
            // A product only for an input that wants a gradient (PyTorch's needs_input_grad): a network's
            // first layer would otherwise compute dX for the data, as large as its whole forward pass.
            Variable da = a.requiresGrad() ? reshape(unbroadcast(matmul(g2, swapLast(b2)), a2.shape()), a.shape()) : null;
            Variable db = b.requiresGrad() ? reshape(unbroadcast(matmul(swapLast(a2), g2), b2.shape()), b.shape()) : null;
            return new Variable[] {da, db};
        }, a, b);
    }

    /**
     * NumPy einsum: dA_k = einsum("out,others->s_k", g, others), itself an einsum (see
     * {@link EinsumGrad} for labels only A_k carries, diagonals and size-1 broadcasting).
     */
    public static Variable einsum(String spec, Variable... operands) {
        Tensor[] vals = new Tensor[operands.length];
        for (int i = 0; i < vals.length; i++) {
            vals[i] = operands[i].value();
        }
        EinsumGrad.Explicit e = EinsumGrad.explicit(spec, vals);
        return record("einsum " + spec, Tensor.einsum(spec, vals), (g, y) -> EinsumGrad.backward(e, g, operands), operands);
    }

    // ---------------------------------------------------------------- element-wise functions

    /** exp(a): da = g ⊙ exp(a). */
    public static Variable exp(Variable a) {
        return record("exp", a.value().exp(), SAVES_OUTPUT, (g, y) -> new Variable[] {mul(g, y)}, a);
    }

    /** log(a): da = g / a. */
    public static Variable log(Variable a) {
        return record("log", a.value().log(), 1, (g, y) -> new Variable[] {div(g, a)}, a);
    }

    /** a^p for a constant p: da = g ⊙ p·a^(p-1). */
    public static Variable pow(Variable a, double p) {
        return record("pow", a.value().pow(p), 1, (g, y) -> new Variable[] {mul(g, scale(pow(a, p - 1), p))}, a);
    }

    /** max(a, 0): da = g ⊙ [a > 0] (gradient 0 at 0, as PyTorch). */
    public static Variable relu(Variable a) {
        return record("relu", a.value().relu(), 1,
                (g, y) -> new Variable[] {mul(g, Variable.constant(a.value().gt(0)))}, a);
    }

    /** [a > 0] (Heaviside step): da = 0 almost everywhere. */
    public static Variable step(Variable a) {
        Tensor av = a.value();
        return record("step", av.gt(0).astype(av.dtype()), SAVES_NOTHING,
                (g, y) -> new Variable[] {Variable.constant(Tensor.zeros(av.dtype(), av.shape()))}, a);
    }

    /** σ(a) = 1/(1+e^-a): da = g ⊙ σ(1-σ). */
    public static Variable sigmoid(Variable a) {
        return record("sigmoid", a.value().sigmoid(), SAVES_OUTPUT,
                (g, y) -> new Variable[] {mul(g, mul(y, rsubOp(y, 1)))}, a);
    }

    /** tanh(a): da = g ⊙ (1 - tanh²). */
    public static Variable tanh(Variable a) {
        return record("tanh", a.value().tanh(), SAVES_OUTPUT, (g, y) -> new Variable[] {mul(g, rsubOp(square(y), 1))}, a);
    }

    /**
     * Element-wise max(a, b) with broadcasting: the gradient is routed to the larger input; on a tie
     * each side gets g/2 (PyTorch's {@code maximum}).
     */
    public static Variable maximum(Variable a, Variable b) {
        Tensor av = a.value(), bv = b.value();
        return record("maximum", av.maximum(bv), 3, (g, y) -> {
            // comparisons give bool: as 1.0/0.0 in the operands' float dtype, so the gradient keeps it
            DType dt = DType.promote(av.dtype(), bv.dtype());
            Tensor tie = av.eq(bv).astype(dt).mul(0.5);
            Tensor ga = av.gt(bv).astype(dt).add(tie);
            Tensor gb = bv.gt(av).astype(dt).add(tie);
            return new Variable[] {unbroadcast(mul(g, Variable.constant(ga)), a.shape()),
                unbroadcast(mul(g, Variable.constant(gb)), b.shape())};
        }, a, b);
    }

    // ---------------------------------------------------------------- reductions

    /** Σ over axes (none = all): da = g broadcast back over the summed axes. */
    public static Variable sum(Variable a, int[] axes, boolean keepdims) {
        int[] shape = a.shape();
        return record("sum", a.value().sum(axes, keepdims), SAVES_NOTHING,
                (g, y) -> new Variable[] {contiguous(expandBack(g, shape, axes, keepdims))}, a);
    }

    /** Mean over axes (none = all): da = g / N broadcast back. */
    public static Variable mean(Variable a, int[] axes, boolean keepdims) {
        int[] shape = a.shape();
        Tensor out = a.value().mean(axes, keepdims);
        double n = out.size() == 0 ? 1 : (double) a.value().size() / Math.max(1, out.size());
        return record("mean", out, SAVES_NOTHING, (g, y) -> new Variable[] {divide(expandBack(g, shape, axes, keepdims), n)}, a);
    }

    /**
     * Max over axes (none = all): the gradient goes to the maxima, shared evenly among ties (as
     * PyTorch's full reduction {@code max()} does).
     */
    public static Variable max(Variable a, int[] axes, boolean keepdims) {
        Tensor av = a.value();
        int[] shape = a.shape();
        Tensor m = av.max(axes, true);
        Tensor out = keepdims ? m : av.max(axes, false);
        return record("max", out, keepdims ? 1 | SAVES_OUTPUT : 1, (g, y) -> {
            Tensor hit = av.eq(m).astype(av.dtype());
            Tensor count = hit.sum(axes, true);
            return new Variable[] {div(mul(expandBack(g, shape, axes, keepdims), Variable.constant(hit)),
                Variable.constant(count))};
        }, a);
    }

    /** log Σ exp over axes: da = g ⊙ softmax(a) over those axes. */
    public static Variable logsumexp(Variable a, int[] axes, boolean keepdims) {
        Tensor av = a.value();
        int[] shape = a.shape();
        Tensor lse = av.logsumexp(axes, true);
        Tensor out = keepdims ? lse : av.logsumexp(axes, false);
        // The rule reads the keepdims value lse; without keepdims that is the output reshaped (the same numbers).
        return record("logsumexp", out, keepdims ? 1 | SAVES_OUTPUT : 1, (g, y) -> new Variable[] {
            mul(expandBack(g, shape, axes, keepdims), exp(sub(a, keepdims ? y : alias(reshape(y, lse.shape()), lse))))}, a);
    }

    /** softmax along axis: da = y ⊙ (g - Σ_axis g⊙y). */
    public static Variable softmax(Variable a, int axis) {
        return record("softmax", a.value().softmax(axis), SAVES_OUTPUT,
                (g, y) -> new Variable[] {mul(y, sub(g, sum(mul(g, y), new int[] {axis}, true)))}, a);
    }

    /** The gradient of a reduction, reshaped to keep the reduced axes and broadcast to {@code shape}. */
    private static Variable expandBack(Variable g, int[] shape, int[] axes, boolean keepdims) {
        if (!keepdims) {
            int[] kept = shape.clone();
            boolean[] reduced = reducedAxes(shape.length, axes);
            for (int d = 0; d < shape.length; d++) {
                if (reduced[d]) {
                    kept[d] = 1;
                }
            }
            g = reshape(g, kept);
        }
        return broadcastTo(g, shape);
    }

    private static boolean[] reducedAxes(int rank, int[] axes) {
        boolean[] r = new boolean[rank];
        if (axes == null || axes.length == 0) {
            Arrays.fill(r, true);
        } else {
            for (int ax : axes) {
                r[Layout.normalizeAxis(ax, rank, "reduce")] = true;
            }
        }
        return r;
    }

    // ---------------------------------------------------------------- movement

    /** reshape: da = g reshaped back. */
    public static Variable reshape(Variable a, int... shape) {
        int[] old = a.shape();
        return record("reshape", a.value().reshape(shape), SAVES_NOTHING, (g, y) -> new Variable[] {reshape(g, old)}, a);
    }

    /** permute(axes): da = g permuted by the inverse permutation. */
    public static Variable permute(Variable a, int... axes) {
        int[] inv = new int[axes.length];
        for (int d = 0; d < axes.length; d++) {
            inv[Layout.normalizeAxis(axes[d], axes.length, "permute")] = d;
        }
        return record("permute", a.value().permute(axes), SAVES_NOTHING,
                (g, y) -> new Variable[] {contiguous(permute(g, inv))}, a);
    }

    /** a[start:stop:step] along axis: da = zeros with g scattered into the slice. */
    public static Variable slice(Variable a, int axis, Integer start, Integer stop, int step) {
        Tensor av = a.value();
        return record("slice", av.slice(axis, start, stop, step), SAVES_NOTHING,
                (g, y) -> new Variable[] {sliceScatter(g, av.shape(), axis, start, stop, step)}, a);
    }

    /** a[..., index, ...] along axis (the axis is dropped): da = zeros with g written at index. */
    public static Variable select(Variable a, int axis, int index) {
        Tensor av = a.value();
        return record("select", av.select(axis, index), SAVES_NOTHING,
                (g, y) -> new Variable[] {selectScatter(g, av.shape(), axis, index)}, a);
    }

    /** broadcastTo(shape): da = Σ over the broadcast axes (1ᵀ·g). */
    public static Variable broadcastTo(Variable a, int... shape) {
        int[] old = a.shape();
        return record("broadcast", a.value().broadcastTo(shape), SAVES_NOTHING,
                (g, y) -> new Variable[] {contiguous(unbroadcast(g, old))}, a);
    }
    // ---------------------------------------------------------------- convolution (see ConvOps)

    /**
     * Unfolds x[N, C, H, W] into columns [N, C·KH·KW, OH·OW] (Caffe's im2col; padding reads zeros):
     * linear, so da = col2im(g), its adjoint, which sums each column entry back into the input
     * position it was read from.
     */
    public static Variable im2col(Variable x, int kh, int kw, int stride, int padding) {
        ConvOps.Geometry geo = ConvOps.Geometry.of("im2col", x.shape(), kh, kw, stride, padding);
        return im2col(x, geo, ConvOps.table(geo));
    }

    private static Variable im2col(Variable x, ConvOps.Geometry geo, int[] table) {
        return record("im2col", ConvOps.im2col(x.value(), geo, table), SAVES_NOTHING,
                (g, y) -> new Variable[] {col2im(g, geo, table)}, x);
    }

    /** col2im, im2col's adjoint (its gradient is im2col). */
    private static Variable col2im(Variable cols, ConvOps.Geometry geo, int[] table) {
        return record("col2im", ConvOps.col2im(cols.value(), geo, table), SAVES_NOTHING,
                (g, y) -> new Variable[] {im2col(g, geo, table)}, cols);
    }

    /**
     * 2-d cross-correlation (PyTorch's conv2d): x[N, C, H, W], w[O, C, KH, KW], optional bias b[O],
     * output [N, O, OH, OW] with OH = (H + 2·padding - KH) / stride + 1. Computed as im2col and one
     * batched GEMM {@code w[O, C·KH·KW] @ cols[N, C·KH·KW, OH·OW]}; the gradients come from the rules of
     * im2col, matmul, reshape and add.
     */
    public static Variable conv2d(Variable x, Variable w, Variable b, int stride, int padding) {
        int[] ws = w.shape();
        int[] xs = x.shape();
        if (ws.length != 4 || xs.length != 4 || ws[1] != xs[1]) {
            throw new IllegalArgumentException("conv2d: input of shape " + Layout.format(xs) + " and weight of shape "
                    + Layout.format(ws) + " do not match [N, C, H, W] with [O, C, KH, KW]");
        }
        if (b != null && (b.shape().length != 1 || b.shape()[0] != ws[0])) {
            throw new IllegalArgumentException("conv2d: bias of shape " + Layout.format(b.shape())
                    + " for " + ws[0] + " output channels; expected (" + ws[0] + ",)");
        }
        ConvOps.Geometry geo = ConvOps.Geometry.of("conv2d", xs, ws[2], ws[3], stride, padding);
        Variable cols = im2col(x, ws[2], ws[3], stride, padding);
        Variable y = w.reshape(ws[0], geo.rows()).matmul(cols).reshape(xs[0], ws[0], geo.oh(), geo.ow());
        return b == null ? y : y.add(b.reshape(1, ws[0], 1, 1));
    }

    /**
     * 2-d max pooling over kernel×kernel windows at {@code stride} (no padding): the gradient goes to
     * each window's maximum, the first one in row-major order on a tie (PyTorch's max_pool2d).
     */
    public static Variable maxPool2d(Variable x, int kernel, int stride) {
        ConvOps.Geometry geo = ConvOps.Geometry.of("maxPool2d", x.shape(), kernel, kernel, stride, 0);
        ConvOps.Pooled p = ConvOps.maxPool(x.value(), geo);
        DType dt = x.value().dtype();
        return record("maxPool2d", p.out(), SAVES_NOTHING,
                (g, y) -> new Variable[] {poolScatter(g, p.argmax(), geo, dt)}, x);
    }

    /** Each pooled gradient added at its window's argmax (max pooling's backward); its gradient is the gather. */
    private static Variable poolScatter(Variable g, int[] argmax, ConvOps.Geometry geo, DType dt) {
        int[] pooled = g.shape();
        return record("maxPool2dScatter", ConvOps.maxPoolBackward(g.value(), argmax, geo, dt), SAVES_NOTHING,
                (h, y) -> new Variable[] {poolGather(h, argmax, geo, pooled)}, g);
    }

    /** The input values at each window's argmax (the adjoint of {@link #poolScatter}). */
    private static Variable poolGather(Variable h, int[] argmax, ConvOps.Geometry geo, int[] pooled) {
        DType dt = h.value().dtype();
        return record("maxPool2dGather", ConvOps.gather(h.value(), argmax, pooled), SAVES_NOTHING,
                (g, y) -> new Variable[] {poolScatter(g, argmax, geo, dt)}, h);
    }

    // ---------------------------------------------------------------- fused layer primitives

    /**
     * PyTorch's {@code F.linear}: x·Wᵀ + b for x (..., in), W (out, in), b (out) or null. One primitive,
     * not permute + matmul + add, because its rule writes dW = gᵀ·x straight in W's (out, in) layout
     * (the composed rules produced dWᵀ and transposed it) and skips dx for data.
     * dx = g·W, dW = gᵀ·x, db = Σ_rows g, with x and g flattened to rows.
     */
    public static Variable linear(Variable x, Variable w, Variable b) {
        int[] ws = w.shape();
        int[] xs = x.shape();
        if (ws.length != 2 || xs.length < 1 || xs[xs.length - 1] != ws[1]) {
            throw new IllegalArgumentException("linear: input of shape " + Layout.format(xs) + " and weight of shape "
                    + Layout.format(ws) + " do not match (..., in) with (out, in)");
        }
        if (b != null && (b.shape().length != 1 || b.shape()[0] != ws[0])) {
            throw new IllegalArgumentException("linear: bias of shape " + Layout.format(b.shape()) + " for "
                    + ws[0] + " outputs; expected (" + ws[0] + ",)");
        }
        Tensor x2 = x.value().reshape(-1, ws[1]);
        Tensor wv = w.value();
        Tensor y2 = x2.matmul(wv.T());
        if (b != null) {
            y2.add_(b.value()); // the product is a fresh tensor of ours
        }
        int[] ys = xs.clone();
        ys[ys.length - 1] = ws[0];
        Tensor y = y2.reshape(ys);
        Variable.Rule rule = (g, out) -> {
            Variable g2 = reshape(g, -1, ws[0]);
            Variable dx = x.requiresGrad() ? reshape(matmul(g2, w), xs) : null;
            Variable dw = w.requiresGrad() ? matmul(permute(g2, 1, 0), reshape(x, -1, ws[1])) : null;
            Variable db = b != null && b.requiresGrad() ? sum(g2, new int[] {0}, false) : null;
            return new Variable[] {dx, dw, db};
        };
        return b == null ? record("linear", y, 3, rule, x, w) : record("linear", y, 3, rule, x, w, b);
    }

    /**
     * Cross-entropy of logits z (N, C) against class labels, summed over rows and multiplied by
     * {@code scale} (1 for a sum, 1/N for PyTorch's mean): scale·Σ_r (logsumexp(z_r) − z_r,label_r).
     * One primitive because its rule is the one-line dz = g·scale·(softmax(z) − onehot), where the
     * composed log-softmax, one-hot product and sums took six ops and their temporaries per step.
     */
    public static Variable crossEntropy(Variable z, int[] labels, double scale) {
        int[] s = z.shape();
        if (s.length != 2 || labels.length != s[0]) {
            throw new IllegalArgumentException("crossEntropy: " + labels.length + " labels for logits "
                    + Layout.format(s) + " (need (N, C) logits and N labels)");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= s[1]) {
                throw new IllegalArgumentException("crossEntropy: label " + labels[i] + " at position " + i
                        + " is outside 0.." + (s[1] - 1));
            }
        }
        Tensor ls = z.value().logSoftmax(1);
        double sum = 0;
        for (int r = 0; r < labels.length; r++) {
            sum -= ls.get(r, labels[r]);
        }
        Tensor out = Tensor.scalar(z.value().dtype(), sum * scale);
        return record("crossEntropy", out, SAVES_NOTHING,
                (g, y) -> new Variable[] {crossEntropyBackward(z, g, ls, labels, scale)}, z);
    }

    /**
     * Cross-entropy's backward as a primitive of (z, g): the fused dz = g·scale·(softmax(z) − onehot),
     * computed from the forward's log-softmax. Its own rule, for upstream h: dz = g·scale·s ⊙ (h − Σ_c h ⊙ s)
     * (the softmax Jacobian), dg = scale·Σ h ⊙ (s − onehot), with s = softmax(z) recorded from z.
     */
    private static Variable crossEntropyBackward(Variable z, Variable g, Tensor ls, int[] labels, double scale) {
        Tensor p = ls.exp();
        for (int r = 0; r < labels.length; r++) {
            p.set(p.get(r, labels[r]) - 1, r, labels[r]);
        }
        p.mul_(g.value().item() * scale);
        return record("crossEntropyBackward", p, SAVES_NOTHING, (h, y) -> {
            Variable s = softmax(z, 1);
            Tensor onehot = Tensor.zeros(ls.dtype(), ls.shape());
            for (int r = 0; r < labels.length; r++) {
                onehot.set(1, r, labels[r]);
            }
            Variable dz = z.requiresGrad() ? mul(mul(s, sub(h, sum(mul(h, s), new int[] {1}, true))), scale(g, scale)) : null;
            Variable dg = g.requiresGrad()
                    ? reshape(scale(sum(mul(h, sub(s, Variable.constant(onehot))), new int[0], false), scale), g.shape()) : null;
            return new Variable[] {dz, dg};
        }, z, g);
    }
}
