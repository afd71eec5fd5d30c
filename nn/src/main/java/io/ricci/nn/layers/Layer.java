package io.ricci.nn.layers;

import io.ricci.tensor.Tensor;
import java.util.List;

/**
 * A one-input module with a hand-written backward, as the layer classes of seed 004: forward caches
 * what backward needs; backward maps dL/dout to dL/dx and stores dL/dparameter in its parameters.
 */
public interface Layer {
    /** out = f(x); caches what {@link #backward} needs (modifies this layer's cache only). */
    Tensor forward(Tensor x);

    /** dL/dx from dL/dout, using the cache of the last forward; sets the parameters' gradients. */
    Tensor backward(Tensor dout);

    /** The trainable parameters (empty for parameter-free layers). */
    default List<Parameter> parameters() {
        return List.of();
    }
}
