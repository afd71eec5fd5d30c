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
}
