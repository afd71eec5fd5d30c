package io.ricci.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link EinsumKernelF64}: SIMD when the streamed operands have
 * stride 1 (a second operand may also have stride 0, i.e. broadcast), the scalar loops otherwise.
 * Reductions keep four independent vector accumulators, pairwise over long runs, so float sums
 * differ from the scalar order by rounding only. The float32 class is generated from this file (tensor/pom.xml, generate-f32).
 */
final class EinsumPanamaF64 implements EinsumKernelF64 {
    static final EinsumPanamaF64 INSTANCE = new EinsumPanamaF64();
    private static final VectorSpecies<Double> S = VectorSpecies.of(double.class, PanamaKernels.SHAPE);
    private static final int L = S.length();
    private static final EinsumScalarF64 SCALAR = EinsumScalarF64.INSTANCE;

    private EinsumPanamaF64() {
    }

    /**
     * Unit-stride runs longer than this (a multiple of 4 lanes) are summed pairwise on the vector
     * accumulators: block sums combined in a tree, the lanes added once at the end, so
     * the rounding error grows with log n as in NumPy's pairwise summation; shorter runs keep the
     * plain four-accumulator loop (and its bits).
     */
    private static final int BLOCK = Math.max(256, 4 * L);

    @Override
    public double sum(double[] a, int pa, int sa, int n) {
        if (sa != 1 || n < 2 * L) {
            return SCALAR.sum(a, pa, sa, n);
        }
        int m = S.loopBound(n);
        double s = sumLanes(sumVector(a, pa, m));
        for (int i = m; i < n; i++) {
            s += a[pa + i];
        }
        return s;
    }

    /**
     * The lane-wise sums of {@code a[pa..pa+m)}, {@code m} a multiple of the lane count: blocks of
     * {@link #BLOCK} combined as a binary counter (cascade summation, the pairwise tree without
     * recursion, so no vector is boxed), the level sums kept in a small array.
     */
    private static DoubleVector sumVector(double[] a, int pa, int m) {
        if (m <= BLOCK) {
            return sumBlock(a, pa, m);
        }
        double[] stack = new double[64 * L];
        int levels = 0;
        int count = 0;
        for (int p = 0; p < m; p += BLOCK) {
            DoubleVector v = sumBlock(a, pa + p, Math.min(BLOCK, m - p));
            count++;
            for (int c = count; (c & 1) == 0; c >>>= 1) {
                levels--;
                v = DoubleVector.fromArray(S, stack, levels * L).add(v);
            }
            v.intoArray(stack, levels * L);
            levels++;
        }
        return collapse(stack, levels);
    }

    /** The level sums of a cascade added from the smallest (latest) up. */
    private static DoubleVector collapse(double[] stack, int levels) {
        DoubleVector v = DoubleVector.fromArray(S, stack, (levels - 1) * L);
        for (int l = levels - 2; l >= 0; l--) {
            v = DoubleVector.fromArray(S, stack, l * L).add(v);
        }
        return v;
    }

