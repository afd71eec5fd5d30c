package io.ricci.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An einsum subscript string bound to operand shapes, with NumPy's semantics.
 *
 * <p>Labels are small integers: {@code a..z} are 0..25, {@code A..Z} are 26..51 and the dimensions an
 * ellipsis covers are 52.. (right-aligned: an operand whose ellipsis covers c dims gets the last c
 * of them, as NumPy broadcasts). The size of a label is the largest size it has in any operand; a
 * size of 1 broadcasts. A label repeated within one operand (a diagonal) must have equal sizes there.
 * In implicit mode (no {@code ->}) the output is the ellipsis dims followed by the labels that occur
 * exactly once, in ASCII order (upper case before lower case).
 *
 * <p>Errors are {@link IllegalArgumentException}s whose message shows the spec with a caret under
 * the offending character.
 */
final class EinsumSpec {
    /** Label count: 52 letters plus ellipsis dims must fit in the 64 bits of a label mask. */
    static final int MAX_LABELS = 64;
    static final int FIRST_ELLIPSIS_LABEL = 52;

    final String text;
    /** Labels of each operand axis (a label may repeat within an operand). */
    final int[][] inputs;
    final int[] output;
    /** Size of each label (index = label). */
    final int[] sizes;
    /** Number of ellipsis dims (the broadcast rank of all ellipses). */
    final int ellipsisRank;
    /** Letters that print the ellipsis labels: letters the spec does not use, as NumPy does. */
    private final char[] ellipsisChars;

    private EinsumSpec(String text, int[][] inputs, int[] output, int[] sizes, int ellipsisRank, char[] ellipsisChars) {
        this.text = text;
        this.inputs = inputs;
        this.output = output;
        this.sizes = sizes;
        this.ellipsisRank = ellipsisRank;
        this.ellipsisChars = ellipsisChars;
    }

