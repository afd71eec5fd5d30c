package io.ricci.nn.module;

import io.ricci.nn.autograd.Variable;

/**
 * PyTorch's {@code nn.CrossEntropyLoss(reduction)} from logits: targets are integer class labels or
 * class-probability (one-hot) rows; see {@link Functional#crossEntropy(Variable, Variable, Reduction)}.
 */
public final class CrossEntropyLoss {
    private final Reduction reduction;

    public CrossEntropyLoss() {
        this(Reduction.MEAN);
    }

    public CrossEntropyLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    public Variable forward(Variable logits, int[] labels) {
        return Functional.crossEntropy(logits, labels, reduction);
    }

    public Variable forward(Variable logits, Variable target) {
        return Functional.crossEntropy(logits, target, reduction);
    }
}
