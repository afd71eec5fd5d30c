package io.ricci.symbolic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Parsed functions {@code f_1..f_m} of named variables (and optional parameters held constant),
 * from which Jacobians, gradients, Hessians and directional derivatives are derived with Symja and
 * simplified. Immutable; each derivation runs on the calling thread's Symja engine. Make one with
 * {@link Symbolic#parse}.
 */
public final class SymbolicFunctions {
    private final String source;
    private final List<String> canonical;
    private final List<String> variables, parameters, symbols;

    SymbolicFunctions(String source, List<String> canonical, List<String> variables, List<String> parameters) {
        this.source = source;
        this.canonical = List.copyOf(canonical);
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
        return canonical.stream().map(SymjaFacade::displayText).toList();
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
        SymjaFacade s = SymjaFacade.current();
        List<SymjaFacade.Entry> entries = canonical.stream().map(f -> s.entry(f, symbols)).toList();
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
        SymjaFacade s = SymjaFacade.current();
        List<SymjaFacade.Entry> entries = new ArrayList<>();
        for (String f : canonical) {
            for (String x : variables) {
                entries.add(s.entry(s.differentiate("jacobian", f, x, SymjaFacade.displayText(f)), symbols));
            }
        }
        return new SymbolicMatrix("Jacobian of " + label() + " with respect to " + wrt(), count(), variables.size(),
                functions(), partials(), variables, symbols, entries);
    }

    /**
     * The gradient of the single function as an {@code n × 1} column, {@code g[j] = ∂f/∂x_j}.
     *
     * @throws SymbolicException if there is not exactly one function or Symja cannot differentiate it
     */
    public SymbolicMatrix gradient() {
        String f = single("gradient");
        SymjaFacade s = SymjaFacade.current();
        List<SymjaFacade.Entry> entries = new ArrayList<>();
        for (String x : variables) {
            entries.add(s.entry(s.differentiate("gradient", f, x, SymjaFacade.displayText(f)), symbols));
        }
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
        String f = canonical.get(i);
        String shown = SymjaFacade.displayText(f);
        SymjaFacade s = SymjaFacade.current();
        int n = variables.size();
        SymjaFacade.Entry[] h = new SymjaFacade.Entry[n * n];
        for (int j = 0; j < n; j++) {
            String g = s.differentiate("hessian", f, variables.get(j), shown);
            for (int k = j; k < n; k++) {
                h[j * n + k] = s.entry(s.differentiate("hessian", g, variables.get(k), shown), symbols);
                h[k * n + j] = h[j * n + k];
            }
        }
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
        SymjaFacade s = SymjaFacade.current();
        List<SymjaFacade.Entry> entries = new ArrayList<>();
        for (String f : canonical) {
            entries.add(s.entry(s.directional("directional", f, variables, v, SymjaFacade.displayText(f)), symbols));
        }
        String dir = Arrays.stream(v).mapToObj(SymbolicFunctions::number).collect(Collectors.joining(", ", "(", ")"));
        return new SymbolicMatrix("Directional derivative of " + label() + " along " + dir + " in " + wrt(),
                count(), 1, functions(), List.of("D_v"), variables, symbols, entries);
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private String single(String op) {
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
