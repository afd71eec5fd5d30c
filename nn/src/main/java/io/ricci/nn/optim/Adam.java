package io.ricci.nn.optim;

import io.ricci.nn.layers.Parameter;

import io.ricci.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015): m ← β1·m + (1-β1)·g, v ← β2·v + (1-β2)·g²,
 * w ← w - lr·m̂/(√v̂ + ε) with m̂ = m/(1-β1^t), v̂ = v/(1-β2^t). Values and moments modified in place.
 */
public final class Adam implements Optimizer {
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final Map<String, Tensor> m = new HashMap<>();
    private final Map<String, Tensor> v = new HashMap<>();
    private long t;

    public Adam(double lr, double beta1, double beta2, double eps) {
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    public void step(List<Parameter> params) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (Parameter p : params) {
            Tensor g = p.grad();
            Tensor mp = m.computeIfAbsent(p.name(), k -> Tensor.zeros(g.dtype(), g.shape()));
            Tensor vp = v.computeIfAbsent(p.name(), k -> Tensor.zeros(g.dtype(), g.shape()));
            mp.mul_(beta1).add_(g.mul(1 - beta1));
            vp.mul_(beta2).add_(g.square().mul(1 - beta2));
            p.value().sub_(mp.div(c1).div_(vp.div(c2).sqrt_().add_(eps)).mul_(lr));
        }
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new HashMap<>();
        m.forEach((k, x) -> s.put(k + ".m", x));
        v.forEach((k, x) -> s.put(k + ".v", x));
        s.put("adam.t", Tensor.scalar(t));
        return s;
    }

    @Override
    public List<String> stateNames(List<Parameter> params) {
        List<String> names = new java.util.ArrayList<>(List.of("adam.t"));
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
                m.put(k.substring(0, k.length() - 2), x.copy());
            } else if (k.endsWith(".v")) {
                v.put(k.substring(0, k.length() - 2), x.copy());
            }
        });
    }
}
