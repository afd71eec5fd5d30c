package io.ricci.symbolic;

import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An immutable matrix of expressions (a Jacobian, gradient, Hessian, ...) that prints as plain text,
 * LaTeX or Markdown and evaluates into float64 tensors. Evaluation runs a {@link Program} compiled
 * once from the expressions (not Symja), so evaluating many points costs a few array loops per
 * distinct subexpression. Points list the values of {@link #symbols()} in that order: the
 * variables first, then the parameters held constant.
 */
public final class SymbolicMatrix {
    private final String title;
    private final int rows, cols;
    private final List<String> rowLabels, colLabels, variables, symbols;
    private final String[] text, latex;
    private final List<Node> nodes;
    private volatile Program program;

    SymbolicMatrix(String title, int rows, int cols, List<String> rowLabels, List<String> colLabels,
            List<String> variables, List<String> symbols, List<SymjaFacade.Entry> entries) {
        if (entries.size() != rows * cols || rowLabels.size() != rows || colLabels.size() != cols) {
            throw new IllegalArgumentException("matrix: " + entries.size() + " entries, " + rowLabels.size()
                    + " row labels and " + colLabels.size() + " column labels for " + rows + "x" + cols);
        }
        this.title = title;
        this.rows = rows;
        this.cols = cols;
        this.rowLabels = List.copyOf(rowLabels);
        this.colLabels = List.copyOf(colLabels);
        this.variables = List.copyOf(variables);
        this.symbols = List.copyOf(symbols);
        this.text = entries.stream().map(SymjaFacade.Entry::text).toArray(String[]::new);
        this.latex = entries.stream().map(SymjaFacade.Entry::latex).toArray(String[]::new);
        this.nodes = entries.stream().map(SymjaFacade.Entry::node).toList();
    }

    /** What the matrix is, e.g. {@code Jacobian of (3*x*y, x^3*y^2) with respect to (x, y)}. */
    public String title() {
        return title;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The variables derivatives were taken with respect to. */
    public List<String> variables() {
        return variables;
    }

    /** The coordinates of an evaluation point, in order: {@link #variables()}, then the parameters. */
    public List<String> symbols() {
        return symbols;
    }

    /** Row labels (the functions of a Jacobian, {@code ∂/∂x} rows of a gradient or Hessian). */
    public List<String> rowLabels() {
        return rowLabels;
    }

    /** Column labels. */
    public List<String> colLabels() {
        return colLabels;
    }

    /** Entry {@code (r, c)} as plain text in Symja's input syntax ({@code 3*x^2*y^2}). */
    public String get(int r, int c) {
        return text[index(r, c)];
    }

    /** Entry {@code (r, c)} as LaTeX. */
    public String latex(int r, int c) {
        return latex[index(r, c)];
    }

    private int index(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("matrix: index (" + r + ", " + c + ") outside " + rows + "x" + cols);
        }
        return r * cols + c;
    }

    /** The entries as plain text, row by row. */
    public List<List<String>> toLists() {
        List<List<String>> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            out.add(List.of(Arrays.copyOfRange(text, r * cols, (r + 1) * cols)));
        }
        return out;
    }

    /** The title and the entries in aligned bracketed rows. */
    public String toText() {
        int[] width = new int[cols];
        for (int i = 0; i < text.length; i++) {
            width[i % cols] = Math.max(width[i % cols], text[i].length());
        }
        StringBuilder sb = new StringBuilder(title).append(":\n");
        for (int r = 0; r < rows; r++) {
            sb.append("[ ");
            for (int c = 0; c < cols; c++) {
                String s = text[r * cols + c];
                sb.append(s).append(" ".repeat(width[c] - s.length())).append(c + 1 < cols ? "   " : " ");
            }
            sb.append("]\n");
        }
        return sb.toString();
    }

    /** The entries as a LaTeX {@code bmatrix}. */
    public String toLatex() {
        StringBuilder sb = new StringBuilder("\\begin{bmatrix}\n");
        for (int r = 0; r < rows; r++) {
            sb.append("  ").append(String.join(" & ", Arrays.copyOfRange(latex, r * cols, (r + 1) * cols)));
            sb.append(r + 1 < rows ? " \\\\\n" : "\n");
        }
        return sb.append("\\end{bmatrix}").toString();
    }

    /** A Markdown table: a heading with the title, row and column labels, entries as code. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("**").append(md(title)).append("**\n\n|   |");
        for (String c : colLabels) {
            sb.append(' ').append(md(c)).append(" |");
        }
        sb.append("\n|---|").append("---|".repeat(cols)).append('\n');
        for (int r = 0; r < rows; r++) {
            sb.append("| ").append(md(rowLabels.get(r))).append(" |");
            for (int c = 0; c < cols; c++) {
                sb.append(" `").append(text[r * cols + c].replace("|", "\\|")).append("` |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_");
    }

    @Override
    public String toString() {
        return toText();
    }

    /**
     * The value at one point: a float64 tensor of shape {@code (rows, cols)}.
     *
     * @param point the values of {@link #symbols()} in order
     */
    public Tensor evaluate(double... point) {
        if (point.length != symbols.size()) {
            throw new SymbolicException("evaluate: point has " + point.length + " coordinate"
                    + (point.length == 1 ? "" : "s") + ", need " + symbols.size() + " (" + String.join(", ", symbols)
                    + ")");
        }
        double[] out = new double[rows * cols];
        program().evaluate(point, 1, out);
        return Tensor.wrap(out, rows, cols);
    }

    /**
     * The value at a point given by name: every symbol needs a value, and every name must be a symbol.
     */
    public Tensor evaluate(Map<String, ? extends Number> point) {
        return evaluate(pointOf(point));
    }

    /** The coordinates of {@code point} in {@link #symbols()} order. */
    public double[] pointOf(Map<String, ? extends Number> point) {
        // Unknown names first: a misspelt name would otherwise be reported as a missing one.
        String unknown = point.keySet().stream().filter(k -> !symbols.contains(k)).sorted().findFirst().orElse(null);
        if (unknown != null) {
            throw new SymbolicException("evaluate: unknown variable '" + unknown + "' (variables: "
                    + String.join(", ", symbols) + ")", unknown, 0);
        }
        double[] p = new double[symbols.size()];
        for (int i = 0; i < p.length; i++) {
            Number v = point.get(symbols.get(i));
            if (v == null) {
                throw new SymbolicException("evaluate: no value for '" + symbols.get(i) + "' (need "
                        + String.join(", ", symbols) + ")", symbols.get(i), 0);
            }
            p[i] = v.doubleValue();
        }
        return p;
    }

    /**
     * Values at many points: {@code points} of shape {@code (n, symbols().size())} (any dtype or
     * layout) gives a float64 tensor of shape {@code (n, rows, cols)}.
     */
    public Tensor evaluateBulk(Tensor points) {
        int k = symbols.size();
        if (points.rank() != 2 || points.dim(1) != k) {
            throw new SymbolicException("evaluate: points " + io.ricci.tensor.Layout.format(points.shape())
                    + " need shape (n, " + k + ") for (" + String.join(", ", symbols) + ")");
        }
        int n = points.dim(0);
        long size = (long) n * rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new SymbolicException("evaluate: " + n + " points of a " + rows + "x" + cols + " matrix need "
                    + size + " values, more than one array holds");
        }
        double[] out = new double[(int) size];
        program().evaluate(points.astype(DType.F64).toDoubleArray(), n, out);
        return Tensor.wrap(out, n, rows, cols);
    }

    private Program program() {
        Program p = program;
        if (p == null) {
            p = Program.compile(nodes, symbols.size());
            program = p;
        }
        return p;
    }
}
