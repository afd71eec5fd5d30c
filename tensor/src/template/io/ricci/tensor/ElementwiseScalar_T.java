package io.ricci.tensor;

/**
 * Plain-Java reference implementation of {@link ElementwiseKernels@T@}: one scalar expression per
 * element, in {@code @elem@} arithmetic with transcendental functions from {@link Math} rounded to
 * {@code @elem@}. It is the test oracle and the strided fallback of the vector implementation.
 */
@SuppressWarnings("cast") // a cast to @elem@ is needed in one generated dtype and redundant in the other
final class ElementwiseScalar@T@ implements ElementwiseKernels@T@ {
    static final ElementwiseScalar@T@ INSTANCE = new ElementwiseScalar@T@();

    private ElementwiseScalar@T@() {
    }

    /** The reference value of {@code op(x)}. */
    static @elem@ apply(UnaryOp op, @elem@ x) {
        return switch (op) {
            case NEG -> (@elem@) -x;
            case ABS -> Math.abs(x);
            case EXP -> exp(x);
            case LOG -> (@elem@) Math.log(x);
            case SQRT -> (@elem@) Math.sqrt(x);
            case TANH -> (@elem@) Math.tanh(x);
            case RELU -> Math.max(x, (@elem@) 0);
            case SIGMOID -> sigmoid(x);
            case SQUARE -> (@elem@) (x * x);
            case RECIPROCAL -> (@elem@) (1 / x);
        };
    }

    private static @elem@ sigmoid(@elem@ x) {
        @elem@ e = exp((@elem@) -Math.abs(x));
        @elem@ r = (@elem@) (1 / (1 + e));
        return x >= 0 ? r : (@elem@) (e * r);
    }

    // e^x as Ricci defines it, in @elem@ arithmetic from operations IEEE 754 rounds exactly (fma, +, ×,
    // min/max, exponent bits), so the SIMD kernel, which repeats the same steps lane by lane, gives the
    // same bits in every lane, compiled or interpreted (java.lang.Math.exp and the Vector API's EXP
    // differ in the last bit). Cody-Waite reduction x = n·ln2 + r, |r| <= ln2/2, with n rounded by the
    // 1.5·2^MANT trick (its low bits then hold n); e^r by its Taylor polynomial (degree 7 for float32,
    // 13 for float64: truncation below 0.1 ulp) in Estrin's scheme; the result scaled by 2^n1·2^(n-n1), n1 = rint(n/2),
    // so the last multiplication rounds once, also for subnormal results. Within 2 ulp of Math.exp.
    static final @elem@ EXP_HI = (@elem@) (@BYTES@ == 4 ? 89.0 : 710.0);
    static final @elem@ EXP_LO = (@elem@) (@BYTES@ == 4 ? -104.0 : -746.0);
    static final @elem@ EXP_MAGIC = (@elem@) (1.5 * (1L << @MANT@));
    static final @elem@ LOG2E = (@elem@) 1.4426950408889634;
    static final @elem@ LN2_HI = (@elem@) 0.693145751953125;
    static final @elem@ LN2_LO = (@elem@) 1.42860682030941723212e-6;
    /** 1/k! for k = 0 up to the degree (Estrin's scheme: a short dependency chain for the SIMD lanes). */
    static final @elem@[] EXP_TAYLOR = taylor(@BYTES@ == 4 ? 7 : 13);

    private static @elem@[] taylor(int degree) {
        @elem@[] c = new @elem@[degree + 1];
        double f = 1;
        for (int k = 1; k <= degree; k++) {
            f *= k;
        }
        for (int k = degree; k >= 0; k--) {
            c[k] = (@elem@) (1 / f);
            f /= Math.max(k, 1);
        }
        return c;
    }

