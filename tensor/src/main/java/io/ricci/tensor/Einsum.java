package io.ricci.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Executes einsum: parses the spec ({@link EinsumSpec}), picks a contraction order ({@link EinsumPath},
 * cached per spec and shapes) and runs each step.
 *
 * <p>A step first takes diagonals of repeated labels (views) and sums away labels that no other term
 * of the step and nothing later needs. A step of two terms with a contracted label and a free label
 * is lowered to a batched matrix product: each operand is permuted to (batch, m, k) and (batch, k, n)
 * and reshaped to 3-D (views when the strides allow), the product is viewed back and permuted to the
 * wanted label order. Every other step (element-wise products, outer products, dots, reductions,
 * broadcasts, three or more terms) runs one direct strided loop that writes only its result.
 *
 * <p>How each step is lowered is decided once per spec, shapes and strides (the matrix products'
 * operand order and label groups are the only choices that need a search) and cached with the path
 * as an {@link EinsumPlan}; later calls with the same key replay it.
 */
final class Einsum {
    private static final int CACHE_LIMIT = 1024;
    private static final Map<String, EinsumPath> CACHE = new ConcurrentHashMap<>();
    private static final Map<PlanKey, EinsumPlan> PLANS = new ConcurrentHashMap<>();

    private Einsum() {
    }

    /** A matrix product's lowering: which operand is on the left and the batch, m, n and k labels. */
    record GemmChoice(boolean swap, int[] batch, int[] m, int[] n, int[] k) {
    }

    /**
     * One call's lowering as it runs: a replayed plan's choices, or a fresh record of lines and
     * choices that becomes the cached plan.
     */
    private static final class Lowering {
        final List<GemmChoice> replay;
        final List<String> lines = new ArrayList<>();
        final List<GemmChoice> gemms = new ArrayList<>();
        int next;

        Lowering(EinsumPlan plan) {
            this.replay = plan == null ? null : plan.gemms;
        }

        void note(String line) {
            if (replay == null) {
                lines.add(line);
            }
        }
    }

    /** A tensor whose axes carry the distinct labels {@code labels}. */
    private record Op(Tensor t, int[] labels) {
    }

    /** The operands checked, their shapes, their promoted dtype and the operands in that dtype. */
    private record Operands(int[][] shapes, DType dtype, Tensor[] ops, boolean aliased) {
        static Operands of(String spec, Tensor out, Tensor[] operands) {
            checkArguments(spec, operands);
            int[][] shapes = new int[operands.length][];
            DType dtype = null;
            boolean aliased = false;
            for (int i = 0; i < operands.length; i++) {
                // Integer einsum would need its own contraction kernels (NumPy has them); refused, not converted.
                if (!operands[i].dtype().isFloat()) {
                    throw new IllegalArgumentException("einsum supports float32 and float64; operand " + i + " is "
                            + operands[i].dtype().numpyName() + " (convert with astype(DType.F64))");
                }
                shapes[i] = operands[i].shape();
                dtype = dtype == null ? operands[i].dtype() : DType.promote(dtype, operands[i].dtype());
                aliased |= out != null && out.sharesStorage(operands[i]);
            }
            Tensor[] ops = new Tensor[operands.length];
            for (int i = 0; i < ops.length; i++) {
                ops[i] = operands[i].astype(dtype);
            }
            return new Operands(shapes, dtype, ops, aliased);
        }
    }

    /** NumPy's {@code np.einsum(spec, *operands, optimize=...)}; see {@link Tensor#einsum}. */
    static Tensor einsum(String spec, Tensor... operands) {
        Operands o = Operands.of(spec, null, operands);
        return run(spec, o.shapes(), o.ops(), o.dtype(), null);
    }

