package io.ricci.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * NumPy's {@code repr} of a float array (numpy/_core/arrayprint.py: {@code _array_repr_implementation},
 * {@code _formatArray}, {@code FloatingFormat} in the default {@code floatmode='maxprec'}), with the
 * class name {@code tensor} in place of {@code array}. Numbers are the shortest decimal that reads
 * back as the same float32/float64 value, rounded (half-even, on the exact binary value) to
 * {@code precision} fractional digits when longer; a column switches to scientific notation when
 * NumPy's would.
 */
final class TensorFormat {
    private static final String PREFIX = "tensor(";

    private TensorFormat() {
    }

    static String repr(Tensor t, PrintOptions o) {
        int n = t.size();
        boolean summarize = n > o.threshold();
        String lst;
        if (n == 0) {
            lst = "[]";
        } else {
            Elem ff;
            if (t.dtype() == DType.BOOL) {
                ff = new BoolFormat(t.rank() == 0);
            } else if (!t.dtype().isFloat()) {
                ff = new IntFormat(summarize ? leadingTrailingLong(t, o.edgeItems()) : t.toLongArray());
            } else {
                double[] shown = summarize ? leadingTrailing(t, o.edgeItems()) : t.toDoubleArray();
                ff = new FloatFormat(shown, t.dtype() == DType.F32, o);
            }
            // array2string leaves room for the closing ")" of the repr.
            lst = formatArray(t, ff, o.lineWidth() - 1, " ".repeat(PREFIX.length() + 1), ", ", o.edgeItems(),
                    summarize ? "..." : "");
        }
        List<String> extras = new ArrayList<>();
        if ((n == 0 && t.rank() != 1) || summarize) {
            extras.add("shape=" + Layout.format(t.shape()));
        }
        // NumPy leaves out the default types: float64, int64 (the default int on Linux) and bool.
        boolean implied = t.dtype() == DType.F64 || t.dtype() == DType.I64 || t.dtype() == DType.BOOL;
        if (!implied || n == 0) {
            extras.add("dtype=" + t.dtype().numpyName());
        }
        if (extras.isEmpty()) {
            return PREFIX + lst + ")";
        }
        String arr = PREFIX + lst + ",";
        String extra = String.join(", ", extras) + ")";
        int lastLine = arr.length() - (arr.lastIndexOf('\n') + 1);
        String spacer = lastLine + extra.length() + 1 > o.lineWidth() ? "\n" + " ".repeat(PREFIX.length()) : " ";
        return arr + spacer + extra;
    }

    /** The values NumPy looks at to choose the format when summarising: {@code edge} items at each end of each axis. */
    private static double[] leadingTrailing(Tensor t, int edge) {
        List<Double> out = new ArrayList<>();
        collect(t, edge, new int[t.rank()], 0, out);
        double[] v = new double[out.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = out.get(i);
        }
        return v;
    }

    /** {@link #leadingTrailing} for integers, exact. */
    private static long[] leadingTrailingLong(Tensor t, int edge) {
        List<long[]> got = new ArrayList<>();
        collectLong(t, edge, new int[t.rank()], 0, got);
        long[] v = new long[got.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = got.get(i)[0];
        }
        return v;
    }

    private static void collectLong(Tensor t, int edge, int[] idx, int axis, List<long[]> out) {
        if (axis == idx.length) {
            out.add(new long[] {t.getLong(idx)});
            return;
        }
        int n = t.dim(axis);
        for (int i = 0; i < n; i++) {
            if (n > 2 * edge && i == edge) {
                i = n - edge;
            }
            idx[axis] = i;
            collectLong(t, edge, idx, axis + 1, out);
        }
    }

    /** Formats one element of a tensor. */
    interface Elem {
        String format(Tensor t, int[] idx);
    }

    /** NumPy's {@code IntegerFormat}: right-aligned to the widest of the shown values. */
    static final class IntFormat implements Elem {
        private final int width;

        IntFormat(long[] shown) {
            int w = 0;
            for (long v : shown) {
                w = Math.max(w, Long.toString(v).length());
            }
            width = w;
        }

        @Override
        public String format(Tensor t, int[] idx) {
            String s = Long.toString(t.getLong(idx));
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }

