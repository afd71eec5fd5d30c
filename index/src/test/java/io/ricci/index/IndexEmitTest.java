package io.ricci.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java that {@link IndexEmit#java} writes, compiled in-process with javax.tools and run: its
 * value and derivatives against {@link IndexEvaluator} (same bindings) and against central
 * differences of the evaluator's output (gradients; upstream-weighted for a non-scalar output),
 * of the evaluator's gradient (Hessians) and along the tangents (differentials). The cases are
 * emit-cases.txt, which scripts/check_emit_numpy.py runs through the NumPy form.
 */
class IndexEmitTest {
    @TempDir
    Path dir;

    record Case(String notation, String expression, String options) {
        boolean has(String flag) {
            return List.of(options.split("\\s+")).contains(flag);
        }

        List<String[]> hessians() {
            List<String[]> r = new ArrayList<>();
            for (String o : options.split("\\s+")) {
                if (o.startsWith("hessian=")) {
                    r.add(o.substring("hessian=".length()).split(","));
                }
            }
            return r;
        }

        @Override
        public String toString() {
            return notation + ": " + expression + (options.isBlank() ? "" : " [" + options + "]");
        }
    }

    static Stream<Case> cases() throws Exception {
        List<Case> r = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                IndexEmitTest.class.getResourceAsStream("emit-cases.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|", -1);
                r.add(new Case(f[0].trim(), f[1].trim(), f[2].trim()));
            }
        }
        assertThat(r).hasSizeGreaterThanOrEqualTo(20);
        return r.stream();
    }

    static IndexProgram program(Case c) {
        return c.notation().equals("matrix") ? MatrixNotation.translate(c.expression()).program() : IndexProgram.parse(c.expression());
    }

    static List<IndexGradient> derive(IndexProgram p, Case c) {
        List<String> inputs = List.copyOf(p.inputs());
        List<IndexGradient> gs = new ArrayList<>();
        for (String x : inputs) {
            gs.add(IndexDerivative.gradient(p, x));
        }
        if (c.has("differential")) {
            gs.add(IndexDerivative.differential(p, inputs));
        }
        for (String[] xy : c.hessians()) {
            gs.add(IndexDerivative.hessian(p, xy[0], xy[1]));
        }
        return gs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void emittedJavaMatchesTheEvaluatorAndCentralDifferences(Case c) throws Exception {
        IndexProgram p = program(c);
        List<IndexGradient> gs = derive(p, c);
        String name = "Emitted" + Integer.toHexString(c.toString().hashCode());
        String src = IndexEmit.java(p, gs, name);
        Map<String, Tensor> in = bindings(p, gs, c, c.toString().hashCode());

        Object result = run(compile(name, src), in);
        Tensor value = (Tensor) result.getClass().getMethod("value").invoke(result);
        @SuppressWarnings("unchecked")
        Map<String, Tensor> got = (Map<String, Tensor>) result.getClass().getMethod("gradients").invoke(result);

        IndexEvaluator ev = new IndexEvaluator(p, in);
        close(c + " value\n" + src, value, ev.output(), 1e-10);
        assertThat(got).hasSize(gs.size());
        for (IndexGradient g : gs) {
            String key = key(g);
            Tensor d = got.get(key);
            assertThat(d).as(c + ": no " + key + " in\n" + src).isNotNull();
            close(c + " " + key + " vs evaluator\n" + src, d, ev.evaluate(g), 1e-10);
            close(c + " " + key + " vs central differences", d, centralDifferences(p, g, in), 1e-5);
        }
    }

    /** Inputs, tensor names that Java or the emitted code itself uses, and names that are not identifiers. */
    @Test
    void namesThatAreJavaKeywordsOrTheEmittedCodesOwnAreRenamed() throws Exception {
        Case c = new Case("index", "L = sum(Tensor[i]*dt[i]) + sum(exp(int[i])*gradients[i]) + sum(tanh(Result[i]))", "hessian=int,int");
        IndexProgram p = program(c);
        List<IndexGradient> gs = derive(p, c);
        String src = IndexEmit.java(p, gs, "org.example.grad.Keywords");
        assertThat(src).contains("package org.example.grad;").contains("Tensor int_2").contains("Tensor tanh_Result");
        Map<String, Tensor> in = bindings(p, gs, c, 7);
        Path classes = compileTo("org/example/grad/Keywords", src);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, IndexEmitTest.class.getClassLoader())) {
            Object result = run(loader.loadClass("org.example.grad.Keywords"), in);
            @SuppressWarnings("unchecked")
            Map<String, Tensor> got = (Map<String, Tensor>) result.getClass().getMethod("gradients").invoke(result);
            IndexEvaluator ev = new IndexEvaluator(p, in);
            assertThat(got.keySet()).containsExactly("Tensor", "dt", "int", "gradients", "Result", "int,int");
            for (IndexGradient g : gs) {
                close(key(g), got.get(key(g)), ev.evaluate(g), 1e-10);
            }
        }
    }

    /** The emitted Python is text here (no Python at test time): its shape and its keys. */
    @Test
    void numpyFormDefinesEveryIntermediateBeforeUse() {
        IndexProgram p = IndexProgram.parse("L = sqrt(q[i]*q[i]) where q[i] = W[i,j]*x[j]");
        List<IndexGradient> gs = List.of(IndexDerivative.gradient(p, "W"), IndexDerivative.gradient(p, "x"),
                IndexDerivative.hessian(p, "x", "x"));
        String py = IndexEmit.numpy(p, gs, "norm_grad");
        assertThat(py).contains("import numpy as np").contains("def norm_grad(W, x):")
                .contains("# shapes: W[n1,n2] x[n2]")
                .contains("q = np.einsum(\"ij,j->i\", W, x)")
                .contains("return L, {\"W\": dW, \"x\": dx, \"x,x\": d2L_dxdx}");
        List<String> lines = List.of(py.split("\n"));
        int q = indexOf(lines, "    q = ");
        int l = indexOf(lines, "    L = ");
        int dx = indexOf(lines, "    dx = ");
        assertThat(q).isPositive().isLessThan(l);
        assertThat(l).isLessThan(dx);
        assertThat(py).doesNotContain("Tensor.");
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int k = 0; k < lines.size(); k++) {
            if (lines.get(k).startsWith(prefix)) {
                return k;
            }
        }
        return -1;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "java  | L = x[i]*x[i] | 1Bad        | not a usable Java class name",
        "java  | L = x[i]*x[i] | a.class.B   | not a usable Java class name",
        "java  | L = x[i]*x[i] | Tensor      | not a usable Java class name",
        "numpy | L = x[i]*x[i] | lambda      | not a usable Python function name",
        "numpy | L = x[i]*x[i] | my-fn       | not a usable Python function name",
        "numpy | f[i] = 1[i]   | f           | the size of index i is not determined by the inputs",
        "java  | f[i] = 1[i]   | F           | the size of index i is not determined by the inputs",
    })
    void errorsNameTheCause(String lang, String expr, String name, String fragment) {
        IndexProgram p = IndexProgram.parse(expr);
        List<IndexGradient> gs = p.inputs().isEmpty() ? List.of() : List.of(IndexDerivative.gradient(p, p.inputs().get(0)));
        assertThatThrownBy(() -> {
            if (lang.equals("java")) {
                IndexEmit.java(p, gs, name);
            } else {
                IndexEmit.numpy(p, gs, name);
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(fragment);
    }

    // ------------------------------------------------------------------ helpers

    static String key(IndexGradient g) {
        return switch (g.kind()) {
            case "hessian" -> g.wrtFirst() + "," + g.wrt();
            case "differential" -> "d" + g.of();
            default -> g.wrt();
        };
    }

    /** Inputs (sizes 3, 4, 2, 5, ... by dimension class), the upstream gradient and the tangents. */
    static Map<String, Tensor> bindings(IndexProgram p, List<IndexGradient> gs, Case c, long seed) {
        Map<String, Tensor> in = new LinkedHashMap<>(IndexTestSupport.inputs(p, seed, c.has("positive")));
        IndexEvaluator sizes = new IndexEvaluator(p, in);
        Rng rng = new Rng(seed + 1);
        for (IndexGradient g : gs) {
            if (g.upstream() != null && !in.containsKey(g.upstream())) {
                in.put(g.upstream(), Tensor.randn(rng, DType.F64, shape(sizes, p.def(p.output()).idx())));
            }
            if (g.kind().equals("differential")) {
                for (String x : g.wrt().split(",")) {
                    in.putIfAbsent("d" + x, Tensor.randn(rng, DType.F64, in.get(x).shape()));
                }
            }
        }
        return in;
    }

    private static int[] shape(IndexEvaluator ev, int[] ids) {
        int[] s = new int[ids.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = ev.size(ids[k]);
        }
        return s;
    }

    private Class<?> compile(String name, String src) throws Exception {
        Path classes = compileTo(name, src);
        // left open for the test's lifetime: the class is used after this returns
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, IndexEmitTest.class.getClassLoader());
        return loader.loadClass(name);
    }

    /** Compiles one unit against the tensor module with every lint warning an error. */
    private Path compileTo(String path, String src) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("javax.tools needs a JDK").isNotNull();
        Path file = dir.resolve("src").resolve(path + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, src);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        String cp = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        DiagnosticCollector<JavaFileObject> diag = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diag, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, fm, diag, List.of("-d", classes.toString(), "-classpath", cp, "-proc:none",
                    "-Xlint:all", "-Werror"), null, fm.getJavaFileObjects(file)).call();
            assertThat(ok).as(diag.getDiagnostics() + "\n" + src).isTrue();
        }
        return classes;
    }

    private static Object run(Class<?> c, Map<String, Tensor> in) throws Exception {
        Method m = c.getMethod("compute", Map.class);
        return m.invoke(null, in);
    }

    private static void close(String what, Tensor got, Tensor want, double tol) {
        assertThat(got.shape()).as(what + " shape").containsExactly(want.shape());
        double[] g = got.toDoubleArray();
        double[] w = want.toDoubleArray();
        for (int k = 0; k < g.length; k++) {
            assertThat(Math.abs(g[k] - w[k])).as(what + " [" + k + "]: " + g[k] + " vs " + w[k])
                    .isLessThanOrEqualTo(tol * (1 + Math.abs(w[k])));
        }
    }

    /** Central differences (step 1e-6) of the quantity a derivative is the derivative of. */
    static Tensor centralDifferences(IndexProgram p, IndexGradient g, Map<String, Tensor> in) {
        double h = 1e-6;
        if (g.kind().equals("differential")) {
            Map<String, Tensor> plus = new LinkedHashMap<>(in);
            Map<String, Tensor> minus = new LinkedHashMap<>(in);
            for (String x : g.wrt().split(",")) {
                plus.put(x, in.get(x).add(in.get("d" + x).mul(h)));
                minus.put(x, in.get(x).sub(in.get("d" + x).mul(h)));
            }
            return new IndexEvaluator(p, plus).output().sub(new IndexEvaluator(p, minus).output()).mul(1 / (2 * h));
        }
        String x = g.wrt();
        Tensor x0 = in.get(x);
        IndexGradient first = g.kind().equals("hessian") ? IndexDerivative.gradient(p, g.wrtFirst()) : null;
        int[] firstShape = first == null ? new int[0] : new IndexEvaluator(p, in).evaluate(first).shape();
        int firstSize = first == null ? 1 : new IndexEvaluator(p, in).evaluate(first).size();
        double[] r = new double[firstSize * x0.size()];
        for (int e = 0; e < x0.size(); e++) {
            double[] v = x0.toDoubleArray();
            v[e] += h;
            Map<String, Tensor> plus = new LinkedHashMap<>(in);
            plus.put(x, Tensor.of(v, x0.shape()));
            v[e] -= 2 * h;
            Map<String, Tensor> minus = new LinkedHashMap<>(in);
            minus.put(x, Tensor.of(v, x0.shape()));
            double[] fp = quantity(p, g, first, plus);
            double[] fm = quantity(p, g, first, minus);
            for (int a = 0; a < firstSize; a++) {
                r[a * x0.size() + e] = (fp[a] - fm[a]) / (2 * h);
            }
        }
        int[] shape = new int[firstShape.length + x0.rank()];
        System.arraycopy(firstShape, 0, shape, 0, firstShape.length);
        System.arraycopy(x0.shape(), 0, shape, firstShape.length, x0.rank());
        return Tensor.of(r, shape);
    }

    /** The output (weighted by the upstream gradient when it is not a scalar), or the first gradient of a Hessian. */
    private static double[] quantity(IndexProgram p, IndexGradient g, IndexGradient first, Map<String, Tensor> at) {
        IndexEvaluator ev = new IndexEvaluator(p, at);
        if (first != null) {
            return ev.evaluate(first).toDoubleArray();
        }
        double[] y = ev.output().toDoubleArray();
        if (g.upstream() == null) {
            return y;
        }
        double[] dy = at.get(g.upstream()).toDoubleArray();
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            s += y[k] * dy[k];
        }
        return new double[] {s};
    }
}
