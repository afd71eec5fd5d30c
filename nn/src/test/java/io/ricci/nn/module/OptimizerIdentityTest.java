package io.ricci.nn.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ricci.nn.autograd.Variable;
import io.ricci.nn.layers.Affine;
import io.ricci.nn.layers.MeanSquaredError;
import io.ricci.nn.layers.Parameter;
import io.ricci.nn.layers.Sequential;
import io.ricci.nn.module.optim.Adam;
import io.ricci.nn.module.optim.SGD;
import io.ricci.nn.module.optim.TapeOptimizer;
import io.ricci.nn.optim.Momentum;
import io.ricci.nn.optim.Optimizer;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Optimizer state belongs to a parameter object, not to its name or shape: two equal-shaped layers
 * with the same default names train exactly (bit for bit) as the same layers with distinct names.
 */
class OptimizerIdentityTest {
    // ---------------------------------------------------------------- lecture layers

    /** Two 4x4 Affine layers, built with default names ("W", "b" both) or distinct ones. */
    static Sequential lectureNet(boolean distinctNames) {
        Rng rng = new Rng(3);
        Tensor w1 = Tensor.randn(rng, DType.F64, 4, 4), w2 = Tensor.randn(rng, DType.F64, 4, 4);
        Tensor b1 = Tensor.randn(rng, DType.F64, 4), b2 = Tensor.randn(rng, DType.F64, 4);
        return distinctNames
                ? new Sequential(new Affine("W1", w1, "b1", b1), new Affine("W2", w2, "b2", b2))
                : new Sequential(new Affine(w1, b1), new Affine(w2, b2));
    }

    static List<double[]> trainLecture(boolean distinct, Supplier<Optimizer> make) {
        Sequential net = lectureNet(distinct);
        Optimizer opt = make.get();
        Rng rng = new Rng(9);
        MeanSquaredError mse = new MeanSquaredError();
        for (int step = 0; step < 5; step++) {
            Tensor x = Tensor.randn(rng, DType.F64, 6, 4), y = Tensor.randn(rng, DType.F64, 6, 4);
            mse.forward(net.forward(x), y);
            net.backward(mse.backward());
            opt.step(net.parameters());
        }
        return net.parameters().stream().map(p -> p.value().toDoubleArray()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"momentum", "adam"})
    void lectureOptimizersDoNotAliasDefaultNamedAffineLayers(String name) {
        List<double[]> defaultNames = trainLecture(false, () -> Optimizer.named(name, 0.05));
        List<double[]> distinctNames = trainLecture(true, () -> Optimizer.named(name, 0.05));
        for (int i = 0; i < defaultNames.size(); i++) {
            assertThat(defaultNames.get(i)).as("parameter " + i).isEqualTo(distinctNames.get(i));
        }
        // And the layers really are trained apart: shared state would have made them move together.
        assertThat(defaultNames.get(0)).isNotEqualTo(trainLecture(false, () -> Optimizer.named("sgd", 0.05)).get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"momentum", "adam"})
    void savingTheStateOfTwoParametersWithOneNameIsAnError(String name) {
        Sequential net = lectureNet(false);
        Optimizer opt = Optimizer.named(name, 0.05);
        MeanSquaredError mse = new MeanSquaredError();
        mse.forward(net.forward(Tensor.ones(DType.F64, 2, 4)), Tensor.zeros(DType.F64, 2, 4));
        net.backward(mse.backward());
        opt.step(net.parameters());
        assertThatThrownBy(opt::state).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two distinct parameters are both named 'W'");
    }

    @Test
    void momentumStateRoundTripsByNameOntoFreshParameters() {
        Sequential a = lectureNet(true);
        Optimizer opt = new Momentum(0.05, 0.9);
        MeanSquaredError mse = new MeanSquaredError();
        Tensor x = Tensor.ones(DType.F64, 2, 4), y = Tensor.zeros(DType.F64, 2, 4);
        mse.forward(a.forward(x), y);
        a.backward(mse.backward());
        opt.step(a.parameters());
        Optimizer restored = new Momentum(0.05, 0.9);
        restored.loadState(opt.state());
        Sequential b = lectureNet(true);
        for (int i = 0; i < 4; i++) {
            b.parameters().get(i).value().assign(a.parameters().get(i).value());
        }
        for (Sequential net : new Sequential[] {a, b}) {
            mse.forward(net.forward(x), y);
            net.backward(mse.backward());
        }
        opt.step(a.parameters());
        restored.step(b.parameters());
        for (int i = 0; i < 4; i++) {
            Parameter pa = a.parameters().get(i), pb = b.parameters().get(i);
            assertThat(pb.value().toDoubleArray()).as(pa.name()).isEqualTo(pa.value().toDoubleArray());
        }
    }

    // ---------------------------------------------------------------- tape modules

    /** Named tape layers: a module whose two Linear children are both called "fc" in their own scope. */
    static final class Pair extends Module {
        final Linear a;
        final Linear b;

        Pair(boolean distinct) {
            Rng rng = new Rng(5);
            a = registerModule(distinct ? "first" : "x", new Linear(4, 4, rng));
            io.ricci.nn.module.Sequential inner = registerModule(distinct ? "second" : "y",
                    new io.ricci.nn.module.Sequential(new Linear(4, 4, rng)));
            b = (Linear) inner.get(0);
        }

        @Override
        public Variable forward(Variable x) {
            return b.forward(new Tanh().forward(a.forward(x)));
        }
    }

    static List<double[]> trainTape(boolean distinct, Function<List<Variable>, TapeOptimizer> make) {
        Pair net = new Pair(distinct);
        // Both weights are the Variables named "weight": a name-keyed optimizer would alias them.
        assertThat(net.a.weight().name()).isEqualTo(net.b.weight().name());
        TapeOptimizer opt = make.apply(net.parameters());
        Rng rng = new Rng(9);
        for (int step = 0; step < 5; step++) {
            opt.zeroGrad();
            Tensor x = Tensor.randn(rng, DType.F64, 6, 4), y = Tensor.randn(rng, DType.F64, 6, 4);
            new MSELoss().forward(net.forward(Variable.constant(x)), Variable.constant(y)).backward();
            opt.step();
        }
        return net.parameters().stream().map(p -> p.value().toDoubleArray()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"momentum", "adam"})
    void tapeOptimizersKeepStatePerParameterObject(String name) {
        Function<List<Variable>, TapeOptimizer> make = name.equals("adam")
                ? ps -> new Adam(ps, 0.05) : ps -> new SGD(ps, 0.05, 0.9, 0, false, 0);
        List<double[]> x = trainTape(false, make), y = trainTape(true, make);
        for (int i = 0; i < x.size(); i++) {
            assertThat(x.get(i)).as("parameter " + i).isEqualTo(y.get(i));
        }
    }
}