    /** The plan for {@code einsum(out, spec, operands)}: cached, or recorded by running it once into out. */
    static EinsumPlan plan(Tensor out, String spec, Tensor... operands) {
        if (out == null) {
            throw new IllegalArgumentException("einsum" + (spec == null ? "" : " \"" + spec + "\"") + ": out is null");
        }
        Operands o = Operands.of(spec, out, operands);
        PlanKey key = PlanKey.of(spec, o.ops(), o.aliased() || out.dtype() != o.dtype() ? null : out);
        EinsumPlan p = PLANS.get(key);
        if (p == null) {
            einsum(out, spec, operands);
            p = PLANS.get(key);
        }
        return p;
    }

    /** The plan for these operands: cached, or recorded by running the contraction once. */
    static EinsumPlan plan(String spec, Tensor... operands) {
        Operands o = Operands.of(spec, null, operands);
        PlanKey key = PlanKey.of(spec, o.ops(), null);
        EinsumPlan p = PLANS.get(key);
        if (p == null) {
            run(spec, o.shapes(), o.ops(), o.dtype(), null);
            p = PLANS.get(key);
        }
        return p;
    }

    /**
     * Spec, shapes and strides of the operands (and of {@code out}): what the lowering depends on.
     * Numbers, not text: building a string per call cost a tenth of a tiny einsum.
     */
    private record PlanKey(String spec, int[] dims, int hash) {
        static PlanKey of(String spec, Tensor[] ops, Tensor out) {
            int n = 1;
            for (Tensor t : ops) {
                n += 1 + 2 * t.rank();
            }
            if (out != null) {
                n += out.rank();
            }
            int[] dims = new int[n];
            int d = 0;
            for (Tensor t : ops) {
                Layout l = t.layout();
                dims[d++] = l.rank();
                for (int i = 0; i < l.rank(); i++) {
                    dims[d++] = l.dim(i);
                    dims[d++] = l.stride(i);
                }
            }
            dims[d++] = out == null ? -1 : out.rank();
            if (out != null) {
                for (int i = 0; i < out.rank(); i++) {
                    dims[d++] = out.layout().stride(i);
                }
            }
            return new PlanKey(spec, dims, 31 * spec.hashCode() + Arrays.hashCode(dims));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PlanKey k && k.hash == hash && k.spec.equals(spec) && Arrays.equals(k.dims, dims);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Runs einsum on {@code ops}, replaying the cached plan or making and recording one. */
    private static Tensor run(String spec, int[][] shapes, Tensor[] ops, DType dtype, Tensor out) {
        PlanKey key = PlanKey.of(spec, ops, out);
        EinsumPlan plan = PLANS.get(key);
        EinsumPath path = plan != null ? plan.path() : path(spec, shapes);
        Lowering low = new Lowering(plan);
        Tensor r = execute(path, ops, dtype, out, low);
        if (plan == null) {
            if (PLANS.size() >= CACHE_LIMIT) {
                PLANS.clear();
            }
            PLANS.put(key, new EinsumPlan(path, low.lines, low.gemms));
        }
        return r;
    }

    /** {@code np.einsum(spec, *operands, out=out)}; see {@link Tensor#einsum(Tensor, String, Tensor...)}. */
    static Tensor einsum(Tensor out, String spec, Tensor... operands) {
        if (out == null) {
            throw new IllegalArgumentException("einsum" + (spec == null ? "" : " \"" + spec + "\"") + ": out is null");
        }
        Operands o = Operands.of(spec, out, operands);
        int[][] shapes = o.shapes();
        DType dtype = o.dtype();
        EinsumPath path = path(spec, shapes);
        EinsumSpec sp = path.spec();
        int[] shape = new int[sp.output.length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = sp.sizes[sp.output[i]];
        }
        if (!Arrays.equals(out.shape(), shape) || !safeCast(dtype, out.dtype())) {
            throw new IllegalArgumentException("einsum \"" + spec + "\": out is " + out.dtype().numpyName()
                    + Layout.format(out.shape()) + " but the result is " + dtype.numpyName() + Layout.format(shape)
                    + (Arrays.equals(out.shape(), shape) ? " (casting='safe' does not narrow it into " + out.dtype().numpyName() + ")" : ""));
        }
        // An out that overlaps an operand gets the result only after it has been computed; a wider
        // out gets it cast (NumPy computes in the operands' dtype and casts into out).
        Tensor r = run(spec, shapes, o.ops(), dtype, o.aliased() || out.dtype() != dtype ? null : out);
        if (r != out) {
            out.assign(r);
        }
        return out;
    }

    /** NumPy's {@code casting='safe'} between the float dtypes: the same, or float32 into float64. */
    private static boolean safeCast(DType from, DType to) {
        return from == to || (from == DType.F32 && to == DType.F64);
    }

    /** A null spec, operand array or operand is refused by name (IllegalArgumentException, as every other bad argument). */
    static void checkArguments(String spec, Object[] operands) {
        if (spec == null) {
            throw new IllegalArgumentException("einsum: spec is null");
        }
        if (operands == null) {
            throw new IllegalArgumentException("einsum \"" + spec + "\": the operand array is null");
        }
        for (int i = 0; i < operands.length; i++) {
            if (operands[i] == null) {
                throw new IllegalArgumentException("einsum \"" + spec + "\": operand " + i + " is null");
            }
        }
    }

    /** The cached plan for {@code spec} and {@code shapes} (AUTO strategy). */
    static EinsumPath path(String spec, int[][] shapes) {
        StringBuilder key = new StringBuilder(spec).append('|');
        for (int[] s : shapes) {
            key.append(Arrays.toString(s));
        }
        String k = key.toString();
        EinsumPath p = CACHE.get(k);
        if (p == null) {
            p = EinsumPath.of(spec, shapes);
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CACHE.put(k, p);
        }
        return p;
    }

    /**
     * Runs the plan. When {@code out} is given (result shape and dtype, no overlap with the operands),
     * a last step that is a matrix product writes straight into it and {@code out} is returned; any
     * other result is returned as computed, for the caller to copy.
     */
    private static Tensor execute(EinsumPath path, Tensor[] operands, DType dtype, Tensor out, Lowering low) {
        EinsumSpec s = path.spec();
        List<Op> pending = new ArrayList<>();
        for (int t = 0; t < operands.length; t++) {
            pending.add(new Op(operands[t], s.inputs[t]));
        }
        long output = EinsumSpec.mask(s.output);
        List<EinsumPath.Step> steps = path.steps();
        for (int c = 0; c < steps.size(); c++) {
            int[] pos = steps.get(c).positions();
            List<Op> group = new ArrayList<>();
            for (int k = pos.length - 1; k >= 0; k--) {
                group.add(0, pending.remove(pos[k]));
            }
            long keep = output;
            for (Op o : pending) {
                keep |= EinsumSpec.mask(o.labels);
            }
            boolean last = c == steps.size() - 1;
            pending.add(contract(group, keep, last ? s.output : null, dtype, last ? out : null, low));
        }
        return pending.get(0).t;
    }

    /**
     * Contracts {@code group} keeping the labels in {@code keep}; the result axes are {@code order}
     * when given, else whatever order is cheapest.
     */
    private static Op contract(List<Op> group, long keep, int[] order, DType dtype, Tensor out, Lowering low) {
        List<Op> g = new ArrayList<>();
        for (Op o : group) {
            g.add(diagonal(o));
        }
        if (g.size() > 1) {
            dropBroadcastAxes(g);
            // Labels only one term has and nothing after needs are summed away before the product.
            for (int i = 0; i < g.size(); i++) {
                long others = keep;
                for (int j = 0; j < g.size(); j++) {
                    if (j != i) {
                        others |= EinsumSpec.mask(g.get(j).labels);
                    }
                }
                Op o = g.get(i);
                long own = EinsumSpec.mask(o.labels);
                if ((own & ~others) != 0) {
                    g.set(i, direct(List.of(o), filter(o.labels, others), dtype, low));
                }
            }
        }
        long all = 0;
        for (Op o : g) {
            all |= EinsumSpec.mask(o.labels);
        }
        long result = all & keep;
        if (g.size() == 1) {
            Op o = g.get(0);
            int[] want = order != null ? order : filter(o.labels, result);
            if (EinsumSpec.mask(o.labels) == result) {
                low.note("view");
                return permuted(o, want);
            }
            return direct(g, want, dtype, low);
        }
        if (g.size() == 2) {
            Op r = gemm(g.get(0), g.get(1), result, order, out, low);
            if (r != null) {
                return r;
            }
        }
        if (order == null) {
            // Labels in order of first appearance keep the output close to the operands' memory order.
            List<Integer> o = new ArrayList<>();
            long seen = 0;
            for (Op op : g) {
                for (int l : op.labels) {
                    if ((result & ~seen & (1L << l)) != 0) {
                        o.add(l);
                        seen |= 1L << l;
                    }
                }
            }
            order = o.stream().mapToInt(Integer::intValue).toArray();
        }
        return direct(g, order, dtype, low);
    }

    /**
     * Removes (as views) the size-1 axes whose label is larger in another term of the step: such a term
     * is constant along that label, so the label then belongs to the other terms only. This turns
     * broadcast batch labels into free ones and lets broadcast contracted labels be summed first.
     */
    private static void dropBroadcastAxes(List<Op> g) {
        long big = 0;
        for (Op o : g) {
            for (int d = 0; d < o.labels.length; d++) {
                // A size-0 axis is "larger" too: a size-1 axis broadcasts to it (NumPy's rule).
                if (o.t.dim(d) != 1) {
                    big |= 1L << o.labels[d];
                }
            }
        }
        for (int i = 0; i < g.size(); i++) {
            Op o = g.get(i);
            boolean any = false;
            for (int d = 0; d < o.labels.length && !any; d++) {
                any = o.t.dim(d) == 1 && (big & (1L << o.labels[d])) != 0;
            }
            if (!any) {
                continue;
            }
            Tensor t = o.t;
            List<Integer> labels = new ArrayList<>();
            for (int d = o.labels.length - 1; d >= 0; d--) {
                if (t.dim(d) == 1 && (big & (1L << o.labels[d])) != 0) {
                    t = t.select(d, 0);
                } else {
                    labels.add(0, o.labels[d]);
                }
            }
            if (t != o.t) {
                g.set(i, new Op(t, labels.stream().mapToInt(Integer::intValue).toArray()));
            }
        }
    }

    /** The labels of {@code labels} that are in {@code mask}, in order. */
    private static int[] filter(int[] labels, long mask) {
        int n = 0;
        for (int l : labels) {
            n += (int) (mask >>> l) & 1;
        }
        int[] r = new int[n];
        n = 0;
        for (int l : labels) {
            if ((mask & (1L << l)) != 0) {
                r[n++] = l;
            }
        }
        return r;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** A view with one axis per distinct label: repeated labels become a diagonal (strides added). */
    private static Op diagonal(Op o) {
        int[] labels = o.labels;
        long mask = EinsumSpec.mask(labels);
        if (Long.bitCount(mask) == labels.length) {
            return o;
        }
        int[] uniq = Arrays.stream(labels).distinct().toArray();
        Layout l = o.t.layout();
        int[] shape = new int[uniq.length];
        int[] strides = new int[uniq.length];
        for (int d = 0; d < labels.length; d++) {
            int u = indexOf(uniq, labels[d]);
            shape[u] = l.dim(d);
            strides[u] += l.stride(d);
        }
        return new Op(o.t.withLayout(Layout.of(shape, strides, l.offset())), uniq);
    }

    /** {@code o} with its axes permuted to {@code want} (same label set): a view. */
    private static Op permuted(Op o, int[] want) {
        int[] axes = new int[want.length];
        boolean identity = true;
        for (int i = 0; i < want.length; i++) {
            axes[i] = indexOf(o.labels, want[i]);
            identity &= axes[i] == i;
        }
        return identity ? new Op(o.t, want) : new Op(o.t.permute(axes), want);
    }

    // ------------------------------------------------------------------------------------- GEMM

    /**
     * {@code a ⊗ b} as a batched matrix product when a label is contracted and one is free, else
     * {@code null}. Labels split into batch (both, kept), m (a only), n (b only) and k (both, summed);
     * a size-1 label broadcast against a larger one is left to the direct loop.
     */
    private static Op gemm(Op a, Op b, long result, int[] order, Tensor out, Lowering low) {
        long ma = EinsumSpec.mask(a.labels), mb = EinsumSpec.mask(b.labels);
        long both = ma & mb;
        long kMask = both & ~result;
        long batchMask = both & result;
        if (kMask == 0 || ((ma | mb) & ~both) == 0) {
            return null;
        }
        for (long m = both; m != 0; m &= m - 1) {
            int l = Long.numberOfTrailingZeros(m);
            if (a.t.dim(indexOf(a.labels, l)) != b.t.dim(indexOf(b.labels, l))) {
                return null;
            }
        }
        GemmChoice choice = low.replay != null ? low.replay.get(low.next++) : choose(a, b, both, kMask, batchMask, ma, mb,
                order);
        if (low.replay == null) {
            low.gemms.add(choice);
        }
        boolean bestSwap = choice.swap();
        if (bestSwap) {
            Op t = a;
            a = b;
            b = t;
        }
        int[] batch = choice.batch(), m = choice.m(), n = choice.n(), k = choice.k();
        Tensor a3 = a.t.permute(axes(a.labels, batch, m, k)).reshape(prod(a, batch), prod(a, m), prod(a, k));
        Tensor b3 = b.t.permute(axes(b.labels, batch, k, n)).reshape(prod(b, batch), prod(b, k), prod(b, n));
        if (low.replay == null) {
            low.note("gemm " + Layout.compact(a3.shape()) + "@" + Layout.compact(b3.shape()) + " a="
                + (a3.sharesStorage(a.t) ? "view" : "copy") + " b=" + (b3.sharesStorage(b.t) ? "view" : "copy"));
        }
        Tensor c3 = null;
        if (out != null) {
            // out's axes are in output order; viewed in (batch, m, n) order it may fold to 3-D.
            Layout v = out.layout().permute(axes(order, batch, m, n))
                    .reshapeView(prod(a, batch), prod(a, m), prod(b, n));
            if (v != null) {
                c3 = a3.matmul(b3, out.withLayout(v));
                low.note("gemm into out");
            }
        }
        if (c3 == null) {
            c3 = bmm(a3, b3);
        }
        if (out != null && c3.sharesStorage(out)) {
            return new Op(out, order);
        }
        int[] shape = new int[batch.length + m.length + n.length];
        int[] labels = new int[shape.length];
        int d = 0;
        for (int l : batch) {
            labels[d] = l;
            shape[d++] = a.t.dim(indexOf(a.labels, l));
        }
        for (int l : m) {
            labels[d] = l;
            shape[d++] = a.t.dim(indexOf(a.labels, l));
        }
        for (int l : n) {
            labels[d] = l;
            shape[d++] = b.t.dim(indexOf(b.labels, l));
        }
        Op c = new Op(c3.reshape(shape), labels);
        return order != null ? permuted(c, order) : c;
    }

    /**
     * The cheapest lowering of a pair: either operand on the left, free labels in output or in operand
     * order, k labels in either operand's order. Fewest copied elements wins; then a result already in
     * output order.
     */
    private static GemmChoice choose(Op a, Op b, long both, long kMask, long batchMask, long ma, long mb,
            int[] order) {
        boolean swapFirst = false;
        if (order != null) {
            for (int l : order) {
                if ((both & (1L << l)) == 0) {
                    // The operand whose free labels come first in the output plays the left side.
                    swapFirst = (mb & (1L << l)) != 0;
                    break;
                }
            }
        }
        long bestScore = Long.MAX_VALUE;
        int[][] best = null;
        boolean bestSwap = false;
        search:
        for (int orient = 0; orient < 2; orient++) {
            boolean swap = swapFirst ^ (orient == 1);
            Op l = swap ? b : a, r = swap ? a : b;
            long ml = swap ? mb : ma, mr = swap ? ma : mb;
            for (int src = 0; src < (order != null ? 2 : 1); src++) {
                boolean byOut = order != null && src == 0;
                int[] batch = filter(byOut ? order : l.labels, batchMask);
                int[] m = filter(byOut ? order : l.labels, ml & ~both);
                int[] n = filter(byOut ? order : r.labels, mr & ~both);
                for (int ks = 0; ks < 2; ks++) {
                    int[] k = filter(ks == 0 ? l.labels : r.labels, kMask);
                    long score = 0;
                    if (l.t.layout().permute(axes(l.labels, batch, m, k))
                            .reshapeView(prod(l, batch), prod(l, m), prod(l, k)) == null) {
                        score += 2L * l.t.size();
                    }
                    if (r.t.layout().permute(axes(r.labels, batch, k, n))
                            .reshapeView(prod(r, batch), prod(r, k), prod(r, n)) == null) {
                        score += 2L * r.t.size();
                    }
                    if (order != null && !inOrder(order, batch, m, n)) {
                        score += 1;
                    }
                    if (score < bestScore) {
                        bestScore = score;
                        best = new int[][] {batch, m, n, k};
                        bestSwap = swap;
                        if (score == 0) {
                            break search; // no copy, result in order: nothing can beat it
                        }
                    }
                }
            }
        }
        return new GemmChoice(bestSwap, best[0], best[1], best[2], best[3]);
    }

    /** True when {@code order} is exactly the concatenation of {@code groups}. */
    private static boolean inOrder(int[] order, int[]... groups) {
        int d = 0;
        for (int[] g : groups) {
            for (int l : g) {
                if (d >= order.length || order[d++] != l) {
                    return false;
                }
            }
        }
        return d == order.length;
    }

    private static int[] axes(int[] labels, int[]... groups) {
        int[] ax = new int[labels.length];
        int d = 0;
        for (int[] g : groups) {
            for (int l : g) {
                ax[d++] = indexOf(labels, l);
            }
        }
        return ax;
    }

    private static int prod(Op o, int[] labels) {
        int p = 1;
        for (int l : labels) {
            p *= o.t.dim(indexOf(o.labels, l));
        }
        return p;
    }

    /** {@code c[b] = a[b] @ b[b]} for 3-D tensors of one dtype: the tensor core's packed GEMM. */
    static Tensor bmm(Tensor a, Tensor b) {
        return a.matmul(b);
    }

    // ------------------------------------------------------------------------------ direct loop

    /**
     * {@code out[order] = Σ_{labels not in order} Π_t g_t}: one strided loop over the union of the
     * labels, writing a new contiguous result. Size-1 axes broadcast (stride 0).
     */
    private static Op direct(List<Op> g, int[] order, DType dtype, Lowering low) {
        int nOps = g.size();
        low.note("direct " + nOps);
        long all = 0;
        for (Op o : g) {
            all |= EinsumSpec.mask(o.labels);
        }
        int nl = Long.bitCount(all);
        int[] labels = new int[nl];
        int[] size = new int[nl];
        {
            int i = 0;
            for (long m = all; m != 0; m &= m - 1) {
                labels[i++] = Long.numberOfTrailingZeros(m);
            }
        }
        int[][] str = new int[nOps + 1][nl];
        Arrays.fill(size, 1);
        for (int t = 0; t < nOps; t++) {
            Op o = g.get(t);
            for (int d = 0; d < o.labels.length; d++) {
                int i = indexOf(labels, o.labels[d]);
                // Broadcasting: a size-1 axis takes the other size, also 0 (not the maximum of the two).
                if (size[i] == 1) {
                    size[i] = o.t.dim(d);
                }
            }
        }
        for (int t = 0; t < nOps; t++) {
            Op o = g.get(t);
            for (int d = 0; d < o.labels.length; d++) {
                int i = indexOf(labels, o.labels[d]);
                str[t][i] = o.t.dim(d) == 1 && size[i] != 1 ? 0 : o.t.layout().stride(d);
            }
        }
        int[] outShape = new int[order.length];
        for (int d = 0; d < order.length; d++) {
            outShape[d] = size[indexOf(labels, order[d])];
        }
        Tensor out = Tensor.zeros(dtype, outShape);
        int[] outStrides = out.strides();
        for (int d = 0; d < order.length; d++) {
            str[nOps][indexOf(labels, order[d])] = outStrides[d];
        }
        for (int z : size) {
            if (z == 0) {
                return new Op(out, order); // an empty sum: zeros (or an empty result)
            }
        }
        // Loop order: innermost the label with the most unit strides (then the longest); the rest by
        // decreasing total stride, i.e. roughly memory order. Size-1 labels are left out.
        int innermost = -1;
        int bestUnits = -1;
        for (int i = 0; i < nl; i++) {
            int units = 0;
            for (int[] st : str) {
                units += Math.abs(st[i]) == 1 ? 1 : 0;
            }
            if (size[i] > 1 && (units > bestUnits || (units == bestUnits && size[i] > size[innermost]))) {
                bestUnits = units;
                innermost = i;
            }
        }
        int[] perm = new int[nl];
        long[] weight = new long[nl];
        int np = 0;
        for (int i = 0; i < nl; i++) {
            if (size[i] > 1 && i != innermost) {
                long w = totalStride(str, i);
                int j = np++;
                for (; j > 0 && weight[j - 1] < w; j--) {
                    perm[j] = perm[j - 1];
                    weight[j] = weight[j - 1];
                }
                perm[j] = i;
                weight[j] = w;
            }
        }
        if (innermost >= 0) {
            perm[np++] = innermost;
        }
        // Merge neighbours that are one contiguous run for every array.
        int[] dimArr = new int[np];
        int[][] cols = new int[np][];
        int r = 0;
        for (int q = 0; q < np; q++) {
            int p = perm[q];
            int[] col = new int[nOps + 1];
            for (int t = 0; t <= nOps; t++) {
                col[t] = str[t][p];
            }
            if (r > 0) {
                int[] prev = cols[r - 1];
                boolean merge = true;
                for (int t = 0; t <= nOps && merge; t++) {
                    merge = (long) prev[t] == (long) col[t] * size[p];
                }
                if (merge) {
                    dimArr[r - 1] *= size[p];
                    cols[r - 1] = col;
                    continue;
                }
            }
            dimArr[r] = size[p];
            cols[r++] = col;
        }
        dimArr = Arrays.copyOf(dimArr, r);
        int[][] opStr = new int[nOps][r];
        int[] outStr = new int[r];
        for (int d = 0; d < r; d++) {
            for (int t = 0; t < nOps; t++) {
                opStr[t][d] = cols[d][t];
            }
            outStr[d] = cols[d][nOps];
        }
        int[] offs = new int[nOps];
        for (int t = 0; t < nOps; t++) {
            offs[t] = g.get(t).t.offset();
        }
        if (dtype == DType.F32) {
            float[][] arrs = new float[nOps][];
            for (int t = 0; t < nOps; t++) {
                arrs[t] = g.get(t).t.f32();
            }
            EinsumLoopF32.run(EinsumLoopF32.KERNEL, dimArr, arrs, offs, opStr, out.f32(), 0, outStr);
        } else {
            double[][] arrs = new double[nOps][];
            for (int t = 0; t < nOps; t++) {
                arrs[t] = g.get(t).t.f64();
            }
            EinsumLoopF64.run(EinsumLoopF64.KERNEL, dimArr, arrs, offs, opStr, out.f64(), 0, outStr);
        }
        return new Op(out, order);
    }

    private static long totalStride(int[][] str, int i) {
        long s = 0;
        for (int[] row : str) {
            s += Math.abs((long) row[i]);
        }
        return s;
    }
}
