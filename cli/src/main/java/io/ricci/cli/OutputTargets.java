package io.ricci.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Checks of the files a command will write, made before the work that produces them. */
final class OutputTargets {
    private OutputTargets() {
    }

    /**
     * Fails unless {@code target} can be written by {@link io.ricci.tensor.AtomicFiles}: not a
     * directory or a special file, its directory exists and takes a new file (tried with an empty
     * one, which catches read-only mounts and permissions alike, also for root), and the file system
     * has room for about {@code bytes}.
     */
    static void check(String option, Path target, long bytes) {
        String what = option + " " + target + ": ";
        if (Files.isDirectory(target)) {
            throw new Errors.UserError(what + "is a directory");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw new Errors.UserError(what + "exists and is not a regular file");
        }
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new Errors.UserError(what + (Files.exists(dir) ? dir + " is not a directory" : "directory " + dir + " does not exist"));
        }
        Path probe = null;
        try {
            // Named like AtomicFiles' temporaries, so that a probe left by a kill is cleaned up by the next save.
            probe = Files.createTempFile(dir, io.ricci.tensor.AtomicFiles.temporaryPrefix(target.toAbsolutePath())
                    + ProcessHandle.current().pid() + ".", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new Errors.UserError(Errors.FAILED, what + "cannot create files in " + dir + ": "
                    + (probe == null ? Errors.reason(e, target) : Errors.describe(e)), e);
        }
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < bytes) {
                throw new Errors.UserError(String.format(Locale.ROOT, "%sneeds about %d kB but %s has %d kB free",
                        what, (bytes + 1023) / 1024, dir, free / 1024));
            }
        } catch (IOException e) {
            // No space figure for this file system: the write will tell.
        }
    }
}
