package io.ricci.tensor;

/** Linear algebra behind {@link Tensor}'s public methods ({@link Tensor#matmul}). */
final class LinalgOps {
    /**
     * Below this many multiply-adds per matrix, a batch is split across threads by whole matrices
     * rather than each matrix across threads (the hand-off would cost more than it saves).
     */
    private static final long SMALL_GEMM = 1L << 21;

    private LinalgOps() {
    }

    /**
     * NumPy's {@code matmul}: see {@link Tensor#matmul(Tensor, Tensor)}. {@code out} may be null; when
     * given it is modified and returned.
     */
    static Tensor matmul(Tensor a, Tensor b, Tensor out) {
        if (!a.dtype().isFloat() || !b.dtype().isFloat()) {
            throw new IllegalArgumentException("matmul supports float32 and float64; operand "
                    + (a.dtype().isFloat() ? "1 is " + b.dtype().numpyName() : "0 is " + a.dtype().numpyName())
                    + " (convert with astype(DType.F64))");
        }
        int[] sa = a.shape();
        int[] sb = b.shape();
        if (sa.length == 0 || sb.length == 0) {
            throw new IllegalArgumentException("matmul: " + Layout.compact(sa) + " @ " + Layout.compact(sb)
                    + ": operands must have at least one dimension (use multiplication for scalars)");
        }
        boolean aVec = sa.length == 1;
        boolean bVec = sb.length == 1;
        Tensor a2 = aVec ? a.unsqueeze(0) : a;
        Tensor b2 = bVec ? b.unsqueeze(1) : b;
        int m = a2.dim(-2);
        int k = a2.dim(-1);
        int kb = b2.dim(-2);
        int n = b2.dim(-1);
        if (k != kb) {
            throw new IllegalArgumentException("matmul: " + Layout.compact(sa) + " @ " + Layout.compact(sb)
                    + ": inner dimensions " + k + " and " + kb + " differ");
        }
        int[] batchA = java.util.Arrays.copyOf(a2.shape(), a2.rank() - 2);
        int[] batchB = java.util.Arrays.copyOf(b2.shape(), b2.rank() - 2);
        int[] batch;
        try {
            batch = Layout.broadcastShapes("matmul", batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: " + Layout.compact(sa) + " @ " + Layout.compact(sb)
                    + ": batch dimensions " + Layout.compact(batchA) + " and " + Layout.compact(batchB)
                    + " cannot be broadcast", e);
        }
        int r = batch.length;
        int[] full = java.util.Arrays.copyOf(batch, r + 2);
        full[r] = m;
        full[r + 1] = n;
        int[] resultShape = java.util.Arrays.copyOf(batch, r + (aVec ? 0 : 1) + (bVec ? 0 : 1));
        int q = r;
        if (!aVec) {
            resultShape[q++] = m;
        }
        if (!bVec) {
            resultShape[q] = n;
        }
        Layout.checkedSize("matmul", full);
        DType dt = DType.promote(a.dtype(), b.dtype());

        Tensor target;
        if (out == null) {
            // Every element is written by a GEMM with beta = 0, so the result need not be zeroed first.
            target = Tensor.fresh(dt, resultShape);
        } else {
            if (!java.util.Arrays.equals(out.shape(), resultShape)) {
                throw new IllegalArgumentException("matmul: " + Layout.compact(sa) + " @ " + Layout.compact(sb)
                        + ": out has shape " + Layout.compact(out.shape()) + " but the result has shape "
                        + Layout.compact(resultShape));
            }
            boolean direct = out.dtype() == dt && !out.sharesStorage(a) && !out.sharesStorage(b)
                    && !hasRepeatedPositions(out.layout());
            target = direct ? out : Tensor.fresh(dt, resultShape);
        }
        if (target.size() > 0) {
            Tensor c = target;
            if (aVec) {
                c = c.unsqueeze(r);
            }
            if (bVec) {
                c = c.unsqueeze(r + 1);
            }
            Tensor aa = a2.astype(dt).broadcastTo(concat(batch, m, k));
            Tensor bb = b2.astype(dt).broadcastTo(concat(batch, k, n));
            if (!foldBatch(a2, b2, aa, bb, c, batch, m, n, k)) {
                run(aa, bb, c, batch, m, n, k);
            }
        }
        if (out != null && target != out) {
            out.assign(target);
            return out;
        }
        return target;
    }

