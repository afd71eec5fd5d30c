package io.ricci.tensor;

import java.util.Arrays;

/**
 * Reductions over any set of axes: the implementation behind {@link Tensor}'s reduction methods.
 *
 * <p>The reduction runs as an element-wise loop between the input and an accumulator that is
 * broadcast (stride 0) along the reduced axes, walked in the input's memory order: when the
 * innermost dim is reduced each run is folded to one value by a SIMD kernel (row sums), otherwise
 * each run is added onto a row of accumulators (vertical adds, e.g. the column sums {@code 1ᵀ·dY}).
 * Accumulators are {@code double} for both dtypes and float32 runs are summed in blocks, so float32
 * sums lose far less accuracy than a float running sum; results are rounded to the input's dtype.
 */
final class ReduceOps {
    private ReduceOps() {
    }

    /**
     * Which axes {@code axes} names, as a mask over {@code rank} dims; no axes means all.
     * Refuses out-of-range and repeated axes, naming {@code op}.
     */
    static boolean[] axisMask(String op, int rank, int[] axes) {
        boolean[] red = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(red, true);
            return red;
        }
        for (int ax : axes) {
            int a = Layout.normalizeAxis(ax, rank, op);
            if (red[a]) {
                throw new IllegalArgumentException(op + ": axis " + ax + " repeated in " + Arrays.toString(axes));
            }
            red[a] = true;
        }
        return red;
    }

    /** {@code op} over {@code axes} (none = all) of {@code x}, in {@code x}'s dtype. */
    static Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepdims) {
        return reduce(op, op.opName, x, axes, keepdims, false);
    }

    /** The arithmetic mean over {@code axes}; NaN for an empty reduction (NumPy warns and gives NaN). */
    static Tensor mean(Tensor x, int[] axes, boolean keepdims) {
        if (!x.dtype().isFloat()) {
            return reduce(ReduceOp.SUM, "mean", x.astype(DType.F64), axes, keepdims, true); // NumPy: float64
        }
        return reduce(ReduceOp.SUM, "mean", x, axes, keepdims, true);
    }

    private static Tensor reduce(ReduceOp op, String name, Tensor x, int[] axes, boolean keepdims, boolean mean) {
        int rank = x.rank();
        boolean[] red = axisMask(name, rank, axes);
        int[] shape = x.shape();
        int[] keep = shape.clone();
        long count = 1;
        for (int d = 0; d < rank; d++) {
            if (red[d]) {
                keep[d] = 1;
                count *= shape[d];
            }
        }
        Layout accLayout = Layout.contiguous(keep);
        double[] acc = new double[accLayout.size()];
        if (count == 0 && op.needsElements() && acc.length > 0) {
            throw new IllegalArgumentException(name + ": zero-size reduction over axes " + axesText(red)
                    + " of shape " + Layout.format(shape) + " has no identity");
        }
        if (!x.dtype().isFloat()) {
            Tensor out = IntOps.reduce(op, x, red, keep);
            return keepdims ? out : out.reshape(dropped(keep, red));
        }
        Arrays.fill(acc, op.identity);
        accumulate(op, x, accLayout.broadcastTo(shape), acc);
        DType dt = x.dtype();
        Tensor out = Tensor.zeros(dt, keep);
        if (mean) {
            for (int i = 0; i < acc.length; i++) {
                acc[i] /= count;
            }
        }
        store(acc, out);
        return keepdims ? out : out.reshape(dropped(keep, red));
    }

    private static void accumulate(ReduceOp op, Tensor x, Layout accView, double[] acc) {
        ElementwiseLoop loop = ElementwiseLoop.of(x.shape(), new Layout[] {accView, x.layout()}, 1, false);
        int sa = loop.innerStride(0), sx = loop.innerStride(1);
        int cut = parallelDim(loop);
        if (x.dtype() == DType.F32) {
            float[] v = x.f32();
            ElementwiseKernelsF32 k = Kernels.ELEMENTWISE_F32;
            if (sa == 0) {
                loop.forEachParallel((p, n) -> acc[p[0]] = op.combine(acc[p[0]], k.reduce(op, v, p[1], sx, n)), cut);
            } else {
                loop.forEachParallel((p, n) -> k.reduceInto(op, acc, p[0], sa, v, p[1], sx, n), cut);
            }
        } else {
            double[] v = x.f64();
            ElementwiseKernelsF64 k = Kernels.ELEMENTWISE_F64;
            if (sa == 0) {
                loop.forEachParallel((p, n) -> acc[p[0]] = op.combine(acc[p[0]], k.reduce(op, v, p[1], sx, n)), cut);
            } else {
                loop.forEachParallel((p, n) -> k.reduceInto(op, acc, p[0], sa, v, p[1], sx, n), cut);
            }
        }
    }

    /**
     * The dim of the reduction loop (operand 0 the accumulators) that threads may split without
     * changing any sum: the outermost dim that is kept (accumulator stride != 0), so each thread owns
     * whole accumulators and adds their terms in the one-thread order. When the inner dim is kept
     * (column sums, {@code sum(axis=0)}) that is the inner dim: each thread takes a block of columns and
     * walks all rows for it. Where every dim is reduced (one scalar) -1, which
     * {@link ElementwiseLoop#SERIAL}, one thread: cutting a single sum would regroup its terms.
     */
    private static int parallelDim(ElementwiseLoop loop) {
        int rank = loop.rank();
        if (loop.innerStride(0) != 0) {
            return rank - 1;
        }
        for (int d = 0; d < rank - 1; d++) {
            if (loop.stride(0, d) != 0) {
                return d;
            }
        }
        return ElementwiseLoop.SERIAL;
    }

    /**
     * Population variance {@code mean((x - mean(x))²)} over {@code axes} with {@code ddof} as NumPy:
     * the sum of squares is divided by {@code max(N - ddof, 0)}, so {@code ddof >= N} gives inf (or
     * NaN for a zero sum of squares, e.g. a constant or empty slice) instead of a negative variance.
     */
    static Tensor var(Tensor x, int[] axes, boolean keepdims, int ddof) {
        boolean[] red = axisMask("var", x.rank(), axes);
        long count = 1;
        for (int d = 0; d < red.length; d++) {
            if (red[d]) {
                count *= x.dim(d);
            }
        }
        Tensor m = mean(x, axes, true);
        Tensor dev = ElementwiseOps.binary(BinaryOp.SUB, x, m);
        ElementwiseOps.unaryInPlace(UnaryOp.SQUARE, dev);
        Tensor ss = reduce(ReduceOp.SUM, "var", dev, axes, keepdims, false);
        return ElementwiseOps.binaryInPlace(BinaryOp.DIV, ss, (double) Math.max(count - ddof, 0));
    }

    /** {@code log Σ exp(x)} over {@code axes}, shifted by the maximum so large values do not overflow. */
    static Tensor logsumexp(Tensor x, int[] axes, boolean keepdims) {
        boolean[] red = axisMask("logsumexp", x.rank(), axes);
        Tensor m = finiteShift(reduce(ReduceOp.MAX, "logsumexp", x, axes, true, false));
        Tensor e = ElementwiseOps.binary(BinaryOp.SUB, x, m);
        ElementwiseOps.unaryInPlace(UnaryOp.EXP, e);
        Tensor s = reduce(ReduceOp.SUM, "logsumexp", e, axes, true, false);
        ElementwiseOps.unaryInPlace(UnaryOp.LOG, s);
        ElementwiseOps.binaryInPlace(BinaryOp.ADD, s, m);
        return keepdims ? s : s.reshape(dropped(s.shape(), red));
    }

    /**
     * {@code exp(x - max) / Σ exp(x - max)} along {@code axis}: every slice along it sums to 1. As
     * NumPy/SciPy's formulation, the shift is the raw maximum, so a slice holding {@code +inf} or NaN,
     * or all {@code -inf}, is NaN throughout ({@code inf - inf}), not a one-hot or a 0/0 mix.
     */
    static Tensor softmax(Tensor x, int axis) {
        int[] ax = {axis};
        axisMask("softmax", x.rank(), ax);
        if (x.isContiguous() && Layout.normalizeAxis(axis, x.rank(), "softmax") == x.rank() - 1 && x.size() > 0) {
            return softmaxRows(x);
        }
        Tensor m = reduce(ReduceOp.MAX, "softmax", x, ax, true, false);
        Tensor e = ElementwiseOps.binary(BinaryOp.SUB, x, m);
        ElementwiseOps.unaryInPlace(UnaryOp.EXP, e);
        Tensor s = reduce(ReduceOp.SUM, "softmax", e, ax, true, false);
        return ElementwiseOps.binaryInPlace(BinaryOp.DIV, e, s);
    }

    /** The fused one-row-at-a-time softmax over the last axis of a row-major tensor. */
    private static Tensor softmaxRows(Tensor x) {
        Tensor out = Tensor.zeros(x.dtype(), x.shape());
        int n = x.dim(-1);
        int rows = x.size() / n;
        int off = x.offset();
        if (x.dtype() == DType.F32) {
            ElementwiseKernelsF32 k = Kernels.ELEMENTWISE_F32;
            for (int r = 0; r < rows; r++) {
                k.softmax(x.f32(), off + r * n, out.f32(), r * n, n);
            }
        } else {
            ElementwiseKernelsF64 k = Kernels.ELEMENTWISE_F64;
            for (int r = 0; r < rows; r++) {
                k.softmax(x.f64(), off + r * n, out.f64(), r * n, n);
            }
        }
        return out;
    }

    /**
     * {@code x - logsumexp(x, axis)}: the log of {@link #softmax}, without its underflow to log 0. Computed
     * as SciPy's {@code log_softmax}, {@code (x - m) - log Σ exp(x - m)}: {@code x - m} is exact near the
     * maximum, where {@code x - (m + log Σ)} would lose the low bits of {@code x} to cancellation. A
     * non-finite maximum shifts by 0, so {@code [inf, 1, -inf]} gives {@code [nan, -inf, -inf]}, a NaN
     * makes the slice NaN and an all {@code -inf} slice is NaN, as SciPy.
     */
    static Tensor logSoftmax(Tensor x, int axis) {
        int[] ax = {axis};
        axisMask("logSoftmax", x.rank(), ax);
        Tensor m = finiteShift(reduce(ReduceOp.MAX, "logSoftmax", x, ax, true, false));
        Tensor t = ElementwiseOps.binary(BinaryOp.SUB, x, m);
        Tensor s = reduce(ReduceOp.SUM, "logSoftmax", ElementwiseOps.unary(UnaryOp.EXP, t), ax, true, false);
        ElementwiseOps.unaryInPlace(UnaryOp.LOG, s);
        return ElementwiseOps.binaryInPlace(BinaryOp.SUB, t, s);
    }

    /** The max with non-finite entries replaced by 0, as SciPy's logsumexp does, so {@code x - m} stays defined. */
    private static Tensor finiteShift(Tensor m) {
        // m is a fresh row-major reduction result, so its storage is exactly its elements.
        if (m.dtype() == DType.F32) {
            float[] a = m.f32();
            for (int i = 0; i < a.length; i++) {
                a[i] = Float.isInfinite(a[i]) ? 0 : a[i];
            }
        } else {
            double[] a = m.f64();
            for (int i = 0; i < a.length; i++) {
                a[i] = Double.isInfinite(a[i]) ? 0 : a[i];
            }
        }
        return m;
    }

    /** Copies {@code acc} into the fresh row-major tensor {@code out}, rounding to its dtype. */
    private static void store(double[] acc, Tensor out) {
        if (out.dtype() == DType.F32) {
            float[] o = out.f32();
            for (int i = 0; i < acc.length; i++) {
                o[i] = (float) acc[i];
            }
        } else {
            System.arraycopy(acc, 0, out.f64(), 0, acc.length);
        }
    }

    /** Indices of the first maximum ({@code max}) or minimum along {@code axis}, as int64 (NumPy's intp). */
    static Tensor argExtreme(boolean max, Tensor x, int axis, boolean keepdims) {
        String name = max ? "argmax" : "argmin";
        int a = Layout.normalizeAxis(axis, x.rank(), name);
        int[] shape = x.shape();
        if (shape[a] == 0) {
            throw new IllegalArgumentException(name + ": axis " + axis + " of shape " + Layout.format(shape)
                    + " is empty, so it has no " + (max ? "maximum" : "minimum"));
        }
        int rank = shape.length;
        int[] perm = new int[rank];
        for (int d = 0, k = 0; d < rank; d++) {
            if (d != a) {
                perm[k++] = d;
            }
        }
        perm[rank - 1] = a;
        Tensor xt = x.permute(perm);
        int[] keep = shape.clone();
        keep[a] = 1;
        Tensor out = Tensor.zeros(DType.I64, keep);
        long[] o = out.i64();
        Layout outView = out.layout().permute(perm).broadcastTo(xt.shape());
        ElementwiseLoop loop = ElementwiseLoop.of(xt.shape(), new Layout[] {outView, xt.layout()}, -1, true);
        int sx = loop.innerStride(1);
        if (!x.dtype().isFloat()) {
            loop.forEach((p, n) -> o[p[0]] = argExtremeLong(max, x, p[1], sx, n));
        } else if (x.dtype() == DType.F32) {
            float[] v = x.f32();
            loop.forEach((p, n) -> o[p[0]] = Kernels.ELEMENTWISE_F32.argExtreme(max, v, p[1], sx, n));
        } else {
            double[] v = x.f64();
            loop.forEach((p, n) -> o[p[0]] = Kernels.ELEMENTWISE_F64.argExtreme(max, v, p[1], sx, n));
        }
        return keepdims ? out : out.reshape(dropped(keep, axisMask(name, rank, new int[] {a})));
    }

    /** Row-major position of the first maximum ({@code max}) or minimum of all elements. */
    static int argExtreme(boolean max, Tensor x) {
        String name = max ? "argmax" : "argmin";
        if (x.size() == 0) {
            throw new IllegalArgumentException(name + ": tensor of shape " + Layout.format(x.shape())
                    + " is empty, so it has no " + (max ? "maximum" : "minimum"));
        }
        Tensor c = x.contiguous();
        if (!c.dtype().isFloat()) {
            return argExtremeLong(max, c, c.offset(), 1, c.size());
        }
        return c.dtype() == DType.F32 ? Kernels.ELEMENTWISE_F32.argExtreme(max, c.f32(), c.offset(), 1, c.size())
                : Kernels.ELEMENTWISE_F64.argExtreme(max, c.f64(), c.offset(), 1, c.size());
    }

    /** First extreme of {@code n} integer or bool elements from storage position {@code p}, step {@code s}. */
    private static int argExtremeLong(boolean max, Tensor x, int p, int s, int n) {
        int best = 0;
        long bv = x.readLong(p);
        for (int i = 1; i < n; i++) {
            long v = x.readLong(p + i * s);
            if (max ? v > bv : v < bv) {
                bv = v;
                best = i;
            }
        }
        return best;
    }

    private static int[] dropped(int[] keep, boolean[] red) {
        int n = 0;
        for (boolean r : red) {
            if (!r) {
                n++;
            }
        }
        int[] s = new int[n];
        for (int d = 0, k = 0; d < keep.length; d++) {
            if (!red[d]) {
                s[k++] = keep[d];
            }
        }
        return s;
    }

    private static String axesText(boolean[] red) {
        StringBuilder sb = new StringBuilder("(");
        for (int d = 0; d < red.length; d++) {
            if (red[d]) {
                sb.append(sb.length() > 1 ? "," : "").append(d);
            }
        }
        return sb.append(')').toString();
    }
}
