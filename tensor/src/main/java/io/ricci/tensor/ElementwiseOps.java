package io.ricci.tensor;

/**
 * Element-wise ops with NumPy broadcasting: the implementation behind {@link Tensor}'s element-wise
 * methods. Shapes broadcast by NumPy's rules, dtypes promote (float32 with float64 gives float64),
 * results are new dense tensors laid out in the inputs' memory order (row-major for row-major
 * inputs, see {@link #newOutput}); the {@code …InPlace} forms write into their first operand.
 */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    /** {@code op(a, b)} broadcast, in the promoted dtype. */
    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        if (!a.dtype().isFloat() || !b.dtype().isFloat()) {
            return IntOps.binary(op, a, b);
        }
        int[] shape = Layout.broadcastShapes(op.opName, a.shape(), b.shape());
        DType dt = DType.promote(a.dtype(), b.dtype());
        Tensor x = a.astype(dt);
        Tensor y = b.astype(dt);
        if (isScalarSqrt(op, y)) {
            return unary(UnaryOp.SQRT, x.broadcastTo(shape));
        }
        Tensor out = newOutput(dt, shape, x.layout().broadcastTo(shape), y.layout().broadcastTo(shape));
        run(op, x, y, out);
        return op.isComparison() ? toBool(out) : out;
    }

    /**
     * The float kernels' 1.0/0.0 comparison result as the bool tensor NumPy returns, in the same
     * layout: {@code out} is a fresh dense result (offset 0, storage positions 0..size-1), so one pass
     * over its storage converts it.
     */
    private static Tensor toBool(Tensor out) {
        int n = out.size();
        boolean[] b = new boolean[n];
        if (out.dtype() == DType.F32) {
            float[] f = out.f32();
            for (int i = 0; i < n; i++) {
                b[i] = f[i] != 0;
            }
        } else {
            double[] f = out.f64();
            for (int i = 0; i < n; i++) {
                b[i] = f[i] != 0;
            }
        }
        return Tensor.ofStorage(out.layout(), b);
    }

    /** {@code op(a, s)} with {@code s} taken in {@code a}'s dtype (a Python float does not promote float32). */
    static Tensor binary(BinaryOp op, Tensor a, double s) {
        if (!a.dtype().isFloat()) {
            // NEP 50: a double is a weak Python float; int ** 2.0 is float64 too, so no shortcut here.
            return binary(op, a, Tensor.scalar(DType.F64, s));
        }
        if (isSquare(op, s)) {
            return unary(UnaryOp.SQUARE, a);
        }
        if (op == BinaryOp.POW && s == 0.5) {
            return unary(UnaryOp.SQRT, a);
        }
        // NEP 50: a double is a weak Python float (keeps float32, makes an integer array float64).
        return binary(op, a, Tensor.scalar(DType.promoteWeak(a.dtype(), true), s));
    }

    /**
     * {@code x ** 2} is exactly {@code x·x} (also for NaN, ±0 and ±inf), and the vector math library
     * has no fast 256-bit POW (it runs lane by lane), so squaring skips it.
     */
    private static boolean isSquare(BinaryOp op, double s) {
        return op == BinaryOp.POW && s == 2.0;
    }

    /**
     * NumPy computes {@code x ** 0.5} as {@code sqrt(x)} when the exponent is one element (a scalar or
     * a size-1 array; a longer exponent goes through pow even if all 0.5): that differs from C's pow
     * for -0 (gives -0, pow +0) and -inf (NaN, pow +inf), so Ricci does the same.
     */
    private static boolean isScalarSqrt(BinaryOp op, Tensor exponent) {
        return op == BinaryOp.POW && exponent.size() == 1 && exponent.item() == 0.5;
    }

    /** {@code op(s, a)} with {@code s} taken in {@code a}'s dtype. */
    static Tensor binary(BinaryOp op, double s, Tensor a) {
        return binary(op, Tensor.scalar(DType.promoteWeak(a.dtype(), true), s), a);
    }

    /**
     * {@code self = op(self, b)}; modifies {@code self}. {@code b} must broadcast to {@code self}'s
     * shape. Computed in the promoted dtype and rounded to {@code self}'s dtype; a {@code b} that
     * overlaps {@code self} differently (e.g. {@code a.add_(a.T())}) is read in full first, as NumPy does.
     */
    static Tensor binaryInPlace(BinaryOp op, Tensor self, Tensor b) {
        String name = op.opName + "_";
        int[] shape = Layout.broadcastShapes(name, self.shape(), b.shape());
        if (!java.util.Arrays.equals(shape, self.shape())) {
            throw new IllegalArgumentException(name + ": result shape " + Layout.format(shape)
                    + " of broadcasting " + Layout.format(self.shape()) + " with " + Layout.format(b.shape())
                    + " differs from the in-place operand's shape " + Layout.format(self.shape()));
        }
        checkWritable(name, self);
        if (DType.promote(self.dtype(), b.dtype()) != self.dtype() || !self.dtype().isFloat()) {
            return self.assign(binary(op, self, b));
        }
        if (isScalarSqrt(op, b)) {
            return unaryInPlace(UnaryOp.SQRT, self);
        }
        Tensor bb = b.astype(self.dtype()).broadcastTo(shape);
        if (bb.sharesStorage(self) && !bb.layout().equals(self.layout())) {
            bb = bb.copy();
        }
        run(op, self, bb, self);
        self.bumpVersion();
        return self;
    }

    static Tensor binaryInPlace(BinaryOp op, Tensor self, double s) {
        if (isSquare(op, s)) {
            return unaryInPlace(UnaryOp.SQUARE, self);
        }
        if (op == BinaryOp.POW && s == 0.5) {
            return unaryInPlace(UnaryOp.SQRT, self);
        }
        return binaryInPlace(op, self, Tensor.scalar(DType.promoteWeak(self.dtype(), true), s));
    }

    /** {@code op(a)} as a new tensor of {@code a}'s dtype. */
    static Tensor unary(UnaryOp op, Tensor a) {
        if (!a.dtype().isFloat()) {
            return IntOps.unary(op, a);
        }
        Tensor out = newOutput(a.dtype(), a.shape(), a.layout());
        runUnary(op, a, out);
        return out;
    }

    /** {@code a = op(a)}; modifies {@code a}. */
    static Tensor unaryInPlace(UnaryOp op, Tensor a) {
        checkWritable(op.opName + "_", a);
        if (!a.dtype().isFloat()) {
            return a.assign(IntOps.unary(op, a));
        }
        runUnary(op, a, a);
        a.bumpVersion();
        return a;
    }

    /**
     * NumPy's {@code where(mask, a, b)}: {@code a} where {@code mask != 0} (NaN counts as true), else
     * {@code b}; all three broadcast together; the result has the promoted dtype of {@code a} and {@code b}.
     */
    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        int[] shape = Layout.broadcastShapes("where", Layout.broadcastShapes("where", mask.shape(), a.shape()),
                b.shape());
        DType dt = DType.promote(a.dtype(), b.dtype());
        if (!dt.isFloat()) {
            return IntOps.where(mask, a, b, dt, shape);
        }
        // Casting the mask could turn a tiny float64 into float32 zero: turn it into exact 0/1 first
        // (a bool mask casts to exactly 0/1; an integer one goes through != 0, which gives bool).
        Tensor m = mask.dtype() == dt ? mask
                : mask.dtype().isFloat() ? binary(BinaryOp.NE, mask, 0.0).astype(dt)
                : mask.dtype() == DType.BOOL ? mask.astype(dt) : binary(BinaryOp.NE, mask, 0.0).astype(dt);
        Tensor x = a.astype(dt);
        Tensor y = b.astype(dt);
        Layout lm = m.layout().broadcastTo(shape);
        Layout la = x.layout().broadcastTo(shape);
        Layout lb = y.layout().broadcastTo(shape);
        Tensor out = newOutput(dt, shape, la, lb, lm);
        Layout[] ls = {out.layout(), lm, la, lb};
        ElementwiseLoop loop = ElementwiseLoop.of(shape, ls, 0, false);
        int so = loop.innerStride(0), sm = loop.innerStride(1), sa = loop.innerStride(2), sb = loop.innerStride(3);
        if (dt == DType.F32) {
            float[] o = out.f32(), mm = m.f32(), aa = x.f32(), bb = y.f32();
            ElementwiseKernelsF32 k = Kernels.ELEMENTWISE_F32;
            loop.forEachParallel((p, n) -> k.where(mm, p[1], sm, aa, p[2], sa, bb, p[3], sb, o, p[0], so, n));
        } else {
            double[] o = out.f64(), mm = m.f64(), aa = x.f64(), bb = y.f64();
            ElementwiseKernelsF64 k = Kernels.ELEMENTWISE_F64;
            loop.forEachParallel((p, n) -> k.where(mm, p[1], sm, aa, p[2], sa, bb, p[3], sb, o, p[0], so, n));
        }
        return out;
    }

    /** {@code min(max(a, lo), hi)}; NaN stays NaN (NumPy's clip). */
    static Tensor clamp(Tensor a, double lo, double hi) {
        checkClampBounds(lo, hi);
        Tensor out = binary(BinaryOp.MAX, a, lo);
        return binaryInPlace(BinaryOp.MIN, out, hi);
    }

    static Tensor clampInPlace(Tensor a, double lo, double hi) {
        checkClampBounds(lo, hi);
        binaryInPlace(BinaryOp.MAX, a, lo);
        return binaryInPlace(BinaryOp.MIN, a, hi);
    }

    private static void checkClampBounds(double lo, double hi) {
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " exceeds upper bound " + hi);
        }
    }

    /**
     * A fresh tensor of {@code shape} (contents unspecified: the operation writes every element, see
     * {@link FreshArrays}) whose storage is dense and ordered like the inputs' memory
     * order ({@link ElementwiseLoop#memoryOrder}): row-major for row-major inputs, but {@code a.T() + b.T()}
     * gets a transposed (column-major) result, as in NumPy, so the loop reads and writes contiguously.
     */
    static Tensor newOutput(DType dt, int[] shape, Layout... inputs) {
        int[] perm = ElementwiseLoop.memoryOrder(shape, inputs);
        boolean identity = true;
        for (int d = 0; d < perm.length; d++) {
            identity &= perm[d] == d;
        }
        if (identity) {
            return Tensor.fresh(dt, shape);
        }
        int[] permuted = new int[perm.length];
        int[] inverse = new int[perm.length];
        for (int d = 0; d < perm.length; d++) {
            permuted[d] = shape[perm[d]];
            inverse[perm[d]] = d;
        }
        return Tensor.fresh(dt, permuted).permute(inverse);
    }

    /** A broadcast view repeats storage elements: writing it element-wise would race with itself. */
    private static void checkWritable(String op, Tensor t) {
        if (t.size() == 0) {
            return;
        }
        int[] sh = t.shape();
        int[] st = t.strides();
        for (int d = 0; d < sh.length; d++) {
            if (st[d] == 0 && sh[d] > 1) {
                throw new IllegalArgumentException(op + ": cannot write in place into a broadcast view of shape "
                        + Layout.format(sh) + " (axis " + d + " has stride 0)");
            }
        }
    }

    /** {@code out = op(a, b)}; all three of one dtype, {@code out} of the broadcast shape. */
    private static void run(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = out.shape();
        Layout[] ls = {out.layout(), a.layout().broadcastTo(shape), b.layout().broadcastTo(shape)};
        ElementwiseLoop loop = ElementwiseLoop.of(shape, ls, 0, false);
        int so = loop.innerStride(0), sa = loop.innerStride(1), sb = loop.innerStride(2);
        int rowsPerRun = rowsPerRun(loop);
        if (rowsPerRun > 1) {
            runRepeated(op, loop, rowsPerRun, out, a, b);
            return;
        }
        if (out.dtype() == DType.F32) {
            float[] o = out.f32(), x = a.f32(), y = b.f32();
            ElementwiseKernelsF32 k = Kernels.ELEMENTWISE_F32;
            loop.forEachParallel((p, n) -> k.binary(op, x, p[1], sa, y, p[2], sb, o, p[0], so, n));
        } else {
            double[] o = out.f64(), x = a.f64(), y = b.f64();
            ElementwiseKernelsF64 k = Kernels.ELEMENTWISE_F64;
            loop.forEachParallel((p, n) -> k.binary(op, x, p[1], sa, y, p[2], sb, o, p[0], so, n));
        }
    }

    /** Rows of at most this many elements get {@link #runRepeated}. */
    private static final int SHORT_ROW = 64;
    /** {@link #runRepeated} covers about this many elements per kernel call. */
    private static final int REPEATED_RUN = 512;

    /**
     * How many rows {@link #runRepeated} may take per kernel call for this geometry, or 1 when it
     * does not apply: two dims left after merging, short unit-stride rows, {@code out} and every
     * operand either contiguous across rows or one row repeated (stride 0 along the rows). That is
     * a bias added to a batch, {@code (m, n) + (n,)}, which the plain walk runs as m calls of n.
     */
    private static int rowsPerRun(ElementwiseLoop loop) {
        if (loop.rank() != 2) {
            return 1;
        }
        int n = loop.size(1);
        int rows = loop.size(0);
        if (n < 1 || n > SHORT_ROW || rows < 2 || loop.stride(0, 0) != n) {
            return 1;
        }
        for (int k = 0; k < 3; k++) {
            int outer = loop.stride(k, 0);
            if (loop.innerStride(k) != 1 || (outer != n && outer != 0)) {
                return 1;
            }
        }
        return Math.min(rows, Math.max(2, REPEATED_RUN / n));
    }

    /**
     * {@link #run} for {@link #rowsPerRun}'s geometry: each repeated row is first copied
     * {@code rowsPerRun} times into a buffer, so one kernel call covers that many rows at once, all
     * operands contiguous. Element by element the same operation, so the same bits.
     */
    private static void runRepeated(BinaryOp op, ElementwiseLoop loop, int rowsPerRun, Tensor out, Tensor a, Tensor b) {
        int n = loop.size(1);
        int rows = loop.size(0);
        boolean repA = loop.stride(1, 0) == 0;
        boolean repB = loop.stride(2, 0) == 0;
        int po = loop.offset(0);
        int pa = loop.offset(1);
        int pb = loop.offset(2);
        // One contiguous run: x from xo, y from yo, out from oo, count elements.
        interface Contiguous {
            void run(int xo, int yo, int oo, int count);
        }
        Contiguous body;
        if (out.dtype() == DType.F32) {
            float[] o = out.f32();
            float[] x = repA ? (float[]) repeat(a.f32(), pa, n, rowsPerRun) : a.f32();
            float[] y = repB ? (float[]) repeat(b.f32(), pb, n, rowsPerRun) : b.f32();
            ElementwiseKernelsF32 k = Kernels.ELEMENTWISE_F32;
            body = (xo, yo, oo, count) -> k.binary(op, x, xo, 1, y, yo, 1, o, oo, 1, count);
        } else {
            double[] o = out.f64();
            double[] x = repA ? (double[]) repeat(a.f64(), pa, n, rowsPerRun) : a.f64();
            double[] y = repB ? (double[]) repeat(b.f64(), pb, n, rowsPerRun) : b.f64();
            ElementwiseKernelsF64 k = Kernels.ELEMENTWISE_F64;
            body = (xo, yo, oo, count) -> k.binary(op, x, xo, 1, y, yo, 1, o, oo, 1, count);
        }
        for (int r = 0; r < rows; r += rowsPerRun) {
            body.run(repA ? 0 : pa + r * n, repB ? 0 : pb + r * n, po + r * n, Math.min(rowsPerRun, rows - r) * n);
        }
    }

    /** A new array of {@code src}'s type holding {@code src[from, from + n)} {@code times} times over. */
    private static Object repeat(Object src, int from, int n, int times) {
        Object r = java.lang.reflect.Array.newInstance(src.getClass().getComponentType(), n * times);
        for (int t = 0; t < times; t++) {
            System.arraycopy(src, from, r, t * n, n);
        }
        return r;
    }

    /** {@code out = op(a)}; same dtype and shape. */
    private static void runUnary(UnaryOp op, Tensor a, Tensor out) {
        int[] shape = out.shape();
        Layout[] ls = {out.layout(), a.layout()};
        ElementwiseLoop loop = ElementwiseLoop.of(shape, ls, 0, false);
        int so = loop.innerStride(0), sa = loop.innerStride(1);
        if (out.dtype() == DType.F32) {
            float[] o = out.f32(), x = a.f32();
            ElementwiseKernelsF32 k = Kernels.ELEMENTWISE_F32;
            loop.forEachParallel((p, n) -> k.unary(op, x, p[1], sa, o, p[0], so, n));
        } else {
            double[] o = out.f64(), x = a.f64();
            ElementwiseKernelsF64 k = Kernels.ELEMENTWISE_F64;
            loop.forEachParallel((p, n) -> k.unary(op, x, p[1], sa, o, p[0], so, n));
        }
    }
}
