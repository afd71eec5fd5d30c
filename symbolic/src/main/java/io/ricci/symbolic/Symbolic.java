package io.ricci.symbolic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of symbolic differentiation. Functions are text in Symja's relaxed syntax, separated
 * by top-level commas: {@code "3*x*y, x^3*y^2"}. Besides Symja's own functions (exp, log, sqrt,
 * sin, tanh, ...) the text may use {@code sigmoid(u)} (also recognised when written as
 * {@code 1/(1+exp(-u))}, so derivatives come out in {@code sigmoid(u)*(1-sigmoid(u))} form),
 * {@code relu(u)}, {@code max}, {@code min} and {@code abs} (derived as piecewise functions).
 * Decimal numbers are read exactly ({@code 0.5} is {@code 1/2}).
 *
 * <p>Symja (LGPL-3) starts in about 2 s on first use per thread and then stays.
 */
public final class Symbolic {
    private Symbolic() {
    }

    /** Parses {@code functions} of {@code variables}; no other symbol may appear. */
    public static SymbolicFunctions parse(String functions, String... variables) {
        return parse(functions, Arrays.asList(variables), List.of());
    }

    /**
     * Parses {@code functions} of {@code variables} with {@code parameters} held constant (they get
     * values at evaluation but are never differentiated).
     *
     * @throws SymbolicException for a syntax error, an unknown variable or function, or a bad
     *     variable name, naming the token and its 1-based position
     */
    public static SymbolicFunctions parse(String functions, List<String> variables, List<String> parameters) {
        if (variables.isEmpty()) {
            throw new SymbolicException("parse: no variables given for \"" + functions + "\"");
        }
        List<String> symbols = new ArrayList<>(variables);
        symbols.addAll(parameters);
        SymjaFacade s = SymjaFacade.current();
        s.checkNames("parse", symbols);
        return new SymbolicFunctions(functions, s.prepare("parse", functions, symbols), variables, parameters);
    }

    /**
     * True when expressions {@code a} and {@code b} in {@code symbols} are equal as functions
     * ({@code a - b} simplifies to 0, or Symja's PossibleZeroQ finds it zero).
     */
    public static boolean equivalent(String a, String b, List<String> symbols) {
        SymjaFacade s = SymjaFacade.current();
        s.checkNames("equivalent", symbols);
        List<String> pa = s.prepare("equivalent", a, symbols);
        List<String> pb = s.prepare("equivalent", b, symbols);
        if (pa.size() != 1 || pb.size() != 1) {
            throw new SymbolicException("equivalent: compares single expressions, got " + pa.size() + " and "
                    + pb.size());
        }
        return s.equivalent(pa.get(0), pb.get(0));
    }
}
