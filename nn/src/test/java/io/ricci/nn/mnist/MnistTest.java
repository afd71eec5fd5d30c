package io.ricci.nn.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ricci.tensor.DType;
import io.ricci.tensor.Npz;
import io.ricci.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MnistTest {
    static Mnist.Dataset data;

    @BeforeAll
    static void load() throws IOException {
        data = Mnist.embedded(DType.F32);
    }

    @Test
    void embeddedSetHasTheDocumentedSplit() {
        assertThat(data.train().size()).isEqualTo(8000);
        assertThat(data.test().size()).isEqualTo(2000);
        assertThat(data.train().images().shape()).containsExactly(8000, 784);
        assertThat(data.train().images().max().item()).isEqualTo(1.0);
        assertThat(data.train().images().min().item()).isEqualTo(0.0);
        int[] counts = new int[10];
        Arrays.stream(data.train().labels()).forEach(l -> counts[l]++);
        assertThat(Arrays.stream(counts).min().getAsInt()).isGreaterThan(600);
    }

    @Test
    void fewHundredIterationsLearn() {
        MnistTrainer.Config cfg = new MnistTrainer.Config(400, 100, 0.1, 50, 1, DType.F32, "sgd", 0.01);
        MnistTrainer tr = new MnistTrainer(cfg, data);
        tr.train(new MnistTrainer.Listener() { });
        double first = tr.losses().subList(0, 20).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = tr.losses().subList(380, 400).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(first).isGreaterThan(2.0);
        assertThat(last).isLessThan(0.6 * first);
        MnistTrainer.Epoch e = tr.evaluate();
        assertThat(e.testAcc()).isGreaterThan(0.85);
        assertThat(tr.epochs()).hasSize(5);
    }

    @Test
    void checkpointRoundTripsAndResumesExactly(@TempDir Path dir) throws IOException {
        MnistTrainer.Config full = new MnistTrainer.Config(60, 50, 0.05, 16, 5, DType.F64, "adam", 0.01);
        MnistTrainer straight = new MnistTrainer(full, data);
        straight.train(new MnistTrainer.Listener() { });

        MnistTrainer.Config half = new MnistTrainer.Config(30, 50, 0.05, 16, 5, DType.F64, "adam", 0.01);
        MnistTrainer first = new MnistTrainer(half, data);
        first.train(new MnistTrainer.Listener() { });
        Path ckpt = dir.resolve("model.npz");
        first.save(ckpt);
        Map<String, Tensor> m = Npz.load(ckpt);
        assertThat(m).containsKeys("W1", "b1", "W2", "b2", "iter", "loss_history", "opt.W1.m", "opt.adam.t");
        assertThat(m.get("W1").shape()).containsExactly(784, 16);
        assertThat(m.get("iter").item()).isEqualTo(30.0);

        MnistTrainer resumed = new MnistTrainer(full, data);
        resumed.resume(ckpt);
        assertThat(resumed.iteration()).isEqualTo(30);
        resumed.train(new MnistTrainer.Listener() { });
        for (int i = 0; i < 4; i++) {
            Tensor a = straight.net().parameters().get(i).value();
            Tensor b = resumed.net().parameters().get(i).value();
            assertThat(a.sub(b).abs().max().item()).as("parameter %d", i).isLessThan(1e-12);
        }
        assertThat(resumed.losses()).hasSize(60);
        assertThat(resumed.losses().get(59)).isCloseTo(straight.losses().get(59), org.assertj.core.api.Assertions.within(1e-12));

        MnistTrainer wrongShape = new MnistTrainer(new MnistTrainer.Config(60, 50, 0.05, 17, 5, DType.F64, "adam", 0.01), data);
        assertThatThrownBy(() -> wrongShape.resume(ckpt)).hasMessageContaining("W1").hasMessageContaining("--hidden");
    }

    @Test
    void divergenceNamesTheIteration() {
        Tensor bad = data.train().images().slice(0, 0, 200).copy();
        bad.set(Double.NaN, 3, 100);
        Mnist.Dataset poisoned = new Mnist.Dataset(new Mnist.Split(bad, Arrays.copyOf(data.train().labels(), 200)),
                data.test(), "poisoned");
        MnistTrainer tr = new MnistTrainer(new MnistTrainer.Config(500, 100, 0.1, 8, 0, DType.F32, "sgd", 0.01), poisoned);
        assertThatThrownBy(() -> tr.train(new MnistTrainer.Listener() { }))
                .isInstanceOf(MnistTrainer.DivergedException.class)
                .hasMessageMatching("training diverged at iteration \\d+: the loss is NaN.*");
    }

    static byte[] idx(int type, int[] dims, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes);
        b.putInt((type << 8) | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    static Stream<Arguments> corruptIdx() throws IOException {
        byte[] ok = idx(8, new int[] {2, 2, 2}, 8);
        byte[] badMagic = ok.clone();
        badMagic[0] = 0x12;
        byte[] floatType = idx(0x0D, new int[] {2}, 8);
        return Stream.of(
                Arguments.of("empty", new byte[0], "truncated at byte 0"),
                Arguments.of("bad magic", badMagic, "bad magic number 0x12000803"),
                Arguments.of("float type", floatType, "element type 0x0D"),
                Arguments.of("truncated dims", Arrays.copyOf(ok, 9), "truncated at byte 8 inside the dimension list"),
                Arguments.of("truncated data", Arrays.copyOf(ok, ok.length - 3), "truncated at byte 21"),
                Arguments.of("trailing data", Arrays.copyOf(ok, ok.length + 1), "unexpected data after byte 24"),
                Arguments.of("truncated gzip data", gzip(Arrays.copyOf(ok, ok.length - 3)), "(after gunzip): truncated at byte 21"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptIdx")
    void corruptIdxNamesFileAndOffset(String name, byte[] bytes, String fragment) {
        assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(bytes), "digits.idx"))
                .isInstanceOf(IOException.class).hasMessageContaining("digits.idx").hasMessageContaining(fragment);
    }

    @Test
    void readsPlainAndGzipFilesFromADirectory(@TempDir Path dir) throws IOException {
        byte[] img = idx(8, new int[] {3, 2, 2}, 12);
        for (int i = 0; i < 12; i++) {
            img[16 + i] = (byte) (i * 20);
        }
        byte[] lab = idx(8, new int[] {3}, 3);
        lab[8] = 7;
        lab[9] = 0;
        lab[10] = 9;
        Files.write(dir.resolve("train-images-idx3-ubyte"), img);
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(lab));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(img));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), lab);
        Mnist.Dataset ds = Mnist.fromDirectory(dir, DType.F64);
        assertThat(ds.train().images().shape()).containsExactly(3, 4);
        assertThat(ds.train().images().get(2, 3)).isEqualTo(220 / 255.0);
        assertThat(ds.test().labels()).containsExactly(7, 0, 9);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        assertThatThrownBy(() -> Mnist.fromDirectory(dir, DType.F64)).hasMessageContaining("t10k-labels-idx1-ubyte.gz");
    }
}
