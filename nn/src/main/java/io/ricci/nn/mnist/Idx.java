package io.ricci.nn.mnist;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the IDX format of the MNIST distribution (plain or gzip-compressed, detected by its
 * magic bytes {@code 1f 8b}): a big-endian header {@code 00 00 TT DD} (type code TT, DD dimensions),
 * DD big-endian 32-bit sizes, then the data in row-major order. Only unsigned bytes (type 0x08),
 * the type of MNIST and Fashion-MNIST, are accepted. Errors are {@link IdxFormatException}s naming
 * the file and the byte offset (counted in the uncompressed data for a gzip file).
 *
 * <p>The dimensions are not trusted: the data array is allocated only when the bytes it needs are
 * known to be there. A plain file is checked against its size. A gzip file whose data may expand to
 * more than about twice the file is first inflated once to count its bytes (and check its CRC), then
 * read; a stream is taken in whole first, so that its size is known.
 */
public final class Idx {
    /** Room for the buffers when deciding whether a gzip file's data may be allocated before it is counted. */
    private static final long ONE_PASS_SLACK = 1 << 14;
    private static final int BUFFER = 1 << 16;
    private static final String GUNZIPPED = " (after gunzip)";

    private Idx() {
    }

    /** The dimensions and the raw unsigned bytes of an IDX file. */
    public record Array(int[] dims, byte[] data) {
        /** Element {@code i} as 0..255. */
        public int unsigned(int i) {
            return data[i] & 0xFF;
        }
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    public static Array read(Path file) throws IOException {
        return read(() -> Files.newInputStream(file), file.toString(), Files.size(file), true);
    }

    /**
     * Reads an IDX array from {@code in}; {@code name} names the source in error messages.
     *
     * @param expectedRank the number of dimensions required (3 for images, 1 for labels), or -1
     */
    public static Array read(InputStream raw, String name, int expectedRank) throws IOException {
        Array a = read(raw, name);
        if (expectedRank >= 0 && a.dims().length != expectedRank) {
            throw new IdxFormatException(name, -1, "expected an IDX file with " + expectedRank + " dimensions, found "
                    + a.dims().length + " " + Arrays.toString(a.dims()));
        }
        return a;
    }

    /**
     * Reads an IDX array from {@code raw} (to its end); {@code name} names the source in error
     * messages. The stream is taken in whole first, so that the dimensions can be checked against
     * what is there before the data array is allocated.
     */
    public static Array read(InputStream raw, String name) throws IOException {
        byte[] all = raw.readAllBytes();
        return read(() -> new ByteArrayInputStream(all), name, all.length, false);
    }

    /**
     * @param size the input's byte count
     * @param oneGzipPass whether a gzip file's data may be allocated before it is counted when it is
     *     at most about twice {@code size} (not for a stream, whose bytes are already held once)
     */
    private static Array read(Opener open, String name, long size, boolean oneGzipPass) throws IOException {
        // Buffers no bigger than the input: a tiny file must not cost 64 KB of them.
        int bufSize = (int) Math.max(512, Math.min(BUFFER, size));
        long total;
        try (InputStream in = new BufferedInputStream(open.open(), bufSize)) {
            in.mark(2);
            int b0 = in.read(), b1 = in.read();
            in.reset();
            if (b0 != 0x1f || b1 != 0x8b) {
                Header h = readHeader(in, name);
                if (h.end() > size) {
                    throw truncated(name, h, size - h.bytes());
                }
                if (h.end() < size) {
                    throw trailing(name, h);
                }
                return readData(in, name, h);
            }
            InputStream gz = gunzip(in, name, bufSize);
            Header h = readHeader(gz, name + GUNZIPPED);
            // Were the data short, the array and the two buffers must still come to no more than twice the file.
            if (oneGzipPass && h.count() + 2L * bufSize + ONE_PASS_SLACK <= 2 * size) {
                return readData(gz, name + GUNZIPPED, h);
            }
            total = h.bytes() + gz.transferTo(OutputStream.nullOutputStream());
        }
        // Inflated once to count (and check the CRC): now the data is known to be there.
        String where = name + GUNZIPPED;
        try (InputStream in = gunzip(new BufferedInputStream(open.open(), bufSize), name, bufSize)) {
            Header h = readHeader(in, where);
            if (h.end() > total) {
                throw truncated(where, h, total - h.bytes());
            }
            if (h.end() < total) {
                throw trailing(where, h);
            }
            return readData(in, where, h);
        }
    }

