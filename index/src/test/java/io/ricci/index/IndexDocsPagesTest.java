package io.ricci.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The fixes of issue 19 to the derivation pages ({@code derive docs}), each asserted on the page text. */
class IndexDocsPagesTest {
    private static String page(String file) {
        for (IndexDocs.Layer l : IndexDocs.standardLayers()) {
            if (l.file().equals(file)) {
                return IndexDocs.page(l);
            }
        }
        throw new AssertionError("no layer " + file);
    }

    /** The bodies of every LaTeX subscript {@code _{...}} of a page (nested braces included). */
    private static List<String> subscripts(String s) {
        List<String> r = new ArrayList<>();
        for (int k = s.indexOf("_{"); k >= 0; k = s.indexOf("_{", k + 2)) {
            int depth = 0;
            int e = k + 1;
            for (; e < s.length(); e++) {
                depth += s.charAt(e) == '{' ? 1 : s.charAt(e) == '}' ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            r.add(s.substring(k + 2, e));
        }
        return r;
    }

    /** The display formulas of a page's section (from its heading to the next one). */
    private static List<String> formulas(String page, String headingStart) {
        int from = page.indexOf("### $" + headingStart);
        assertThat(from).as("section " + headingStart).isGreaterThanOrEqualTo(0);
        int to = page.indexOf("\n#", from + 1);
        String sec = page.substring(from, to < 0 ? page.length() : to);
        List<String> r = new ArrayList<>();
        Matcher m = Pattern.compile("\\$\\$(.*?)\\$\\$", Pattern.DOTALL).matcher(sec);
        while (m.find()) {
            r.add(m.group(1));
        }
        return r;
    }

    @Test
    void mseKeepsItsSum() {
        String p = page("mse");
        // the definition of L sums the squares: the index occurs once, so the summation convention does not say so
        assertThat(p).contains("$$L = \\sum_{ij} \\left(\\left[u^{(1)}\\right]_{ij}\\right)^{2}$$");
    }

    @Test
    void aSummedIndexOccurringOnceGetsAnExplicitSum() {
        IndexProgram p = IndexProgram.parse("Y[p,q] = X[p,k]*W[k,q] + b[q]");
        IndexGradient db = IndexDerivative.gradient(p, "b");
        assertThat(IndexLatex.terms(db)).isEqualTo("\\sum_{p} \\frac{\\partial L}{\\partial Y_{pi}}");
        // a pair stays implicit
        assertThat(IndexLatex.terms(IndexDerivative.gradient(p, "X"))).isEqualTo("\\frac{\\partial L}{\\partial Y_{iq}} W_{jq}");
    }

    @Test
    void normWxNamesNoIndexAfterATensor() {
        String p = page("norm-wx");
        for (String sub : subscripts(p)) {
            assertThat(sub).as("a subscript of the norm-wx page").doesNotContain("q");
        }
        IndexProgram prog = IndexProgram.parse("f = q[i]*q[i] where q[i] = W[i,j]*x[j]");
        IndexGradient gx = IndexDerivative.gradient(prog, "x");
        assertThat(gx.indexForm()).doesNotContain("[q").doesNotContain(",q]");
    }

    @Test
    void theHessianKeepsItsFreeIndicesThroughoutItsDerivation() {
        String p = page("norm-wx");
        List<String> fs = formulas(p, "\\frac{\\partial^2");
        assertThat(fs).isNotEmpty();
        // every derivative w.r.t. x in the Hessian's derivation is w.r.t. x_{j}, the result's second index
        for (String f : fs) {
            Matcher m = Pattern.compile("\\\\partial x_\\{([^}]*)\\}").matcher(f);
            while (m.find()) {
                assertThat(m.group(1)).as(f).isEqualTo("j");
            }
            Matcher o = Pattern.compile("\\\\overline\\{x\\}_\\{([^}]*)\\}").matcher(f);
            while (o.find()) {
                assertThat(o.group(1)).as(f).isEqualTo("j");
            }
        }
        assertThat(String.join("\n", fs)).contains("\\Big|_{ij}")
                // the differentiated gradient is indexed by i, the result's first index, as in the result
                .contains("\\frac{\\partial \\left[\\nabla_{x} f\\right]_{i}}{\\partial q_{")
                .doesNotContain("f_{p}");
    }

    @Test
    void sigmoidDerivativePrintsSigmaTimesOneMinusSigma() {
        String p = page("sigmoid");
        assertThat(p).contains("\\left[\\sigma(X)\\right]_{ij} \\left(1 - \\left[\\sigma(X)\\right]_{ij}\\right)")
                .doesNotContain("\\left(\\left[\\sigma(X)\\right]_{ij}\\right)^{2}");
        IndexGradient g = IndexDerivative.gradient(IndexProgram.parse("Y[i,j] = sigmoid(X[i,j])"), "X");
        assertThat(g.matrix()).isEqualTo("dY ⊙ sigmoid(X) ⊙ (1 - sigmoid(X))");
        // the einsum terms are unchanged: two contractions
        assertThat(g.terms()).hasSize(2);
    }

    @Test
    void binaryCrossEntropyIsSigmaMinusT() {
        IndexProgram p = IndexProgram.parse("L = -sum(t[i]*log(sigmoid(z[i])) + (1 - t[i])*log(1 - sigmoid(z[i])))");
        IndexGradient g = IndexDerivative.gradient(p, "z");
        assertThat(g.indexForm()).isEqualTo("sigmoid(z)[i] - t[i]");
        assertThat(g.matrix()).isEqualTo("sigmoid(z) - t");
        assertThat(page("binary-cross-entropy")).contains("= \\left[\\sigma(z)\\right]_{i} - t_{i}$$")
                .contains("Plain: `sigmoid(z) - t`");
    }

    @Test
    void complementFoldingNeedsTheComplementOfTheSameTensor() {
        // 1 - sigmoid(w) is no complement of sigmoid(z): nothing folds, and the result still checks numerically
        IndexProgram p = IndexProgram.parse("L = -sum(t[i]*log(sigmoid(z[i])) + (1 - t[i])*log(1 - sigmoid(w[i])))");
        IndexGradient g = IndexDerivative.gradient(p, "z");
        assertThat(g.indexForm()).isEqualTo("t[i]*sigmoid(z)[i] - t[i]");
        assertThat(IndexDocs.check(p, g, 7).maxError()).isLessThan(1e-6);
        assertThat(IndexDocs.check(p, IndexDerivative.gradient(p, "w"), 7).maxError()).isLessThan(1e-6);
    }

    @Test
    void everyLayerPageChecksNumerically() {
        for (IndexDocs.Layer l : IndexDocs.standardLayers()) {
            IndexProgram p = IndexProgram.parse(l.source());
            List<IndexGradient> gs = new ArrayList<>();
            for (String w : l.wrt()) {
                gs.add(IndexDerivative.gradient(p, w));
            }
            for (String h : l.hessians()) {
                String[] xy = h.split(",");
                gs.add(IndexDerivative.hessian(p, xy[0], xy[1]));
            }
            for (IndexGradient g : gs) {
                IndexDocs.Check c = IndexDocs.check(p, g, 42);
                assertThat(c.maxError()).as(l.file() + " d/d" + g.wrt()).isLessThan(1e-6 * Math.max(1, c.maxValue()));
            }
        }
    }

    @Test
    void markdownTextInTablesAndHeadingsIsEscaped() {
        assertThat(IndexDocs.markdownText("∂/∂W_1 of a*b | c")).isEqualTo("∂/∂W\\_1 of a\\*b \\| c");
        IndexDocs.Layer l = new IndexDocs.Layer("t", "x*y squared_norm", "L = W_1[i]*x_2[i]", List.of("W_1"), List.of());
        String p = IndexDocs.page(l);
        assertThat(p).startsWith("# x\\*y squared\\_norm\n").contains("| ∂/∂W\\_1 | (3,) |");
    }
}
