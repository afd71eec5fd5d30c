package io.ricci.nn.module;

import io.ricci.nn.autograd.Variable;

/** PyTorch's {@code nn.MSELoss(reduction)}: see {@link Functional#mseLoss}. */
public final class MSELoss {
    private final Reduction reduction;

    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        this.reduction = reduction;
    }

    public Variable forward(Variable input, Variable target) {
        return Functional.mseLoss(input, target, reduction);
    }
}
