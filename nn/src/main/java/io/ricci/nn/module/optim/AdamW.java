package io.ricci.nn.module.optim;

import io.ricci.nn.autograd.Variable;
import io.ricci.nn.optim.AdamRule;

import java.util.List;

/**
 * PyTorch's {@code torch.optim.AdamW}: Adam with decoupled weight decay w ← w·(1 - lr·λ) before the
 * moment update (default λ = 0.01, as PyTorch's); see {@link AdamRule}.
 */
public final class AdamW extends Adam {
    public AdamW(List<Variable> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0.01);
    }

    public AdamW(List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, new AdamRule(lr, beta1, beta2, eps, weightDecay, true));
    }
}
