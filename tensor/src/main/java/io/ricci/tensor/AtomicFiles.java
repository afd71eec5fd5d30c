package io.ricci.tensor;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whole-file writes that either fully replace the target or leave it untouched: the content goes to
 * a temporary file in the target's directory (same file system, so the rename cannot turn into a
 * copy), is forced to disk, and is then renamed over the target with {@code ATOMIC_MOVE}. A new file
 * gets the permissions any newly created file gets (0666 less the process's umask), a replaced one
 * keeps its permissions; a symbolic link at the target is replaced by the new file rather than
 * followed.
 *
 * <p>The temporary file is {@code .NAME.PID.RANDOM.tmp} next to the target. It is deleted when the
 * write fails, and by a shutdown hook when the JVM is stopped by a signal mid-write; one left behind
 * by a process that was killed outright is deleted by the next write of the same target once its
 * process is gone (or after {@link #STALE_AFTER}, in case the process id was reused).
 */
public final class AtomicFiles {
    /** Age after which a temporary file of a target counts as stale even if its process id is alive. */
    public static final Duration STALE_AFTER = Duration.ofHours(24);

    private static final String SUFFIX = ".tmp";
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private AtomicFiles() {
    }

    /** Writes the content of a file to {@code out}; must not close it. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} atomically with {@code text} in UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Replaces {@code target} atomically with what {@code content} writes;
     * on failure the target is unchanged. The directory must exist (as for {@code np.save}).
     */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        boolean posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
        // Only an existing file's mode is carried over: a new one is created without a mode of its
        // own, so the OS applies the umask as for any other file (createTempFile would make it 0600).
        Set<PosixFilePermission> keep = posix && Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)
                ? Files.getPosixFilePermissions(abs, LinkOption.NOFOLLOW_LINKS) : null;
        removeStaleTemporaries(abs);
        installHook();
        Path tmp = createTemporary(abs);
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                content.writeTo(os);
                os.flush();
                ch.force(true);
            }
            if (keep != null) {
                Files.setPosixFilePermissions(tmp, keep);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
            IN_FLIGHT.remove(tmp);
        }
    }

    /** The prefix of every temporary file of {@code target}: {@code .NAME.} */
    public static String temporaryPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    private static Path createTemporary(Path abs) throws IOException {
        String prefix = temporaryPrefix(abs) + ProcessHandle.current().pid() + ".";
        for (int attempt = 0; ; attempt++) {
            Path tmp = abs.resolveSibling(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + SUFFIX);
            try {
                // Registered before it exists so that a hook running in between still deletes it.
                IN_FLIGHT.add(tmp);
                FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                IN_FLIGHT.remove(tmp);
                if (attempt == 100) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                IN_FLIGHT.remove(tmp);
                throw e;
            }
        }
    }

    /**
     * Deletes temporary files of {@code target} ({@code .NAME.PID.RANDOM.tmp}) whose process is no
     * longer running, or that are older than {@link #STALE_AFTER}; those of this process that are
     * still being written and those of other running processes are left alone. Returns how many were
     * deleted. Called by every {@link #write}; failures to delete are ignored (the write goes on).
     */
    public static int removeStaleTemporaries(Path target) {
        Path abs = target.toAbsolutePath();
        String prefix = temporaryPrefix(abs);
        int removed = 0;
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(abs.getParent(),
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(SUFFIX))) {
            for (Path p : ds) {
                if (IN_FLIGHT.contains(p)) {
                    continue;
                }
                String middle = p.getFileName().toString();
                middle = middle.substring(prefix.length(), middle.length() - SUFFIX.length());
                int dot = middle.indexOf('.');
                if (dot <= 0 || middle.indexOf('.', dot + 1) >= 0) {
                    continue; // not one of ours (or a longer target name sharing the prefix)
                }
                long pid;
                try {
                    pid = Long.parseLong(middle.substring(0, dot));
                } catch (NumberFormatException e) {
                    continue;
                }
                boolean alive = pid != ProcessHandle.current().pid()
                        ? ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                        : false; // ours but not in flight: left by an earlier failure in this JVM
                try {
                    FileTime mtime = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                    if (!alive || mtime.toInstant().isBefore(cutoff)) {
                        if (Files.deleteIfExists(p)) {
                            removed++;
                        }
                    }
                } catch (IOException e) {
                    // Someone else's file we cannot remove, or it went away meanwhile.
                }
            }
        } catch (IOException e) {
            // An unreadable directory: the write itself will report what is wrong.
        }
        return removed;
    }

    private static void installHook() {
        if (hookInstalled) {
            return;
        }
        synchronized (AtomicFiles.class) {
            if (!hookInstalled) {
                try {
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        for (Path p : IN_FLIGHT) {
                            try {
                                Files.deleteIfExists(p);
                            } catch (IOException e) {
                                // nothing more can be done while the VM exits
                            }
                        }
                    }, "ricci-atomic-files-cleanup"));
                } catch (IllegalStateException e) {
                    // The VM is already shutting down: the write below fails or completes on its own.
                }
                hookInstalled = true;
            }
        }
    }
}
