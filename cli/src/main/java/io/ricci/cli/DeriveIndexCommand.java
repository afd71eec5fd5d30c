package io.ricci.cli;

import io.ricci.index.IndexDerivative;
import io.ricci.index.IndexEmit;
import io.ricci.index.IndexEvaluator;
import io.ricci.index.IndexGradient;
import io.ricci.index.IndexLatex;
import io.ricci.index.IndexProgram;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ricci derive index "Y[p,q] = X[p,k]*W[k,q] + b[q]" --wrt X,W,b [--hessian x,y]
 * [--format text|latex|markdown|json] [--emit numpy|java]}: gradients in index notation, their einsum
 * calls and matrix forms, or code computing them ({@link IndexEmit}). Registered under {@code derive}.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Derives gradients of an index-notation expression as sums of einsum contractions.",
            "A non-scalar output Y takes the upstream gradient as the operand dY."})
public final class DeriveIndexCommand implements Callable<Integer> {
    enum Format { text, latex, markdown, json }

    enum Emit { numpy, java }

    @Parameters(index = "0", paramLabel = "EXPR",
            description = "e.g. 'Y[p,q] = X[p,k]*W[k,q] + b[q]' or 'f = q[i]*q[i] where q[i] = W[i,j]*x[j]'")
    String expression;

    @Option(names = "--wrt", split = ",", paramLabel = "X,W,...", description = "inputs to differentiate by (default: all)")
    List<String> wrt;

    @Option(names = "--hessian", paramLabel = "x,y", description = "also the Hessian d²L/dx dy of a scalar output")
    List<String> hessians;

    @Option(names = "--differential", description = "also the forward-mode differential dY = sum of dY/dx dx over the --wrt inputs")
    boolean differential;

    @Option(names = "--format", defaultValue = "text", description = "text, latex, markdown or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--emit", paramLabel = "LANG", description = {"print, instead of --format, a self-contained function"
        + " computing the value and the derivatives from the inputs: numpy (np.einsum) or java (Tensor.einsum)"})
    Emit emit;

    @Option(names = "--name", paramLabel = "NAME", description = "name of the emitted function (numpy, default"
            + " value_and_grad) or class (java, default ValueAndGrad, may be qualified by a package)")
    String emitName;

    /** A comment line the emitted code starts with (derive matrix: the matrix-notation source). */
    String origin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            IndexProgram p = IndexProgram.parse(expression);
            for (String w : p.warnings()) {
                spec.commandLine().getErr().println("ricci derive index: warning: " + w);
            }
            List<IndexGradient> gs = new ArrayList<>();
            for (String w : wrt == null ? p.inputs() : wrt) {
                gs.add(IndexDerivative.gradient(p, w.trim()));
            }
            if (differential) {
                gs.add(IndexDerivative.differential(p, wrt == null ? p.inputs() : wrt.stream().map(String::trim).toList()));
            }
            if (hessians != null) {
                for (String h : hessians) {
                    String[] xy = h.split(",");
                    if (xy.length != 2) {
                        throw new CommandLine.ParameterException(spec.commandLine(),
                                "--hessian takes two inputs, e.g. --hessian x,x; got '" + h + "'");
                    }
                    gs.add(IndexDerivative.hessian(p, xy[0].trim(), xy[1].trim()));
                }
            }
            if (emit != null) {
                String prefix = emit == Emit.numpy ? "# " : "// ";
                if (origin != null) {
                    out.println(prefix + origin);
                }
                out.print(emit == Emit.numpy
                        ? IndexEmit.numpy(p, gs, emitName == null ? "value_and_grad" : emitName)
                        : IndexEmit.java(p, gs, emitName == null ? "ValueAndGrad" : emitName));
                out.flush();
                return 0;
            }
            switch (format) {
                case json -> out.println(IndexGradient.toJson(p.output(), gs));
                case markdown -> out.print(IndexLatex.page("Derivatives of " + p.output(), p, gs));
                case latex -> {
                    out.println("\\begin{align*}");
                    // every intermediate a result uses (where-definitions, shared adjoints), before the results
                    for (String d : IndexLatex.definitions(gs)) {
                        int eq = d.indexOf(" = ");
                        out.println(d.substring(0, eq) + " &= " + d.substring(eq + 3) + " \\\\");
                    }
                    for (IndexGradient g : gs) {
                        String m = g.matrixLatex();
                        out.println(lhs(g) + " &= " + g.latex() + (m == null ? "" : " = " + m) + " \\\\");
                    }
                    out.println("\\end{align*}");
                }
                case text -> {
                    out.println(p.source());
                    if (!gs.isEmpty() && gs.get(0).upstream() != null) {
                        out.println("upstream gradient: " + gs.get(0).upstream());
                    }
                    // the intermediates once, as the JSON's definitions: index form, then einsum calls
                    List<String> defs = IndexEvaluator.definitionPlan(gs);
                    if (!defs.isEmpty()) {
                        out.println("definitions (in evaluation order):");
                        for (String line : defs) {
                            out.println("  " + line);
                        }
                    }
                    for (IndexGradient g : gs) {
                        String name = switch (g.kind()) {
                            case "hessian" -> "d2" + p.output() + "/d" + g.wrtFirst() + "d" + g.wrt();
                            case "differential" -> "d" + p.output();
                            default -> "d" + g.wrt();
                        };
                        out.println(name + (g.rank() > 0 ? "[" + g.outLetters() + "]" : "") + " = " + g.indexForm());
                        for (String line : IndexEvaluator.termPlan(g)) {
                            out.println("  " + line);
                        }
                        String m = g.matrix();
                        out.println("  matrix: " + (m == null ? "(none)" : m));
                    }
                }
            }
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            // IndexParseException included: the expression or --wrt is a bad argument.
            throw new Errors.UserError(Errors.USAGE, e.getMessage(), e);
        }
    }

    private static String lhs(IndexGradient g) {
        String of = IndexLatex.atom(g.program().output());
        String x = IndexLatex.atom(g.wrt());
        return switch (g.kind()) {
            case "hessian" -> "\\frac{\\partial^2 " + of + "}{\\partial " + IndexLatex.atom(g.wrtFirst()) + "\\,\\partial " + x + "}";
            case "differential" -> "\\mathrm{d}" + of;
            default -> "\\frac{\\partial " + (g.upstream() == null ? of : "L") + "}{\\partial " + x + "}";
        } + (g.rank() > 0 ? "\\Big|_{" + g.outLatex() + "}" : "");
    }
}
