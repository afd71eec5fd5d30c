package io.ricci.nn.optim;

import io.ricci.nn.layers.Parameter;

import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015) on lecture parameters, by the shared {@link AdamRule} (PyTorch's
 * formulas): m ← β1·m + (1-β1)·g, v ← β2·v + (1-β2)·g², w ← w - lr·m̂/(√v̂ + ε) with m̂ = m/(1-β1^t),
 * √v̂ = √v/√(1-β2^t). Values and moments modified in place; state kept per parameter identity.
 */
public final class Adam implements Optimizer {
    private final AdamRule rule;
    private final LectureState names = new LectureState();
    private long t;

    public Adam(double lr, double beta1, double beta2, double eps) {
        this.rule = new AdamRule(lr, beta1, beta2, eps, 0, false);
    }

    @Override
    public void step(List<Parameter> params) {
        for (Parameter p : names.firstSeen(params)) {
            Map<String, Tensor> loaded = names.takePending(p);
            if (loaded != null && loaded.containsKey("m") && loaded.containsKey("v")) {
                rule.setState(p, loaded.get("m"), loaded.get("v"), t);
            }
        }
        t++;
        for (Parameter p : params) {
            rule.update(p, p.value(), p.grad());
        }
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (Parameter p : names.named("Adam")) {
            AdamRule.State st = rule.state(p);
            if (st != null) {
                s.put(p.name() + ".m", st.m);
                s.put(p.name() + ".v", st.v);
            }
        }
        names.addPending(s);
        s.put("adam.t", Tensor.scalar(t));
        return s;
    }

    @Override
    public List<String> stateNames(List<Parameter> params) {
        List<String> names = new ArrayList<>(List.of("adam.t"));
        for (Parameter p : params) {
            names.add(p.name() + ".m");
            names.add(p.name() + ".v");
        }
        return names;
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        state.forEach((k, x) -> {
            if (k.equals("adam.t")) {
                t = (long) x.item();
            } else if (k.endsWith(".m")) {
                names.putPending(k.substring(0, k.length() - 2), "m", x);
            } else if (k.endsWith(".v")) {
                names.putPending(k.substring(0, k.length() - 2), "v", x);
            }
        });
    }
}
