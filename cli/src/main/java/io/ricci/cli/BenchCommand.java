package io.ricci.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ricci.bench.BenchCase;
import io.ricci.bench.BenchGroups;
import io.ricci.bench.BenchReport;
import io.ricci.bench.NumpyBaseline;
import io.ricci.tensor.DType;
import io.ricci.tensor.Parallel;
import java.io.IOException;
import java.io.PrintStream;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ricci bench GROUP ...}: micro-benchmarks of Ricci, optionally side by side with NumPy.
 *
 * <p>Each group is a subcommand whose cases come from {@link BenchGroups}; {@link #measure} times every
 * case the same way (warm-up, then the best of several timed runs) and {@link Common} adds the options
 * all groups share. Without {@code --compare} every case prints one JSON object per line, e.g.
 * {@code {"group":"gemm",...,"op":"gemm","dtype":"f32","n":1024,"threads":2,"gflops":61.2,"best_ms":...}}.
 * With {@code --compare} each case is also timed by {@code bench/baseline/bench_numpy.py} right after
 * Ricci's run (interleaved), progress goes to stderr and the side-by-side table to stdout.
 * {@code --json FILE} writes {@code {"meta":..., "rows":[...]}}, plus the GEMM GFLOPS chart
 * ({@code FILE-base-gemm.png}) and the Markdown table ({@code FILE-base.md}) next to it.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Micro-benchmarks (one JSON object per case, or with --compare a table against numpy).",
        subcommands = {BenchCommand.Gemm.class, BenchCommand.Elementwise.class, BenchCommand.Reduce.class,
            BenchCommand.Einsum.class, BenchCommand.Nn.class, BenchCommand.Symbolic.class, BenchCommand.Linalg.class, BenchCommand.Hessian.class, BenchCommand.Api.class,
            BenchCommand.All.class})
public final class BenchCommand implements Runnable {
    /** Square sizes of the GEMM sweep (the JMH {@code GemmBenchmark} uses the same list). */
    static final int[] GEMM_SIZES = BenchGroups.GEMM_SIZES;
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options shared by every benchmark group. */
    static final class Common {
        @Option(names = "--threads", paramLabel = "N",
                description = "Threads for Ricci's kernels and numpy's BLAS (default: ricci.threads or the processor count).")
        Integer threads;

        @Option(names = "--quick", description = "Fewer sizes, shorter warm-up and fewer timed runs "
                + "(noisier; `all --quick --compare` takes under two minutes).")
        boolean quick;

        @Option(names = "--json", paramLabel = "FILE",
                description = "Write {meta, rows} to FILE (replaced atomically), the GEMM GFLOPS chart to "
                        + "FILE-base-gemm.png and the Markdown table to FILE-base.md.")
        Path json;

        @Option(names = "--compare", description = "Also time every case with numpy (python3 "
                + NumpyBaseline.SCRIPT + "; PyTorch CPU and sympy when importable) and print a side-by-side table.")
        boolean compare;

        @Option(names = "--min-time", paramLabel = "SECONDS", defaultValue = "1.0",
                description = "Timed runs per case continue at least this long (default: ${DEFAULT-VALUE}; "
                        + "at most 0.3 with --quick).")
        double minTime;

        int applyThreads() {
            if (threads != null) {
                Parallel.setThreads(threads);
            }
            return Parallel.threads();
        }
    }

    /** Timing of one case: the best (shortest) run is what the JSON reports. */
    record Timing(double bestSeconds, double medianSeconds, int reps) {
    }

    /**
     * Shortest warm-up per case, in seconds: longer than bench_numpy.py's (0.1 / 0.3 s) because C2
     * compiles large code (Symja, the einsum planner) late, and three slow batches in a row would
     * otherwise look "stable" before it has.
     */
    static double minWarmUp(Common common) {
        return common.quick ? 0.3 : 1.0;
    }

    /** Longest warm-up per case, in seconds. */
    static double maxWarmUp(Common common) {
        return common.quick ? 4 : 20;
    }

    /** Timed runs continue at least this long, in seconds. */
    static double minTime(Common common) {
        return common.quick ? Math.min(common.minTime, 0.3) : common.minTime;
    }

