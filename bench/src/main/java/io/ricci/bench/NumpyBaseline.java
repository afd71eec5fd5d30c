package io.ricci.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The NumPy side of {@code ricci bench --compare}: one long-lived {@code python3
 * bench/baseline/bench_numpy.py --serve} child that receives one case per line and answers with its
 * timing, so Ricci and NumPy run each case back to back (interleaved, as the machine's load drifts).
 *
 * <p>The child's environment (only) has {@code OPENBLAS_CORETYPE} and {@code OPENBLAS_L2_SIZE}
 * removed, so OpenBLAS picks its own kernel for this CPU, and the BLAS thread variables set to
 * Ricci's thread count before NumPy is imported. Its first line describes the Python side (versions,
 * BLAS, OpenBLAS core kernel); {@link #info()} returns it.
 */
public final class NumpyBaseline implements AutoCloseable {
    public static final String SCRIPT = "bench/baseline/bench_numpy.py";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final Map<String, Object> info;

    private NumpyBaseline(Process process, Map<String, Object> info) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.info = info;
    }

    /** Either a running baseline or the reason there is none (shown to the user instead of numbers). */
    public record Start(NumpyBaseline baseline, String unavailable) {
    }

    /** Starts the child with {@code threads} BLAS threads, or explains why it cannot run. */
    public static Start start(int threads) {
        Optional<Path> python = findOnPath("python3", System.getenv("PATH"));
        if (python.isEmpty()) {
            return new Start(null, "python3 was not found on PATH: showing Ricci's numbers only");
        }
        Optional<Path> script = findScript();
        if (script.isEmpty()) {
            return new Start(null, SCRIPT + " was not found (run ricci from a checkout): showing Ricci's numbers only");
        }
        ProcessBuilder pb = new ProcessBuilder(python.get().toString(), script.get().toString(), "--serve",
                "--threads", Integer.toString(threads));
        childEnvironment(pb.environment(), threads);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Start(null, "could not start " + python.get() + ": " + e.getMessage()
                    + ": showing Ricci's numbers only");
        }
        NumpyBaseline b = new NumpyBaseline(p, Map.of());
        try {
            String first = b.out.readLine();
            if (first == null) {
                b.close();
                return new Start(null, python.get() + " " + SCRIPT + " exited at start: showing Ricci's numbers only");
            }
            Map<String, Object> ready = JSON.readValue(first, MAP);
            if (!Boolean.TRUE.equals(ready.get("ready"))) {
                b.close();
                return new Start(null, ready.getOrDefault("error", "the NumPy baseline is not available")
                        + " (" + python.get() + "): showing Ricci's numbers only");
            }
            return new Start(new NumpyBaseline(p, ready), null);
        } catch (IOException e) {
            b.close();
            return new Start(null, "the NumPy baseline did not start: " + e.getMessage());
        }
    }

    /**
     * The child's environment: OpenBLAS picks its own core (the two variables would pin an older or
     * smaller kernel and are removed together, for this child only) and uses {@code threads} threads.
     */
    public static void childEnvironment(Map<String, String> env, int threads) {
        env.remove("OPENBLAS_CORETYPE");
        env.remove("OPENBLAS_L2_SIZE");
        for (String v : List.of("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")) {
            env.put(v, Integer.toString(threads));
        }
    }

    /** The first executable {@code name} in the directories of {@code path} (a PATH-style list). */
    public static Optional<Path> findOnPath(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The script in the checkout the jar was built in ({@code cli/target/ricci.jar}), else under the working directory. */
    public static Optional<Path> findScript() {
        try {
            Path jar = Path.of(NumpyBaseline.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                Path p = dir.resolve(SCRIPT);
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        Path p = Path.of(SCRIPT).toAbsolutePath();
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** The child's description of itself: python, numpy, blas, openblas_core, sympy, torch versions. */
    public Map<String, Object> info() {
        return info;
    }

    /** Times one case (see bench_numpy.py for the fields of the answer); an error comes back as {@code error}. */
    public Map<String, Object> run(Map<String, Object> spec) throws IOException {
        in.write(JSON.writeValueAsString(spec));
        in.newLine();
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the NumPy baseline process exited (exit code "
                    + (process.isAlive() ? "?" : process.exitValue()) + ")");
        }
        return JSON.readValue(line, MAP);
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (IOException | InterruptedException e) {
            process.destroy();
        }
    }
}
