package io.ricci.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Text, LaTeX and Markdown of the seed Jacobian, and the Symja confinement rule. */
class FormatsTest {
    private static SymbolicMatrix j;

    @BeforeAll
    static void derive() {
        j = Symbolic.parse("3*x*y, x^3*y^2", "x", "y").jacobian();
    }

    @Test
    void plainTextAlignsColumns() {
        assertThat(j.toText()).isEqualTo("""
                Jacobian of (3*x*y, x^3*y^2) with respect to (x, y):
                [ 3*y         3*x     ]
                [ 3*x^2*y^2   2*x^3*y ]
                """);
    }

    @Test
    void latexIsABmatrix() {
        assertThat(j.toLatex()).isEqualTo("""
                \\begin{bmatrix}
                  3 \\cdot y & 3 \\cdot x \\\\
                  3 \\cdot {x}^{2} \\cdot {y}^{2} & 2 \\cdot {x}^{3} \\cdot y
                \\end{bmatrix}""");
    }

    @Test
    void markdownIsATableWithLabels() {
        assertThat(j.toMarkdown()).isEqualTo("""
                **Jacobian of (3\\*x\\*y, x^3\\*y^2) with respect to (x, y)**

                |   | ∂/∂x | ∂/∂y |
                |---|---|---|
                | 3\\*x\\*y | `3*y` | `3*x` |
                | x^3\\*y^2 | `3*x^2*y^2` | `2*x^3*y` |
                """);
    }

    @Test
    void gradientHessianAndDirectionalHaveTheirShapesAndLabels() {
        SymbolicFunctions f = Symbolic.parse("x^2*y", "x", "y");
        SymbolicMatrix g = f.gradient();
        assertThat(g.toLists()).containsExactly(List.of("2*x*y"), List.of("x^2"));
        assertThat(g.rowLabels()).containsExactly("∂/∂x", "∂/∂y");
        SymbolicMatrix h = f.hessian();
        assertThat(h.toLists()).containsExactly(List.of("2*y", "2*x"), List.of("2*x", "0"));
        SymbolicMatrix d = f.directional(1, 2);
        assertThat(Symbolic.equivalent(d.get(0, 0), "2*x*y + 2*x^2", List.of("x", "y"))).isTrue();
        assertThat(d.title()).isEqualTo("Directional derivative of x^2*y along (1, 2) in (x, y)");
        assertThat(d.evaluate(1.5, -1).item()).isCloseTo(2 * 1.5 * -1 + 2 * 1.5 * 1.5, org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void piecewiseResultsPrintAsLatexCases() {
        SymbolicMatrix g = Symbolic.parse("relu(x)*y", "x", "y").gradient();
        assertThat(g.get(0, 0)).isEqualTo("y*Piecewise({{1,x>0}},0)");
        assertThat(g.latex(0, 0)).isEqualTo("y \\cdot \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}");
        assertThat(g.latex(1, 0)).isEqualTo("\\begin{cases} x & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}");
    }

    @Test
    void functionsLatexHasNoCommandForPrintAsOperatorNames() {
        // d tanh/dx = sech^2: Symja's TeXForm says \sech, which is neither LaTeX nor KaTeX
        SymbolicMatrix g = Symbolic.parse("tanh(x*y)", "x", "y").gradient();
        assertThat(g.latex(0, 0)).contains("\\operatorname{sech}").doesNotContain("\\sech");
        assertThat(SymjaFacade.latexNames("\\sech(x)^{2} + \\arcsinh(x) + \\sinh(x) + \\arcsec(x) + \\arcsech(x) + \\csc(x)"))
                .isEqualTo("\\operatorname{sech}(x)^{2} + \\operatorname{arcsinh}(x) + \\sinh(x) + \\operatorname{arcsec}(x)"
                        + " + \\operatorname{arcsech}(x) + \\csc(x)");
    }

    @Test
    void decimalsAreReadExactly() {
        SymbolicFunctions f = Symbolic.parse("0.1*x + 1.5e-3*x^2 + 2.5E2", "x");
        assertThat(f.functions()).containsExactly("250+x/10+3/2000*x^2");
        assertThat(f.gradient().get(0, 0)).isEqualTo("1/10+3/1000*x");
    }

    @Test
    void onlyTheFacadeImportsSymja() throws Exception {
        Path src = Path.of("src/main/java/io/ricci/symbolic");
        // Every source file below the package, sub-packages (index calculus) included.
        try (Stream<Path> files = Files.walk(src)) {
            List<String> importers = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).contains("import org.matheclipse");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(p -> p.getFileName().toString()).toList();
            assertThat(importers).containsExactly("SymjaFacade.java");
        }
    }
}
