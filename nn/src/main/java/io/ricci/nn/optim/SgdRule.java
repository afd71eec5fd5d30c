package io.ricci.nn.optim;

import io.ricci.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * PyTorch's SGD update (torch.optim.SGD), for any (value, gradient) pair; the momentum buffer is kept
 * per parameter IDENTITY (the key object), never by name, so two parameters that happen to share a
 * name or shape never share state:
 * <pre>
 *   g = grad + weightDecay·w
 *   buf = g (first step), else buf = momentum·buf + (1 - dampening)·g      (only if momentum != 0)
 *   g = nesterov ? g + momentum·buf : buf
 *   w = w - lr·g
 * </pre>
 * The value is modified in place. Serves the tape optimizers and the lecture {@link Sgd}.
 */
public final class SgdRule {
    private final double lr;
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;
    private final Map<Object, Tensor> buffers = new IdentityHashMap<>();

    public SgdRule(double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        if (!(lr >= 0) || !(momentum >= 0) || !(weightDecay >= 0) || Double.isNaN(dampening)) {
            throw new IllegalArgumentException("SGD: lr, momentum and weight decay must be >= 0, got lr " + lr
                    + ", momentum " + momentum + ", weight decay " + weightDecay + ", dampening " + dampening);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum > 0 and zero dampening, got momentum "
                    + momentum + ", dampening " + dampening);
        }
        this.lr = lr;
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    public double learningRate() {
        return lr;
    }

    /** One update of {@code value} (in place) from {@code grad}, with the state of {@code key}. */
    public void update(Object key, Tensor value, Tensor grad) {
        Tensor g = weightDecay != 0 ? grad.add(value.mul(weightDecay)) : grad;
        if (momentum != 0) {
            Tensor buf = buffers.get(key);
            if (buf == null) {
                buf = g.copy();
                buffers.put(key, buf);
            } else {
                buf.mul_(momentum).add_(g, 1 - dampening);
            }
            g = nesterov ? g.add(buf.mul(momentum)) : buf;
        }
        value.add_(g, -lr);
    }

    /** The momentum buffer of {@code key}, or null before its first step (or without momentum). */
    public Tensor buffer(Object key) {
        return buffers.get(key);
    }

    /** Sets the momentum buffer of {@code key} (a copy is kept). */
    public void setBuffer(Object key, Tensor buf) {
        buffers.put(key, buf.copy());
    }
}
