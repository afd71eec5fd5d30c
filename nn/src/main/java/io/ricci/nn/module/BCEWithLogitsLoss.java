package io.ricci.nn.module;

import io.ricci.nn.autograd.Variable;

/** PyTorch's {@code nn.BCEWithLogitsLoss(reduction)}: see {@link Functional#bceWithLogits}. */
public final class BCEWithLogitsLoss {
    private final Reduction reduction;

    public BCEWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    public BCEWithLogitsLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    public Variable forward(Variable logits, Variable target) {
        return Functional.bceWithLogits(logits, target, reduction);
    }
}
