package io.ricci.cli;

import io.ricci.nn.mnist.MnistTrainer;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every command reports a failure: one line {@code ricci <command>: <what was wrong>} on stderr
 * (a parse error may add the source and a caret under the position, indented by two spaces), a
 * non-zero exit code, and the stack trace only with the global {@code --debug}. A usage error keeps
 * picocli's message and ends with a hint at {@code --help}. An exception that is not a user error
 * (a bug) gets one line naming it and a hint to rerun with {@code --debug}.
 */
final class Errors {
    /** The input, a file or the environment was wrong. */
    static final int FAILED = 1;
    /** The command line was wrong (picocli's convention). */
    static final int USAGE = 2;
    /** A bug in ricci (BSD's EX_SOFTWARE). */
    static final int INTERNAL = 70;

    private Errors() {
    }

    /** A user error whose message is ready to print after {@code ricci <command>: }. */
    static final class UserError extends RuntimeException {
        final int exitCode;

        UserError(String message) {
            this(FAILED, message, null);
        }

        UserError(int exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }
    }

    /** Installs the handlers on {@code cl} (the root command). */
    static CommandLine configure(CommandLine cl) {
        cl.setParameterExceptionHandler(Errors::usage);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(commandLine, e));
        return cl;
    }

    private static int usage(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(line(cl, firstLines(e.getMessage())));
        if (debug(cl)) {
            e.printStackTrace(err);
        }
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Prints {@code e} for the command {@code cl} and returns the exit code. */
    static int report(CommandLine cl, Throwable e) {
        PrintWriter err = cl.getErr();
        int code;
        String text;
        if (e instanceof UserError u) {
            code = u.exitCode;
            text = u.getMessage();
        } else if (e instanceof OutOfMemoryError) {
            code = FAILED;
            text = "out of memory (" + e.getMessage() + "); give the JVM more heap, e.g. RICCI_JAVA_OPTS=-Xmx2g";
        } else if (isUserError(e)) {
            code = FAILED;
            text = describe(e);
        } else {
            code = INTERNAL;
            text = "internal error: " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()))
                    + (debug(cl) ? "" : " (a bug in ricci; rerun with --debug for the stack trace)");
        }
        err.println(line(cl, text));
        if (debug(cl)) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** Exceptions that describe bad input, a bad file or a bad environment rather than a bug. */
    static boolean isUserError(Throwable e) {
        return e instanceof UserError || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof IllegalArgumentException || e instanceof MnistTrainer.DivergedException;
    }

    /** The message of a user error, with the JDK's bare file-system messages spelled out. */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() != null ? f.getReason()
                    : e instanceof NoSuchFileException ? "no such file or directory"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileAlreadyExistsException ? "already exists"
                    : e instanceof NotDirectoryException ? "not a directory"
                    : e instanceof DirectoryNotEmptyException ? "directory not empty"
                    : "file system error";
            return (f.getFile() == null ? "" : f.getFile() + ": ") + reason
                    + (f.getOtherFile() == null ? "" : " (" + f.getOtherFile() + ")");
        }
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            return e instanceof EOFException ? "unexpected end of file" : e.getClass().getSimpleName();
        }
        return e.getMessage();
    }

    /**
     * Like {@link #describe}, for a message that already names {@code named}: a file-system error
     * about that file (or one of its {@code AtomicFiles} temporaries) is left with its reason alone.
     */
    static String reason(Throwable e, java.nio.file.Path named) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return reason(u.getCause(), named);
        }
        if (e instanceof FileSystemException f && f.getFile() != null && named != null) {
            java.nio.file.Path file = java.nio.file.Path.of(f.getFile());
            boolean same = file.toAbsolutePath().equals(named.toAbsolutePath())
                    || (file.getFileName() != null && named.getFileName() != null
                        && file.getFileName().toString().startsWith(io.ricci.tensor.AtomicFiles.temporaryPrefix(named))
                        && java.util.Objects.equals(file.toAbsolutePath().getParent(), named.toAbsolutePath().getParent()));
            if (same) {
                String full = describe(e);
                return full.substring(f.getFile().length() + 2);
            }
        }
        return describe(e);
    }

    private static String line(CommandLine cl, String text) {
        String name = cl.getCommandSpec().qualifiedName();
        String bare = name.startsWith("ricci ") ? name.substring(6) : name;
        // Library messages that already name the command (or the index calculus) are not prefixed twice.
        for (String p : new String[] {name + ": ", bare + ": ", "index: "}) {
            if (text.startsWith(p)) {
                text = text.substring(p.length());
                break;
            }
        }
        return name + ": " + firstLines(text);
    }

    /**
     * Keeps a message to one line plus any indented lines (a source line and its caret); other line
     * breaks, which a library may put into a long message, become "; ".
     */
    static String firstLines(String text) {
        String[] lines = text.strip().split("\\R");
        StringBuilder head = new StringBuilder(lines[0].strip());
        List<String> diagram = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith("  ") && !lines[i].strip().startsWith("at ")) {
                diagram.add(lines[i]);
            } else if (!lines[i].isBlank()) {
                head.append("; ").append(lines[i].strip());
            }
        }
        diagram.add(0, head.toString());
        return String.join(System.lineSeparator(), diagram);
    }

    private static String firstLine(String text) {
        return text.strip().split("\\R", 2)[0];
    }

    /** Whether {@code --debug} was given anywhere on the command line {@code cl} belongs to. */
    static boolean debug(CommandLine cl) {
        CommandLine root = cl;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        for (ParseResult pr = root.getParseResult(); pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
