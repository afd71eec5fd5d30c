package io.ricci.tensor;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Whole-file writes that either fully replace the target or leave it untouched: the content goes to
 * a temporary file in the target's directory (same file system, so the rename cannot turn into a
 * copy), is forced to disk, and is then renamed over the target with {@code ATOMIC_MOVE}. A new file
 * gets mode {@code rw-r--r--}, a replaced one keeps its permissions; a symbolic link at the target is
 * replaced by the new file rather than followed.
 */
public final class AtomicFiles {
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
        Set<PosixFilePermission> perms = null;
        boolean posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
        if (posix) {
            // createTempFile makes 0600 files; keep the permissions a plain create (or the old file) would have.
            perms = Files.exists(abs) ? Files.getPosixFilePermissions(abs) : PosixFilePermissions.fromString("rw-r--r--");
        }
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp", attrs);
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                content.writeTo(os);
                os.flush();
                ch.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(tmp, perms);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
