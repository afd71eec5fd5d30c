package io.ricci.cli;

import io.ricci.symbolic.CentralDifference;
import io.ricci.symbolic.CheckReport;
import io.ricci.symbolic.Jacobian;
import io.ricci.symbolic.NumericJacobian;
import io.ricci.symbolic.Symbolic;
import io.ricci.symbolic.SymbolicException;
import io.ricci.symbolic.SymbolicFunctions;
import io.ricci.symbolic.SymbolicMatrix;
import io.ricci.tensor.Tensor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ricci derive jacobian|gradient|hessian|directional}: symbolic derivatives through Symja,
 * printed as text, LaTeX, Markdown or JSON, with the value at a point and a finite-difference check.
 */
@Command(name = "derive", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Symbolic Jacobians, gradients and Hessians (Symja), with value and finite-difference check;",
            "index-notation gradients as einsum contractions (index), documentation pages (docs)."},
        footer = {"", "Example: ricci derive jacobian --f \"3*x*y, x^3*y^2\" --vars x,y --at x=2,y=3 --format json"},
        subcommands = {DeriveCommand.JacobianCommand.class, DeriveCommand.GradientCommand.class,
            DeriveCommand.HessianCommand.class, DeriveCommand.DirectionalCommand.class,
            DeriveIndexCommand.class, DeriveDocsCommand.class, DeriveMatrixCommand.class})
