package io.ricci.bench;

import io.ricci.nn.layers.Affine;
import io.ricci.nn.mnist.Mnist;
import io.ricci.nn.mnist.MnistTrainer;
import io.ricci.nn.optim.Sgd;
import io.ricci.nn.layers.TwoLayerNet;
import io.ricci.symbolic.Symbolic;
import io.ricci.symbolic.SymbolicMatrix;
import io.ricci.tensor.DType;
import io.ricci.tensor.Linalg;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The case lists of {@code ricci bench}'s groups. Each case carries its NumPy counterpart (the
 * {@code kind} and parameters {@code bench/baseline/bench_numpy.py} understands), so both sides time the
 * same operation at the same sizes. {@code quick} lists fewer sizes.
 */
public final class BenchGroups {
    /** The groups in the order {@code all} runs them. */
    public static final List<String> NAMES = List.of("gemm", "elementwise", "reduce", "einsum", "nn", "symbolic", "linalg");

    /** Square sizes of the GEMM sweep (the JMH {@code GemmBenchmark} uses the same list). */
    public static final int[] GEMM_SIZES = {64, 127, 128, 256, 500, 512, 1000, 1024, 2048};
    public static final int[] GEMM_QUICK = {128, 512, 1024, 2048};
    /** The GEMM size whose peak heap is reported. */
    public static final int GEMM_MEMORY_SIZE = 2048;

    /** Element counts of the element-wise sweep: rows × 1000 columns (one row of 1000 for n = 1000). */
    public static final int[] ELEMENTWISE_SIZES = {1_000, 100_000, 1_000_000, 16_000_000};
    public static final int[] ELEMENTWISE_QUICK = {1_000, 1_000_000, 16_000_000};

    /** Iterations of the MNIST training run whose peak heap is reported (several young collections). */
    public static final int MNIST_MEMORY_ITERS = 500;

    /** Square sizes of the linalg group: how EJML scales against LAPACK. */
    public static final int[] LINALG_SIZES = {64, 256, 1024};
    /** Quick runs stop at 256: EJML's unblocked n = 1024 decompositions add minutes to {@code bench all --quick}. */
    public static final int[] LINALG_QUICK = {64, 256};
    /** The routines of the linalg group: each also names its NumPy call in bench_numpy.py. */
    public static final List<String> LINALG_OPS = List.of("solve", "inv", "det", "cholesky", "qr", "svd", "eigh");

    /** The seed function of the symbolic group (seed example 001). */
    public static final String SEED_FUNCTIONS = "3*x*y, x^3*y^2";

    private BenchGroups() {
    }