    /** The label of a subscript letter, or -1. */
    static int labelOf(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return 26 + c - 'A';
        }
        return -1;
    }

    /** The letter that prints label {@code l}; ellipsis dims borrow letters no term uses (as NumPy). */
    char charOf(int l) {
        if (l < 26) {
            return (char) ('a' + l);
        }
        if (l < 52) {
            return (char) ('A' + l - 26);
        }
        return ellipsisChars[l - FIRST_ELLIPSIS_LABEL];
    }

    /** Bit mask of the labels of one term. */
    static long mask(int[] labels) {
        long m = 0;
        for (int l : labels) {
            m |= 1L << l;
        }
        return m;
    }

    /** The subscripts of {@code labels} as letters. */
    String term(int[] labels) {
        StringBuilder sb = new StringBuilder(labels.length);
        for (int l : labels) {
            sb.append(charOf(l));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------- parsing

    /** One term of the spec before shapes are known: letters and the position of "..." (or -1). */
    private record Term(int start, String letters, int ellipsisAt, int[] pos) {
    }

    /** Parses {@code spec} against the operand shapes; throws with a caret message on any error. */
    static EinsumSpec parse(String spec, int[]... shapes) {
        if (spec == null) {
            throw new IllegalArgumentException("einsum: spec is null");
        }
        int arrow = -1;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '-' || c == '>') {
                if (c == '-' && i + 1 < spec.length() && spec.charAt(i + 1) == '>') {
                    if (arrow >= 0) {
                        throw error(spec, i, "more than one '->'");
                    }
                    arrow = i;
                    i++;
                    continue;
                }
                throw error(spec, i, "'" + c + "' must be part of a single '->'");
            }
            if (c != ',' && c != '.' && c != ' ' && labelOf(c) < 0) {
                throw error(spec, i, "invalid character '" + c + "' (subscripts are letters a-z, A-Z, '...', ',' and '->')");
            }
        }
        String lhs = arrow < 0 ? spec : spec.substring(0, arrow);
        List<Term> terms = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= lhs.length(); i++) {
            if (i == lhs.length() || lhs.charAt(i) == ',') {
                terms.add(term(spec, start, i));
                start = i + 1;
            }
        }
        Term out = arrow < 0 ? null : term(spec, arrow + 2, spec.length());
        if (out != null && spec.indexOf(',', arrow) >= 0) {
            throw error(spec, spec.indexOf(',', arrow), "the output after '->' is a single term");
        }
        if (terms.size() != shapes.length) {
            throw error(spec, arrow < 0 ? spec.length() : arrow, "spec has " + terms.size() + " operand"
                    + (terms.size() == 1 ? "" : "s") + " but " + shapes.length + " tensor"
                    + (shapes.length == 1 ? " was" : "s were") + " given");
        }
        // Ellipsis width of every operand, and their broadcast rank.
        int ellRank = 0;
        int[] ellCount = new int[terms.size()];
        for (int t = 0; t < terms.size(); t++) {
            Term tm = terms.get(t);
            int rank = shapes[t].length;
            int named = tm.letters.length();
            if (tm.ellipsisAt < 0) {
                if (rank != named) {
                    throw error(spec, tm.start, "operand " + t + " has " + dims(rank) + " " + Layout.format(shapes[t])
                            + " but subscripts '" + tm.letters + "' name " + named);
                }
            } else {
                if (rank < named) {
                    throw error(spec, tm.start, "operand " + t + " has " + dims(rank) + " " + Layout.format(shapes[t])
                            + " but subscripts '" + spec.substring(tm.start, tm.start + named + 3)
                            + "' name " + named + " besides the ellipsis");
                }
                ellCount[t] = rank - named;
                ellRank = Math.max(ellRank, ellCount[t]);
            }
        }
        if (ellRank > MAX_LABELS - FIRST_ELLIPSIS_LABEL) {
            throw error(spec, firstEllipsis(terms), "too many ellipsis dims: " + ellRank + " (at most "
                    + (MAX_LABELS - FIRST_ELLIPSIS_LABEL) + ")");
        }
        int[] sizes = new int[FIRST_ELLIPSIS_LABEL + ellRank];
        Arrays.fill(sizes, -1);
        int[][] inputs = new int[terms.size()][];
        // For error messages: where each label's size came from.
        int[] sizeFrom = new int[sizes.length];
        int[] sizeOperand = new int[sizes.length];
        for (int t = 0; t < terms.size(); t++) {
            Term tm = terms.get(t);
            int rank = shapes[t].length;
            int[] labels = new int[rank];
            int[] pos = new int[rank];
            int ax = 0;
            for (int i = 0; i < tm.letters.length(); i++) {
                if (i == tm.ellipsisAt) {
                    for (int e = 0; e < ellCount[t]; e++) {
                        pos[ax] = tm.start + tm.pos[i] - 3;
                        labels[ax++] = FIRST_ELLIPSIS_LABEL + ellRank - ellCount[t] + e;
                    }
                }
                pos[ax] = tm.start + tm.pos[i];
                labels[ax++] = labelOf(tm.letters.charAt(i));
            }
            if (tm.ellipsisAt == tm.letters.length()) {
                for (int e = 0; e < ellCount[t]; e++) {
                    pos[ax] = tm.start + (tm.letters.isEmpty() ? 0 : tm.pos[tm.letters.length() - 1] + 1);
                    labels[ax++] = FIRST_ELLIPSIS_LABEL + ellRank - ellCount[t] + e;
                }
            }
            for (int d = 0; d < rank; d++) {
                int l = labels[d];
                int n = shapes[t][d];
                if (n < 0) {
                    throw new IllegalArgumentException("einsum: operand " + t + " has a negative dimension in "
                            + Layout.format(shapes[t]));
                }
                // Within one operand a repeated label is a diagonal: sizes must match exactly.
                for (int e = 0; e < d; e++) {
                    if (labels[e] == l && shapes[t][e] != n) {
                        throw error(spec, pos[d], "index '" + (l < 52 ? String.valueOf(tm(l)) : "...")
                                + "' is repeated in operand " + t + " with sizes " + shapes[t][e] + " and " + n
                                + " (a diagonal needs equal sizes)");
                    }
                }
                int old = sizes[l];
                if (old < 0 || old == 1) {
                    if (old < 0 || n != 1) {
                        sizes[l] = n;
                        sizeFrom[l] = pos[d];
                        sizeOperand[l] = t;
                    }
                } else if (n != 1 && n != old) {
                    if (l >= FIRST_ELLIPSIS_LABEL) {
                        throw error(spec, pos[d], "ellipsis dims of operand " + t + " " + Layout.format(shapes[t])
                                + " do not broadcast with operand " + sizeOperand[l] + " (sizes " + old + " and " + n + ")");
                    }
                    throw error(spec, pos[d], "index '" + tm(l) + "' has sizes " + old + " (operand "
                            + sizeOperand[l] + ") and " + n + " (operand " + t + ")");
                }
            }
            inputs[t] = labels;
        }
        int[] output;
        if (out != null) {
            List<Integer> o = new ArrayList<>();
            long seen = 0;
            for (int i = 0; i < out.letters.length(); i++) {
                if (i == out.ellipsisAt) {
                    for (int e = 0; e < ellRank; e++) {
                        o.add(FIRST_ELLIPSIS_LABEL + e);
                    }
                }
                int l = labelOf(out.letters.charAt(i));
                int p = out.start + out.pos[i];
                if ((seen & (1L << l)) != 0) {
                    throw error(spec, p, "output index '" + tm(l) + "' appears more than once");
                }
                seen |= 1L << l;
                if (sizes[l] < 0) {
                    throw error(spec, p, "output index '" + tm(l) + "' does not appear in any input");
                }
                o.add(l);
            }
            if (out.ellipsisAt == out.letters.length()) {
                for (int e = 0; e < ellRank; e++) {
                    o.add(FIRST_ELLIPSIS_LABEL + e);
                }
            }
            if (out.ellipsisAt < 0 && ellRank > 0) {
                throw error(spec, arrow + 2, "the inputs have " + dims(ellRank) + " under '...' but the output has no '...'"
                        + " to put them in");
            }
            output = o.stream().mapToInt(Integer::intValue).toArray();
        } else {
            int[] count = new int[sizes.length];
            for (int[] in : inputs) {
                for (int l : in) {
                    count[l]++;
                }
            }
            List<Integer> o = new ArrayList<>();
            for (int e = 0; e < ellRank; e++) {
                o.add(FIRST_ELLIPSIS_LABEL + e);
            }
            // ASCII order: 'A'..'Z' (labels 26..51) before 'a'..'z' (0..25).
            for (int l = 26; l < 52; l++) {
                if (count[l] == 1) {
                    o.add(l);
                }
            }
            for (int l = 0; l < 26; l++) {
                if (count[l] == 1) {
                    o.add(l);
                }
            }
            output = o.stream().mapToInt(Integer::intValue).toArray();
        }
        for (int l = 0; l < sizes.length; l++) {
            if (sizes[l] < 0) {
                sizes[l] = 1;
            }
        }
        return new EinsumSpec(spec, inputs, output, sizes, ellRank,
                unusedLetters(usedLetters(terms) | (out == null ? 0 : letterMask(out.letters)), ellRank));
    }

    private static char tm(int l) {
        return l < 26 ? (char) ('a' + l) : (char) ('A' + l - 26);
    }

    private static String dims(int n) {
        return n + (n == 1 ? " dim" : " dims");
    }

    private static int firstEllipsis(List<Term> terms) {
        for (Term t : terms) {
            if (t.ellipsisAt >= 0) {
                return t.start + (t.ellipsisAt < t.pos.length ? t.pos[t.ellipsisAt] - 3 : 0);
            }
        }
        return 0;
    }

    private static long letterMask(String letters) {
        long m = 0;
        for (int i = 0; i < letters.length(); i++) {
            m |= 1L << labelOf(letters.charAt(i));
        }
        return m;
    }

    private static long usedLetters(List<Term> terms) {
        long m = 0;
        for (Term t : terms) {
            m |= letterMask(t.letters);
        }
        return m;
    }

    /** Letters for the ellipsis dims in the printed path: unused letters, taken from the end of the alphabet. */
    private static char[] unusedLetters(long used, int n) {
        char[] c = new char[n];
        int k = n - 1;
        for (int l = 25; l >= 0 && k >= 0; l--) {
            if ((used & (1L << l)) == 0) {
                c[k--] = tm(l);
            }
        }
        for (int l = 51; l >= 26 && k >= 0; l--) {
            if ((used & (1L << l)) == 0) {
                c[k--] = tm(l);
            }
        }
        while (k >= 0) {
            c[k--] = '?';
        }
        return c;
    }

    /** Splits spec[from, to) into letters and the place of one "..."; spaces are skipped. */
    private static Term term(String spec, int from, int to) {
        StringBuilder letters = new StringBuilder();
        List<Integer> pos = new ArrayList<>();
        int ell = -1;
        for (int i = from; i < to; i++) {
            char c = spec.charAt(i);
            if (c == ' ') {
                continue;
            }
            if (c == '.') {
                if (i + 2 >= to || spec.charAt(i + 1) != '.' || spec.charAt(i + 2) != '.') {
                    throw error(spec, i, "invalid ellipsis: '.' must come as '...'");
                }
                if (ell >= 0) {
                    throw error(spec, i, "more than one '...' in one term");
                }
                ell = letters.length();
                i += 2;
                continue;
            }
            letters.append(c);
            pos.add(i - from);
        }
        // pos[i] is the offset of letter i; when "..." precedes letter i the ellipsis sits 3 chars before.
        int[] p = new int[pos.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = pos.get(i);
        }
        return new Term(from, letters.toString(), ell, p);
    }

    /**
     * {@code einsum "spec": message} followed by a second line with a caret under character {@code at}
     * of the spec in the first line.
     */
    static IllegalArgumentException error(String spec, int at, String message) {
        String head = "einsum \"";
        return new IllegalArgumentException(head + spec + "\": " + message + "\n"
                + " ".repeat(head.length() + Math.max(0, Math.min(at, spec.length()))) + "^");
    }
}
