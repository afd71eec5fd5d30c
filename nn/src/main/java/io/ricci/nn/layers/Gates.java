package io.ricci.nn.layers;

import io.ricci.nn.autograd.Autograd;

import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;

/**
 * The gates of the computational-graph lectures (seeds 002 and 004) as modules with a hand-written
 * backward. Each caches its inputs in forward and answers dL/dinputs for an upstream dL/dout.
 */
public final class Gates {
    private Gates() {
    }

    /** A two-input gate. */
    public interface Binary {
        /** out = f(x, y); caches what backward needs. */
        Tensor forward(Tensor x, Tensor y);

        /** {dL/dx, dL/dy} from dL/dout. */
        Tensor[] backward(Tensor dout);
    }

    /** x ⊙ y, the "swap multiplier": dx = dout ⊙ y, dy = dout ⊙ x. */
    public static final class Multiplication implements Binary {
        private Tensor x;
        private Tensor y;

        @Override
        public Tensor forward(Tensor x, Tensor y) {
            this.x = x;
            this.y = y;
            return x.mul(y);
        }

        @Override
        public Tensor[] backward(Tensor dout) {
            return new Tensor[] {Autograd.unbroadcast(dout.mul(y), x.shape()), Autograd.unbroadcast(dout.mul(x), y.shape())};
        }
    }

    /**
     * max(x, y), the "gradient router": the larger input gets dout, the other 0; on a tie each gets
     * dout/2 (PyTorch's {@code maximum}; seed 004 gives the full dout to both, which double-counts).
     */
    public static final class Maximum implements Binary {
        private Tensor x;
        private Tensor y;

        @Override
        public Tensor forward(Tensor x, Tensor y) {
            this.x = x;
            this.y = y;
            return x.maximum(y);
        }

        @Override
        public Tensor[] backward(Tensor dout) {
            // comparisons give bool: as 1.0/0.0 in the operands' float dtype, so the gradient keeps it
            DType dt = DType.promote(x.dtype(), y.dtype());
            Tensor tie = x.eq(y).astype(dt).mul(0.5);
            return new Tensor[] {
                Autograd.unbroadcast(dout.mul(x.gt(y).astype(dt).add(tie)), x.shape()),
                Autograd.unbroadcast(dout.mul(y.gt(x).astype(dt).add(tie)), y.shape())};
        }
    }

    /** x + y, the "gradient distributor": dx = dy = dout (summed over broadcast axes). */
    public static final class Addition implements Binary {
        private int[] xs;
        private int[] ys;

        @Override
        public Tensor forward(Tensor x, Tensor y) {
            xs = x.shape();
            ys = y.shape();
            return x.add(y);
        }

        @Override
        public Tensor[] backward(Tensor dout) {
            return new Tensor[] {Autograd.unbroadcast(dout, xs), Autograd.unbroadcast(dout, ys)};
        }
    }

    /** Fan-out x → (x, x), the "gradient adder": dx = dout1 + dout2. */
    public static final class Copy {
        public Tensor[] forward(Tensor x) {
            return new Tensor[] {x, x};
        }

        public Tensor backward(Tensor dout1, Tensor dout2) {
            return dout1.add(dout2);
        }
    }

    /** Heaviside step [x > 0]: its derivative is 0 wherever it exists. */
    public static final class Step implements Layer {
        private Tensor x;

        @Override
        public Tensor forward(Tensor x) {
            this.x = x;
            return x.gt(0).astype(x.dtype());
        }

        @Override
        public Tensor backward(Tensor dout) {
            return Tensor.zeros(dout.dtype(), x.shape());
        }
    }

    /** max(x, 0): dx = dout ⊙ [x > 0] (0 at x = 0, as PyTorch). */
    public static final class Relu implements Layer {
        private Tensor mask;

        @Override
        public Tensor forward(Tensor x) {
            mask = x.gt(0);
            return x.relu();
        }

        @Override
        public Tensor backward(Tensor dout) {
            return dout.mul(mask);
        }
    }

    /** σ(x) = 1/(1+e^-x): dx = dout ⊙ σ(1-σ). */
    public static final class Sigmoid implements Layer {
        private Tensor out;

        @Override
        public Tensor forward(Tensor x) {
            out = x.sigmoid();
            return out;
        }

        @Override
        public Tensor backward(Tensor dout) {
            return dout.mul(out.mul(out.rsub(1)));
        }
    }
}
