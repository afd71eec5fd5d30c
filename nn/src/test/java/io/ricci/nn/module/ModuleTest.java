package io.ricci.nn.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ricci.nn.autograd.Variable;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModuleTest {
    static Sequential net() {
        Rng rng = new Rng(1);
        return new Sequential(new Linear(3, 4, rng), new ReLU(), new Dropout(0.5, new Rng(2)),
                new Linear(4, 2, false, rng, DType.F64));
    }

    @Test
    void namedParametersAreOrderedAndDottedLikePyTorch() {
        assertThat(net().namedParameters().keySet()).containsExactly("0.weight", "0.bias", "3.weight");
        assertThat(net().namedParameters().get("0.weight").shape()).containsExactly(4, 3);
    }

    @Test
    void linearInitIsUniformWithinOneOverSqrtIn() {
        Linear l = new Linear(49, 300, new Rng(4));
        double[] w = l.weight().value().toDoubleArray();
        double max = 0, mean = 0;
        for (double d : w) {
            max = Math.max(max, Math.abs(d));
            mean += d / w.length;
        }
        assertThat(max).isLessThanOrEqualTo(1 / 7.0).isGreaterThan(0.99 / 7.0);
        assertThat(Math.abs(mean)).isLessThan(0.01);
        assertThat(new Linear(2, 3, true, new Rng(0), DType.F32).weight().value().dtype()).isEqualTo(DType.F32);
    }

    @Test
    void dropoutIsInvertedInTrainingAndTheIdentityInEval() {
        Dropout d = new Dropout(0.25, new Rng(7));
        Variable x = new Variable(Tensor.ones(DType.F64, 1000), "x", true);
        Variable y = d.forward(x);
        double[] v = y.value().toDoubleArray();
        long kept = java.util.Arrays.stream(v).filter(e -> e != 0).count();
        assertThat(java.util.Arrays.stream(v).filter(e -> e != 0).allMatch(e -> e == 1 / 0.75)).isTrue();
        assertThat(kept).isBetween(700L, 800L);
        y.sum().backward();
        assertThat(x.grad().toDoubleArray()).isEqualTo(v);
        d.eval();
        assertThat(d.forward(x)).isSameAs(x);
        assertThat(net().eval().children().get("2").isTraining()).isFalse();
    }

    @Test
    void stateDictRoundTripsThroughNpz(@TempDir Path dir) throws IOException {
        Sequential a = net(), b = new Sequential(new Linear(3, 4, new Rng(9)), new ReLU(), new Dropout(0.5, new Rng(2)),
                new Linear(4, 2, false, new Rng(8), DType.F64));
        Path f = dir.resolve("m.npz");
        a.save(f);
        b.load(f);
        a.stateDict().forEach((k, v) -> assertThat(b.stateDict().get(k).toDoubleArray()).as(k).isEqualTo(v.toDoubleArray()));
        assertThat(Files.list(dir).toList()).containsExactly(f);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "drop    | 0.bias  | missing [0.bias]",
        "extra   | 9.x     | unexpected [9.x]",
        "shape   | 3.weight| '3.weight' has shape (4, 2) but the parameter has (2, 4)",
    })
    void loadStateDictNamesWhatIsWrong(String kind, String key, String message) {
        Sequential m = net();
        Map<String, Tensor> s = new LinkedHashMap<>(m.stateDict());
        switch (kind) {
            case "drop" -> s.remove(key);
            case "extra" -> s.put(key, Tensor.zeros(1));
            default -> s.put(key, Tensor.zeros(DType.F64, 4, 2));
        }
        double[] before = m.stateDict().get("0.weight").toDoubleArray();
        assertThatThrownBy(() -> m.loadStateDict(s)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
        assertThat(m.stateDict().get("0.weight").toDoubleArray()).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "labels-range | label 3 at position 1 is outside 0..2",
        "labels-count | 1 labels for logits (2, 3)",
        "label-frac   | label 0.5 at position 0 is not a whole number",
        "mse-shape    | MSELoss: input (2, 3) and target (3, 2) differ in shape",
        "linear-in    | Linear(4, 2): input (2, 3) does not end in 4 features",
    })
    void badInputsAreNamed(String kind, String message) {
        Variable z = Variable.constant(Tensor.zeros(DType.F64, 2, 3));
        Runnable r = switch (kind) {
            case "labels-range" -> () -> new CrossEntropyLoss().forward(z, new int[] {0, 3});
            case "labels-count" -> () -> new CrossEntropyLoss().forward(z, new int[] {0});
            case "label-frac" -> () -> new CrossEntropyLoss().forward(z, Variable.constant(Tensor.of(0.5, 1)));
            case "mse-shape" -> () -> new MSELoss().forward(z, Variable.constant(Tensor.zeros(DType.F64, 3, 2)));
            default -> () -> new Linear(4, 2, new Rng(0)).forward(z);
        };
        assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
