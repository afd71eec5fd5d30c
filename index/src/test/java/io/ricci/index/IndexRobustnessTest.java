package io.ricci.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs an untrusted caller may send: many index letters (free names past i..z, einsum labels past
 * one letter per name), where-chains whose derivatives would expand exponentially, long chains of
 * statements and products of sums. Every result is checked against an independent value.
 */
class IndexRobustnessTest {
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static String idx(int n) {
        return String.join(",", LETTERS.substring(0, n).split(""));
    }

    /** Inputs whose first three index classes have extent 2 and the rest 1 (a rank-52 tensor has 8 elements). */
    private static Map<String, Tensor> tinyInputs(IndexProgram p, long seed) {
        Map<Integer, Integer> size = new HashMap<>();
        Map<String, Tensor> in = new LinkedHashMap<>();
        long s = seed;
        for (String name : p.inputs()) {
            int[] shape = new int[p.rank(name)];
            for (int k = 0; k < shape.length; k++) {
                int root = p.space.find(p.space.axis(name, k));
                shape[k] = size.computeIfAbsent(root, r -> size.size() < 3 ? 2 : 1);
            }
            in.put(name, Tensor.randn(s++, DType.F64, shape));
        }
        return in;
    }

    // ---------------------------------------------------------------- many index letters

    @ParameterizedTest(name = "{0} letters")
    @ValueSource(ints = {18, 19, 26, 27, 30, 52})
    void manyFreeIndicesWorkInEveryFormat(int n) {
        IndexProgram p = IndexProgram.parse("L = A[" + idx(n) + "]*B[" + idx(n) + "]");
        IndexGradient g = IndexDerivative.gradient(p, "A");
        List<String> names = g.outNames();
        assertThat(names).hasSize(n).doesNotHaveDuplicates();
        assertThat(names.get(0)).isEqualTo("i");
        assertThat(names.get(17)).isEqualTo("z");
        if (n > 18) {
            assertThat(names.get(18)).isEqualTo("i1");
            assertThat(g.outLetters()).isEqualTo(String.join(",", names));
        } else {
            assertThat(g.outLetters()).isEqualTo("ijklmnopqrstuvwxyz");
        }
        // text
        assertThat(g.indexForm()).isEqualTo("B[" + String.join(",", names) + "]");
        String spec = g.einsum(0);
        String[] sides = spec.split("->");
        assertThat(sides[0]).isEqualTo(sides[1]).hasSize(n);
        assertThat(sides[0].chars().distinct().count()).isEqualTo(n);
        assertThat(sides[0]).matches("[a-zA-Z]+");
        assertThat(IndexEvaluator.plan(g)).containsExactly("dA = einsum(\"" + spec + "\", B)");
        // json
        String json = IndexGradient.toJson("L", List.of(g));
        assertThat(json).contains("\"index\":\"B[" + String.join(",", names) + "]\"").contains("\"einsum\":\"" + spec + "\"");
        // latex: one-letter names side by side, longer ones as i_{1} with thin spaces
        String sub = n > 18 ? "i\\,j\\,k" : "ijk";
        assertThat(g.latex()).startsWith("B_{" + sub).endsWith("}");
        if (n > 18) {
            assertThat(g.latex()).contains("\\,i_{1}");
        }
        // markdown
        String md = IndexLatex.page("many", p, List.of(g));
        assertThat(md).contains("\\Big|_{" + g.outLatex() + "} = " + g.latex()).contains("| 1 | `" + spec + "` | `B` |");
        // numeric: dL/dA = B, and central differences
        Map<String, Tensor> in = tinyInputs(p, n);
        Tensor d = new IndexEvaluator(p, in).evaluate(g);
        assertThat(d.contentEquals(in.get("B"))).isTrue();
        assertThat(d.allClose(IndexTestSupport.finiteDifferences(p, in, "A", null), 1e-6, 1e-8)).isTrue();
    }

