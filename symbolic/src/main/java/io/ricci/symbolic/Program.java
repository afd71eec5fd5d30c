package io.ricci.symbolic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A straight-line program compiled once from {@link Node} trees and run over blocks of points:
 * each instruction fills one register column of up to {@link #BLOCK} doubles, so the per-point cost
 * is a few array loops instead of a tree walk, and structurally equal subexpressions (records are
 * compared by value) share one register. Immutable and thread-safe: registers live per call.
 */
final class Program {
    /** Points per register column; small enough for the working set to stay in L1/L2. */
    static final int BLOCK = 256;

    private final int arity;
    private final int registers;
    private final int[] outputs;
    private final Instr[] code;
    private final double[] constValues;
    private final int[] constRegisters;

    private Program(int arity, int registers, int[] outputs, Instr[] code, double[] constValues,
            int[] constRegisters) {
        this.arity = arity;
        this.registers = registers;
        this.outputs = outputs;
        this.code = code;
        this.constValues = constValues;
        this.constRegisters = constRegisters;
    }

    /**
     * Compiles {@code roots} for points of {@code arity} coordinates.
     *
     * @throws SymbolicException if a root contains a {@link Node.Unsupported} part or a variable index
     *     outside {@code [0, arity)}
     */
    static Program compile(List<Node> roots, int arity) {
        Compiler c = new Compiler(arity);
        int[] out = new int[roots.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.register(roots.get(i));
        }
        return new Program(arity, c.next, out, c.code.toArray(Instr[]::new),
                c.constValues.stream().mapToDouble(Double::doubleValue).toArray(),
                c.constRegisters.stream().mapToInt(Integer::intValue).toArray());
    }

    int arity() {
        return arity;
    }

    int outputs() {
        return outputs.length;
    }

    /**
     * Evaluates every output at {@code n} points. {@code points} holds the points row-major
     * ({@code n × arity}); {@code out} receives the outputs row-major ({@code n × outputs()}) and is
     * the only argument modified.
     */
    void evaluate(double[] points, int n, double[] out) {
        if (points.length < (long) n * arity || out.length < (long) n * outputs.length) {
            throw new IllegalArgumentException("evaluate: " + n + " points of " + arity + " need arrays of "
                    + (long) n * arity + " and " + (long) n * outputs.length + ", got " + points.length
                    + " and " + out.length);
        }
        double[][] reg = new double[registers][BLOCK];
        for (int i = 0; i < constRegisters.length; i++) {
            Arrays.fill(reg[constRegisters[i]], constValues[i]);
        }
        int m = outputs.length;
        for (int start = 0; start < n; start += BLOCK) {
            int len = Math.min(BLOCK, n - start);
            for (int p = 0; p < len; p++) {
                int base = (start + p) * arity;
                for (int v = 0; v < arity; v++) {
                    reg[v][p] = points[base + v];
                }
            }
            for (Instr ins : code) {
                ins.run(reg, len);
            }
            for (int p = 0; p < len; p++) {
                int base = (start + p) * m;
                for (int o = 0; o < m; o++) {
                    out[base + o] = reg[outputs[o]][p];
                }
            }
        }
    }

    /** Assigns registers bottom-up; registers {@code 0..arity-1} hold the point coordinates. */
    private static final class Compiler {
        final int arity;
        final Map<Node, Integer> seen = new HashMap<>();
        final List<Instr> code = new ArrayList<>();
        final List<Double> constValues = new ArrayList<>();
        final List<Integer> constRegisters = new ArrayList<>();
        int next;

        Compiler(int arity) {
            this.arity = arity;
            this.next = arity;
        }

        int register(Node node) {
            Integer known = seen.get(node);
            if (known != null) {
                return known;
            }
            int r = emit(node);
            seen.put(node, r);
            return r;
        }

        private int[] registers(List<Node> nodes) {
            int[] r = new int[nodes.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = register(nodes.get(i));
            }
            return r;
        }

        private int emit(Node node) {
            switch (node) {
                case Node.Var v -> {
                    if (v.index() < 0 || v.index() >= arity) {
                        throw new SymbolicException("evaluate: variable index " + v.index() + " outside [0, "
                                + arity + ")");
                    }
                    return v.index();
                }
                case Node.Const c -> {
                    int r = next++;
                    constValues.add(c.value());
                    constRegisters.add(r);
                    return r;
                }
                case Node.Unsupported u -> throw new SymbolicException(
                        "evaluate: no numeric evaluation for " + u.expression());
                default -> {
                }
            }
            Instr ins = switch (node) {
                case Node.Sum s -> new Fold(registers(s.terms()), false);
                case Node.Product p -> new Fold(registers(p.factors()), true);
                case Node.PowInt p -> new PowIntI(register(p.base()), p.exponent());
                case Node.Pow p -> new PowI(register(p.base()), register(p.exponent()));
                case Node.Call c -> new CallI(c.fn(), register(c.arg()));
                case Node.Compare c -> new CompareI(c.op(), register(c.left()), register(c.right()));
                case Node.Logic l -> new LogicI(l.op(), registers(l.operands()));
                case Node.Extremum e -> new ExtremumI(e.max(), registers(e.operands()));
                case Node.Select s -> new SelectI(registers(s.conditions()), registers(s.values()),
                        register(s.otherwise()));
                default -> throw new AssertionError(node);
            };
            int r = next++;
            ins.out = r;
            code.add(ins);
            return r;
        }
    }

    private abstract static class Instr {
        int out;

        abstract void run(double[][] reg, int n);
    }

    private static final class Fold extends Instr {
        final int[] in;
        final boolean product;

        Fold(int[] in, boolean product) {
            this.in = in;
            this.product = product;
        }

        @Override
        void run(double[][] reg, int n) {
            double[] o = reg[out];
            if (in.length == 0) {
                Arrays.fill(o, 0, n, product ? 1 : 0);
                return;
            }
            System.arraycopy(reg[in[0]], 0, o, 0, n);
            for (int k = 1; k < in.length; k++) {
                double[] a = reg[in[k]];
                if (product) {
                    for (int i = 0; i < n; i++) {
                        o[i] *= a[i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        o[i] += a[i];
                    }
                }
            }
        }
    }

    private static final class PowIntI extends Instr {
        final int in;
        final int exponent;

        PowIntI(int in, int exponent) {
            this.in = in;
            this.exponent = exponent;
        }

        @Override
        void run(double[][] reg, int n) {
            double[] a = reg[in], o = reg[out];
            switch (exponent) {
                case 2 -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = a[i] * a[i];
                    }
                }
                case -1 -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = 1 / a[i];
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = powInt(a[i], exponent);
                    }
                }
            }
        }

        private static double powInt(double x, int k) {
            long e = Math.abs((long) k);
            double result = 1, b = x;
            while (e != 0) {
                if ((e & 1) != 0) {
                    result *= b;
                }
                b *= b;
                e >>= 1;
            }
            return k < 0 ? 1 / result : result;
        }
    }

    private static final class PowI extends Instr {
        final int base, exponent;

        PowI(int base, int exponent) {
            this.base = base;
            this.exponent = exponent;
        }

        @Override
        void run(double[][] reg, int n) {
            double[] a = reg[base], b = reg[exponent], o = reg[out];
            for (int i = 0; i < n; i++) {
                // C's pow (and NumPy): 1^y is 1 for every y, NaN included; Java's Math.pow gives NaN.
                o[i] = a[i] == 1 ? 1 : Math.pow(a[i], b[i]);
            }
        }
    }

    private static final class CallI extends Instr {
        final Node.Fn fn;
        final int in;

        CallI(Node.Fn fn, int in) {
            this.fn = fn;
            this.in = in;
        }

        @Override
        void run(double[][] reg, int n) {
            double[] a = reg[in], o = reg[out];
            for (int i = 0; i < n; i++) {
                o[i] = fn.apply(a[i]);
            }
        }
    }

    private static final class CompareI extends Instr {
        final Node.Cmp op;
        final int left, right;

        CompareI(Node.Cmp op, int left, int right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        void run(double[][] reg, int n) {
            double[] a = reg[left], b = reg[right], o = reg[out];
            for (int i = 0; i < n; i++) {
                o[i] = op.test(a[i], b[i]) ? 1 : 0;
            }
        }
    }

    private static final class LogicI extends Instr {
        final Node.LogicOp op;
        final int[] in;

        LogicI(Node.LogicOp op, int[] in) {
            this.op = op;
            this.in = in;
        }

        @Override
        void run(double[][] reg, int n) {
            double[] o = reg[out];
            for (int i = 0; i < n; i++) {
                boolean r = op == Node.LogicOp.AND;
                if (op == Node.LogicOp.NOT) {
                    r = reg[in[0]][i] == 0;
                } else {
                    for (int k : in) {
                        boolean t = reg[k][i] != 0;
                        r = op == Node.LogicOp.AND ? r && t : r || t;
                    }
                }
                o[i] = r ? 1 : 0;
            }
        }
    }

    private static final class ExtremumI extends Instr {
        final boolean max;
        final int[] in;

        ExtremumI(boolean max, int[] in) {
            this.max = max;
            this.in = in;
        }

        @Override
        void run(double[][] reg, int n) {
            double[] o = reg[out];
            System.arraycopy(reg[in[0]], 0, o, 0, n);
            for (int k = 1; k < in.length; k++) {
                double[] a = reg[in[k]];
                for (int i = 0; i < n; i++) {
                    o[i] = max ? Math.max(o[i], a[i]) : Math.min(o[i], a[i]);
                }
            }
        }
    }

    private static final class SelectI extends Instr {
        final int[] conditions, values;
        final int otherwise;

        SelectI(int[] conditions, int[] values, int otherwise) {
            this.conditions = conditions;
            this.values = values;
            this.otherwise = otherwise;
        }

        @Override
        void run(double[][] reg, int n) {
            double[] o = reg[out];
            for (int i = 0; i < n; i++) {
                double v = reg[otherwise][i];
                // Later branches first, so the first true condition wins (Piecewise semantics).
                for (int k = conditions.length - 1; k >= 0; k--) {
                    if (reg[conditions[k]][i] != 0) {
                        v = reg[values[k]][i];
                    }
                }
                o[i] = v;
            }
        }
    }
}
