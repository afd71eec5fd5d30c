package io.ricci.symbolic;

/**
 * A function text that cannot be parsed, an unknown variable or function, or a derivative that
 * cannot be formed or evaluated. When the problem is at a place in the input, {@link #token()} and
 * {@link #position()} (1-based character position in the text the caller gave) name it.
 */
public final class SymbolicException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String token;
    private final int position;

    /** An error not tied to a position in the input. */
    public SymbolicException(String message) {
        this(message, null, 0);
    }

    /** An error at {@code token}, which starts at 1-based {@code position} of the input text. */
    public SymbolicException(String message, String token, int position) {
        super(message);
        this.token = token;
        this.position = position;
    }

    /** The offending token, or {@code null} when the error has no position. */
    public String token() {
        return token;
    }

    /** 1-based position of {@link #token()} in the input text, or 0 when there is none. */
    public int position() {
        return position;
    }
}
