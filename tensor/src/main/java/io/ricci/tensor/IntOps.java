package io.ricci.tensor;

/**
 * Element-wise ops, reductions and casts for int32, int64 and bool tensors, as NumPy 2 computes them.
 *
 * <p>These are scalar loops over {@code long}: the SIMD provider covers float32/float64 only,
 * because integer data in this library is index and mask data (argmax results, nonzero indices,
 * comparison results) rather than bulk numeric work, and the Vector API's integer lanes would double
 * the generated kernel families for it. The float paths dispatch here once per op, on the dtype, and
 * never per element.
 *
 * <p>Casts follow NumPy on x86-64: a float becomes an integer by truncation toward zero; NaN, ±inf and
 * values outside the target range become the type's minimum ({@code -2^31} or {@code -2^63}), which is
 * what the CPU's conversion instruction gives (NumPy warns "invalid value encountered in cast"); int64
 * to int32 keeps the low 32 bits; anything to bool is "nonzero" (NaN is true).
 */
final class IntOps {
    private IntOps() {
    }

    /** NumPy's float to int64 cast on x86-64 (see the class comment). */
    static long toLong(double v) {
        // 2^63 is exact as a double; [-2^63, 2^63) is the range that truncates without overflow.
        if (v >= -0x1p63 && v < 0x1p63) {
            return (long) v;
        }
        return Long.MIN_VALUE;
    }

    /** NumPy's float to int32 cast on x86-64 (see the class comment). */
    static int toInt(double v) {
        if (v > -0x1p31 - 1 && v < 0x1p31) {
            return (int) v;
        }
        return Integer.MIN_VALUE;
    }

    // ---------------------------------------------------------------- element-wise

