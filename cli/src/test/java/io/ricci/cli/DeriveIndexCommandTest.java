package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The standalone {@code index} and {@code docs} commands (registered under {@code derive} by the lead). */
class DeriveIndexCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object cmd, String... args) {
        CommandLine cl = Errors.configure(new CommandLine(cmd));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void jsonListsEinsumTermsAndMatrixForms() throws Exception {
        assertThat(run(new DeriveIndexCommand(), "Y[p,q] = X[p,k]*W[k,q] + b[q]", "--wrt", "X,W,b", "--format", "json")).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("output").asText()).isEqualTo("Y");
        JsonNode x = j.get("gradients").get("X");
        assertThat(x.get("terms").get(0).get("coefficient").asDouble()).isEqualTo(1.0);
        assertThat(x.get("terms").get(0).get("einsum").asText()).isEqualTo("iq,jq->ij");
        assertThat(x.get("terms").get(0).get("operands").toString()).isEqualTo("[\"dY\",\"W\"]");
        assertThat(x.get("matrix").asText()).isEqualTo("dY W^T");
        assertThat(j.get("gradients").get("W").get("matrix").asText()).isEqualTo("X^T dY");
        assertThat(j.get("gradients").get("b").get("matrix").asText()).isEqualTo("1^T dY");
        assertThat(x.get("latex").asText()).contains("W_{jq}");
    }

    @Test
    void textShowsThePlanAndTheHessian() {
        assertThat(run(new DeriveIndexCommand(), "L = x[i]*A[i,j]*x[j]", "--wrt", "x", "--hessian", "x,x")).isZero();
        assertThat(out.toString()).contains("dx[i] = A[i,j]*x[j] + x[p]*A[p,i]")
                .contains("dx = einsum(\"ij,j->i\", A, x)")
                .contains("d2L/dxdx[ij] = A[i,j] + A[j,i]")
                .contains("  d2L/dxdx = einsum(\"ij->ij\", A)")
                .doesNotContain("  dx = einsum(\"ij->ij\"")
                .contains("matrix: A + A^T");
    }

    /** The text form defines every intermediate once, as the JSON does, with its index form and einsum calls. */
    @Test
    void textDefinesTheIntermediatesOnceBeforeTheResults() {
        assertThat(run(new DeriveIndexCommand(), "f = sqrt(q[i]*q[i]) where q[i] = W[i,j]*x[j]", "--hessian", "x,x")).isZero();
        String text = out.toString();
        assertThat(text).contains("definitions (in evaluation order):\n  q[i] = W[i,j]*x[j]\n    q = einsum(\"ij,j->i\", W, x)\n"
                        + "  u1 = q[i]^2\n    u1 = einsum(\"i->\", q^2)\n  sqrt(u1) = sqrt(u1)  element-wise\n")
                .contains("dx[i] = sqrt(u1)^-1*q[p]*W[p,i]\n  dx = einsum(\",p,pi->i\", sqrt(u1)^-1, q, W)\n")
                .contains("d2f/dxdx[ij] = ").contains("  d2f/dxdx = einsum(").contains("  d2f/dxdx += -1 * einsum(")
                .doesNotContain("einsum term");
        // each definition once, and the Hessian's lines are labelled as the Hessian
        assertThat(text.split("q = einsum", -1)).hasSize(2);
        assertThat(text.substring(text.indexOf("d2f/dxdx["))).doesNotContain("  dx");
        assertThat(text.indexOf("definitions")).isLessThan(text.indexOf("dW[ij] ="));
    }

    @Test
    void differentialInTextAndJson() throws Exception {
        assertThat(run(new DeriveIndexCommand(), "Y[p,q] = X[p,k]*W[k,q] + b[q]", "--differential")).isZero();
        assertThat(out.toString()).contains("dY[ij] = dX[i,k]*W[k,j] + X[i,k]*dW[k,j] + db[j]*1[i]")
                .contains("matrix: dX W + X dW + 1 db^T");
        out.getBuffer().setLength(0);
        assertThat(run(new DeriveIndexCommand(), "Y[p,q] = X[p,k]*W[k,q] + b[q]", "--wrt", "X", "--differential", "--format", "json")).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("gradients").get("dY").get("matrix").asText()).isEqualTo("dX W");
    }

    @Test
    void latexAndMarkdownFormats() {
        assertThat(run(new DeriveIndexCommand(), "f = q[i]*q[i] where q[i] = W[i,j]*x[j]", "--format", "latex")).isZero();
        assertThat(out.toString()).startsWith("\\begin{align*}").contains("2 q x^\\top").contains("2 W^\\top q");
        out.getBuffer().setLength(0);
        assertThat(run(new DeriveIndexCommand(), "f = q[i]*q[i] where q[i] = W[i,j]*x[j]", "--format", "markdown")).isZero();
        assertThat(out.toString()).contains("$$q_{i} = W_{ij} x_{j}$$").contains("| 2 | `i,j->ij` | `q`, `x` |");
    }

    @Test
    void emitPrintsAFunctionInNumpyOrJava() {
        assertThat(run(new DeriveIndexCommand(), "L = x[i]*A[i,j]*x[j]", "--hessian", "x,x", "--emit", "numpy")).isZero();
        assertThat(out.toString()).startsWith("# Generated by Ricci").contains("import numpy as np")
                .contains("def value_and_grad(x, A):").contains("np.einsum(\"ij,j->i\", A, x)")
                .contains("return L, {\"x\": dx, \"A\": dA, \"x,x\": d2L_dxdx}").doesNotContain("matrix:");
        out.getBuffer().setLength(0);
        assertThat(run(new DeriveIndexCommand(), "L = x[i]*A[i,j]*x[j]", "--wrt", "x", "--emit", "java", "--name", "org.example.Quad")).isZero();
        assertThat(out.toString()).contains("package org.example;").contains("public final class Quad {")
                .contains("public static Result compute(Tensor x, Tensor A) {").contains("gradients.put(\"x\", dx);");
        assertThat(run(new DeriveIndexCommand(), "L = x[i]*x[i]", "--emit", "java", "--name", "1Bad")).isEqualTo(Errors.USAGE);
        assertThat(err.toString()).contains("'1Bad' is not a usable Java class name");
    }

    @Test
    void parseErrorsExitTwoWithACaret() {
        assertThat(run(new DeriveIndexCommand(), "L = sigmod(x[i])")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown function 'sigmod'").contains("\n      ^");
        err.getBuffer().setLength(0);
        assertThat(run(new DeriveIndexCommand(), "Y[i] = A[i,j]*x[j]", "--wrt", "B")).isEqualTo(2);
        assertThat(err.toString()).contains("'B' is not an input of Y");
    }

    @Test
    void docsWritesOnePagePerLayerWithANumericCheck() throws Exception {
        Path docs = dir.resolve("docs");
        assertThat(run(new DeriveDocsCommand(), "--out", docs.toString())).as(err.toString()).isZero();
        for (String f : new String[] {"affine", "softmax-cross-entropy", "sigmoid", "relu", "mse", "norm-wx", "README"}) {
            assertThat(docs.resolve(f + ".md")).exists();
        }
        String affine = Files.readString(docs.resolve("affine.md"));
        assertThat(affine).contains("\\delta_{pi} \\delta_{kj} W_{kq}").contains("## Numeric check").contains("Plain: `dY W^T`");
        String ce = Files.readString(docs.resolve("softmax-cross-entropy.md"));
        assertThat(ce).contains("Plain: `softmax(A) - T`");
        for (String line : ce.split("\n")) {
            if (line.startsWith("| ∂")) {
                double e = Double.parseDouble(line.split("\\|")[3].trim());
                assertThat(e).as(line).isLessThan(1e-6);
            }
        }
    }
}
