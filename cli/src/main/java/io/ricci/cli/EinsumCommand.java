package io.ricci.cli;

import io.ricci.tensor.Npy;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ricci einsum SPEC A.npy [B.npy ...] [-o OUT.npy] [--path]}. */
@Command(name = "einsum", mixinStandardHelpOptions = true,
        description = {"Einstein summation over .npy files with NumPy's np.einsum semantics.",
            "Prints the result like numpy, or writes it with -o; --path prints the contraction order instead."})
public final class EinsumCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "subscripts, e.g. 'ij,jk->ik' or '...ii->...i'")
    String subscripts;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE.npy", description = "operands")
    List<Path> files;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.npy", description = "write the result here (atomically)")
    Path output;

    @Option(names = "--path", description = "print the contraction path with FLOP counts (like np.einsum_path)")
    boolean path;

    @Spec
    CommandSpec spec;

    /**
     * Tensor's spec errors read {@code einsum "SPEC": reason} with a caret under the spec on the next
     * line; after the {@code ricci einsum: } prefix the reason comes first and the spec is shown
     * below it, indented like the other commands' source lines, with the caret moved along.
     */
    static String specError(String message) {
        String head = "einsum \"";
        String[] lines = message.split("\n", -1);
        int close = lines[0].indexOf("\": ");
        if (lines.length != 2 || !lines[0].startsWith(head) || close < 0 || !lines[1].strip().equals("^")) {
            return message;
        }
        String spec = lines[0].substring(head.length(), close);
        int at = Math.max(0, lines[1].indexOf('^') - head.length());
        return lines[0].substring(close + 3) + "\n  " + spec + "\n  " + " ".repeat(at) + "^";
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Tensor[] ops = new Tensor[files.size()];
        for (int i = 0; i < ops.length; i++) {
            try {
                ops[i] = Npy.read(files.get(i));
            } catch (IOException | IllegalArgumentException e) {
                throw new Errors.UserError(Errors.FAILED, "cannot read " + files.get(i) + ": " + Errors.reason(e, files.get(i)), e);
            }
        }
        try {
            if (path) {
                // The contraction order and how each step is lowered for these files' strides.
                out.print(Tensor.einsumPlan(subscripts, ops));
                out.flush();
                return 0;
            }
            Tensor r = Tensor.einsum(subscripts, ops);
            if (output != null) {
                Npy.write(output, r);
            } else {
                out.println(r);
            }
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            // The subscripts do not fit the operands: a bad argument.
            throw new Errors.UserError(Errors.USAGE, specError(e.getMessage()), e);
        } catch (IOException e) {
            throw new Errors.UserError(Errors.FAILED, "cannot write " + output + ": " + Errors.reason(e, output), e);
        }
    }
}
