package io.ricci.nn.layers;

import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Layers applied in order; backward runs them in reverse. */
public final class Sequential implements Layer {
    private final List<Layer> layers;

    public Sequential(Layer... layers) {
        this.layers = List.of(layers);
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Layer l : layers) {
            x = l.forward(x);
        }
        return x;
    }

    @Override
    public Tensor backward(Tensor dout) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            dout = layers.get(i).backward(dout);
        }
        return dout;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Layer l : layers) {
            ps.addAll(l.parameters());
        }
        return ps;
    }
}
