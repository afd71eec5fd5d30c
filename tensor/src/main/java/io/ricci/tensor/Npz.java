package io.ricci.tensor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
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
    private Npz() {
    }

    /** Reads every member of {@code file}, in archive order, into an unmodifiable ordered map. */
    public static Map<String, Tensor> load(Path file) throws IOException {
        String src = file.toString();
        Map<String, Tensor> out = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new NpyFormatException(src, "not a valid .npz (zip) archive: " + e.getMessage(), e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String member = src + "[" + e.getName() + "]";
                try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16)) {
                    put(out, key(e.getName()), Npy.read(in, member, e.getSize()), member);
                } catch (NpyFormatException ex) {
                    throw ex;
                } catch (IOException ex) {
                    throw new NpyFormatException(member, "corrupt zip member: " + ex, ex);
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Reads every member from a zip stream (members must record their sizes in the local header, as
     * NumPy's files do); errors name {@code sourceName}.
     */
    public static Map<String, Tensor> load(InputStream in, String sourceName) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        ZipInputStream zin = new ZipInputStream(in);
        String member = sourceName;
        try {
            ZipEntry e;
            boolean any = false;
            while ((e = zin.getNextEntry()) != null) {
                any = true;
                if (e.isDirectory()) {
                    continue;
                }
                member = sourceName + "[" + e.getName() + "]";
                put(out, key(e.getName()), Npy.read(zin, member), member);
                member = sourceName;
            }
            if (!any) {
                throw new NpyFormatException(sourceName, -1, "not a valid .npz (zip) archive: no zip entries found");
            }
        } catch (NpyFormatException ex) {
            throw ex;
        } catch (IOException ex) {
            throw new NpyFormatException(member, "corrupt zip data: " + ex, ex);
        }
        return Collections.unmodifiableMap(out);
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
