package io.ricci.bench.jmh;

import io.ricci.tensor.DType;
import io.ricci.tensor.Parallel;
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
 * Square {@code n×n @ n×n} matrix products through {@link Tensor#matmul(Tensor)}, allocation of the
 * result included (as NumPy's {@code a @ b}). GFLOPS = {@code 2·n³ / (µs/op) / 1000}.
 *
 * <pre>java -jar bench/target/benchmarks.jar Gemm -f1 -wi 2 -i 3 -p n=256 -p dtype=f32 -p threads=1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// VM options from jvm.options and bench/jmh.options (run from the repository root): a fixed, pre-touched
// heap, as EinsumBenchmark: the allocating products must not time the heap's growth.
@Fork(value = 1, jvmArgsAppend = {"@jvm.options", "@bench/jmh.options"})
public class GemmBenchmark {
    @Param({"64", "127", "128", "256", "500", "512", "1000", "1024", "2048"})
    public int n;

    @Param({"f32", "f64"})
    public String dtype;

    @Param({"1", "2"})
    public int threads;

    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        DType dt = DType.parse(dtype);
        a = Tensor.randn(1, dt, n, n);
        b = Tensor.randn(2, dt, n, n);
    }

    @Benchmark
    public Tensor matmul() {
        return a.matmul(b);
    }
}
