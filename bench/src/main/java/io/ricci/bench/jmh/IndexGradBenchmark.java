package io.ricci.bench.jmh;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;
import io.ricci.index.IndexDerivative;
import io.ricci.index.IndexEvaluator;
import io.ricci.index.IndexGradient;
import io.ricci.index.IndexProgram;
import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import java.util.Map;
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
 * d trace(A·B·C)/dB at n×n: the derived index gradient {@code A[p,i]*C[j,p]} (one einsum, i.e. one
 * GEMM Aᵀ·Cᵀ) against nn's autodiff of {@code einsum("ij,jk,ki->", A, B, C)}, both forward+backward
 * (what a training step pays) and backward only (graph kept, re-run with retainGraph). Autodiff
 * always produces dA, dB and dC, so {@code derivedAllThree} is the like-for-like comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = {"@jvm.options"})
public class IndexGradBenchmark {
    @Param({"512"})
    public int n;

    @Param({"F32"})
    public String dtype;

    private Tensor a;
    private Tensor b;
    private Tensor c;
    private IndexProgram program;
    private IndexGradient gradient;
    private IndexGradient gradA;
    private IndexGradient gradC;
    private Variable vb;
    private Variable loss;
    private Tensor one;

    @Setup
    public void setup() {
        DType dt = DType.valueOf(dtype);
        a = Tensor.randn(1, dt, n, n);
        b = Tensor.randn(2, dt, n, n);
        c = Tensor.randn(3, dt, n, n);
        program = IndexProgram.parse("L = A[i,j]*B[j,k]*C[k,i]");
        gradient = IndexDerivative.gradient(program, "B");
        gradA = IndexDerivative.gradient(program, "A");
        gradC = IndexDerivative.gradient(program, "C");
        Variable va = new Variable(a, "A", true);
        vb = new Variable(b, "B", true);
        Variable vc = new Variable(c, "C", true);
        loss = Autograd.einsum("ij,jk,ki->", va, vb, vc);
        one = Tensor.ones(dt);
    }

    @Benchmark
    public Tensor derivedIndexGradient() {
        return new IndexEvaluator(program, Map.of("A", a, "B", b, "C", c)).evaluate(gradient);
    }

    /** All three derived gradients, the same work autodiff's backward does. */
    @Benchmark
    public Tensor[] derivedAllThree() {
        IndexEvaluator ev = new IndexEvaluator(program, Map.of("A", a, "B", b, "C", c));
        return new Tensor[] {ev.evaluate(gradA), ev.evaluate(gradient), ev.evaluate(gradC)};
    }

    @Benchmark
    public Tensor autodiffForwardBackward() {
        Variable va = new Variable(a, "A", true);
        Variable x = new Variable(b, "B", true);
        Variable vc = new Variable(c, "C", true);
        Autograd.einsum("ij,jk,ki->", va, x, vc).backward();
        return x.grad();
    }

    @Benchmark
    public Tensor autodiffBackwardOnly() {
        vb.zeroGrad();
        loss.backward(one, true);
        return vb.grad();
    }
}
