package io.ricci.tensor;

/** Element-by-element copy between two views of the same shape, any strides, any dtypes. */
final class StridedCopy {
    private StridedCopy() {
    }

    /** {@code dst[i] = src[i]} for every index; {@code dst} is modified. Shapes must be equal. */
    static void copy(Tensor src, Tensor dst) {
        Layout s = src.layout();
        Layout d = dst.layout();
        int n = d.size();
        if (n == 0) {
            return;
        }
        int rank = d.rank();
        if (!src.dtype().isFloat() || !dst.dtype().isFloat()) {
            copyCast(src, dst);
            return;
        }
        if (rank == 0) {
            dst.setFlat(0, src.getFlat(0));
            return;
        }
        int[] shape = d.shape();
        int[] ss = s.strides();
        int[] ds = d.strides();
        int inner = shape[rank - 1];
        int si = ss[rank - 1];
        int di = ds[rank - 1];
        int[] idx = new int[rank];
        int sp = s.offset();
        int dp = d.offset();
        float[] sf = src.f32();
        double[] sd = src.f64();
        float[] df = dst.f32();
        double[] dd = dst.f64();
        for (int done = 0; done < n; done += inner) {
            if (df != null && sf != null) {
                for (int i = 0; i < inner; i++) {
                    df[dp + i * di] = sf[sp + i * si];
                }
            } else if (dd != null && sd != null) {
                for (int i = 0; i < inner; i++) {
                    dd[dp + i * di] = sd[sp + i * si];
                }
            } else if (df != null) {
                for (int i = 0; i < inner; i++) {
                    df[dp + i * di] = (float) sd[sp + i * si];
                }
            } else {
                for (int i = 0; i < inner; i++) {
                    dd[dp + i * di] = sf[sp + i * si];
                }
            }
            // Odometer over the outer axes.
            for (int ax = rank - 2; ax >= 0; ax--) {
                idx[ax]++;
                sp += ss[ax];
                dp += ds[ax];
                if (idx[ax] < shape[ax]) {
                    break;
                }
                sp -= ss[ax] * shape[ax];
                dp -= ds[ax] * shape[ax];
                idx[ax] = 0;
            }
        }
    }

    /**
     * bool to float and float to bool between two row-major tensors in one tight loop, without the
     * per-element position arithmetic: a comparison's mask turned into 1.0/0.0 to multiply a gradient
     * by runs on every training step. Returns false (nothing copied) for other dtypes or layouts.
     */
    private static boolean castDense(Tensor src, Tensor dst) {
        if (!src.isContiguous() || !dst.isContiguous()) {
            return false;
        }
        int n = dst.size(), s = src.offset(), d = dst.offset();
        DType from = src.dtype(), to = dst.dtype();
        if (from == DType.BOOL && to == DType.F32) {
            boolean[] x = src.b8();
            float[] y = dst.f32();
            for (int i = 0; i < n; i++) {
                y[d + i] = x[s + i] ? 1f : 0f;
            }
        } else if (from == DType.BOOL && to == DType.F64) {
            boolean[] x = src.b8();
            double[] y = dst.f64();
            for (int i = 0; i < n; i++) {
                y[d + i] = x[s + i] ? 1 : 0;
            }
        } else if (from == DType.F32 && to == DType.BOOL) {
            float[] x = src.f32();
            boolean[] y = dst.b8();
            for (int i = 0; i < n; i++) {
                y[d + i] = x[s + i] != 0 || x[s + i] != x[s + i]; // NaN is true
            }
        } else if (from == DType.F64 && to == DType.BOOL) {
            double[] x = src.f64();
            boolean[] y = dst.b8();
            for (int i = 0; i < n; i++) {
                y[d + i] = x[s + i] != 0 || x[s + i] != x[s + i];
            }
        } else {
            return false;
        }
        return true;
    }

    /**
     * The copy when either side is integer or bool, with NumPy's casts (see {@link IntOps}): integers
     * move through long so int64 stays exact; a float source to an integer goes through the double cast.
     */
    private static void copyCast(Tensor src, Tensor dst) {
        if (castDense(src, dst)) {
            return;
        }
        int n = dst.size();
        boolean viaLong = !src.dtype().isFloat() && !dst.dtype().isFloat();
        boolean intToFloat = !src.dtype().isFloat() && src.dtype() != DType.BOOL;
        for (int i = 0; i < n; i++) {
            int sp = src.storageIndex(i), dp = dst.storageIndex(i);
            if (dst.dtype() == DType.BOOL) {
                dst.writeLong(dp, src.readBool(sp) ? 1 : 0);
            } else if (viaLong || intToFloat) {
                // long to float32 rounds once (Java's (float) long is correctly rounded, as NumPy's cast).
                dst.writeLong(dp, src.readLong(sp));
            } else {
                dst.writeAt(dp, src.readAt(sp));
            }
        }
    }
}
