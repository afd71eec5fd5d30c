package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the {@code .npy} and {@code .npz} readers over mutated files (bit flips, byte
 * insertions and deletions, truncations, lying length and size fields, huge shapes, deeply nested
 * headers): every read either succeeds or throws {@link NpyFormatException} naming its source, and
 * allocates at most twice the input's size plus {@link ReaderFuzz#SLACK}, plus the tensors whose
 * data is there. {@code -Dricci.fuzz.iterations} and {@code -Dricci.fuzz.seed} override the few
 * seconds' default; {@code scripts/fuzz-readers.sh} runs it for long.
 */
class ReaderFuzzTest {
    static final long SEED = Long.getLong("ricci.fuzz.seed", 20261203L);
    static final int ITERATIONS = Integer.getInteger("ricci.fuzz.iterations", 800);

    @TempDir
    Path tmp;

    record Seed(String name, byte[] bytes, long tensorBytes) {
    }

    private static List<Seed> npySeeds() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        try (Stream<Path> s = Files.list(NpyFixtures.filesDir())) {
            for (Path p : s.filter(x -> x.toString().endsWith(".npy")).sorted().toList()) {
                seeds.add(new Seed(p.getFileName().toString(), Files.readAllBytes(p), 0));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, Tensor.randn(7, DType.F64, 64, 100));
        seeds.add(new Seed("generated f8 64x100", out.toByteArray(), 0));
        byte[] b1 = new byte[20000];
        new Random(1).nextBytes(b1);
        // bool bytes other than 0/1 read as true, as NumPy's view of them does.
        seeds.add(new Seed("generated b1 20000", ReaderFuzz.npy("{'descr': '|b1', 'fortran_order': False, 'shape': (20000,), }", b1), 0));
        return seeds;
    }

    private static List<Seed> npzSeeds(Path tmp) throws IOException {
        List<Seed> seeds = new ArrayList<>();
        for (String f : List.of("stored.npz", "compressed.npz", "raw_name.npz")) {
            Path p = NpyFixtures.filesDir().resolve(f);
            seeds.add(new Seed(f, Files.readAllBytes(p), ReaderFuzz.tensorBytes(Npz.load(p))));
        }
        Map<String, Tensor> zeros = new LinkedHashMap<>();
        zeros.put("small", Tensor.of(1.0, 2.0, 3.0));
        zeros.put("zeros", Tensor.zeros(50000));
        // Deflated zeros expand ~1000x: the member is counted and CRC-checked before it is allocated.
        Path z = tmp.resolve("zeros.npz");
        Npz.savezCompressed(z, zeros);
        seeds.add(new Seed("generated compressed zeros", Files.readAllBytes(z), ReaderFuzz.tensorBytes(zeros)));
        Map<String, Tensor> big = new LinkedHashMap<>();
        big.put("w", Tensor.randn(3, DType.F32, 50, 60));
        big.put("b", Tensor.randn(4, DType.F64, 60));
        Path s = tmp.resolve("big.npz");
        Npz.savez(s, big);
        seeds.add(new Seed("generated stored f4/f8", Files.readAllBytes(s), ReaderFuzz.tensorBytes(big)));
        return seeds;
    }

    interface Loader {
        Object load(Path file, byte[] bytes) throws IOException;
    }

    @Test
    void mutatedNpyFilesFailCleanlyWithinTheMemoryBound() throws IOException {
        fuzz("npy", npySeeds(), ReaderFuzz.NPY_MUTATIONS, List.of(
                (p, b) -> Npy.read(p),
                (p, b) -> Npy.read(new ByteArrayInputStream(b), "fuzz-stream")), 1, ReaderFuzz.SLACK);
    }

    @Test
    void mutatedNpzFilesFailCleanlyWithinTheMemoryBound() throws IOException {
        List<ReaderFuzz.Named> mutations = new ArrayList<>(ReaderFuzz.ZIP_MUTATIONS);
        mutations.add(new ReaderFuzz.Named("huge shape", ReaderFuzz::hugeShape));
        fuzz("npz", npzSeeds(tmp), mutations, List.of(
                (p, b) -> Npz.load(p),
                (p, b) -> Npz.load(new ByteArrayInputStream(b), "fuzz-stream")), 2, ReaderFuzz.ZIP_SLACK);
    }

    private void fuzz(String format, List<Seed> seeds, List<ReaderFuzz.Named> mutations, List<Loader> loaders, long salt,
            long slack)
            throws IOException {
        Random r = new Random(SEED * 31 + salt);
        Path file = tmp.resolve("fuzz." + format);
        int failures = 0;
        long worst = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            Seed seed = seeds.get(r.nextInt(seeds.size()));
            byte[] b = seed.bytes();
            StringBuilder how = new StringBuilder(seed.name());
            for (int k = 1 + (r.nextInt(4) == 0 ? 1 : 0); k > 0; k--) {
                ReaderFuzz.Named m = mutations.get(r.nextInt(mutations.size()));
                b = m.m().apply(r, b);
                how.append(" + ").append(m.name());
            }
            Files.write(file, b);
            for (int l = 0; l < loaders.size(); l++) {
                Loader loader = loaders.get(l);
                byte[] input = b;
                String source = l == 0 ? file.toString() : "fuzz-stream";
                long base = 2L * input.length + slack;
                ReaderFuzz.Outcome o = ReaderFuzz.measure(() -> loader.load(file, input));
                String where = "seed " + SEED + " iteration " + it + " (" + how + "), loader " + l + ", " + input.length
                        + " bytes";
                if (o.thrown() != null) {
                    failures++;
                    if (!(o.thrown() instanceof NpyFormatException)) {
                        throw new AssertionError(where + ": threw " + o.thrown() + "; input kept in " + keep(format, it, input),
                                o.thrown());
                    }
                    assertThat(o.thrown().getMessage()).as(where).startsWith(source);
                }
                long limit = base + (o.thrown() == null ? ReaderFuzz.tensorBytes(o.result()) : seed.tensorBytes());
                if (o.allocated() > limit) {
                    // Once more: the first run of a rare path pays for class loading, not the reader.
                    o = ReaderFuzz.measure(() -> loader.load(file, input));
                }
                if (o.allocated() > limit) {
                    throw new AssertionError(where + ": allocated " + o.allocated() + " bytes, limit " + limit
                            + " (" + (o.thrown() == null ? "read" : o.thrown().getMessage()) + "); input kept in "
                            + keep(format, it, input));
                }
                worst = Math.max(worst, o.allocated() - (limit - slack));
            }
        }
        // Most mutants must be refused, or the mutations are not reaching the checks.
        assertThat(failures).as("refused reads").isGreaterThan(ITERATIONS / 2);
        System.out.printf("%s fuzz: seed %d, %d iterations, %d refused reads, worst allocation beyond 2x input + tensors %d bytes (allowed %d)%n",
                format, SEED, ITERATIONS, failures, worst, slack);
    }

    private static Path keep(String format, int it, byte[] input) throws IOException {
        Path dir = Path.of("target", "fuzz-failures");
        Files.createDirectories(dir);
        Path p = dir.resolve(format + "-" + SEED + "-" + it + "." + format);
        Files.write(p, input);
        return p.toAbsolutePath();
    }

    @Test
    void mutationsAreDeterministicForASeed() {
        byte[] f = ReaderFuzz.npy(ReaderFuzz.nestedDict(3), new byte[16]);
        for (ReaderFuzz.Named m : ReaderFuzz.NPY_MUTATIONS) {
            assertThat(m.m().apply(new Random(5), f)).as(m.name()).isEqualTo(m.m().apply(new Random(5), f));
        }
    }
}
