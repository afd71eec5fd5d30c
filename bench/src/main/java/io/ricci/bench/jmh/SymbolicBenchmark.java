package io.ricci.bench.jmh;

import io.ricci.symbolic.Symbolic;
import io.ricci.symbolic.SymbolicMatrix;
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
 * The symbolic cases of {@code ricci bench symbolic}: the Jacobian of seed 001's
 * {@code (3*x*y, x^3*y^2)} derived with Symja (parse, differentiate, simplify), and the derived
 * Jacobian evaluated at {@code points} random points (SymbolicMatrix.evaluateBulk). sympy's
 * {@code jacobian} and {@code lambdify} + NumPy are the baselines (bench/baseline/bench_numpy.py).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = {"@jvm.options"})
public class SymbolicBenchmark {
    static final String FUNCTIONS = "3*x*y, x^3*y^2";

    @Param({"100000", "1000000"})
    public int points;

    private SymbolicMatrix jacobian;
    private Tensor xs;

    @Setup
    public void setup() {
        jacobian = Symbolic.parse(FUNCTIONS, "x", "y").jacobian();
        xs = Tensor.randn(5, DType.F64, points, 2);
    }

    @Benchmark
    public SymbolicMatrix derive() {
        return Symbolic.parse(FUNCTIONS, "x", "y").jacobian();
    }

    @Benchmark
    public Tensor evaluateBulk() {
        return jacobian.evaluateBulk(xs);
    }
}
