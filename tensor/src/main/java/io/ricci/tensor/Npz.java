package io.ricci.tensor;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy's {@code .npz} archives: a zip file whose members are {@code .npy} arrays
 * ({@code np.savez} stores them, {@code np.savez_compressed} deflates them).
 *
 * <p>Keys are member names without the {@code .npy} suffix, as {@code np.load(...).files} lists
 * them; maps keep the order of the archive (reading) or of the given map (writing). Members are read
 * with {@link Npy}, so the same dtypes are accepted and converted. Writes to a {@link Path} are
 * atomic. Errors name the archive and the member, e.g. {@code w.npz[b.npy] at byte 90: truncated data}.
 */
public final class Npz {
    /** Room for the read buffers when deciding whether a member's tensor fits the one-pass budget. */
    private static final long ONE_PASS_SLACK = 1 << 16;
    private static final int DRAIN_BUFFER = 1 << 13;

    private Npz() {
    }

    /**
     * Reads every member of {@code file}, in archive order, into an unmodifiable ordered map. Every
     * member's CRC-32 is checked against the zip directory, as NumPy's {@code zipfile} does.
     */
    public static Map<String, Tensor> load(Path file) throws IOException {
        String src = file.toString();
        long fileSize = Files.size(file);
        Map<String, Tensor> out = new LinkedHashMap<>();
        // One buffer for reading members through, so that many small members cost no more than their bytes.
        byte[] scratch = new byte[DRAIN_BUFFER];
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | EOFException | IllegalArgumentException e) {
            // EOFException: the end record points past the end of the file.
            throw new NpyFormatException(src, "not a valid .npz (zip) archive: " + e.getMessage(), e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (true) {
                ZipEntry e;
                try {
                    if (!entries.hasMoreElements()) {
                        break;
                    }
                    e = entries.nextElement();
                } catch (IllegalArgumentException | java.util.zip.ZipError ex) {
                    throw new NpyFormatException(src, "not a valid .npz (zip) archive: " + ex.getMessage(), ex);
                }
                if (e.isDirectory()) {
                    continue;
                }
                String member = src + "[" + e.getName() + "]";
                put(out, key(e.getName()), readMember(() -> zip.getInputStream(e), member, e.getCrc(), fileSize, -1, scratch),
                        member);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * Reads one member of a zip file of {@code fileSize} bytes; {@code length} is the member's
     * verified uncompressed size, or -1 if not yet known. The zip directory's sizes are not trusted:
     * a member whose tensor is at most about twice the file's size is allocated and filled in one
     * pass (were its data short, that costs no more than the file); a bigger one (a deflated member
     * that expands a lot, or a header that lies) is first read through, counting its bytes and
     * checking its CRC, and decoded from a second pass only once its data is known to be there.
     */
    private static Tensor readMember(Opener open, String member, long crc, long fileSize, long length, byte[] scratch)
            throws IOException {
        try (CheckedInputStream in = new CheckedInputStream(open.open(), new CRC32())) {
            Npy.Header h = Npy.readHeader(in, member, length, Npy.MAX_HEADER_SIZE);
            if (length < 0 && h.tensorBytes() + ONE_PASS_SLACK > 2 * fileSize) {
                long total = h.dataOffset() + drain(in, scratch);
                checkCrc(in, crc, member);
                if (h.dataOffset() + h.dataBytes() > total) {
                    throw new NpyFormatException(member, total, Npy.truncatedData(h, total - h.dataOffset()));
                }
                return readMember(open, member, crc, fileSize, total, scratch);
            }
            if (length >= 0 && h.dataOffset() + h.dataBytes() > length) {
                throw new NpyFormatException(member, length, Npy.truncatedData(h, length - h.dataOffset()));
            }
            // The data of a deflated member can be far bigger than the file: decode it through a buffer sized to the file.
            Tensor t = Npy.readData(in, member, h, (int) Math.min(1 << 16, Math.max(DRAIN_BUFFER, fileSize)));
            drain(in, scratch);
            checkCrc(in, crc, member);
            return t;
        } catch (NpyFormatException ex) {
            throw ex;
        } catch (IOException | IllegalArgumentException ex) {
            throw new NpyFormatException(member, "corrupt zip member: " + ex, ex);
        }
    }

    /** Reads {@code in} to its end through {@code buf}, returning the number of bytes read. */
    private static long drain(InputStream in, byte[] buf) throws IOException {
        long n = 0;
        for (int r; (r = in.read(buf)) >= 0; ) {
            n += r;
        }
        return n;
    }

    private static void checkCrc(CheckedInputStream in, long expected, String member) throws NpyFormatException {
        long got = in.getChecksum().getValue();
        if (expected >= 0 && got != expected) {
            throw new NpyFormatException(member, -1, String.format("CRC-32 mismatch: the member's data has 0x%08x but"
                    + " the zip directory records 0x%08x (the archive is corrupt)", got, expected));
        }
    }

    /**
     * Reads every member from a zip stream (members must record their sizes in the local header, as
     * NumPy's files do); errors name {@code sourceName}. The stream is read to its end first (its
     * size is what a member's declared shape is checked against), then swept twice: once to count
     * every member's bytes and check its CRC-32, once to decode, so a member's tensor is allocated
     * only when its data is all there. Deflated members are thus inflated twice.
     */
    public static Map<String, Tensor> load(InputStream in, String sourceName) throws IOException {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException ex) {
            throw new NpyFormatException(sourceName, "reading the archive failed: " + ex, ex);
        }
        List<Long> lengths = new ArrayList<>();
        byte[] scratch = new byte[DRAIN_BUFFER];
        String member = sourceName;
        try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                member = sourceName + "[" + e.getName() + "]";
                lengths.add(e.isDirectory() ? -1 : drain(zin, scratch));
                member = sourceName;
            }
        } catch (IOException | IllegalArgumentException ex) {
            throw new NpyFormatException(member, describe(ex), ex);
        }
        if (lengths.isEmpty()) {
            throw new NpyFormatException(sourceName, -1, "not a valid .npz (zip) archive: no zip entries found");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (long length : lengths) {
                ZipEntry e = zin.getNextEntry();
                if (e.isDirectory()) {
                    continue;
                }
                member = sourceName + "[" + e.getName() + "]";
                put(out, key(e.getName()), Npy.read(zin, member, length), member);
                member = sourceName;
            }
        } catch (NpyFormatException ex) {
            throw ex;
        } catch (IOException | IllegalArgumentException ex) {
            throw new NpyFormatException(member, describe(ex), ex);
        }
        return Collections.unmodifiableMap(out);
    }

