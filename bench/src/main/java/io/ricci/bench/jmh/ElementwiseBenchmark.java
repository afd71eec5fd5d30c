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
 * Element-wise ops and reductions on a {@code rows × cols} matrix of {@code n = rows·cols} elements
 * (cols = min(n, 1024)), results allocated per call as in NumPy. Memory traffic per op: add 3·n
 * elements, add_ (in place) 3·n, sums n; GB/s = bytes / (µs/op) / 1000. {@code baselineLoop} is a
 * plain Java loop {@code c[i] = a[i] + b[i]} into a preallocated array, the bandwidth reference.
 * Out-of-place results cost one more pass than in-place ones: the JVM zeroes every new array.
 *
 * <pre>java -jar bench/target/benchmarks.jar Elementwise -f1 -wi 2 -i 3 -p n=1048576 -p dtype=f32</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// VM options from jvm.options and bench/jmh.options (run from the repository root), with a larger fixed,
// pre-touched heap: otherwise every fresh 64 MB result array page-faults its memory in from the OS,
// which swamps the op.
@Fork(value = 1, jvmArgsAppend = {"@jvm.options", "@bench/jmh.options", "-Xms4g", "-Xmx4g"})
public class ElementwiseBenchmark {
    @Param({"1024", "65536", "1048576", "16777216"})
    public int n;

    @Param({"f32", "f64"})
    public String dtype;

    private Tensor a;
    private Tensor b;
    private Tensor row;
    private Tensor col;
    private Tensor out;
    private float[] af;
    private float[] bf;
    private float[] cf;
    private double[] ad;
    private double[] bd;
    private double[] cd;

    @Setup
    public void setup() {
        DType dt = DType.parse(dtype);
        int cols = Math.min(n, 1024);
        int rows = n / cols;
        a = Tensor.randn(1, dt, rows, cols);
        b = Tensor.randn(2, dt, rows, cols);
        row = Tensor.randn(3, dt, cols);
        col = Tensor.randn(4, dt, rows, 1);
        out = Tensor.zeros(dt, rows, cols);
        af = a.toFloatArray();
        bf = b.toFloatArray();
        cf = new float[n];
        ad = a.toDoubleArray();
        bd = b.toDoubleArray();
        cd = new double[n];
    }

    @Benchmark
    public Object baselineLoop() {
        if (dtype.equals("f32")) {
            for (int i = 0; i < cf.length; i++) {
                cf[i] = af[i] + bf[i];
            }
            return cf;
        }
        for (int i = 0; i < cd.length; i++) {
            cd[i] = ad[i] + bd[i];
        }
        return cd;
    }

    @Benchmark
    public Tensor add() {
        return a.add(b);
    }

    @Benchmark
    public Tensor addInPlace() {
        return out.add_(b);
    }

    @Benchmark
    public Tensor addRowBroadcast() {
        return a.add(row);
    }

    @Benchmark
    public Tensor mulColumnBroadcast() {
        return a.mul(col);
    }

    @Benchmark
    public Tensor addScalar() {
        return a.add(1.5);
    }

    @Benchmark
    public Tensor addTransposed() {
        return a.T().add(b.T());
    }

    @Benchmark
    public Tensor exp() {
        return a.exp();
    }

    @Benchmark
    public Tensor sigmoid() {
        return a.sigmoid();
    }

    @Benchmark
    public Tensor sumLastAxis() {
        return a.sum(1);
    }

    @Benchmark
    public Tensor sumFirstAxis() {
        return a.sum(0);
    }

    @Benchmark
    public Tensor sumAll() {
        return a.sum();
    }

    @Benchmark
    public Tensor softmaxLastAxis() {
        return a.softmax(1);
    }

    @Benchmark
    public Tensor softmaxFirstAxis() {
        return a.softmax(0);
    }
}