    @ParameterizedTest(name = "{0} letters")
    @ValueSource(ints = {26, 27, 30})
    void hessianWithMoreFreeIndicesThanEinsumLabels(int n) {
        IndexProgram p = IndexProgram.parse("L = sum(A[" + idx(n) + "]^2*B[" + idx(n) + "])");
        IndexGradient h = IndexDerivative.hessian(p, "A", "A");
        assertThat(h.rank()).isEqualTo(2 * n);
        assertThat(h.outNames()).doesNotHaveDuplicates().contains("z1");
        String spec = h.einsum(0);
        String lhs = spec.split("->")[1];
        assertThat(lhs.codePoints().distinct().count()).isEqualTo(2L * n);
        String json = IndexGradient.toJson("L", List.of(h));
        assertThat(json).contains("\"einsum\":\"" + spec + "\"");
        assertThat(IndexLatex.page("many", p, List.of(h))).contains("i_{1}");
        assertThat(IndexEvaluator.plan(h)).last().asString().startsWith("d2L/dAdA = 2 * einsum(");
        Map<String, Tensor> in = tinyInputs(p, n);
        if (2 * n <= 52) {
            // H = 2 diag(B): check against differences of the gradient
            Tensor hv = new IndexEvaluator(p, in).evaluate(h).reshape(8, 8);
            Tensor b = in.get("B").reshape(8);
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    assertThat(hv.get(r, c)).isEqualTo(r == c ? 2 * b.get(r) : 0.0);
                }
            }
        } else {
            assertThatThrownBy(() -> new IndexEvaluator(p, in).evaluate(h))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("more than 52 distinct indices cannot be one einsum call");
        }
    }

    @ParameterizedTest(name = "{0} letters")
    @ValueSource(ints = {27, 30, 40, 52})
    void longTraceChainsKeepDistinctSummedNames(int n) {
        StringBuilder src = new StringBuilder("L = ");
        for (int k = 0; k < n; k++) {
            src.append(k > 0 ? "*" : "").append("M").append(k).append('[').append(LETTERS.charAt(k)).append(',')
                    .append(LETTERS.charAt((k + 1) % n)).append(']');
        }
        IndexProgram p = IndexProgram.parse(src.toString());
        IndexGradient g = IndexDerivative.gradient(p, "M0");
        Map<Integer, String> names = g.letters(g.terms().get(0));
        assertThat(new HashSet<>(names.values())).hasSize(names.size());
        assertThat(names).hasSize(n);
        assertThat(g.matrix()).startsWith("M" + (n - 1) + "^T");
        assertThat(g.matrixLatex()).startsWith("{M^{(" + (n - 1) + ")}}^\\top");
        String md = IndexLatex.page("trace", p, List.of(g));
        assertThat(md).contains("`" + g.einsum(0) + "`");
        Map<String, Tensor> in = IndexTestSupport.inputs(p, n, false);
        // scale so that a product of 40 matrices stays near one
        in.replaceAll((k, v) -> v.mul(0.4));
        Tensor d = new IndexEvaluator(p, in).evaluate(g);
        assertThat(d.allClose(IndexTestSupport.autodiff(p, in, null).get("M0"), 1e-9, 1e-12)).isTrue();
        assertThat(d.allClose(IndexTestSupport.finiteDifferences(p, in, "M0", null), 1e-5, 1e-8)).isTrue();
    }

    @Test
    void summedNamesPastThePoolGetNumberedNames() {
        IndexProgram p = IndexProgram.parse("L = x[i]*x[i]");
        List<Factor> fs = new ArrayList<>();
        int[] out = {p.space.fresh('i'), p.space.fresh('j')};
        for (int k = 0; k < 60; k++) {
            int id = p.space.fresh('i');
            fs.add(new Factor("x", new int[] {id}, 1));
            fs.add(new Factor("x", new int[] {id}, 1));
        }
        Term t = new Term(1, fs);
        IndexGradient g = new IndexGradient(p, "L", "x", out, List.of(t), List.of(), null, "gradient", null);
        Map<Integer, String> names = g.letters(t);
        assertThat(names).hasSize(62);
        assertThat(new HashSet<>(names.values())).hasSize(62).contains("p1").contains("i", "j");
        // the free i, j occur in no factor: 60 labels on the left, past the 52 letters
        assertThat(g.einsum(0).split("->")[0].replace(",", "").codePoints().distinct().count()).isEqualTo(60);
        assertThat(IndexLatex.terms(g)).contains("x_{p_{1}}");
    }

    // ---------------------------------------------------------------- shared intermediates

    private static String tanhChain(int depth) {
        StringBuilder s = new StringBuilder("f = sum(q" + depth + "[i]) where q1[i] = tanh(x[i])");
        for (int k = 2; k <= depth; k++) {
            s.append(", q").append(k).append("[i] = tanh(q").append(k - 1).append("[i])");
        }
        return s.toString();
    }

    /** f = Σ_i y_L(x_i), y_k = tanh(y_{k-1}): the first and second derivatives by the scalar chain rule. */
    private static double[][] tanhChainReference(Tensor x, int depth) {
        int n = x.size();
        double[] d1 = new double[n];
        double[] d2 = new double[n];
        for (int e = 0; e < n; e++) {
            double y = x.get(e);
            double a = 1;
            double b = 0;
            for (int k = 0; k < depth; k++) {
                y = Math.tanh(y);
                double s = 1 - y * y;
                b = s * b - 2 * y * s * a * a;
                a = s * a;
            }
            d1[e] = a;
            d2[e] = b;
        }
        return new double[][] {d1, d2};
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {3, 10, 20})
    void tanhWhereChainHessianStaysPolynomial(int depth) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            IndexProgram p = IndexProgram.parse(tanhChain(depth));
            IndexGradient g = IndexDerivative.gradient(p, "x");
            IndexGradient h = IndexDerivative.hessian(p, "x", "x");
            // expanded, the gradient has 2^depth terms and the Hessian far more
            assertThat(g.terms().size()).isLessThanOrEqualTo(IndexDerivative.SHARE_LIMIT);
            assertThat(h.terms().size()).isLessThanOrEqualTo(4 * IndexDerivative.SHARE_LIMIT);
            int termsInDefs = 0;
            for (IndexProgram.Def d : p.defs()) {
                termsInDefs += d instanceof IndexProgram.PolyDef pd ? pd.terms().size() : 1;
            }
            assertThat(termsInDefs).isLessThan(60 * depth);
            Tensor x = Tensor.randn(depth, DType.F64, 5);
            Map<String, Tensor> in = Map.of("x", x);
            IndexEvaluator ev = new IndexEvaluator(p, in);
            Tensor gv = ev.evaluate(g);
            Tensor hv = ev.evaluate(h);
            double[][] ref = tanhChainReference(x, depth);
            assertThat(gv.allClose(IndexTestSupport.autodiff(p, in, null).get("x"), 1e-12, 1e-14)).isTrue();
            for (int a = 0; a < 5; a++) {
                assertThat(gv.get(a)).isCloseTo(ref[0][a], org.assertj.core.data.Offset.offset(1e-12));
                for (int b = 0; b < 5; b++) {
                    assertThat(hv.get(a, b)).as("H[%d,%d]", a, b)
                            .isCloseTo(a == b ? ref[1][a] : 0.0, org.assertj.core.data.Offset.offset(1e-12));
                }
            }
            // the Hessian against central differences of the derived gradient
            double eps = 1e-6;
            for (int e = 0; e < 5; e++) {
                Tensor xp = x.copy();
                Tensor xm = x.copy();
                xp.set(x.get(e) + eps, e);
                xm.set(x.get(e) - eps, e);
                Tensor col = new IndexEvaluator(p, Map.of("x", xp)).evaluate(g).sub(new IndexEvaluator(p, Map.of("x", xm)).evaluate(g))
                        .div(2 * eps);
                for (int a = 0; a < 5; a++) {
                    assertThat(hv.get(a, e)).isCloseTo(col.get(a), org.assertj.core.data.Offset.offset(1e-7));
                }
            }
            assertEveryQuantityIsDefined(p, List.of(g, h));
        });
    }

    @Test
    void sigmoidChainWithAMatrixPerLayerMatchesAutodiffAndItsHessianDifferences() {
        // x -> sigmoid(W·x) ten times, sharing one W: contractions between the element-wise steps
        StringBuilder s = new StringBuilder("f = sum(h10[i]) where h1[i] = sigmoid(W[i,j]*x[j])");
        for (int k = 2; k <= 10; k++) {
            s.append(", h").append(k).append("[i] = sigmoid(W[i,j]*h").append(k - 1).append("[j])");
        }
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            IndexProgram p = IndexProgram.parse(s.toString());
            IndexGradient gw = IndexDerivative.gradient(p, "W");
            IndexGradient gx = IndexDerivative.gradient(p, "x");
            IndexGradient h = IndexDerivative.hessian(p, "x", "x");
            Map<String, Tensor> in = new HashMap<>();
            in.put("W", Tensor.randn(1, DType.F64, 4, 4));
            in.put("x", Tensor.randn(2, DType.F64, 4));
            IndexEvaluator ev = new IndexEvaluator(p, in);
            Map<String, Tensor> auto = IndexTestSupport.autodiff(p, in, null);
            assertThat(ev.evaluate(gw).allClose(auto.get("W"), 1e-10, 1e-12)).isTrue();
            assertThat(ev.evaluate(gx).allClose(auto.get("x"), 1e-10, 1e-12)).isTrue();
            Tensor hv = ev.evaluate(h);
            double eps = 1e-6;
            for (int e = 0; e < 4; e++) {
                Map<String, Tensor> plus = new HashMap<>(in);
                Map<String, Tensor> minus = new HashMap<>(in);
                Tensor xp = in.get("x").copy();
                Tensor xm = in.get("x").copy();
                xp.set(xp.get(e) + eps, e);
                xm.set(xm.get(e) - eps, e);
                plus.put("x", xp);
                minus.put("x", xm);
                Tensor col = IndexTestSupport.autodiff(p, plus, null).get("x").sub(IndexTestSupport.autodiff(p, minus, null).get("x"))
                        .div(2 * eps);
                for (int a = 0; a < 4; a++) {
                    assertThat(hv.get(a, e)).isCloseTo(col.get(a), org.assertj.core.data.Offset.offset(1e-7));
                }
            }
            assertEveryQuantityIsDefined(p, List.of(gw, gx, h));
        });
    }

    @Test
    void forwardModeOfADeepChainStaysSmall() {
        IndexProgram p = IndexProgram.parse(tanhChain(30));
        IndexGradient d = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> IndexDerivative.differential(p, List.of("x")));
        assertThat(d.terms().size()).isLessThanOrEqualTo(IndexDerivative.SHARE_LIMIT);
        Tensor x = Tensor.randn(3, DType.F64, 4);
        Tensor dx = Tensor.randn(4, DType.F64, 4);
        Tensor v = new IndexEvaluator(p, Map.of("x", x, "dx", dx)).evaluate(d);
        double[][] ref = tanhChainReference(x, 30);
        double expect = 0;
        for (int e = 0; e < 4; e++) {
            expect += ref[0][e] * dx.get(e);
        }
        assertThat(v.item()).isCloseTo(expect, org.assertj.core.data.Offset.offset(1e-12));
    }

    /**
     * The plan, the JSON and the LaTeX definitions name every operand: an input, δ, 1, or a
     * definition listed before its first use.
     */
    private static void assertEveryQuantityIsDefined(IndexProgram p, List<IndexGradient> gs) {
        for (IndexGradient g : gs) {
            Set<String> defined = new HashSet<>(p.inputs());
            defined.add("delta");
            defined.add("1");
            Pattern call = Pattern.compile("^(\\S+) \\+?= .*?(?:einsum\\(\"[^\"]*\", (.*)\\)|(\\w+)\\((\\S+)\\) element-wise|.*)$");
            for (String line : IndexEvaluator.plan(g)) {
                Matcher m = call.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                if (m.group(2) != null) {
                    for (String op : m.group(2).split(", ")) {
                        assertThat(defined).as("%s in %s", op, line).contains(op.replaceAll("\\^[-0-9.]+$", ""));
                    }
                } else if (m.group(4) != null) {
                    assertThat(defined).as(line).contains(m.group(4));
                }
                defined.add(m.group(1));
            }
        }
        String json = IndexGradient.toJson(p.output(), gs);
        Set<String> named = new HashSet<>(p.inputs());
        named.add("delta");
        named.add("1");
        Matcher nm = Pattern.compile("\\{\"name\":\"([^\"]+)\"").matcher(json);
        while (nm.find()) {
            named.add(nm.group(1));
        }
        Matcher ops = Pattern.compile("\"operands\":\\[([^\\]]*)\\]").matcher(json);
        while (ops.find()) {
            for (String op : ops.group(1).split(",")) {
                assertThat(named).as(op).contains(op.replace("\"", "").replaceAll("\\^[-0-9.]+$", ""));
            }
        }
        List<String> latex = IndexLatex.definitions(gs);
        for (IndexProgram.Def d : IndexGradient.definitions(p, gs)) {
            assertThat(latex).anyMatch(l -> l.startsWith(IndexLatex.atom(d.name())) || l.startsWith("\\left[" + IndexLatex.atom(d.name())));
        }
    }

    // ---------------------------------------------------------------- long and wide inputs

    @Test
    void longWhereChainInReverseOrderDoesNotRecursePerLink() {
        int n = 450;
        StringBuilder s = new StringBuilder("f = sum(q" + n + "[i]) where ");
        for (int k = n; k >= 2; k--) {
            s.append("q").append(k).append("[i] = q").append(k - 1).append("[i] + x[i], ");
        }
        s.append("q1[i] = x[i]");
        IndexProgram p = IndexProgram.parse(s.toString());
        IndexGradient g = IndexDerivative.gradient(p, "x");
        Tensor x = Tensor.randn(5, DType.F64, 3);
        IndexEvaluator ev = new IndexEvaluator(p, Map.of("x", x));
        // q_n = n·x
        assertThat(ev.output().item()).isCloseTo(n * (x.get(0) + x.get(1) + x.get(2)), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ev.evaluate(g).contentEquals(Tensor.full(DType.F64, n, 3))).isTrue();
        assertThat(IndexEvaluator.plan(g)).last().isEqualTo("dx = " + n + " * einsum(\"i->i\", 1)");
    }

    @Test
    void inputsKeepTheOrderOfFirstUse() {
        // q is read first and refers to r2 after x: x, then y (inside r2), then r
        IndexProgram p = IndexProgram.parse("f = q[i]*r[i] where q[i] = x[i]*r2[i], r2[i] = y[i]");
        assertThat(p.inputs()).containsExactly("x", "y", "r");
    }

    @Test
    void productOfManySumsIsNotMultipliedOut() {
        int k = 24;
        StringBuilder s = new StringBuilder("L = sum(");
        for (int f = 0; f < k; f++) {
            char c = LETTERS.charAt(f);
            s.append(f > 0 ? "*" : "").append("(x[").append(c).append("] + y[").append(c).append("])");
        }
        s.append(')');
        IndexProgram p = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> IndexProgram.parse(s.toString()));
        IndexGradient g = IndexDerivative.gradient(p, "x");
        assertThat(g.terms().size()).isLessThanOrEqualTo(4);
        Tensor x = Tensor.rand(1, DType.F64, 3).mul(0.1);
        Tensor y = Tensor.rand(2, DType.F64, 3).mul(0.1);
        IndexEvaluator ev = new IndexEvaluator(p, Map.of("x", x, "y", y));
        double sum = x.add(y).sum().item();
        // L = (Σ x + y)^k, dL/dx_i = k (Σ x + y)^(k-1)
        assertThat(ev.output().item()).isCloseTo(Math.pow(sum, k), org.assertj.core.data.Offset.offset(1e-12 * Math.pow(sum, k)));
        Tensor d = ev.evaluate(g);
        for (int i = 0; i < 3; i++) {
            double want = k * Math.pow(sum, k - 1);
            assertThat(d.get(i)).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-12 * want));
        }
    }

    @Test
    void productOfThousandsOfCopiesIsOnePower() {
        int n = 2000;
        String src = "L = " + "s*".repeat(n - 1) + "s + sum(q[i]) where q[i] = " + "X[i]*".repeat(n - 1) + "X[i]";
        IndexProgram p = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> IndexProgram.parse(src));
        IndexGradient ds = IndexDerivative.gradient(p, "s");
        IndexGradient dx = IndexDerivative.gradient(p, "X");
        assertThat(ds.indexForm()).isEqualTo(n + "*s^" + (n - 1));
        assertThat(dx.indexForm()).isEqualTo(n + "*X[i]^" + (n - 1));
        double s = 1.0001;
        Tensor x = Tensor.of(1.0002, 0.9999);
        IndexEvaluator ev = new IndexEvaluator(p, Map.of("s", Tensor.scalar(DType.F64, s), "X", x));
        double want = Math.pow(s, n) + Math.pow(x.get(0), n) + Math.pow(x.get(1), n);
        assertThat(ev.output().item()).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-12 * want));
        assertThat(ev.evaluate(ds).item()).isCloseTo(n * Math.pow(s, n - 1), org.assertj.core.data.Offset.offset(1e-9));
        Tensor d = ev.evaluate(dx);
        for (int i = 0; i < 2; i++) {
            double w = n * Math.pow(x.get(i), n - 1);
            assertThat(d.get(i)).isCloseTo(w, org.assertj.core.data.Offset.offset(1e-12 * w));
        }
    }

    @Test
    void nestingAtTheLimitIsAccepted() {
        int d = IndexParser.MAX_DEPTH;
        IndexProgram p = IndexProgram.parse("L = " + "(".repeat(d) + "x[i]*y[i]" + ")".repeat(d));
        Tensor x = Tensor.randn(1, DType.F64, 4);
        Tensor y = Tensor.randn(2, DType.F64, 4);
        assertThat(new IndexEvaluator(p, Map.of("x", x, "y", y)).output().item())
                .isCloseTo(x.mul(y).sum().item(), org.assertj.core.data.Offset.offset(1e-12));
        IndexProgram q = IndexProgram.parse("L = sum(" + "-(".repeat((d - 1) / 2) + "x[i]" + ")".repeat((d - 1) / 2) + ")");
        double sign = (d - 1) / 2 % 2 == 0 ? 1 : -1;
        assertThat(new IndexEvaluator(q, Map.of("x", x)).output().item())
                .isCloseTo(sign * x.sum().item(), org.assertj.core.data.Offset.offset(1e-12));
    }
}
