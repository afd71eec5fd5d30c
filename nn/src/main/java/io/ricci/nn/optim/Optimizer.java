package io.ricci.nn.optim;

import io.ricci.nn.layers.Parameter;

import io.ricci.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Updates parameter values in place from their gradients; may keep per-parameter state. */
public interface Optimizer {
    /** One update of every parameter's value (modified in place). */
    void step(List<Parameter> params);

    /** The optimizer's state by name (for checkpoints); empty for stateless optimizers. */
    default Map<String, Tensor> state() {
        return Map.of();
    }

    /**
     * The names {@link #state()} has once {@code params} have been stepped at least once: per-parameter
     * entries are {@code NAME.SUFFIX} with the parameter's shape, others are scalars. For checking a
     * checkpoint before {@link #loadState}.
     */
    default List<String> stateNames(List<Parameter> params) {
        return List.of();
    }

    /** Restores what {@link #state()} returned. */
    default void loadState(Map<String, Tensor> state) {
    }

    /** SGD, momentum or Adam by name ({@code sgd}, {@code momentum}, {@code adam}). */
    static Optimizer named(String name, double lr) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "sgd" -> new Sgd(lr);
            case "momentum" -> new Momentum(lr, 0.9);
            case "adam" -> new Adam(lr, 0.9, 0.999, 1e-8);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "': expected sgd, momentum or adam");
        };
    }
}
