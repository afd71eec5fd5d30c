package io.ricci.tensor;

/** Element-wise comparisons behind {@link Tensor#allClose} and {@link Tensor#contentEquals}. */
final class TensorCompare {
    private TensorCompare() {
    }

    /**
     * NumPy's {@code allclose(a, b, rtol, atol)}: true when {@code |a - b| <= atol + rtol·|b|} for every
     * element of the broadcast of {@code a} and {@code b} (or {@code a == b}, which makes equal
     * infinities close); NaN is never close. Computed in double precision.
     */
    static boolean allClose(Tensor a, Tensor b, double rtol, double atol) {
        int[] shape = Layout.broadcastShapes("allClose", a.shape(), b.shape());
        double[] x = a.broadcastTo(shape).toDoubleArray();
        double[] y = b.broadcastTo(shape).toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            double p = x[i], q = y[i];
            boolean close = p == q || (Math.abs(p - q) <= atol + rtol * Math.abs(q) && Double.isFinite(q));
            if (!close) {
                return false;
            }
        }
        return true;
    }

    /** Same dtype, same shape and every element equal ({@code ==}, or both NaN); strides may differ. */
    static boolean contentEquals(Tensor a, Tensor b) {
        if (a.dtype() != b.dtype() || !java.util.Arrays.equals(a.shape(), b.shape())) {
            return false;
        }
        if (!a.dtype().isFloat()) {
            return java.util.Arrays.equals(a.toLongArray(), b.toLongArray()); // exact beyond 2^53
        }
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i] && !(Double.isNaN(x[i]) && Double.isNaN(y[i]))) {
                return false;
            }
        }
        return true;
    }
}
