package io.ricci.nn.module;

/** How a loss reduces its per-element values: PyTorch's {@code reduction='mean' | 'sum' | 'none'}. */
public enum Reduction {
    MEAN, SUM, NONE
}
