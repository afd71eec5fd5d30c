package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Npz} against numpy's savez/savez_compressed files and the zip structure it writes. */
class NpzTest {
    @TempDir
    Path tmp;

    private static NpyFixtures.Block block(String name) {
        return NpyFixtures.load("expected.txt").stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stored.npz", "compressed.npz"})
    void readsNumpyArchivesInOrder(String file) throws IOException {
        Map<String, Tensor> m = Npz.load(NpyFixtures.filesDir().resolve(file));
        List<String> keys = Arrays.asList(block(file).get("keys").split(" "));
        assertThat(m.keySet()).containsExactlyElementsOf(keys);
        for (String k : keys) {
            NpyTest.assertMatches(m.get(k), block(file + ":" + k));
        }
        assertThat(m.get("cube").layout().isContiguous()).as("Fortran member keeps its order").isFalse();
        assertThatThrownBy(() -> m.put("x", Tensor.zeros(1))).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stored.npz", "compressed.npz", "raw_name.npz"})
    void streamLoadMatchesPathLoad(String file) throws IOException {
        Path p = NpyFixtures.filesDir().resolve(file);
        Map<String, Tensor> a = Npz.load(p);
        Map<String, Tensor> b;
        try (InputStream in = Files.newInputStream(p)) {
            b = Npz.load(in, file);
        }
        assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
        for (String k : a.keySet()) {
            assertThat(b.get(k).contentEquals(a.get(k))).isTrue();
        }
    }

    @Test
    void keysDropOnlyTheNpySuffix() throws IOException {
        Map<String, Tensor> m = Npz.load(NpyFixtures.filesDir().resolve("raw_name.npz"));
        assertThat(m.keySet()).containsExactlyElementsOf(Arrays.asList(block("raw_name.npz").get("keys").split(" ")));
        assertThat(m.get("noext").toDoubleArray()).containsExactly(7.0, 8.0);
    }

    @Test
    void storedMembersHoldNumpysExactNpyBytes() throws IOException {
        // numpy's stored archive: every member's bytes equal what Npy.write produces for the loaded array.
        Path p = NpyFixtures.filesDir().resolve("stored.npz");
        Map<String, Tensor> m = Npz.load(p);
        try (ZipFile z = new ZipFile(p.toFile())) {
            for (Map.Entry<String, Tensor> e : m.entrySet()) {
                ZipEntry ze = z.getEntry(e.getKey() + ".npy");
                assertThat(ze.getMethod()).isEqualTo(ZipEntry.STORED);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Npy.write(out, e.getValue());
                try (InputStream in = z.getInputStream(ze)) {
                    assertThat(out.toByteArray()).as(e.getKey()).isEqualTo(in.readAllBytes());
                }
            }
        }
    }

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("z", Tensor.rand(1, DType.F32, 17, 33));
        m.put("a", Tensor.arange(DType.F64, 0, 24, 1).reshape(2, 3, 4).permute(2, 0, 1));
        m.put("scalar", Tensor.scalar(DType.F32, 0.25f));
        m.put("empty", Tensor.zeros(0, 5));
        m.put("dir/name", Tensor.eye(DType.F64, 3).T());
        return m;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void roundTripsAndWritesTheZipLikeNumpy(boolean compressed) throws IOException {
        Path p = tmp.resolve(compressed ? "c.npz" : "s.npz");
        Map<String, Tensor> m = sample();
        if (compressed) {
            Npz.savezCompressed(p, m);
        } else {
            Npz.savez(p, m);
        }
        Map<String, Tensor> back = Npz.load(p);
        assertThat(back.keySet()).containsExactlyElementsOf(m.keySet());
        for (String k : m.keySet()) {
            assertThat(back.get(k).contentEquals(m.get(k))).as(k).isTrue();
        }
        try (ZipFile z = new ZipFile(p.toFile())) {
            List<String> names = new ArrayList<>();
            for (ZipEntry e : Collections.list(z.entries())) {
                names.add(e.getName());
                assertThat(e.getMethod()).isEqualTo(compressed ? ZipEntry.DEFLATED : ZipEntry.STORED);
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                Npy.write(expected, m.get(e.getName().substring(0, e.getName().length() - 4)));
                try (InputStream in = z.getInputStream(e)) {
                    assertThat(in.readAllBytes()).isEqualTo(expected.toByteArray());
                }
                assertThat(e.getSize()).isEqualTo(expected.size());
            }
            assertThat(names).containsExactly("z.npy", "a.npy", "scalar.npy", "empty.npy", "dir/name.npy");
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.count()).as("no temp files left").isEqualTo(1);
        }
    }

    @Test
    void compressionShrinksRepetitiveData() throws IOException {
        Map<String, Tensor> m = Map.of("zeros", Tensor.zeros(10000));
        Npz.savez(tmp.resolve("s.npz"), m);
        Npz.savezCompressed(tmp.resolve("c.npz"), m);
        assertThat(Files.size(tmp.resolve("s.npz"))).isGreaterThan(80000);
        assertThat(Files.size(tmp.resolve("c.npz"))).isLessThan(2000);
    }

    @Test
    void failedWriteKeepsTheOldArchive() throws IOException {
        Path p = tmp.resolve("keep.npz");
        Npz.savez(p, sample());
        byte[] before = Files.readAllBytes(p);
        Map<String, Tensor> bad = new LinkedHashMap<>(sample());
        bad.put("broken", null);
        assertThatThrownBy(() -> Npz.savezCompressed(p, bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("savez: array 'broken' is null");
        assertThatThrownBy(() -> Npz.savez(p, Map.of("", Tensor.zeros(1))))
                .hasMessageContaining("array names must be non-empty");
        assertThat(Files.readAllBytes(p)).isEqualTo(before);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.count()).isEqualTo(1);
        }
    }

    @Test
    void truncatedArchiveNamesTheFile() throws IOException {
        byte[] f = Files.readAllBytes(NpyFixtures.filesDir().resolve("stored.npz"));
        Path p = tmp.resolve("cut.npz");
        Files.write(p, Arrays.copyOf(f, f.length / 2));
        assertThatThrownBy(() -> Npz.load(p)).isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith(p + ": not a valid .npz (zip) archive");
    }

    @Test
    void nonZipNamesTheFile() throws IOException {
        Path p = tmp.resolve("plain.npz");
        Files.writeString(p, "this is not a zip file at all");
        assertThatThrownBy(() -> Npz.load(p)).isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith(p + ": not a valid .npz");
        assertThatThrownBy(() -> Npz.load(new ByteArrayInputStream(Files.readAllBytes(p)), "plain"))
                .isInstanceOf(NpyFormatException.class).hasMessageStartingWith("plain: not a valid .npz");
    }

    @Test
    void badMemberNamesArchiveAndMember() throws IOException {
        Path p = tmp.resolve("member.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.putNextEntry(new ZipEntry("good.npy"));
            Npy.write(z, Tensor.zeros(2));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("bad.npy"));
            z.write("garbage!".getBytes());
            z.closeEntry();
        }
        assertThatThrownBy(() -> Npz.load(p)).isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith(p + "[bad.npy] at byte 0: not a .npy file: bad magic string");
        assertThatThrownBy(() -> Npz.load(Files.newInputStream(p), "m.npz"))
                .hasMessageStartingWith("m.npz[bad.npy] at byte 0: not a .npy file");
    }

