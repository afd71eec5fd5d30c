package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Npy} against numpy-written files (make_fixtures.py) and the format's byte layout. */
class NpyTest {
    @TempDir
    Path tmp;

    static Stream<NpyFixtures.Block> npyFiles() {
        return NpyFixtures.load("expected.txt").stream().filter(b -> b.name().endsWith(".npy"));
    }

    static Stream<NpyFixtures.Block> numpyBytes() {
        return npyFiles().filter(b -> b.has("numpy_bytes"));
    }

    /** Asserts dtype, shape and every value bit-for-bit (NaN, -0.0 and subnormals included). */
    static void assertMatches(Tensor t, NpyFixtures.Block b) {
        assertThat(t.dtype()).as("dtype").isEqualTo(DType.parse(b.get("dtype")));
        assertThat(t.shape()).as("shape").isEqualTo(b.ints("shape"));
        double[] want = b.doubles("values");
        double[] got = t.toDoubleArray();
        assertThat(got).hasSize(want.length);
        if (b.has("ints")) {
            assertThat(t.toLongArray()).as("exact integers").isEqualTo(
                    NpyFixtures.intTensor("int64", b.ints("shape"), b.get("ints")).toLongArray());
        }
        for (int i = 0; i < want.length; i++) {
            assertThat(Double.doubleToRawLongBits(got[i]) == Double.doubleToRawLongBits(want[i])
                    || (Double.isNaN(got[i]) && Double.isNaN(want[i])))
                    .as("element %d: got %s, want %s", i, got[i], want[i]).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("npyFiles")
    void readsNumpyFiles(NpyFixtures.Block b) throws IOException {
        Tensor t = Npy.read(NpyFixtures.filesDir().resolve(b.name()));
        assertMatches(t, b);
        boolean fortran = b.getInt("fortran") == 1;
        if (fortran) {
            assertThat(t.layout().isFortran()).isTrue();
            assertThat(t.layout().isContiguous()).as("Fortran file keeps column-major strides").isFalse();
        } else {
            assertThat(t.layout().isContiguous()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("npyFiles")
    void readsFromAStreamWithoutConsumingMore(NpyFixtures.Block b) throws IOException {
        byte[] file = Files.readAllBytes(NpyFixtures.filesDir().resolve(b.name()));
        byte[] trailer = {1, 2, 3};
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(file), new ByteArrayInputStream(trailer));
        assertMatches(Npy.read(in), b);
        assertThat(in.readAllBytes()).isEqualTo(trailer);
    }

    /** A fresh tensor with the fixture's values, in C order or (for fortran files) column-major. */
    private static Tensor build(NpyFixtures.Block b) {
        Tensor c = b.has("ints") ? NpyFixtures.intTensor(b.get("dtype"), b.ints("shape"), b.get("ints"))
                : NpyFixtures.tensor(b.get("dtype"), b.ints("shape"), b.doubles("values"));
        if (b.getInt("fortran") == 0) {
            return c;
        }
        int[] rev = b.ints("shape");
        for (int i = 0, j = rev.length - 1; i < j; i++, j--) {
            int x = rev[i];
            rev[i] = rev[j];
            rev[j] = x;
        }
        Tensor f = Tensor.zeros(c.dtype(), rev).T();
        f.assign(c);
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numpyBytes")
    void writesTheSameBytesAsNumpy(NpyFixtures.Block b) throws IOException {
        byte[] numpy = Files.readAllBytes(NpyFixtures.filesDir().resolve(b.name()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, build(b));
        assertThat(out.toByteArray()).isEqualTo(numpy);
        Path p = tmp.resolve("copy.npy");
        Npy.write(p, Npy.read(NpyFixtures.filesDir().resolve(b.name())));
        assertThat(Files.readAllBytes(p)).isEqualTo(numpy);
    }

    @ParameterizedTest
    @CsvSource({
        "bad_c16.npy, unsupported dtype '<c16' (complex)",
        "bad_object.npy, object arrays cannot be read",
        "bad_structured.npy, structured arrays",
        "bad_unicode.npy, unsupported dtype '<U2' (string)",
        "u1.npy, unsupported dtype '|u1' (unsigned integer",
        "u2.npy, unsupported dtype '<u2' (unsigned integer",
        "u4.npy, unsupported dtype '<u4' (unsigned integer",
        "u8_big.npy, unsupported dtype '>u8' (unsigned integer",
        "i1.npy, unsupported dtype '|i1' (small integer; convert with astype(np.int32))",
        "i2.npy, unsupported dtype '<i2' (small integer",
        "f2.npy, unsupported dtype '<f2' (float16; convert with astype(np.float32))",
    })
    void refusesUnsupportedDtypes(String file, String fragment) {
        Path p = NpyFixtures.filesDir().resolve(file);
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining(fragment).hasMessageStartingWith(p + " at byte 10: ");
    }

    // ---------------------------------------------------------------- malformed input

    private static byte[] numpyFile() throws IOException {
        return Files.readAllBytes(NpyFixtures.filesDir().resolve("f8_c_2x3.npy"));
    }

    /** The numpy file with its header dict replaced by {@code dict} (length field updated). */
    private static byte[] withDict(String dict) throws IOException {
        byte[] f = numpyFile();
        byte[] d = dict.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer bb = ByteBuffer.allocate(10 + d.length + 48).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(f, 0, 8).putShort((short) d.length).put(d).put(f, 128, 48);
        return bb.array();
    }

    static Stream<Arguments> malformed() throws IOException {
        byte[] f = numpyFile();
        return Stream.of(
                Arguments.of("empty input", new byte[0], 0, "truncated header: the input ends after 0 bytes"),
                Arguments.of("bad magic", mutate(f, b -> b[3] = 'X'), 3, "bad magic string (expected \\x93NUMPY, found \\x93NUX"),
                Arguments.of("text file", "hello world".getBytes(StandardCharsets.US_ASCII), 0, "bad magic string"),
                Arguments.of("magic only", Arrays.copyOf(f, 7), 7, "truncated header"),
                Arguments.of("version 4.0", mutate(f, b -> b[6] = 4), 6, "unsupported format version 4.0"),
                Arguments.of("version 1.1", mutate(f, b -> b[7] = 1), 6, "unsupported format version 1.1"),
                Arguments.of("header cut", Arrays.copyOf(f, 60), 60, "truncated header: expected 118 header bytes"),
                Arguments.of("data cut", Arrays.copyOf(f, f.length - 5), f.length - 5,
                        "truncated data: shape (2, 3) of '<f8' needs 48 data bytes starting at byte 128, but the input ends after 43"),
                Arguments.of("no data", Arrays.copyOf(f, 128), 128, "truncated data"),
                Arguments.of("missing shape", withDict("{'descr': '<f8', 'fortran_order': False, }\n"), 10,
                        "missing key 'shape'"),
                Arguments.of("extra key", withDict("{'descr': '<f8', 'fortran_order': False, 'shape': (6,), 'x': 1}\n"),
                        10, "unexpected keys [x]"),
                Arguments.of("unterminated string", withDict("{'descr': '<f8}\n"), 10 + 10,
                        "malformed header dict: unterminated string"),
                Arguments.of("unquoted comma", withDict("{'descr': '<f8, 'fortran_order': False}\n"), 10 + 17,
                        "malformed header dict: expected ',' or '}'"),
                Arguments.of("no closing brace", withDict("{'descr': '<f8', 'fortran_order': False, 'shape': (6,)\n"),
                        10 + 55, "expected ',' or '}' in {'descr'"),
                Arguments.of("not a dict", withDict("['descr']\n"), 10, "expected '{' but found '['"),
                Arguments.of("bad order value", withDict("{'descr': '<f8', 'fortran_order': 0, 'shape': (6,), }\n"), 10,
                        "fortran_order must be True or False"),
                Arguments.of("negative dim", withDict("{'descr': '<f8', 'fortran_order': False, 'shape': (-6,), }\n"), 10,
                        "dimension -6"),
                Arguments.of("float dim", withDict("{'descr': '<f8', 'fortran_order': False, 'shape': (6.0,), }\n"),
                        10 + 52, "expected ',' or ')'"),
                Arguments.of("shape not tuple", withDict("{'descr': '<f8', 'fortran_order': False, 'shape': 6, }\n"), 10,
                        "shape must be a tuple of integers"),
                Arguments.of("unknown dtype", withDict("{'descr': '<q7', 'fortran_order': False, 'shape': (6,), }\n"), 10,
                        "unsupported dtype '<q7'"),
                Arguments.of("too many elements",
                        withDict("{'descr': '<f8', 'fortran_order': False, 'shape': (70000, 70000), }\n"), 10,
                        "more than 2147483639 elements"));
    }

    private static byte[] mutate(byte[] f, java.util.function.Consumer<byte[]> m) {
        byte[] c = f.clone();
        m.accept(c);
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedInputNamesFileAndOffset(String what, byte[] bytes, long offset, String fragment) throws IOException {
        Path p = tmp.resolve("bad.npy");
        Files.write(p, bytes);
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith(p + " at byte " + offset + ": ").hasMessageContaining(fragment)
                .satisfies(e -> {
                    assertThat(((NpyFormatException) e).offset()).isEqualTo(offset);
                    assertThat(((NpyFormatException) e).source()).isEqualTo(p.toString());
                });
    }

    @Test
    void hugeShapeInATruncatedFileFailsBeforeAllocating() throws IOException {
        // Claims 2^30 doubles (8 GiB) but holds none: must be a format error, not an OutOfMemoryError.
        byte[] f = withDict("{'descr': '<f8', 'fortran_order': False, 'shape': (1073741824,), }\n");
        Path p = tmp.resolve("huge.npy");
        Files.write(p, Arrays.copyOf(f, f.length - 48));
        long end = f.length - 48;
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(NpyFormatException.class)
                .hasMessage(p + " at byte " + end + ": truncated data: shape (1073741824,) of '<f8' needs 8589934592"
                        + " data bytes starting at byte " + end + ", but the input ends after 0 of them");
    }

    @Test
    void lyingHeaderLengthIsATruncationError() throws IOException {
        byte[] f = numpyFile();
        f[6] = 2; // version 2.0 reads a 4-byte length: bytes 8..11 = 0x76, 0x00, '{', '\''
        Path p = tmp.resolve("lie.npy");
        Files.write(p, f);
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("truncated header: expected 662372470 header bytes starting at byte 12");
    }

    @Test
    void streamErrorsNameTheGivenSource() {
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(new byte[] {1, 2}), "mystream"))
                .hasMessageStartingWith("mystream at byte 0: not a .npy file");
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(new byte[0])))
                .hasMessageStartingWith("<stream> at byte 0:");
    }

    @Test
    void acceptsPythonTwoStyleHeaders() throws IOException {
        byte[] f = withDict("{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2L, 3L)}    \n");
        Tensor t = Npy.read(new ByteArrayInputStream(f));
        assertThat(t.shape()).containsExactly(2, 3);
        assertThat(t.toDoubleArray()).containsExactly(-2, -0.5, 1, 2.5, 4, 5.5);
    }

    // ---------------------------------------------------------------- writing: byte layout

    /** Checks magic, version, header length, 64-byte alignment and the dict; returns the data offset. */
    static int checkHeader(byte[] f, String descr, boolean fortran, String shape) {
        assertThat(Arrays.copyOf(f, 6)).isEqualTo(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        ByteBuffer bb = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int major = f[6];
        assertThat(f[7]).isZero();
        int hlen, start;
        if (major == 1) {
            hlen = bb.getShort(8) & 0xffff;
            start = 10;
        } else {
            assertThat(major).isEqualTo(2);
            hlen = bb.getInt(8);
            start = 12;
        }
        int dataStart = start + hlen;
        assertThat(dataStart % 64).as("data aligned to 64 bytes").isZero();
        assertThat(f[dataStart - 1]).isEqualTo((byte) '\n');
        String dict = new String(f, start, hlen - 1, StandardCharsets.ISO_8859_1);
        assertThat(dict.stripTrailing()).isEqualTo("{'descr': '" + descr + "', 'fortran_order': "
                + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }");
        assertThat(dict.substring(dict.indexOf('}') + 1)).isBlank();
        return dataStart;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 15, 16, 17, 31, 33, 16383, 16384, 16385, 32773})
    void writesLittleEndianDataInCOrder(int n) throws IOException {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor t = Tensor.randn(n, dt, n);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.write(out, t);
            byte[] f = out.toByteArray();
            int at = checkHeader(f, dt.npyDescr(), false, "(" + n + ",)");
            assertThat(f.length - at).isEqualTo(n * dt.bytes());
            ByteBuffer bb = ByteBuffer.wrap(f, at, f.length - at).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                double v = dt == DType.F32 ? bb.getFloat() : bb.getDouble();
                assertThat(v).isEqualTo(t.get(i));
            }
            assertThat(Npy.read(new ByteArrayInputStream(f)).contentEquals(t)).isTrue();
        }
    }

    static Stream<Arguments> views() {
        Tensor base = Tensor.arange(DType.F64, 0, 7 * 17, 1).reshape(7, 17);
        Tensor base3 = Tensor.arange(DType.F32, -30, 30, 1).reshape(3, 4, 5);
        return Stream.of(
                Arguments.of("transposed (F-contiguous)", base.T(), true),
                Arguments.of("sliced step 3", base.slice(1, 1, null, 3), false),
                Arguments.of("negative steps", base.slice(0, null, null, -1).slice(1, 15, 2, -4), false),
                Arguments.of("transposed row block (F-contiguous)", base.slice(0, 1, 6).T(), true),
                Arguments.of("transposed column slice", base.slice(1, 1, 6).T(), false),
                Arguments.of("broadcast", Tensor.of(1.0, 2.0, 3.0).broadcastTo(4, 3), false),
                Arguments.of("diagonal", base.diagonal(2, 0, 1), false),
                Arguments.of("permuted 3-d", base3.permute(2, 0, 1), false),
                Arguments.of("reversed 3-d (F-contiguous)", base3.T(), true),
                Arguments.of("offset row", base.select(0, 3), false),
                Arguments.of("0-d select", base.select(0, 2).select(0, 5), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("views")
    void writesTheLogicalValuesOfViews(String what, Tensor v, boolean fortran) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, v);
        byte[] f = out.toByteArray();
        int at = checkHeader(f, v.dtype().npyDescr(), fortran, Layout.format(v.shape()));
        ByteBuffer bb = ByteBuffer.wrap(f, at, f.length - at).order(ByteOrder.LITTLE_ENDIAN);
        double[] data = new double[v.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = v.dtype() == DType.F32 ? bb.getFloat() : bb.getDouble();
        }
        assertThat(bb.hasRemaining()).isFalse();
        // Fortran files hold the transpose's C order: compare against the logical values either way.
        double[] expected = fortran ? v.T().toDoubleArray() : v.toDoubleArray();
        assertThat(data).containsExactly(expected);
        Tensor back = Npy.read(new ByteArrayInputStream(f));
        assertThat(back.contentEquals(v)).isTrue();
    }

    @Test
    void usesVersionTwoWhenTheHeaderExceeds65535Bytes() throws IOException {
        int[] shape = new int[30000];
        Arrays.fill(shape, 1);
        Tensor t = Tensor.full(DType.F32, 2.5, shape);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, t);
        byte[] f = out.toByteArray();
        assertThat(f[6]).isEqualTo((byte) 2);
        int at = checkHeader(f, "<f4", false, Layout.format(shape));
        assertThat(f.length - at).isEqualTo(4);
        // Like np.load, the default reader refuses a header over 10,000 bytes; a trusted file needs the limit raised.
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(f))).isInstanceOf(NpyFormatException.class)
                .hasMessage("<stream> at byte 8: header length " + (at - 12) + " exceeds the limit of 10000 bytes"
                        + " (as NumPy's max_header_size); pass a larger maxHeaderSize only for a trusted file");
        Tensor back = Npy.read(new ByteArrayInputStream(f), "big", 1 << 20);
        assertThat(back.shape()).isEqualTo(shape);
        assertThat(back.item()).isEqualTo(2.5);
    }

    @Test
    void smallHeadersUseVersionOne() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, Tensor.zeros(2, 3, 4, 5, 6, 7, 8));
        assertThat(out.toByteArray()[6]).isEqualTo((byte) 1);
    }

    @Test
    void readsSeveralArraysBackToBack() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Tensor a = Tensor.of(1.0, 2.0);
        Tensor b = Tensor.eye(DType.F32, 3);
        Tensor c = Tensor.scalar(-4);
        for (Tensor t : List.of(a, b, c)) {
            Npy.write(out, t);
        }
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(Npy.read(in).contentEquals(a)).isTrue();
        assertThat(Npy.read(in).contentEquals(b)).isTrue();
        assertThat(Npy.read(in).contentEquals(c)).isTrue();
        assertThat(in.read()).isEqualTo(-1);
    }

    // ---------------------------------------------------------------- atomic writes

    @Test
    void pathWriteRoundTripsAndLeavesNoTempFiles() throws IOException {
        Path p = tmp.resolve("a.npy");
        Tensor t = Tensor.rand(5, DType.F32, 4, 3);
        Npy.write(p, t);
        assertThat(Npy.read(p).contentEquals(t)).isTrue();
        Npy.write(p, t.T());
        assertThat(Npy.read(p).contentEquals(t.T())).isTrue();
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(x -> x.getFileName().toString())).containsExactly("a.npy");
        }
        if (Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-r--r--");
        }
    }

    @Test
    void interruptedWriteKeepsTheOldFile() throws IOException {
        Path p = tmp.resolve("keep.npy");
        Tensor old = Tensor.of(1.0, 2.0, 3.0);
        Npy.write(p, old);
        byte[] before = Files.readAllBytes(p);
        assertThatThrownBy(() -> AtomicFiles.write(p, out -> {
            Npy.write(out, Tensor.zeros(1000));
            throw new IOException("disk on fire");
        })).hasMessage("disk on fire");
        assertThat(Files.readAllBytes(p)).isEqualTo(before);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(x -> x.getFileName().toString())).containsExactly("keep.npy");
        }
    }

    @Test
    void writeIntoMissingDirectoryFails() {
        Path p = tmp.resolve("no/such/dir/x.npy");
        assertThatThrownBy(() -> Npy.write(p, Tensor.zeros(1))).isInstanceOf(IOException.class);
        assertThat(Files.exists(p)).isFalse();
    }

    @Test
    void readMissingFileFails() {
        assertThatThrownBy(() -> Npy.read(tmp.resolve("missing.npy")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("missing.npy");
    }

}