    /** {@code op(a, b)} where at least one operand is integer or bool (NumPy 2 promotion). */
    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        DType dt = DType.promote(a.dtype(), b.dtype());
        int[] shape = Layout.broadcastShapes(op.opName, a.shape(), b.shape());
        if (op.isComparison()) {
            return compare(op, a, b, dt, shape);
        }
        if (dt.isFloat()) {
            return ElementwiseOps.binary(op, a.astype(dt), b.astype(dt));
        }
        if (op == BinaryOp.DIV) {
            // True division: integers divide as float64 (NumPy's int / int).
            return ElementwiseOps.binary(op, a.astype(DType.F64), b.astype(DType.F64));
        }
        if (dt == DType.BOOL && (op == BinaryOp.SUB || op == BinaryOp.POW)) {
            throw new IllegalArgumentException(op.opName + ": not supported for two bool operands"
                    + " (NumPy refuses boolean subtract; convert with astype(DType.I64))");
        }
        Tensor out = Tensor.zeros(dt, shape);
        Tensor x = a.broadcastTo(shape);
        Tensor y = b.broadcastTo(shape);
        Layout[] ls = {out.layout(), x.layout(), y.layout()};
        ElementwiseLoop loop = ElementwiseLoop.of(shape, ls, 0, false);
        int so = loop.innerStride(0), sx = loop.innerStride(1), sy = loop.innerStride(2);
        loop.forEach((p, n) -> {
            for (int i = 0; i < n; i++) {
                long u = x.readLong(p[1] + i * sx);
                long v = y.readLong(p[2] + i * sy);
                out.writeLong(p[0] + i * so, apply(op, dt, u, v));
            }
        });
        return out;
    }

    /** {@code op(u, v)} in {@code dt}: int32 results wrap (the store keeps the low 32 bits) as NumPy's do. */
    private static long apply(BinaryOp op, DType dt, long u, long v) {
        if (dt == DType.BOOL) {
            return switch (op) {
                case ADD, MAX -> u | v;
                case MUL, MIN -> u & v;
                default -> throw new IllegalStateException(op.opName);
            };
        }
        return switch (op) {
            case ADD -> u + v;
            case SUB -> u - v;
            case MUL -> u * v;
            case MAX -> Math.max(u, v);
            case MIN -> Math.min(u, v);
            case POW -> pow(u, v, dt);
            default -> throw new IllegalStateException(op.opName);
        };
    }

    /** Integer power by squaring, wrapping like NumPy's; a negative exponent is refused as NumPy does. */
    static long pow(long base, long exp, DType dt) {
        if (dt == DType.I32) {
            exp = (int) exp;
            base = (int) base;
        }
        if (exp < 0) {
            throw new IllegalArgumentException("pow: integers to negative integer powers are not allowed"
                    + " (exponent " + exp + "; convert to float first)");
        }
        long r = 1;
        while (exp > 0) {
            if ((exp & 1) != 0) {
                r *= base;
            }
            base *= base;
            exp >>= 1;
        }
        return dt == DType.I32 ? (int) r : r;
    }

    /** Comparison in the promoted dtype, giving bool; NaN compares unequal to everything. */
    private static Tensor compare(BinaryOp op, Tensor a, Tensor b, DType dt, int[] shape) {
        Tensor out = Tensor.zeros(DType.BOOL, shape);
        Tensor x = a.astype(dt).broadcastTo(shape);
        Tensor y = b.astype(dt).broadcastTo(shape);
        Layout[] ls = {out.layout(), x.layout(), y.layout()};
        ElementwiseLoop loop = ElementwiseLoop.of(shape, ls, 0, false);
        int so = loop.innerStride(0), sx = loop.innerStride(1), sy = loop.innerStride(2);
        boolean[] o = out.b8();
        boolean exact = !dt.isFloat();
        loop.forEach((p, n) -> {
            for (int i = 0; i < n; i++) {
                int px = p[1] + i * sx, py = p[2] + i * sy;
                int c;
                boolean nan = false;
                if (exact) {
                    c = Long.compare(x.readLong(px), y.readLong(py));
                } else {
                    double u = x.readAt(px), v = y.readAt(py);
                    nan = u != u || v != v;
                    c = u < v ? -1 : u > v ? 1 : 0;
                }
                o[p[0] + i * so] = !nan ? test(op, c) : op == BinaryOp.NE;
            }
        });
        return out;
    }

    private static boolean test(BinaryOp op, int c) {
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            default -> c >= 0;
        };
    }

    /** {@code op(a)} for an integer or bool tensor: neg/abs/square stay integer, the rest work in float64. */
    static Tensor unary(UnaryOp op, Tensor a) {
        DType dt = a.dtype();
        switch (op) {
            case NEG, ABS, SQUARE, RELU -> {
                if (dt == DType.BOOL && op != UnaryOp.ABS && op != UnaryOp.SQUARE) {
                    throw new IllegalArgumentException(op.opName + ": not supported for bool"
                            + " (NumPy refuses negative of a boolean; use logicalNot)");
                }
                Tensor out = Tensor.zeros(dt, a.shape());
                int n = a.size();
                for (int i = 0; i < n; i++) {
                    long v = a.readLong(a.storageIndex(i));
                    long r = switch (op) {
                        case NEG -> -v;
                        case ABS -> Math.abs(v);
                        case SQUARE -> dt == DType.BOOL ? v : v * v;
                        default -> Math.max(v, 0);
                    };
                    out.writeLong(i, r);
                }
                return out;
            }
            default -> {
                return ElementwiseOps.unary(op, a.astype(DType.F64));
            }
        }
    }

    /** {@code where(mask, a, b)} with an integer or bool result dtype; the mask counts nonzero as true. */
    static Tensor where(Tensor mask, Tensor a, Tensor b, DType dt, int[] shape) {
        Tensor out = Tensor.zeros(dt, shape);
        Tensor m = mask.broadcastTo(shape);
        Tensor x = a.astype(dt).broadcastTo(shape);
        Tensor y = b.astype(dt).broadcastTo(shape);
        int n = out.size();
        for (int i = 0; i < n; i++) {
            Tensor src = m.readBool(m.storageIndex(i)) ? x : y;
            out.writeLong(i, src.readLong(src.storageIndex(i)));
        }
        return out;
    }

    /** Logical and/or/xor of two tensors (nonzero is true), broadcast, giving bool. */
    static Tensor logical(String name, Tensor a, Tensor b) {
        int[] shape = Layout.broadcastShapes(name, a.shape(), b.shape());
        Tensor out = Tensor.zeros(DType.BOOL, shape);
        Tensor x = a.broadcastTo(shape);
        Tensor y = b.broadcastTo(shape);
        boolean[] o = out.b8();
        for (int i = 0; i < o.length; i++) {
            boolean u = x.readBool(x.storageIndex(i)), v = y.readBool(y.storageIndex(i));
            o[i] = switch (name) {
                case "logicalAnd" -> u & v;
                case "logicalOr" -> u | v;
                default -> u ^ v;
            };
        }
        return out;
    }

    /** {@code !a} element-wise (nonzero is true), giving bool. */
    static Tensor logicalNot(Tensor a) {
        Tensor out = Tensor.zeros(DType.BOOL, a.shape());
        boolean[] o = out.b8();
        for (int i = 0; i < o.length; i++) {
            o[i] = !a.readBool(a.storageIndex(i));
        }
        return out;
    }

    // ---------------------------------------------------------------- reductions

    /**
     * sum/prod (int64, as NumPy on Linux gives for int32 and bool), max/min (the input dtype) of an
     * integer or bool tensor over the axes marked in {@code red}; {@code keep} is the kept shape.
     */
    static Tensor reduce(ReduceOp op, Tensor x, boolean[] red, int[] keep) {
        DType dt = op == ReduceOp.SUM || op == ReduceOp.PROD ? DType.I64 : x.dtype();
        Layout accLayout = Layout.contiguous(keep);
        long[] acc = new long[accLayout.size()];
        long identity = switch (op) {
            case SUM -> 0;
            case PROD -> 1;
            case MAX -> Long.MIN_VALUE;
            default -> Long.MAX_VALUE;
        };
        java.util.Arrays.fill(acc, identity);
        int[] shape = x.shape();
        Layout accView = accLayout.broadcastTo(shape);
        ElementwiseLoop loop = ElementwiseLoop.of(shape, new Layout[] {accView, x.layout()}, -1, false);
        int sa = loop.innerStride(0), sx = loop.innerStride(1);
        loop.forEach((p, n) -> {
            for (int i = 0; i < n; i++) {
                int q = p[0] + i * sa;
                long v = x.readLong(p[1] + i * sx);
                acc[q] = switch (op) {
                    case SUM -> acc[q] + v;
                    case PROD -> acc[q] * v;
                    case MAX -> Math.max(acc[q], v);
                    default -> Math.min(acc[q], v);
                };
            }
        });
        Tensor out = Tensor.zeros(dt, keep);
        for (int i = 0; i < acc.length; i++) {
            out.writeLong(i, acc[i]);
        }
        return out;
    }
}
