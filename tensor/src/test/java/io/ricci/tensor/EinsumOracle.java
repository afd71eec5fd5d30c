package io.ricci.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Brute-force scalar einsum, written independently of {@link Einsum} as the test oracle: it expands
 * each "..." into digit labels, takes the implicit output as NumPy defines it, and sums the product of
 * the operands (read through {@link Tensor#get}) in double over every assignment of every label.
 */
final class EinsumOracle {
    private EinsumOracle() {
    }

    /** The exact result in double, and per element the sum of |products| (to scale tolerances). */
    record Result(int[] shape, double[] values, double[] magnitude) {
    }

    static Result einsum(String spec, Tensor... ops) {
        spec = spec.replace(" ", "");
        String lhs = spec.contains("->") ? spec.substring(0, spec.indexOf("->")) : spec;
        String rhs = spec.contains("->") ? spec.substring(spec.indexOf("->") + 2) : null;
        String[] terms = lhs.split(",", -1);
        int ell = 0;
        for (int t = 0; t < terms.length; t++) {
            if (terms[t].contains("...")) {
                ell = Math.max(ell, ops[t].rank() - (terms[t].length() - 3));
            }
        }
        // Ellipsis dims become the digits '0'.. (right-aligned), which no spec letter uses.
        String ellFull = "";
        for (int e = 0; e < ell; e++) {
            ellFull += (char) ('0' + e);
        }
        for (int t = 0; t < terms.length; t++) {
            if (terms[t].contains("...")) {
                int c = ops[t].rank() - (terms[t].length() - 3);
                terms[t] = terms[t].replace("...", ellFull.substring(ell - c));
            }
        }
        String out;
        if (rhs != null) {
            out = rhs.replace("...", ellFull);
        } else {
            TreeMap<Character, Integer> count = new TreeMap<>();
            for (String t : terms) {
                for (char c : t.toCharArray()) {
                    count.merge(c, 1, Integer::sum);
                }
            }
            StringBuilder sb = new StringBuilder(ellFull);
            count.forEach((c, n) -> {
                if (n == 1 && Character.isLetter(c)) {
                    sb.append(c);
                }
            });
            out = sb.toString();
        }
        TreeMap<Character, Integer> size = new TreeMap<>();
        for (int t = 0; t < terms.length; t++) {
            for (int d = 0; d < terms[t].length(); d++) {
                size.merge(terms[t].charAt(d), ops[t].dim(d), Math::max);
            }
        }
        List<Character> labels = new ArrayList<>(size.keySet());
        int[] outShape = new int[out.length()];
        for (int d = 0; d < outShape.length; d++) {
            outShape[d] = size.get(out.charAt(d));
        }
        int outSize = 1;
        for (int n : outShape) {
            outSize *= n;
        }
        double[] values = new double[outSize];
        double[] mag = new double[outSize];
        int[] assign = new int[labels.size()];
        int total = 1;
        for (char c : labels) {
            total *= size.get(c);
        }
        for (int it = 0; it < total; it++) {
            int rem = it;
            for (int i = labels.size() - 1; i >= 0; i--) {
                int n = size.get(labels.get(i));
                assign[i] = rem % n;
                rem /= n;
            }
            double p = 1;
            for (int t = 0; t < terms.length; t++) {
                int[] idx = new int[terms[t].length()];
                for (int d = 0; d < idx.length; d++) {
                    // A size-1 axis broadcasts: it is always read at 0.
                    idx[d] = ops[t].dim(d) == 1 ? 0 : assign[labels.indexOf(terms[t].charAt(d))];
                }
                p *= ops[t].get(idx);
            }
            int o = 0;
            for (int d = 0; d < out.length(); d++) {
                o = o * outShape[d] + assign[labels.indexOf(out.charAt(d))];
            }
            values[o] += p;
            mag[o] += Math.abs(p);
        }
        return new Result(outShape, values, mag);
    }

    /** Fails unless {@code actual} has the oracle's shape and values within {@code rel}·magnitude. */
    static void check(String what, Result want, Tensor actual, double rel) {
        if (!Arrays.equals(want.shape(), actual.shape())) {
            throw new AssertionError(what + ": shape " + Layout.format(actual.shape()) + ", expected "
                    + Layout.format(want.shape()));
        }
        double[] got = actual.toDoubleArray();
        for (int i = 0; i < got.length; i++) {
            double tol = rel * (want.magnitude()[i] + 1e-300) + 1e-300;
            if (!(Math.abs(got[i] - want.values()[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + got[i] + ", expected "
                        + want.values()[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
