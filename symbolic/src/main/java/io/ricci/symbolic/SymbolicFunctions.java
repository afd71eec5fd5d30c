package io.ricci.symbolic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Parsed functions {@code f_1..f_m} of named variables (and optional parameters held constant),
 * from which Jacobians, gradients, Hessians and directional derivatives are derived with Symja and
 * simplified. Immutable and safe to share between threads: it holds the functions as an admitted
 * tree, and each derivation runs in a fresh Symja engine bounded by the {@link SymbolicLimits} it
 * was parsed with. Make one with {@link Symbolic#parse}.
 */
public final class SymbolicFunctions {
    private final String source;
    private final List<Expr> canonical;
    private final List<String> texts;
    private final List<String> variables, parameters, symbols;
    private final SymbolicLimits limits;

    SymbolicFunctions(String source, SymjaFacade.Prepared prepared, List<String> variables, List<String> parameters,
            SymbolicLimits limits) {
        this.source = source;
        this.canonical = List.copyOf(prepared.functions());
        this.texts = List.copyOf(prepared.texts());
        this.limits = limits;
        this.variables = List.copyOf(variables);
        this.parameters = List.copyOf(parameters);
        List<String> all = new ArrayList<>(variables);
        all.addAll(parameters);
        this.symbols = List.copyOf(all);
    }

    /** The text the functions were parsed from. */
    public String source() {
        return source;
    }

    /** Number of functions {@code m}. */
    public int count() {
        return canonical.size();
    }

    /** The functions after parsing and evaluation, as plain text. */
    public List<String> functions() {
        return texts;
    }

    /** The variables derivatives are taken with respect to. */
    public List<String> variables() {
        return variables;
    }

    /** Symbols held constant. */
    public List<String> parameters() {
        return parameters;
    }

    /** Evaluation-point order: variables, then parameters. */
    public List<String> symbols() {
        return symbols;
    }

    private String label() {
        List<String> f = functions();
        return f.size() == 1 ? f.get(0) : "(" + String.join(", ", f) + ")";
    }

    private String wrt() {
        return variables.size() == 1 ? variables.get(0) : "(" + String.join(", ", variables) + ")";
    }

    private List<String> partials() {
        return variables.stream().map(v -> "∂/∂" + v).toList();
    }

    /** The functions themselves as an {@code m × 1} matrix (handy as the numeric function to check against). */
    public SymbolicMatrix values() {
        List<SymjaFacade.Entry> entries = SymjaFacade.run("values", limits,
                s -> canonical.stream().map(f -> s.entry(s.function(f), symbols)).toList());
        return new SymbolicMatrix(label(), count(), 1, functions(), List.of("value"), variables, symbols, entries);
    }

    /** {@code x ↦ (f_1(x), ..., f_m(x))} over points in {@link #symbols()} order, lowered once. */
    public NumericFunction numeric() {
        SymbolicMatrix v = values();
        return x -> v.evaluate(x).toDoubleArray();
    }

    /**
     * The Jacobian {@code J[i][j] = ∂f_i/∂x_j}, an {@code m × n} matrix.
     *
     * @throws SymbolicException if Symja cannot differentiate a function
     */
    public SymbolicMatrix jacobian() {
        List<SymjaFacade.Entry> entries = SymjaFacade.run("jacobian", limits, s -> {
            List<SymjaFacade.Entry> out = new ArrayList<>();
            for (int i = 0; i < count(); i++) {
                SymjaFacade.Term f = s.function(canonical.get(i));
                for (String x : variables) {
                    out.add(s.entry(s.derivative(f, x, texts.get(i)), symbols));
                }
            }
            return out;
        });
        return new SymbolicMatrix("Jacobian of " + label() + " with respect to " + wrt(), count(), variables.size(),
                functions(), partials(), variables, symbols, entries);
    }

    /**
     * The gradient of the single function as an {@code n × 1} column, {@code g[j] = ∂f/∂x_j}.
     *
     * @throws SymbolicException if there is not exactly one function or Symja cannot differentiate it
     */
    public SymbolicMatrix gradient() {
        Expr f = single("gradient");
        List<SymjaFacade.Entry> entries = SymjaFacade.run("gradient", limits, s -> {
            SymjaFacade.Term t = s.function(f);
            List<SymjaFacade.Entry> out = new ArrayList<>();
            for (String x : variables) {
                out.add(s.entry(s.derivative(t, x, texts.get(0)), symbols));
            }
            return out;
        });
        return new SymbolicMatrix("Gradient of " + label() + " with respect to " + wrt(), variables.size(), 1,
                partials(), List.of(label()), variables, symbols, entries);
    }

    /** The Hessian of the single function; see {@link #hessian(int)}. */
    public SymbolicMatrix hessian() {
        single("hessian");
        return hessian(0);
    }

    /**
     * The Hessian {@code H[j][k] = ∂²f_i/∂x_j∂x_k} of function {@code i}, an {@code n × n} matrix
     * (each mixed partial is derived once and mirrored).
     */
    public SymbolicMatrix hessian(int i) {
        if (i < 0 || i >= count()) {
            throw new IndexOutOfBoundsException("hessian: function index " + i + " outside [0, " + count() + ")");
        }
        Expr f = canonical.get(i);
        String shown = texts.get(i);
        int n = variables.size();
        SymjaFacade.Entry[] h = new SymjaFacade.Entry[n * n];
        SymjaFacade.run("hessian", limits, s -> {
            SymjaFacade.Term t = s.function(f);
            for (int j = 0; j < n; j++) {
                SymjaFacade.Term g = s.derivative(t, variables.get(j), shown);
                for (int k = j; k < n; k++) {
                    h[j * n + k] = s.entry(s.derivative(g, variables.get(k), shown), symbols);
                    h[k * n + j] = h[j * n + k];
                }
            }
            return null;
        });
        return new SymbolicMatrix("Hessian of " + shown + " with respect to " + wrt(), n, n, partials(),
                partials(), variables, symbols, Arrays.asList(h));
    }

    /**
     * The directional derivative {@code D_v f_i = Σ_j v_j ∂f_i/∂x_j} of every function, an
     * {@code m × 1} matrix ({@code v} is used as given, not normalised).
     */
    public SymbolicMatrix directional(double... v) {
        if (v.length != variables.size()) {
            throw new SymbolicException("directional: direction has " + v.length + " components, need "
                    + variables.size() + " (" + String.join(", ", variables) + ")");
        }
        List<SymjaFacade.Entry> entries = SymjaFacade.run("directional", limits, s -> {
            List<SymjaFacade.Entry> out = new ArrayList<>();
            for (int i = 0; i < count(); i++) {
                out.add(s.entry(s.directional(s.function(canonical.get(i)), variables, v, texts.get(i)), symbols));
            }
            return out;
        });
        String dir = Arrays.stream(v).mapToObj(SymbolicFunctions::number).collect(Collectors.joining(", ", "(", ")"));
        return new SymbolicMatrix("Directional derivative of " + label() + " along " + dir + " in " + wrt(),
                count(), 1, functions(), List.of("D_v"), variables, symbols, entries);
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private Expr single(String op) {
        if (count() != 1) {
            throw new SymbolicException(op + ": needs one function, got " + count() + " in \"" + source
                    + "\" (use the Jacobian, or hessian(i) for function i)");
        }
        return canonical.get(0);
    }

    @Override
    public String toString() {
        return label() + " of " + wrt() + (parameters.isEmpty() ? "" : " with parameters " + parameters);
    }
}
