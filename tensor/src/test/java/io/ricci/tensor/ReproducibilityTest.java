package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Vector API kernels give the same bits before and after C2 compiles them. Each case computes a
 * result on the first (interpreted) call, then again after enough calls for the JIT to compile the
 * kernel, and requires bit equality: Vector API {@code reduceLanes(ADD)} and {@code lanewise(EXP)} broke
 * this (tree-ordered lane sums and a vector math library in compiled code only), which made seeded
 * MNIST training runs differ from run to run.
 */
class ReproducibilityTest {
    private static final int WARM_CALLS = 30_000;

    private static float[] data(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rng.nextGaussian() * 4);
        }
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = UnaryOp.class, names = {"EXP", "LOG", "TANH", "SIGMOID"})
    void transcendentalsMatchThemselvesAndTheScalarReferenceAfterCompilation(UnaryOp op) {
        float[] x = data(203, 7);
        if (op == UnaryOp.LOG) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.abs(x[i]) + 1e-3f;
            }
        }
        float[] cold = new float[x.length];
        ElementwisePanamaF32.INSTANCE.unary(op, x, 0, 1, cold, 0, 1, x.length);
        float[] warm = new float[x.length];
        for (int rep = 0; rep < WARM_CALLS; rep++) {
            ElementwisePanamaF32.INSTANCE.unary(op, x, 0, 1, warm, 0, 1, x.length);
        }
        float[] ref = new float[x.length];
        ElementwiseScalarF32.INSTANCE.unary(op, x, 0, 1, ref, 0, 1, x.length);
        assertThat(warm).as("%s after JIT compilation", op).containsExactly(cold);
        assertThat(warm).as("%s vs scalar reference", op).containsExactly(ref);
    }

    @Test
    void sumsAndDotsGiveTheSameBitsCompiledAndInterpreted() {
        float[] x = data(1001, 11);
        float[] y = data(1001, 12);
        double coldSum = ElementwisePanamaF32.INSTANCE.reduce(ReduceOp.SUM, x, 0, 1, x.length);
        float coldDot = EinsumPanamaF32.INSTANCE.dot(x, 0, 1, y, 0, 1, x.length);
        double warmSum = 0;
        float warmDot = 0;
        for (int rep = 0; rep < WARM_CALLS; rep++) {
            warmSum = ElementwisePanamaF32.INSTANCE.reduce(ReduceOp.SUM, x, 0, 1, x.length);
            warmDot = EinsumPanamaF32.INSTANCE.dot(x, 0, 1, y, 0, 1, x.length);
        }
        assertThat(Double.doubleToRawLongBits(warmSum)).isEqualTo(Double.doubleToRawLongBits(coldSum));
        assertThat(Float.floatToRawIntBits(warmDot)).isEqualTo(Float.floatToRawIntBits(coldDot));
    }

    @Test
    void softmaxGivesTheSameBitsCompiledAndInterpreted() {
        float[] x = data(37, 13);
        float[] cold = new float[x.length];
        ElementwisePanamaF32.INSTANCE.softmax(x, 0, cold, 0, x.length);
        float[] warm = new float[x.length];
        for (int rep = 0; rep < WARM_CALLS; rep++) {
            ElementwisePanamaF32.INSTANCE.softmax(x, 0, warm, 0, x.length);
        }
        assertThat(warm).containsExactly(cold);
    }
}
