package io.ricci.tensor;

import java.util.StringJoiner;

/**
 * Run by {@link VectorizationTest} in a JVM started without {@code --add-modules
 * jdk.incubator.vector}: prints the kernel choice, a product, an element-wise reduction and an
 * einsum against its matmul, so the test can compare them with the scalar references.
 */
public final class NoVectorMain {
    static final int M = 7, K = 17, N = 33;

    private NoVectorMain() {
    }

    static Tensor a() {
        return Tensor.randn(new Rng(1), DType.F64, M, K);
    }

    static Tensor b() {
        return Tensor.randn(new Rng(2), DType.F64, K, N);
    }

    /** {@code sum(exp(x))} over 1..31 scaled, in plain Java. */
    static double expSum() {
        double s = 0;
        for (int i = 0; i < 31; i++) {
            s += Math.exp(i / 10.0);
        }
        return s;
    }

    public static void main(String[] args) {
        System.out.println(Vectorization.describe());
        System.out.println(values(a().matmul(b())));
        Tensor x = Tensor.arange(DType.F64, 0, 31, 1).div(Tensor.scalar(10.0));
        System.out.println(x.exp().sum().item());
        System.out.println(values(Tensor.einsum("ik,kn->in", a(), b())));
    }

    private static String values(Tensor c) {
        StringJoiner j = new StringJoiner(" ");
        for (int i = 0; i < M; i++) {
            for (int k = 0; k < N; k++) {
                j.add(Double.toString(c.get(i, k)));
            }
        }
        return j.toString();
    }
}