    /** The cases of {@code group} ({@code all}: every group in {@link #NAMES} order). */
    public static List<BenchCase> cases(String group, boolean quick) {
        return switch (group) {
            case "all" -> NAMES.stream().flatMap(g -> cases(g, quick).stream()).toList();
            case "gemm" -> gemm(quick ? List.of(DType.F32) : List.of(DType.F32, DType.F64),
                    quick ? GEMM_QUICK : GEMM_SIZES, quick);
            case "elementwise" -> elementwise(quick);
            case "reduce" -> reduce(quick);
            case "einsum" -> einsum();
            case "nn" -> nn();
            case "symbolic" -> symbolic(quick);
            case "linalg" -> linalg(quick ? LINALG_QUICK : LINALG_SIZES);
            case "hessian" -> HessianCases.cases(quick);
            case "api" -> ApiCases.cases(quick);
            default -> throw new IllegalArgumentException("bench: unknown group '" + group + "' (available: "
                    + String.join(", ", NAMES) + ", hessian, api, all)");
        };
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String dims(int... shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    /** Square products {@code a.matmul(b)}, result allocation included; peak heap at n = 2048. */
    public static List<BenchCase> gemm(List<DType> dtypes, int[] sizes, boolean quick) {
        List<BenchCase> cases = new ArrayList<>();
        Set<DType> warmed = EnumSet.noneOf(DType.class);
        for (DType dt : dtypes) {
            String d = dt.name().toLowerCase(Locale.ROOT);
            for (int n : sizes) {
                if (n < 1) {
                    throw new IllegalArgumentException("bench gemm: size must be positive, got " + n);
                }
                BenchCase c = new BenchCase("gemm", "matmul " + d, dims(n, n) + " @ " + dims(n, n),
                        map("op", "gemm", "dtype", d, "n", n), 2.0 * n * n * n, () -> {
                            if (warmed.add(dt)) {
                                warmUpGemmJit(dt, quick);
                            }
                            Tensor a = Tensor.randn(1, dt, n, n);
                            Tensor b = Tensor.randn(2, dt, n, n);
                            return () -> a.matmul(b);
                        }, map("kind", "gemm", "n", n, "dtype", d), null);
                cases.add(n == GEMM_MEMORY_SIZE ? c.withMemory(run -> run) : c);
            }
        }
        return cases;
    }

    /**
     * Many small products first: the Vector API kernels are thousands of times slower until C2
     * compiles them, and small calls reach the compile thresholds in far less time than large ones.
     */
    public static void warmUpGemmJit(DType dt, boolean quick) {
        Tensor a = Tensor.randn(3, dt, 40, 72);
        Tensor b = Tensor.randn(4, dt, 72, 40);
        warmUp(() -> a.matmul(b), 0.5, quick ? 5 : 30);
    }

    /** {@code a + b} on f32 (rows, cols) matrices: same shape, and a (cols) row broadcast over the rows. */
    public static List<BenchCase> elementwise(boolean quick) {
        List<BenchCase> cases = new ArrayList<>();
        for (int n : quick ? ELEMENTWISE_QUICK : ELEMENTWISE_SIZES) {
            int cols = Math.min(n, 1000);
            int rows = n / cols;
            cases.add(new BenchCase("elementwise", "add", dims(rows, cols) + " + " + dims(rows, cols),
                    map("op", "add", "dtype", "f32", "elements", n), 0, () -> {
                        Tensor a = Tensor.randn(1, DType.F32, rows, cols);
                        Tensor b = Tensor.randn(2, DType.F32, rows, cols);
                        return () -> a.add(b);
                    }, map("kind", "binary", "op", "add", "a", List.of(rows, cols), "b", List.of(rows, cols), "dtype", "f32"),
                    null));
            cases.add(new BenchCase("elementwise", "add (row broadcast)", dims(rows, cols) + " + " + dims(cols),
                    map("op", "add_broadcast", "dtype", "f32", "elements", n), 0, () -> {
                        Tensor a = Tensor.randn(1, DType.F32, rows, cols);
                        Tensor b = Tensor.randn(2, DType.F32, cols);
                        return () -> a.add(b);
                    }, map("kind", "binary", "op", "add", "a", List.of(rows, cols), "b", List.of(cols), "dtype", "f32"),
                    null));
        }
        return cases;
    }

    /** Sum over the last and the first axis, and softmax over the last axis, of f32 matrices. */
    public static List<BenchCase> reduce(boolean quick) {
        int[][] shapes = quick ? new int[][] {{1000, 1000}} : new int[][] {{100, 1000}, {1000, 1000}, {4000, 4000}};
        List<BenchCase> cases = new ArrayList<>();
        for (int[] s : shapes) {
            for (String op : List.of("sum", "softmax")) {
                for (int axis : op.equals("sum") ? new int[] {-1, 0} : new int[] {-1}) {
                    cases.add(new BenchCase("reduce", op + " axis " + axis, dims(s),
                            map("op", op, "axis", axis, "dtype", "f32", "shape", dims(s)), 0, () -> {
                                Tensor a = Tensor.randn(1, DType.F32, s);
                                int ax = axis < 0 ? s.length + axis : axis;
                                return op.equals("sum") ? () -> a.sum(ax) : () -> a.softmax(ax);
                            }, map("kind", "reduce", "op", op, "axis", axis, "shape", List.of(s[0], s[1]), "dtype", "f32"),
                            null));
                }
            }
        }
        return cases;
    }

    /**
     * The backprop specs of {@code y = x·W + b} at MNIST sizes (X 100x784, W 784x50, dY 100x50), a
     * 4-operand chain, a batched contraction and a trace; NumPy runs {@code np.einsum(..., optimize=True)}.
     */
    public static List<BenchCase> einsum() {
        record Spec(String name, String spec, int[]... shapes) {
        }
        List<Spec> specs = List.of(
                new Spec("dX", "iq,jq->ij", new int[] {100, 50}, new int[] {784, 50}),
                new Spec("dW", "pi,pj->ij", new int[] {100, 784}, new int[] {100, 50}),
                new Spec("db", "ij->j", new int[] {100, 50}),
                new Spec("chain4", "ij,jk,kl,lm->im", new int[] {100, 784}, new int[] {784, 50}, new int[] {50, 50},
                        new int[] {50, 10}),
                new Spec("batched", "bij,bjk->bik", new int[] {32, 128, 64}, new int[] {32, 64, 128}),
                new Spec("trace", "ii->", new int[] {1000, 1000}));
        List<BenchCase> cases = new ArrayList<>();
        for (Spec s : specs) {
            String size = Arrays.stream(s.shapes()).map(BenchGroups::dims).collect(Collectors.joining(", "));
            List<List<Integer>> shapes = Arrays.stream(s.shapes()).map(a -> Arrays.stream(a).boxed().toList()).toList();
            cases.add(new BenchCase("einsum", s.spec() + " (" + s.name() + ")", size,
                    map("op", "einsum", "case", s.name(), "spec", s.spec(), "dtype", "f32"), 0, () -> {
                        Tensor[] ops = new Tensor[s.shapes().length];
                        for (int i = 0; i < ops.length; i++) {
                            ops[i] = Tensor.randn(i + 1, DType.F32, s.shapes()[i]);
                        }
                        return () -> Tensor.einsum(s.spec(), ops);
                    }, map("kind", "einsum", "spec", s.spec(), "shapes", shapes, "dtype", "f32"), null));
        }
        return cases;
    }

    /**
     * Affine forward + backward (with dX) at MNIST sizes, and one training iteration of seed 004's
     * TwoLayerNet (lossAndGradient + SGD step) on a fixed batch of 100 embedded MNIST digits; the
     * training case reports the peak heap of {@link #MNIST_MEMORY_ITERS} iterations of {@link MnistTrainer} (batch drawing and
     * the per-epoch accuracy passes included).
     */
    public static List<BenchCase> nn() {
        int batch = 100, in = 784, hidden = 50, classes = 10;
        BenchCase affine = new BenchCase("nn", "affine forward+backward", dims(batch, in) + " · " + dims(in, hidden),
                map("op", "affine", "dtype", "f32", "batch", batch, "in", in, "out", hidden), 0, () -> {
                    Affine layer = new Affine(Tensor.randn(1, DType.F32, in, hidden), Tensor.randn(2, DType.F32, hidden));
                    Tensor x = Tensor.randn(3, DType.F32, batch, in);
                    Tensor dy = Tensor.randn(4, DType.F32, batch, hidden);
                    return () -> {
                        layer.forward(x);
                        layer.backward(dy);
                    };
                }, map("kind", "affine", "batch", batch, "in", in, "out", hidden, "dtype", "f32"), null);
        BenchCase train = new BenchCase("nn", "mnist training iteration", "batch 100, 784-50-10",
                map("op", "mnist_iter", "dtype", "f32", "batch", batch, "hidden", hidden), 0, () -> {
                    Mnist.Dataset ds = embeddedMnist();
                    TwoLayerNet net = new TwoLayerNet(in, hidden, classes, 0.01, new Rng(0), DType.F32);
                    Tensor xb = ds.train().images().slice(0, 0, batch).contiguous();
                    double[] labels = Arrays.stream(ds.train().labels(), 0, batch).asDoubleStream().toArray();
                    Tensor tb = Tensor.wrap(labels, batch);
                    Sgd sgd = new Sgd(0.1);
                    return new MnistRun(ds, () -> {
                        net.lossAndGradient(xb, tb);
                        sgd.step(net.parameters());
                    });
                }, map("kind", "mnist_iter", "batch", batch, "in", in, "hidden", hidden, "classes", classes, "dtype", "f32"),
                null).withMemory(run -> {
                    Mnist.Dataset ds = ((MnistRun) run).data();
                    return () -> new MnistTrainer(new MnistTrainer.Config(MNIST_MEMORY_ITERS, batch, 0.1, hidden, 0, DType.F32, "sgd", 0.01), ds)
                            .train(new MnistTrainer.Listener() {
                            });
                });
        return List.of(affine, train);
    }

    /** The timed training step, carrying the data set for the memory probe's trainer run. */
    public record MnistRun(Mnist.Dataset data, Runnable step) implements Runnable {
        @Override
        public void run() {
            step.run();
        }
    }

    private static Mnist.Dataset embeddedMnist() {
        try {
            return Mnist.embedded(DType.F32);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code run} after a longer warm-up than {@link BenchCommand#measure} gives: Symja is large and C2
     * reaches its hot paths late (measured here: 57 ms per derivation after a 0.4 s warm-up that looked
     * stable, 2.5 ms after 2 s).
     */
    private static Runnable warmedUp(Runnable run, boolean quick) {
        warmUp(run, quick ? 1.5 : 4, quick ? 3 : 10);
        return run;
    }

    /**
     * The Jacobian of seed 001's {@code (3*x*y, x^3*y^2)} derived with Symja (parse, differentiate,
     * simplify, and the text, LaTeX and evaluation tree of every entry: what {@code jacobian()} does),
     * and the derived Jacobian evaluated at many points. The baselines: sympy's {@code jacobian}
     * followed by {@code simplify} and {@code latex} of every entry (the same work), and
     * {@code lambdify} + NumPy.
     */
    public static List<BenchCase> symbolic(boolean quick) {
        List<String> vars = List.of("x", "y");
        List<BenchCase> cases = new ArrayList<>();
        cases.add(new BenchCase("symbolic", "jacobian derivation + simplify + LaTeX", "2 functions of (x, y)",
                map("op", "sym_jacobian", "functions", SEED_FUNCTIONS), 0,
                () -> warmedUp(() -> Symbolic.parse(SEED_FUNCTIONS, "x", "y").jacobian(), quick),
                map("kind", "sym_jacobian", "functions", SEED_FUNCTIONS, "variables", vars, "simplify_latex", true), null));
        for (int points : quick ? new int[] {100_000} : new int[] {100_000, 1_000_000}) {
            cases.add(new BenchCase("symbolic", "jacobian bulk evaluation", String.format(Locale.ROOT, "%,d points", points),
                    map("op", "sym_bulk", "functions", SEED_FUNCTIONS, "points", points), 0, () -> {
                        SymbolicMatrix jac = Symbolic.parse(SEED_FUNCTIONS, "x", "y").jacobian();
                        Tensor pts = Tensor.randn(5, DType.F64, points, 2);
                        return warmedUp(() -> jac.evaluateBulk(pts), quick);
                    }, map("kind", "sym_bulk", "functions", SEED_FUNCTIONS, "variables", vars, "points", points), null));
        }
        return cases;
    }

    /**
     * Runs {@code run} until its best time per batch has not improved by more than 3% for three batches
     * of about 0.1 s, for at least {@code minSeconds} and at most {@code maxSeconds}.
     */
    public static void warmUp(Runnable run, double minSeconds, double maxSeconds) {
        long t0 = System.nanoTime();
        long best = Long.MAX_VALUE;
        int stable = 0;
        while (true) {
            long batchStart = System.nanoTime();
            long batchBest = Long.MAX_VALUE;
            do {
                long a = System.nanoTime();
                run.run();
                batchBest = Math.min(batchBest, System.nanoTime() - a);
            } while (System.nanoTime() - batchStart < 100_000_000L);
            stable = batchBest < best * 0.97 ? 0 : stable + 1;
            best = Math.min(best, batchBest);
            double elapsed = (System.nanoTime() - t0) * 1e-9;
            if ((stable >= 3 && elapsed >= minSeconds) || elapsed >= maxSeconds) {
                return;
            }
        }
    }

    /**
     * float64 n x n: solve (one right-hand column), inv, det, cholesky (of the SPD a a^T + n I), qr
     * (reduced), svd (singular vectors, reduced) and eigh (symmetric), all on EJML; NumPy's side is
     * LAPACK through OpenBLAS.
     */
    public static List<BenchCase> linalg(int[] sizes) {
        List<BenchCase> cases = new ArrayList<>();
        for (String op : LINALG_OPS) {
            for (int n : sizes) {
                cases.add(new BenchCase("linalg", op + " f64", dims(n, n), map("op", op, "dtype", "f64", "n", n), 0, () -> {
                    Tensor a = Tensor.randn(1, DType.F64, n, n);
                    Tensor spd = a.matmul(a.T()).add(Tensor.eye(DType.F64, n).mul(n));
                    Tensor sym = a.add(a.T());
                    Tensor b = Tensor.randn(2, DType.F64, n, 1);
                    return switch (op) {
                        case "solve" -> () -> Linalg.solve(a, b);
                        case "inv" -> () -> Linalg.inv(a);
                        case "det" -> () -> Linalg.det(a);
                        case "cholesky" -> () -> Linalg.cholesky(spd);
                        case "qr" -> () -> Linalg.qr(a);
                        case "svd" -> () -> Linalg.svd(a, false, true);
                        case "eigh" -> () -> Linalg.eigh(sym);
                        default -> throw new IllegalStateException(op);
                    };
                }, map("kind", "linalg", "op", op, "n", n, "dtype", "f64"), null));
            }
        }
        return cases;
    }
}
