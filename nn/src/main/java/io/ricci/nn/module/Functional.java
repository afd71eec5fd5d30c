package io.ricci.nn.module;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;

import io.ricci.tensor.DType;
import io.ricci.tensor.Layout;
import io.ricci.tensor.Tensor;
import java.util.Arrays;

/**
 * The losses and activations of the modules as functions (PyTorch's {@code torch.nn.functional}),
 * composed from tape ops so each gradient is the tape's.
 */
public final class Functional {
    private Functional() {
    }

    /** x - logsumexp(x, dim, keepdims): stable for any finite logits (±800 included). */
    public static Variable logSoftmax(Variable x, int dim) {
        return Autograd.sub(x, Autograd.logsumexp(x, new int[] {dim}, true));
    }

    /** Mean squared error (x - y)², element-wise, then reduced; {@code y} must have x's shape. */
    public static Variable mseLoss(Variable x, Variable y, Reduction r) {
        sameShape("MSELoss", x, y.shape());
        Variable d = Autograd.sub(x, y);
        return reduce(Autograd.mul(d, d), r);
    }

    /** Cross-entropy of logits (N, C) against integer class labels in 0..C-1; MEAN divides by N. */
    public static Variable crossEntropy(Variable logits, int[] labels, Reduction r) {
        if (r != Reduction.NONE) {
            int[] s = logits.shape();
            if (s.length != 2) {
                throw new IllegalArgumentException("CrossEntropyLoss: logits must be (N, C), got " + Layout.format(s));
            }
            double scale = r == Reduction.SUM ? 1 : s[0] == 0 ? Double.NaN : 1.0 / s[0];
            return Autograd.crossEntropy(logits, labels, scale);
        }
        return crossEntropy(logits, Variable.constant(oneHot(logits, labels)), r);
    }

    /**
     * Cross-entropy of logits (N, C) against {@code target}: either a rank-1 tensor of N class labels
     * (whole numbers 0..C-1), or class probabilities / one-hot rows of the logits' shape. Per row
     * -Σ_c target·logSoftmax(logits); MEAN divides by N, as PyTorch does for both target forms.
     */
    public static Variable crossEntropy(Variable logits, Variable target, Reduction r) {
        int[] s = logits.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException("CrossEntropyLoss: logits must be (N, C), got " + Layout.format(s));
        }
        if (target.shape().length == 1) {
            return crossEntropy(logits, labels(target.value(), s), r);
        }
        sameShape("CrossEntropyLoss", logits, target.shape());
        Variable perRow = Autograd.neg(Autograd.sum(Autograd.mul(target, logSoftmax(logits, 1)), new int[] {1}, false));
        return reduce(perRow, r);
    }

    /**
     * Binary cross-entropy on logits z against targets t in [0, 1]: max(z, 0) - z·t + log(1 + e^(-|z|)),
     * finite for any finite z; its gradient is σ(z) - t (the maxima split ties evenly, so at z = 0 the
     * gradient is ½ - t as PyTorch's).
     */
    public static Variable bceWithLogits(Variable z, Variable t, Reduction r) {
        sameShape("BCEWithLogitsLoss", z, t.shape());
        Variable zero = Variable.constant(Tensor.zeros(z.value().dtype(), z.shape()));
        Variable relu = Autograd.maximum(z, zero);
        Variable abs = Autograd.maximum(z, Autograd.neg(z));
        Variable softplusTail = Autograd.log(Autograd.shift(Autograd.exp(Autograd.neg(abs)), 1));
        return reduce(Autograd.add(Autograd.sub(relu, Autograd.mul(z, t)), softplusTail), r);
    }

    static Variable reduce(Variable v, Reduction r) {
        return switch (r) {
            case MEAN -> Autograd.mean(v, new int[0], false);
            case SUM -> Autograd.sum(v, new int[0], false);
            case NONE -> v;
        };
    }

    private static int[] labels(Tensor t, int[] s) {
        double[] d = t.toDoubleArray();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] != Math.rint(d[i])) {
                throw new IllegalArgumentException("CrossEntropyLoss: label " + d[i] + " at position " + i
                        + " is not a whole number (a rank-1 target holds class labels 0.." + (s[1] - 1) + ")");
            }
            out[i] = (int) d[i];
        }
        return out;
    }

    private static Tensor oneHot(Variable logits, int[] labels) {
        int[] s = logits.shape();
        if (s.length != 2 || labels.length != s[0]) {
            throw new IllegalArgumentException("CrossEntropyLoss: " + labels.length + " labels for logits " + Layout.format(s)
                    + " (need (N, C) logits and N labels)");
        }
        DType dt = logits.value().dtype();
        double[] oh = new double[s[0] * s[1]];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= s[1]) {
                throw new IllegalArgumentException("CrossEntropyLoss: label " + labels[i] + " at position " + i
                        + " is outside 0.." + (s[1] - 1));
            }
            oh[i * s[1] + labels[i]] = 1;
        }
        return Tensor.wrap(oh, s[0], s[1]).astype(dt);
    }

    private static void sameShape(String what, Variable x, int[] target) {
        if (!Arrays.equals(x.shape(), target)) {
            throw new IllegalArgumentException(what + ": input " + Layout.format(x.shape()) + " and target "
                    + Layout.format(target) + " differ in shape");
        }
    }
}
