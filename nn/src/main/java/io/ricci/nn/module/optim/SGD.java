package io.ricci.nn.module.optim;

import io.ricci.nn.autograd.Variable;
import io.ricci.nn.optim.SgdRule;

import java.util.List;

/** PyTorch's {@code torch.optim.SGD}: the update of {@link SgdRule}, state per parameter identity. */
public final class SGD extends TapeOptimizer {
    private final SgdRule rule;

    public SGD(List<Variable> params, double lr) {
        this(params, lr, 0, 0, false, 0);
    }

    public SGD(List<Variable> params, double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        super(params);
        this.rule = new SgdRule(lr, momentum, dampening, nesterov, weightDecay);
    }

    @Override
    public void step() {
        for (Variable p : params) {
            if (p.grad() != null) {
                rule.update(p, p.value(), p.grad());
            }
        }
    }
}
