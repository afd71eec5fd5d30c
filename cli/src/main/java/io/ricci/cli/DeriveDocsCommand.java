package io.ricci.cli;

import io.ricci.index.IndexDocs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ricci derive docs --out DIR}: one Markdown page per standard layer with the index-notation
 * derivation and a numeric check. Meant to be registered as a subcommand of {@code derive}.
 */
@Command(name = "docs", mixinStandardHelpOptions = true,
        description = "Writes Markdown derivations (affine, softmax cross-entropy, sigmoid, ReLU, MSE, |Wx|^2, x^T A x).")
public final class DeriveDocsCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created if needed)")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            for (Path p : IndexDocs.write(dir)) {
                out.println(p);
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            throw new Errors.UserError(Errors.FAILED, "cannot write " + dir + ": " + Errors.describe(e), e);
        }
    }
}
