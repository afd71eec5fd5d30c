package io.ricci.tensor;

import jdk.incubator.vector.@Vector@;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link EinsumKernel@T@}: SIMD when the streamed operands have
 * stride 1 (a second operand may also have stride 0, i.e. broadcast), the scalar loops otherwise.
 * Reductions keep four independent vector accumulators, so float sums differ from the scalar
 * order by rounding only. Generated from {@code EinsumPanama_T.java}.
 */
final class EinsumPanama@T@ implements EinsumKernel@T@ {
    static final EinsumPanama@T@ INSTANCE = new EinsumPanama@T@();
    private static final VectorSpecies<@Elem@> S = @Vector@.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final EinsumScalar@T@ SCALAR = EinsumScalar@T@.INSTANCE;

    private EinsumPanama@T@() {
    }

    @Override
    public @elem@ sum(@elem@[] a, int pa, int sa, int n) {
        if (sa != 1 || n < 2 * L) {
            return SCALAR.sum(a, pa, sa, n);
        }
        @Vector@ s0 = @Vector@.zero(S), s1 = @Vector@.zero(S), s2 = @Vector@.zero(S), s3 = @Vector@.zero(S);
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            s0 = s0.add(@Vector@.fromArray(S, a, pa + i));
            s1 = s1.add(@Vector@.fromArray(S, a, pa + i + L));
            s2 = s2.add(@Vector@.fromArray(S, a, pa + i + 2 * L));
            s3 = s3.add(@Vector@.fromArray(S, a, pa + i + 3 * L));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            s0 = s0.add(@Vector@.fromArray(S, a, pa + i));
        }
        @elem@ s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            s += a[pa + i];
        }
        return s;
    }

    @Override
    public @elem@ dot(@elem@[] a, int pa, int sa, @elem@[] b, int pb, int sb, int n) {
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
        @Vector@ s0 = @Vector@.zero(S), s1 = @Vector@.zero(S), s2 = @Vector@.zero(S), s3 = @Vector@.zero(S);
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            s0 = @Vector@.fromArray(S, a, pa + i).fma(@Vector@.fromArray(S, b, pb + i), s0);
            s1 = @Vector@.fromArray(S, a, pa + i + L).fma(@Vector@.fromArray(S, b, pb + i + L), s1);
            s2 = @Vector@.fromArray(S, a, pa + i + 2 * L).fma(@Vector@.fromArray(S, b, pb + i + 2 * L), s2);
            s3 = @Vector@.fromArray(S, a, pa + i + 3 * L).fma(@Vector@.fromArray(S, b, pb + i + 3 * L), s3);
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            s0 = @Vector@.fromArray(S, a, pa + i).fma(@Vector@.fromArray(S, b, pb + i), s0);
        }
        @elem@ s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            s += a[pa + i] * b[pb + i];
        }
        return s;
    }

    @Override
    public void add(@elem@[] o, int po, int so, @elem@[] a, int pa, int sa, int n) {
        if (so != 1 || n < L || (sa != 0 && sa != 1)) {
            SCALAR.add(o, po, so, a, pa, sa, n);
            return;
        }
        int i = 0;
        int bound = S.loopBound(n);
        if (sa == 1) {
            for (; i < bound; i += L) {
                @Vector@.fromArray(S, o, po + i).add(@Vector@.fromArray(S, a, pa + i)).intoArray(o, po + i);
            }
        } else {
            @Vector@ va = @Vector@.broadcast(S, a[pa]);
            for (; i < bound; i += L) {
                @Vector@.fromArray(S, o, po + i).add(va).intoArray(o, po + i);
            }
        }
        for (; i < n; i++) {
            o[po + i] += a[pa + i * sa];
        }
    }

    @Override
    public void mulAdd(@elem@[] o, int po, int so, @elem@[] a, int pa, int sa, @elem@[] b, int pb, int sb, int n) {
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
                @Vector@.fromArray(S, a, pa + i).fma(@Vector@.fromArray(S, b, pb + i), @Vector@.fromArray(S, o, po + i))
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
    private static void axpy(@elem@[] o, int po, @elem@ x, @elem@[] b, int pb, int n) {
        @Vector@ vx = @Vector@.broadcast(S, x);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            @Vector@.fromArray(S, b, pb + i).fma(vx, @Vector@.fromArray(S, o, po + i)).intoArray(o, po + i);
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
    private static @elem@ sumLanes(@Vector@ v) {
        @elem@[] lanes = new @elem@[L];
        v.intoArray(lanes, 0);
        @elem@ s = lanes[0];
        for (int i = 1; i < L; i++) {
            s += lanes[i];
        }
        return s;
    }
}
