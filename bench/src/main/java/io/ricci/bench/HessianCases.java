package io.ricci.bench;

import io.ricci.index.IndexDerivative;
import io.ricci.index.IndexEvaluator;
import io.ricci.index.IndexGradient;
import io.ricci.index.IndexProgram;
import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;
import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code hessian} bench group: the three problems of Laue, Mitterreiter and Giesen, "Computing
 * Higher Order Derivatives of Matrix and Tensor Expressions" (NeurIPS 2018) — the Hessians of the
 * quadratic form x'Ax, of logistic regression Σ log(1 + exp(−y ⊙ Xw)) and of matrix factorization
 * ||T − UVᵀ||² with respect to U (rank {@value #RANK}) — at n = 100 and 1000. Ricci's side derives each
 * Hessian once in index notation (not timed: a one-off symbolic cost) and times its evaluation as the
 * einsum plans the derivation gives; NumPy's side is the hand-written closed form (A + Aᵀ,
 * Xᵀ diag(σ(1−σ)) X, 2 δ ⊗ VᵀV), which is the best a user can write, not an autodiff.
 *
 * <p>Each problem and size also has a "tape hvp" row: the same Hessian from the reverse-mode tape,
 * as an autodiff without a Hessian calculus builds it — the gradient recorded once with
 * {@code createGraph}, then one backward pass per unit vector (n Hessian-vector products, n·k for the
 * factorization), {@link Autograd#hessian}. The function is written as the index program reads,
 * with the other operands constant. Both rows carry the same NumPy baseline, so
 * {@code ricci bench hessian --compare} shows derived plan, tape and closed form side by side.
 * Tape rows are listed for Hessians of at most {@value #TAPE_MAX_ROWS} rows: the factorization at
 * n = 1000 needs 5000 backward passes of O(n²k) each, 257 s per Hessian on the 2-core machine (at
 * load 10; {@code HessianCases.tape} and the derived plan agree there too), and the harness runs a case
 * at least six times.
 *
 * <p>Not in {@code bench all}: it measures the calculus, not a kernel.
 */
public final class HessianCases {
    /** The inner dimension of the factorization U (n, k) · V (n, k)ᵀ. */
    public static final int RANK = 5;
    public static final int[] SIZES = {100, 1000};
    public static final int[] QUICK = {100};
    /** The largest Hessian (rows = HVPs) that gets a tape row. */
    public static final int TAPE_MAX_ROWS = 1000;

    /** problem -> (index-notation source, variable the Hessian is taken in). */
    static final Map<String, String[]> PROBLEMS = new LinkedHashMap<>();

    static {
        PROBLEMS.put("quadratic", new String[] {"f = x[i]*A[i,j]*x[j]", "x"});
        PROBLEMS.put("logistic", new String[] {"f = sum(l[n]) where l[n] = log(1 + exp(u[n])), u[n] = -y[n]*X[n,i]*w[i]", "w"});
        PROBLEMS.put("factorization", new String[] {"f = sum((T[i,j] - U[i,k]*V[j,k])^2)", "U"});
    }

    private HessianCases() {
    }

    /** The operands of {@code problem} at size n, float64, from fixed seeds; labels y are ±1. */
    static Map<String, Tensor> operands(String problem, int n) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        switch (problem) {
            case "quadratic" -> {
                m.put("x", Tensor.randn(1, DType.F64, n));
                m.put("A", Tensor.randn(2, DType.F64, n, n));
            }
            case "logistic" -> {
                m.put("w", Tensor.randn(1, DType.F64, n).div(Math.sqrt(n)));
                m.put("X", Tensor.randn(2, DType.F64, n, n));
                m.put("y", Tensor.randn(3, DType.F64, n).sign());
            }
            case "factorization" -> {
                m.put("T", Tensor.randn(1, DType.F64, n, n));
                m.put("U", Tensor.randn(2, DType.F64, n, RANK));
                m.put("V", Tensor.randn(3, DType.F64, n, RANK));
            }
            default -> throw new IllegalArgumentException("bench hessian: unknown problem '" + problem + "'");
        }
        return m;
    }

    /** The Hessian of {@code problem} derived in index notation, as a function of the operands. */
    static Function<Map<String, Tensor>, Tensor> derived(String problem) {
        String[] p = PROBLEMS.get(problem);
        IndexProgram program = IndexProgram.parse(p[0]);
        IndexGradient h = IndexDerivative.hessian(program, p[1], p[1]);
        return ops -> new IndexEvaluator(program, ops).evaluate(h);
    }

    /**
     * The problem's function of its Hessian variable on the tape, written as its index program reads
     * (the other operands constants).
     */
    static Function<Variable, Variable> tapeFunction(String problem, Map<String, Tensor> ops) {
        switch (problem) {
            case "quadratic" -> {
                Variable a = Variable.constant(ops.get("A"));
                return x -> Autograd.einsum("i,ij,j->", x, a, x);
            }
            case "logistic" -> {
                Variable x = Variable.constant(ops.get("X")), ny = Variable.constant(ops.get("y").neg());
                return w -> x.matmul(w).mul(ny).exp().add(1).log().sum();
            }
            case "factorization" -> {
                Variable t = Variable.constant(ops.get("T")), v = Variable.constant(ops.get("V"));
                return u -> t.sub(Autograd.einsum("ik,jk->ij", u, v)).pow(2).sum();
            }
            default -> throw new IllegalArgumentException("bench hessian: unknown problem '" + problem + "'");
        }
    }

    /** The Hessian of {@code problem} from the tape, row by row from Hessian-vector products. */
    static Function<Map<String, Tensor>, Tensor> tape(String problem) {
        String wrt = PROBLEMS.get(problem)[1];
        return ops -> Autograd.hessian(tapeFunction(problem, ops), ops.get(wrt));
    }

    public static List<BenchCase> cases(boolean quick) {
        List<BenchCase> cases = new ArrayList<>();
        for (String problem : PROBLEMS.keySet()) {
            for (int n : quick ? QUICK : SIZES) {
                String size = problem.equals("factorization") ? n + "x" + n + ", rank " + RANK : Integer.toString(n);
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("op", "hessian " + problem);
                fields.put("method", "derived");
                fields.put("dtype", "f64");
                fields.put("n", n);
                Map<String, Object> baseline = new LinkedHashMap<>();
                baseline.put("kind", "hessian");
                baseline.put("problem", problem);
                baseline.put("n", n);
                baseline.put("rank", RANK);
                baseline.put("dtype", "f64");
                cases.add(new BenchCase("hessian", "hessian " + problem + " (derived einsum plan)", size, fields, 0, () -> {
                    Function<Map<String, Tensor>, Tensor> f = derived(problem);
                    Map<String, Tensor> ops = operands(problem, n);
                    return () -> f.apply(ops);
                }, baseline, null));
                Map<String, Object> tapeFields = new LinkedHashMap<>(fields);
                tapeFields.put("method", "tape hvp");
                int rows = problem.equals("factorization") ? n * RANK : n;
                if (rows > TAPE_MAX_ROWS) {
                    continue;
                }
                cases.add(new BenchCase("hessian", "hessian " + problem + " (tape, " + rows + " HVPs)", size, tapeFields, 0,
                        () -> {
                            Function<Map<String, Tensor>, Tensor> f = tape(problem);
                            Map<String, Tensor> ops = operands(problem, n);
                            return () -> f.apply(ops);
                        }, baseline, null));
            }
        }
        return cases;
    }
}
