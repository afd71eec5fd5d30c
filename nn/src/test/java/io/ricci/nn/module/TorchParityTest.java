package io.ricci.nn.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ricci.nn.autograd.Variable;
import io.ricci.nn.module.optim.Adam;
import io.ricci.nn.module.optim.AdamW;
import io.ricci.nn.module.optim.ClipGrad;
import io.ricci.nn.module.optim.SGD;
import io.ricci.nn.module.optim.TapeOptimizer;

import io.ricci.tensor.DType;
import io.ricci.tensor.Npz;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Modules, losses and optimizers against PyTorch 1.13 in float64: the fixtures and the script that
 * made them are in test resources io/ricci/nn/module (make_torch_fixtures.py).
 */
class TorchParityTest {
    static Map<String, Tensor> fixture(String name) throws IOException {
        try (InputStream in = TorchParityTest.class.getResourceAsStream("/io/ricci/nn/module/" + name)) {
            return Npz.load(in, name);
        }
    }

    static void assertClose(Tensor actual, Tensor expected, String what) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        double[] a = actual.toDoubleArray(), e = expected.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as(what + " [" + i + "]").isCloseTo(e[i], within(1e-9));
        }
    }

    /** Builds net {@code i} of nets.npz from Linear and activations, with torch's weights. */
    static Sequential net(Map<String, Tensor> f, int i) {
        double[] c = f.get("n" + i + ".config").toDoubleArray();
        List<Module> mods = new ArrayList<>();
        Rng rng = new Rng(i);
        for (int k = 2; k + 1 < c.length; k++) {
            mods.add(new Linear((int) c[k], (int) c[k + 1], rng));
            if (k + 2 < c.length) {
                mods.add(switch ((int) c[0]) {
                    case 0 -> new ReLU();
                    case 1 -> new Sigmoid();
                    default -> new Tanh();
                });
            }
        }
        Sequential s = new Sequential(mods.toArray(Module[]::new));
        Map<String, Tensor> w = new LinkedHashMap<>();
        String p = "n" + i + ".w.";
        f.forEach((k, v) -> {
            if (k.startsWith(p)) {
                w.put(k.substring(p.length()), v);
            }
        });
        s.loadStateDict(w);
        return s;
    }

    static IntStream twelve() {
        return IntStream.range(0, 12);
    }

    @ParameterizedTest
    @MethodSource("twelve")
    void randomNetLossAndEveryGradientMatchTorch(int i) throws IOException {
        Map<String, Tensor> f = fixture("nets.npz");
        Sequential net = net(f, i);
        int lossKind = (int) f.get("n" + i + ".config").toDoubleArray()[1];
        Variable out = net.forward(Variable.constant(f.get("n" + i + ".x")));
        Tensor target = f.get("n" + i + ".target");
        Variable loss = switch (lossKind) {
            case 0 -> new MSELoss().forward(out, Variable.constant(target));
            case 1 -> new CrossEntropyLoss().forward(out, labels(target));
            default -> new CrossEntropyLoss().forward(out, Variable.constant(target));
        };
        loss.backward();
        assertThat(loss.value().item()).as("loss").isCloseTo(f.get("n" + i + ".loss").item(), within(1e-9));
        Map<String, Variable> named = net.namedParameters();
        long grads = f.keySet().stream().filter(k -> k.startsWith("n" + i + ".g.")).count();
        assertThat(named).hasSize((int) grads);
        named.forEach((k, v) -> assertClose(v.grad(), f.get("n" + i + ".g." + k), "net " + i + " d" + k));
    }

    static int[] labels(Tensor t) {
        return java.util.Arrays.stream(t.toDoubleArray()).mapToInt(d -> (int) d).toArray();
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd", (Function<List<Variable>, TapeOptimizer>) ps -> new SGD(ps, 0.1)),
                Arguments.of("sgd_mom", (Function<List<Variable>, TapeOptimizer>) ps -> new SGD(ps, 0.1, 0.9, 0.1, false, 0.01)),
                Arguments.of("sgd_nesterov", (Function<List<Variable>, TapeOptimizer>) ps -> new SGD(ps, 0.1, 0.8, 0, true, 0.05)),
                Arguments.of("adam", (Function<List<Variable>, TapeOptimizer>) ps -> new Adam(ps, 0.05)),
                Arguments.of("adam_wd", (Function<List<Variable>, TapeOptimizer>) ps -> new Adam(ps, 0.05, 0.8, 0.99, 1e-6, 0.1)),
                Arguments.of("adamw", (Function<List<Variable>, TapeOptimizer>) ps -> new AdamW(ps, 0.05, 0.9, 0.999, 1e-8, 0.1)));
    }

    static Sequential optimNet(Map<String, Tensor> f) {
        Sequential s = new Sequential(new Linear(3, 5, new Rng(1)), new Tanh(), new Linear(5, 2, new Rng(2)));
        Map<String, Tensor> w = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (k.startsWith("init.")) {
                w.put(k.substring(5), v.copy());
            }
        });
        s.loadStateDict(w);
        return s;
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void fourOptimizerStepsMatchTorch(String name, Function<List<Variable>, TapeOptimizer> make) throws IOException {
        Map<String, Tensor> f = fixture("optim.npz");
        Sequential net = optimNet(f);
        TapeOptimizer opt = make.apply(net.parameters());
        for (int step = 0; step < 4; step++) {
            opt.zeroGrad();
            new CrossEntropyLoss().forward(net.forward(Variable.constant(f.get("x"))), labels(f.get("y"))).backward();
            opt.step();
            for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) {
                assertClose(e.getValue(), f.get(name + "." + step + "." + e.getKey()), name + " step " + step + " " + e.getKey());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"clip_small", "clip_large"})
    void clipGradNormMatchesTorch(String c) throws IOException {
        Map<String, Tensor> f = fixture("optim.npz");
        Sequential net = optimNet(f);
        new CrossEntropyLoss().forward(net.forward(Variable.constant(f.get("x"))), labels(f.get("y"))).backward();
        double total = ClipGrad.clipGradNorm(net.parameters(), f.get(c + ".max_norm").item());
        assertThat(total).isCloseTo(f.get(c + ".total").item(), within(1e-9));
        net.namedParameters().forEach((k, v) -> assertClose(v.grad(), f.get(c + ".g." + k), c + " d" + k));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bce.mean", "bce.sum", "bce.none", "ce.mean", "ce.sum", "ce.none",
        "ceprob.mean", "ceprob.sum", "ceprob.none"})
    void lossesWithEachReductionAndExtremeLogitsMatchTorch(String c) throws IOException {
        Map<String, Tensor> f = fixture("losses.npz");
        Reduction r = Reduction.valueOf(c.substring(c.indexOf('.') + 1).toUpperCase(java.util.Locale.ROOT));
        Variable z = new Variable(f.get("z").copy(), "z", true);
        Variable out = switch (c.substring(0, c.indexOf('.'))) {
            case "bce" -> new BCEWithLogitsLoss(r).forward(z, Variable.constant(f.get("t")));
            // labels as a tensor of label values here, as int[] in the nets test
            case "ce" -> new CrossEntropyLoss(r).forward(z, Variable.constant(f.get("labels")));
            default -> new CrossEntropyLoss(r).forward(z, Variable.constant(f.get("probs")));
        };
        Tensor expected = f.get(c + ".value");
        assertClose(out.value().reshape(expected.shape()), expected, c + " value");
        Functional.reduce(out, Reduction.SUM).backward();
        assertClose(z.grad(), f.get(c + ".grad"), c + " grad");
    }
}
