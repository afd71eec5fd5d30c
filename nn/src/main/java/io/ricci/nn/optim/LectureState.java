package io.ricci.nn.optim;

import io.ricci.nn.layers.Parameter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bridge between the lecture optimizers' checkpoint format (state by parameter NAME) and their
 * state proper, kept by parameter identity: names only matter when state is written or read, and two
 * distinct parameters with one name are an error there instead of silently sharing state.
 */
final class LectureState {
    private final Map<Parameter, Boolean> seen = new IdentityHashMap<>();
    private final List<Parameter> order = new ArrayList<>();
    private final Map<String, Map<String, io.ricci.tensor.Tensor>> pending = new HashMap<>();

    /** Remembers {@code params} and returns those seen for the first time. */
    List<Parameter> firstSeen(List<Parameter> params) {
        List<Parameter> first = params.stream().filter(p -> seen.put(p, Boolean.TRUE) == null).toList();
        order.addAll(first);
        return first;
    }

    /** The parameters stepped so far, checked to have distinct names (they key the checkpoint). */
    List<Parameter> named(String optimizer) {
        Map<String, Parameter> byName = new java.util.LinkedHashMap<>();
        for (Parameter p : order) {
            Parameter other = byName.put(p.name(), p);
            if (other != null) {
                throw new IllegalStateException(optimizer + ": two distinct parameters are both named '" + p.name()
                        + "' (" + other + " and " + p + "); their state cannot be saved by name — give the layers distinct names");
            }
        }
        return List.copyOf(byName.values());
    }

    /** State loaded by name (suffix -> tensor) waiting for the parameter of that name to be stepped. */
    void putPending(String name, String suffix, io.ricci.tensor.Tensor t) {
        // A copy now: the caller's tensors may be another optimizer's live state.
        pending.computeIfAbsent(name, k -> new HashMap<>()).put(suffix, t.copy());
    }

    /** Loaded state not yet bound to a stepped parameter, as NAME.SUFFIX entries (kept in checkpoints). */
    void addPending(Map<String, io.ricci.tensor.Tensor> out) {
        pending.forEach((name, m) -> m.forEach((suffix, t) -> out.putIfAbsent(name + "." + suffix, t)));
    }

    /** Takes the loaded state of {@code p}'s name, or null. */
    Map<String, io.ricci.tensor.Tensor> takePending(Parameter p) {
        return pending.remove(p.name());
    }
}
