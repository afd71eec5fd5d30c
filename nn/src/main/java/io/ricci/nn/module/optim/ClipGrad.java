package io.ricci.nn.module.optim;

import io.ricci.nn.autograd.Variable;

import java.util.List;

/** PyTorch's {@code torch.nn.utils.clip_grad_norm_}. */
public final class ClipGrad {
    private ClipGrad() {
    }

    /**
     * Scales every gradient in place by min(1, maxNorm/(total + 1e-6)), total the 2-norm of all the
     * gradients together (parameters without a gradient ignored), and returns total (computed before
     * clipping). As PyTorch: a non-finite total is returned and the gradients scaled by it anyway.
     */
    public static double clipGradNorm(List<Variable> params, double maxNorm) {
        double sq = 0;
        for (Variable p : params) {
            if (p.grad() != null) {
                double n = p.grad().square().sum().item();
                sq += n;
            }
        }
        double total = Math.sqrt(sq);
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) {
            for (Variable p : params) {
                if (p.grad() != null) {
                    p.grad().mul_(coef);
                }
            }
        }
        return total;
    }
}
