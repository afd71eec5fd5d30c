package io.ricci.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ricci} command. */
@Command(name = "ricci", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Tensors, einsum, index-notation calculus and reverse-mode autodiff on the JDK Vector API.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the input, a file or the environment was wrong (one line on stderr says what)",
            "2:bad command line (usage error)", "70:internal error (a bug; rerun with --debug for the stack trace)"},
        subcommands = {
            ExamplesCommand.class,
            TrainCommand.class,
            DeriveCommand.class,
            BenchCommand.class,
            EinsumCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Read through the parse result (Errors.debug), so that it works before and after the subcommand.
    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On failure, print the stack trace after the one-line message.")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = execute(commandLine(), args);
        // Some libraries (Symja) leave non-daemon threads behind; exit explicitly.
        System.exit(code);
    }

    /** The {@code ricci} command line with its error handling ({@link Errors}). */
    static CommandLine commandLine() {
        return Errors.configure(new CommandLine(new Main()));
    }

    /**
     * Runs {@code args} on {@code cl}; errors, which picocli lets through (out of memory, stack
     * overflow), are reported like exceptions.
     */
    static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (Error e) {
            CommandLine at = cl;
            CommandLine.ParseResult pr = cl.getParseResult();
            while (pr != null && pr.subcommand() != null) {
                pr = pr.subcommand();
                at = pr.commandSpec().commandLine();
            }
            return Errors.report(at, e);
        }
    }

    /** Reads the version Maven filtered into {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"ricci " + p.getProperty("version", "unknown") + " (Java "
                    + Runtime.version() + ", " + System.getProperty("java.vm.name") + ")",
                "kernels: " + io.ricci.tensor.Vectorization.describe()};
        }
    }
}
