package io.ricci.nn.module.optim;

import io.ricci.nn.autograd.Variable;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of the optimizers over tape parameters (PyTorch's {@code torch.optim.Optimizer}): built
 * over a fixed list of parameters, whose state the algorithm keeps by identity. Parameters without
 * a gradient (not reached by the last backward) are skipped, as PyTorch skips {@code grad is None}.
 */
public abstract class TapeOptimizer {
    protected final List<Variable> params;

    protected TapeOptimizer(List<Variable> params) {
        Map<Variable, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Variable p = params.get(i);
            if (!p.isLeaf() || !p.requiresGrad()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + i + " (" + p
                        + ") is not a leaf that requires a gradient");
            }
            if (seen.put(p, Boolean.TRUE) != null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + i + " (" + p
                        + ") appears twice in the parameter list");
            }
        }
        this.params = List.copyOf(params);
    }

    /** One update of every parameter that has a gradient (values modified in place). */
    public abstract void step();

    /** Forgets every parameter's gradient (PyTorch's {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        params.forEach(Variable::zeroGrad);
    }

    public List<Variable> parameters() {
        return params;
    }
}
