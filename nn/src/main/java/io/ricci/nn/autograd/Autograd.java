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

    // ---------------------------------------------------------------- arithmetic

    /** a + b (broadcast): da = Σ_bcast g, db = Σ_bcast g. */
    public static Variable add(Variable a, Variable b) {
        return record("add", a.value().add(b.value()), SAVES_NOTHING, 
                g -> new Tensor[] {unbroadcast(g, a.shape()), unbroadcast(g, b.shape())}, a, b);
    }

    /** a - b: da = g, db = -g. */
    public static Variable sub(Variable a, Variable b) {
        return record("sub", a.value().sub(b.value()), SAVES_NOTHING, 
                g -> new Tensor[] {unbroadcast(g, a.shape()), unbroadcast(g.neg(), b.shape())}, a, b);
    }

    /** a ⊙ b: da = g ⊙ b, db = g ⊙ a (the multiplication gate swaps its inputs). */
    public static Variable mul(Variable a, Variable b) {
        Tensor av = a.value(), bv = b.value();
        return record("mul", av.mul(bv), 3, 
                g -> new Tensor[] {unbroadcast(g.mul(bv), a.shape()), unbroadcast(g.mul(av), b.shape())}, a, b);
    }

    /** a / b: da = g / b, db = -g·a / b². */
    public static Variable div(Variable a, Variable b) {
        Tensor av = a.value(), bv = b.value();
        return record("div", av.div(bv), 3, g -> new Tensor[] {
            unbroadcast(g.div(bv), a.shape()),
            unbroadcast(g.mul(av).div(bv.square()).neg(), b.shape())}, a, b);
    }

    /** -a: da = -g. */
    public static Variable neg(Variable a) {
        return record("neg", a.value().neg(), SAVES_NOTHING, g -> new Tensor[] {g.neg()}, a);
    }

    /** a · s for a constant scalar s: da = s·g. */
    public static Variable scale(Variable a, double s) {
        return record("scale", a.value().mul(s), SAVES_NOTHING, g -> new Tensor[] {g.mul(s)}, a);
    }

    /** a + s for a constant scalar s: da = g. */
    public static Variable shift(Variable a, double s) {
        return record("shift", a.value().add(s), SAVES_NOTHING, g -> new Tensor[] {g}, a);
    }

    /** a / s for a constant scalar s: da = g / s. */
    public static Variable divide(Variable a, double s) {
        return record("div", a.value().div(s), SAVES_NOTHING, g -> new Tensor[] {g.div(s)}, a);
    }

    /** s / a for a constant scalar s: da = -g·s / a² = -g·y / a. */
    public static Variable rdiv(Variable a, double s) {
        Tensor av = a.value();
        Tensor y = av.rdiv(s);
        return record("rdiv", y, 1 | SAVES_OUTPUT, g -> new Tensor[] {g.mul(y).div(av).neg()}, a);
    }

    /**
     * NumPy matmul (2-D, or batched with broadcast batch dims; 1-D operands are promoted):
     * dA = g·Bᵀ, dB = Aᵀ·g, each summed over broadcast batch dims.
     */
    public static Variable matmul(Variable a, Variable b) {
        Tensor av = a.value(), bv = b.value();
        return record("matmul", av.matmul(bv), 3, g -> {
            Tensor a2 = av.rank() == 1 ? av.unsqueeze(0) : av;
            Tensor b2 = bv.rank() == 1 ? bv.unsqueeze(1) : bv;
            // Re-insert the axes that matmul removed for 1-d operands: n (last) first, then m.
            Tensor g2 = g;
            if (bv.rank() == 1) {
                g2 = g2.unsqueeze(g2.rank());
            }
            if (av.rank() == 1) {
                g2 = g2.unsqueeze(g2.rank() - 1);
            }
            // A product only for an input that wants a gradient (PyTorch's needs_input_grad): a network's
            // first layer would otherwise compute dX for the data, as large as its whole forward pass.
            Tensor da = a.requiresGrad() ? unbroadcast(g2.matmul(b2.transpose(-1, -2)), a2.shape()).reshape(av.shape())
                    : null;
            Tensor db = b.requiresGrad() ? unbroadcast(a2.transpose(-1, -2).matmul(g2), b2.shape()).reshape(bv.shape())
                    : null;
            return new Tensor[] {da, db};
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
        boolean[] needs = new boolean[operands.length];
        for (int i = 0; i < needs.length; i++) {
            needs[i] = operands[i].requiresGrad();
        }
        return record("einsum " + spec, Tensor.einsum(spec, vals), g -> EinsumGrad.backward(e, g, vals, needs), operands);
    }

    // ---------------------------------------------------------------- element-wise functions

    /** exp(a): da = g ⊙ exp(a). */
    public static Variable exp(Variable a) {
        Tensor y = a.value().exp();
        return record("exp", y, SAVES_OUTPUT, g -> new Tensor[] {g.mul(y)}, a);
    }

    /** log(a): da = g / a. */
    public static Variable log(Variable a) {
        Tensor av = a.value();
        return record("log", av.log(), 1, g -> new Tensor[] {g.div(av)}, a);
    }

    /** a^p for a constant p: da = g ⊙ p·a^(p-1). */
    public static Variable pow(Variable a, double p) {
        Tensor av = a.value();
        return record("pow", av.pow(p), 1, g -> new Tensor[] {g.mul(av.pow(p - 1).mul(p))}, a);
    }

    /** max(a, 0): da = g ⊙ [a > 0] (gradient 0 at 0, as PyTorch). */
    public static Variable relu(Variable a) {
        Tensor av = a.value();
        return record("relu", av.relu(), 1, g -> new Tensor[] {g.mul(av.gt(0))}, a);
    }

    /** [a > 0] (Heaviside step): da = 0 almost everywhere. */
    public static Variable step(Variable a) {
        Tensor av = a.value();
        return record("step", av.gt(0).astype(av.dtype()), SAVES_NOTHING, g -> new Tensor[] {Tensor.zeros(av.dtype(), av.shape())}, a);
    }

    /** σ(a) = 1/(1+e^-a): da = g ⊙ σ(1-σ). */
    public static Variable sigmoid(Variable a) {
        Tensor y = a.value().sigmoid();
        return record("sigmoid", y, SAVES_OUTPUT, g -> new Tensor[] {g.mul(y.mul(y.rsub(1)))}, a);
    }

    /** tanh(a): da = g ⊙ (1 - tanh²). */
    public static Variable tanh(Variable a) {
        Tensor y = a.value().tanh();
        return record("tanh", y, SAVES_OUTPUT, g -> new Tensor[] {g.mul(y.square().rsub(1))}, a);
    }

    /**
     * Element-wise max(a, b) with broadcasting: the gradient is routed to the larger input; on a tie
     * each side gets g/2 (PyTorch's {@code maximum}).
     */
    public static Variable maximum(Variable a, Variable b) {
        Tensor av = a.value(), bv = b.value();
        return record("maximum", av.maximum(bv), 3, g -> {
            // comparisons give bool: as 1.0/0.0 in the operands' float dtype, so the gradient keeps it
            DType dt = DType.promote(av.dtype(), bv.dtype());
            Tensor tie = av.eq(bv).astype(dt).mul(0.5);
            Tensor ga = av.gt(bv).astype(dt).add(tie);
            Tensor gb = bv.gt(av).astype(dt).add(tie);
            return new Tensor[] {unbroadcast(g.mul(ga), a.shape()), unbroadcast(g.mul(gb), b.shape())};
        }, a, b);
    }

    // ---------------------------------------------------------------- reductions

    /** Σ over axes (none = all): da = g broadcast back over the summed axes. */
    public static Variable sum(Variable a, int[] axes, boolean keepdims) {
        int[] shape = a.shape();
        return record("sum", a.value().sum(axes, keepdims), SAVES_NOTHING, 
                g -> new Tensor[] {expandBack(g, shape, axes, keepdims).contiguous()}, a);
    }

    /** Mean over axes (none = all): da = g / N broadcast back. */
    public static Variable mean(Variable a, int[] axes, boolean keepdims) {
        int[] shape = a.shape();
        Tensor out = a.value().mean(axes, keepdims);
        double n = out.size() == 0 ? 1 : (double) a.value().size() / Math.max(1, out.size());
        return record("mean", out, SAVES_NOTHING, g -> new Tensor[] {expandBack(g, shape, axes, keepdims).div(n)}, a);
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
        return record("max", out, keepdims ? 1 | SAVES_OUTPUT : 1, g -> {
            Tensor hit = av.eq(m).astype(av.dtype());
            Tensor count = hit.sum(axes, true);
            return new Tensor[] {expandBack(g, shape, axes, keepdims).mul(hit).div(count)};
        }, a);
    }

    /** log Σ exp over axes: da = g ⊙ softmax(a) over those axes. */
    public static Variable logsumexp(Variable a, int[] axes, boolean keepdims) {
        Tensor av = a.value();
        int[] shape = a.shape();
        Tensor lse = av.logsumexp(axes, true);
        Tensor out = keepdims ? lse : av.logsumexp(axes, false);
        return record("logsumexp", out, keepdims ? 1 | SAVES_OUTPUT : 1,
                g -> new Tensor[] {expandBack(g, shape, axes, keepdims).mul(av.sub(lse).exp())}, a);
    }

    /** softmax along axis: da = y ⊙ (g - Σ_axis g⊙y). */
    public static Variable softmax(Variable a, int axis) {
        Tensor y = a.value().softmax(axis);
        return record("softmax", y, SAVES_OUTPUT, g -> new Tensor[] {y.mul(g.sub(g.mul(y).sum(new int[] {axis}, true)))}, a);
    }

    /** The gradient of a reduction, reshaped to keep the reduced axes and broadcast to {@code shape}. */
    private static Tensor expandBack(Tensor g, int[] shape, int[] axes, boolean keepdims) {
        if (!keepdims) {
            int[] kept = shape.clone();
            boolean[] reduced = reducedAxes(shape.length, axes);
            for (int d = 0; d < shape.length; d++) {
                if (reduced[d]) {
                    kept[d] = 1;
                }
            }
            g = g.reshape(kept);
        }
        return g.broadcastTo(shape);
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
        return record("reshape", a.value().reshape(shape), SAVES_NOTHING, g -> new Tensor[] {g.reshape(old)}, a);
    }

    /** permute(axes): da = g permuted by the inverse permutation. */
    public static Variable permute(Variable a, int... axes) {
        int[] inv = new int[axes.length];
        for (int d = 0; d < axes.length; d++) {
            inv[Layout.normalizeAxis(axes[d], axes.length, "permute")] = d;
        }
        return record("permute", a.value().permute(axes), SAVES_NOTHING, g -> new Tensor[] {g.permute(inv).contiguous()}, a);
    }

    /** a[start:stop:step] along axis: da = zeros with g scattered into the slice. */
    public static Variable slice(Variable a, int axis, Integer start, Integer stop, int step) {
        Tensor av = a.value();
        return record("slice", av.slice(axis, start, stop, step), SAVES_NOTHING, g -> {
            Tensor da = Tensor.zeros(g.dtype(), av.shape());
            da.slice(axis, start, stop, step).assign(g);
            return new Tensor[] {da};
        }, a);
    }

    /** a[..., index, ...] along axis (the axis is dropped): da = zeros with g written at index. */
    public static Variable select(Variable a, int axis, int index) {
        Tensor av = a.value();
        return record("select", av.select(axis, index), SAVES_NOTHING, g -> {
            Tensor da = Tensor.zeros(g.dtype(), av.shape());
            da.select(axis, index).assign(g);
            return new Tensor[] {da};
        }, a);
    }

    /** broadcastTo(shape): da = Σ over the broadcast axes (1ᵀ·g). */
    public static Variable broadcastTo(Variable a, int... shape) {
        int[] old = a.shape();
        return record("broadcast", a.value().broadcastTo(shape), SAVES_NOTHING, g -> new Tensor[] {unbroadcast(g, old).contiguous()}, a);
    }
    // ---------------------------------------------------------------- convolution (see ConvOps)

    /**
     * Unfolds x[N, C, H, W] into columns [N, C·KH·KW, OH·OW] (Caffe's im2col; padding reads zeros):
     * linear, so da = col2im(g), its adjoint, which sums each column entry back into the input
     * position it was read from.
     */
    public static Variable im2col(Variable x, int kh, int kw, int stride, int padding) {
        ConvOps.Geometry geo = ConvOps.Geometry.of("im2col", x.shape(), kh, kw, stride, padding);
        int[] table = ConvOps.table(geo);
        return record("im2col", ConvOps.im2col(x.value(), geo, table), SAVES_NOTHING,
                g -> new Tensor[] {ConvOps.col2im(g, geo, table)}, x);
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
                g -> new Tensor[] {ConvOps.maxPoolBackward(g, p.argmax(), geo, dt)}, x);
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
        Variable.Rule rule = g -> {
            Tensor g2 = g.reshape(-1, ws[0]);
            Tensor dx = x.requiresGrad() ? g2.matmul(wv).reshape(xs) : null;
            Tensor dw = w.requiresGrad() ? g2.T().matmul(x2) : null;
            Tensor db = b != null && b.requiresGrad() ? g2.sum(0) : null;
            return new Tensor[] {dx, dw, db};
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
        return record("crossEntropy", out, SAVES_NOTHING, g -> {
            Tensor p = ls.exp();
            for (int r = 0; r < labels.length; r++) {
                p.set(p.get(r, labels[r]) - 1, r, labels[r]);
            }
            return new Tensor[] {p.mul_(g.item() * scale)};
        }, z);
    }
}
