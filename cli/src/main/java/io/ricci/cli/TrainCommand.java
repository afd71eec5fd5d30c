package io.ricci.cli;

import io.ricci.nn.mnist.Mnist;
import io.ricci.nn.mnist.MnistTrainer;
import io.ricci.tensor.DType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ricci train mnist}: seed 004's two-layer network, an mlp or LeNet-5 on MNIST. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train seed 004's TwoLayerNet (784-50-10, Linear-ReLU-Linear-CrossEntropy), an mlp or LeNet-5 "
                + "on MNIST, through the tape by default.")
public final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TASK", description = "What to train: mnist.")
    String task;

    /** The defaults of --iters, --lr and --optimizer for the cnn: Adam at PyTorch's lr, 25 epochs of 80 batches. */
    static final int CNN_ITERS = 2000;
    static final double CNN_LR = 1e-3;
    static final String CNN_OPTIMIZER = "adam";

    @Option(names = "--iters", description = "Iterations (default 10000; " + CNN_ITERS + " for --model cnn).")
    Integer iters;

    @Option(names = "--batch", description = "Batch size, drawn with replacement (default ${DEFAULT-VALUE}).")
    int batch = 100;

    @Option(names = "--lr", description = "Learning rate (default 0.1; " + CNN_LR + " for --model cnn).")
    Double lr;

    @Option(names = "--hidden", description = "Hidden units; for --model mlp a comma list of widths, e.g. 256,128 "
            + "(default ${DEFAULT-VALUE}).")
    String hidden = "50";

    @Option(names = "--model", description = "twolayer (seed 004's 784-H-10, N(0, 0.01²) weights), mlp (Linear-ReLU "
            + "layers of the --hidden widths, PyTorch's default init; tape only) or cnn (LeNet-5: Conv2d(1,6,5,pad 2)-ReLU-"
            + "MaxPool2-Conv2d(6,16,5)-ReLU-MaxPool2-Linear(400,120)-ReLU-Linear(120,84)-ReLU-Linear(84,10); tape only) "
            + "(default ${DEFAULT-VALUE}).")
    String model = "twolayer";

    @Option(names = "--engine", description = "tape (modules on the Variable tape) or layers (seed 004's hand-written "
            + "backward, the reference) (default ${DEFAULT-VALUE}).")
    String engine = "tape";

    @Option(names = "--seed", description = "Seed of weights and batches (default ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--dtype", description = "f32 or f64 (default ${DEFAULT-VALUE}).")
    String dtype = "f32";

    @Option(names = "--optimizer", description = "sgd, momentum or adam (default sgd; " + CNN_OPTIMIZER + " for --model cnn).")
    String optimizer;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory with train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-... "
                    + "(MNIST or Fashion-MNIST); default: the embedded 10,000 digits.")
    Path data;

    @Option(names = "--plot", paramLabel = "PNG", description = "Write loss and accuracy curves to this PNG.")
    Path plot;

    @Option(names = "--save", paramLabel = "NPZ", description = "Write the trained model as .npz (numpy-readable).")
    Path save;

    @Option(names = "--resume", paramLabel = "NPZ", description = "Continue from a checkpoint written by --save.")
    Path resume;

    @Option(names = "--json", description = "End with one JSON line: train_acc, test_acc, seconds, epoch_seconds, iters.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        if (!"mnist".equals(task)) {
            throw new ParameterException(cl, "unknown task '" + task + "' (available: mnist)");
        }
        DType dt;
        try {
            dt = DType.parse(dtype);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--dtype: " + e.getMessage());
        }
        if (!dt.isFloat()) {
            throw new ParameterException(cl, "--dtype: training needs float32 or float64, not " + dt.numpyName());
        }
        MnistTrainer.Model arch = switch (model.toLowerCase(Locale.ROOT)) {
            case "twolayer" -> MnistTrainer.Model.TWOLAYER;
            case "mlp" -> MnistTrainer.Model.MLP;
            case "cnn" -> MnistTrainer.Model.CNN;
            default -> throw new ParameterException(cl, "--model: unknown model '" + model + "' (expected twolayer, mlp or cnn)");
        };
        boolean mlp = arch == MnistTrainer.Model.MLP, cnn = arch == MnistTrainer.Model.CNN;
        int iters = this.iters != null ? this.iters : cnn ? CNN_ITERS : 10_000;
        double lr = this.lr != null ? this.lr : cnn ? CNN_LR : 0.1;
        String optimizer = this.optimizer != null ? this.optimizer : cnn ? CNN_OPTIMIZER : "sgd";
        if (!List.of("sgd", "momentum", "adam").contains(optimizer.toLowerCase(Locale.ROOT))) {
            throw new ParameterException(cl, "--optimizer: unknown optimizer '" + optimizer + "' (expected sgd, momentum or adam)");
        }
        MnistTrainer.Engine eng = switch (engine.toLowerCase(Locale.ROOT)) {
            case "tape" -> MnistTrainer.Engine.TAPE;
            case "layers" -> MnistTrainer.Engine.LAYERS;
            default -> throw new ParameterException(cl, "--engine: unknown engine '" + engine + "' (expected tape or layers)");
        };
        if ((mlp || cnn) && eng != MnistTrainer.Engine.TAPE) {
            throw new ParameterException(cl, "--model " + arch.name().toLowerCase(Locale.ROOT)
                    + ": only the tape engine builds it (drop --engine layers)");
        }
        int[] widths;
        try {
            widths = java.util.Arrays.stream(hidden.split(",", -1)).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new ParameterException(cl, "--hidden: '" + hidden + "' is not " + (mlp ? "a comma list of whole numbers" : "a whole number"));
        }
        if (!mlp && widths.length != 1) {
            throw new ParameterException(cl, "--hidden: '" + hidden + "' lists " + widths.length
                    + " widths; the twolayer model has one hidden layer (use --model mlp for more)");
        }
        MnistTrainer.Config cfg;
        try {
            cfg = new MnistTrainer.Config(iters, batch, lr, mlp ? 1 : widths[0], seed, dt, optimizer, 0.01, eng,
                    mlp ? widths : null, arch);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, e.getMessage());
        }
        // Where the results go is checked before any work, so that a bad path does not cost a training run.
        if (save != null) {
            OutputTargets.check("--save", save, checkpointBytes(cfg));
        }
        if (plot != null) {
            Files.createDirectories(plot.toAbsolutePath().getParent());
            OutputTargets.check("--plot", plot, 1 << 20);
        }
        if (resume != null && !Files.isRegularFile(resume)) {
            throw new Errors.UserError("--resume " + resume + ": " + (Files.exists(resume) ? "not a regular file" : "no such file"));
        }
        PrintWriter out = cl.getOut();
        Mnist.Dataset ds = data == null ? Mnist.embedded(dt) : Mnist.fromDirectory(data, dt);
        MnistTrainer trainer = new MnistTrainer(cfg, ds);
        if (resume != null) {
            try {
                trainer.resume(resume);
            } catch (IOException | IllegalArgumentException e) {
                throw new Errors.UserError(Errors.FAILED, "--resume: " + Errors.describe(e), e);
            }
            out.printf(Locale.ROOT, "resumed from %s at iteration %d%n", resume, trainer.iteration());
        }
        out.printf(Locale.ROOT, "data: %s; %s engine, %s, %s, %sbatch %d, lr %s, %s, seed %d, %d iterations (%d per epoch)%n",
                ds.source(), eng.name().toLowerCase(Locale.ROOT), arch.name().toLowerCase(Locale.ROOT), dt.numpyName(),
                cnn ? "" : "hidden " + hidden + ", ", batch, lr, optimizer, seed, iters, trainer.iterationsPerEpoch());
        out.flush();
        boolean terminal = System.console() != null;
        int startIter = trainer.iteration();
        long t0 = System.nanoTime();
        // Wall time of each epoch: from one epoch line to the next (its iterations and the accuracy
        // pass over train and test that the trainer makes at its start).
        long[] lastEpoch = {t0};
        long[] firstEpoch = {0};
        int[] epochLines = {0};
        try (ProgressBar bar = terminal ? new ProgressBarBuilder().setTaskName("train").setInitialMax(iters)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(200).startsFrom(trainer.iteration(), java.time.Duration.ZERO)
                .build() : null) {
            trainer.train(new MnistTrainer.Listener() {
                @Override
                public void iteration(int iter, double loss) {
                    if (bar != null) {
                        bar.stepTo(iter + 1);
                        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss));
                    }
                }

                @Override
                public void epoch(MnistTrainer.Epoch e) {
                    long now = System.nanoTime();
                    String line = String.format(Locale.ROOT, "epoch %3d  iter %6d  loss %.4f  train acc %.4f  test acc %.4f  %.2f s",
                            e.iter() / trainer.iterationsPerEpoch(), e.iter(),
                            trainer.losses().get(trainer.losses().size() - 1), e.trainAcc(), e.testAcc(), (now - lastEpoch[0]) / 1e9);
                    lastEpoch[0] = now;
                    if (epochLines[0]++ == 0) {
                        firstEpoch[0] = now;
                    }
                    if (bar == null) {
                        out.println(line);
                        out.flush();
                    } else {
                        bar.setExtraMessage(line.substring(line.indexOf("loss")));
                    }
                }
            });
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // Per epoch (iterationsPerEpoch() steps and the accuracy pass): the mean time between epoch lines,
        // or with fewer than two of them the whole run scaled to an epoch's iterations.
        int ran = trainer.iteration() - startIter;
        double epochSeconds = epochLines[0] >= 2 ? (lastEpoch[0] - firstEpoch[0]) / 1e9 / (epochLines[0] - 1)
                : ran == 0 ? 0 : seconds * trainer.iterationsPerEpoch() / ran;
        MnistTrainer.Epoch fin = trainer.evaluate();
        out.printf(Locale.ROOT, "final: train acc %.4f  test acc %.4f on %d held-out digits  (%d iterations in %.2f s, %.2f s per epoch)%n",
                fin.trainAcc(), fin.testAcc(), ds.test().size(), trainer.iteration(), seconds, epochSeconds);
        if (save != null) {
            try {
                trainer.save(save);
            } catch (IOException e) {
                throw new Errors.UserError(Errors.FAILED, "cannot write the checkpoint " + save + ": " + Errors.reason(e, save), e);
            }
            out.println("model saved to " + save);
        }
        if (plot != null) {
            try {
                writePlot(plot, trainer);
            } catch (IOException e) {
                throw new Errors.UserError(Errors.FAILED, "cannot write the plot " + plot + ": " + Errors.reason(e, plot), e);
            }
            out.println("curves written to " + plot);
        }
        if (json) {
            out.printf(Locale.ROOT, "{\"train_acc\":%.4f,\"test_acc\":%.4f,\"seconds\":%.3f,\"epoch_seconds\":%.3f,\"iters\":%d}%n",
                    fin.trainAcc(), fin.testAcc(), seconds, epochSeconds, trainer.iteration());
        }
        out.flush();
        return 0;
    }

    /** About what {@link MnistTrainer#save} writes for {@code cfg} on 28x28 images, rounded up. */
    static long checkpointBytes(MnistTrainer.Config cfg) {
        long params = 0;
        if (cfg.model() == MnistTrainer.Model.CNN) {
            params = MnistTrainer.cnnParameters(784);
        } else {
            int[] w = cfg.mlpHidden() == null ? new int[] {cfg.hidden()} : cfg.mlpHidden();
            int prev = 784;
            for (int h : w) {
                params += (long) prev * h + h;
                prev = h;
            }
            params += prev * 10L + 10;
        }
        int copies = switch (cfg.optimizer().toLowerCase(Locale.ROOT)) {
            case "adam" -> 3;
            case "momentum" -> 2;
            default -> 1;
        };
        long epochs = cfg.iters() / Math.max(1, 8000 / cfg.batch()) + 1;
        return params * cfg.dtype().bytes() * copies + 8L * cfg.iters() + 24 * epochs + 64 * 1024;
    }

    /** Loss per iteration (left axis) and train/test accuracy per epoch (right axis), as a PNG, atomically. */
    static void writePlot(Path png, MnistTrainer trainer) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(trainer.config().model().name().toLowerCase(Locale.ROOT) + " on MNIST")
                .xAxisTitle("iteration").yAxisTitle("loss").build();
        chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        List<Double> losses = trainer.losses();
        double[] xi = new double[losses.size()];
        double[] yl = new double[losses.size()];
        for (int i = 0; i < xi.length; i++) {
            xi[i] = i;
            yl[i] = losses.get(i);
        }
        XYSeries loss = chart.addSeries("batch loss", xi, yl);
        loss.setMarker(SeriesMarkers.NONE);
        List<MnistTrainer.Epoch> ep = trainer.epochs();
        if (!ep.isEmpty()) {
            double[] xe = new double[ep.size()], tr = new double[ep.size()], te = new double[ep.size()];
            for (int i = 0; i < ep.size(); i++) {
                xe[i] = ep.get(i).iter();
                tr[i] = ep.get(i).trainAcc();
                te[i] = ep.get(i).testAcc();
            }
            XYSeries a = chart.addSeries("train accuracy", xe, tr);
            a.setYAxisGroup(1);
            a.setMarker(SeriesMarkers.NONE);
            XYSeries b = chart.addSeries("test accuracy", xe, te);
            b.setYAxisGroup(1);
            b.setMarker(SeriesMarkers.NONE);
            chart.setYAxisGroupTitle(1, "accuracy");
        }
        java.nio.file.Files.createDirectories(png.toAbsolutePath().getParent());
        io.ricci.tensor.AtomicFiles.write(png, os -> BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG));
    }
}
