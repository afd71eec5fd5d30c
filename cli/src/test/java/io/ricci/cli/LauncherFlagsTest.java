package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The VM option files ({@code jvm.options}, read by the launcher, surefire and the JMH forks, and
 * the per-command files under {@code cli/} and {@code bench/}) must be accepted by the JDK that runs
 * the tests: a typo in a CompileCommand pattern or in {@code cli/jit-directives.json} would stop
 * every command from starting. Each file is handed to {@code java} as the argfile it is.
 */
class LauncherFlagsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static Stream<String> optionFiles() {
        return Stream.of("jvm.options", "cli/jit.options", "cli/train.options", "cli/derive.options", "bench/jmh.options");
    }

    /** The options of {@code file} as java reads them: one per line, {@code #} to the end of the line a comment. */
    static List<String> options(String file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(ROOT.resolve(file), StandardCharsets.UTF_8)) {
            String s = line.replaceFirst("#.*", "").strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionFiles")
    void theJdkAcceptsEachOptionFile(String file) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + ROOT.resolve("jvm.options"));
        cmd.add("@" + ROOT.resolve(file));
        if (file.equals("cli/jit.options")) {
            cmd.add("-XX:CompilerDirectivesFile=" + ROOT.resolve("cli/jit-directives.json"));
            cmd.add("-XX:+DisplayVMOutput"); // show what the directives parser says, if anything
        }
        cmd.add("-XX:+PrintCommandLineFlags");
        cmd.add("-version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("error").doesNotContain("Error").doesNotContain("Unrecognized");
        // The VM took the file's -XX flags (a file java did not read would leave them out).
        for (String o : options(file)) {
            if (o.startsWith("-XX:") && !o.startsWith("-XX:CompileCommand") && !o.contains("DisplayVMOutput")
                    && !o.contains("UnlockDiagnostic") && !o.contains("UseTransparentHugePages")) {
                assertThat(out).as(file).contains(o.replace("-XX:MaxNewSize=128m", "-XX:MaxNewSize=134217728"));
            }
        }
        if (file.equals("cli/jit.options")) {
            assertThat(out).contains("1 compiler directives added");
        }
    }

    /** The launcher, surefire and the JMH forks all read jvm.options, and nothing else sets its flags. */
    @org.junit.jupiter.api.Test
    void everyJvmReadsTheOneFile() throws IOException {
        assertThat(options("jvm.options")).contains("--add-modules=jdk.incubator.vector",
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseParallelGC",
                "-XX:TLABRefillWasteFraction=1");
        String launcher = Files.readString(ROOT.resolve("ricci"), StandardCharsets.UTF_8);
        assertThat(launcher).contains("\"@$here/jvm.options\" \"@$here/cli/jit.options\"")
                .contains("exec \"$java\" \"${opts[@]}\"").doesNotContain("-XX:TLABRefillWasteFraction")
                .doesNotContain("--add-modules jdk");
        String pom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
        assertThat(pom).contains("<argLine>${ricci.jvm.options}").contains("/jvm.options</ricci.jvm.options>");
        try (Stream<Path> benchmarks = Files.list(ROOT.resolve("bench/src/main/java/io/ricci/bench/jmh"))) {
            for (Path b : benchmarks.filter(f -> f.toString().endsWith("Benchmark.java")).toList()) {
                String src = Files.readString(b, StandardCharsets.UTF_8);
                assertThat(src).as(b.toString()).contains("jvmArgsAppend = {\"@jvm.options\"")
                        .doesNotContain("\"--add-modules");
            }
        }
    }

    /**
     * Every Vector API class (tensor/src/vector/java, float64 written, float32 generated) is matched by
     * one of cli/jit.options' CompileThresholdScaling patterns: a kernel class left out stays in C1,
     * where Vector API code runs its Java fallback, for its first thousands of calls (the MNIST dX
     * einsum in a benchmark run took 4 ms instead of 40 µs when the GEMM kernels moved to new classes).
     */
    @org.junit.jupiter.api.Test
    void theJitOptionsCoverEveryVectorClass() throws IOException {
        List<String> suffixes = new ArrayList<>();
        for (String o : options("cli/jit.options")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("CompileThresholdScaling,\\*(\\w+)::\\*,").matcher(o);
            if (m.find()) {
                suffixes.add(m.group(1));
            }
        }
        assertThat(suffixes).isNotEmpty();
        try (Stream<Path> sources = Files.list(ROOT.resolve("tensor/src/vector/java/io/ricci/tensor"))) {
            for (Path p : sources.toList()) {
                String name = p.getFileName().toString().replace(".java", "");
                if (name.equals("PanamaKernels")) {
                    continue; // the provider: runs once at start-up
                }
                for (String n : List.of(name, name.replace("F64", "F32"))) {
                    assertThat(suffixes).as(n).anyMatch(n::endsWith);
                }
            }
        }
    }
}