    /** NumPy's {@code BoolFormat}: {@code " True"} pads to the width of {@code "False"} except in a 0-d array. */
    record BoolFormat(boolean scalar) implements Elem {
        @Override
        public String format(Tensor t, int[] idx) {
            return t.get(idx) != 0 ? (scalar ? "True" : " True") : "False";
        }
    }

    private static void collect(Tensor t, int edge, int[] idx, int axis, List<Double> out) {
        if (axis == idx.length) {
            out.add(t.get(idx));
            return;
        }
        int n = t.dim(axis);
        for (int i = 0; i < n; i++) {
            if (n > 2 * edge && i == edge) {
                i = n - edge;
            }
            idx[axis] = i;
            collect(t, edge, idx, axis + 1, out);
        }
    }

    // ---------------------------------------------------------------- layout (_formatArray)

    private static String formatArray(Tensor t, Elem ff, int lineWidth, String nextLinePrefix,
                                      String separator, int edge, String summaryInsert) {
        return recurse(t, ff, new int[t.rank()], 0, nextLinePrefix, lineWidth, separator, edge, summaryInsert);
    }

    private static String recurse(Tensor t, Elem ff, int[] idx, int axis, String hangingIndent, int currWidth,
                                  String separator, int edge, String summaryInsert) {
        int axesLeft = idx.length - axis;
        if (axesLeft == 0) {
            return ff.format(t, idx);
        }
        String nextHanging = hangingIndent + " ";
        int nextWidth = currWidth - 1;
        int len = t.dim(axis);
        boolean showSummary = !summaryInsert.isEmpty() && 2 * edge < len;
        int leading = showSummary ? edge : 0;
        int trailing = showSummary ? edge : len;
        StringBuilder s = new StringBuilder();
        if (axesLeft == 1) {
            int elemWidth = currWidth - Math.max(separator.stripTrailing().length(), 1);
            StringBuilder line = new StringBuilder(hangingIndent);
            for (int i = 0; i < leading; i++) {
                idx[axis] = i;
                extendLine(s, line, recurse(t, ff, idx, axis + 1, nextHanging, nextWidth, separator, edge, summaryInsert),
                        elemWidth, hangingIndent);
                line.append(separator);
            }
            if (showSummary) {
                extendLine(s, line, summaryInsert, elemWidth, hangingIndent);
                line.append(separator);
            }
            for (int i = trailing; i > 1; i--) {
                idx[axis] = len - i;
                extendLine(s, line, recurse(t, ff, idx, axis + 1, nextHanging, nextWidth, separator, edge, summaryInsert),
                        elemWidth, hangingIndent);
                line.append(separator);
            }
            idx[axis] = len - 1;
            extendLine(s, line, recurse(t, ff, idx, axis + 1, nextHanging, nextWidth, separator, edge, summaryInsert),
                    elemWidth, hangingIndent);
            s.append(line);
        } else {
            String lineSep = separator.stripTrailing() + "\n".repeat(axesLeft - 1);
            for (int i = 0; i < leading; i++) {
                idx[axis] = i;
                s.append(hangingIndent)
                        .append(recurse(t, ff, idx, axis + 1, nextHanging, nextWidth, separator, edge, summaryInsert))
                        .append(lineSep);
            }
            if (showSummary) {
                s.append(hangingIndent).append(summaryInsert).append(lineSep);
            }
            for (int i = trailing; i > 1; i--) {
                idx[axis] = len - i;
                s.append(hangingIndent)
                        .append(recurse(t, ff, idx, axis + 1, nextHanging, nextWidth, separator, edge, summaryInsert))
                        .append(lineSep);
            }
            idx[axis] = len - 1;
            s.append(hangingIndent)
                    .append(recurse(t, ff, idx, axis + 1, nextHanging, nextWidth, separator, edge, summaryInsert));
        }
        idx[axis] = 0;
        return "[" + s.substring(hangingIndent.length()) + "]";
    }

    /** Appends {@code word} to {@code line}, first moving {@code line} into {@code s} if it would get too long. */
    private static void extendLine(StringBuilder s, StringBuilder line, String word, int lineWidth, String nextLinePrefix) {
        boolean wrap = line.length() + word.length() > lineWidth;
        if (line.length() <= nextLinePrefix.length()) {
            wrap = false; // wrapping would not make the line shorter
        }
        if (wrap) {
            s.append(line.toString().stripTrailing()).append('\n');
            line.setLength(0);
            line.append(nextLinePrefix);
        }
        line.append(word);
    }

