package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ricci.tensor.Vectorization;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ricci --version} says which kernels this JVM runs, as the provider decided. */
class VersionTest {
    @Test
    void versionNamesTheKernelsInUse() {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).execute("--version");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("ricci ").contains("kernels: " + Vectorization.describe());
        // Surefire runs with jvm.options, so the vector kernels are in use at some width.
        assertThat(out.toString()).containsPattern("kernels: Vector API, \\d+-bit vectors");
    }
}
