package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

        // dC/dW1 has 12 values: all are printed (not the first eight), and they read back as the notes' values.
        double[] printed = block(out, "dC/dW1");
        JsonNode ref = new ObjectMapper().readTree(ExamplesCommand.class.getResourceAsStream("/io/ricci/nn/seed-examples.json"))
                .get("linear_3_4_2_1").get("gradients").get("dC_dW1");
        List<Double> expected = new ArrayList<>();
        ref.forEach(row -> row.forEach(v -> expected.add(v.asDouble())));
        assertThat(printed).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(printed[i]).as("dC/dW1 value %d", i).isCloseTo(expected.get(i), within(1e-8));
        }
    }

    /** The numbers printed under {@code label}'s line, up to the next label line. */
    private static double[] block(String out, String label) {
        List<String> lines = out.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("  " + label + " ")) {
                start = i + 1;
                break;
            }
        }
        assertThat(start).as("line for %s in%n%s", label, out).isPositive();
        List<Double> values = new ArrayList<>();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("             "); i++) {
            Matcher m = NUMBER.matcher(lines.get(i).replace("tensor(", ""));
            while (m.find()) {
                values.add(Double.parseDouble(m.group()));
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static final Pattern NUMBER = Pattern.compile("-?\\d+\\.?\\d*(e[-+]\\d+)?");
}