    static @elem@ exp(@elem@ x) {
        @elem@ xc = Math.max(Math.min(x, EXP_HI), EXP_LO);
        @elem@ t = Math.fma(xc, LOG2E, EXP_MAGIC);
        @elem@ n = t - EXP_MAGIC;
        @elem@ r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        @elem@[] a = EXP_TAYLOR;
        @elem@ r2 = r * r;
        @elem@ r4 = r2 * r2;
        @elem@ p;
        if (@BYTES@ == 4) {
            @elem@ u0 = Math.fma(Math.fma(a[3], r, a[2]), r2, Math.fma(a[1], r, a[0]));
            @elem@ u1 = Math.fma(Math.fma(a[7], r, a[6]), r2, Math.fma(a[5], r, a[4]));
            p = Math.fma(u1, r4, u0);
        } else {
            @elem@ u0 = Math.fma(Math.fma(a[3], r, a[2]), r2, Math.fma(a[1], r, a[0]));
            @elem@ u1 = Math.fma(Math.fma(a[7], r, a[6]), r2, Math.fma(a[5], r, a[4]));
            @elem@ u2 = Math.fma(Math.fma(a[11], r, a[10]), r2, Math.fma(a[9], r, a[8]));
            @elem@ u3 = Math.fma(a[13], r, a[12]);
            p = Math.fma(Math.fma(u3, r4, u2), r4 * r4, Math.fma(u1, r4, u0));
        }
        // n = n1 + n2 with n1 = rint(n/2), both read from the low bits of n_i + MAGIC (no shift
        // right: AVX2 has no 64-bit arithmetic shift for the float64 lanes).
        @elem@ t1 = Math.fma(n, (@elem@) 0.5, EXP_MAGIC);
        @elem@ t2 = (n - (t1 - EXP_MAGIC)) + EXP_MAGIC;
        @elem@ s1 = @fromBits@((@toBits@(t1) - @toBits@(EXP_MAGIC) + @BIAS@) << @MANT@);
        @elem@ s2 = @fromBits@((@toBits@(t2) - @toBits@(EXP_MAGIC) + @BIAS@) << @MANT@);
        return p * s1 * s2;
    }

    /**
     * {@code a ** b} as C's {@code pow} (and so NumPy): {@link Math#pow} except that {@code 1 ** y} is 1
     * for every {@code y}, NaN included, and {@code (-1) ** ±inf} is 1, where Java gives NaN.
     */
    static @elem@ pow(@elem@ a, @elem@ b) {
        if (a == 1 || (a == -1 && Double.isInfinite(b))) {
            return 1;
        }
        return (@elem@) Math.pow(a, b);
    }

    /** The reference value of {@code op(a, b)}; comparisons give 1 or 0. */
    static @elem@ apply(BinaryOp op, @elem@ a, @elem@ b) {
        return switch (op) {
            case ADD -> (@elem@) (a + b);
            case SUB -> (@elem@) (a - b);
            case MUL -> (@elem@) (a * b);
            case DIV -> (@elem@) (a / b);
            case POW -> pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
        };
    }

    @Override
    public void unary(UnaryOp op, @elem@[] x, int xo, int xs, @elem@[] y, int yo, int ys, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = apply(op, x[xo + i * xs]);
        }
    }

    @Override
    public void binary(BinaryOp op, @elem@[] a, int ao, int as, @elem@[] b, int bo, int bs,
                       @elem@[] y, int yo, int ys, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = apply(op, a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void axpy(@elem@ alpha, @elem@[] x, int xo, @elem@[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            @elem@ t = alpha * x[xo + i];
            y[yo + i] = y[yo + i] + t;
        }
    }

    @Override
    public void where(@elem@[] m, int mo, int ms, @elem@[] a, int ao, int as, @elem@[] b, int bo, int bs,
                      @elem@[] y, int yo, int ys, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = m[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    @Override
    public double reduce(ReduceOp op, @elem@[] x, int xo, int xs, int n) {
        double acc = op.identity;
        for (int i = 0; i < n; i++) {
            acc = op.combine(acc, x[xo + i * xs]);
        }
        return acc;
    }

    @Override
    public void reduceInto(ReduceOp op, double[] acc, int ao, int as, @elem@[] x, int xo, int xs, int n) {
        for (int i = 0; i < n; i++) {
            acc[ao + i * as] = op.combine(acc[ao + i * as], x[xo + i * xs]);
        }
    }

    @Override
    public void softmax(@elem@[] x, int xo, @elem@[] y, int yo, int n) {
        double m = reduce(ReduceOp.MAX, x, xo, 1, n);
        // The raw maximum, as NumPy's x - x.max(): +inf or NaN in the row, or a row of -inf, makes it all NaN.
        @elem@ shift = (@elem@) m;
        double s = 0;
        for (int i = 0; i < n; i++) {
            @elem@ e = exp((@elem@) (x[xo + i] - shift));
            y[yo + i] = e;
            s += e;
        }
        @elem@ total = (@elem@) s;
        for (int i = 0; i < n; i++) {
            y[yo + i] = (@elem@) (y[yo + i] / total);
        }
    }

    @Override
    public int argExtreme(boolean max, @elem@[] x, int xo, int xs, int n) {
        int best = 0;
        @elem@ bv = x[xo];
        for (int i = 1; i < n && bv == bv; i++) {
            @elem@ v = x[xo + i * xs];
            if (v != v || (max ? v > bv : v < bv)) {
                best = i;
                bv = v;
            }
        }
        return best;
    }
}
