package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewFileGetsTheModeOfAnyNewFileAndAMissingDirectoryIsRefused(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> AtomicFiles.writeString(dir.resolve("missing/out.txt"), "x"))
                .isInstanceOf(IOException.class);
        Path target = dir.resolve("out.txt");
        AtomicFiles.writeString(target, "héllo");
        assertThat(Files.readString(target)).isEqualTo("héllo");
        // The umask decides, as for a plain create in the same directory (not createTempFile's 0600).
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        assertThat(mode(target)).isEqualTo(mode(plain)).isNotEqualTo("rw-------");
        assertThat(names(dir)).containsExactly("out.txt", "plain.txt");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("keep.txt");
        AtomicFiles.writeString(target, "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(target)).isEqualTo("old");
        AtomicFiles.writeString(target, "new");
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(mode(target)).isEqualTo("rw-------");
        assertThat(names(dir)).containsExactly("keep.txt");
    }

    @Test
    void theTemporaryIsNamedAfterTheTargetAndThisProcess(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("m.npz");
        String[] seen = new String[1];
        AtomicFiles.write(target, out -> seen[0] = names(dir).get(0));
        assertThat(seen[0]).startsWith(".m.npz." + ProcessHandle.current().pid() + ".").endsWith(".tmp");
        assertThat(names(dir)).containsExactly("m.npz");
    }

    @Test
    void staleTemporariesOfAKilledRunAreRemovedByTheNextWrite(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("model.npz");
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long alive = ProcessHandle.current().parent().orElseThrow().pid();
        Path dead = Files.writeString(dir.resolve(".model.npz." + gone.pid() + ".k3x9.tmp"), "half a checkpoint");
        Path live = Files.writeString(dir.resolve(".model.npz." + alive + ".a1b2.tmp"), "someone is writing");
        Path old = Files.writeString(dir.resolve(".model.npz." + alive + ".zz.tmp"), "pid reused");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(AtomicFiles.STALE_AFTER).minusSeconds(60)));
        Path other = Files.writeString(dir.resolve(".model.npz.b.1.x.tmp"), "another target's");
        Path notes = Files.writeString(dir.resolve(".model.npz.notes"), "not a temporary");
        AtomicFiles.writeString(target, "new");
        assertThat(names(dir)).containsExactly(live.getFileName().toString(), other.getFileName().toString(),
                notes.getFileName().toString(), "model.npz");
        assertThat(dead).doesNotExist();
        assertThat(old).doesNotExist();
    }

    /** Started in its own JVM by {@link #aSignalMidWriteLeavesNoTemporary}: writes forever. */
    public static final class SlowWriter {
        public static void main(String[] args) throws IOException {
            AtomicFiles.write(Path.of(args[0]), out -> {
                out.write(1);
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    @Test
    void aSignalMidWriteLeavesNoTemporary(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("slow.bin");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SlowWriter.class.getName(),
                target.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(r.readLine()).isEqualTo("writing");
            assertThat(names(dir)).hasSize(1).allMatch(n -> n.startsWith(".slow.bin." + p.pid() + "."));
            p.destroy(); // SIGTERM: shutdown hooks run
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(names(dir)).isEmpty();
    }
}
