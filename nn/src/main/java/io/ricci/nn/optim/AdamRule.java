package io.ricci.nn.optim;

import io.ricci.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * PyTorch's Adam and AdamW updates (torch.optim.Adam / AdamW, single-tensor form), for any (value,
 * gradient) pair, with the moments and step count kept per parameter IDENTITY (the key object):
 * <pre>
 *   AdamW: w = w·(1 - lr·weightDecay)          Adam: g = grad + weightDecay·w
 *   t += 1; m = β1·m + (1-β1)·g;  v = β2·v + (1-β2)·g²
 *   w = w - (lr / (1-β1^t)) · m / (√v / √(1-β2^t) + ε)
 * </pre>
 * (ε is added after the bias correction of √v, as PyTorch does.) The value is modified in place.
 * Serves the tape optimizers and the lecture {@link Adam}.
 */
public final class AdamRule {
    /** The moments and step count of one parameter. */
    public static final class State {
        public final Tensor m;
        public final Tensor v;
        public long step;

        State(Tensor m, Tensor v, long step) {
            this.m = m;
            this.v = v;
            this.step = step;
        }
    }

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final Map<Object, State> states = new IdentityHashMap<>();

    /** {@code decoupled} selects AdamW's weight decay, else Adam's L2 term added to the gradient. */
    public AdamRule(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        if (!(lr >= 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam: need lr >= 0, 0 <= beta1, beta2 < 1, eps >= 0, weight decay >= 0; got lr "
                    + lr + ", betas (" + beta1 + ", " + beta2 + "), eps " + eps + ", weight decay " + weightDecay);
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /** One update of {@code value} (in place) from {@code grad}, with the state of {@code key}. */
    public void update(Object key, Tensor value, Tensor grad) {
        State s = states.computeIfAbsent(key, k -> new State(
                Tensor.zeros(value.dtype(), value.shape()), Tensor.zeros(value.dtype(), value.shape()), 0));
        Tensor g = grad;
        if (weightDecay != 0) {
            if (decoupled) {
                value.mul_(1 - lr * weightDecay);
            } else {
                g = grad.add(value.mul(weightDecay));
            }
        }
        s.step++;
        s.m.mul_(beta1).add_(g, 1 - beta1);
        s.v.mul_(beta2).add_(g.square(), 1 - beta2);
        double c1 = 1 - Math.pow(beta1, s.step);
        double c2sqrt = Math.sqrt(1 - Math.pow(beta2, s.step));
        Tensor denom = s.v.sqrt().div_(c2sqrt).add_(eps);
        value.sub_(s.m.div(denom).mul_(lr / c1));
    }

    /** The state of {@code key}, or null before its first step. */
    public State state(Object key) {
        return states.get(key);
    }

    /** Sets the state of {@code key} (copies of the moments are kept). */
    public void setState(Object key, Tensor m, Tensor v, long step) {
        states.put(key, new State(m.copy(), v.copy(), step));
    }
}
