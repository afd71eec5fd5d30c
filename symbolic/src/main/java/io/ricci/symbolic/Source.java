package io.ricci.symbolic;

import java.util.ArrayList;
import java.util.List;

/**
 * The caller's function text split at top-level commas into one piece per function, checked
 * character by character and rewritten for Symja's parser, with a map back to positions in the
 * original text so that every error can name its place. Numbers become exact fractions
 * ({@code 1.5e-3} becomes {@code (15/10*10^(-3))}): Symja's relaxed parser would read {@code 1.5e-3}
 * as {@code 1.5*e-3}, and exact numbers print back without rounding, so derived texts re-parse
 * to the same value.
 */
final class Source {
    private static final String OPERATORS = "+-*/^().,{}<>=!&|";

    /** Longest function text accepted: far above any formula a person writes, small enough to parse at once. */
    static final int MAX_LENGTH = 20_000;

    /** Deepest bracket nesting accepted; Symja's recursive parser would overflow the stack far deeper. */
    static final int MAX_DEPTH = 200;

    /** An identifier in the original text; {@code call} when an opening parenthesis follows it. */
    record Ident(String name, int position, boolean call) {
    }

    /**
     * One function: {@code text} for Symja, {@code origin[i]} the 0-based index in the original
     * text of rewritten character {@code i} (one extra entry for the end), and its identifiers.
     */
    record Piece(String text, int[] origin, List<Ident> idents) {
        /** 1-based position in the original text of 0-based {@code offset} in {@link #text}. */
        int originalPosition(int offset) {
            return origin[Math.max(0, Math.min(offset, origin.length - 1))] + 1;
        }
    }

    private Source() {
    }

    /**
     * Splits {@code text} into pieces.
     *
     * @throws SymbolicException for an empty function, an unexpected character or an unmatched
     *     closing bracket, naming its position
     */
    static List<Piece> split(String op, String text) {
        if (text == null) {
            throw new SymbolicException(op + ": no function text given (null)");
        }
        if (text.length() > MAX_LENGTH) {
            throw new SymbolicException(op + ": too complex: the text has " + text.length()
                    + " characters (limit " + MAX_LENGTH + ")");
        }
        List<Piece> pieces = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        List<Integer> origin = new ArrayList<>();
        List<Ident> idents = new ArrayList<>();
        int depth = 0, pieceStart = 0;
        int i = 0, n = text.length();
        while (i <= n) {
            char ch = i < n ? text.charAt(i) : ',';
            if (i == n || (ch == ',' && depth == 0)) {
                if (out.toString().isBlank()) {
                    throw new SymbolicException(op + ": empty function at position " + (pieceStart + 1) + " in \""
                            + text + "\"", ",", pieceStart + 1);
                }
                origin.add(i);
                pieces.add(new Piece(out.toString(), origin.stream().mapToInt(Integer::intValue).toArray(),
                        List.copyOf(idents)));
                out.setLength(0);
                origin.clear();
                idents.clear();
                pieceStart = i + 1;
                i++;
                continue;
            }
            if (Character.isWhitespace(ch)) {
                append(out, origin, " ", i);
                i++;
            } else if (isAsciiLetter(ch)) {
                int j = i + 1;
                while (j < n && (isAsciiLetter(text.charAt(j)) || isAsciiDigit(text.charAt(j)))) {
                    j++;
                }
                int k = j;
                while (k < n && Character.isWhitespace(text.charAt(k))) {
                    k++;
                }
                idents.add(new Ident(text.substring(i, j), i, k < n && text.charAt(k) == '('));
                for (int c = i; c < j; c++) {
                    append(out, origin, String.valueOf(text.charAt(c)), c);
                }
                i = j;
            } else if (isAsciiDigit(ch) || (ch == '.' && i + 1 < n && isAsciiDigit(text.charAt(i + 1)))) {
                i = number(text, i, out, origin);
            } else if (OPERATORS.indexOf(ch) >= 0) {
                if (ch == '(' || ch == '{') {
                    if (++depth > MAX_DEPTH) {
                        throw new SymbolicException(op + ": too complex: brackets nested deeper than " + MAX_DEPTH
                                + " at position " + (i + 1) + " in \"" + shortened(text) + "\"", String.valueOf(ch), i + 1);
                    }
                } else if (ch == ')' || ch == '}') {
                    if (--depth < 0) {
                        throw new SymbolicException(op + ": unmatched '" + ch + "' at position " + (i + 1) + " in \""
                                + text + "\"", String.valueOf(ch), i + 1);
                    }
                }
                append(out, origin, String.valueOf(ch), i);
                i++;
            } else {
                throw new SymbolicException(op + ": unexpected character '" + ch + "' at position " + (i + 1) + " in \""
                        + text + "\"", String.valueOf(ch), i + 1);
            }
        }
        return pieces;
    }

    /** Copies the number at {@code start}, rewriting an exponent; returns the index after it. */
    private static int number(String text, int start, StringBuilder out, List<Integer> origin) {
        int n = text.length(), j = start;
        while (j < n && (isAsciiDigit(text.charAt(j)) || text.charAt(j) == '.')) {
            j++;
        }
        String mantissa = text.substring(start, j);
        int e = j;
        if (e < n && (text.charAt(e) == 'e' || text.charAt(e) == 'E')) {
            int k = e + 1;
            if (k < n && (text.charAt(k) == '+' || text.charAt(k) == '-')) {
                k++;
            }
            if (k < n && isAsciiDigit(text.charAt(k))) {
                int end = k;
                while (end < n && isAsciiDigit(text.charAt(end))) {
                    end++;
                }
                append(out, origin, "(" + exact(mantissa) + "*10^(" + text.substring(e + 1, end) + "))", start);
                return end;
            }
        }
        String exact = exact(mantissa);
        if (exact.equals(mantissa)) {
            for (int c = start; c < j; c++) {
                append(out, origin, String.valueOf(text.charAt(c)), c);
            }
        } else {
            append(out, origin, exact, start);
        }
        return j;
    }

    /** {@code 1.25} as {@code (125/100)}; integers unchanged. */
    private static String exact(String mantissa) {
        int dot = mantissa.indexOf('.');
        if (dot < 0) {
            return mantissa;
        }
        String digits = (mantissa.substring(0, dot) + mantissa.substring(dot + 1)).replaceFirst("^0+(?=.)", "");
        int frac = mantissa.length() - dot - 1;
        if (mantissa.indexOf('.', dot + 1) >= 0) {
            return mantissa; // "1.2.3": left for Symja's parser to reject with its position
        }
        return frac == 0 ? digits : "(" + (digits.isEmpty() ? "0" : digits) + "/1" + "0".repeat(frac) + ")";
    }

    private static String shortened(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static void append(StringBuilder out, List<Integer> origin, String s, int at) {
        out.append(s);
        for (int k = 0; k < s.length(); k++) {
            origin.add(at);
        }
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** True for a name a variable may have: an ASCII letter, then letters and digits. */
    static boolean isIdentifier(String s) {
        if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isAsciiLetter(s.charAt(i)) && !isAsciiDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
