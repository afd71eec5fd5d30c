package io.ricci.nn.layers;

import io.ricci.tensor.Tensor;

/** A scalar loss with a hand-written backward: forward caches, backward gives dL/dscores. */
public interface Loss {
    /** L(scores, targets); caches what {@link #backward} needs. */
    double forward(Tensor scores, Tensor targets);

    /** dL/dscores for upstream dL/dL = 1. */
    Tensor backward();
}
