package io.ricci.bench.jmh;

import io.ricci.nn.layers.Affine;
import io.ricci.nn.mnist.Mnist;
import io.ricci.nn.optim.Sgd;
import io.ricci.nn.layers.TwoLayerNet;
import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The nn cases of {@code ricci bench nn}, f32 at MNIST sizes: Affine forward + backward (X 100x784,
 * W 784x50, dX included), and one training iteration of seed 004's TwoLayerNet (784-50-10,
 * lossAndGradient + SGD step) on a fixed batch of the first 100 embedded MNIST digits.
 * bench/baseline/bench_numpy.py (kinds {@code affine}, {@code mnist_iter}) is the NumPy side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = {"@jvm.options"})
public class NnBenchmark {
    private Affine affine;
    private Tensor x;
    private Tensor dy;
    private TwoLayerNet net;
    private Sgd sgd;
    private Tensor xb;
    private Tensor tb;

    @Setup
    public void setup() throws IOException {
        affine = new Affine(Tensor.randn(1, DType.F32, 784, 50), Tensor.randn(2, DType.F32, 50));
        x = Tensor.randn(3, DType.F32, 100, 784);
        dy = Tensor.randn(4, DType.F32, 100, 50);
        Mnist.Dataset ds = Mnist.embedded(DType.F32);
        net = new TwoLayerNet(784, 50, 10, 0.01, new Rng(0), DType.F32);
        sgd = new Sgd(0.1);
        xb = ds.train().images().slice(0, 0, 100).contiguous();
        tb = Tensor.wrap(Arrays.stream(ds.train().labels(), 0, 100).asDoubleStream().toArray(), 100);
    }

    @Benchmark
    public Tensor affineForwardBackward() {
        affine.forward(x);
        return affine.backward(dy);
    }

    @Benchmark
    public double mnistIteration() {
        double loss = net.lossAndGradient(xb, tb);
        sgd.step(net.parameters());
        return loss;
    }
}
