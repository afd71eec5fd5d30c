package io.ricci.nn.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ricci.nn.layers.Parameter;

import io.ricci.tensor.DType;
import io.ricci.tensor.Parallel;
import io.ricci.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MNIST trained through the tape (TapeNet) against the lecture layers, and across thread counts. */
class TapeMnistTest {
    static Mnist.Dataset data;

    @BeforeAll
    static void load() throws Exception {
        data = Mnist.embedded(DType.F32);
    }

    static MnistTrainer trained(MnistTrainer.Engine engine, int[] mlp, int iters, String opt) {
        return trained(new MnistTrainer.Config(iters, 100, 0.1, 50, 1, DType.F32, opt, 0.01, engine, mlp));
    }

    static MnistTrainer trained(MnistTrainer.Config cfg) {
        MnistTrainer tr = new MnistTrainer(cfg, data);
        tr.train(new MnistTrainer.Listener() { });
        return tr;
    }

    static MnistTrainer cnn(int iters) {
        return trained(new MnistTrainer.Config(iters, 50, 1e-3, 1, 3, DType.F32, "adam", 0.01, MnistTrainer.Engine.TAPE,
                null, MnistTrainer.Model.CNN));
    }

    @Test
    void tapeAndLayersStartAtOneLossAndTrainAlike() {
        MnistTrainer tape = trained(MnistTrainer.Engine.TAPE, null, 200, "momentum");
        MnistTrainer layers = trained(MnistTrainer.Engine.LAYERS, null, 200, "momentum");
        // The same initial weights (transposed) and batches: the first losses agree to float32 rounding.
        assertThat(tape.losses().get(0)).isCloseTo(layers.losses().get(0), within(1e-5));
        assertThat(tape.net().parameters().get(0).name()).isEqualTo("0.weight");
        assertThat(tape.evaluate().testAcc()).isCloseTo(layers.evaluate().testAcc(), within(0.03)).isGreaterThan(0.8);
    }

    @Test
    void tapeRunsAreBitIdenticalWithOneAndTwoThreads() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            MnistTrainer one = trained(MnistTrainer.Engine.TAPE, null, 120, "adam");
            Parallel.setThreads(2);
            MnistTrainer two = trained(MnistTrainer.Engine.TAPE, null, 120, "adam");
            assertThat(two.losses()).isEqualTo(one.losses());
            List<Parameter> a = one.net().parameters(), b = two.net().parameters();
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).value().toDoubleArray()).as(a.get(i).name()).isEqualTo(a.get(i).value().toDoubleArray());
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void cnnRunsAreBitIdenticalWithOneAndTwoThreadsAndForASeed() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            MnistTrainer one = cnn(12);
            Parallel.setThreads(2);
            MnistTrainer two = cnn(12);
            MnistTrainer again = cnn(12);
            assertThat(two.losses()).hasSize(12).isEqualTo(one.losses()).isEqualTo(again.losses());
            List<Parameter> a = one.net().parameters(), b = two.net().parameters();
            assertThat(a.stream().map(Parameter::name)).containsExactly("0.weight", "0.bias", "3.weight", "3.bias",
                    "7.weight", "7.bias", "9.weight", "9.bias", "11.weight", "11.bias");
            assertThat(a.get(0).value().shape()).containsExactly(6, 1, 5, 5);
            assertThat(a.get(4).value().shape()).containsExactly(120, 400);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).value().toDoubleArray()).as(a.get(i).name()).isEqualTo(a.get(i).value().toDoubleArray());
            }
            assertThat(one.evaluate()).isEqualTo(two.evaluate());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void theCnnLearnsInAFewHundredSteps() {
        MnistTrainer tr = cnn(150);
        // ln 10 = 2.30 at the start (PyTorch's init gives near-uniform logits); Adam gets well below it.
        assertThat(tr.losses().get(0)).isCloseTo(Math.log(10), within(0.1));
        assertThat(tr.evaluate().testAcc()).isGreaterThan(0.8); // 0.84 at seed 3
        assertThat(MnistTrainer.cnnParameters(784)).isEqualTo(156 + 2416 + 48120 + 10164 + 850);
    }

    @Test
    void aCnnNeedsTheTapeAndNoHiddenWidths() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MnistTrainer.Config(1, 1, 0.1, 1, 0, DType.F32, "adam",
                0.01, MnistTrainer.Engine.LAYERS, null, MnistTrainer.Model.CNN)).hasMessageContaining("the cnn needs the tape engine");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MnistTrainer.Config(1, 1, 0.1, 1, 0, DType.F32, "adam",
                0.01, MnistTrainer.Engine.TAPE, new int[] {3}, MnistTrainer.Model.CNN))
                .hasMessageContaining("hidden widths are for the mlp model only, got model CNN and widths [3]");
    }

    @Test
    void anMlpOfTwoHiddenLayersLearns() {
        MnistTrainer tr = trained(MnistTrainer.Engine.TAPE, new int[] {64, 32}, 300, "sgd");
        assertThat(tr.net().parameters().stream().map(Parameter::name))
                .containsExactly("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias");
        Tensor w = tr.net().parameters().get(2).value();
        assertThat(w.shape()).containsExactly(32, 64);
        assertThat(tr.evaluate().testAcc()).isGreaterThan(0.85);
    }
}
