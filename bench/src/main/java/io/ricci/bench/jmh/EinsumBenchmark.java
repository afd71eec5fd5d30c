package io.ricci.bench.jmh;

import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Tensor#einsum} on the backprop specs of y = x·W + b at MNIST sizes (X 100x784, W 784x50,
 * dY 100x50), a 4-operand chain, a batched contraction and a trace (the cases of {@code ricci bench einsum});
 * bench/baseline/einsum_numpy.py times np.einsum(..., optimize=True)
 * on the same specs, shapes and dtypes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
// VM options from jvm.options and bench/jmh.options (run from the repository root): a fixed, pre-touched
// heap, since the benchmark times the steady state, not the heap's growth (each new page of eden is
// first touched by a result while a default heap grows).
@Fork(value = 1, jvmArgsAppend = {"@jvm.options", "@bench/jmh.options"})
public class EinsumBenchmark {
    @Param({"dX", "dW", "db", "chain4", "batched", "trace"})
    public String kase;

    @Param({"F32", "F64"})
    public String dtype;

    private String spec;
    private Tensor[] ops;
    private Tensor ones;
    private Tensor out;

    @Setup
    public void setup() {
        DType dt = DType.valueOf(dtype);
        int[][] shapes;
        switch (kase) {
            case "dX" -> {
                spec = "iq,jq->ij";
                shapes = new int[][] {{100, 50}, {784, 50}};
            }
            case "dW" -> {
                spec = "pi,pj->ij";
                shapes = new int[][] {{100, 784}, {100, 50}};
            }
            case "db" -> {
                spec = "ij->j";
                shapes = new int[][] {{100, 50}};
            }
            case "chain4" -> {
                spec = "ij,jk,kl,lm->im";
                shapes = new int[][] {{100, 784}, {784, 50}, {50, 50}, {50, 10}};
            }
            case "batched" -> {
                spec = "bij,bjk->bik";
                shapes = new int[][] {{32, 128, 64}, {32, 64, 128}};
            }
            case "trace" -> {
                spec = "ii->";
                shapes = new int[][] {{1000, 1000}};
            }
            default -> throw new IllegalArgumentException(kase);
        }
        ops = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            ops[i] = Tensor.randn(i + 1, dt, shapes[i]);
        }
        ones = Tensor.ones(dt, 1, 100);
        out = Tensor.einsum(spec, ops);
    }

    @Benchmark
    public Tensor einsum() {
        return Tensor.einsum(spec, ops);
    }

    /**
     * Into a preallocated result ({@code np.einsum(..., out=)}), as a backward pass that reuses its
     * gradient buffers calls it: the cost of allocating (and zeroing) the result is left out.
     */
    @Benchmark
    public Tensor einsumOut() {
        return Tensor.einsum(out, spec, ops);
    }

    /** The same product written with {@link Tensor#matmul}, to separate einsum's cost from the GEMM's. */
    @Benchmark
    public Tensor matmul() {
        return switch (kase) {
            case "dX" -> ops[0].matmul(ops[1].T());
            case "dW" -> ops[0].T().matmul(ops[1]);
            case "db" -> ones.matmul(ops[0]);
            default -> ops[0].matmul(ops[1].matmul(ops[2].matmul(ops[3])));
        };
    }
}
