package io.ricci.index;

/**
 * A malformed or ill-indexed expression. The message names the problem, then shows the source
 * line with a caret under {@link #position()} (0-based character offset into {@link #source()}).
 */
public final class IndexParseException extends IllegalArgumentException {
    private final String source;
    private final int position;
    private final String reason;

    public IndexParseException(String reason, String source, int position) {
        super(format(reason, source, position));
        this.source = source;
        this.position = position;
        this.reason = reason;
    }

    private static String format(String reason, String source, int position) {
        int p = Math.max(0, Math.min(position, source.length()));
        int lineStart = source.lastIndexOf('\n', p - 1) + 1;
        int lineEnd = source.indexOf('\n', p);
        if (lineEnd < 0) {
            lineEnd = source.length();
        }
        int line = 1;
        for (int i = 0; i < lineStart; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        int col = p - lineStart + 1;
        String text = source.substring(lineStart, lineEnd);
        int caret = p - lineStart;
        if (text.length() > EXCERPT) {
            // a window around the position: the whole of an over-long input would drown the message
            int from = Math.max(0, Math.min(caret - EXCERPT / 2, text.length() - EXCERPT));
            int to = Math.min(text.length(), from + EXCERPT);
            String head = from > 0 ? "..." : "";
            text = head + text.substring(from, to) + (to < text.length() ? "..." : "");
            caret = caret - from + head.length();
        }
        return "index: " + reason + " at " + line + ":" + col + "\n  " + text + "\n  " + " ".repeat(caret) + "^";
    }

    /** Longest source line shown whole under the message. */
    static final int EXCERPT = 160;

    public String source() {
        return source;
    }

    /** 0-based character offset of the problem. */
    public int position() {
        return position;
    }

    /** The message without the source excerpt. */
    public String reason() {
        return reason;
    }
}