public final class DeriveCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Output formats. */
    enum Format { text, latex, markdown, json }

    /** Options and output shared by the derivative kinds. */
    abstract static class Kind implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--f", required = true, paramLabel = "FUNCTIONS",
                description = "Functions separated by commas, e.g. \"3*x*y, x^3*y^2\" (exp, log, sqrt, sin, tanh,"
                        + " sigmoid, relu, max, min, abs, ^ for powers).")
        String functions;

        @Option(names = "--vars", required = true, split = ",", paramLabel = "NAME",
                description = "Variables to differentiate with respect to, e.g. x,y.")
        List<String> vars;

        @Option(names = "--params", split = ",", paramLabel = "NAME",
                description = "Symbols held constant (they need values in --at).")
        List<String> params = new ArrayList<>();

        @Option(names = "--at", paramLabel = "POINT",
                description = "A point, e.g. x=2,y=3: prints the value there and a finite-difference check.")
        String at;

        @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
                description = "text, latex, markdown or json (default: ${DEFAULT-VALUE}).")
        Format format;

        abstract String kind();

        abstract SymbolicMatrix derive(SymbolicFunctions f);

        /** Largest relative error of a passing check (second differences are less accurate). */
        double tolerance() {
            return 1e-4;
        }

        /** The functions must be defined at the point: log(-1) has a derivative formula (1/x) but no value. */
        void domain(SymbolicFunctions f, SymbolicMatrix m, double[] point) {
            double[] v = f.numeric().apply(point);
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new Errors.UserError(Errors.FAILED, f.functions().get(i) + " is " + jtext(v[i]) + " at "
                            + pointText(m, point) + ": the point is outside its domain (a log or root of a negative,"
                            + " a division by zero), so its derivatives there are undefined", null);
                }
            }
        }

        /** A derivative entry that is not finite (1/x² at 0) is an error, never printed as a number. */
        void undefined(SymbolicMatrix m, double[] point, Tensor value) {
            for (int i = 0; i < value.dim(0); i++) {
                for (int j = 0; j < value.dim(1); j++) {
                    double d = value.get(i, j);
                    if (!Double.isFinite(d)) {
                        throw new Errors.UserError(Errors.FAILED, "entry [" + i + ", " + j + "] ("
                                + m.toLists().get(i).get(j) + ") is " + jtext(d) + " at " + pointText(m, point)
                                + ": the derivative is undefined there", null);
                    }
                }
            }
        }

        /** The numeric derivative the symbolic one is checked against. */
        NumericJacobian reference(SymbolicFunctions f) {
            return CentralDifference.of(f.numeric());
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                SymbolicFunctions f = Symbolic.parse(functions, vars, params);
                SymbolicMatrix m = derive(f);
                double[] point = at == null ? null : m.pointOf(parsePoint(at));
                if (point != null) {
                    domain(f, m, point);
                }
                Tensor value = point == null ? null : m.evaluate(point);
                if (value != null) {
                    undefined(m, point, value);
                }
                CheckReport check = point == null ? null : Jacobian.check(m, reference(f), point);
                out.print(switch (format) {
                    case text -> text(m, point, value, check);
                    case latex -> latex(m, point, value, check);
                    case markdown -> markdown(m, point, value, check);
                    case json -> json(kind(), m, point, value, check);
                });
                out.flush();
                if (check != null && !check.passes(tolerance())) {
                    spec.commandLine().getErr().println("ricci: the finite-difference check failed: " + check.summary()
                            + " exceeds " + tolerance());
                    spec.commandLine().getErr().flush();
                    return Errors.FAILED;
                }
                return 0;
            } catch (SymbolicException e) {
                String where = "";
                if (e.position() > 0 && e.position() <= functions.length() + 1) {
                    where = "\n  " + functions + "\n  " + " ".repeat(e.position() - 1) + "^";
                }
                throw new Errors.UserError(Errors.FAILED, e.getMessage() + where, e);
            }
        }
    }

    @Command(name = "jacobian", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "The Jacobian J[i][j] = df_i/dx_j of one or more functions.")
    static final class JacobianCommand extends Kind {
        @Override
        String kind() {
            return "jacobian";
        }

        @Override
        SymbolicMatrix derive(SymbolicFunctions f) {
            return f.jacobian();
        }
    }

    @Command(name = "gradient", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "The gradient (a column) of one function.")
    static final class GradientCommand extends Kind {
        @Override
        String kind() {
            return "gradient";
        }

        @Override
        SymbolicMatrix derive(SymbolicFunctions f) {
            return f.gradient();
        }
    }

    @Command(name = "hessian", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "The Hessian of one function, checked against second central differences.")
    static final class HessianCommand extends Kind {
        @Override
        String kind() {
            return "hessian";
        }

        @Override
        SymbolicMatrix derive(SymbolicFunctions f) {
            return f.hessian();
        }

        @Override
        NumericJacobian reference(SymbolicFunctions f) {
            return CentralDifference.hessianOf(f.numeric(), 0);
        }

        @Override
        double tolerance() {
            return 1e-3;
        }
    }

    @Command(name = "directional", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "The directional derivative sum_j v_j df_i/dx_j of every function.")
    static final class DirectionalCommand extends Kind {
        @Option(names = "--dir", required = true, split = ",", paramLabel = "V",
                description = "The direction v, one number per variable (not normalised).")
        double[] direction;

        @Override
        String kind() {
            return "directional";
        }

        @Override
        SymbolicMatrix derive(SymbolicFunctions f) {
            return f.directional(direction);
        }

        @Override
        NumericJacobian reference(SymbolicFunctions f) {
            NumericJacobian j = CentralDifference.of(f.numeric());
            return new NumericJacobian() {
                @Override
                public String name() {
                    return "central differences along v";
                }

                @Override
                public Tensor jacobian(double[] point, int nVars) {
                    Tensor full = j.jacobian(point, nVars);
                    double[] dv = new double[full.dim(0)];
                    for (int i = 0; i < dv.length; i++) {
                        for (int k = 0; k < nVars; k++) {
                            dv[i] += full.get(i, k) * direction[k];
                        }
                    }
                    return Tensor.wrap(dv, dv.length, 1);
                }
            };
        }
    }

    /** {@code x=2,y=3} in order. */
    static Map<String, Double> parsePoint(String text) {
        Map<String, Double> point = new LinkedHashMap<>();
        int pos = 0;
        for (String part : text.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new SymbolicException("--at: expected name=value at position " + (pos + 1) + " in \"" + text
                        + "\", got '" + part.trim() + "'");
            }
            String name = part.substring(0, eq).trim();
            String number = part.substring(eq + 1).trim();
            try {
                if (point.put(name, Double.parseDouble(number)) != null) {
                    throw new SymbolicException("--at: '" + name + "' given twice in \"" + text + "\"");
                }
            } catch (NumberFormatException e) {
                throw new SymbolicException("--at: '" + number + "' at position " + (pos + eq + 2) + " in \"" + text
                        + "\" is not a number");
            }
            pos += part.length() + 1;
        }
        return point;
    }

    private static String pointText(SymbolicMatrix m, double[] p) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            s.add(m.symbols().get(i) + "=" + num(p[i]));
        }
        return String.join(", ", s);
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    private static String rows(Tensor v, String open, String sep, String close, String rowSep,
            Function<Double, String> fmt) {
        int[] width = new int[v.dim(1)];
        for (int i = 0; i < v.dim(0); i++) {
            for (int j = 0; j < v.dim(1); j++) {
                width[j] = Math.max(width[j], fmt.apply(v.get(i, j)).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.dim(0); i++) {
            sb.append(open);
            for (int j = 0; j < v.dim(1); j++) {
                String s = fmt.apply(v.get(i, j));
                sb.append(" ".repeat(width[j] - s.length())).append(s).append(j + 1 < v.dim(1) ? sep : "");
            }
            sb.append(close).append(i + 1 < v.dim(0) ? rowSep : "");
        }
        return sb.toString();
    }

    static String text(SymbolicMatrix m, double[] p, Tensor v, CheckReport c) {
        StringBuilder sb = new StringBuilder(m.toText());
        if (v != null) {
            sb.append("at ").append(pointText(m, p)).append(":\n");
            sb.append(rows(v, "[ ", "   ", " ]", "\n", DeriveCommand::num)).append('\n');
            sb.append("check: ").append(c.summary()).append('\n');
        }
        return sb.toString();
    }

    static String latex(SymbolicMatrix m, double[] p, Tensor v, CheckReport c) {
        StringBuilder sb = new StringBuilder("% ").append(m.title()).append('\n').append(m.toLatex()).append('\n');
        if (v != null) {
            sb.append("% at ").append(pointText(m, p)).append(":\n");
            sb.append("\\begin{bmatrix}\n").append(rows(v, "  ", " & ", "", " \\\\\n", DeriveCommand::num))
                    .append("\n\\end{bmatrix}\n");
            sb.append("% check: ").append(c.summary()).append('\n');
        }
        return sb.toString();
    }

    static String markdown(SymbolicMatrix m, double[] p, Tensor v, CheckReport c) {
        StringBuilder sb = new StringBuilder(m.toMarkdown());
        if (v != null) {
            sb.append("\nAt ").append(pointText(m, p)).append(":\n\n|   |");
            for (String col : m.colLabels()) {
                sb.append(' ').append(col).append(" |");
            }
            sb.append("\n|---|").append("---|".repeat(m.cols())).append('\n');
            for (int i = 0; i < m.rows(); i++) {
                sb.append("| ").append(m.rowLabels().get(i).replace("|", "\\|").replace("*", "\\*")).append(" |");
                for (int j = 0; j < m.cols(); j++) {
                    sb.append(' ').append(num(v.get(i, j))).append(" |");
                }
                sb.append('\n');
            }
            sb.append("\nCheck: ").append(c.summary()).append('\n');
        }
        return sb.toString();
    }

    static String json(String kind, SymbolicMatrix m, double[] p, Tensor v, CheckReport c) {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"kind\":").append(str(kind));
        sb.append(",\"title\":").append(str(m.title()));
        sb.append(",\"variables\":").append(strings(m.variables()));
        sb.append(",\"symbols\":").append(strings(m.symbols()));
        sb.append(",\"symbolic\":[");
        for (int i = 0; i < m.rows(); i++) {
            sb.append(i > 0 ? "," : "").append(strings(m.toLists().get(i)));
        }
        sb.append("],\"latex\":").append(str(m.toLatex()));
        if (v == null) {
            sb.append(",\"at\":null,\"value\":null,\"check\":null");
        } else {
            sb.append(",\"at\":{");
            for (int i = 0; i < p.length; i++) {
                sb.append(i > 0 ? "," : "").append(str(m.symbols().get(i))).append(':').append(jnum(p[i]));
            }
            sb.append("},\"value\":[");
            for (int i = 0; i < v.dim(0); i++) {
                sb.append(i > 0 ? "," : "").append('[');
                for (int j = 0; j < v.dim(1); j++) {
                    sb.append(j > 0 ? "," : "").append(jnum(v.get(i, j)));
                }
                sb.append(']');
            }
            sb.append("],\"check\":{\"reference\":").append(str(c.reference()));
            sb.append(",\"maxRelError\":").append(jnum(c.maxRelError()));
            sb.append(",\"maxAbsError\":").append(jnum(c.maxAbsError()));
            sb.append(",\"worst\":[").append(c.worstRow()).append(',').append(c.worstCol()).append("]}");
        }
        return sb.append("}\n").toString();
    }

    /** A JSON number, or the string "inf", "-inf" or "nan" (JSON has no literal for them; null would lose which). */
    private static String jnum(double d) {
        return Double.isFinite(d) ? Double.toString(d) : "\"" + jtext(d) + "\"";
    }

    static String jtext(double d) {
        return Double.isNaN(d) ? "nan" : d == Double.POSITIVE_INFINITY ? "inf" : d == Double.NEGATIVE_INFINITY ? "-inf" : Double.toString(d);
    }

    private static String strings(List<String> s) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < s.size(); i++) {
            sb.append(i > 0 ? "," : "").append(str(s.get(i)));
        }
        return sb.append(']').toString();
    }

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
