package io.ricci.symbolic.index;

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
        return "index: " + reason + " at " + line + ":" + col + "\n  " + source.substring(lineStart, lineEnd)
                + "\n  " + " ".repeat(p - lineStart) + "^";
    }

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
