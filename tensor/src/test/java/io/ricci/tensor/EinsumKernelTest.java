package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The SIMD einsum kernels against the scalar reference, at sizes around the lane width and unroll. */
class EinsumKernelTest {
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases() {
        int[] sizes = {0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97};
        int[][] strides = {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 3}, {-1, 1}};
        java.util.List<org.junit.jupiter.params.provider.Arguments> c = new java.util.ArrayList<>();
        for (int n : sizes) {
            for (int[] s : strides) {
                c.add(org.junit.jupiter.params.provider.Arguments.of(n, s[0], s[1]));
            }
        }
        return c.stream();
    }

    private static double[] data(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = 2 * r.nextDouble() - 1;
        }
        return d;
    }

    @ParameterizedTest(name = "n={0} strides={1},{2}")
    @MethodSource("cases")
    void f64KernelsMatchScalar(int n, int sa, int sb) {
        Random r = new Random(n * 31L + sa * 7L + sb);
        int len = 3 * n + 4;
        double[] a = data(r, len), b = data(r, len);
        int pa = sa < 0 ? len - 1 : 1, pb = 2;
        EinsumKernelF64 v = EinsumPanamaF64.INSTANCE, s = EinsumScalarF64.INSTANCE;
        double tol = 1e-12 * (n + 1);
        assertThat(v.sum(a, pa, sa, n)).isCloseTo(s.sum(a, pa, sa, n), within(tol));
        assertThat(v.dot(a, pa, sa, b, pb, sb, n)).isCloseTo(s.dot(a, pa, sa, b, pb, sb, n), within(tol));
        double[] o1 = data(new Random(5), len), o2 = o1.clone();
        v.add(o1, 3, 1, a, pa, sa, n);
        s.add(o2, 3, 1, a, pa, sa, n);
        assertThat(o1).containsExactly(o2, within(tol));
        v.mulAdd(o1, 1, 1, a, pa, sa, b, pb, sb, n);
        s.mulAdd(o2, 1, 1, a, pa, sa, b, pb, sb, n);
        assertThat(o1).containsExactly(o2, within(tol));
        v.mulAdd(o1, 0, 2, a, pa, sa, b, pb, sb, n);
        s.mulAdd(o2, 0, 2, a, pa, sa, b, pb, sb, n);
        assertThat(o1).containsExactly(o2, within(tol));
    }

    @ParameterizedTest(name = "n={0} strides={1},{2}")
    @MethodSource("cases")
    void f32KernelsMatchScalar(int n, int sa, int sb) {
        Random r = new Random(n * 31L + sa * 7L + sb);
        int len = 3 * n + 4;
        float[] a = new float[len], b = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = (float) (2 * r.nextDouble() - 1);
            b[i] = (float) (2 * r.nextDouble() - 1);
        }
        int pa = sa < 0 ? len - 1 : 1, pb = 2;
        EinsumKernelF32 v = EinsumPanamaF32.INSTANCE, s = EinsumScalarF32.INSTANCE;
        float tol = 1e-5f * (n + 1);
        assertThat(v.sum(a, pa, sa, n)).isCloseTo(s.sum(a, pa, sa, n), within(tol));
        assertThat(v.dot(a, pa, sa, b, pb, sb, n)).isCloseTo(s.dot(a, pa, sa, b, pb, sb, n), within(tol));
        float[] o1 = new float[len];
        float[] o2 = new float[len];
        v.mulAdd(o1, 1, 1, a, pa, sa, b, pb, sb, n);
        s.mulAdd(o2, 1, 1, a, pa, sa, b, pb, sb, n);
        v.add(o1, 3, 1, a, pa, sa, n);
        s.add(o2, 3, 1, a, pa, sa, n);
        assertThat(o1).containsExactly(o2, within(tol));
        // The reference itself against a plain double computation.
        double want = 0;
        for (int i = 0; i < n; i++) {
            want += (double) a[pa + i * sa] * b[pb + i * sb];
        }
        assertThat((double) v.dot(a, pa, sa, b, pb, sb, n)).isCloseTo(want, within(1e-5 * (n + 1)));
    }
}
