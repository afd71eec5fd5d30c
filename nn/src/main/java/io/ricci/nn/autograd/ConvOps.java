package io.ricci.nn.autograd;

import io.ricci.tensor.DType;
import io.ricci.tensor.Layout;
import io.ricci.tensor.Tensor;

/**
 * The loops behind {@link Autograd#conv2d} and {@link Autograd#maxPool2d}: im2col and its adjoint
 * col2im, and 2-d max pooling with its argmax. A convolution is then one GEMM of the reshaped
 * kernel with the columns (the library's matmul), as Caffe and cuDNN's GEMM path do it.
 *
 * <p>im2col goes through a per-geometry index table: entry {@code r·P + p} of one sample's columns
 * ({@code r = (c·KH + kh)·KW + kw}, {@code p = oh·OW + ow}) reads input position
 * {@code c·H·W + ih·W + iw}, or -1 in the padding. Gather and scatter-add are then one tight loop
 * each, the same for float32 and float64, and col2im is exactly the transpose of im2col.
 */
final class ConvOps {
    private ConvOps() {
    }

    /** The geometry of one convolution or pooling window sweep over [N, C, H, W]. */
    record Geometry(int n, int c, int h, int w, int kh, int kw, int stride, int padding, int oh, int ow) {
        int rows() {
            return c * kh * kw;
        }

        int positions() {
            return oh * ow;
        }

        static Geometry of(String op, int[] x, int kh, int kw, int stride, int padding) {
            if (x.length != 4) {
                throw new IllegalArgumentException(op + ": input of shape " + Layout.format(x)
                        + " is not 4-d [N, C, H, W]");
            }
            if (stride < 1 || padding < 0 || kh < 1 || kw < 1) {
                throw new IllegalArgumentException(op + ": kernel " + kh + "x" + kw + ", stride " + stride
                        + ", padding " + padding + ": kernel and stride must be >= 1, padding >= 0");
            }
            int oh = Math.floorDiv(x[2] + 2 * padding - kh, stride) + 1;
            int ow = Math.floorDiv(x[3] + 2 * padding - kw, stride) + 1;
            if (oh < 1 || ow < 1) {
                throw new IllegalArgumentException(op + ": kernel " + kh + "x" + kw + " with padding " + padding
                        + " does not fit input of shape " + Layout.format(x));
            }
            return new Geometry(x[0], x[1], x[2], x[3], kh, kw, stride, padding, oh, ow);
        }
    }

    /** Input position read by each entry of one sample's columns, -1 in the padding. */
    static int[] table(Geometry g) {
        int p = g.positions();
        int[] t = new int[g.rows() * p];
        int j = 0;
        for (int c = 0; c < g.c(); c++) {
            for (int kh = 0; kh < g.kh(); kh++) {
                for (int kw = 0; kw < g.kw(); kw++) {
                    for (int oh = 0; oh < g.oh(); oh++) {
                        int ih = oh * g.stride() - g.padding() + kh;
                        for (int ow = 0; ow < g.ow(); ow++) {
                            int iw = ow * g.stride() - g.padding() + kw;
                            t[j++] = ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w() ? -1 : (c * g.h() + ih) * g.w() + iw;
                        }
                    }
                }
            }
        }
        return t;
    }

    /** x[N, C, H, W] to columns [N, C·KH·KW, OH·OW]. */
    static Tensor im2col(Tensor x, Geometry g, int[] table) {
        int in = g.c() * g.h() * g.w();
        int len = table.length;
        if (x.dtype() == DType.F32) {
            float[] src = x.toFloatArray();
            float[] dst = new float[g.n() * len];
            for (int n = 0; n < g.n(); n++) {
                int xo = n * in, co = n * len;
                for (int j = 0; j < len; j++) {
                    int s = table[j];
                    dst[co + j] = s < 0 ? 0f : src[xo + s];
                }
            }
            return Tensor.wrap(dst, g.n(), g.rows(), g.positions());
        }
        double[] src = x.toDoubleArray();
        double[] dst = new double[g.n() * len];
        for (int n = 0; n < g.n(); n++) {
            int xo = n * in, co = n * len;
            for (int j = 0; j < len; j++) {
                int s = table[j];
                dst[co + j] = s < 0 ? 0.0 : src[xo + s];
            }
        }
        return Tensor.wrap(dst, g.n(), g.rows(), g.positions());
    }