    // ---------------------------------------------------------------- numbers (FloatingFormat)

    /** One format for all elements of a tensor, chosen from the values shown (NumPy's {@code fillFormat}). */
    static final class FloatFormat implements Elem {
        private final boolean f32;
        private boolean exp;
        private int precision;
        private boolean padDigits; // trim='k' with min_digits = precision (scientific columns)
        private int padLeft;
        private int padRight;
        private int expSize = -1;

        FloatFormat(double[] data, boolean f32, PrintOptions o) {
            this.f32 = f32;
            this.precision = o.precision();
            List<Double> finite = new ArrayList<>();
            boolean anyNonFinite = false, negInf = false;
            for (double v : data) {
                if (Double.isFinite(v)) {
                    finite.add(v);
                } else {
                    anyNonFinite = true;
                    negInf |= v == Double.NEGATIVE_INFINITY;
                }
            }
            double max = 0, min = Double.POSITIVE_INFINITY;
            boolean anyNonZero = false;
            for (double v : finite) {
                if (v != 0) {
                    anyNonZero = true;
                    max = Math.max(max, Math.abs(v));
                    min = Math.min(min, Math.abs(v));
                }
            }
            if (anyNonZero) {
                // NumPy compares in the array's dtype; float32 also has a lower cutoff (10**finfo.precision).
                boolean tooBig, tooSmall, tooWide;
                if (f32) {
                    float fmax = (float) max, fmin = (float) min;
                    tooBig = fmax >= 1e6f;
                    tooSmall = fmin < 0.0001f;
                    tooWide = fmax / fmin > 1000f;
                } else {
                    tooBig = max >= 1e8;
                    tooSmall = min < 0.0001;
                    tooWide = max / min > 1000.;
                }
                exp = tooBig || (!o.suppress() && (tooSmall || tooWide));
            }
            if (finite.isEmpty()) {
                padLeft = 0;
                padRight = 0;
            } else if (exp) {
                int maxFrac = 0, maxInt = 0, maxExp = 0;
                for (double v : finite) {
                    Sci s = scientific(v, precision);
                    maxFrac = Math.max(maxFrac, s.frac.length());
                    maxInt = Math.max(maxInt, s.intPart.length());
                    maxExp = Math.max(maxExp, Math.max(2, Integer.toString(Math.abs(s.exponent)).length()));
                }
                expSize = maxExp;
                precision = maxFrac;
                padDigits = true;
                padLeft = maxInt;
                padRight = expSize + 2 + precision;
            } else {
                int maxInt = 0, maxFrac = 0;
                for (double v : finite) {
                    String[] p = positional(v, precision);
                    maxInt = Math.max(maxInt, p[0].length());
                    maxFrac = Math.max(maxFrac, p[1].length());
                }
                padLeft = maxInt;
                padRight = maxFrac;
            }
            if (anyNonFinite) {
                int offset = padRight + 1;
                padLeft = Math.max(padLeft, Math.max(3 - offset, 3 + (negInf ? 1 : 0) - offset));
            }
        }

        @Override
        public String format(Tensor t, int[] idx) {
            return format(t.get(idx));
        }

        String format(double v) {
            if (!Double.isFinite(v)) {
                String r = Double.isNaN(v) ? "nan" : v < 0 ? "-inf" : "inf";
                return " ".repeat(Math.max(0, padLeft + padRight + 1 - r.length())) + r;
            }
            if (exp) {
                Sci s = padDigits ? scientificMinDigits(v, precision) : scientific(v, precision);
                String frac = padDigits ? s.frac + "0".repeat(Math.max(0, precision - s.frac.length())) : s.frac;
                String e = Integer.toString(Math.abs(s.exponent));
                e = "0".repeat(Math.max(0, expSize - e.length())) + e;
                return pad(s.intPart, padLeft) + "." + frac + "e" + (s.exponent < 0 ? "-" : "+") + e;
            }
            String[] p = positional(v, precision);
            return pad(p[0], padLeft) + "." + p[1] + " ".repeat(Math.max(0, padRight - p[1].length()));
        }