    /**
     * Warms up until the run time stops improving (the JIT has finished with the code: batches of about
     * 0.1 s whose best run is within 3% of the best so far, three in a row; at least 1 s, or 0.3 s with
     * {@code quick}; at most 20 s, 4 s with {@code quick}), then times single runs until both at least
     * 5 runs (3 with {@code quick}) and {@code minTime} seconds (at most 0.3 s with {@code quick}) have
     * passed, at most 1000 runs. bench_numpy.py times its side the same way.
     */
    static Timing measure(Runnable run, Common common) {
        BenchGroups.warmUp(run, minWarmUp(common), maxWarmUp(common));
        int minReps = common.quick ? 3 : 5;
        double minTime = minTime(common);
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


    static double round(double v, int digits) {
        double s = Math.pow(10, digits);
        return Math.round(v * s) / s;
    }

    /** A row as one line of compact JSON. */
    static String json(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs every case (and, with {@code --compare}, its NumPy counterpart right after it), then prints
     * the table and writes the JSON, Markdown and chart files as {@link Common} asks.
     *
     * @return the rows, in case order
     */
    static List<Map<String, Object>> runCases(List<BenchCase> cases, Common common, String command, PrintStream out,
            PrintStream err) throws IOException {
        int threads = common.applyThreads();
        Map<String, Object> meta = meta(command, common, threads);
        NumpyBaseline numpy = null;
        if (common.compare) {
            NumpyBaseline.Start s = NumpyBaseline.start(threads);
            numpy = s.baseline();
            if (numpy == null) {
                err.println("ricci bench: " + s.unavailable());
                meta.put("numpy_unavailable", s.unavailable());
            } else {
                meta.put("baseline", numpy.info());
                err.println("ricci bench: numpy baseline: " + numpy.info());
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            int i = 0;
            for (BenchCase c : cases) {
                i++;
                Map<String, Object> row = runCase(c, common, threads, numpy, i);
                rows.add(row);
                if (common.compare) {
                    err.printf("[%d/%d] %s %s %s: Ricci %s, numpy %s, ratio %s%n", i, cases.size(), c.group(), c.op(),
                            c.size(), BenchReport.time(row.get("best_ms")), BenchReport.time(row.get("numpy_best_ms")),
                            BenchReport.ratio(row.get("ratio")));
                } else {
                    out.println(json(row));
                }
                out.flush();
            }
        } finally {
            if (numpy != null) {
                numpy.close();
            }
        }
        meta.put("loadavg_end", loadAverage());
        meta.put("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (common.compare) {
            out.println(BenchReport.table(rows));
            if (meta.containsKey("numpy_unavailable")) {
                out.println("note: " + meta.get("numpy_unavailable"));
            }
        }
        if (common.json != null) {
            BenchReport.writeJson(common.json, meta, rows);
            BenchReport.writeMarkdown(BenchReport.sibling(common.json, ".md"), meta, rows);
            Path png = BenchReport.sibling(common.json, "-gemm.png");
            boolean chart = BenchReport.writeGemmChart(png, rows);
            err.println("ricci bench: wrote " + common.json + (chart ? ", " + png : "") + " and "
                    + BenchReport.sibling(common.json, ".md"));
        }
        return rows;
    }

    /** Times one case (and its NumPy counterpart) into one row. */
    private static Map<String, Object> runCase(BenchCase c, Common common, int threads, NumpyBaseline numpy, int id)
            throws IOException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("group", c.group());
        row.put("operation", c.op());
        row.put("size", c.size());
        row.putAll(c.fields());
        row.put("threads", threads);
        Runnable run = c.setup().get();
        Timing t = measure(run, common);
        if (c.flops() > 0) {
            row.put("gflops", round(c.flops() / t.bestSeconds() / 1e9, 2));
        }
        row.put("best_ms", round(t.bestSeconds() * 1e3, 6));
        row.put("median_ms", round(t.medianSeconds() * 1e3, 6));
        row.put("reps", t.reps());
        if (c.memoryProbe() != null) {
            row.putAll(memory(c.memoryProbe().apply(run)));
            if ("mnist_iter".equals(c.fields().get("op"))) {
                row.put("memory_probe", BenchGroups.MNIST_MEMORY_ITERS + " iterations of MnistTrainer on the embedded set");
            }
        }
        run = null;
        if (numpy != null && c.baseline() != null) {
            Map<String, Object> spec = new LinkedHashMap<>(c.baseline());
            spec.put("id", id);
            spec.put("quick", common.quick);
            spec.put("min_time", minTime(common));
            spec.put("max_warmup", maxWarmUp(common));
            spec.put("memory", c.memoryProbe() != null);
            Map<String, Object> r = numpy.run(spec);
            if (r.get("error") != null) {
                row.put("numpy_error", r.get("error"));
            }
            for (Map.Entry<String, Object> e : r.entrySet()) {
                if (e.getKey().startsWith("numpy_") || e.getKey().startsWith("torch_")) {
                    row.put(e.getKey(), e.getValue());
                }
            }
            if (r.get("numpy_best_ms") instanceof Number nb) {
                double ms = nb.doubleValue();
                if (c.flops() > 0) {
                    row.put("numpy_gflops", round(c.flops() / (ms * 1e-3) / 1e9, 2));
                }
                row.put("ratio", round(ms / (t.bestSeconds() * 1e3), 3));
            }
        }
        return row;
    }

    /**
     * Heap while {@code probe} runs once, after a full GC: {@code heap_before_mb} (live data before:
     * inputs, data set), {@code peak_heap_mb} (the sum of every heap pool's peak use, an upper bound of
     * the peak total; it includes garbage the collector had not yet reclaimed, so it grows with the
     * young generation's size), {@code live_after_gc_max_mb} (the largest heap use right after a
     * collection during the probe: the data the run really kept alive; absent when no collection ran)
     * and {@code allocated_mb} (bytes allocated by all threads).
     */
    static Map<String, Object> memory(Runnable probe) {
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
        System.gc();
        long before = pools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        AtomicLong liveMax = new AtomicLong(-1);
        NotificationListener listener = (n, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                liveMax.accumulateAndGet(used, Math::max);
            }
        };
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        gcs.forEach(g -> ((NotificationEmitter) g).addNotificationListener(listener, null, null));
        long alloc0 = allocatedBytes();
        long allocated;
        long peak;
        try {
            probe.run();
            allocated = allocatedBytes() - alloc0;
            peak = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            Thread.sleep(200); // GC notifications arrive on a service thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring memory", e);
        } finally {
            for (GarbageCollectorMXBean g : gcs) {
                try {
                    ((NotificationEmitter) g).removeNotificationListener(listener);
                } catch (ListenerNotFoundException e) {
                    // not registered: nothing to remove
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heap_before_mb", round(before / 1048576.0, 1));
        m.put("peak_heap_mb", round(peak / 1048576.0, 1));
        if (liveMax.get() >= 0) {
            m.put("live_after_gc_max_mb", round(liveMax.get() / 1048576.0, 1));
        }
        if (alloc0 >= 0) {
            m.put("allocated_mb", round(allocated / 1048576.0, 1));
        }
        m.put("max_heap_mb", round(Runtime.getRuntime().maxMemory() / 1048576.0, 0));
        return m;
    }

    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t.getTotalThreadAllocatedBytes();
        }
        return -1;
    }

    /** Where and how the numbers were measured. */
    static Map<String, Object> meta(String command, Common common, int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("threads", threads);
        m.put("quick", common.quick);
        m.put("jdk", Runtime.version().toString() + " (" + System.getProperty("java.vm.name") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("max_heap_mb", round(Runtime.getRuntime().maxMemory() / 1048576.0, 0));
        m.put("loadavg_start", loadAverage());
        m.put("timing", "best of >= " + (common.quick ? 3 : 5) + " runs over >= " + minTime(common)
                + " s after a warm-up until stable (<= " + maxWarmUp(common) + " s); Ricci and numpy interleaved per case");
        return m;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static String loadAverage() {
        try {
            return Stream.of(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")).limit(3)
                    .collect(Collectors.joining(" "));
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** A group subcommand: its cases, run with the shared options. */
    abstract static class GroupCommand implements Callable<Integer> {
        @Mixin
        Common common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract List<BenchCase> cases();

        @Override
        public Integer call() throws IOException {
            List<BenchCase> cases;
            try {
                cases = cases();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (common.json != null) {
                // Before hours of measuring: the JSON, its Markdown table and its chart go next to each other.
                OutputTargets.check("--json", common.json, 4 << 20);
            }
            String command = "ricci " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
            runCases(cases, common, command, System.out, System.err);
            return 0;
        }
    }

    /** {@code ricci bench gemm}: square matrix products {@code a.matmul(b)}, result allocation included. */
    @Command(name = "gemm", mixinStandardHelpOptions = true,
            description = "Square n×n matrix products (Tensor.matmul; numpy a @ b); GFLOPS = 2n³ / best time.")
    static final class Gemm extends GroupCommand {
        @Option(names = "--dtype", split = ",", paramLabel = "f32|f64", defaultValue = "f32",
                description = "Element type(s), comma-separated (default: ${DEFAULT-VALUE}).")
        List<String> dtypes;

        @Option(names = "--sizes", split = ",", paramLabel = "N",
                description = "Matrix sizes (default: 64,127,128,256,500,512,1000,1024,2048; --quick: 128,512,1024,2048).")
        int[] sizes;

        @Override
        List<BenchCase> cases() {
            return BenchGroups.gemm(dtypes.stream().map(DType::parse).toList(),
                    sizes != null ? sizes : (common.quick ? BenchGroups.GEMM_QUICK : GEMM_SIZES), common.quick);
        }
    }

    @Command(name = "elementwise", mixinStandardHelpOptions = true,
            description = "f32 a + b, same shape and with a row broadcast, 1e3..1.6e7 elements.")
    static final class Elementwise extends GroupCommand {
        @Override
        List<BenchCase> cases() {
            return BenchGroups.elementwise(common.quick);
        }
    }

    @Command(name = "reduce", mixinStandardHelpOptions = true,
            description = "f32 sum over the last / first axis and softmax over the last axis.")
    static final class Reduce extends GroupCommand {
        @Override
        List<BenchCase> cases() {
            return BenchGroups.reduce(common.quick);
        }
    }

    @Command(name = "einsum", mixinStandardHelpOptions = true,
            description = "Tensor.einsum: MNIST backprop specs, a 4-operand chain, a batched contraction, a trace.")
    static final class Einsum extends GroupCommand {
        @Override
        List<BenchCase> cases() {
            return BenchGroups.einsum();
        }
    }

    @Command(name = "nn", mixinStandardHelpOptions = true,
            description = "Affine forward+backward and one MNIST training iteration (TwoLayerNet + SGD, batch 100).")
    static final class Nn extends GroupCommand {
        @Override
        List<BenchCase> cases() {
            return BenchGroups.nn();
        }
    }

    @Command(name = "symbolic", mixinStandardHelpOptions = true,
            description = "Jacobian of 3*x*y, x^3*y^2: derivation (Symja vs sympy) and bulk evaluation (vs lambdify).")
    static final class Symbolic extends GroupCommand {
        @Override
        List<BenchCase> cases() {
            return BenchGroups.symbolic(common.quick);
        }
    }

    @Command(name = "linalg", mixinStandardHelpOptions = true,
            description = "float64 solve, inv, det, cholesky, qr, svd, eigh at n = 64, 256, 1024 (--quick: 64, 256; EJML vs numpy.linalg).")
    static final class Linalg extends GroupCommand {
        @Override
        List<BenchCase> cases() {
            return BenchGroups.cases("linalg", common.quick);
        }
    }

    @Command(name = "hessian", mixinStandardHelpOptions = true,
            description = "Laue et al. (NeurIPS 2018): Hessians of x'Ax, logistic regression and ||T - UV'||^2 at n = 100, 1000"
                    + " (--quick: 100), derived in index notation and run as einsum plans, vs NumPy's closed forms. Not in 'all'.")
    static final class Hessian extends GroupCommand {
        @Override
        List<BenchCase> cases() {
            return BenchGroups.cases("hessian", common.quick);
        }
    }

    @Command(name = "api", mixinStandardHelpOptions = true,
            description = "sort, argsort, cumsum, concatenate of 10^6 float64 and float32 elements vs NumPy. Not in 'all'.")
    static final class Api extends GroupCommand {
        @Override
        List<BenchCase> cases() {
            return BenchGroups.cases("api", common.quick);
        }
    }

    @Command(name = "all", mixinStandardHelpOptions = true,
            description = "Every group: gemm, elementwise, reduce, einsum, nn, symbolic, linalg.")
    static final class All extends GroupCommand {
        @Override
        List<BenchCase> cases() {
            return BenchGroups.cases("all", common.quick);
        }
    }
}
