package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernel provider's decision: the Vector API at the width this run asks for (the tensor module's
 * second test execution forces 256 bits and the eight-row GEMM kernels), and a JVM started without
 * the incubator module warns once and still computes the same values with the scalar kernels.
 */
class VectorizationTest {

    @Test
    void theVectorKernelsRunAtTheWidthThisRunAsksFor() {
        assertThat(Vectorization.enabled()).as(Vectorization.describe()).isTrue();
        String forced = System.getProperty("ricci.vector.bits");
        if (forced != null) {
            assertThat(Vectorization.vectorBits()).isEqualTo(Integer.parseInt(forced));
            assertThat(Vectorization.describe()).contains(forced + "-bit vectors (-Dricci.vector.bits");
        } else {
            assertThat(Vectorization.vectorBits()).isGreaterThanOrEqualTo(128);
        }
        assertThat(Kernels.SET.eightRows()).isEqualTo(System.getProperty("ricci.gemm.eightRows") != null
                ? Boolean.getBoolean("ricci.gemm.eightRows") : Vectorization.vectorBits() >= 512);
        assertThat(Kernels.GEMM_F64).isInstanceOf(GemmPanamaF64.class);
        assertThat(Kernels.ELEMENTWISE_F32).isSameAs(ElementwisePanamaF32.INSTANCE);
        assertThat(Kernels.EINSUM_F64).isSameAs(EinsumPanamaF64.INSTANCE);
    }

    /** What {@link NoVectorMain} prints, computed here with the scalar reference kernels. */
    private static List<Double> expected() {
        List<Double> out = new ArrayList<>();
        Tensor a = NoVectorMain.a(), b = NoVectorMain.b();
        double[] c = new double[NoVectorMain.M * NoVectorMain.N];
        GemmScalarF64.INSTANCE.gemm(NoVectorMain.M, NoVectorMain.N, NoVectorMain.K, 1.0, a.f64(), 0,
                NoVectorMain.K, 1, b.f64(), 0, NoVectorMain.N, 1, 0.0, c, 0, NoVectorMain.N, 1, 1);
        for (double v : c) {
            out.add(v);
        }
        return out;
    }

    @Test
    void aJvmWithoutTheIncubatorModuleWarnsOnceAndComputesTheSame() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NoVectorMain.class.getName());
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err.split("Ricci runs its scalar kernels", -1)).as(err).hasSize(2);
        assertThat(err).contains("start java with --add-modules jdk.incubator.vector").doesNotContain("Exception");
        String[] lines = out.strip().split("\n");
        assertThat(lines[0]).startsWith("scalar kernels (the module jdk.incubator.vector is not in this JVM");
        List<Double> want = expected();
        String[] got = lines[1].split(" ");
        assertThat(got).hasSize(want.size());
        for (int i = 0; i < got.length; i++) {
            assertThat(Double.parseDouble(got[i])).as("c[%d]", i).isEqualTo(want.get(i));
        }
        // Element-wise, reductions and einsum on the scalar kernels, against plain Java.
        assertThat(Double.parseDouble(lines[2])).isCloseTo(NoVectorMain.expSum(), within(1e-9));
        String[] einsum = lines[3].split(" ");
        assertThat(einsum).hasSize(want.size());
        for (int i = 0; i < einsum.length; i++) {
            assertThat(Double.parseDouble(einsum[i])).as("einsum c[%d]", i).isCloseTo(want.get(i), within(1e-12));
        }
    }
}
