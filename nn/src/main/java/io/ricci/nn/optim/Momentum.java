package io.ricci.nn.optim;

import io.ricci.nn.layers.Parameter;

import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGD with momentum in the lecture's velocity form: v ← μ·v - lr·g, w ← w + v (values and velocities
 * modified in place). Mathematically PyTorch's SGD(momentum=μ) with v = -lr·buf; this form is kept
 * because the lecture checkpoints store v. Velocities are kept per parameter identity.
 */
public final class Momentum implements Optimizer {
    private final double lr;
    private final double mu;
    private final Map<Parameter, Tensor> velocity = new IdentityHashMap<>();
    private final LectureState names = new LectureState();

    public Momentum(double lr, double mu) {
        this.lr = lr;
        this.mu = mu;
    }

    @Override
    public void step(List<Parameter> params) {
        for (Parameter p : names.firstSeen(params)) {
            Map<String, Tensor> loaded = names.takePending(p);
            if (loaded != null && loaded.containsKey("v")) {
                velocity.put(p, loaded.get("v").copy());
            }
        }
        for (Parameter p : params) {
            Tensor v = velocity.computeIfAbsent(p, k -> Tensor.zeros(p.value().dtype(), p.value().shape()));
            v.mul_(mu).add_(p.grad(), -lr);
            p.value().add_(v);
        }
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (Parameter p : names.named("Momentum")) {
            Tensor v = velocity.get(p);
            if (v != null) {
                s.put(p.name() + ".v", v);
            }
        }
        names.addPending(s);
        return s;
    }

    @Override
    public List<String> stateNames(List<Parameter> params) {
        return new ArrayList<>(params.stream().map(p -> p.name() + ".v").toList());
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        state.forEach((k, v) -> {
            if (k.endsWith(".v")) {
                names.putPending(k.substring(0, k.length() - 2), "v", v);
            }
        });
    }
}
