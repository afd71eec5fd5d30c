package io.ricci.nn.layers;

import io.ricci.tensor.Layout;
import io.ricci.tensor.Tensor;

/**
 * Softmax followed by the mean cross-entropy over the batch: with y = softmax(a) row-wise,
 * L = -(1/n) Σ_i log y[i, t_i]; dL/da = (y - T)/n where T is the one-hot target. Targets are either
 * one-hot (same shape as the scores) or integer class labels (shape (n,)): both give the same loss
 * and gradient. The loss is computed from log-softmax, so it stays finite for any finite scores.
 * The probabilities are NumPy's {@code np.exp(x - x.max()) / np.exp(x - x.max()).sum()} row by row,
 * also for rows with non-finite scores (see {@link Tensor#softmax}).
 */
public final class SoftmaxCrossEntropy implements Loss {
    private Tensor y;
    private Tensor oneHot;
    private int batch;

    @Override
    public double forward(Tensor scores, Tensor targets) {
        Tensor a = scores.rank() == 1 ? scores.reshape(1, -1) : scores;
        if (a.rank() != 2) {
            throw new IllegalArgumentException("SoftmaxCrossEntropy: scores must be (n, classes) or (classes,), got "
                    + Layout.format(scores.shape()));
        }
        batch = a.dim(0);
        oneHot = toOneHot(targets, scores, a);
        Tensor logY = a.logSoftmax(1);
        y = logY.exp();
        // exp(log-softmax) equals softmax except in a row holding +inf: log-softmax (SciPy's) gives
        // [nan, -inf, ...] there, so exp gives [nan, 0, ...], while softmax is NaN throughout
        // (x - max = inf - inf). Rows of -inf or with NaN are NaN either way.
        Tensor posInfRow = a.max(1, true).eq(Double.POSITIVE_INFINITY);
        if (posInfRow.sum().item() > 0) {
            y = Tensor.where(posInfRow, Tensor.scalar(a.dtype(), Double.NaN), y);
        }
        return -oneHot.mul(logY).sum().item() / batch;
    }

    @Override
    public Tensor backward() {
        return y.sub(oneHot).div(batch);
    }

    /** The softmax probabilities of the last forward. */
    public Tensor probabilities() {
        return y;
    }

    /** One-hot targets of the original scores' shape, or labels of shape (n,) / () for 1-d scores. */
    static Tensor toOneHot(Tensor targets, Tensor scores, Tensor a) {
        int n = a.dim(0), c = a.dim(1);
        if (java.util.Arrays.equals(targets.shape(), scores.shape())) {
            return targets.reshape(n, c).astype(a.dtype());
        }
        int[] labelShape = scores.rank() == 1 ? new int[0] : new int[] {n};
        if (!java.util.Arrays.equals(targets.shape(), labelShape)) {
            throw new IllegalArgumentException("SoftmaxCrossEntropy: targets " + Layout.format(targets.shape())
                    + " are neither one-hot " + Layout.format(scores.shape()) + " nor class labels "
                    + Layout.format(labelShape));
        }
        Tensor labels = targets.reshape(n);
        Tensor t = Tensor.zeros(a.dtype(), n, c);
        for (int i = 0; i < n; i++) {
            double label = labels.get(i);
            int k = (int) label;
            if (k != label || k < 0 || k >= c) {
                throw new IllegalArgumentException("SoftmaxCrossEntropy: label " + label + " at row " + i
                        + " is not a class index in [0, " + c + ")");
            }
            t.set(1, i, k);
        }
        return t;
    }
}
