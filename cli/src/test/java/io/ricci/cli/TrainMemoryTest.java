package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ricci train mnist} on the embedded set fits in a 128 MB heap with the launcher's collector
 * flags (the float32 images are 31 MB; the float64 copy of all images the loader used to make on
 * the way ran out of memory there), and learns exactly what it learns with the test JVM's heap.
 */
class TrainMemoryTest {
    @Test
    void twoHundredIterationsRunIn128Megabytes() throws Exception {
        runsInAndLearnsAlike("-Xmx128m", "train", "mnist", "--iters", "200", "--json");
    }

    /**
     * The cnn in 256 MB: its peak is the accuracy pass over all 10,000 digits at iteration 0, where
     * im2col makes the first convolution's input 25 times larger (hence evaluation in 250-row chunks).
     */
    @Test
    void theCnnRunsIn256Megabytes() throws Exception {
        runsInAndLearnsAlike("-Xmx256m", "train", "mnist", "--model", "cnn", "--iters", "20", "--json");
    }

    private static void runsInAndLearnsAlike(String heap, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", heap,
                // The collector and young-generation cap ./ricci passes for train.
                "-XX:+UseParallelGC", "-XX:MaxNewSize=128m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String forked;
        try {
            forked = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as(forked).isZero();
        StringWriter out = new StringWriter();
        assertThat(Main.execute(Main.commandLine().setOut(new PrintWriter(out)), args)).isZero();
        assertThat(accuracies(forked)).isEqualTo(accuracies(out.toString()));
    }

    /** The JSON line without the time. */
    private static String accuracies(String output) {
        String json = output.lines().filter(l -> l.startsWith("{\"train_acc\"")).reduce((a, b) -> b).orElseThrow();
        return json.replaceAll(",\"(epoch_)?seconds\":[0-9.]+", "");
    }
}