    @Test
    void corruptDeflatedDataNamesTheMember() throws IOException {
        Path p = tmp.resolve("corrupt.npz");
        Npz.savezCompressed(p, Map.of("x", Tensor.rand(3, DType.F64, 4000)));
        byte[] f = Files.readAllBytes(p);
        // Overwrite the middle of the deflate stream (local header is 30 + name bytes; central directory at the end).
        for (int i = 200; i < 400; i++) {
            f[i] = (byte) 0xff;
        }
        Files.write(p, f);
        assertThatThrownBy(() -> Npz.load(p)).isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith(p + "[x.npy]");
    }

    @Test
    void truncatedMemberDataNamesTheMember() throws IOException {
        Path p = tmp.resolve("short.npz");
        byte[] npy;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, Tensor.zeros(10));
        npy = Arrays.copyOf(out.toByteArray(), 150);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.putNextEntry(new ZipEntry("t.npy"));
            z.write(npy);
            z.closeEntry();
        }
        assertThatThrownBy(() -> Npz.load(p)).isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith(p + "[t.npy] at byte 150: truncated data");
    }

    @Test
    void duplicateKeysAreRefused() throws IOException {
        Path p = tmp.resolve("dup.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            for (String name : List.of("a.npy", "a")) {
                z.putNextEntry(new ZipEntry(name));
                Npy.write(z, Tensor.zeros(1));
                z.closeEntry();
            }
        }
        assertThatThrownBy(() -> Npz.load(p)).hasMessageContaining("[a]").hasMessageContaining("duplicate array name 'a'");
    }

    @Test
    void streamWriteLeavesTheStreamOpen() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("closed");
            }
        };
        Npz.write(out, sample(), true);
        Map<String, Tensor> back = Npz.load(new ByteArrayInputStream(out.toByteArray()), "mem");
        assertThat(back.keySet()).containsExactlyElementsOf(sample().keySet());
    }
}