    /** The dimensions, their element count and the header's length. */
    private record Header(int[] dims, int count, long bytes) {
        long end() {
            return bytes + count;
        }
    }

    private static Header readHeader(InputStream in, String where) throws IOException {
        byte[] b = new byte[4];
        if (in.readNBytes(b, 0, 4) < 4) {
            throw new IdxFormatException(where, 0, "truncated at byte 0: no IDX header");
        }
        int magic = be(b);
        if ((magic >>> 16) != 0) {
            throw new IdxFormatException(where, 0, String.format("bad magic number 0x%08X at byte 0: not an IDX file", magic));
        }
        int type = (magic >>> 8) & 0xFF;
        int rank = magic & 0xFF;
        if (type != 0x08) {
            throw new IdxFormatException(where, 2, String.format(
                    "IDX element type 0x%02X at byte 2 is not supported (only 0x08, unsigned byte)", type));
        }
        if (rank < 1 || rank > 8) {
            throw new IdxFormatException(where, 3, "IDX rank " + rank + " at byte 3 is out of range 1..8");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            int at = 4 + 4 * i;
            if (in.readNBytes(b, 0, 4) < 4) {
                throw new IdxFormatException(where, at, "truncated at byte " + at + " inside the dimension list");
            }
            dims[i] = be(b);
            if (dims[i] < 0) {
                throw new IdxFormatException(where, at, "negative dimension " + dims[i] + " at byte " + at);
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE - 8) {
                throw new IdxFormatException(where, at, "dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " describe more than 2^31 bytes");
            }
        }
        return new Header(dims, (int) count, 4 + 4L * rank);
    }

    /** Reads the data, whose bytes the caller knows are there (or reads them from a gzip stream that may yet fail). */
    private static Array readData(InputStream in, String where, Header h) throws IOException {
        byte[] data = new byte[h.count()];
        int got = in.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw truncated(where, h, got);
        }
        if (in.read() >= 0) {
            throw trailing(where, h);
        }
        return new Array(h.dims(), data);
    }

    private static IdxFormatException truncated(String where, Header h, long got) {
        return new IdxFormatException(where, h.bytes() + got, "truncated at byte " + (h.bytes() + got) + ": dimensions "
                + Arrays.toString(h.dims()) + " need " + h.count() + " data bytes, found " + got);
    }

    private static IdxFormatException trailing(String where, Header h) {
        return new IdxFormatException(where, h.end(), "unexpected data after byte " + h.end() + " (dimensions "
                + Arrays.toString(h.dims()) + " account for " + h.end() + " bytes)");
    }

    private static int be(byte[] b) {
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    /** Inflates {@code raw}; a corrupt or truncated gzip stream is an {@link IdxFormatException} naming the file. */
    private static InputStream gunzip(InputStream raw, String name, int bufSize) throws IOException {
        GZIPInputStream gz;
        try {
            gz = new GZIPInputStream(raw, bufSize);
        } catch (IOException e) {
            raw.close();
            throw gzipError(name, 0, e);
        }
        return new FilterInputStream(gz) {
            private long pos;

            @Override
            public int read() throws IOException {
                try {
                    int c = in.read();
                    pos += c >= 0 ? 1 : 0;
                    return c;
                } catch (IOException e) {
                    throw gzipError(name, pos, e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    int n = in.read(b, off, len);
                    pos += Math.max(n, 0);
                    return n;
                } catch (IOException e) {
                    throw gzipError(name, pos, e);
                }
            }
        };
    }

    private static IdxFormatException gzipError(String name, long pos, IOException e) {
        String what = e instanceof EOFException ? "truncated gzip data" : "corrupt gzip data";
        return new IdxFormatException(name, -1, what + " after " + pos + " uncompressed bytes (" + e.getMessage() + ")", e);
    }
}
