package io.ricci.cli;

import io.ricci.index.MatrixNotation;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ricci derive matrix "x'*A*x" --declare "A:matrix x:vector"}: matrix notation as
 * matrixcalculus.org takes it, shape-checked, translated to index notation (printed) and derived
 * there by {@code derive index}.
 */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = {"Derives a matrix-notation expression (matrixcalculus.org syntax) through index notation.",
            "Variables are declared inline ('x''*A*x where A:matrix, x:vector') or with --declare."})
public final class DeriveMatrixCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPR", description = "e.g. \"norm2(A*x-b)^2 where A:matrix, x:vector, b:vector\"")
    String expression;

    @Option(names = "--declare", paramLabel = "DECLS", description = "e.g. \"A:matrix x:vector s:scalar\" (dims: A:matrix(n,m) x:vector(m))")
    String declare;

    @Option(names = "--wrt", split = ",", paramLabel = "X,W,...", description = "inputs to differentiate by (default: all)")
    List<String> wrt;

    @Option(names = "--hessian", paramLabel = "x,y", description = "also the Hessian d²f/dx dy")
    List<String> hessians;

    @Option(names = "--format", defaultValue = "text", description = "text, latex, markdown or json (default: ${DEFAULT-VALUE})")
    DeriveIndexCommand.Format format;

    @Option(names = "--emit", paramLabel = "LANG", description = "print, instead of --format, a self-contained function"
            + " computing the value and the derivatives: numpy (np.einsum) or java (Tensor.einsum)")
    DeriveIndexCommand.Emit emit;

    @Option(names = "--name", paramLabel = "NAME", description = "name of the emitted function or class")
    String emitName;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MatrixNotation.Translation t;
        try {
            t = MatrixNotation.translate(expression, declare == null ? "" : declare);
        } catch (IllegalArgumentException e) {
            throw new Errors.UserError(Errors.USAGE, e.getMessage(), e);
        }
        if (format == DeriveIndexCommand.Format.text && emit == null) {
            out.println("index notation: " + t.indexText());
        }
        // the derivation itself is derive index's, on the translated text
        CommandLine inner = new CommandLine(new DeriveIndexCommand());
        inner.setOut(out);
        inner.setErr(spec.commandLine().getErr());
        DeriveIndexCommand d = inner.getCommand();
        d.expression = t.indexText();
        d.wrt = wrt;
        d.hessians = hessians;
        d.format = format;
        d.emit = emit;
        d.emitName = emitName;
        d.origin = ("matrix notation: " + expression + (declare == null ? "" : " (declared: " + declare + ")"))
                .replaceAll("\\p{Cntrl}", " ");
        return d.call();
    }
}
