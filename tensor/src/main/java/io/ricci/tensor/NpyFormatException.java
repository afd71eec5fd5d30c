package io.ricci.tensor;

import java.io.IOException;

/**
 * A {@code .npy} or {@code .npz} file that Ricci cannot read: bad magic, malformed, too long or too
 * deeply nested header, truncated data, an unsupported dtype, a corrupt zip or a member whose CRC-32
 * does not match. The message names the file (and the zip member) and,
 * where it applies, the byte offset at which the problem was found.
 */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long offset;

    /**
     * @param source the file or stream name (for zip members {@code archive.npz[member.npy]})
     * @param offset byte offset of the problem within the {@code .npy} data, or -1 if none applies
     */
    public NpyFormatException(String source, long offset, String problem) {
        super(source + (offset >= 0 ? " at byte " + offset : "") + ": " + problem);
        this.source = source;
        this.offset = offset;
    }

    public NpyFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.offset = -1;
    }

    /** The file or stream name the problem was found in. */
    public String source() {
        return source;
    }

    /** Byte offset within the {@code .npy} data, or -1 when the problem has no single position. */
    public long offset() {
        return offset;
    }
}
