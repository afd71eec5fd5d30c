package io.ricci.cli;

import io.ricci.index.IndexDocs;
import io.ricci.symbolic.Symbolic;
import io.ricci.symbolic.SymbolicFunctions;
import io.ricci.symbolic.SymbolicMatrix;
import java.util.List;

/**
 * The page of scalar derivatives ({@code derive jacobian|gradient|hessian}, through Symja) that
 * {@code derive docs} writes beside the layer pages: each result as a LaTeX matrix and as the table
 * of Symja's plain forms. It puts Symja's LaTeX (bmatrix, cases, σ, sech²) under the same KaTeX check
 * as the index-notation pages.
 */
final class ScalarDocs {
    private ScalarDocs() {
    }

    /** One example: "jacobian", "gradient" or "hessian" of the functions in the variables. */
    record Example(String kind, String functions, List<String> vars) {
    }

    static List<Example> examples() {
        return List.of(
                new Example("jacobian", "3*x*y, x^3*y^2", List.of("x", "y")),
                new Example("gradient", "tanh(x*y) + sigmoid(x)", List.of("x", "y")),
                new Example("hessian", "x*sigmoid(x*y) + relu(y)^2", List.of("x", "y")),
                new Example("gradient", "log(1 + exp(x)) - x*y + sqrt(x^2 + y^2)", List.of("x", "y")));
    }

    static IndexDocs.Extra page() {
        StringBuilder sb = new StringBuilder("# Scalar derivatives through Symja\n\n");
        sb.append("`ricci derive jacobian|gradient|hessian --f F --vars x,y` on a few functions: each result as a LaTeX")
                .append(" matrix, then as a table of Symja's plain forms.\n\n");
        for (Example e : examples()) {
            SymbolicFunctions f = Symbolic.parse(e.functions(), e.vars().toArray(String[]::new));
            SymbolicMatrix m = switch (e.kind()) {
                case "jacobian" -> f.jacobian();
                case "gradient" -> f.gradient();
                case "hessian" -> f.hessian();
                default -> throw new IllegalArgumentException(e.kind());
            };
            sb.append("## ").append(e.kind().substring(0, 1).toUpperCase(java.util.Locale.ROOT)).append(e.kind().substring(1))
                    .append(" of `").append(e.functions()).append("`\n\n");
            sb.append("```\nricci derive ").append(e.kind()).append(" --f \"").append(e.functions()).append("\" --vars ")
                    .append(String.join(",", e.vars())).append("\n```\n\n");
            sb.append("$$").append(m.toLatex()).append("$$\n\n");
            sb.append(m.toMarkdown()).append('\n');
        }
        return new IndexDocs.Extra("scalar-derivatives", "Scalar derivatives through Symja",
                "Jacobian, gradients and a Hessian of scalar functions (`derive jacobian|gradient|hessian`)", sb.toString());
    }
}
