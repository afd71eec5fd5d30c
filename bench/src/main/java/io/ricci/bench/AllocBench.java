package io.ricci.bench;

import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Allocating element-wise ops and reductions at 10^5-10^8 elements, timed in a plain JVM: meant to
 * run with default VM settings ({@code java --add-modules jdk.incubator.vector -cp ... io.ricci.bench.AllocBench}),
 * next to {@code bench/baseline/alloc_bench.py}, which times the same cases in NumPy and prints the same
 * lines. Each case is run until about {@code budget} ms have passed (at least 5 times); the best and
 * median of the calls are printed in milliseconds. Arguments: {@code [maxExponent [budgetMs]]}.
 */
public final class AllocBench {
    private AllocBench() {
    }

    public static void main(String[] args) {
        int maxExp = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        long budgetMs = args.length > 1 ? Long.parseLong(args[1]) : 400;
        Rng rng = new Rng(0);
        Tensor a = Tensor.randn(rng, DType.F64, 1000, 1000);
        Tensor b = Tensor.randn(rng, DType.F64, 1000, 1000);
        Tensor row = Tensor.randn(rng, DType.F64, 1000);
        time("add 1000x1000", budgetMs, () -> a.add(b));
        time("add 1000x1000 + (1000,)", budgetMs, () -> a.add(row));
        time("sum axis0 1000x1000", budgetMs, () -> a.sum(0));
        time("sum axis1 1000x1000", budgetMs, () -> a.sum(1));
        for (int e = 5; e <= maxExp; e++) {
            int n = (int) Math.pow(10, e);
            Tensor x = Tensor.randn(rng, DType.F64, n);
            Tensor y = Tensor.randn(rng, DType.F64, n);
            Tensor m = x.reshape(n / 1000, 1000);
            time("add 1e" + e, budgetMs, () -> x.add(y));
            time("mul 1e" + e, budgetMs, () -> x.mul(y));
            time("exp 1e" + e, budgetMs, () -> x.exp());
            time("sum axis0 1e" + e + " (" + n / 1000 + "x1000)", budgetMs, () -> m.sum(0));
            time("sum axis1 1e" + e + " (" + n / 1000 + "x1000)", budgetMs, () -> m.sum(1));
        }
    }

    private static void time(String name, long budgetMs, Supplier<Tensor> op) {
        double[] t = new double[4096];
        int k = 0;
        long end = System.nanoTime() + budgetMs * 1_000_000L;
        Object sink = null;
        while (k < t.length && (k < 5 || System.nanoTime() < end)) {
            long t0 = System.nanoTime();
            sink = op.get();
            t[k++] = (System.nanoTime() - t0) / 1e6;
        }
        double[] s = Arrays.copyOf(t, k);
        Arrays.sort(s);
        System.out.printf("%-36s best %9.3f ms  median %9.3f ms  (%d calls)%s%n", name, s[0], s[k / 2], k,
                sink == null ? "?" : "");
    }
}
