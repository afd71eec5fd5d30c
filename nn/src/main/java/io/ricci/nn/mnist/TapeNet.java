package io.ricci.nn.mnist;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;
import io.ricci.nn.layers.Parameter;
import io.ricci.nn.module.Conv2d;
import io.ricci.nn.module.Flatten;
import io.ricci.nn.module.Functional;
import io.ricci.nn.module.Linear;
import io.ricci.nn.module.MaxPool2d;
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
    /** [channels, h, w] of one image for a convolutional net (rows reshaped to it), null for rows as they are. */
    private final int[] image;
    /** Rows per forward in {@link #accuracy}: im2col makes a convolution's inputs 25x larger. */
    private final int evalChunk;
    private final List<Variable> vars;
    private final List<Parameter> params = new ArrayList<>();

    private TapeNet(Sequential model) {
        this(model, null, 2000);
    }

    private TapeNet(Sequential model, int[] image, int evalChunk) {
        this.model = model;
        this.image = image;
        this.evalChunk = evalChunk;
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

    /**
     * LeNet-5 in PyTorch's tutorial form for side×side one-channel images (rows of side² pixels):
     * Conv2d(1, 6, 5, padding 2) - ReLU - MaxPool2d(2) - Conv2d(6, 16, 5) - ReLU - MaxPool2d(2) -
     * Flatten - Linear(16·s·s, 120) - ReLU - Linear(120, 84) - ReLU - Linear(84, out), where
     * s = (side/2 - 4)/2 (5 for MNIST's 28, so Linear(400, 120)); PyTorch's default init from {@code rng}
     * in that order.
     */
    static TapeNet cnn(int pixels, int out, Rng rng, DType dtype) {
        int side = (int) Math.round(Math.sqrt(pixels));
        if (side * side != pixels || side < 12) {
            throw new IllegalArgumentException("cnn: images of " + pixels + " pixels are not square with a side of at least 12"
                    + " (LeNet's two 5x5 convolutions and 2x2 poolings need it)");
        }
        Conv2d c1 = new Conv2d(1, 6, 5, 1, 2, true, rng, dtype);
        MaxPool2d p1 = new MaxPool2d(2);
        Conv2d c2 = new Conv2d(6, 16, 5, 1, 0, true, rng, dtype);
        MaxPool2d p2 = new MaxPool2d(2);
        int s = p2.outputSize(c2.outputSize(p1.outputSize(c1.outputSize(side))));
        Sequential net = new Sequential(c1, new ReLU(), p1, c2, new ReLU(), p2, new Flatten(),
                new Linear(16 * s * s, 120, true, rng, dtype), new ReLU(),
                new Linear(120, 84, true, rng, dtype), new ReLU(), new Linear(84, out, true, rng, dtype));
        // 250 rows: the first layer's columns are then 250·25·784 values (20 MB in float32), which
        // keeps evaluation inside a 256 MB heap.
        return new TapeNet(net, new int[] {1, side, side}, 250);
    }

    /** The number of trainable values of {@link #cnn} on {@code pixels}-pixel images. */
    static long cnnParameters(int pixels, int out) {
        return cnn(pixels, out, new Rng(0), DType.F32).params.stream().mapToLong(p -> p.value().size()).sum();
    }

    /** Rows of {@code x} as the model's input: [n, c, h, w] images for a cnn (a view), else the rows. */
    private Variable input(Tensor x) {
        return Variable.constant(image == null ? x : x.reshape(x.dim(0), image[0], image[1], image[2]));
    }

    Sequential model() {
        return model;
    }

    @Override
    public double lossAndGradient(Tensor x, Tensor labels) {
        model.zeroGrad();
        Variable loss = Functional.crossEntropy(model.forward(input(x)), Variable.constant(labels), Reduction.MEAN);
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
            for (int start = 0; start < n; start += evalChunk) {
                int end = Math.min(n, start + evalChunk);
                Tensor pred = model.forward(input(x.slice(0, start, end))).value().argmax(1);
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
