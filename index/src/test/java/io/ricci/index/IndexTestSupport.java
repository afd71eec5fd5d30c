package io.ricci.index;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;
import io.ricci.index.IndexProgram.Def;
import io.ricci.index.IndexProgram.FuncDef;
import io.ricci.index.IndexProgram.PolyDef;
import io.ricci.index.IndexProgram.SoftmaxDef;
import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Random inputs, the nn autodiff of a program (an independent oracle) and central differences. */
final class IndexTestSupport {
    private static final int[] SIZES = {3, 4, 2, 5, 3, 4, 2, 5};

    private IndexTestSupport() {
    }

    /** Random float64 inputs; index classes get sizes 3, 4, 2, 5, ... in order of first use. */
    static Map<String, Tensor> inputs(IndexProgram p, long seed, boolean positive) {
        Map<Integer, Integer> size = new HashMap<>();
        Map<String, Tensor> in = new LinkedHashMap<>();
        Rng rng = new Rng(seed);
        for (String name : p.inputs()) {
            int[] shape = new int[p.rank(name)];
            for (int k = 0; k < shape.length; k++) {
                int root = p.space.find(p.space.axis(name, k));
                shape[k] = size.computeIfAbsent(root, r -> SIZES[size.size() % SIZES.length]);
            }
            Tensor t = positive ? Tensor.rand(rng, DType.F64, shape).add(0.5) : Tensor.randn(rng, DType.F64, shape);
            in.put(name, t);
        }
        return in;
    }

    /** Rows of one-hot vectors of the given shape (the last axis is the class axis). */
    static Tensor oneHot(int rows, int classes, long seed) {
        Tensor t = Tensor.zeros(DType.F64, rows, classes);
        Rng rng = new Rng(seed);
        for (int r = 0; r < rows; r++) {
            t.set(1, r, (int) Math.floorMod(rng.nextLong(), classes));
        }
        return t;
    }

    /** The program's output built with nn's Autograd ops, recording the graph on {@code vars}. */
    static Variable forward(IndexProgram p, IndexEvaluator sizes, Map<String, Variable> vars, String atom) {
        Variable v = vars.get(atom);
        if (v != null) {
            return v;
        }
        Def d = p.def(atom);
        Variable r = switch (d) {
            case PolyDef pd -> {
                Variable acc = null;
                for (Term t : pd.terms()) {
                    Variable x;
                    if (t.factors().isEmpty()) {
                        int[] shape = new int[pd.idx().length];
                        for (int k = 0; k < shape.length; k++) {
                            shape[k] = sizes.size(pd.idx()[k]);
                        }
                        x = Variable.constant(Tensor.full(DType.F64, t.coef(), shape));
                    } else {
                        Variable[] ops = new Variable[t.factors().size()];
                        for (int f = 0; f < ops.length; f++) {
                            Factor fa = t.factors().get(f);
                            if (fa.isDelta()) {
                                ops[f] = Variable.constant(Tensor.eye(DType.F64, sizes.size(fa.idx()[0])));
                            } else if (fa.isOnes()) {
                                ops[f] = Variable.constant(Tensor.ones(DType.F64, sizes.size(fa.idx()[0])));
                            } else {
                                Variable b = forward(p, sizes, vars, fa.atom());
                                ops[f] = fa.exp() == 1 ? b : Autograd.pow(b, fa.exp());
                            }
                        }
                        x = Autograd.einsum(IndexEvaluator.spec(t, pd.idx()), ops);
                        if (t.coef() != 1) {
                            x = Autograd.scale(x, t.coef());
                        }
                    }
                    acc = acc == null ? x : Autograd.add(acc, x);
                }
                yield acc;
            }
            case FuncDef fd -> {
                Variable a = forward(p, sizes, vars, fd.arg());
                yield switch (fd.fn()) {
                    case "exp" -> Autograd.exp(a);
                    case "log" -> Autograd.log(a);
                    case "sigmoid" -> Autograd.sigmoid(a);
                    case "tanh" -> Autograd.tanh(a);
                    case "relu" -> Autograd.relu(a);
                    case "sqrt" -> Autograd.pow(a, 0.5);
                    case "step" -> Autograd.step(a);
                    default -> throw new IllegalArgumentException(fd.fn());
                };
            }
            case SoftmaxDef sd -> {
                Variable a = forward(p, sizes, vars, sd.arg());
                yield Autograd.softmax(a, sd.idx().length - 1);
            }
        };
        vars.put(atom, r);
        return r;
    }

    /** d(Σ upstream ⊙ output)/d input for every input, by nn's reverse mode. */
    static Map<String, Tensor> autodiff(IndexProgram p, Map<String, Tensor> in, Tensor upstream) {
        IndexEvaluator sizes = new IndexEvaluator(p, in);
        Map<String, Variable> vars = new HashMap<>();
        for (var e : in.entrySet()) {
            vars.put(e.getKey(), new Variable(e.getValue().copy(), e.getKey(), true));
        }
        Variable out = forward(p, sizes, vars, p.output());
        if (upstream == null) {
            out.backward();
        } else {
            out.backward(upstream, false);
        }
        Map<String, Tensor> g = new HashMap<>();
        for (String name : in.keySet()) {
            Tensor gr = vars.get(name).grad();
            g.put(name, gr == null ? Tensor.zeros(DType.F64, in.get(name).shape()) : gr);
        }
        return g;
    }

    /** Σ upstream ⊙ output (or the scalar output) evaluated with the index evaluator. */
    static double objective(IndexProgram p, Map<String, Tensor> in, Tensor upstream) {
        Tensor y = new IndexEvaluator(p, in).output();
        return upstream == null ? y.item() : y.mul(upstream).sum().item();
    }

    /** Central differences of {@link #objective} w.r.t. one input. */
    static Tensor finiteDifferences(IndexProgram p, Map<String, Tensor> in, String wrt, Tensor upstream) {
        double eps = 1e-6;
        Tensor x = in.get(wrt);
        Tensor g = Tensor.zeros(DType.F64, x.shape());
        Tensor flat = g.reshape(g.size());
        for (int e = 0; e < x.size(); e++) {
            Map<String, Tensor> plus = new HashMap<>(in);
            Map<String, Tensor> minus = new HashMap<>(in);
            Tensor xp = x.copy();
            Tensor xm = x.copy();
            xp.reshape(x.size()).set(xp.reshape(x.size()).get(e) + eps, e);
            xm.reshape(x.size()).set(xm.reshape(x.size()).get(e) - eps, e);
            plus.put(wrt, xp);
            minus.put(wrt, xm);
            flat.set((objective(p, plus, upstream) - objective(p, minus, upstream)) / (2 * eps), e);
        }
        return g;
    }
}
