package io.ricci.nn.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;

import io.ricci.tensor.DType;
import io.ricci.tensor.Npz;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Conv2d and MaxPool2d modules: the same values and gradients as Autograd.conv2d / maxPool2d with
 * the module's parameters, the NumPy loops of conv_fixtures.npz (make_conv_fixtures.py) through a
 * loaded state dict, PyTorch's init bounds, state-dict round trips and errors.
 */
class ConvModuleTest {
    private static Map<String, Tensor> fx;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ConvModuleTest.class.getResourceAsStream("/io/ricci/nn/autograd/conv_fixtures.npz")) {
            fx = Npz.load(in, "conv_fixtures.npz");
        }
    }

    @ParameterizedTest(name = "in {0} out {1} k {2} s {3} p {4} n {5} {6}x{7}")
    @CsvSource({
        "1, 1, 1, 1, 0, 1, 1, 1",
        "3, 4, 3, 1, 0, 2, 5, 5",
        "2, 3, 3, 2, 1, 1, 7, 6",
        "1, 6, 5, 1, 2, 3, 17, 17",
        "6, 16, 5, 1, 0, 2, 14, 14",
        "5, 7, 2, 3, 1, 2, 8, 15",
    })
    void forwardAndGradientsAreAutogradConv2dWithTheModulesParameters(int in, int out, int k, int s, int p, int n, int h, int w) {
        Conv2d conv = new Conv2d(in, out, k, s, p, new Rng(in * 31L + out));
        Tensor xv = Tensor.randn(new Rng(5), DType.F64, n, in, h, w);
        Variable x1 = new Variable(xv, "x"), x2 = new Variable(xv.copy(), "x");
        Variable y1 = conv.forward(x1);
        Variable wc = new Variable(conv.weight().value().copy(), "w"), bc = new Variable(conv.bias().value().copy(), "b");
        Variable y2 = Autograd.conv2d(x2, wc, bc, s, p);
        assertThat(y1.shape()).containsExactly(n, out, conv.outputSize(h), conv.outputSize(w));
        assertThat(y1.value().toDoubleArray()).isEqualTo(y2.value().toDoubleArray());
        Tensor g = Tensor.randn(new Rng(6), DType.F64, y1.shape());
        y1.backward(g, false);
        y2.backward(g, false);
        assertThat(x1.grad().toDoubleArray()).isEqualTo(x2.grad().toDoubleArray());
        assertThat(conv.weight().grad().toDoubleArray()).isEqualTo(wc.grad().toDoubleArray());
        assertThat(conv.bias().grad().toDoubleArray()).isEqualTo(bc.grad().toDoubleArray());
    }

    @ParameterizedTest(name = "conv case {0}")
    @CsvSource({"0", "1", "2", "5"}) // the square-kernel cases of the fixtures
    void aLoadedStateDictReproducesTheNumpyLoops(int k) {
        String p = "conv" + k + "_";
        Tensor w = fx.get(p + "w"), geom = fx.get(p + "geom");
        Conv2d conv = new Conv2d(w.dim(1), w.dim(0), w.dim(2), (int) geom.get(0), (int) geom.get(1), new Rng(0));
        conv.loadStateDict(Map.of("weight", w, "bias", fx.get(p + "b")));
        Variable x = new Variable(fx.get(p + "x"), "x");
        Variable y = conv.forward(x);
        assertClose(y.value(), fx.get(p + "y"));
        y.backward(fx.get(p + "g"), false);
        assertClose(x.grad(), fx.get(p + "dx"));
        assertClose(conv.weight().grad(), fx.get(p + "dw"));
        assertClose(conv.bias().grad(), fx.get(p + "db"));
    }

    @ParameterizedTest(name = "pool case {0}")
    @CsvSource({"0", "1", "2"})
    void maxPoolModuleIsAutogradMaxPool2d(int k) {
        String p = "pool" + k + "_";
        Tensor geom = fx.get(p + "geom");
        MaxPool2d pool = new MaxPool2d((int) geom.get(0), (int) geom.get(1));
        Variable x = new Variable(fx.get(p + "x"), "x");
        Variable y = pool.forward(x);
        assertClose(y.value(), fx.get(p + "y"));
        assertThat(y.shape()[2]).isEqualTo(pool.outputSize(x.shape()[2]));
        y.backward(fx.get(p + "g"), false);
        assertClose(x.grad(), fx.get(p + "dx"));
        assertThat(pool.parameters()).isEmpty();
        assertThat(new MaxPool2d(3).toString()).isEqualTo("MaxPool2d(kernel_size=3, stride=3)");
    }

    @Test
    void initIsPyTorchsKaimingUniformBoundOneOverSqrtFanIn() {
        // fan_in = 3·5·5 = 75: |W|, |b| <= 1/√75, and the extremes come close to it.
        Conv2d c = new Conv2d(3, 40, 5, 1, 0, new Rng(3));
        double bound = 1 / Math.sqrt(75);
        double[] w = c.weight().value().toDoubleArray();
        double max = 0, mean = 0;
        for (double d : w) {
            max = Math.max(max, Math.abs(d));
            mean += d / w.length;
        }
        assertThat(w).hasSize(40 * 3 * 25);
        assertThat(max).isLessThanOrEqualTo(bound).isGreaterThan(0.99 * bound);
        assertThat(Math.abs(mean)).isLessThan(0.01);
        assertThat(c.bias().value().abs().max().item()).isLessThanOrEqualTo(bound);
        assertThat(c.weight().shape()).containsExactly(40, 3, 5, 5);
        Conv2d f = new Conv2d(2, 3, 3, 1, 1, false, new Rng(0), DType.F32);
        assertThat(f.weight().value().dtype()).isEqualTo(DType.F32);
        assertThat(f.bias()).isNull();
        assertThat(f.namedParameters().keySet()).containsExactly("weight");
        assertThat(f.forward(new Variable(Tensor.ones(DType.F32, 1, 2, 4, 4), "x")).value().dtype()).isEqualTo(DType.F32);
        assertThat(f.toString()).isEqualTo("Conv2d(2, 3, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)");
    }

    static Sequential lenet(Rng rng) {
        return new Sequential(new Conv2d(1, 2, 3, 1, 1, rng), new ReLU(), new MaxPool2d(2), new Conv2d(2, 3, 3, 1, 0, rng),
                new ReLU(), new MaxPool2d(2, 1), new Flatten(), new Linear(3 * 1 * 1, 4, rng));
    }

    @Test
    void parametersAndStateDictRoundTripThroughNpz(@TempDir Path dir) throws IOException {
        Sequential a = lenet(new Rng(1)), b = lenet(new Rng(2));
        assertThat(a.namedParameters().keySet()).containsExactly("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias");
        List<Variable> ps = a.parameters();
        assertThat(ps.get(0)).isSameAs(((Conv2d) a.get(0)).weight());
        assertThat(ps.get(2).shape()).containsExactly(3, 2, 3, 3);
        assertThat(a.stateDict().get("3.weight")).isSameAs(((Conv2d) a.get(3)).weight().value());
        Tensor x = Tensor.randn(new Rng(4), DType.F64, 2, 1, 8, 8);
        assertThat(a.forward(Variable.constant(x)).shape()).containsExactly(2, 4);
        Path f = dir.resolve("lenet.npz");
        a.save(f);
        b.load(f);
        a.stateDict().forEach((k, v) -> assertThat(b.stateDict().get(k).toDoubleArray()).as(k).isEqualTo(v.toDoubleArray()));
        assertThat(b.forward(Variable.constant(x)).value().toDoubleArray())
                .isEqualTo(a.forward(Variable.constant(x)).value().toDoubleArray());
        Map<String, Tensor> bad = new LinkedHashMap<>(a.stateDict());
        bad.put("3.weight", Tensor.zeros(DType.F64, 3, 2, 2, 2));
        assertThatThrownBy(() -> b.loadStateDict(bad)).hasMessageContaining("'3.weight' has shape (3, 2, 2, 2) but the parameter has (3, 2, 3, 3)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "in 0          | Conv2d: channels, kernel and stride must be >= 1 and padding >= 0, got in 0, out 2, kernel 3, stride 1, padding 0",
        "kernel 0      | got in 1, out 2, kernel 0, stride 1, padding 0",
        "stride 0      | got in 1, out 2, kernel 3, stride 0, padding 0",
        "padding -1    | got in 1, out 2, kernel 3, stride 1, padding -1",
        "channels      | Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1), padding=(0, 0)): input (1, 3, 5, 5) is not [N, 1, H, W]",
        "rank          | input (5, 5) is not [N, 1, H, W]",
        "too small     | conv2d: kernel 3x3 with padding 0 does not fit input of shape (1, 1, 2, 2)",
        "pool kernel   | MaxPool2d: kernel and stride must be >= 1, got kernel 0, stride 1",
        "pool stride   | MaxPool2d: kernel and stride must be >= 1, got kernel 2, stride 0",
        "pool rank     | maxPool2d: input of shape (4, 4) is not 4-d [N, C, H, W]",
        "pool too big  | maxPool2d: kernel 5x5 with padding 0 does not fit input of shape (1, 1, 4, 4)",
    })
    void badArgumentsAreNamed(String kind, String message) {
        Rng r = new Rng(0);
        Runnable run = switch (kind) {
            case "in 0" -> () -> new Conv2d(0, 2, 3, 1, 0, r);
            case "kernel 0" -> () -> new Conv2d(1, 2, 0, 1, 0, r);
            case "stride 0" -> () -> new Conv2d(1, 2, 3, 0, 0, r);
            case "padding -1" -> () -> new Conv2d(1, 2, 3, 1, -1, r);
            case "channels" -> () -> new Conv2d(1, 2, 3, 1, 0, r).forward(Variable.constant(Tensor.zeros(1, 3, 5, 5)));
            case "rank" -> () -> new Conv2d(1, 2, 3, 1, 0, r).forward(Variable.constant(Tensor.zeros(5, 5)));
            case "too small" -> () -> new Conv2d(1, 2, 3, 1, 0, r).forward(Variable.constant(Tensor.zeros(1, 1, 2, 2)));
            case "pool kernel" -> () -> new MaxPool2d(0, 1);
            case "pool stride" -> () -> new MaxPool2d(2, 0);
            case "pool rank" -> () -> new MaxPool2d(2).forward(Variable.constant(Tensor.zeros(4, 4)));
            default -> () -> new MaxPool2d(5, 1).forward(Variable.constant(Tensor.zeros(1, 1, 4, 4)));
        };
        assertThatThrownBy(run::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    private static void assertClose(Tensor actual, Tensor expected) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        double[] a = actual.toDoubleArray(), e = expected.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - e[i])).as("element %d: %s vs %s", i, a[i], e[i])
                    .isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(e[i])));
        }
    }
}
