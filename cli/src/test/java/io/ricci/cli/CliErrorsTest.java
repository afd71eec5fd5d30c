package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ricci.tensor.Npy;
import io.ricci.tensor.Npz;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Every user error of every command, run in-process: the exit code, stderr of {@code ricci <command>:
 * <what was wrong>} (plus picocli's hint for usage errors, or a source line and caret for parse
 * errors) and no stack trace unless {@code --debug}. {@code $D} in the arguments is a directory of
 * fixtures made in {@link #fixtures}.
 */
class CliErrorsTest {
    @TempDir
    static Path dir;

    record Run(int code, String out, String err) {
        String[] errLines() {
            return err.strip().split("\\R");
        }
    }

    static Run run(String... args) {
        return run(Main.commandLine(), args);
    }

    static Run run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = Main.execute(cl, args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Writes a copy of checkpoint {@code from} with {@code edit} applied to its arrays. */
    static void variant(String from, String to, Consumer<Map<String, Tensor>> edit) throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>(Npz.load(dir.resolve(from)));
        edit.accept(m);
        Npz.savez(dir.resolve(to), m);
    }

    static Tensor withValue(Tensor t, double v) {
        Tensor c = t.copy();
        int[] zero = new int[c.rank()];
        c.set(v, zero);
        return c;
    }

    @BeforeAll
    static void fixtures() throws IOException {
        for (String opt : new String[] {"sgd", "momentum", "adam"}) {
            Run r = run("train", "mnist", "--iters", "3", "--hidden", "4", "--optimizer", opt,
                    "--save", dir.resolve(opt + ".npz").toString());
            assertThat(r.code()).as(r.err()).isZero();
        }
        Files.createDirectories(dir.resolve("adir"));
        Files.writeString(dir.resolve("afile"), "not a directory");
        Files.write(dir.resolve("garbage.npz"), "PK\u0003\u0004 this is no zip archive".getBytes());
        Files.write(dir.resolve("garbage.npy"), "\u0093NUMPY\u0001\u0000{'descr': '<f8', 'fortran".getBytes());
        Npy.write(dir.resolve("a23.npy"), Tensor.zeros(2, 3));
        Npy.write(dir.resolve("b34.npy"), Tensor.zeros(3, 4));
        variant("sgd.npz", "iter-neg.npz", m -> m.put("iter", Tensor.scalar(-5)));
        variant("sgd.npz", "iter-huge.npz", m -> m.put("iter", Tensor.scalar(1e12)));
        variant("sgd.npz", "iter-nan.npz", m -> m.put("iter", Tensor.scalar(Double.NaN)));
        variant("sgd.npz", "iter-frac.npz", m -> m.put("iter", Tensor.scalar(2.5)));
        variant("sgd.npz", "iter-vector.npz", m -> m.put("iter", Tensor.of(1.0, 2.0)));
        variant("sgd.npz", "no-iter.npz", m -> m.remove("iter"));
        variant("sgd.npz", "no-W2.npz", m -> m.remove("2.weight"));
        variant("sgd.npz", "W1-nan.npz", m -> m.put("0.weight", withValue(m.get("0.weight"), Double.NaN)));
        variant("sgd.npz", "b1-inf.npz", m -> m.put("0.bias", withValue(m.get("0.bias"), Double.POSITIVE_INFINITY)));
        variant("sgd.npz", "W2-f64.npz", m -> m.put("2.weight", m.get("2.weight").astype(io.ricci.tensor.DType.F64)));
        variant("sgd.npz", "seed7.npz", m -> m.put("seed", Tensor.scalar(7)));
        variant("sgd.npz", "loss-short.npz", m -> m.put("loss_history", Tensor.of(1.0)));
        variant("sgd.npz", "acc-flat.npz", m -> m.put("acc_history", Tensor.of(0.0, 0.5, 0.5)));
        variant("momentum.npz", "velocity-nan.npz", m -> m.put("opt.0.weight.v", withValue(m.get("opt.0.weight.v"), Double.NaN)));
        variant("momentum.npz", "velocity-shape.npz", m -> m.put("opt.2.bias.v", Tensor.zeros(io.ricci.tensor.DType.F32, 9)));
        variant("adam.npz", "adam-t.npz", m -> m.put("opt.adam.t", Tensor.scalar(7)));
        variant("adam.npz", "adam-no-m.npz", m -> m.remove("opt.0.bias.m"));
    }

    @ParameterizedTest(name = "[{index}] ricci {0}")
    @CsvSource(delimiter = '|', textBlock = """
            train cifar                                     | 2 | ricci train | unknown task 'cifar' (available: mnist)          | 2
            train mnist --iters -1                          | 2 | ricci train | invalid training configuration: iters -1         | 2
            train mnist --lr NaN                            | 2 | ricci train | lr NaN                                           | 2
            train mnist --iters abc                         | 2 | ricci train | Invalid value for option '--iters': 'abc'        | 2
            train mnist --dtype f16                         | 2 | ricci train | --dtype:                                         | 2
            train mnist --optimizer rmsprop                 | 2 | ricci train | --optimizer: unknown optimizer 'rmsprop'         | 2
            train mnist --model resnet                      | 2 | ricci train | --model: unknown model 'resnet' (expected twolayer, mlp or cnn) | 2
            train mnist --model cnn --engine layers         | 2 | ricci train | --model cnn: only the tape engine builds it (drop --engine layers) | 2
            train mnist --frobnicate                        | 2 | ricci train | Unknown option: '--frobnicate'                   | 2
            train                                           | 2 | ricci train | Missing required parameter: 'TASK'               | 2
            train mnist --save $D/adir                      | 1 | ricci train | --save $D/adir: is a directory                   | 1
            train mnist --save $D/nodir/m.npz               | 1 | ricci train | directory $D/nodir does not exist                | 1
            train mnist --save $D/afile/m.npz               | 1 | ricci train | $D/afile is not a directory                      | 1
            train mnist --save /proc/ricci-test.npz         | 1 | ricci train | --save /proc/ricci-test.npz: cannot create files in /proc: | 1
            train mnist --save /dev/null                    | 1 | ricci train | /dev/null: exists and is not a regular file      | 1
            train mnist --plot $D/adir                      | 1 | ricci train | --plot $D/adir: is a directory                   | 1
            train mnist --data $D/adir                      | 1 | ricci train | neither train-images-idx3-ubyte nor              | 1
            train mnist --resume $D/missing.npz             | 1 | ricci train | --resume $D/missing.npz: no such file            | 1
            train mnist --resume $D/adir                    | 1 | ricci train | --resume $D/adir: not a regular file             | 1
            train mnist --resume $D/garbage.npz             | 1 | ricci train | garbage.npz                                      | 1
            train mnist --hidden 4 --resume $D/iter-neg.npz   | 1 | ricci train | iter-neg.npz: 'iter' is -5, not a whole number of iterations >= 0 | 1
            train mnist --hidden 4 --resume $D/iter-huge.npz  | 1 | ricci train | iter-huge.npz: 'iter' is 1000000000000, past this run's 10000 iterations | 1
            train mnist --hidden 4 --resume $D/iter-nan.npz   | 1 | ricci train | iter-nan.npz: 'iter' is NaN, not a finite number | 1
            train mnist --hidden 4 --resume $D/iter-frac.npz  | 1 | ricci train | iter-frac.npz: 'iter' is 2.5, not a whole number | 1
            train mnist --hidden 4 --resume $D/iter-vector.npz | 1 | ricci train | 'iter' has shape (2,) but must be a scalar      | 1
            train mnist --hidden 4 --resume $D/no-iter.npz    | 1 | ricci train | no-iter.npz: 'iter' is missing from the checkpoint | 1
            train mnist --hidden 4 --resume $D/no-W2.npz      | 1 | ricci train | no-W2.npz: '2.weight' is missing from the checkpoint  | 1
            train mnist --hidden 4 --resume $D/W1-nan.npz     | 1 | ricci train | W1-nan.npz: '0.weight' holds NaN at flat index 0      | 1
            train mnist --hidden 4 --resume $D/b1-inf.npz     | 1 | ricci train | b1-inf.npz: '0.bias' holds Infinity at flat index 0 | 1
            train mnist --hidden 4 --resume $D/W2-f64.npz     | 1 | ricci train | '2.weight' is float64 but this run is float32          | 1
            train mnist --hidden 4 --dtype f64 --resume $D/sgd.npz | 1 | ricci train | '0.weight' is float32 but this run is float64 (resume with --dtype float32) | 1
            train mnist --hidden 5 --resume $D/sgd.npz        | 1 | ricci train | '0.weight' has shape (4, 784) but the network needs (5, 784) | 1
            train mnist --hidden 4 --seed 3 --resume $D/sgd.npz | 1 | ricci train | resume with --seed 0                           | 1
            train mnist --hidden 4 --resume $D/seed7.npz      | 1 | ricci train | 'seed' is 7                                     | 1
            train mnist --hidden 4 --iters 2 --resume $D/sgd.npz | 1 | ricci train | 'iter' is 3, past this run's 2 iterations (raise --iters) | 1
            train mnist --hidden 4 --resume $D/loss-short.npz | 1 | ricci train | 'loss_history' has shape (1,) but 'iter' 3 needs (3,) | 1
            train mnist --hidden 4 --resume $D/acc-flat.npz   | 1 | ricci train | 'acc_history' has shape (3,) but needs (epochs, 3) | 1
            train mnist --hidden 4 --optimizer momentum --resume $D/sgd.npz | 1 | ricci train | 'opt.0.weight.v' is missing from the checkpoint | 1
            train mnist --hidden 4 --resume $D/momentum.npz   | 1 | ricci train | 'opt.0.bias.v' is optimizer state that --optimizer sgd does not keep (was the checkpoint written with another --optimizer?) | 1
            train mnist --hidden 4 --optimizer adam --resume $D/momentum.npz | 1 | ricci train | 'opt.adam.t' is missing from the checkpoint | 1
            train mnist --hidden 4 --optimizer momentum --resume $D/velocity-nan.npz | 1 | ricci train | 'opt.0.weight.v' holds NaN at flat index 0 | 1
            train mnist --hidden 4 --optimizer momentum --resume $D/velocity-shape.npz | 1 | ricci train | 'opt.2.bias.v' has shape (9,) but the network needs (10,) (the --optimizer momentum state of 2.bias) | 1
            train mnist --hidden 4 --optimizer adam --resume $D/adam-t.npz | 1 | ricci train | 'opt.adam.t' is 7 but 'iter' is 3 | 1
            train mnist --hidden 4 --optimizer adam --resume $D/adam-no-m.npz | 1 | ricci train | 'opt.0.bias.m' is missing from the checkpoint | 1
            einsum ij,jk->il $D/a23.npy $D/b34.npy          | 2 | ricci einsum | output index 'l' does not appear in any input   | 3
            einsum ij,jk->ik $D/a23.npy $D/a23.npy          | 2 | ricci einsum | index 'j' has sizes 3 (operand 0) and 2 (operand 1) | 3
            einsum ij $D/missing.npy                        | 1 | ricci einsum | cannot read $D/missing.npy: no such file or directory | 1
            einsum ij $D/garbage.npy                        | 1 | ricci einsum | cannot read $D/garbage.npy                      | 1
            einsum ij $D/a23.npy -o $D/nodir/o.npy          | 1 | ricci einsum | cannot write $D/nodir/o.npy: no such file or directory | 1
            einsum                                          | 2 | ricci einsum | Missing required parameters                      | 2
            derive jacobian --f 3*x*z --vars x,y            | 1 | ricci derive jacobian | unknown variable 'z' at position 5      | 3
            derive jacobian --f x*y --vars x,y --at x=1,y=two | 1 | ricci derive jacobian | 'two' at position 7 in "x=1,y=two" is not a number | 1
            derive jacobian --vars x                        | 2 | ricci derive jacobian | Missing required option: '--f=FUNCTIONS' | 2
            derive directional --f x*y --vars x,y --dir 1   | 1 | ricci derive directional | direction                          | 1
            derive index L = sigmod(x[i])                   | 2 | ricci derive index | unknown function 'sigmod'                  | 3
            derive index Y[i]=A[i,j]*x[j] --wrt B           | 2 | ricci derive index | 'B' is not an input of Y                    | 1
            derive index Y[i]=A[i,j]*x[j] --hessian x       | 2 | ricci derive index | --hessian takes two inputs                  | 2
            derive docs --out $D/afile/docs                 | 1 | ricci derive docs | cannot write $D/afile/docs                   | 1
            bench gemm --sizes 0                            | 2 | ricci bench gemm | size must be positive, got 0                  | 2
            bench gemm --sizes 8 --json $D/nodir/b.json     | 1 | ricci bench gemm | --json $D/nodir/b.json: directory $D/nodir does not exist | 1
            examples --dot $D/afile                         | 1 | ricci examples | $D/afile: already exists                      | 1
            frobnicate                                      | 2 | ricci | Unmatched argument at index 0: 'frobnicate'                | 2
            """)
    void userErrorsAreOneLineWithoutAStackTrace(String args, int code, String command, String fragment, int lines) {
        String[] argv = argv(args);
        Run r = run(argv);
        String[] err = r.errLines();
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertThat(err[0]).startsWith(command + ": ").contains(fragment.replace("$D", dir.toString()));
        assertThat(err).as(r.err()).hasSize(lines);
        if (lines > 1 && code == 2 && !args.startsWith("einsum ij") && !args.startsWith("derive index L") && !args.startsWith("derive jacobian --f")) {
            assertThat(err[lines - 1]).isEqualTo("Try '" + command + " --help' for more information.");
        }
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("at io.ricci").doesNotContain("\tat ");
        // Checked before any work: nothing was loaded or trained.
        assertThat(r.out()).doesNotContain("data:").doesNotContain("final:");
    }

    /** "$D/x y" split on blanks, except the index expressions, which are one argument before the options. */
    static String[] argv(String args) {
        String a = args.replace("$D", dir.toString());
        if (a.startsWith("derive index ")) {
            String rest = a.substring("derive index ".length());
            int opt = rest.indexOf(" --");
            String expr = opt < 0 ? rest : rest.substring(0, opt);
            String[] tail = opt < 0 ? new String[0] : rest.substring(opt + 1).split(" ");
            String[] v = new String[3 + tail.length];
            v[0] = "derive";
            v[1] = "index";
            v[2] = expr;
            System.arraycopy(tail, 0, v, 3, tail.length);
            return v;
        }
        return a.isBlank() ? new String[0] : a.split(" +");
    }

    @Test
    void debugAddsTheStackTraceAfterTheSameLine() {
        String missing = dir.resolve("missing.npy").toString();
        Run plain = run("einsum", "ij", missing);
        for (String[] args : new String[][] {{"--debug", "einsum", "ij", missing}, {"einsum", "ij", missing, "--debug"}}) {
            Run r = run(args);
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.errLines()[0]).isEqualTo(plain.errLines()[0]);
            assertThat(r.err()).contains("NoSuchFileException").contains("\tat io.ricci.cli.EinsumCommand.call");
        }
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @CommandLine.Option(names = "--error")
        boolean error;

        @Override
        public Integer call() {
            if (error) {
                throw new OutOfMemoryError("Java heap space");
            }
            String s = null;
            return s.length();
        }
    }

    @Test
    void aBugIsOneLineWithAHintAtDebug() {
        Run r = run(Main.commandLine().addSubcommand(new Boom()), "boom");
        assertThat(r.code()).isEqualTo(Errors.INTERNAL);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).startsWith("ricci boom: internal error: java.lang.NullPointerException")
                .endsWith("(a bug in ricci; rerun with --debug for the stack trace)");
        Run debug = run(Main.commandLine().addSubcommand(new Boom()), "boom", "--debug");
        assertThat(debug.code()).isEqualTo(Errors.INTERNAL);
        assertThat(debug.err()).contains("\tat io.ricci.cli.CliErrorsTest$Boom.call");
        Run oom = run(Main.commandLine().addSubcommand(new Boom()), "boom", "--error");
        assertThat(oom.code()).isEqualTo(1);
        assertThat(oom.errLines()).containsExactly(
                "ricci boom: out of memory (Java heap space); give the JVM more heap, e.g. RICCI_JAVA_OPTS=-Xmx2g");
    }

    @Test
    void aFullFileSystemIsRefusedBeforeTraining() throws IOException {
        Path target = dir.resolve("big.npz");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> OutputTargets.check("--save", target, Long.MAX_VALUE / 2)))
                .isInstanceOf(Errors.UserError.class)
                .hasMessageStartingWith("--save " + target + ": needs about ").hasMessageContaining(" kB free");
        OutputTargets.check("--save", target, 1);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".big.npz"));
        }
    }

    @Test
    void aValidCheckpointStillResumes() {
        for (String opt : new String[] {"sgd", "momentum", "adam"}) {
            Run r = run("train", "mnist", "--iters", "5", "--hidden", "4", "--optimizer", opt,
                    "--resume", dir.resolve(opt + ".npz").toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("at iteration 3").contains("final:");
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
