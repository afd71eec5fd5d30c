package io.ricci.cli;

import io.ricci.tensor.DType;
import io.ricci.tensor.Parallel;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ricci bench GROUP ...}: micro-benchmarks that print one JSON object per line and per
 * measured case, e.g. {@code {"op":"gemm","dtype":"f32","n":1024,"threads":2,"gflops":61.2,...}}.
 *
 * <p>Each group is a subcommand that builds a list of {@link Case}s; {@link #measure} times every case
 * the same way (warm-up, then the best of several timed runs) and {@link Common} adds the options all
 * groups share. New groups (elementwise, reduce, einsum, nn, ...) add a subcommand class here.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Micro-benchmarks; one JSON object per line per case.",
        subcommands = {BenchCommand.Gemm.class})
public final class BenchCommand implements Runnable {
    /** Square sizes of the GEMM sweep (the JMH {@code GemmBenchmark} uses the same list). */
    static final int[] GEMM_SIZES = {64, 127, 128, 256, 500, 512, 1000, 1024, 2048};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options shared by every benchmark group. */
    static final class Common {
        @Option(names = "--threads", paramLabel = "N",
                description = "Threads for Ricci's kernels (default: ricci.threads or the processor count).")
        Integer threads;

        @Option(names = "--quick", description = "Shorter warm-up and fewer timed runs (noisier).")
        boolean quick;

        @Option(names = "--json", paramLabel = "FILE",
                description = "Also write the JSON lines to FILE (replaced atomically).")
        Path json;

        @Option(names = "--min-time", paramLabel = "SECONDS", defaultValue = "1.0",
                description = "Timed runs per case continue at least this long (default: ${DEFAULT-VALUE}).")
        double minTime;

        int applyThreads() {
            if (threads != null) {
                Parallel.setThreads(threads);
            }
            return Parallel.threads();
        }
    }

    /** One thing to time: {@code run} is called repeatedly; {@code fields} describe it in the JSON. */
    record Case(Map<String, Object> fields, double flops, Runnable run) {
    }

    /** Timing of one case: the best (shortest) run is what the JSON reports. */
    record Timing(double bestSeconds, double medianSeconds, int reps) {
    }

    /**
     * Warms up until the run time stops improving (the JIT has finished with the code: batches of about
     * 0.1 s whose best run is within 3% of the best so far, three in a row; at least 0.3 s, or 0.1 s with
     * {@code quick}; at most 20 s), then times single runs until both at least 5 runs (3 with
     * {@code quick}) and {@code minTime} seconds have passed, at most 1000 runs.
     */
    static Timing measure(Runnable run, Common common) {
        warmUp(run, common.quick ? 0.1 : 0.3, 20);
        int minReps = common.quick ? 3 : 5;
        double minTime = common.quick ? Math.min(common.minTime, 0.3) : common.minTime;
        List<Long> times = new ArrayList<>();
        long start = System.nanoTime();
        while (times.size() < 1000 && (times.size() < minReps || (System.nanoTime() - start) < minTime * 1e9)) {
            long a = System.nanoTime();
            run.run();
            times.add(System.nanoTime() - a);
        }
        times.sort(null);
        return new Timing(times.get(0) * 1e-9, times.get(times.size() / 2) * 1e-9, times.size());
    }

    /**
     * Runs {@code run} until its best time per batch has not improved by more than 3% for three batches
     * of about 0.1 s, for at least {@code minSeconds} and at most {@code maxSeconds}.
     */
    static void warmUp(Runnable run, double minSeconds, double maxSeconds) {
        long t0 = System.nanoTime();
        long best = Long.MAX_VALUE;
        int stable = 0;
        while (true) {
            long batchStart = System.nanoTime();
            long batchBest = Long.MAX_VALUE;
            do {
                long a = System.nanoTime();
                run.run();
                batchBest = Math.min(batchBest, System.nanoTime() - a);
            } while (System.nanoTime() - batchStart < 100_000_000L);
            stable = batchBest < best * 0.97 ? 0 : stable + 1;
            best = Math.min(best, batchBest);
            double elapsed = (System.nanoTime() - t0) * 1e-9;
            if ((stable >= 3 && elapsed >= minSeconds) || elapsed >= maxSeconds) {
                return;
            }
        }
    }

    /** Runs every case, printing (and collecting for {@code --json}) one JSON line each. */
    static int runCases(List<Case> cases, Common common, PrintStream out) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Case c : cases) {
            Timing t = measure(c.run(), common);
            Map<String, Object> f = new LinkedHashMap<>(c.fields());
            if (c.flops() > 0) {
                f.put("gflops", round(c.flops() / t.bestSeconds() / 1e9, 2));
            }
            f.put("best_ms", round(t.bestSeconds() * 1e3, 4));
            f.put("median_ms", round(t.medianSeconds() * 1e3, 4));
            f.put("reps", t.reps());
            String line = json(f);
            out.println(line);
            out.flush();
            lines.add(line);
        }
        if (common.json != null) {
            writeAtomically(common.json, String.join("\n", lines) + "\n");
        }
        return 0;
    }

    static double round(double v, int digits) {
        double s = Math.pow(10, digits);
        return Math.round(v * s) / s;
    }

    /** A flat JSON object of string and number values, in insertion order. */
    static String json(Map<String, Object> fields) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Number) {
                sb.append(v);
            } else {
                sb.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.append('}').toString();
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code ricci bench gemm}: square matrix products {@code a.matmul(b)}, result allocation included. */
    @Command(name = "gemm", mixinStandardHelpOptions = true,
            description = "Square n×n matrix products (Tensor.matmul); GFLOPS = 2n³ / best time.")
    static final class Gemm implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--dtype", split = ",", paramLabel = "f32|f64", defaultValue = "f32",
                description = "Element type(s), comma-separated (default: ${DEFAULT-VALUE}).")
        List<String> dtypes;

        @Option(names = "--sizes", split = ",", paramLabel = "N",
                description = "Matrix sizes (default: 64,127,128,256,500,512,1000,1024,2048).")
        int[] sizes;

        @Override
        public Integer call() throws IOException {
            int threads = common.applyThreads();
            int[] ns = sizes != null ? sizes : (common.quick ? new int[] {128, 512, 1024} : GEMM_SIZES);
            List<Case> cases = new ArrayList<>();
            for (String d : dtypes) {
                DType dt = DType.parse(d);
                warmUpJit(dt);
                for (int n : ns) {
                    if (n < 1) {
                        throw new CommandLine.ParameterException(new CommandLine(this),
                                "bench gemm: size must be positive, got " + n);
                    }
                    Tensor a = Tensor.randn(1, dt, n, n);
                    Tensor b = Tensor.randn(2, dt, n, n);
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("op", "gemm");
                    f.put("dtype", dt.name().toLowerCase(Locale.ROOT));
                    f.put("n", n);
                    f.put("threads", threads);
                    cases.add(new Case(f, 2.0 * n * n * n, () -> a.matmul(b)));
                }
            }
            return runCases(cases, common, System.out);
        }

        /**
         * Many small products first: the Vector API kernels are thousands of times slower until C2
         * compiles them, and small calls reach the compile thresholds in far less time than large ones.
         */
        private static void warmUpJit(DType dt) {
            Tensor a = Tensor.randn(3, dt, 40, 72);
            Tensor b = Tensor.randn(4, dt, 72, 40);
            warmUp(() -> a.matmul(b), 0.5, 30);
        }
    }
}
