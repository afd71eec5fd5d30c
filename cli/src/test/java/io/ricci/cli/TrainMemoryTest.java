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
        String[] args = {"train", "mnist", "--iters", "200", "--json"};
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx128m",
                // The collector and young-generation cap ./ricci passes for train.
                "-XX:+UseParallelGC", "-XX:MaxNewSize=128m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), args[0], args[1], args[2], args[3], args[4]))
                .redirectErrorStream(true).start();
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
