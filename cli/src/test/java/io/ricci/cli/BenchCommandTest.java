package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ricci.bench.BenchCase;
import io.ricci.bench.BenchGroups;
import io.ricci.bench.BenchReport;
import io.ricci.bench.NumpyBaseline;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code ricci bench}: option parsing, the case lists of every group, the table, JSON, Markdown and
 * chart writers on synthetic rows, and the NumPy child's environment. Nothing here is timed.
 */
class BenchCommandTest {
    @TempDir
    Path dir;

    /** The case kinds bench/baseline/bench_numpy.py implements (its BUILDERS table). */
    private static final Set<String> BASELINE_KINDS = Set.of("gemm", "binary", "reduce", "einsum", "affine",
            "mnist_iter", "sym_jacobian", "sym_bulk", "linalg");

    private static Map<String, Object> row(String group, String op, String size, Double ricciMs, Double numpyMs) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("group", group);
        r.put("operation", op);
        r.put("size", size);
        r.put("best_ms", ricciMs);
        if (numpyMs != null) {
            r.put("numpy_best_ms", numpyMs);
            r.put("ratio", BenchCommand.round(numpyMs / ricciMs, 3));
        }
        return r;
    }

    private static List<Map<String, Object>> synthetic() {
        Map<String, Object> gemm = row("gemm", "matmul f32", "512x512 @ 512x512", 4.0, 2.0);
        gemm.put("op", "gemm");
        gemm.put("dtype", "f32");
        gemm.put("n", 512);
        gemm.put("gflops", 67.11);
        gemm.put("numpy_gflops", 134.22);
        Map<String, Object> big = row("gemm", "matmul f32", "2048x2048 @ 2048x2048", 250.0, 500.0);
        big.put("op", "gemm");
        big.put("dtype", "f32");
        big.put("n", 2048);
        big.put("gflops", 68.7);
        big.put("numpy_gflops", 34.4);
        big.put("peak_heap_mb", 76.4);
        Map<String, Object> add = row("elementwise", "add", "1x1000 + 1x1000", 0.0031, 0.00084);
        Map<String, Object> alone = row("symbolic", "jacobian derivation", "2 functions of (x, y)", 1234.5, null);
        return List.of(gemm, big, add, alone);
    }

    private static BenchCommand.Common parse(String... args) {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult pr = cl.parseArgs(args);
        CommandLine.ParseResult sub = pr.subcommand().subcommand();
        return ((BenchCommand.GroupCommand) sub.commandSpec().userObject()).common;
    }

    @Test
    void quickCompareAndJsonParseOnEveryGroup() {
        for (String g : List.of("gemm", "elementwise", "reduce", "einsum", "nn", "symbolic", "linalg", "all")) {
            BenchCommand.Common c = parse("bench", g, "--quick", "--compare", "--json", "out/b.json", "--threads", "1");
            assertThat(c.quick).as(g).isTrue();
            assertThat(c.compare).as(g).isTrue();
            assertThat(c.json).as(g).isEqualTo(Path.of("out/b.json"));
            assertThat(c.threads).as(g).isEqualTo(1);
            assertThat(BenchCommand.minTime(c)).isEqualTo(0.3);
            assertThat(BenchCommand.maxWarmUp(c)).isEqualTo(4.0);
            assertThat(BenchCommand.minWarmUp(c)).isEqualTo(0.3);
        }
        BenchCommand.Common full = parse("bench", "all");
        assertThat(full.quick).isFalse();
        assertThat(full.compare).isFalse();
        assertThat(full.json).isNull();
        assertThat(BenchCommand.minTime(full)).isEqualTo(1.0);
        assertThat(BenchCommand.maxWarmUp(full)).isEqualTo(20.0);
    }

    @Test
    void gemmOptionsSelectDtypesAndSizes() {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult pr = cl.parseArgs("bench", "gemm", "--dtype", "f32,f64", "--sizes", "7,33");
        BenchCommand.Gemm g = (BenchCommand.Gemm) pr.subcommand().subcommand().commandSpec().userObject();
        List<BenchCase> cases = g.cases();
        assertThat(cases).extracting(c -> c.fields().get("dtype") + "/" + c.fields().get("n"))
                .containsExactly("f32/7", "f32/33", "f64/7", "f64/33");
        assertThat(cases.get(1).flops()).isEqualTo(2.0 * 33 * 33 * 33);
        assertThat(cases.get(1).baseline()).containsEntry("kind", "gemm").containsEntry("n", 33);
    }

    @Test
    void aNonPositiveGemmSizeIsAUsageError() {
        CommandLine cl = Main.commandLine();
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        assertThat(cl.execute("bench", "gemm", "--sizes", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("bench gemm: size must be positive, got 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemm", "elementwise", "reduce", "einsum", "nn", "symbolic", "linalg"})
    void everyGroupHasCasesWithAKnownBaseline(String group) {
        for (boolean quick : new boolean[] {true, false}) {
            List<BenchCase> cases = BenchGroups.cases(group, quick);
            assertThat(cases).as(group + " quick=" + quick).isNotEmpty();
            for (BenchCase c : cases) {
                assertThat(c.group()).isEqualTo(group);
                assertThat(c.op()).isNotBlank();
                assertThat(c.size()).isNotBlank();
                assertThat(c.baseline()).as(c.op()).isNotNull();
                assertThat(BASELINE_KINDS).contains((String) c.baseline().get("kind"));
            }
        }
        assertThat(BenchGroups.cases(group, true).size()).isLessThanOrEqualTo(BenchGroups.cases(group, false).size());
    }

    @Test
    void allIsEveryGroupInOrderAndReportsMemoryForGemm2048AndTraining() {
        List<BenchCase> all = BenchGroups.cases("all", true);
        List<String> groups = all.stream().map(BenchCase::group).distinct().toList();
        assertThat(groups).containsExactlyElementsOf(BenchGroups.NAMES);
        int sum = BenchGroups.NAMES.stream().mapToInt(g -> BenchGroups.cases(g, true).size()).sum();
        assertThat(all).hasSize(sum);
        List<String> withMemory = all.stream().filter(c -> c.memoryProbe() != null)
                .map(c -> c.group() + ":" + c.fields().get("op") + ":" + c.fields().getOrDefault("n", "")).toList();
        assertThat(withMemory).containsExactly("gemm:gemm:2048", "nn:mnist_iter:");
        // the element-wise sweep spans 1e3..1.6e7 elements even when quick
        assertThat(all.stream().filter(c -> c.group().equals("elementwise")).map(c -> c.fields().get("elements")))
                .contains(1_000, 16_000_000);
        // the einsum group has the backprop specs at MNIST sizes, a 4-operand chain, a batched contraction, a trace
        assertThat(all.stream().filter(c -> c.group().equals("einsum")).map(c -> c.fields().get("spec")))
                .containsExactly("iq,jq->ij", "pi,pj->ij", "ij->j", "ij,jk,kl,lm->im", "bij,bjk->bik", "ii->");
    }

    @Test
    void unknownGroupIsNamed() {
        assertThatThrownBy(() -> BenchGroups.cases("fft", true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown group 'fft'").hasMessageContaining("elementwise");
    }

    @Test
    void cheapCasesRunAndGiveTheNumpyShapedResult() {
        // the db and trace specs are tiny: their setup and one run check the case wiring (no timing)
        for (BenchCase c : BenchGroups.einsum()) {
            if (c.fields().get("spec").equals("ij->j")) {
                c.setup().get().run();
            }
        }
        Map<String, Object> mem = BenchCommand.memory(() -> {
            float[] junk = new float[1 << 20];
            junk[1] = 1;
        });
        assertThat(mem).containsKeys("heap_before_mb", "peak_heap_mb", "max_heap_mb");
        assertThat((Double) mem.get("peak_heap_mb")).isGreaterThanOrEqualTo(4.0);
    }

    @Test
    void tableNamesTheRatioDirectionAndAlignsColumns() {
        String t = BenchReport.table(synthetic());
        List<String> lines = t.lines().toList();
        assertThat(lines.get(0)).isEqualTo(BenchReport.RATIO_NOTE).contains("> 1: Ricci is faster");
        assertThat(lines.get(1)).startsWith("group").contains("operation", "size", "Ricci", "numpy", "ratio", "note")
                .doesNotContain("torch");
        assertThat(lines.get(2)).matches("-+");
        assertThat(lines).hasSize(3 + 4);
        assertThat(lines.get(3)).contains("matmul f32", "512x512 @ 512x512", "4.000 ms", "2.000 ms", "0.50",
                "GFLOPS 67.1 vs 134.2");
        assertThat(lines.get(4)).contains("250.000 ms", "500.000 ms", "2.00", "peak heap 76 MB");
        assertThat(lines.get(5)).contains("3.10 µs", "0.84 µs", "0.27");
        assertThat(lines.get(6)).contains("1.235 s", "n/a");
        // right-aligned time columns: every "ratio" cell ends at the same column as the header
        int end = lines.get(1).indexOf(" ratio") + " ratio".length(); // not the "ratio" inside "operation"
        assertThat(lines.get(3).substring(end - 4, end)).isEqualTo("0.50");
        assertThat(lines.get(6).substring(end - 3, end)).isEqualTo("n/a");
    }

    @Test
    void torchColumnAppearsOnlyWithTorchTimes() {
        List<Map<String, Object>> rows = new ArrayList<>(synthetic());
        Map<String, Object> r = new HashMap<>(rows.get(0));
        r.put("torch_best_ms", 1.5);
        rows.set(0, r);
        String t = BenchReport.table(rows);
        assertThat(t.lines().toList().get(1)).contains("torch");
        assertThat(t.lines().toList().get(3)).contains("1.500 ms");
        assertThat(t.lines().toList().get(4)).contains("n/a");
    }

    @Test
    void markdownHasOneRowPerCaseAndRightAlignedNumbers() {
        String md = BenchReport.markdown(synthetic());
        List<String> lines = md.lines().filter(l -> l.startsWith("|")).toList();
        assertThat(lines).hasSize(2 + 4);
        assertThat(lines.get(1)).isEqualTo("|---|---|---|---:|---:|---:|---|");
        assertThat(lines.get(2)).isEqualTo("| gemm | matmul f32 | 512x512 @ 512x512 | 4.000 ms | 2.000 ms | 0.50 | GFLOPS 67.1 vs 134.2 |");
    }

    @Test
    void jsonDocumentRoundTripsAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("sub/bench.json");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("command", "ricci bench all --quick --compare");
        meta.put("cores", 2);
        BenchReport.writeJson(file, meta, synthetic());
        BenchReport.writeJson(file, meta, synthetic()); // replaces
        JsonNode doc = new ObjectMapper().readTree(file.toFile());
        assertThat(doc.get("meta").get("command").asText()).isEqualTo("ricci bench all --quick --compare");
        assertThat(doc.get("rows")).hasSize(4);
        assertThat(doc.get("rows").get(1).get("peak_heap_mb").asDouble()).isEqualTo(76.4);
        assertThat(doc.get("rows").get(1).get("ratio").asDouble()).isEqualTo(2.0);
        assertThat(doc.get("rows").get(3).has("ratio")).isFalse();
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bench.json");
        }
    }

    @Test
    void markdownFileListsTheMachineAboveTheTable() throws Exception {
        Path file = dir.resolve("bench.md");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("cpu", "AMD EPYC");
        meta.put("baseline", Map.of("numpy", "2.4.6"));
        BenchReport.writeMarkdown(file, meta, synthetic());
        String text = Files.readString(file);
        assertThat(text).contains("- cpu: AMD EPYC", "- baseline: numpy 2.4.6", BenchReport.RATIO_NOTE,
                "| symbolic | jacobian derivation |");
    }

    @Test
    void chartIsAPngNextToTheJsonAndSkippedWithoutGemmRows() throws Exception {
        Path json = dir.resolve("bench-quick.json");
        Path png = BenchReport.sibling(json, "-gemm.png");
        assertThat(png.getFileName().toString()).isEqualTo("bench-quick-gemm.png");
        assertThat(BenchReport.writeGemmChart(png, synthetic())).isTrue();
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertThat(head).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        Path none = dir.resolve("none.png");
        assertThat(BenchReport.writeGemmChart(none, synthetic().subList(2, 4))).isFalse();
        assertThat(none).doesNotExist();
    }

    @Test
    void numpyChildEnvironmentDropsTheOpenBlasPinsAndSetsThreads() {
        Map<String, String> env = new HashMap<>(Map.of("OPENBLAS_CORETYPE", "Prescott", "OPENBLAS_L2_SIZE", "262144",
                "PATH", "/usr/bin", "OMP_NUM_THREADS", "8"));
        NumpyBaseline.childEnvironment(env, 2);
        assertThat(env).doesNotContainKeys("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
                .containsEntry("OPENBLAS_NUM_THREADS", "2").containsEntry("OMP_NUM_THREADS", "2")
                .containsEntry("MKL_NUM_THREADS", "2").containsEntry("PATH", "/usr/bin");
    }

    @Test
    void findsAnExecutableOnPathOnly() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("python3"), "not executable");
        Path exe = Files.writeString(b.resolve("python3"), "#!/bin/sh\n");
        assertThat(exe.toFile().setExecutable(true)).isTrue();
        String path = a + java.io.File.pathSeparator + java.io.File.pathSeparator + b;
        assertThat(NumpyBaseline.findOnPath("python3", path)).contains(exe);
        assertThat(NumpyBaseline.findOnPath("python3", a.toString())).isEmpty();
        assertThat(NumpyBaseline.findOnPath("python3", null)).isEmpty();
    }

    @Test
    void timeAndRatioFormatting() {
        assertThat(BenchReport.time(0.00084)).isEqualTo("0.84 µs");
        assertThat(BenchReport.time(12.3456)).isEqualTo("12.346 ms");
        assertThat(BenchReport.time(1500.0)).isEqualTo("1.500 s");
        assertThat(BenchReport.time(null)).isEqualTo("n/a");
        assertThat(BenchReport.ratio(0.456)).isEqualTo("0.46");
        assertThat(BenchReport.ratio(null)).isEqualTo("n/a");
    }
}
