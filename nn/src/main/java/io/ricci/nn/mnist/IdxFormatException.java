package io.ricci.nn.mnist;

import java.io.IOException;

/**
 * An IDX file (plain or gzip-compressed) that cannot be read: bad magic, unsupported type,
 * dimensions that the data does not match, or corrupt or truncated gzip data. The message names the
 * file and, where one applies, the byte offset of the problem.
 */
public final class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long offset;

    /**
     * @param source the file or stream name (with {@code (after gunzip)} when the offset counts uncompressed bytes)
     * @param offset byte offset of the problem, or -1 if none applies
     * @param problem what is wrong, including the offset in words where it applies
     */
    public IdxFormatException(String source, long offset, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.offset = offset;
    }

    public IdxFormatException(String source, long offset, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.offset = offset;
    }

    /** The file or stream name the problem was found in. */
    public String source() {
        return source;
    }

    /** Byte offset of the problem (in the uncompressed data for a gzip file), or -1. */
    public long offset() {
        return offset;
    }
}
