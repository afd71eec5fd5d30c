package io.ricci.tensor;

/**
 * Plain-Java reference implementation of {@link ElementwiseKernelsF64}: one scalar expression per
 * element, in {@code double} arithmetic with transcendental functions from {@link Math} rounded to
 * {@code double}. It is the test oracle and the strided fallback of the vector implementation.
 */
@SuppressWarnings("cast") // a cast to the element type is redundant here and needed in the float32 copy
final class ElementwiseScalarF64 implements ElementwiseKernelsF64 {
    static final ElementwiseScalarF64 INSTANCE = new ElementwiseScalarF64();

    private ElementwiseScalarF64() {
    }

    /** The reference value of {@code op(x)}. */
    static double apply(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> (double) -x;
            case ABS -> Math.abs(x);
            case EXP -> exp(x);
            case LOG -> (double) Math.log(x);
            case SQRT -> (double) Math.sqrt(x);
            case TANH -> (double) Math.tanh(x);
            case RELU -> Math.max(x, (double) 0);
            case SIGMOID -> sigmoid(x);
            case SQUARE -> (double) (x * x);
            case RECIPROCAL -> (double) (1 / x);
            case SIN -> (double) StrictMath.sin(x);
            case COS -> (double) StrictMath.cos(x);
            case TAN -> (double) StrictMath.tan(x);
            case ARCSIN -> (double) StrictMath.asin(x);
            case ARCCOS -> (double) StrictMath.acos(x);
            case ARCTAN -> (double) StrictMath.atan(x);
            case SINH -> (double) StrictMath.sinh(x);
            case COSH -> (double) StrictMath.cosh(x);
            case FLOOR -> (double) Math.floor(x);
            case CEIL -> (double) Math.ceil(x);
            case RINT -> (double) Math.rint(x);
            case TRUNC -> x < 0 ? (double) Math.ceil(x) : (double) Math.floor(x);
            case SIGN -> x > 0 ? (double) 1 : x < 0 ? (double) -1 : x == 0 ? (double) 0 : x;
            case LOG1P -> (double) StrictMath.log1p(x);
            case EXPM1 -> (double) StrictMath.expm1(x);
            case LOG2 -> (double) Erf.log2(x);
            case LOG10 -> (double) StrictMath.log10(x);
            case ERF -> (double) Erf.erf(x);
        };
    }

    private static double sigmoid(double x) {
        double e = exp((double) -Math.abs(x));
        double r = (double) (1 / (1 + e));
        return x >= 0 ? r : (double) (e * r);
    }

    /** Element size, mantissa bits and exponent bias of this class's element type. */
    static final int BYTES = Double.BYTES, MANT = Double.PRECISION - 1, BIAS = Double.MAX_EXPONENT;

    // e^x as Ricci defines it, in double arithmetic from operations IEEE 754 rounds exactly (fma, +, ×,
    // min/max, exponent bits), so the SIMD kernel, which repeats the same steps lane by lane, gives the
    // same bits in every lane, compiled or interpreted (java.lang.Math.exp and the Vector API's EXP
    // differ in the last bit). Cody-Waite reduction x = n·ln2 + r, |r| <= ln2/2, with n rounded by the
    // 1.5·2^MANT trick (its low bits then hold n); e^r by its Taylor polynomial (degree 7 in float32,
    // 13 in float64: truncation below 0.1 ulp) in Estrin's scheme; the result scaled by 2^n1·2^(n-n1), n1 = rint(n/2),
    // so the last multiplication rounds once, also for subnormal results. Within 2 ulp of Math.exp.
    static final double EXP_HI = (double) (BYTES == 4 ? 89.0 : 710.0);
    static final double EXP_LO = (double) (BYTES == 4 ? -104.0 : -746.0);
    static final double EXP_MAGIC = (double) (1.5 * (1L << MANT));
    static final double LOG2E = (double) 1.4426950408889634;
    static final double LN2_HI = (double) 0.693145751953125;
    static final double LN2_LO = (double) 1.42860682030941723212e-6;
    /** 1/k! for k = 0 up to the degree (Estrin's scheme: a short dependency chain for the SIMD lanes). */
    static final double[] EXP_TAYLOR = taylor(BYTES == 4 ? 7 : 13);

    private static double[] taylor(int degree) {
        double[] c = new double[degree + 1];
        double f = 1; // stays double
        for (int k = 1; k <= degree; k++) {
            f *= k;
        }
        for (int k = degree; k >= 0; k--) {
            c[k] = (double) (1 / f);
            f /= Math.max(k, 1);
        }
        return c;
    }

    static double exp(double x) {
        double xc = Math.max(Math.min(x, EXP_HI), EXP_LO);
        double t = Math.fma(xc, LOG2E, EXP_MAGIC);
        double n = t - EXP_MAGIC;
        double r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        double[] a = EXP_TAYLOR;
        double r2 = r * r;
        double r4 = r2 * r2;
        double p;
        if (BYTES == 4) {
            double u0 = Math.fma(Math.fma(a[3], r, a[2]), r2, Math.fma(a[1], r, a[0]));
            double u1 = Math.fma(Math.fma(a[7], r, a[6]), r2, Math.fma(a[5], r, a[4]));
            p = Math.fma(u1, r4, u0);
        } else {
            double u0 = Math.fma(Math.fma(a[3], r, a[2]), r2, Math.fma(a[1], r, a[0]));
            double u1 = Math.fma(Math.fma(a[7], r, a[6]), r2, Math.fma(a[5], r, a[4]));
            double u2 = Math.fma(Math.fma(a[11], r, a[10]), r2, Math.fma(a[9], r, a[8]));
            double u3 = Math.fma(a[13], r, a[12]);
            p = Math.fma(Math.fma(u3, r4, u2), r4 * r4, Math.fma(u1, r4, u0));
        }
        // n = n1 + n2 with n1 = rint(n/2), both read from the low bits of n_i + MAGIC (no shift
        // right: AVX2 has no 64-bit arithmetic shift for the float64 lanes).
        double t1 = Math.fma(n, (double) 0.5, EXP_MAGIC);
        double t2 = (n - (t1 - EXP_MAGIC)) + EXP_MAGIC;
        double s1 = Double.longBitsToDouble((Double.doubleToRawLongBits(t1) - Double.doubleToRawLongBits(EXP_MAGIC) + BIAS) << MANT);
        double s2 = Double.longBitsToDouble((Double.doubleToRawLongBits(t2) - Double.doubleToRawLongBits(EXP_MAGIC) + BIAS) << MANT);
        return p * s1 * s2;
    }

    /**
     * {@code a ** b} as C's {@code pow} (and so NumPy): {@link Math#pow} except that {@code 1 ** y} is 1
     * for every {@code y}, NaN included, and {@code (-1) ** ±inf} is 1, where Java gives NaN.
     */
    static double pow(double a, double b) {
        if (a == 1 || (a == -1 && Double.isInfinite(b))) {
            return 1;
        }
        return (double) Math.pow(a, b);
    }

    /** The reference value of {@code op(a, b)}; comparisons give 1 or 0. */
    static double apply(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> (double) (a + b);
            case SUB -> (double) (a - b);
            case MUL -> (double) (a * b);
            case DIV -> (double) (a / b);
            case POW -> pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case ARCTAN2 -> (double) StrictMath.atan2(a, b);
            case HYPOT -> (double) StrictMath.hypot(a, b);
            case FMOD -> (double) (a % b);
            case FMAX -> a != a ? b : b != b ? a : Math.max(a, b);
            case FMIN -> a != a ? b : b != b ? a : Math.min(a, b);
        };
    }

    @Override
    public void unary(UnaryOp op, double[] x, int xo, int xs, double[] y, int yo, int ys, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = apply(op, x[xo + i * xs]);
        }
    }

    @Override
    public void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs,
                       double[] y, int yo, int ys, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = apply(op, a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            double t = alpha * x[xo + i];
            y[yo + i] = y[yo + i] + t;
        }
    }

    @Override
    public void where(double[] m, int mo, int ms, double[] a, int ao, int as, double[] b, int bo, int bs,
                      double[] y, int yo, int ys, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i * ys] = m[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    @Override
    public double // stays double
    reduce(ReduceOp op, double[] x, int xo, int xs, int n) {
        double acc = op.identity; // stays double
        for (int i = 0; i < n; i++) {
            acc = op.combine(acc, x[xo + i * xs]);
        }
        return acc;
    }

    @Override
    public void reduceInto(ReduceOp op,
            double[] acc, // stays double
            int ao, int as, double[] x, int xo, int xs, int n) {
        for (int i = 0; i < n; i++) {
            acc[ao + i * as] = op.combine(acc[ao + i * as], x[xo + i * xs]);
        }
    }

    @Override
    public void softmax(double[] x, int xo, double[] y, int yo, int n) {
        double m = reduce(ReduceOp.MAX, x, xo, 1, n); // stays double
        // The raw maximum, as NumPy's x - x.max(): +inf or NaN in the row, or a row of -inf, makes it all NaN.
        double shift = (double) m;
        double s = 0; // stays double
        for (int i = 0; i < n; i++) {
            double e = exp((double) (x[xo + i] - shift));
            y[yo + i] = e;
            s += e;
        }
        double total = (double) s;
        for (int i = 0; i < n; i++) {
            y[yo + i] = (double) (y[yo + i] / total);
        }
    }

    @Override
    public int argExtreme(boolean max, double[] x, int xo, int xs, int n) {
        int best = 0;
        double bv = x[xo];
        for (int i = 1; i < n && bv == bv; i++) {
            double v = x[xo + i * xs];
            if (v != v || (max ? v > bv : v < bv)) {
                best = i;
                bv = v;
            }
        }
        return best;
    }
}
