package io.ricci.nn.module;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;

/** PyTorch's {@code nn.Flatten()}: (N, d1, d2, ...) to (N, d1·d2·...); a rank-1 input stays as it is. */
public final class Flatten extends Module {
    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length < 2) {
            return x;
        }
        int rest = 1;
        for (int d = 1; d < s.length; d++) {
            rest *= s[d];
        }
        return Autograd.reshape(x, s[0], rest);
    }
}
