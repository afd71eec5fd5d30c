package io.ricci.nn.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ricci.tensor.DType;
import io.ricci.tensor.Npz;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MnistTrainer#resume} checks a checkpoint before it changes anything, and the loader's
 * pixels are byte/255 (the message table for each kind of bad checkpoint is the CLI's CliErrorsTest).
 */
class CheckpointValidationTest {
    static Mnist.Dataset data;

    @BeforeAll
    static void load() throws IOException {
        data = Mnist.embedded(DType.F32);
    }

    private static MnistTrainer trainer(int iters, String optimizer) {
        return new MnistTrainer(new MnistTrainer.Config(iters, 20, 0.05, 6, 2, DType.F32, optimizer, 0.01), data);
    }

    @Test
    void aRefusedCheckpointLeavesTheTrainerAsItWas(@TempDir Path dir) throws IOException {
        MnistTrainer first = trainer(4, "momentum");
        first.train(new MnistTrainer.Listener() { });
        Path good = dir.resolve("good.npz");
        first.save(good);
        Map<String, Tensor> m = new LinkedHashMap<>(Npz.load(good));
        Tensor v = m.get("opt.W2.v").copy();
        v.set(Double.NaN, 5, 1);
        m.put("opt.W2.v", v);
        Path bad = dir.resolve("bad.npz");
        Npz.savez(bad, m);

        MnistTrainer t = trainer(8, "momentum");
        double[] before = t.net().parameters().get(0).value().toDoubleArray();
        assertThatThrownBy(() -> t.resume(bad)).isInstanceOf(MnistTrainer.CheckpointException.class)
                .hasMessage(bad + ": 'opt.W2.v' holds NaN at flat index 51 (only finite values can be resumed from)");
        assertThat(t.iteration()).isZero();
        assertThat(t.losses()).isEmpty();
        assertThat(t.net().parameters().get(0).value().toDoubleArray()).isEqualTo(before);

        t.resume(good);
        assertThat(t.iteration()).isEqualTo(4);
        assertThat(t.losses()).isEqualTo(first.losses());
        assertThat(t.net().parameters().get(0).value().toDoubleArray())
                .isEqualTo(first.net().parameters().get(0).value().toDoubleArray());
    }

    @Test
    void anIterationZeroCheckpointHasNoPerParameterStateAndResumes(@TempDir Path dir) throws IOException {
        for (String opt : new String[] {"momentum", "adam"}) {
            Path p = dir.resolve(opt + ".npz");
            trainer(0, opt).save(p);
            assertThat(Npz.load(p).keySet()).noneMatch(k -> k.startsWith("opt.W1"));
            MnistTrainer t = trainer(3, opt);
            t.resume(p);
            t.train(new MnistTrainer.Listener() { });
            assertThat(t.iteration()).isEqualTo(3);
        }
    }

    @Test
    void pixelsAreTheBytesOver255RoundedOnceToTheDtype() throws IOException {
        Idx.Array raw;
        try (InputStream in = Mnist.class.getResourceAsStream("/io/ricci/nn/mnist/mnist10k-images-idx3-ubyte.gz")) {
            raw = Idx.read(in, "images", 3);
        }
        Mnist.Dataset d64 = Mnist.embedded(DType.F64);
        int px = 784;
        int ink = 0;
        for (int image : new int[] {0, 1234, 7999, 8000, 9999}) {
            // Its first pixel (background) and its first pixel of middling ink (rounding matters there).
            int mid = 0;
            while (raw.unsigned(image * px + mid) < 50 || raw.unsigned(image * px + mid) > 200) {
                mid++;
            }
            for (int pixel : new int[] {0, mid}) {
                int b = raw.unsigned(image * px + pixel);
                ink += b;
                boolean train = image < Mnist.EMBEDDED_TRAIN;
                int row = train ? image : image - Mnist.EMBEDDED_TRAIN;
                Tensor f32 = (train ? data.train() : data.test()).images();
                Tensor f64 = (train ? d64.train() : d64.test()).images();
                assertThat(f64.get(row, pixel)).isEqualTo(b / 255.0);
                assertThat(f32.get(row, pixel)).isEqualTo((double) (float) (b / 255.0));
            }
        }
        assertThat(ink).isGreaterThanOrEqualTo(5 * 50);
    }
}
