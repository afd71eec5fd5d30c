package io.ricci.nn.optim;

import io.ricci.nn.layers.Parameter;

import java.util.List;

/** Plain stochastic gradient descent: w ← w - lr·dL/dw for every parameter (values modified in place). */
public final class Sgd implements Optimizer {
    private final SgdRule rule;

    public Sgd(double lr) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("Sgd: learning rate must be positive, got " + lr);
        }
        this.rule = new SgdRule(lr, 0, 0, false, 0);
    }

    public double learningRate() {
        return rule.learningRate();
    }

    @Override
    public void step(List<Parameter> params) {
        for (Parameter p : params) {
            rule.update(p, p.value(), p.grad());
        }
    }
}
