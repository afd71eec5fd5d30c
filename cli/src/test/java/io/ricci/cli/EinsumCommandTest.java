package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ricci.tensor.Npy;
import io.ricci.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ricci einsum} on .npy files: printing, -o, --path and error reporting. */
class EinsumCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private Path save(String name, Tensor t) throws Exception {
        Path p = dir.resolve(name);
        Npy.write(p, t);
        return p;
    }

    @Test
    void writesTheProductToOut() throws Exception {
        Path a = save("a.npy", Tensor.of(new double[][] {{1, 2}, {3, 4}}));
        Path b = save("b.npy", Tensor.of(new double[][] {{5, 6}, {7, 8}}));
        Path o = dir.resolve("o.npy");
        assertThat(run("einsum", "ij,jk->ik", a.toString(), b.toString(), "-o", o.toString())).isZero();
        assertThat(Npy.read(o).toDoubleArray()).containsExactly(19, 22, 43, 50);
    }

    @Test
    void printsTheResultLikeNumpy() throws Exception {
        Path a = save("a.npy", Tensor.of(new double[][] {{1, 2}, {3, 4}}));
        assertThat(run("einsum", "ii", a.toString())).isZero();
        assertThat(out.toString().strip()).isEqualTo(Tensor.scalar(5.0).toString());
    }

    @Test
    void printsThePath() throws Exception {
        Path a = save("a.npy", Tensor.zeros(2, 2));
        Path b = save("b.npy", Tensor.zeros(2, 5));
        Path c = save("c.npy", Tensor.zeros(5, 2));
        assertThat(run("einsum", "ij,jk,kl->il", a.toString(), b.toString(), c.toString(), "--path")).isZero();
        assertThat(out.toString()).contains("Optimized FLOP count:  5.700e+01").contains("kl,jk->jl")
                .contains("Lowering:").containsPattern("\\n    gemm \\(1,\\d+,\\d+\\)@\\(1,\\d+,\\d+\\) a=(view|copy) b=(view|copy)\\n");
    }

    @Test
    void reportsSpecErrorsWithTheCaret() throws Exception {
        Path a = save("a.npy", Tensor.zeros(2, 3));
        Path b = save("b.npy", Tensor.zeros(3, 4));
        assertThat(run("einsum", "ij,jk->il", a.toString(), b.toString())).isEqualTo(2);
        assertThat(err.toString().split("\\R")).containsExactly(
                "ricci einsum: output index 'l' does not appear in any input",
                "  ij,jk->il",
                "  " + " ".repeat(8) + "^");
    }

    @Test
    void reportsUnreadableFiles() {
        assertThat(run("einsum", "i", dir.resolve("missing.npy").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("cannot read").contains("missing.npy");
    }
}