        private static String pad(String s, int width) {
            return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
        }

        /** Positional digits from the fill pass, reused when printing (the BigDecimal work dominates). */
        private final java.util.Map<Long, String[]> positionalCache = new java.util.HashMap<>();

        /** Integer and fractional digits of {@code v} (sign on the integer part), trailing zeros trimmed. */
        String[] positional(double v, int prec) {
            return positionalCache.computeIfAbsent(Double.doubleToRawLongBits(v), bits -> computePositional(v, prec));
        }

        private String[] computePositional(double v, int prec) {
            String sign = signBit(v) ? "-" : "";
            BigDecimal d = shortest(Math.abs(v));
            if (d.scale() > prec) {
                d = exact(Math.abs(v)).setScale(prec, RoundingMode.HALF_EVEN).stripTrailingZeros();
            }
            if (d.signum() == 0) {
                return new String[] {sign + "0", ""};
            }
            String plain = d.toPlainString();
            int dot = plain.indexOf('.');
            return dot < 0 ? new String[] {sign + plain, ""}
                    : new String[] {sign + plain.substring(0, dot), plain.substring(dot + 1)};
        }

        record Sci(String intPart, String frac, int exponent) {
        }

        /** {@code d.ddd} digits and decimal exponent of {@code v} with at most {@code prec} fractional digits. */
        Sci scientific(double v, int prec) {
            String sign = signBit(v) ? "-" : "";
            double a = Math.abs(v);
            if (a == 0) {
                return new Sci(sign + "0", "", 0);
            }
            BigDecimal d = shortest(a);
            if (d.precision() - 1 > prec) {
                d = exact(a).round(new MathContext(prec + 1, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            }
            String digits = d.unscaledValue().toString();
            int exponent = d.precision() - d.scale() - 1;
            return new Sci(sign + digits.charAt(0), digits.substring(1), exponent);
        }

        /**
         * Scientific digits with exactly {@code prec} fractional digits. When the shortest form has
         * fewer, Dragon4's {@code min_digits} continues with the exact binary value's own digits
         * (rounded half-even at the last one) rather than zeros, which shows for float32 values.
         */
        Sci scientificMinDigits(double v, int prec) {
            Sci s = scientific(v, prec);
            if (s.frac.length() >= prec || v == 0) {
                return s;
            }
            String sign = signBit(v) ? "-" : "";
            BigDecimal d = exact(Math.abs(v)).round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
            String digits = d.unscaledValue().toString();
            int exponent = d.precision() - d.scale() - 1;
            // unscaledValue may carry trailing zeros beyond prec + 1 digits only if d was exact; cut them.
            digits = digits.length() > prec + 1 ? digits.substring(0, prec + 1) : digits;
            return new Sci(sign + digits.charAt(0), digits.substring(1), exponent);
        }

        private boolean signBit(double v) {
            return (Double.doubleToRawLongBits(v) < 0);
        }

        private BigDecimal exact(double a) {
            return new BigDecimal(a); // float -> double is exact, so this is also the float's exact value
        }

        /**
         * The shortest decimal that reads back as {@code a} in this dtype (Dragon4's unique mode). The
         * JDK's toString gives the shortest digits except that it may prefer a closer 2-digit decimal
         * when a 1-digit one exists; NumPy prints the 1-digit one, so that case is checked.
         */
        private BigDecimal shortest(double a) {
            BigDecimal d = new BigDecimal(f32 ? Float.toString((float) a) : Double.toString(a)).stripTrailingZeros();
            if (d.precision() == 2) {
                BigDecimal best = null;
                BigDecimal ex = exact(a);
                for (RoundingMode m : new RoundingMode[] {RoundingMode.DOWN, RoundingMode.UP}) {
                    BigDecimal c = d.round(new MathContext(1, m));
                    boolean same = f32 ? c.floatValue() == (float) a : c.doubleValue() == a;
                    if (same && (best == null || c.subtract(ex).abs().compareTo(best.subtract(ex).abs()) < 0)) {
                        best = c;
                    }
                }
                if (best != null) {
                    d = best.stripTrailingZeros();
                }
            }
            return d;
        }
    }
}
