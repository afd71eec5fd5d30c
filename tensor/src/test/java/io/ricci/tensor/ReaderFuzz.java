package io.ricci.tensor;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Mutations of {@code .npy}/{@code .npz} bytes and the allocation meter the reader fuzz tests use. */
final class ReaderFuzz {
    /** Allowance for the readers' fixed buffers and the exception itself. */
    static final long SLACK = 64 << 10;
    /**
     * Allowance for reading a zip: {@link #SLACK} plus what the JDK's zip classes allocate from
     * fields they trust: ZipInputStream a name buffer of up to 64 KB and an extra-field array of up
     * to 64 KB from a local header's lengths, ZipFile an inflater input buffer of up to 64 KB from
     * the directory's uncompressed size.
     */
    static final long ZIP_SLACK = SLACK + (128 << 10);

    private ReaderFuzz() {
    }

    interface Read {
        Object run() throws Exception;
    }

    /** What a read did: its result (or null) or what it threw, and the bytes it allocated on this thread. */
    record Outcome(Object result, Throwable thrown, long allocated) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static Outcome measure(Read r) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Object result = null;
        Throwable thrown = null;
        try {
            result = r.run();
        } catch (Throwable t) {
            thrown = t;
        }
        return new Outcome(result, thrown, THREADS.getCurrentThreadAllocatedBytes() - before);
    }

    /** The bytes a tensor with {@code shape} of {@code dtype} occupies. */
    static long tensorBytes(Tensor t) {
        return (long) t.size() * t.dtype().bytes();
    }

    static long tensorBytes(Object result) {
        if (result instanceof Tensor t) {
            return tensorBytes(t);
        }
        long n = 0;
        if (result instanceof java.util.Map<?, ?> m) {
            for (Object v : m.values()) {
                n += tensorBytes((Tensor) v);
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- building inputs

    /** A version 1.0 {@code .npy} file with the header dict {@code dict} (padded as NumPy pads) and {@code data}. */
    static byte[] npy(String dict, byte[] data) {
        byte[] d = dict.getBytes(StandardCharsets.ISO_8859_1);
        int hlen = d.length + 1;
        int pad = (64 - (10 + hlen) % 64) % 64;
        ByteBuffer bb = ByteBuffer.allocate(10 + hlen + pad + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) (hlen + pad)).put(d);
        for (int i = 0; i < pad; i++) {
            bb.put((byte) ' ');
        }
        bb.put((byte) '\n').put(data);
        return bb.array();
    }

    /** A header dict whose shape is a tuple nested {@code depth} deep: {@code ((((2,),),),)}. */
    static String nestedDict(int depth) {
        return "{'descr': '<f8', 'fortran_order': False, 'shape': " + "(".repeat(depth) + "2" + ",)".repeat(depth) + ", }";
    }

    /** A zip holding {@code member} stored under {@code name}, its sizes and CRC as given (they may lie). */
    static byte[] storedZip(String name, byte[] member, long crc, long csize, long usize) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(30 + n.length + member.length + 46 + n.length + 22).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0).putInt(0)
                .putInt((int) crc).putInt((int) csize).putInt((int) usize).putShort((short) n.length).putShort((short) 0)
                .put(n).put(member);
        int cen = b.position();
        b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) 0).putInt(0)
                .putInt((int) crc).putInt((int) csize).putInt((int) usize).putShort((short) n.length).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(n);
        int cenSize = b.position() - cen;
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                .putInt(cenSize).putInt(cen).putShort((short) 0);
        return b.array();
    }

    // ---------------------------------------------------------------- mutations

    /** A named mutation of a file's bytes. */
    interface Mutation {
        byte[] apply(Random r, byte[] f);
    }

    record Named(String name, Mutation m) {
    }

    static final List<Named> NPY_MUTATIONS = List.of(
            new Named("bit flips", ReaderFuzz::bitFlips),
            new Named("insert bytes", ReaderFuzz::insert),
            new Named("delete bytes", ReaderFuzz::delete),
            new Named("truncate", ReaderFuzz::truncate),
            new Named("digit bump", ReaderFuzz::digitBump),
            new Named("npy header length", ReaderFuzz::npyLength),
            new Named("huge shape", ReaderFuzz::hugeShape),
            new Named("deep nesting", ReaderFuzz::deepNesting));

    static final List<Named> ZIP_MUTATIONS = List.of(
            new Named("bit flips", ReaderFuzz::bitFlips),
            new Named("insert bytes", ReaderFuzz::insert),
            new Named("delete bytes", ReaderFuzz::delete),
            new Named("truncate", ReaderFuzz::truncate),
            new Named("digit bump", ReaderFuzz::digitBump),
            new Named("zip size field", ReaderFuzz::zipField),
            new Named("zip size field", ReaderFuzz::zipField),
            new Named("member huge shape", ReaderFuzz::memberHugeShape));

    static byte[] bitFlips(Random r, byte[] f) {
        byte[] c = f.clone();
        if (c.length == 0) {
            return c;
        }
        for (int k = 1 + r.nextInt(8); k > 0; k--) {
            int i = r.nextInt(c.length);
            c[i] ^= (byte) (1 << r.nextInt(8));
        }
        return c;
    }

    static byte[] insert(Random r, byte[] f) {
        int at = r.nextInt(f.length + 1);
        byte[] ins = new byte[1 + r.nextInt(16)];
        r.nextBytes(ins);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(f, 0, at);
        out.write(ins, 0, ins.length);
        out.write(f, at, f.length - at);
        return out.toByteArray();
    }

    static byte[] delete(Random r, byte[] f) {
        if (f.length == 0) {
            return f;
        }
        int at = r.nextInt(f.length);
        int n = Math.min(f.length - at, 1 + r.nextInt(32));
        byte[] c = new byte[f.length - n];
        System.arraycopy(f, 0, c, 0, at);
        System.arraycopy(f, at + n, c, at, f.length - at - n);
        return c;
    }

    static byte[] truncate(Random r, byte[] f) {
        return Arrays.copyOf(f, f.length == 0 ? 0 : r.nextInt(f.length));
    }

    /** Replaces one decimal digit by a 9 in place: shapes (and zip-stored headers) grow without moving anything. */
    static byte[] digitBump(Random r, byte[] f) {
        List<Integer> digits = new ArrayList<>();
        for (int i = 0; i < f.length; i++) {
            if (f[i] >= '0' && f[i] <= '8') {
                digits.add(i);
            }
        }
        byte[] c = f.clone();
        if (!digits.isEmpty()) {
            c[digits.get(r.nextInt(digits.size()))] = '9';
        }
        return c;
    }

    private static int lie(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> r.nextInt(256);
            case 2 -> 0x7fffffff;
            case 3 -> 0xffffffff;
            case 4 -> 1 << (10 + r.nextInt(21));
            default -> r.nextInt();
        };
    }

    static byte[] npyLength(Random r, byte[] f) {
        byte[] c = f.clone();
        if (c.length >= 12) {
            ByteBuffer bb = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
            if (r.nextBoolean()) {
                c[6] = (byte) (1 + r.nextInt(3));
            }
            if (c[6] == 1) {
                bb.putShort(8, (short) lie(r));
            } else {
                bb.putInt(8, lie(r));
            }
        }
        return c;
    }

    private static final String[] HUGE = {"(2147483647,)", "(65536, 65536)", "(1073741824,)", "(46341, 46341)",
        "(268435456,)", "(9999999999,)", "(3, 715827882)", "(0, 2147483647)"};

    /** Rewrites the first {@code 'shape': (...)} in the bytes (NPY header or stored member) to a huge shape. */
    static byte[] hugeShape(Random r, byte[] f) {
        String s = new String(f, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("'shape': (");
        if (at < 0) {
            return f;
        }
        int open = at + 9;
        int close = s.indexOf(')', open);
        if (close < 0) {
            return f;
        }
        String huge = HUGE[r.nextInt(HUGE.length)];
        String t = s.substring(0, open) + huge + s.substring(close + 1);
        byte[] c = t.getBytes(StandardCharsets.ISO_8859_1);
        // Keep the header length field truthful half the time, so the lie is the shape alone.
        if (r.nextBoolean() && c.length >= 10 && c[6] == 1) {
            ByteBuffer bb = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
            bb.putShort(8, (short) ((bb.getShort(8) & 0xffff) + huge.length() - (close + 1 - open)));
        }
        return c;
    }

    /** Within a stored member: same-length rewrite of one shape digit run to nines. */
    static byte[] memberHugeShape(Random r, byte[] f) {
        String s = new String(f, StandardCharsets.ISO_8859_1);
        List<Integer> shapes = new ArrayList<>();
        for (int at = s.indexOf("'shape': ("); at >= 0; at = s.indexOf("'shape': (", at + 1)) {
            shapes.add(at + 10);
        }
        byte[] c = f.clone();
        if (shapes.isEmpty()) {
            return c;
        }
        for (int i = shapes.get(r.nextInt(shapes.size())); i < c.length && c[i] >= '0' && c[i] <= '9'; i++) {
            c[i] = '9';
        }
        return c;
    }

    static byte[] deepNesting(Random r, byte[] f) {
        int depth = r.nextInt(4) == 0 ? 1 + r.nextInt(64) : 1 + r.nextInt(30000);
        String dict = r.nextBoolean() ? nestedDict(depth)
                : "{'descr': " + "[".repeat(depth) + "('a', '<f8')" + "]".repeat(depth) + ", 'fortran_order': False, 'shape': (2,), }";
        byte[] data = new byte[16];
        byte[] c = npy(dict, data);
        if (c.length - 10 - 16 > 0xffff) {
            // Does not fit a 1.0 length field: write a 2.0 file instead.
            byte[] d = dict.getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer bb = ByteBuffer.allocate(12 + d.length + 1 + 16).order(ByteOrder.LITTLE_ENDIAN);
            bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(d.length + 1).put(d).put((byte) '\n');
            c = bb.array();
        }
        return c;
    }

    /** Overwrites a size, CRC, count or offset field of a local header, central directory entry or end record. */
    static byte[] zipField(Random r, byte[] f) {
        List<int[]> fields = new ArrayList<>();
        for (int i = 0; i + 4 <= f.length; i++) {
            int sig = ByteBuffer.wrap(f, i, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            int[][] offs = switch (sig) {
                case 0x04034b50 -> new int[][] {{14, 4}, {18, 4}, {22, 4}, {26, 2}, {28, 2}, {8, 2}, {6, 2}};
                case 0x02014b50 -> new int[][] {{16, 4}, {20, 4}, {24, 4}, {28, 2}, {30, 2}, {32, 2}, {42, 4}, {10, 2}};
                case 0x06054b50 -> new int[][] {{8, 2}, {10, 2}, {12, 4}, {16, 4}, {20, 2}};
                default -> new int[0][];
            };
            for (int[] o : offs) {
                if (i + o[0] + o[1] <= f.length) {
                    fields.add(new int[] {i + o[0], o[1]});
                }
            }
        }
        byte[] c = f.clone();
        if (fields.isEmpty()) {
            return bitFlips(r, f);
        }
        int[] fld = fields.get(r.nextInt(fields.size()));
        ByteBuffer bb = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        if (fld[1] == 4) {
            bb.putInt(fld[0], lie(r));
        } else {
            bb.putShort(fld[0], (short) lie(r));
        }
        return c;
    }
}
