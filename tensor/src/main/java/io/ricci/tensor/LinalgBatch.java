package io.ricci.tensor;

import java.util.Arrays;

/**
 * A stack of matrices ({@code [..., m, n]}) copied to one row-major double array, the layout EJML's
 * {@code DMatrixRMaj} uses: any strides, views or float32 input become a plain copy here, so
 * the routines in {@link Linalg} see matrix {@code i} at {@code data[i*m*n ..]}.
 */
final class LinalgBatch {
    final String op;
    final DType dtype;
    final int[] batchShape;
    final int count;
    final int m;
    final int n;
    final double[] data;

    private LinalgBatch(String op, DType dtype, int[] batchShape, int m, int n, double[] data) {
        this.op = op;
        this.dtype = dtype;
        this.batchShape = batchShape;
        int c = 1;
        for (int d : batchShape) {
            c *= d;
        }
        this.count = c;
        this.m = m;
        this.n = n;
        this.data = data;
    }

    /** Reads {@code a} as a stack of matrices; checks rank, dtype, squareness and finiteness. */
    static LinalgBatch of(String op, Tensor a, boolean square, boolean finite) {
        checkFloat(op, a);
        if (a.rank() < 2) {
            throw new IllegalArgumentException(op + ": expected an array of at least 2 dimensions [..., m, n], got shape "
                    + Layout.format(a.shape()));
        }
        int m = a.dim(-2);
        int n = a.dim(-1);
        if (square && m != n) {
            throw new IllegalArgumentException(op + ": the last two dimensions must be square, got shape "
                    + Layout.format(a.shape()));
        }
        LinalgBatch b = new LinalgBatch(op, a.dtype(), Arrays.copyOf(a.shape(), a.rank() - 2), m, n, a.toDoubleArray());
        if (finite) {
            b.checkFinite();
        }
        return b;
    }

    static void checkFloat(String op, Tensor a) {
        if (a.dtype() != DType.F32 && a.dtype() != DType.F64) {
            throw new IllegalArgumentException(op + ": expected a float32 or float64 array, got " + a.dtype().numpyName());
        }
    }

    /** NumPy raises (LAPACK's SVD/eig do not converge) on NaN or inf; Ricci says so up front everywhere. */
    void checkFinite() {
        int mn = m * n;
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                int k = i % mn;
                throw new LinalgException(op + ": " + which(i / mn) + " has a non-finite entry " + data[i]
                        + " at [" + (k / n) + ", " + (k % n) + "]");
            }
        }
    }

    /** "the matrix" or "matrix 2 of the batch [3, 2]" (flat, row-major batch index). */
    String which(int index) {
        return batchShape.length == 0 ? "the matrix" : "matrix " + index + " of the batch " + Layout.format(batchShape);
    }

    /** A fresh copy of matrix {@code i} (EJML routines may overwrite their input). */
    double[] matrix(int i) {
        return Arrays.copyOfRange(data, i * m * n, (i + 1) * m * n);
    }

    /** {@code batchShape} followed by {@code tail}. */
    int[] shape(int... tail) {
        int[] s = Arrays.copyOf(batchShape, batchShape.length + tail.length);
        System.arraycopy(tail, 0, s, batchShape.length, tail.length);
        return s;
    }

    /** A tensor of the input dtype over {@code values} (rounded to float for float32 input). */
    Tensor result(double[] values, int... shape) {
        return result(dtype, values, shape);
    }

    static Tensor result(DType dtype, double[] values, int... shape) {
        Tensor t = Tensor.wrap(values, shape);
        return dtype == DType.F64 ? t : t.astype(dtype);
    }

    /** Machine epsilon of the input dtype (NumPy's default tolerances are in it). */
    double eps() {
        return dtype == DType.F32 ? Math.ulp(1.0f) : Math.ulp(1.0);
    }
}
