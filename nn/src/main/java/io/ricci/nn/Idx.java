package io.ricci.nn;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the IDX format of the MNIST distribution (plain or gzip-compressed, detected by its
 * magic bytes {@code 1f 8b}): a big-endian header {@code 00 00 TT DD} (type code TT, DD dimensions),
 * DD big-endian 32-bit sizes, then the data in row-major order. Only unsigned bytes (type 0x08),
 * the type of MNIST and Fashion-MNIST, are accepted. Errors name the file and the byte offset.
 */
public final class Idx {
    private Idx() {
    }

    /** The dimensions and the raw unsigned bytes of an IDX file. */
    public record Array(int[] dims, byte[] data) {
        /** Element {@code i} as 0..255. */
        public int unsigned(int i) {
            return data[i] & 0xFF;
        }
    }

    public static Array read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads an IDX array from {@code in}; {@code name} names the source in error messages.
     *
     * @param expectedRank the number of dimensions required (3 for images, 1 for labels), or -1
     */
    public static Array read(InputStream raw, String name, int expectedRank) throws IOException {
        Array a = read(raw, name);
        if (expectedRank >= 0 && a.dims().length != expectedRank) {
            throw new IOException(name + ": expected an IDX file with " + expectedRank + " dimensions, found "
                    + a.dims().length + " " + Arrays.toString(a.dims()));
        }
        return a;
    }

    public static Array read(InputStream raw, String name) throws IOException {
        BufferedInputStream buf = new BufferedInputStream(raw);
        buf.mark(2);
        int b0 = buf.read(), b1 = buf.read();
        buf.reset();
        InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(buf, 1 << 16) : buf;
        String where = name + ((b0 == 0x1f && b1 == 0x8b) ? " (after gunzip)" : "");
        DataInputStream d = new DataInputStream(in);
        int magic;
        try {
            magic = d.readInt();
        } catch (EOFException e) {
            throw new IOException(where + ": truncated at byte 0: no IDX header", e);
        }
        if ((magic >>> 16) != 0) {
            throw new IOException(String.format("%s: bad magic number 0x%08X at byte 0: not an IDX file", where, magic));
        }
        int type = (magic >>> 8) & 0xFF;
        int rank = magic & 0xFF;
        if (type != 0x08) {
            throw new IOException(String.format("%s: IDX element type 0x%02X at byte 2 is not supported (only 0x08, unsigned byte)", where, type));
        }
        if (rank < 1 || rank > 8) {
            throw new IOException(where + ": IDX rank " + rank + " at byte 3 is out of range 1..8");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            try {
                dims[i] = d.readInt();
            } catch (EOFException e) {
                throw new IOException(where + ": truncated at byte " + (4 + 4 * i) + " inside the dimension list", e);
            }
            if (dims[i] < 0) {
                throw new IOException(where + ": negative dimension " + dims[i] + " at byte " + (4 + 4 * i));
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE - 8) {
                throw new IOException(where + ": dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " describe more than 2^31 bytes");
            }
        }
        long header = 4 + 4L * rank;
        byte[] data = new byte[(int) count];
        int got = d.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw new IOException(where + ": truncated at byte " + (header + got) + ": dimensions "
                    + Arrays.toString(dims) + " need " + data.length + " data bytes, found " + got);
        }
        if (d.read() >= 0) {
            throw new IOException(where + ": unexpected data after byte " + (header + data.length)
                    + " (dimensions " + Arrays.toString(dims) + " account for " + (header + data.length) + " bytes)");
        }
        return new Array(dims, data);
    }
}
