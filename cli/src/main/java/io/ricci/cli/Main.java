package io.ricci.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ricci} command. */
@Command(name = "ricci", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Tensors, einsum, index-notation calculus and reverse-mode autodiff on the JDK Vector API.",
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

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        // Some libraries (Symja) leave non-daemon threads behind; exit explicitly.
        System.exit(code);
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
