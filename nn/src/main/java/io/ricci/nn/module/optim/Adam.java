package io.ricci.nn.module.optim;

import io.ricci.nn.autograd.Variable;
import io.ricci.nn.optim.AdamRule;

import java.util.List;

/** PyTorch's {@code torch.optim.Adam} (L2 weight decay added to the gradient): see {@link AdamRule}. */
public class Adam extends TapeOptimizer {
    private final AdamRule rule;

    public Adam(List<Variable> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0);
    }

    public Adam(List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(params, new AdamRule(lr, beta1, beta2, eps, weightDecay, false));
    }

    Adam(List<Variable> params, AdamRule rule) {
        super(params);
        this.rule = rule;
    }

    @Override
    public final void step() {
        for (Variable p : params) {
            if (p.grad() != null) {
                rule.update(p, p.value(), p.grad());
            }
        }
    }
}