    private static DoubleVector sumBlock(double[] a, int pa, int m) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S), s2 = DoubleVector.zero(S), s3 = DoubleVector.zero(S);
        int i = 0;
        for (int bound = m - 4 * L; i <= bound; i += 4 * L) {
            s0 = s0.add(DoubleVector.fromArray(S, a, pa + i));
            s1 = s1.add(DoubleVector.fromArray(S, a, pa + i + L));
            s2 = s2.add(DoubleVector.fromArray(S, a, pa + i + 2 * L));
            s3 = s3.add(DoubleVector.fromArray(S, a, pa + i + 3 * L));
        }
        for (; i < m; i += L) {
            s0 = s0.add(DoubleVector.fromArray(S, a, pa + i));
        }
        return s0.add(s1).add(s2.add(s3));
    }

    @Override
    public double dot(double[] a, int pa, int sa, double[] b, int pb, int sb, int n) {
        if (n < 2 * L) {
            return SCALAR.dot(a, pa, sa, b, pb, sb, n);
        }
        if (sa == 0 && sb == 1) {
            return a[pa] * sum(b, pb, 1, n);
        }
        if (sb == 0 && sa == 1) {
            return b[pb] * sum(a, pa, 1, n);
        }
        if (sa != 1 || sb != 1) {
            return SCALAR.dot(a, pa, sa, b, pb, sb, n);
        }
        int m = S.loopBound(n);
        double s = sumLanes(dotVector(a, pa, b, pb, m));
        for (int i = m; i < n; i++) {
            s += a[pa + i] * b[pb + i];
        }
        return s;
    }

    /** The lane-wise sums of {@code a[pa+i]·b[pb+i]}, {@code i < m}, {@code m} a multiple of the lane count, as {@link #sumVector}. */
    private static DoubleVector dotVector(double[] a, int pa, double[] b, int pb, int m) {
        if (m <= BLOCK) {
            return dotBlock(a, pa, b, pb, m);
        }
        double[] stack = new double[64 * L];
        int levels = 0;
        int count = 0;
        for (int p = 0; p < m; p += BLOCK) {
            DoubleVector v = dotBlock(a, pa + p, b, pb + p, Math.min(BLOCK, m - p));
            count++;
            for (int c = count; (c & 1) == 0; c >>>= 1) {
                levels--;
                v = DoubleVector.fromArray(S, stack, levels * L).add(v);
            }
            v.intoArray(stack, levels * L);
            levels++;
        }
        return collapse(stack, levels);
    }

    private static DoubleVector dotBlock(double[] a, int pa, double[] b, int pb, int m) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S), s2 = DoubleVector.zero(S), s3 = DoubleVector.zero(S);
        int i = 0;
        for (int bound = m - 4 * L; i <= bound; i += 4 * L) {
            s0 = DoubleVector.fromArray(S, a, pa + i).fma(DoubleVector.fromArray(S, b, pb + i), s0);
            s1 = DoubleVector.fromArray(S, a, pa + i + L).fma(DoubleVector.fromArray(S, b, pb + i + L), s1);
            s2 = DoubleVector.fromArray(S, a, pa + i + 2 * L).fma(DoubleVector.fromArray(S, b, pb + i + 2 * L), s2);
            s3 = DoubleVector.fromArray(S, a, pa + i + 3 * L).fma(DoubleVector.fromArray(S, b, pb + i + 3 * L), s3);
        }
        for (; i < m; i += L) {
            s0 = DoubleVector.fromArray(S, a, pa + i).fma(DoubleVector.fromArray(S, b, pb + i), s0);
        }
        return s0.add(s1).add(s2.add(s3));
    }

    @Override
    public void add(double[] o, int po, int so, double[] a, int pa, int sa, int n) {
        if (so != 1 || n < L || (sa != 0 && sa != 1)) {
            SCALAR.add(o, po, so, a, pa, sa, n);
            return;
        }
        int i = 0;
        int bound = S.loopBound(n);
        if (sa == 1) {
            for (; i < bound; i += L) {
                DoubleVector.fromArray(S, o, po + i).add(DoubleVector.fromArray(S, a, pa + i)).intoArray(o, po + i);
            }
        } else {
            DoubleVector va = DoubleVector.broadcast(S, a[pa]);
            for (; i < bound; i += L) {
                DoubleVector.fromArray(S, o, po + i).add(va).intoArray(o, po + i);
            }
        }
        for (; i < n; i++) {
            o[po + i] += a[pa + i * sa];
        }
    }

    @Override
    public void mulAdd(double[] o, int po, int so, double[] a, int pa, int sa, double[] b, int pb, int sb, int n) {
        if (so != 1 || n < L) {
            SCALAR.mulAdd(o, po, so, a, pa, sa, b, pb, sb, n);
            return;
        }
        if (sa == 0 && sb == 1) {
            axpy(o, po, a[pa], b, pb, n);
        } else if (sb == 0 && sa == 1) {
            axpy(o, po, b[pb], a, pa, n);
        } else if (sa == 1 && sb == 1) {
            int i = 0;
            for (int bound = S.loopBound(n); i < bound; i += L) {
                DoubleVector.fromArray(S, a, pa + i).fma(DoubleVector.fromArray(S, b, pb + i), DoubleVector.fromArray(S, o, po + i))
                        .intoArray(o, po + i);
            }
            for (; i < n; i++) {
                o[po + i] += a[pa + i] * b[pb + i];
            }
        } else {
            SCALAR.mulAdd(o, po, so, a, pa, sa, b, pb, sb, n);
        }
    }

    /** {@code o[po+i] += x·b[pb+i]}. */
    private static void axpy(double[] o, int po, double x, double[] b, int pb, int n) {
        DoubleVector vx = DoubleVector.broadcast(S, x);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, b, pb + i).fma(vx, DoubleVector.fromArray(S, o, po + i)).intoArray(o, po + i);
        }
        for (; i < n; i++) {
            o[po + i] += x * b[pb + i];
        }
    }

    /**
     * The lanes of {@code v} added left to right. Not {@code reduceLanes(ADD)}: C2's intrinsic adds the
     * lanes in a tree while the interpreter adds them in order, so the same input rounded differently
     * depending on when the method got compiled, and a seeded training run was not reproducible.
     */
    private static double sumLanes(DoubleVector v) {
        double[] lanes = new double[L];
        v.intoArray(lanes, 0);
        double s = lanes[0];
        for (int i = 1; i < L; i++) {
            s += lanes[i];
        }
        return s;
    }
}
