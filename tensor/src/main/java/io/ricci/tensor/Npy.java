package io.ricci.tensor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes NumPy's {@code .npy} format (numpy.lib.format, versions 1.0, 2.0 and 3.0).
 *
 * <p><b>Reading</b> accepts C and Fortran order and both byte orders. {@code f4}, {@code f8},
 * {@code i4}, {@code i8} and {@code b1} give float32, float64, int32, int64 and bool tensors, value
 * for value. Every other dtype is refused, never silently converted: half floats {@code f2},
 * {@code i1 i2}, unsigned {@code u1 u2 u4 u8} (convert them in NumPy with {@code astype}), and
 * complex, object, string, datetime and structured dtypes. A Fortran-order file gives a tensor with column-major strides over its storage, as
 * {@code np.load} does. Complex, object, string, datetime and structured dtypes are refused with
 * {@link NpyFormatException}, whose message names the file and the byte offset of the problem.
 * Reading from a stream consumes exactly the header and the data, so several arrays can be read
 * back to back.
 *
 * <p>Nothing the header declares is trusted: the tensor is allocated only once its data is known
 * to be there (a file's size is checked first; a stream's data is collected as it arrives), the
 * header dict is limited to {@link #MAX_HEADER_SIZE} bytes as NumPy's {@code max_header_size}
 * limits it (overloads raise the limit for trusted files) and its nesting to 32 levels. Every
 * failure is an {@link NpyFormatException}.
 *
 * <p><b>Writing</b> produces exactly the bytes {@code np.save} produces: version 1.0 (2.0 only when
 * the header exceeds 65535 bytes), little-endian {@code <f4}/{@code <f8}, the header dict with sorted
 * keys and NumPy's spare growth space, padded with spaces and {@code \n} so the data starts at a
 * multiple of 64 bytes. A Fortran-contiguous (and not C-contiguous) tensor is written with
 * {@code fortran_order: True} in storage order; any other tensor, including a non-contiguous view,
 * is written as its logical values in C order. Writes to a {@link Path} are atomic: an interrupted
 * write leaves an existing file unchanged.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy aligns the start of the data to this many bytes. */
    private static final int ARRAY_ALIGN = 64;
    /** NumPy leaves room in the header for the growth axis to reach this many digits. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int CHUNK = 1 << 16;
    /**
     * The largest header dict read by default, as NumPy's {@code max_header_size}: {@code np.load}
     * refuses longer headers unless told to trust the file.
     */
    public static final int MAX_HEADER_SIZE = 10_000;
    /** Deepest nesting of tuples/lists accepted in a header dict (structured descrs nest a few levels). */
    static final int MAX_HEADER_DEPTH = 32;
    /** How much of a header is quoted in an error message. */
    private static final int QUOTE = 200;
    /** Largest single chunk when collecting the data of a stream of unknown length. */
    private static final int MAX_BUFFER_CHUNK = 1 << 26;
    private static final int FIRST_BUFFER_CHUNK = 1 << 13;
    /**
     * Bytes decoded at a time when reading. The buffer is at most the data's size, which the caller
     * has checked is there, so a small file gets a small buffer.
     */
    private static final int READ_CHUNK = CHUNK;

    private Npy() {
    }

    // ---------------------------------------------------------------- reading

    /** Reads the array in {@code file}; see the class comment for the dtypes accepted. */
    public static Tensor read(Path file) throws IOException {
        return read(file, MAX_HEADER_SIZE);
    }

    /**
     * Reads the array in {@code file}, accepting a header dict of up to {@code maxHeaderSize} bytes
     * (NumPy's {@code max_header_size}: raise it only for trusted files).
     */
    public static Tensor read(Path file, int maxHeaderSize) throws IOException {
        long length = Files.size(file);
        // Only the header's few small reads go through this buffer (the data is read in READ_CHUNK
        // blocks, which bypass it), and a tiny file must not cost a big one.
        int bufSize = (int) Math.max(16, Math.min(1 << 13, length));
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), bufSize)) {
            return read(in, file.toString(), length, maxHeaderSize);
        }
    }

    /**
     * Reads one array; {@code length} is the exact byte count of the input (or -1 if unknown). A
     * known length is checked against the header's shape before the tensor is allocated; with an
     * unknown length the data is taken in as it arrives and the tensor allocated once it is all
     * there, so a lying header cannot cost more memory than the bytes actually present.
     */
    static Tensor read(InputStream in, String sourceName, long length) throws IOException {
        return read(in, sourceName, length, MAX_HEADER_SIZE);
    }

    static Tensor read(InputStream in, String sourceName, long length, int maxHeaderSize) throws IOException {
        Header h = readHeader(in, sourceName, length, maxHeaderSize);
        if (length < 0) {
            return readDataBuffered(in, sourceName, h);
        }
        long need = h.dataBytes();
        if (h.dataOffset() + need > length) {
            throw new NpyFormatException(sourceName, length, truncatedData(h, Math.max(0, length - h.dataOffset())));
        }
        return readData(in, sourceName, h);
    }

    /** Reads one array from {@code in}, consuming exactly its bytes; errors name the source {@code <stream>}. */
    public static Tensor read(InputStream in) throws IOException {
        return read(in, "<stream>");
    }

    /**
     * Reads one array from {@code in}, consuming exactly its bytes; errors name {@code sourceName}.
     * A stream's length is unknown, so the data is collected as it arrives (in chunks that grow with
     * it) and the tensor allocated only once all of it is there: a header declaring a huge shape
     * over a short stream costs at most about the bytes the stream holds.
     */
    public static Tensor read(InputStream in, String sourceName) throws IOException {
        return read(in, sourceName, -1, MAX_HEADER_SIZE);
    }

    /** As {@link #read(InputStream, String)}, accepting a header dict of up to {@code maxHeaderSize} bytes. */
    public static Tensor read(InputStream in, String sourceName, int maxHeaderSize) throws IOException {
        return read(in, sourceName, -1, maxHeaderSize);
    }

    /** The parsed header: element type, order, shape and the offset where the data starts. */
    record Header(Descr descr, boolean fortran, int[] shape, int size, long dataOffset) {
        /** Bytes of data the header declares. */
        long dataBytes() {
            return (long) size * descr.bytes();
        }

        /** Bytes of the tensor the data is read into. */
        long tensorBytes() {
            return (long) size * descr.target().bytes();
        }
    }

    /** An element type from a {@code descr} string such as {@code <f8} or {@code |u1}. */
    record Descr(String text, char kind, int bytes, ByteOrder order) {
        /** The tensor dtype this element type is read as. */
        DType target() {
            return switch (kind) {
                case 'f' -> bytes == 4 ? DType.F32 : DType.F64;
                case 'i' -> bytes == 4 ? DType.I32 : DType.I64;
                default -> DType.BOOL;
            };
        }
    }

    static Header readHeader(InputStream in, String src) throws IOException {
        return readHeader(in, src, -1, MAX_HEADER_SIZE);
    }

    /**
     * Reads and checks the header; {@code length} is the input's byte count if known (-1 if not) so
     * that a header length beyond the end of the input is reported as truncation.
     */
    static Header readHeader(InputStream in, String src, long length, int maxHeaderSize) throws IOException {
        byte[] pre = new byte[8];
        int got = readFully(in, pre, 0, 8);
        for (int i = 0; i < Math.min(got, 6); i++) {
            if (pre[i] != MAGIC[i]) {
                throw new NpyFormatException(src, i, "not a .npy file: bad magic string (expected \\x93NUMPY, found "
                        + hex(pre, Math.min(got, 6)) + ")");
            }
        }
        if (got < 8) {
            throw new NpyFormatException(src, got, "truncated header: the input ends after " + got + " bytes");
        }
        int major = pre[6] & 0xff, minor = pre[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException(src, 6, "unsupported format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        int lenBytes = major == 1 ? 2 : 4;
        byte[] lb = new byte[lenBytes];
        got = readFully(in, lb, 0, lenBytes);
        if (got < lenBytes) {
            throw new NpyFormatException(src, 8 + got, "truncated header: the input ends inside the header length");
        }
        long hlen = lenBytes == 2 ? ByteBuffer.wrap(lb).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffffL
                : ByteBuffer.wrap(lb).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        long start = 8 + lenBytes;
        if (length >= 0 && start + hlen > length) {
            throw new NpyFormatException(src, length, "truncated header: expected " + hlen
                    + " header bytes starting at byte " + start + ", but the input ends at byte " + length);
        }
        // At most maxHeaderSize + 1 bytes are read, so a lying length field cannot force a big read or
        // allocation; from a stream a short input is still reported as truncation rather than as too long.
        int want = (int) Math.min(hlen, Math.min((long) maxHeaderSize + 1, Integer.MAX_VALUE - 16));
        byte[] hb;
        if (want <= MAX_HEADER_SIZE + 1 || (length >= 0 && start + want <= length)) {
            hb = new byte[want];
            got = readFully(in, hb, 0, want);
        } else {
            // A raised limit and a stream: grow the buffer as the header arrives.
            hb = in.readNBytes(want);
            got = hb.length;
        }
        if (got < want) {
            throw new NpyFormatException(src, start + got, "truncated header: expected " + hlen
                    + " header bytes starting at byte " + start + ", but the input ends at byte " + (start + got));
        }
        if (hlen > maxHeaderSize) {
            throw new NpyFormatException(src, 8, "header length " + hlen + " exceeds the limit of " + maxHeaderSize
                    + " bytes (as NumPy's max_header_size); pass a larger maxHeaderSize only for a trusted file");
        }
        String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = new HeaderParser(text, src, start).parseDict();
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw new NpyFormatException(src, start, "malformed header: missing key '" + key + "' in " + quote(text));
            }
        }
        if (dict.size() != 3) {
            List<String> extra = new ArrayList<>(dict.keySet());
            extra.removeAll(List.of("descr", "fortran_order", "shape"));
            throw new NpyFormatException(src, start, "malformed header: unexpected keys " + extra + " in " + quote(text));
        }
        Descr descr = parseDescr(dict.get("descr"), src, start);
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new NpyFormatException(src, start, "malformed header: fortran_order must be True or False, got "
                    + quote(show(dict.get("fortran_order"))));
        }
        if (!(dict.get("shape") instanceof long[] dims)) {
            throw new NpyFormatException(src, start, "malformed header: shape must be a tuple of integers, got "
                    + quote(show(dict.get("shape"))));
        }
        int[] shape = new int[dims.length];
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] < 0 || dims[d] > Integer.MAX_VALUE) {
                throw new NpyFormatException(src, start, "malformed header: dimension " + dims[d] + " of shape "
                        + quote(java.util.Arrays.toString(dims)) + " is negative or too large");
            }
            shape[d] = (int) dims[d];
        }
        int size;
        try {
            size = Layout.checkedSize("npy", shape);
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(src, start, e.getMessage());
        }
        return new Header(descr, fortran, shape, size, start + hlen);
    }

    private static Descr parseDescr(Object value, String src, long at) throws NpyFormatException {
        if (!(value instanceof String s)) {
            throw new NpyFormatException(src, at, "unsupported dtype: structured arrays (descr " + quote(show(value))
                    + ") are not supported; Ricci reads float, integer and bool arrays");
        }
        String body = s;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (!body.isEmpty() && "<>|=".indexOf(body.charAt(0)) >= 0) {
            char o = body.charAt(0);
            order = o == '>' ? ByteOrder.BIG_ENDIAN : o == '=' ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN;
            body = body.substring(1);
        }
        if (body.equals("O")) {
            throw new NpyFormatException(src, at, "unsupported dtype '" + s + "': object arrays cannot be read"
                    + " (they hold pickled Python objects)");
        }
        char kind = body.isEmpty() ? '?' : body.charAt(0);
        int bytes = -1;
        try {
            bytes = Integer.parseInt(body.substring(1));
        } catch (RuntimeException e) {
            // leave bytes = -1: reported below together with the unknown kind
        }
        boolean ok = switch (kind) {
            case 'f', 'i' -> bytes == 4 || bytes == 8;
            case 'b' -> bytes == 1;
            default -> false;
        };
        if (!ok) {
            String what = switch (kind) {
                case 'c' -> " (complex)";
                case 'U', 'S', 'a' -> " (string)";
                case 'M', 'm' -> " (datetime)";
                case 'V' -> " (void/structured)";
                case 'f' -> bytes == 2 ? " (float16; convert with astype(np.float32))" : "";
                case 'i' -> bytes == 1 || bytes == 2 ? " (small integer; convert with astype(np.int32))" : "";
                case 'u' -> " (unsigned integer; convert with astype(np.int64) or np.int32)";
                default -> "";
            };
            throw new NpyFormatException(src, at, "unsupported dtype '" + quote(s) + "'" + what
                    + ": Ricci reads f4, f8, i4, i8 and b1");
        }
        return new Descr(s, kind, bytes, order);
    }

    private static String show(Object v) {
        return v instanceof long[] a ? java.util.Arrays.toString(a) : String.valueOf(v);
    }

    /** {@code text} stripped and cut to a length fit for an error message. */
    static String quote(String text) {
        // Cut before copying: the text may be a header of many kilobytes.
        int a = 0, b = text.length();
        while (a < b && Character.isWhitespace(text.charAt(a))) {
            a++;
        }
        while (b > a && Character.isWhitespace(text.charAt(b - 1))) {
            b--;
        }
        return b - a <= QUOTE ? text.substring(a, b) : text.substring(a, a + QUOTE) + "... (" + (b - a) + " characters)";
    }

    static String truncatedData(Header h, long present) {
        return "truncated data: shape " + quote(Layout.format(h.shape())) + " of '" + h.descr().text() + "' needs "
                + h.dataBytes() + " data bytes starting at byte " + h.dataOffset() + ", but the input ends after "
                + present + " of them";
    }

    /** Reads the data into a tensor allocated up front: the caller has checked that the data is there. */
    static Tensor readData(InputStream in, String src, Header h) throws IOException {
        return readData(in, src, h, READ_CHUNK);
    }

    /** As {@link #readData(InputStream, String, Header)}, decoding at most {@code block} bytes at a time. */
    static Tensor readData(InputStream in, String src, Header h, int block) throws IOException {
        Descr d = h.descr();
        int n = h.size();
        int item = d.bytes();
        Layout layout = h.fortran() ? Layout.fortran(h.shape()) : Layout.contiguous(h.shape());
        Object g = allocate(d.target(), n);
        int perChunk = Math.max(1, Math.min(block, READ_CHUNK) / item);
        byte[] buf = new byte[Math.min(n, perChunk) * item];
        long pos = h.dataOffset();
        for (int done = 0; done < n; ) {
            int k = Math.min(perChunk, n - done);
            int len = k * item;
            int got = readFully(in, buf, 0, len);
            if (got < len) {
                throw new NpyFormatException(src, pos + got, truncatedData(h, pos + got - h.dataOffset()));
            }
            decode(ByteBuffer.wrap(buf, 0, len).order(d.order()), d, k, g, done);
            done += k;
            pos += len;
        }
        return wrap(layout, g);
    }

    /**
     * Reads the data of an input whose length is unknown: the bytes are collected in chunks that
     * grow with what has arrived (each at most the total so far), and the tensor is allocated only
     * once they are all there. Small arrays are read directly.
     */
    static Tensor readDataBuffered(InputStream in, String src, Header h) throws IOException {
        long need = h.dataBytes();
        if (h.tensorBytes() <= FIRST_BUFFER_CHUNK) {
            return readData(in, src, h);
        }
        List<byte[]> chunks = new ArrayList<>();
        long got = 0;
        while (got < need) {
            // Multiples of 8 bytes (or the remainder), so no element straddles two chunks.
            int size = (int) Math.min(need - got, Math.max(FIRST_BUFFER_CHUNK, Math.min(got, MAX_BUFFER_CHUNK)));
            byte[] c = new byte[size];
            int r = readFully(in, c, 0, size);
            got += r;
            if (r < size) {
                throw new NpyFormatException(src, h.dataOffset() + got, truncatedData(h, got));
            }
            chunks.add(c);
        }
        Descr d = h.descr();
        Layout layout = h.fortran() ? Layout.fortran(h.shape()) : Layout.contiguous(h.shape());
        Object g = allocate(d.target(), h.size());
        int done = 0;
        for (byte[] c : chunks) {
            int k = c.length / d.bytes();
            decode(ByteBuffer.wrap(c).order(d.order()), d, k, g, done);
            done += k;
        }
        return wrap(layout, g);
    }

    private static Object allocate(DType dt, int n) {
        return switch (dt) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case I32 -> new int[n];
            case I64 -> new long[n];
            case BOOL -> new boolean[n];
        };
    }

    private static Tensor wrap(Layout layout, Object g) {
        return switch (g) {
            case float[] f -> Tensor.ofStorage(layout, f);
            case double[] f -> Tensor.ofStorage(layout, f);
            case int[] f -> Tensor.ofStorage(layout, f);
            case long[] f -> Tensor.ofStorage(layout, f);
            default -> Tensor.ofStorage(layout, (boolean[]) g);
        };
    }

    /** Copies {@code k} elements of type {@code d} from {@code bb} into the storage array {@code g} at {@code at}. */
    private static void decode(ByteBuffer bb, Descr d, int k, Object g, int at) {
        switch (g) {
            case float[] f -> bb.asFloatBuffer().get(f, at, k);
            case double[] f -> bb.asDoubleBuffer().get(f, at, k);
            case int[] f -> bb.asIntBuffer().get(f, at, k);
            case long[] f -> bb.asLongBuffer().get(f, at, k);
            default -> {
                boolean[] f = (boolean[]) g;
                for (int i = 0; i < k; i++) {
                    f[at + i] = bb.get() != 0;
                }
            }
        }
    }

    private static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, off + n, len - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return n == 0 ? "nothing" : sb.toString();
    }

    // ---------------------------------------------------------------- writing

    /** Writes {@code t} to {@code file} atomically (temp file in the same directory, then rename). */
    public static void write(Path file, Tensor t) throws IOException {
        AtomicFiles.write(file, out -> write(out, t));
    }

    /** Writes {@code t} as one {@code .npy} array to {@code out} (not closed, not flushed beyond the array). */
    public static void write(OutputStream out, Tensor t) throws IOException {
        Layout l = t.layout();
        boolean fortran = l.isFortran() && !l.isContiguous();
        out.write(header(t.dtype(), fortran, l.shape()));
        int n = t.size();
        if (n == 0) {
            return;
        }
        Tensor src = fortran || l.isContiguous() ? t : t.contiguous();
        int off = src.layout().offset();
        int item = t.dtype().bytes();
        int perChunk = CHUNK / item;
        ByteBuffer bb = ByteBuffer.allocate(Math.min(n, perChunk) * item).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < n; ) {
            int k = Math.min(perChunk, n - done);
            bb.clear();
            switch (t.dtype()) {
                case F32 -> bb.asFloatBuffer().put(src.f32(), off + done, k);
                case F64 -> bb.asDoubleBuffer().put(src.f64(), off + done, k);
                case I32 -> bb.asIntBuffer().put(src.i32(), off + done, k);
                case I64 -> bb.asLongBuffer().put(src.i64(), off + done, k);
                case BOOL -> {
                    boolean[] b = src.b8();
                    for (int i = 0; i < k; i++) {
                        bb.put(i, (byte) (b[off + done + i] ? 1 : 0));
                    }
                }
            }
            out.write(bb.array(), 0, k * item);
            done += k;
        }
    }

    /** The complete header (magic through the final newline) that {@code np.save} writes for this array. */
    static byte[] header(DType dtype, boolean fortran, int[] shape) {
        StringBuilder sb = new StringBuilder();
        sb.append("{'descr': '").append(dtype.npyDescr()).append("', 'fortran_order': ")
                .append(fortran ? "True" : "False").append(", 'shape': ").append(Layout.format(shape)).append(", }");
        if (shape.length > 0) {
            int growth = shape[fortran ? shape.length - 1 : 0];
            sb.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(growth).length()));
        }
        byte[] dict = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        int hlen = dict.length + 1;
        int lenBytes = 2;
        int pad = ARRAY_ALIGN - ((MAGIC.length + 2 + lenBytes + hlen) % ARRAY_ALIGN);
        if (hlen + pad > 0xffff) {
            lenBytes = 4;
            pad = ARRAY_ALIGN - ((MAGIC.length + 2 + lenBytes + hlen) % ARRAY_ALIGN);
        }
        int total = hlen + pad;
        ByteBuffer bb = ByteBuffer.allocate(MAGIC.length + 2 + lenBytes + total).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(MAGIC).put((byte) (lenBytes == 2 ? 1 : 2)).put((byte) 0);
        if (lenBytes == 2) {
            bb.putShort((short) total);
        } else {
            bb.putInt(total);
        }
        bb.put(dict);
        for (int i = 0; i < pad; i++) {
            bb.put((byte) ' ');
        }
        bb.put((byte) '\n');
        return bb.array();
    }

    // ---------------------------------------------------------------- header dict parser

    /**
     * Parses the Python literal NumPy writes as the header: a dict with string keys whose values are
     * strings, {@code True}/{@code False}, integers, tuples of integers (returned as {@code long[]}) or
     * lists (structured descr, returned as a {@code List}).
     */
    static final class HeaderParser {
        private final String s;
        private final String src;
        private final long base;
        private int i;
        private int depth;

        HeaderParser(String s, String src, long base) {
            this.s = s;
            this.src = src;
            this.base = base;
        }

        Map<String, Object> parseDict() throws NpyFormatException {
            skipWs();
            expect('{');
            Map<String, Object> out = new LinkedHashMap<>();
            skipWs();
            while (peek() != '}') {
                int keyAt = i;
                Object key = value();
                if (!(key instanceof String k)) {
                    throw error(keyAt, "dictionary key must be a string");
                }
                skipWs();
                expect(':');
                Object v = value();
                if (out.put(k, v) != null) {
                    throw error(keyAt, "duplicate key '" + k + "'");
                }
                skipWs();
                if (peek() == ',') {
                    i++;
                    skipWs();
                } else if (peek() != '}') {
                    throw error(i, "expected ',' or '}'");
                }
            }
            i++;
            skipWs();
            if (i != s.length()) {
                throw error(i, "unexpected text after the dictionary");
            }
            return out;
        }

        private Object value() throws NpyFormatException {
            skipWs();
            char c = peek();
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw error(i, "unterminated string");
                }
                String v = s.substring(i + 1, end);
                i = end + 1;
                return v;
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                if (++depth > MAX_HEADER_DEPTH) {
                    throw error(i, "tuples and lists nested deeper than " + MAX_HEADER_DEPTH + " levels");
                }
                i++;
                List<Object> items = new ArrayList<>();
                skipWs();
                while (peek() != close) {
                    items.add(value());
                    skipWs();
                    if (peek() == ',') {
                        i++;
                        skipWs();
                    } else if (peek() != close) {
                        throw error(i, "expected ',' or '" + close + "'");
                    }
                }
                i++;
                depth--;
                if (c == '[') {
                    return items;
                }
                long[] t = new long[items.size()];
                for (int k = 0; k < t.length; k++) {
                    if (!(items.get(k) instanceof Long v)) {
                        return items;
                    }
                    t[k] = v;
                }
                return t;
            }
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                int st = i;
                i++;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                String digits = s.substring(st, i);
                if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) {
                    i++; // Python 2 long literal
                }
                try {
                    return Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    throw error(st, "bad integer '" + digits + "'");
                }
            }
            throw error(i, c == 0 ? "unexpected end of header" : "unexpected character '" + c + "'");
        }

        private void expect(char c) throws NpyFormatException {
            if (peek() != c) {
                throw error(i, "expected '" + c + "'" + (peek() == 0 ? " but the header ends" : " but found '" + peek() + "'"));
            }
            i++;
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : 0;
        }

        private void skipWs() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private NpyFormatException error(int at, String problem) {
            return new NpyFormatException(src, base + at, "malformed header dict: " + problem + " in " + quote(s));
        }
    }
}
