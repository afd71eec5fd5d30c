package io.ricci.nn.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of {@link Idx} over mutated plain and gzip IDX files (bit flips, byte insertions
 * and deletions, truncations, lying dimensions inside and outside the gzip, a lying gzip size
 * trailer): every read either succeeds or throws {@link IdxFormatException} naming its source, and
 * allocates at most twice the input's size plus {@link #SLACK}, plus the data array when it is
 * there. {@code -Dricci.fuzz.iterations} and {@code -Dricci.fuzz.seed} override the few seconds'
 * default; {@code scripts/fuzz-readers.sh} runs it for long.
 */
class IdxFuzzTest {
    static final long SEED = Long.getLong("ricci.fuzz.seed", 20261203L);
    static final int ITERATIONS = Integer.getInteger("ricci.fuzz.iterations", 800);
    /** Allowance for the reader's fixed buffers and the exception itself. */
    static final long SLACK = 64 << 10;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    Path tmp;

    interface Read {
        Idx.Array run() throws Exception;
    }

    record Outcome(Idx.Array result, Throwable thrown, long allocated) {
    }

    static Outcome measure(Read r) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Idx.Array result = null;
        Throwable thrown = null;
        try {
            result = r.run();
        } catch (Throwable t) {
            thrown = t;
        }
        return new Outcome(result, thrown, THREADS.getCurrentThreadAllocatedBytes() - before);
    }

    static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(0x0800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    /** Raw IDX seeds; each is fuzzed plain and gzipped. */
    static List<byte[]> rawSeeds() {
        Random r = new Random(11);
        byte[] img = new byte[20 * 8 * 8];
        r.nextBytes(img);
        byte[] lab = new byte[50];
        for (int i = 0; i < lab.length; i++) {
            lab[i] = (byte) r.nextInt(10);
        }
        // Mostly zeros, as digit images are: the gzip is ~100x smaller than the data.
        byte[] sparse = new byte[100 * 28 * 28];
        for (int i = 0; i < 300; i++) {
            sparse[r.nextInt(sparse.length)] = (byte) r.nextInt(256);
        }
        return List.of(idx(new int[] {20, 8, 8}, img), idx(new int[] {50}, lab), idx(new int[] {100, 28, 28}, sparse));
    }

    private static int lie(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> r.nextInt(300);
            case 2 -> 0x7fffffff;
            case 3 -> 1 << (8 + r.nextInt(23));
            default -> r.nextInt();
        };
    }

    static byte[] mutateRaw(Random r, byte[] f, StringBuilder how) {
        byte[] c = f.clone();
        if (c.length < 4) {
            return c;
        }
        int rank = c[3];
        int at = 4 * (1 + r.nextInt(Math.max(1, rank)));
        if (r.nextInt(4) == 0) {
            c[3] = (byte) r.nextInt(10);
            how.append(" rank");
        }
        if (at + 4 <= c.length) {
            ByteBuffer.wrap(c).putInt(at, lie(r));
            how.append(" lying dim");
        }
        return c;
    }

    static byte[] mutate(Random r, byte[] f, StringBuilder how) {
        switch (r.nextInt(6)) {
            case 0 -> {
                byte[] c = f.clone();
                for (int k = 1 + r.nextInt(8); k > 0 && c.length > 0; k--) {
                    c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
                }
                how.append(" bit flips");
                return c;
            }
            case 1 -> {
                int at = r.nextInt(f.length + 1);
                byte[] ins = new byte[1 + r.nextInt(16)];
                r.nextBytes(ins);
                byte[] c = new byte[f.length + ins.length];
                System.arraycopy(f, 0, c, 0, at);
                System.arraycopy(ins, 0, c, at, ins.length);
                System.arraycopy(f, at, c, at + ins.length, f.length - at);
                how.append(" insert");
                return c;
            }
            case 2 -> {
                int at = r.nextInt(f.length);
                int n = Math.min(f.length - at, 1 + r.nextInt(32));
                byte[] c = new byte[f.length - n];
                System.arraycopy(f, 0, c, 0, at);
                System.arraycopy(f, at + n, c, at, f.length - at - n);
                how.append(" delete");
                return c;
            }
            case 3 -> {
                how.append(" truncate");
                return Arrays.copyOf(f, r.nextInt(f.length));
            }
            case 4 -> {
                // The gzip trailer's size (or, for a plain file, its last 4 data bytes).
                byte[] c = f.clone();
                if (c.length >= 4) {
                    ByteBuffer.wrap(c).putInt(c.length - 4, lie(r));
                }
                how.append(" trailer size");
                return c;
            }
            default -> {
                return mutateRaw(r, f, how);
            }
        }
    }

    @Test
    void mutatedIdxFilesFailCleanlyWithinTheMemoryBound() throws IOException {
        Random r = new Random(SEED * 31 + 3);
        List<byte[]> raws = rawSeeds();
        Path file = tmp.resolve("fuzz.idx");
        int failures = 0;
        long worst = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            int s = r.nextInt(raws.size());
            boolean gz = r.nextBoolean();
            StringBuilder how = new StringBuilder("seed file " + s + (gz ? " gzipped" : " plain"));
            byte[] raw = raws.get(s);
            if (gz && r.nextInt(3) == 0) {
                raw = mutateRaw(r, raw, how.append(" (inside the gzip:")).clone();
                how.append(")");
            }
            byte[] b = gz ? gzip(raw) : raw;
            for (int k = 1 + (r.nextInt(4) == 0 ? 1 : 0); k > 0 && b.length > 0; k--) {
                b = mutate(r, b, how);
            }
            Files.write(file, b);
            byte[] input = b;
            List<Read> loaders = List.of(() -> Idx.read(file), () -> Idx.read(new ByteArrayInputStream(input), "fuzz-stream"));
            for (int l = 0; l < loaders.size(); l++) {
                Read loader = loaders.get(l);
                String where = "seed " + SEED + " iteration " + it + " (" + how + "), loader " + l + ", " + b.length + " bytes";
                Outcome o = measure(loader);
                if (o.thrown() != null) {
                    failures++;
                    if (!(o.thrown() instanceof IdxFormatException)) {
                        throw new AssertionError(where + ": threw " + o.thrown(), o.thrown());
                    }
                    assertThat(o.thrown().getMessage()).as(where).startsWith(l == 0 ? file.toString() : "fuzz-stream");
                }
                long limit = 2L * b.length + SLACK + (o.result() == null ? 0 : o.result().data().length);
                if (o.allocated() > limit) {
                    o = measure(loader); // the first run of a rare path pays for class loading
                }
                assertThat(o.allocated()).as("%s: bytes allocated (%s)", where,
                        o.thrown() == null ? "read" : o.thrown().getMessage()).isLessThanOrEqualTo(limit);
                worst = Math.max(worst, o.allocated() - (limit - SLACK));
            }
        }
        assertThat(failures).as("refused reads").isGreaterThan(ITERATIONS / 2);
        System.out.printf("idx fuzz: seed %d, %d iterations, %d refused reads, worst allocation beyond 2x input + data"
                + " %d bytes (allowed %d)%n", SEED, ITERATIONS, failures, worst, SLACK);
    }
}
