package io.ricci.tensor;

import jdk.incubator.vector.DoubleVector; // stays double
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ElementwiseKernelsF64} on the JDK Vector API: the only class of the elementwise family that
 * imports {@code jdk.incubator.vector}. Runs whose strides are all 1 (or 0 for a broadcast scalar
 * operand) go through SIMD loops, one small method per op with its vector operator as a constant
 * (a non-constant operator is not intrinsified and falls back to a slow Java path); everything else,
 * and the tail after {@code loopBound}, goes to the scalar reference {@link ElementwiseScalarF64}.
 * Transcendental lanes (EXP, LOG, TANH, POW) come from the JDK's vector math library and may differ
 * from {@link Math} by an ulp or so, so results are compared with tolerances.
 *
 * <p>The float32 class is generated from this file (tensor/pom.xml, generate-f32).
 */
@SuppressWarnings("cast") // a cast to the element type is redundant here and needed in the float32 copy
final class ElementwisePanamaF64 implements ElementwiseKernelsF64 {
    private static final int BYTES = ElementwiseScalarF64.BYTES, MANT = ElementwiseScalarF64.MANT,
            BIAS = ElementwiseScalarF64.BIAS;
    static final ElementwisePanamaF64 INSTANCE = new ElementwisePanamaF64();

    private static final VectorSpecies<Double> S = VectorSpecies.of(double.class, PanamaKernels.SHAPE);
    private static final int L = S.length();
    private static final ElementwiseScalarF64 REF = ElementwiseScalarF64.INSTANCE;
    /**
     * Elements summed in vector lanes before the partial sum is moved to a float64: 4 accumulators of
     * L lanes each see BLOCK/(4·L) additions, which bounds float32 rounding error growth.
     */
    private static final int BLOCK = 1024;
    /** Float64 accumulators of the vertical sums. */
    private static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, PanamaKernels.SHAPE); // stays double
    /** As many {@code double} lanes as DS has doubles, so one load widens into one accumulator vector. */
    private static final VectorSpecies<Double> WS = VectorSpecies.of(double.class,
            VectorShape.forBitSize(DS.length() * BYTES * 8));

    private ElementwisePanamaF64() {
    }

    @Override
    public void unary(UnaryOp op, double[] x, int xo, int xs, double[] y, int yo, int ys, int n) {
        if (xs != 1 || ys != 1 || n < L) {
            REF.unary(op, x, xo, xs, y, yo, ys, n);
            return;
        }
        switch (op) {
            case NEG -> neg(x, xo, y, yo, n);
            case ABS -> abs(x, xo, y, yo, n);
            // Not lanewise(EXP/LOG/TANH): C2 computes those with a vector math library whose last
            // bit differs from the interpreter's java.lang.Math, so results (and a seeded training
            // run) changed with JIT timing. exp repeats the reference's exactly rounded steps; the
            // others call java.lang.Math, which gives the same bits in every execution mode.
            case EXP -> exp(x, xo, y, yo, n);
            // The functions of issue 18 too: VectorOperators.SIN etc. are SVML's, not StrictMath's bits.
            default -> REF.unary(op, x, xo, 1, y, yo, 1, n);
            case SQRT -> sqrt(x, xo, y, yo, n);
            case RELU -> relu(x, xo, y, yo, n);
            case SQUARE -> square(x, xo, y, yo, n);
            case RECIPROCAL -> reciprocal(x, xo, y, yo, n);
        }
    }

    @Override
    public void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs,
                       double[] y, int yo, int ys, int n) {
        if (ys != 1 || n < L || (as & ~1) != 0 || (bs & ~1) != 0) {
            REF.binary(op, a, ao, as, b, bo, bs, y, yo, ys, n);
        } else if (as == 1 && bs == 1) {
            vv(op, a, ao, b, bo, y, yo, n);
        } else if (as == 1) {
            vs(op, a, ao, b[bo], y, yo, n);
        } else if (bs == 1) {
            BinaryOp sw = op.swapped();
            if (sw != null) {
                vs(sw, b, bo, a[ao], y, yo, n);
            } else {
                sv(op, a[ao], b, bo, y, yo, n);
            }
        } else {
            java.util.Arrays.fill(y, yo, yo + n, ElementwiseScalarF64.apply(op, a[ao], b[bo]));
        }
    }

    private static void vv(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        switch (op) {
            case ADD -> addVV(a, ao, b, bo, y, yo, n);
            case SUB -> subVV(a, ao, b, bo, y, yo, n);
            case MUL -> mulVV(a, ao, b, bo, y, yo, n);
            case DIV -> divVV(a, ao, b, bo, y, yo, n);
            case POW -> REF.binary(op, a, ao, 1, b, bo, 1, y, yo, 1, n);
            case MAX -> maxVV(a, ao, b, bo, y, yo, n);
            case MIN -> minVV(a, ao, b, bo, y, yo, n);
            case EQ -> eqVV(a, ao, b, bo, y, yo, n);
            case NE -> neVV(a, ao, b, bo, y, yo, n);
            case LT -> ltVV(a, ao, b, bo, y, yo, n);
            case LE -> leVV(a, ao, b, bo, y, yo, n);
            case GT -> gtVV(a, ao, b, bo, y, yo, n);
            case GE -> geVV(a, ao, b, bo, y, yo, n);
            default -> REF.binary(op, a, ao, 1, b, bo, 1, y, yo, 1, n);
        }
    }

    private static void vs(BinaryOp op, double[] a, int ao, double s, double[] y, int yo, int n) {
        switch (op) {
            case ADD -> addVS(a, ao, s, y, yo, n);
            case SUB -> subVS(a, ao, s, y, yo, n);
            case MUL -> mulVS(a, ao, s, y, yo, n);
            case DIV -> divVS(a, ao, s, y, yo, n);
            case POW -> REF.binary(op, a, ao, 1, new double[] {s}, 0, 0, y, yo, 1, n);
            case MAX -> maxVS(a, ao, s, y, yo, n);
            case MIN -> minVS(a, ao, s, y, yo, n);
            case EQ -> eqVS(a, ao, s, y, yo, n);
            case NE -> neVS(a, ao, s, y, yo, n);
            case LT -> ltVS(a, ao, s, y, yo, n);
            case LE -> leVS(a, ao, s, y, yo, n);
            case GT -> gtVS(a, ao, s, y, yo, n);
            case GE -> geVS(a, ao, s, y, yo, n);
            default -> REF.binary(op, a, ao, 1, new double[] {s}, 0, 0, y, yo, 1, n);
        }
    }

    /** Scalar first operand for the ops that cannot swap their operands. */
    private static void sv(BinaryOp op, double s, double[] b, int bo, double[] y, int yo, int n) {
        switch (op) {
            case SUB -> subSV(s, b, bo, y, yo, n);
            case DIV -> divSV(s, b, bo, y, yo, n);
            default -> REF.binary(op, new double[] {s}, 0, 0, b, bo, 1, y, yo, 1, n);
        }
    }

    private static void neg(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, xo + i);
            v.neg().intoArray(y, yo + i);
        }
        REF.unary(UnaryOp.NEG, x, xo + i, 1, y, yo + i, 1, n - i);
    }

    private static void abs(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, xo + i);
            v.abs().intoArray(y, yo + i);
        }
        REF.unary(UnaryOp.ABS, x, xo + i, 1, y, yo + i, 1, n - i);
    }

    private static void sqrt(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, xo + i);
            v.lanewise(VectorOperators.SQRT).intoArray(y, yo + i);
        }
        REF.unary(UnaryOp.SQRT, x, xo + i, 1, y, yo + i, 1, n - i);
    }

    private static void relu(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, xo + i);
            v.lanewise(VectorOperators.MAX, 0).intoArray(y, yo + i);
        }
        REF.unary(UnaryOp.RELU, x, xo + i, 1, y, yo + i, 1, n - i);
    }

    private static void square(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, xo + i);
            v.mul(v).intoArray(y, yo + i);
        }
        REF.unary(UnaryOp.SQUARE, x, xo + i, 1, y, yo + i, 1, n - i);
    }

    private static void reciprocal(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, xo + i);
            DoubleVector.broadcast(S, 1).div(v).intoArray(y, yo + i);
        }
        REF.unary(UnaryOp.RECIPROCAL, x, xo + i, 1, y, yo + i, 1, n - i);
    }

    private static void addVV(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            va.add(vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.ADD, a, ao + i, 1, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    private static void addVS(double[] a, int ao, double s, double[] y, int yo, int n) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            va.add(vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.ADD, a, ao + i, 1, new double[] {s}, 0, 0, y, yo + i, 1, n - i);
    }

    private static void subVV(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            va.sub(vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.SUB, a, ao + i, 1, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    private static void subVS(double[] a, int ao, double s, double[] y, int yo, int n) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            va.sub(vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.SUB, a, ao + i, 1, new double[] {s}, 0, 0, y, yo + i, 1, n - i);
    }

    private static void mulVV(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            va.mul(vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.MUL, a, ao + i, 1, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    private static void mulVS(double[] a, int ao, double s, double[] y, int yo, int n) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            va.mul(vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.MUL, a, ao + i, 1, new double[] {s}, 0, 0, y, yo + i, 1, n - i);
    }

    private static void divVV(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            va.div(vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.DIV, a, ao + i, 1, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    private static void divVS(double[] a, int ao, double s, double[] y, int yo, int n) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            va.div(vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.DIV, a, ao + i, 1, new double[] {s}, 0, 0, y, yo + i, 1, n - i);
    }

    private static void maxVV(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            va.lanewise(VectorOperators.MAX, vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.MAX, a, ao + i, 1, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    private static void maxVS(double[] a, int ao, double s, double[] y, int yo, int n) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            va.lanewise(VectorOperators.MAX, vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.MAX, a, ao + i, 1, new double[] {s}, 0, 0, y, yo + i, 1, n - i);
    }

    private static void minVV(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            va.lanewise(VectorOperators.MIN, vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.MIN, a, ao + i, 1, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    private static void minVS(double[] a, int ao, double s, double[] y, int yo, int n) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            va.lanewise(VectorOperators.MIN, vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.MIN, a, ao + i, 1, new double[] {s}, 0, 0, y, yo + i, 1, n - i);
    }

    private static void eqVV(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            VectorMask<Double> m = va.compare(VectorOperators.EQ, vb);
            zero.blend(one, m).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.EQ, a, ao + i, 1, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    private static void eqVS(double[] a, int ao, double s, double[] y, int yo, int n) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            VectorMask<Double> m = va.compare(VectorOperators.EQ, vb);
            zero.blend(one, m).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.EQ, a, ao + i, 1, new double[] {s}, 0, 0, y, yo + i, 1, n - i);
    }

    private static void neVV(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            VectorMask<Double> m = va.compare(VectorOperators.NE, vb);
            zero.blend(one, m).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.NE, a, ao + i, 1, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    private static void neVS(double[] a, int ao, double s, double[] y, int yo, int n) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            VectorMask<Double> m = va.compare(VectorOperators.NE, vb);
            zero.blend(one, m).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.NE, a, ao + i, 1, new double[] {s}, 0, 0, y, yo + i, 1, n - i);
    }

    private static void ltVV(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            VectorMask<Double> m = va.compare(VectorOperators.LT, vb);
            zero.blend(one, m).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.LT, a, ao + i, 1, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    private static void ltVS(double[] a, int ao, double s, double[] y, int yo, int n) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            VectorMask<Double> m = va.compare(VectorOperators.LT, vb);
            zero.blend(one, m).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.LT, a, ao + i, 1, new double[] {s}, 0, 0, y, yo + i, 1, n - i);
    }

    private static void leVV(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            VectorMask<Double> m = va.compare(VectorOperators.LE, vb);
            zero.blend(one, m).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.LE, a, ao + i, 1, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    private static void leVS(double[] a, int ao, double s, double[] y, int yo, int n) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            VectorMask<Double> m = va.compare(VectorOperators.LE, vb);
            zero.blend(one, m).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.LE, a, ao + i, 1, new double[] {s}, 0, 0, y, yo + i, 1, n - i);
    }

    private static void gtVV(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            VectorMask<Double> m = va.compare(VectorOperators.GT, vb);
            zero.blend(one, m).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.GT, a, ao + i, 1, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    private static void gtVS(double[] a, int ao, double s, double[] y, int yo, int n) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            VectorMask<Double> m = va.compare(VectorOperators.GT, vb);
            zero.blend(one, m).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.GT, a, ao + i, 1, new double[] {s}, 0, 0, y, yo + i, 1, n - i);
    }

    private static void geVV(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            VectorMask<Double> m = va.compare(VectorOperators.GE, vb);
            zero.blend(one, m).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.GE, a, ao + i, 1, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    private static void geVS(double[] a, int ao, double s, double[] y, int yo, int n) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
            VectorMask<Double> m = va.compare(VectorOperators.GE, vb);
            zero.blend(one, m).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.GE, a, ao + i, 1, new double[] {s}, 0, 0, y, yo + i, 1, n - i);
    }

    private static void subSV(double s, double[] b, int bo, double[] y, int yo, int n) {
        DoubleVector va = DoubleVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            va.sub(vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.SUB, new double[] {s}, 0, 0, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    private static void divSV(double s, double[] b, int bo, double[] y, int yo, int n) {
        DoubleVector va = DoubleVector.broadcast(S, s);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector vb = DoubleVector.fromArray(S, b, bo + i);
            va.div(vb).intoArray(y, yo + i);
        }
        REF.binary(BinaryOp.DIV, new double[] {s}, 0, 0, b, bo + i, 1, y, yo + i, 1, n - i);
    }

    @Override
    public void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n) {
        // C2 leaves the scalar loop unvectorized: it cannot rule out x == y.
        DoubleVector a = DoubleVector.broadcast(S, alpha);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            DoubleVector t = DoubleVector.fromArray(S, x, xo + i).mul(a);
            DoubleVector.fromArray(S, y, yo + i).add(t).intoArray(y, yo + i);
        }
        REF.axpy(alpha, x, xo + i, y, yo + i, n - i);
    }

    @Override
    public void where(double[] m, int mo, int ms, double[] a, int ao, int as, double[] b, int bo, int bs,
                      double[] y, int yo, int ys, int n) {
        REF.where(m, mo, ms, a, ao, as, b, bo, bs, y, yo, ys, n);
    }

    @Override
    public double // stays double
    reduce(ReduceOp op, double[] x, int xo, int xs, int n) {
        if (xs != 1 || n < L) {
            return REF.reduce(op, x, xo, xs, n);
        }
        return switch (op) {
            case SUM -> sum(x, xo, n);
            case MAX -> max(x, xo, n);
            case MIN -> min(x, xo, n);
            case PROD -> REF.reduce(op, x, xo, xs, n);
        };
    }

    /** Blocked sum: each BLOCK is summed in 4·L lanes, the block totals in float64. */
    private static double // stays double
    sum(double[] x, int xo, int n) {
        double total = 0; // stays double
        int i = 0;
        while (n - i >= 4 * L) {
            int len = Math.min(BLOCK, n - i) & -(4 * L);
            total += sumBlock(x, xo + i, len);
            i += len;
        }
        return total + REF.reduce(ReduceOp.SUM, x, xo + i, 1, n - i);
    }

    /** Sum of {@code len} elements, {@code len} a multiple of 4·L. */
    private static double // stays double
    sumBlock(double[] x, int xo, int len) {
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        for (int i = 0; i < len; i += 4 * L) {
            s0 = s0.add(DoubleVector.fromArray(S, x, xo + i));
            s1 = s1.add(DoubleVector.fromArray(S, x, xo + i + L));
            s2 = s2.add(DoubleVector.fromArray(S, x, xo + i + 2 * L));
            s3 = s3.add(DoubleVector.fromArray(S, x, xo + i + 3 * L));
        }
        return sumLanes(s0.add(s1).add(s2.add(s3)));
    }

    private static double // stays double
    max(double[] x, int xo, int n) {
        DoubleVector m = DoubleVector.fromArray(S, x, xo);
        int i = L;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            m = m.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, x, xo + i));
        }
        return Math.max(m.reduceLanes(VectorOperators.MAX), REF.reduce(ReduceOp.MAX, x, xo + i, 1, n - i));
    }

    private static double // stays double
    min(double[] x, int xo, int n) {
        DoubleVector m = DoubleVector.fromArray(S, x, xo);
        int i = L;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            m = m.lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, x, xo + i));
        }
        return Math.min(m.reduceLanes(VectorOperators.MIN), REF.reduce(ReduceOp.MIN, x, xo + i, 1, n - i));
    }

    @Override
    public void reduceInto(ReduceOp op,
            double[] acc, // stays double
            int ao, int as, double[] x, int xo, int xs, int n) {
        if (as == 1 && xs == 1 && op == ReduceOp.SUM) {
            sumInto(acc, ao, x, xo, n);
        } else {
            REF.reduceInto(op, acc, ao, as, x, xo, xs, n);
        }
    }

    /** Vertical adds (column sums) into double accumulators, widening the element lanes on the way. */
    private static void sumInto(
            double[] acc, // stays double
            int ao, double[] x, int xo, int n) {
        int i = 0;
        int dl = DS.length();
        for (int bound = WS.loopBound(n); i < bound; i += dl) {
            var lanes = DoubleVector.fromArray(WS, x, xo + i);
            DoubleVector w = (DoubleVector) lanes.castShape(DS, 0); // stays double
            DoubleVector.fromArray(DS, acc, ao + i).add(w).intoArray(acc, ao + i); // stays double
        }
        REF.reduceInto(ReduceOp.SUM, acc, ao + i, 1, x, xo + i, 1, n - i);
    }

    @Override
    public void softmax(double[] x, int xo, double[] y, int yo, int n) {
        if (n < L) {
            REF.softmax(x, xo, y, yo, n);
            return;
        }
        double m = max(x, xo, n); // stays double
        // The raw maximum, as NumPy's x - x.max(): +inf or NaN in the row, or a row of -inf, makes it all NaN.
        double shift = (double) m;
        expShifted(x, xo, shift, y, yo, n);
        double total = (double) sum(y, yo, n);
        divVS(y, yo, total, y, yo, n);
    }

    /** {@code y = exp(x - shift)}. */
    private static void expShifted(double[] x, int xo, double shift, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            exp(DoubleVector.fromArray(S, x, xo + i).sub(shift)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = ElementwiseScalarF64.exp((double) (x[xo + i] - shift));
        }
    }

    @Override
    public int argExtreme(boolean max, double[] x, int xo, int xs, int n) {
        return REF.argExtreme(max, x, xo, xs, n);
    }

    private static void exp(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            exp(DoubleVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        }
        REF.unary(UnaryOp.EXP, x, xo + i, 1, y, yo + i, 1, n - i);
    }

    /** {@link ElementwiseScalarF64#exp} lane by lane, step for step (same bits). */
    private static DoubleVector exp(DoubleVector x) {
        DoubleVector xc = x.min(ElementwiseScalarF64.EXP_HI).max(ElementwiseScalarF64.EXP_LO);
        DoubleVector magic = DoubleVector.broadcast(S, ElementwiseScalarF64.EXP_MAGIC);
        DoubleVector t = xc.fma(DoubleVector.broadcast(S, ElementwiseScalarF64.LOG2E), magic);
        DoubleVector n = t.sub(magic);
        DoubleVector r = n.fma(DoubleVector.broadcast(S, -ElementwiseScalarF64.LN2_HI), xc);
        r = n.fma(DoubleVector.broadcast(S, -ElementwiseScalarF64.LN2_LO), r);
        double[] a = ElementwiseScalarF64.EXP_TAYLOR;
        DoubleVector r2 = r.mul(r);
        DoubleVector r4 = r2.mul(r2);
        DoubleVector p;
        if (BYTES == 4) {
            DoubleVector u0 = pair(a, 2, r).fma(r2, pair(a, 0, r));
            DoubleVector u1 = pair(a, 6, r).fma(r2, pair(a, 4, r));
            p = u1.fma(r4, u0);
        } else {
            DoubleVector u0 = pair(a, 2, r).fma(r2, pair(a, 0, r));
            DoubleVector u1 = pair(a, 6, r).fma(r2, pair(a, 4, r));
            DoubleVector u2 = pair(a, 10, r).fma(r2, pair(a, 8, r));
            DoubleVector u3 = pair(a, 12, r);
            p = u3.fma(r4, u2).fma(r4.mul(r4), u1.fma(r4, u0));
        }
        DoubleVector t1 = n.fma(DoubleVector.broadcast(S, (double) 0.5), magic);
        DoubleVector t2 = n.sub(t1.sub(magic)).add(magic);
        var off = Double.doubleToRawLongBits(ElementwiseScalarF64.EXP_MAGIC) - BIAS;
        DoubleVector s1 = t1.viewAsIntegralLanes().sub(off).lanewise(VectorOperators.LSHL, MANT).viewAsFloatingLanes();
        DoubleVector s2 = t2.viewAsIntegralLanes().sub(off).lanewise(VectorOperators.LSHL, MANT).viewAsFloatingLanes();
        return p.mul(s1).mul(s2);
    }

    /** {@code a[k+1]·r + a[k]} lane by lane. */
    private static DoubleVector pair(double[] a, int k, DoubleVector r) {
        return DoubleVector.broadcast(S, a[k + 1]).fma(r, DoubleVector.broadcast(S, a[k]));
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
