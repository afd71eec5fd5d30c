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
 * <p>Function texts may come from strangers: they are checked against an allow-list of mathematical
 * functions before anything is evaluated, each derivation runs in a fresh Symja engine of its own,
 * and the work is bounded by {@link SymbolicLimits} (see docs/security.md). Symja (LGPL-3) loads
 * its classes in about 1-2 s on first use per JVM.
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
        return parse(functions, variables, parameters, SymbolicLimits.DEFAULT);
    }

    /**
     * As {@link #parse(String, List, List)}, with the work of parsing and of every later derivation
     * of the result bounded by {@code limits}.
     *
     * @throws SymbolicException also when the functions or a result pass the limits ("too complex")
     */
    public static SymbolicFunctions parse(String functions, List<String> variables, List<String> parameters,
            SymbolicLimits limits) {
        if (variables == null || variables.isEmpty()) {
            throw new SymbolicException("parse: no variables given for \"" + functions + "\"");
        }
        List<String> symbols = new ArrayList<>(variables);
        symbols.addAll(parameters == null ? List.of() : parameters);
        SymjaFacade.Prepared p = SymjaFacade.run("parse", limits, s -> {
            s.checkNames(symbols);
            return s.prepare(functions, symbols);
        });
        return new SymbolicFunctions(functions, p, variables, parameters == null ? List.of() : parameters, limits);
    }

    /**
     * True when expressions {@code a} and {@code b} in {@code symbols} are equal as functions
     * ({@code a - b} simplifies to 0, or Symja's PossibleZeroQ finds it zero).
     */
    public static boolean equivalent(String a, String b, List<String> symbols) {
        return SymjaFacade.run("equivalent", SymbolicLimits.DEFAULT, s -> {
            s.checkNames(symbols);
            List<Expr> pa = s.prepare(a, symbols).functions();
            List<Expr> pb = s.prepare(b, symbols).functions();
            if (pa.size() != 1 || pb.size() != 1) {
                throw new SymbolicException("equivalent: compares single expressions, got " + pa.size() + " and "
                        + pb.size());
            }
            return s.equivalent(s.function(pa.get(0)), s.function(pb.get(0)));
        });
    }
}
