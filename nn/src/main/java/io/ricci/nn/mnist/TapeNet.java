package io.ricci.nn.mnist;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;
import io.ricci.nn.layers.Parameter;
import io.ricci.nn.module.Functional;
import io.ricci.nn.module.Linear;
import io.ricci.nn.module.Module;
import io.ricci.nn.module.ReLU;
import io.ricci.nn.module.Reduction;
import io.ricci.nn.module.Sequential;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MNIST classifier built from {@link io.ricci.nn.module} modules and trained through the tape:
 * Linear - ReLU - ... - Linear, mean cross-entropy on the logits. Its parameters are offered to the
 * trainer as lecture {@link Parameter}s sharing the modules' value tensors (named by the state dict,
 * "0.weight", "0.bias", ...), so the optimizers, divergence checks and checkpoints are the ones the
 * lecture engine uses.
 */
final class TapeNet implements MnistTrainer.Net {
    private final Sequential model;
    private final List<Variable> vars;
    private final List<Parameter> params = new ArrayList<>();

    private TapeNet(Sequential model) {
        this.model = model;
        this.vars = model.parameters();
        for (Map.Entry<String, Variable> e : model.namedParameters().entrySet()) {
            params.add(new Parameter(e.getKey(), e.getValue().value()));
        }
    }

    /**
     * Seed 004's TwoLayerNet on the tape: the same weights as {@link io.ricci.nn.layers.TwoLayerNet}
     * with that seed (W1 (in, hidden) then W2 ~ N(0, std²) from {@code rng}, biases zero), stored
     * transposed in Linear's (out, in) layout, so both engines start from one point.
     */
    static TapeNet twoLayer(int in, int hidden, int out, double std, Rng rng, DType dtype) {
        Tensor w1 = Tensor.randn(rng, DType.F64, in, hidden).mul(std).astype(dtype);
        Tensor w2 = Tensor.randn(rng, DType.F64, hidden, out).mul(std).astype(dtype);
        Linear l1 = new Linear(in, hidden, true, new Rng(0), dtype);
        Linear l2 = new Linear(hidden, out, true, new Rng(0), dtype);
        l1.weight().value().assign(w1.T());
        l1.bias().value().assign(Tensor.zeros(dtype, hidden));
        l2.weight().value().assign(w2.T());
        l2.bias().value().assign(Tensor.zeros(dtype, out));
        return new TapeNet(new Sequential(l1, new ReLU(), l2));
    }

    /** Linear layers of the given widths with PyTorch's default init from {@code rng}, ReLU between. */
    static TapeNet mlp(int in, int[] hidden, int out, Rng rng, DType dtype) {
        List<Module> mods = new ArrayList<>();
        int prev = in;
        for (int h : hidden) {
            mods.add(new Linear(prev, h, true, rng, dtype));
            mods.add(new ReLU());
            prev = h;
        }
        mods.add(new Linear(prev, out, true, rng, dtype));
        return new TapeNet(new Sequential(mods.toArray(Module[]::new)));
    }

    Sequential model() {
        return model;
    }

    @Override
    public double lossAndGradient(Tensor x, Tensor labels) {
        model.zeroGrad();
        Variable loss = Functional.crossEntropy(model.forward(Variable.constant(x)), Variable.constant(labels), Reduction.MEAN);
        loss.backward();
        for (int i = 0; i < vars.size(); i++) {
            params.get(i).setGrad(vars.get(i).grad());
        }
        return loss.value().item();
    }

    @Override
    public double accuracy(Tensor x, int[] labels) {
        int n = x.dim(0);
        int correct = 0;
        try (AutoCloseable ignored = Autograd.noGrad()) {
            for (int start = 0; start < n; start += 2000) {
                int end = Math.min(n, start + 2000);
                Tensor pred = model.forward(Variable.constant(x.slice(0, start, end))).value().argmax(1);
                for (int i = start; i < end; i++) {
                    if ((int) pred.get(i - start) == labels[i]) {
                        correct++;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return n == 0 ? 0 : (double) correct / n;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }
}
