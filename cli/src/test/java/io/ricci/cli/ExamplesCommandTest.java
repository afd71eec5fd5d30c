package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExamplesCommandTest {

    @Test
    void everySeedExampleAgreesWithItsReference(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = new CommandLine(new ExamplesCommand()).execute("--dot", dir.toString());
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("all 37 checks agree").doesNotContain("MISMATCH")
                .contains("-transpose(1,2,0)-> (2, 4, 2) -flatten-> (8, 2)");
        assertThat(Files.readString(dir.resolve("add_mul_graph.dot"))).startsWith("digraph").contains("mul");
    }
}
