package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The VM flags the {@code ricci} launcher passes to every command (its {@code jit=(...)} and
 * {@code vm=(...)} arrays and
 * the compiler directives file) must be accepted by the JDK that runs the tests: a typo in a
 * CompileCommand pattern or in {@code cli/jit-directives.json} would stop the JVM from starting.
 */
class LauncherFlagsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The words of the launcher's {@code jit=(...)} and {@code vm=(...)} arrays and its directives-file flags. */
    static List<String> launcherJitFlags() throws IOException {
        String script = Files.readString(ROOT.resolve("ricci"), StandardCharsets.UTF_8);
        Matcher array = Pattern.compile("(?s)\\njit=\\((.*?)\\)\\n").matcher(script);
        assertThat(array.find()).as("a jit=(...) array in the launcher").isTrue();
        List<String> flags = words(array.group(1));
        Matcher extra = Pattern.compile("\\n\\s*jit\\+=\\((.*?)\\)\\n").matcher(script);
        assertThat(extra.find()).as("the jit+=(...) line adding the directives file").isTrue();
        for (String w : words(extra.group(1))) {
            flags.add(w.replace("$here", ROOT.toString()));
        }
        // The VM flags of the vm=(...) array and its vm+=(...) additions (collector, allocation buffers, pages).
        Matcher vm = Pattern.compile("\\n\\s*vm\\+?=\\((.*?)\\)\\n").matcher(script);
        int vmLines = 0;
        while (vm.find()) {
            flags.addAll(words(vm.group(1)));
            vmLines++;
        }
        assertThat(vmLines).as("vm=(...) lines in the launcher").isGreaterThanOrEqualTo(2);
        assertThat(script).contains("\"${vm[@]}\" \"${jit[@]}\"");
        return flags;
    }

    /** Bash words: double-quoted strings or runs of non-blank characters. */
    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(s);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }

    @Test
    void theJdkAcceptsTheLauncherJitFlags() throws Exception {
        List<String> flags = launcherJitFlags();
        assertThat(flags).anyMatch(f -> f.startsWith("-XX:CompileCommand=CompileThresholdScaling,"))
                .contains("-XX:TLABRefillWasteFraction=1", "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages")
                .anyMatch(f -> f.startsWith("-XX:CompilerDirectivesFile="));
        assertThat(ROOT.resolve("cli/jit-directives.json")).exists();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("-XX:+DisplayVMOutput"); // show what the directives parser says, if anything
        cmd.add("-version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("1 compiler directives added").doesNotContain("error").doesNotContain("Error");
    }
}
