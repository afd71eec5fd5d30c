package io.ricci.nn.optim;

import io.ricci.nn.layers.Parameter;

import io.ricci.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SGD with momentum: v ← μ·v - lr·g, w ← w + v (values and velocities modified in place). */
public final class Momentum implements Optimizer {
    private final double lr;
    private final double mu;
    private final Map<String, Tensor> velocity = new HashMap<>();

    public Momentum(double lr, double mu) {
        this.lr = lr;
        this.mu = mu;
    }

    @Override
    public void step(List<Parameter> params) {
        for (Parameter p : params) {
            Tensor v = velocity.computeIfAbsent(p.name(), k -> Tensor.zeros(p.value().dtype(), p.value().shape()));
            v.mul_(mu).add_(p.grad(), -lr);
            p.value().add_(v);
        }
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new HashMap<>();
        velocity.forEach((k, v) -> s.put(k + ".v", v));
        return s;
    }

    @Override
    public List<String> stateNames(List<Parameter> params) {
        return params.stream().map(p -> p.name() + ".v").toList();
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        state.forEach((k, v) -> {
            if (k.endsWith(".v")) {
                velocity.put(k.substring(0, k.length() - 2), v.copy());
            }
        });
    }
}
