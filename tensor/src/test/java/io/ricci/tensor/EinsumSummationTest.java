package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * einsum's long reductions sum pairwise (NumPy's pairwise summation): a million float64 values within
 * 1e-14 relative of the exact sum (double-double), also broadcast (stride 0, NumPy's
 * test_einsum_chunking_precision: 1e6 copies of 1 + 8196 eps, once 1.7e-12 off) and strided
 * operands, through Tensor.einsum and through both kernels; float32 within a few float32 ulps.
 */
class EinsumSummationTest {
    private static final int N = 1_000_000;

    static double[] data(String kind, long seed) {
        Random r = new Random(seed);
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = switch (kind) {
                case "const" -> 1 + Math.ulp(1.0) * 8196;
                case "uniform" -> r.nextDouble();
                default -> r.nextDouble() + 0.1 * r.nextGaussian(); // mostly positive, some cancellation
            };
        }
        return v;
    }

    /** The sum (of products) carried in two doubles (TwoSum, products split by fma): exact far beyond double. */
    static double exact(double[] a, double[] b, boolean f32) {
        double hi = 0, lo = 0;
        for (int i = 0; i < a.length; i++) {
            double x = f32 ? (float) a[i] : a[i];
            double y = b == null ? 1 : f32 ? (float) b[i] : b[i];
            double p = x * y;
            double pe = Math.fma(x, y, -p);
            double s = hi + p;
            double bb = s - hi;
            lo += (hi - (s - bb)) + (p - bb) + pe;
            hi = s;
        }
        return hi + lo;
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource(delimiter = '|', value = {
        "i-> | const | broadcast | F64",
        "i-> | uniform | contiguous | F64",
        "i-> | mixed | strided | F64",
        "i-> | mixed | contiguous | F64",
        "i,i-> | uniform | contiguous | F64",
        "i,i-> | mixed | strided | F64",
        "i,i-> | const | broadcast | F64",
        "ij->i | uniform | contiguous | F64",
        "i-> | const | broadcast | F32",
        "i-> | uniform | contiguous | F32",
        "i,i-> | uniform | contiguous | F32",
        "i,i-> | mixed | strided | F32",
        "i,i-> | mixed | contiguous | F32",
    })
    void longReductionsArePairwiseAccurate(String spec, String kind, String layout, DType dt) {
        double[] a = data(kind, 1), b = data(kind, 2);
        Tensor ta = operand(a, layout, dt), tb = operand(b, layout, dt);
        boolean f32 = dt == DType.F32;
        double want;
        double got;
        if (spec.equals("ij->i")) {
            Tensor rows = ta.reshape(2, N / 2);
            Tensor r = Tensor.einsum(spec, rows);
            double[] h0 = java.util.Arrays.copyOfRange(a, 0, N / 2);
            got = r.toDoubleArray()[0];
            want = exact(h0, null, f32);
        } else if (spec.equals("i->")) {
            got = Tensor.einsum(spec, ta).item();
            want = exact(a, null, f32);
        } else {
            got = Tensor.einsum(spec, ta, layout.equals("broadcast") ? ta : tb).item();
            want = exact(a, layout.equals("broadcast") ? a : b, f32);
        }
        // float32: each pairwise level can round once: a few float32 ulps of the sum (sequential summation
        // of a broadcast constant was 3e-2 off).
        double tol = f32 ? 4e-7 : 1e-14;
        assertThat(Math.abs(got - want) / Math.abs(want)).as("%s %s %s got %s want %s", spec, kind, layout, got, want)
                .isLessThanOrEqualTo(tol);
    }

    static Tensor operand(double[] v, String layout, DType dt) {
        return switch (layout) {
            case "broadcast" -> Tensor.scalar(dt, v[0]).broadcastTo(N);
            case "strided" -> {
                // the values at every other position of a 2N buffer: stride 2, the scalar kernel's path
                double[] w = new double[2 * N];
                for (int i = 0; i < N; i++) {
                    w[2 * i] = v[i];
                    w[2 * i + 1] = Double.NaN;
                }
                yield Tensor.of(w, 2 * N).astype(dt).slice(0, 0, 2 * N, 2);
            }
            default -> Tensor.of(v, N).astype(dt);
        };
    }

    /** Both kernels directly, unit stride and stride 0: the Vector API kernel within the scalar one's error of the exact sum. */
    @ParameterizedTest(name = "n={0}")
    @CsvSource({"1000000", "300001", "4097", "257", "255", "33"})
    void bothKernelsArePairwise(int n) {
        double[] a = java.util.Arrays.copyOf(data("mixed", 3), n), b = java.util.Arrays.copyOf(data("uniform", 4), n);
        double ws = exact(a, null, false), wd = exact(a, b, false);
        for (EinsumKernelF64 k : new EinsumKernelF64[] {EinsumScalarF64.INSTANCE, EinsumPanamaF64.INSTANCE}) {
            assertThat(Math.abs(k.sum(a, 0, 1, n) - ws)).as("%s sum", k).isLessThanOrEqualTo(1e-14 * Math.abs(ws));
            assertThat(Math.abs(k.dot(a, 0, 1, b, 0, 1, n) - wd)).as("%s dot", k).isLessThanOrEqualTo(1e-14 * Math.abs(wd));
            double c = 1 + Math.ulp(1.0) * 8196;
            assertThat(Math.abs(k.sum(new double[] {c}, 0, 0, n) / n - c)).as("%s broadcast", k).isLessThanOrEqualTo(2e-15);
        }
        float[] fa = new float[n], fb = new float[n];
        for (int i = 0; i < n; i++) {
            fa[i] = (float) a[i];
            fb[i] = (float) b[i];
        }
        double fs = exact(a, null, true), fd = exact(a, b, true);
        for (EinsumKernelF32 k : new EinsumKernelF32[] {EinsumScalarF32.INSTANCE, EinsumPanamaF32.INSTANCE}) {
            assertThat(Math.abs(k.sum(fa, 0, 1, n) - fs)).as("%s sum", k).isLessThanOrEqualTo(4e-7 * Math.abs(fs));
            assertThat(Math.abs(k.dot(fa, 0, 1, fb, 0, 1, n) - fd)).as("%s dot", k).isLessThanOrEqualTo(4e-7 * Math.abs(fd));
        }
    }
}