    private static int[] concat(int[] batch, int x, int y) {
        int[] s = java.util.Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = x;
        s[batch.length + 1] = y;
        return s;
    }

    /** True when two different indices of {@code l} map to one storage position (stride 0 on a dim > 1). */
    private static boolean hasRepeatedPositions(Layout l) {
        int[] sh = l.shape();
        int[] st = l.strides();
        for (int d = 0; d < sh.length; d++) {
            if (sh[d] > 1 && st[d] == 0) {
                return true;
            }
        }
        // Other overlapping layouts (e.g. as_strided tricks) cannot be built through Tensor's views.
        return false;
    }

    /**
     * {@code (..., m, k) @ (k, n)} with A's batch and row axes expressible as one axis of a view (e.g.
     * a contiguous A): one GEMM of {@code (batch·m) × k} by {@code k × n}, so B is packed once instead
     * of once per batch element. Returns false (doing nothing) when the shapes or strides don't allow it.
     */
    private static boolean foldBatch(Tensor a2, Tensor b2, Tensor aa, Tensor bb, Tensor c, int[] batch,
            int m, int n, int k) {
        if (batch.length == 0 || b2.rank() != 2 || a2.rank() != batch.length + 2) {
            return false;
        }
        int count = 1;
        for (int d : batch) {
            count *= d;
        }
        Layout af = aa.layout().reshapeView(count * m, k);
        Layout cf = c.layout().reshapeView(count * m, n);
        if (af == null || cf == null) {
            return false;
        }
        Tensor a1 = aa.withLayout(af);
        Tensor c1 = c.withLayout(cf);
        Tensor b1 = b2.astype(c.dtype());
        runRange(a1, b1, c1, new int[0], count * m, n, k, 0, 1, Parallel.threads());
        return true;
    }

    /** Runs one GEMM per batch index; all three tensors have shape batch + (rows, cols). */
    private static void run(Tensor a, Tensor b, Tensor c, int[] batch, int m, int n, int k) {
        int count = 1;
        for (int d : batch) {
            count *= d;
        }
        int threads = Parallel.threads();
        long work = (long) m * n * k;
        if (count > 1 && threads > 1 && work < SMALL_GEMM) {
            int tasks = Math.min(threads, count);
            int total = count;
            Parallel.run(tasks, t -> runRange(a, b, c, batch, m, n, k,
                    (int) ((long) total * t / tasks), (int) ((long) total * (t + 1) / tasks), 1));
        } else {
            runRange(a, b, c, batch, m, n, k, 0, count, threads);
        }
    }

    /** GEMMs for flat batch indices {@code from .. to-1}, each with up to {@code threads} threads. */
    private static void runRange(Tensor a, Tensor b, Tensor c, int[] batch, int m, int n, int k,
            int from, int to, int threads) {
        int r = batch.length;
        int[] as = a.strides();
        int[] bs = b.strides();
        int[] cs = c.strides();
        for (int flat = from; flat < to; flat++) {
            int ao = a.offset();
            int bo = b.offset();
            int co = c.offset();
            int rem = flat;
            for (int d = r - 1; d >= 0; d--) {
                int i = rem % batch[d];
                rem /= batch[d];
                ao += i * as[d];
                bo += i * bs[d];
                co += i * cs[d];
            }
            if (c.dtype() == DType.F32) {
                Kernels.GEMM_F32.gemm(m, n, k, 1f, a.f32(), ao, as[r], as[r + 1], b.f32(), bo, bs[r], bs[r + 1],
                        0f, c.f32(), co, cs[r], cs[r + 1], threads);
            } else {
                Kernels.GEMM_F64.gemm(m, n, k, 1.0, a.f64(), ao, as[r], as[r + 1], b.f64(), bo, bs[r], bs[r + 1],
                        0.0, c.f64(), co, cs[r], cs[r + 1], threads);
            }
        }
    }
}