    /** What a zip stream's exception says about the data. */
    private static String describe(Exception ex) {
        if (ex instanceof ZipException && String.valueOf(ex.getMessage()).contains("CRC")) {
            return "CRC-32 mismatch (the archive is corrupt): " + ex;
        }
        if (ex instanceof EOFException) {
            return "corrupt zip data: the stream ends inside a member or its header (truncated?): " + ex;
        }
        return "corrupt zip data: " + ex;
    }

    private static void put(Map<String, Tensor> out, String key, Tensor t, String member) throws NpyFormatException {
        if (out.put(key, t) != null) {
            throw new NpyFormatException(member, -1, "duplicate array name '" + key + "' in the archive");
        }
    }

    /** The key NumPy uses for a member name: the name without a trailing {@code .npy}. */
    static String key(String memberName) {
        return memberName.endsWith(".npy") ? memberName.substring(0, memberName.length() - 4) : memberName;
    }

    /** Writes {@code arrays} uncompressed (members stored, as {@code np.savez}), atomically. */
    public static void savez(Path file, Map<String, Tensor> arrays) throws IOException {
        AtomicFiles.write(file, out -> write(out, arrays, false));
    }

    /** Writes {@code arrays} deflated (as {@code np.savez_compressed}), atomically. */
    public static void savezCompressed(Path file, Map<String, Tensor> arrays) throws IOException {
        AtomicFiles.write(file, out -> write(out, arrays, true));
    }

    /**
     * Writes {@code arrays} as a zip to {@code out}, member {@code key + ".npy"} per entry, deflated
     * when {@code compress}; {@code out} is finished but not closed.
     */
    public static void write(OutputStream out, Map<String, Tensor> arrays, boolean compress) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new NonClosing(out));
        zip.setLevel(6);
        for (Map.Entry<String, Tensor> en : arrays.entrySet()) {
            String key = en.getKey();
            Tensor t = en.getValue();
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("savez: array names must be non-empty, got '" + key + "'");
            }
            if (t == null) {
                throw new IllegalArgumentException("savez: array '" + key + "' is null");
            }
            ZipEntry e = new ZipEntry(key + ".npy");
            if (compress) {
                e.setMethod(ZipEntry.DEFLATED);
            } else {
                // A stored entry needs its size and CRC up front: compute them in a first pass.
                CountingCrc cc = new CountingCrc();
                Npy.write(cc, t);
                e.setMethod(ZipEntry.STORED);
                e.setSize(cc.count);
                e.setCompressedSize(cc.count);
                e.setCrc(cc.crc.getValue());
            }
            zip.putNextEntry(e);
            Npy.write(zip, t);
            zip.closeEntry();
        }
        zip.finish();
    }

    private static final class CountingCrc extends OutputStream {
        final CRC32 crc = new CRC32();
        long count;

        @Override
        public void write(int b) {
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            crc.update(b, off, len);
            count += len;
        }
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
