package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The probe's findings against the readers, one row each: sizes that lie cost no memory, deep
 * headers are a format error, corrupt members are caught by their CRC-32, and every failure is an
 * {@link NpyFormatException} naming the file (and member) and what was wrong.
 */
class ReaderHardeningTest {
    @TempDir
    Path tmp;

    interface Reader {
        Object read(Path file, byte[] bytes) throws IOException;
    }

    static final Reader NPY_PATH = (p, b) -> Npy.read(p);
    static final Reader NPY_STREAM = (p, b) -> Npy.read(new ByteArrayInputStream(b), "in.npy");
    static final Reader NPZ_PATH = (p, b) -> Npz.load(p);
    static final Reader NPZ_STREAM = (p, b) -> Npz.load(new ByteArrayInputStream(b), "in.npz");

    /** A stored member declaring 550,000,000 doubles (4.4 GB) with no data, its zip sizes lying to match. */
    static byte[] lyingDirectory() {
        byte[] member = ReaderFuzz.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (550000000,), }", new byte[0]);
        return ReaderFuzz.storedZip("W1.npy", member, crc(member), 0xFFFFFFF0L, 0xFFFFFFF0L);
    }

    /** The same member with truthful zip fields: only its header lies. */
    static byte[] lyingHeaderInZip() {
        byte[] member = ReaderFuzz.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (550000000,), }", new byte[0]);
        return ReaderFuzz.storedZip("W1.npy", member, crc(member), member.length, member.length);
    }

    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    /** 128 bytes: a header declaring 2^30 doubles (8 GiB), no data. */
    static byte[] tinyHugeNpy() {
        byte[] f = ReaderFuzz.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1073741824,), }", new byte[0]);
        assertThat(f).hasSize(128);
        return f;
    }

    /** A version 2.0 file whose shape is a tuple nested 20,000 deep: a 60 KB header. */
    static byte[] deepNpy() {
        byte[] d = ReaderFuzz.nestedDict(20000).getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer bb = ByteBuffer.allocate(12 + d.length + 1 + 16).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(d.length + 1).put(d).put((byte) '\n');
        byte[] f = bb.array();
        assertThat(f.length).isBetween(60_000, 61_000);
        return f;
    }

    /** numpy's stored.npz with one bit of the first member's data flipped. */
    static byte[] bitFlippedNpz() throws IOException {
        byte[] f = Files.readAllBytes(NpyFixtures.filesDir().resolve("stored.npz"));
        int at = new String(f, StandardCharsets.ISO_8859_1).indexOf("\u0093NUMPY");
        f[at + 128 + 3] ^= 0x10;
        return f;
    }

    static Stream<Arguments> findings() throws IOException {
        byte[] dir = lyingDirectory();
        byte[] hdr = lyingHeaderInZip();
        byte[] tiny = tinyHugeNpy();
        byte[] deep = deepNpy();
        byte[] flipped = bitFlippedNpz();
        String huge = "truncated data: shape (550000000,) of '<f8' needs 4400000000 data bytes starting at byte 128,"
                + " but the input ends after 0 of them";
        return Stream.of(
                // The directory's sizes run the stored member into the directory itself: its CRC cannot match.
                Arguments.of("lying zip directory, path", NPZ_PATH, dir, "[W1.npy]: CRC-32 mismatch"),
                Arguments.of("lying zip directory, stream", NPZ_STREAM, dir, "in.npz[W1.npy]: corrupt zip data"),
                Arguments.of("lying header in a zip, path", NPZ_PATH, hdr, "[W1.npy] at byte 128: " + huge),
                Arguments.of("lying header in a zip, stream", NPZ_STREAM, hdr, "in.npz[W1.npy] at byte 128: " + huge),
                Arguments.of("128-byte npy, stream", NPY_STREAM, tiny, "in.npy at byte 128: truncated data: shape"
                        + " (1073741824,) of '<f8' needs 8589934592 data bytes starting at byte 128, but the input ends after 0"),
                Arguments.of("128-byte npy, path", NPY_PATH, tiny, " at byte 128: truncated data: shape (1073741824,)"),
                Arguments.of("128-byte npy in a zip, stream", NPZ_STREAM,
                        ReaderFuzz.storedZip("a.npy", tiny, crc(tiny), tiny.length, tiny.length),
                        "in.npz[a.npy] at byte 128: truncated data: shape (1073741824,)"),
                Arguments.of("60 KB nested header, path", NPY_PATH, deep, " at byte 8: header length " + (deep.length - 28) + " exceeds the"
                        + " limit of 10000 bytes (as NumPy's max_header_size)"),
                Arguments.of("60 KB nested header, stream", NPY_STREAM, deep, "in.npy at byte 8: header length " + (deep.length - 28)),
                Arguments.of("60 KB nested header, raised limit", (Reader) (p, b) -> Npy.read(p, 1 << 20), deep,
                        " at byte 94: malformed header dict: tuples and lists nested deeper than 32 levels in {'descr'"),
                Arguments.of("bit-flipped member, path", NPZ_PATH, flipped, "[weights.npy]: CRC-32 mismatch: the member's"
                        + " data has 0x"),
                Arguments.of("bit-flipped member, stream", NPZ_STREAM, flipped, "in.npz[weights.npy]: CRC-32 mismatch"
                        + " (the archive is corrupt): java.util.zip.ZipException: invalid entry CRC"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("findings")
    void findingIsAFormatErrorWithinTheMemoryBound(String what, Reader reader, byte[] bytes, String fragment)
            throws IOException {
        Path p = tmp.resolve("input");
        Files.write(p, bytes);
        reader.read(tmp.resolve("warm.npz"), warmUp(reader));
        long slack = ReaderFuzz.SLACK;
        ReaderFuzz.Outcome o = ReaderFuzz.measure(() -> reader.read(p, bytes));
        if (o.allocated() > 2L * bytes.length + slack) {
            o = ReaderFuzz.measure(() -> reader.read(p, bytes)); // the first failure paid for class loading
        }
        assertThat(o.thrown()).isInstanceOf(NpyFormatException.class);
        String source = reader == NPY_STREAM ? "in.npy" : reader == NPZ_STREAM ? "in.npz" : p.toString();
        assertThat(o.thrown().getMessage()).startsWith(source).contains(fragment);
        assertThat(o.allocated()).as("%s: bytes allocated reading %d bytes", what, bytes.length)
                .isLessThanOrEqualTo(2L * bytes.length + slack);
    }

    /** A valid input for {@code reader}, so that its classes are loaded before anything is measured. */
    private byte[] warmUp(Reader reader) throws IOException {
        Path w = tmp.resolve("warm.npz");
        if (reader == NPZ_PATH || reader == NPZ_STREAM) {
            Npz.savez(w, Map.of("x", Tensor.zeros(3)));
        } else {
            Npy.write(w, Tensor.zeros(3));
        }
        return Files.readAllBytes(w);
    }

    @Test
    void bitFlippedMemberIsOtherwiseAValidArchive() throws IOException {
        // Only the CRC tells: the flipped bit is inside a float, whose header and zip fields stay valid.
        Path p = tmp.resolve("flipped.npz");
        Files.write(p, bitFlippedNpz());
        byte[] orig = Files.readAllBytes(NpyFixtures.filesDir().resolve("stored.npz"));
        assertThat(Arrays.mismatch(orig, Files.readAllBytes(p))).isGreaterThan(128);
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(p.toFile())) {
            Tensor w = Npy.read(z.getInputStream(z.getEntry("weights.npy")), "raw");
            assertThat(w.contentEquals(Npz.load(NpyFixtures.filesDir().resolve("stored.npz")).get("weights"))).isFalse();
        }
    }

    @Test
    void deflatedMemberThatExpandsALotIsVerifiedThenRead() throws IOException {
        // 400 KB of zeros deflate to under 1 KB: read in two passes, the result must still be exact.
        Path p = tmp.resolve("zeros.npz");
        Tensor z = Tensor.zeros(50000);
        Tensor r = Tensor.rand(9, DType.F32, 100);
        Npz.savezCompressed(p, new java.util.LinkedHashMap<>(Map.of("z", z)));
        assertThat(Files.size(p)).isLessThan(2000);
        assertThat(Npz.load(p).get("z").contentEquals(z)).isTrue();
        assertThat(Npz.load(new ByteArrayInputStream(Files.readAllBytes(p)), "s").get("z").contentEquals(z)).isTrue();
        Npz.savezCompressed(p, Map.of("r", r));
        assertThat(Npz.load(p).get("r").contentEquals(r)).isTrue();
    }
}
