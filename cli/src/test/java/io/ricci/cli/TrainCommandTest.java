package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ricci.tensor.Npz;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ricci train --save}: what lands on disk (mode, no temporaries, also after a killed run). */
class TrainCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter out, String... args) {
        return Main.execute(Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(out)), args);
    }

    @Test
    void theCheckpointHasTheUmasksModeAndAKilledRunsTemporaryIsRemoved() throws Exception {
        Path target = dir.resolve("model.npz");
        // What a run killed with SIGKILL mid-save leaves: a temporary of a process that is gone.
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path stale = Files.writeString(dir.resolve(".model.npz." + gone.pid() + ".q7.tmp"), "half a checkpoint");
        StringWriter out = new StringWriter();
        assertThat(run(out, "train", "mnist", "--iters", "2", "--hidden", "3", "--save", target.toString()))
                .as(out.toString()).isZero();
        assertThat(out.toString()).contains("model saved to " + target);
        assertThat(stale).doesNotExist();
        Path plain = Files.createFile(dir.resolve("plain"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)));
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("model.npz", "plain");
        }
        assertThat(Npz.load(target).get("iter").item()).isEqualTo(2.0);
    }

    @Test
    void aBadSaveTargetFailsBeforeTraining() {
        // 100,000 iterations would take minutes; the target is refused before the data is even loaded.
        StringWriter out = new StringWriter();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> run(out, "train", "mnist", "--iters", "100000",
                "--save", dir.resolve("no/such/dir/model.npz").toString()));
        assertThat(code).isEqualTo(1);
        assertThat(out.toString().strip()).isEqualTo("ricci train: --save " + dir.resolve("no/such/dir/model.npz")
                + ": directory " + dir.resolve("no/such/dir") + " does not exist");
    }

    @Test
    void aReplacedCheckpointKeepsItsMode() throws Exception {
        Path target = dir.resolve("model.npz");
        StringWriter out = new StringWriter();
        assertThat(run(out, "train", "mnist", "--iters", "1", "--hidden", "3", "--save", target.toString())).isZero();
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(run(out, "train", "mnist", "--iters", "2", "--hidden", "3", "--resume", target.toString(),
                "--save", target.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("resumed from " + target + " at iteration 1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r-----");
        assertThat(Npz.load(target).get("iter").item()).isEqualTo(2.0);
    }

    @Test
    void theCnnTrainsWithItsDefaultsSavesResumesAndReportsEpochTimes() throws Exception {
        Path target = dir.resolve("cnn.npz");
        StringWriter out = new StringWriter();
        assertThat(run(out, "train", "mnist", "--model", "cnn", "--iters", "3", "--batch", "20", "--save", target.toString(),
                "--json")).as(out.toString()).isZero();
        String text = out.toString();
        // No --lr / --optimizer given: the cnn's Adam at 1e-3, and no hidden width in the header.
        assertThat(text).contains("tape engine, cnn, float32, batch 20, lr 0.001, adam, seed 0, 3 iterations (400 per epoch)")
                .doesNotContain("hidden").contains("on 2000 held-out digits");
        assertThat(text.lines().filter(l -> l.startsWith("epoch   0")).findFirst().orElseThrow()).matches(".*test acc 0\\.\\d{4}  \\d+\\.\\d{2} s");
        String json = text.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        assertThat(json).matches("\\{\"train_acc\":0\\.\\d{4},\"test_acc\":0\\.\\d{4},\"seconds\":[0-9.]+,\"epoch_seconds\":[0-9.]+,\"iters\":3}");
        java.util.Map<String, io.ricci.tensor.Tensor> ck = Npz.load(target);
        assertThat(ck.get("0.weight").shape()).containsExactly(6, 1, 5, 5);
        assertThat(ck.get("7.weight").shape()).containsExactly(120, 400);
        assertThat(ck.get("opt.adam.t").item()).isEqualTo(3.0);
        StringWriter again = new StringWriter();
        assertThat(run(again, "train", "mnist", "--model", "cnn", "--iters", "4", "--batch", "20", "--resume", target.toString()))
                .as(again.toString()).isZero();
        assertThat(again.toString()).contains("resumed from " + target + " at iteration 3").contains("(4 iterations in");
        // The twolayer default stays seed 004's SGD at 0.1.
        StringWriter two = new StringWriter();
        assertThat(run(two, "train", "mnist", "--iters", "1", "--hidden", "3")).isZero();
        assertThat(two.toString()).contains("tape engine, twolayer, float32, hidden 3, batch 100, lr 0.1, sgd, seed 0, 1 iterations");
    }
}
