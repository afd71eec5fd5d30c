package io.ricci.index;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Documentation pages for the standard layers (affine, softmax cross-entropy, sigmoid, ReLU, MSE,
 * ‖Wx‖², a quadratic form with its Hessian, binary cross-entropy): each page shows the derivation step by step
 * ({@link IndexLatex#page}) and a numeric check of every derived result against central
 * differences on seeded random tensors.
 */
public final class IndexDocs {
    private IndexDocs() {
    }

    /** One page: file stem, title, expression, gradient variables, Hessian pairs ("x,x"). */
    public record Layer(String file, String title, String source, List<String> wrt, List<String> hessians) {
    }

    public static List<Layer> standardLayers() {
        return List.of(
                new Layer("affine", "Affine layer", "Y[p,q] = X[p,k]*W[k,q] + b[q]", List.of("X", "W", "b"), List.of()),
                new Layer("softmax-cross-entropy", "Softmax cross-entropy",
                        "L = -sum(T[i,j]*log(softmax(A)[i,j])) given T[i,j]*1[j] = 1[i]", List.of("A"), List.of()),
                new Layer("sigmoid", "Sigmoid", "Y[i,j] = sigmoid(X[i,j])", List.of("X"), List.of()),
                new Layer("relu", "ReLU", "Y[i,j] = relu(X[i,j])", List.of("X"), List.of()),
                new Layer("mse", "Mean squared error (sum form)", "L = sum((Y[i,j] - T[i,j])^2)", List.of("Y", "T"), List.of()),
                new Layer("norm-wx", "Squared norm of Wx", "f = q[i]*q[i] where q[i] = W[i,j]*x[j]", List.of("W", "x"), List.of("x,x")),
                new Layer("quadratic-form", "Quadratic form", "L = x[i]*A[i,j]*x[j]", List.of("x", "A"), List.of("x,x")),
                new Layer("binary-cross-entropy", "Binary cross-entropy",
                        "L = -sum(t[i]*log(sigmoid(z[i])) + (1 - t[i])*log(1 - sigmoid(z[i])))", List.of("z"), List.of()));
    }

    /** The Markdown page of one layer, with the numeric check appended. */
    public static String page(Layer layer) {
        IndexProgram p = IndexProgram.parse(layer.source());
        List<IndexGradient> gs = new ArrayList<>();
        for (String w : layer.wrt()) {
            gs.add(IndexDerivative.gradient(p, w));
        }
        for (String h : layer.hessians()) {
            String[] xy = h.split(",");
            gs.add(IndexDerivative.hessian(p, xy[0].trim(), xy[1].trim()));
        }
        StringBuilder sb = new StringBuilder(IndexLatex.page(layer.title(), p, gs));
        sb.append("## Numeric check\n\n");
        sb.append("Every result evaluated with `Tensor.einsum` on seeded random float64 tensors and compared with"
                + " central differences (step 1e-6) of the forward expression"
                + (gs.get(0).upstream() != null ? " contracted with a random upstream gradient `" + gs.get(0).upstream() + "`" : "")
                + ".\n\n| result | shape | max abs error | max abs value |\n|---|---|---|---|\n");
        for (IndexGradient g : gs) {
            Check err = check(p, g, 42);
            String name = g.kind().equals("hessian") ? "∂²/∂" + g.wrtFirst() + "∂" + g.wrt() : "∂/∂" + g.wrt();
            sb.append("| ").append(markdownText(name)).append(" | ").append(io.ricci.tensor.Layout.format(err.shape())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2e", err.maxError())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f", err.maxValue())).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * Text for a Markdown table cell or heading: the characters Markdown reads as markup ({@code \ | * _ `})
     * escaped, so that a tensor named {@code W_1} or a title with {@code *} prints as written.
     */
    public static String markdownText(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == '|' || c == '*' || c == '_' || c == '`') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** The outcome of a numeric check: max |derived − central difference|, max |derived|, result shape. */
    record Check(double maxError, double maxValue, int[] shape) {
    }

    /** Writes one page per standard layer into {@code dir} (created if needed), atomically; returns the files. */
    public static List<Path> write(Path dir) throws IOException {
        return write(dir, List.of());
    }

    /** A page written beside the layer pages and listed in their index: file stem, title, one-line summary, Markdown. */
    public record Extra(String file, String title, String summary, String markdown) {
    }

    /**
     * Writes one page per standard layer, then the {@code extra} pages, into {@code dir} (created if
     * needed), each atomically, and {@code README.md} listing them all; returns the files.
     */
    public static List<Path> write(Path dir, List<Extra> extra) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        StringBuilder index = new StringBuilder("# Index-notation derivations of standard layers\n\n");
        for (Layer l : standardLayers()) {
            Path f = dir.resolve(l.file() + ".md");
            writeAtomically(f, page(l));
            out.add(f);
            index.append("- [").append(markdownText(l.title())).append("](").append(l.file()).append(".md): `").append(l.source()).append("`\n");
        }
        for (Extra e : extra) {
            Path f = dir.resolve(e.file() + ".md");
            writeAtomically(f, e.markdown());
            out.add(f);
            index.append("- [").append(markdownText(e.title())).append("](").append(e.file()).append(".md): ").append(e.summary()).append('\n');
        }
        Path idx = dir.resolve("README.md");
        writeAtomically(idx, index.toString());
        out.add(idx);
        return out;
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        io.ricci.tensor.AtomicFiles.writeString(target, text);
    }

    /** Seeded inputs; an input with an assumed normalisation gets positive rows summing to one. */
    static Map<String, Tensor> inputs(IndexProgram p, long seed) {
        int[] sizes = {3, 4, 2, 5};
        Map<Integer, Integer> size = new HashMap<>();
        Map<String, Tensor> in = new LinkedHashMap<>();
        Rng rng = new Rng(seed);
        for (String name : p.inputs()) {
            int[] shape = new int[p.rank(name)];
            for (int k = 0; k < shape.length; k++) {
                int root = p.space.find(p.space.axis(name, k));
                shape[k] = size.computeIfAbsent(root, r -> sizes[size.size() % sizes.length]);
            }
            boolean[] norm = p.assumptions().get(name);
            Tensor t;
            if (norm != null) {
                t = Tensor.rand(rng, DType.F64, shape).add(0.1);
                List<Integer> axes = new ArrayList<>();
                for (int k = 0; k < norm.length; k++) {
                    if (norm[k]) {
                        axes.add(k);
                    }
                }
                t = t.div(t.sum(axes.stream().mapToInt(Integer::intValue).toArray(), true));
            } else {
                t = Tensor.randn(rng, DType.F64, shape);
            }
            in.put(name, t);
        }
        return in;
    }

    /**
     * Compares a gradient (of Σ dY ⊙ Y for a
     * non-scalar output) or a Hessian (differences of the derived gradient).
     */
    static Check check(IndexProgram p, IndexGradient g, long seed) {
        Map<String, Tensor> in = inputs(p, seed);
        Tensor up = null;
        Map<String, Tensor> bound = new HashMap<>(in);
        Tensor y = new IndexEvaluator(p, in).output();
        if (g.upstream() != null) {
            up = Tensor.randn(seed + 1, DType.F64, y.shape());
            bound.put(g.upstream(), up);
        }
        Tensor derived = new IndexEvaluator(p, bound).evaluate(g);
        IndexGradient inner = g.kind().equals("hessian") ? IndexDerivative.gradient(p, g.wrtFirst()) : null;
        Tensor x = in.get(g.wrt());
        int n = x.size();
        Tensor flat = derived.reshape(derived.size() / n, n);
        double eps = 1e-6;
        double maxErr = 0;
        double maxVal = 0;
        for (int e = 0; e < n; e++) {
            Tensor fp = perturbed(p, in, bound, g.wrt(), e, eps, up, inner);
            Tensor fm = perturbed(p, in, bound, g.wrt(), e, -eps, up, inner);
            Tensor col = fp.sub(fm).div(2 * eps).reshape(flat.dim(0));
            for (int a = 0; a < flat.dim(0); a++) {
                maxErr = Math.max(maxErr, Math.abs(flat.get(a, e) - col.get(a)));
                maxVal = Math.max(maxVal, Math.abs(flat.get(a, e)));
            }
        }
        return new Check(maxErr, maxVal, derived.shape());
    }

    private static Tensor perturbed(IndexProgram p, Map<String, Tensor> in, Map<String, Tensor> bound, String wrt, int e,
            double h, Tensor up, IndexGradient inner) {
        Tensor x = in.get(wrt).copy();
        Tensor xf = x.reshape(x.size());
        xf.set(xf.get(e) + h, e);
        Map<String, Tensor> m = new HashMap<>(inner == null ? in : bound);
        m.put(wrt, x);
        if (inner != null) {
            return new IndexEvaluator(p, m).evaluate(inner);
        }
        Tensor y = new IndexEvaluator(p, m).output();
        return Tensor.scalar(DType.F64, up == null ? y.item() : y.mul(up).sum().item());
    }
}