    /** The adjoint of im2col: columns [N, C·KH·KW, OH·OW] summed back into [N, C, H, W]. */
    static Tensor col2im(Tensor cols, Geometry g, int[] table) {
        int in = g.c() * g.h() * g.w();
        int len = table.length;
        if (cols.dtype() == DType.F32) {
            float[] src = cols.toFloatArray();
            float[] dst = new float[g.n() * in];
            for (int n = 0; n < g.n(); n++) {
                int xo = n * in, co = n * len;
                for (int j = 0; j < len; j++) {
                    int s = table[j];
                    if (s >= 0) {
                        dst[xo + s] += src[co + j];
                    }
                }
            }
            return Tensor.wrap(dst, g.n(), g.c(), g.h(), g.w());
        }
        double[] src = cols.toDoubleArray();
        double[] dst = new double[g.n() * in];
        for (int n = 0; n < g.n(); n++) {
            int xo = n * in, co = n * len;
            for (int j = 0; j < len; j++) {
                int s = table[j];
                if (s >= 0) {
                    dst[xo + s] += src[co + j];
                }
            }
        }
        return Tensor.wrap(dst, g.n(), g.c(), g.h(), g.w());
    }

    /** Max pooling result [N, C, OH, OW] and, per output element, the flat input index of its maximum. */
    record Pooled(Tensor out, int[] argmax) {
    }

    /**
     * Max over each window; the first maximum in row-major window order wins ties, and a NaN wins
     * over numbers (PyTorch's max_pool2d).
     */
    static Pooled maxPool(Tensor x, Geometry g) {
        double[] src = x.toDoubleArray();
        int planes = g.n() * g.c();
        int p = g.positions();
        double[] out = new double[planes * p];
        int[] arg = new int[planes * p];
        for (int pl = 0; pl < planes; pl++) {
            int base = pl * g.h() * g.w();
            for (int oh = 0; oh < g.oh(); oh++) {
                for (int ow = 0; ow < g.ow(); ow++) {
                    int best = -1;
                    double bv = 0;
                    for (int kh = 0; kh < g.kh(); kh++) {
                        int ih = oh * g.stride() - g.padding() + kh;
                        if (ih < 0 || ih >= g.h()) {
                            continue;
                        }
                        for (int kw = 0; kw < g.kw(); kw++) {
                            int iw = ow * g.stride() - g.padding() + kw;
                            if (iw < 0 || iw >= g.w()) {
                                continue;
                            }
                            int i = base + ih * g.w() + iw;
                            double v = src[i];
                            if (best < 0 || v > bv || (Double.isNaN(v) && !Double.isNaN(bv))) {
                                best = i;
                                bv = v;
                            }
                        }
                    }
                    int o = pl * p + oh * g.ow() + ow;
                    out[o] = bv;
                    arg[o] = best;
                }
            }
        }
        Tensor r = Tensor.wrap(out, g.n(), g.c(), g.oh(), g.ow());
        return new Pooled(x.dtype() == DType.F64 ? r : r.astype(x.dtype()), arg);
    }

    /** The gradient of max pooling: each output's gradient added at its argmax. */
    static Tensor maxPoolBackward(Tensor grad, int[] argmax, Geometry g, DType dtype) {
        double[] src = grad.toDoubleArray();
        double[] dst = new double[g.n() * g.c() * g.h() * g.w()];
        for (int o = 0; o < argmax.length; o++) {
            dst[argmax[o]] += src[o];
        }
        Tensor r = Tensor.wrap(dst, g.n(), g.c(), g.h(), g.w());
        return dtype == DType.F64 ? r : r.astype(dtype);
    }

    /** The values of {@code x} at each pooled element's argmax, in the pooled shape: maxPoolBackward's adjoint. */
    static Tensor gather(Tensor x, int[] argmax, int[] pooled) {
        double[] src = x.toDoubleArray();
        double[] dst = new double[argmax.length];
        for (int o = 0; o < argmax.length; o++) {
            dst[o] = src[argmax[o]];
        }
        Tensor r = Tensor.wrap(dst, pooled);
        return x.dtype() == DType.F64 ? r : r.astype(x.dtype());
    }
}
