package io.ricci.nn.autograd;

import io.ricci.tensor.Layout;
import io.ricci.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Graphviz DOT export of a computational graph, in the style of the CS231n pictures: one record per
 * variable with its name or op, shape, value and gradient (the values themselves when there are at
 * most four elements, else min/mean/max), edges from inputs to the op that consumed them.
 * Render with {@code dot -Tsvg graph.dot -o graph.svg}.
 */
public final class GraphDot {
    private GraphDot() {
    }

    /** The DOT source of the graph that produced {@code root}. */
    public static String toDot(Variable root) {
        Map<Variable, Integer> ids = new IdentityHashMap<>();
        ArrayDeque<Variable> stack = new ArrayDeque<>();
        StringBuilder nodes = new StringBuilder();
        StringBuilder edges = new StringBuilder();
        ids.put(root, 0);
        stack.push(root);
        while (!stack.isEmpty()) {
            Variable v = stack.pop();
            int id = ids.get(v);
            nodes.append(String.format(Locale.ROOT, "  n%d [label=\"{%s|%s|value %s|grad %s}\"%s];%n", id,
                    escape(v.name() != null ? v.name() + (v.isLeaf() ? "" : " = " + v.op()) : v.op()),
                    escape(Layout.format(v.shape())), escape(summary(v.value())), escape(summary(v.grad())),
                    v.isLeaf() ? ", style=filled, fillcolor=\"#e8f0fe\"" : ""));
            for (Variable in : v.inputs()) {
                Integer cid = ids.get(in);
                if (cid == null) {
                    cid = ids.size();
                    ids.put(in, cid);
                    stack.push(in);
                }
                edges.append(String.format(Locale.ROOT, "  n%d -> n%d;%n", cid, id));
            }
        }
        return "digraph ricci {\n  rankdir=LR;\n  node [shape=record, fontname=\"Helvetica\", fontsize=10];\n"
                + nodes + edges + "}\n";
    }

    static String summary(Tensor t) {
        if (t == null) {
            return "-";
        }
        if (t.size() <= 4) {
            double[] v = t.toDoubleArray();
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < v.length; i++) {
                sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4g", v[i]));
            }
            return sb.append(']').toString();
        }
        return String.format(Locale.ROOT, "min %.4g mean %.4g max %.4g",
                t.min().item(), t.mean().item(), t.max().item());
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("{", "\\{").replace("}", "\\}")
                .replace("|", "\\|").replace("<", "\\<").replace(">", "\\>");
    }
}
