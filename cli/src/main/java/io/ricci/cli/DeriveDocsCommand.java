package io.ricci.cli;

import io.ricci.index.IndexDocs;
import io.ricci.tensor.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ricci derive docs --out DIR}: one Markdown page per standard layer with the index-notation
 * derivation and a numeric check, and the same pages as HTML typeset by KaTeX ({@link KatexPages}),
 * with KaTeX copied into {@code DIR/katex} so that the pages need no network. Meant to be registered
 * as a subcommand of {@code derive}.
 */
@Command(name = "docs", mixinStandardHelpOptions = true,
        description = {"Writes Markdown derivations (affine, softmax cross-entropy, sigmoid, ReLU, MSE, |Wx|^2, x^T A x,"
            + " binary cross-entropy; scalar Jacobians and Hessians through Symja)",
            "and the same pages as HTML typeset by KaTeX, with KaTeX copied into DIR/katex (viewable offline)."})
public final class DeriveDocsCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created if needed)")
    Path dir;

    @Option(names = "--html", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also write NAME.html pages and DIR/katex (default: ${DEFAULT-VALUE}; --no-html for Markdown only)")
    boolean html;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<Path> pages = IndexDocs.write(dir, List.of(ScalarDocs.page()));
            for (Path p : pages) {
                out.println(p);
            }
            if (html) {
                KatexPages.copyAssets(dir);
                for (Path p : pages) {
                    Path h = p.resolveSibling(KatexPages.htmlName(p.getFileName().toString()));
                    AtomicFiles.writeString(h, KatexPages.html(Files.readString(p)));
                    out.println(h);
                }
                out.println(dir.resolve(KatexPages.ASSETS) + "/ (KaTeX " + KatexPages.version() + ")");
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            throw new Errors.UserError(Errors.FAILED, "cannot write " + dir + ": " + Errors.describe(e), e);
        }
    }
}
