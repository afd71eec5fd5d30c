package io.ricci.nn.optim;

import io.ricci.nn.layers.Parameter;

import java.util.List;

/** Plain stochastic gradient descent: w ← w - lr·dL/dw for every parameter (values modified in place). */
public final class Sgd implements Optimizer {
    private final double lr;

    public Sgd(double lr) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("Sgd: learning rate must be positive, got " + lr);
        }
        this.lr = lr;
    }

    public double learningRate() {
        return lr;
    }

    @Override
    public void step(List<Parameter> params) {
        for (Parameter p : params) {
            p.value().add_(p.grad(), -lr);
        }
    }
}
