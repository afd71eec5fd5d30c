package io.ricci.nn.mnist;

import io.ricci.nn.layers.Parameter;
import io.ricci.nn.layers.TwoLayerNet;
import io.ricci.nn.optim.Adam;
import io.ricci.nn.optim.Optimizer;

import io.ricci.tensor.DType;
import io.ricci.tensor.Layout;
import io.ricci.tensor.Npz;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training loop of seed 004: each iteration draws a batch with replacement, runs forward and
 * backward, and updates the parameters; every epoch (train size / batch iterations, at least 1) it
 * measures train and test accuracy. Batch i is drawn from its own generator
 * {@code new Rng(new Rng(seed ^ φ·(i+1)).nextLong())} (φ the 64-bit golden ratio; the extra mix makes
 * the streams of neighbouring iterations unrelated rather than shifted copies of one SplitMix
 * sequence), so a run resumed from a checkpoint at iteration i draws exactly the batches the
 * uninterrupted run would have.
 */
public final class MnistTrainer {
    private static final long PHI = 0x9E3779B97F4A7C15L;

    /** Hyper-parameters; {@link #defaults()} are seed 004's. */
    public record Config(int iters, int batch, double lr, int hidden, long seed, DType dtype, String optimizer,
                         double initStd, Engine engine, int[] mlpHidden, Model model) {
        public static Config defaults() {
            return new Config(10_000, 100, 0.1, 50, 0, DType.F32, "sgd", 0.01);
        }

        /** Seed 004's TwoLayerNet on the lecture layers. */
        public Config(int iters, int batch, double lr, int hidden, long seed, DType dtype, String optimizer, double initStd) {
            this(iters, batch, lr, hidden, seed, dtype, optimizer, initStd, Engine.LAYERS, null);
        }

        /** The twolayer model ({@code mlpHidden} null) or an mlp of those widths. */
        public Config(int iters, int batch, double lr, int hidden, long seed, DType dtype, String optimizer,
                      double initStd, Engine engine, int[] mlpHidden) {
            this(iters, batch, lr, hidden, seed, dtype, optimizer, initStd, engine, mlpHidden,
                    mlpHidden == null ? Model.TWOLAYER : Model.MLP);
        }

        /**
         * {@link Model#TWOLAYER}: seed 004's TwoLayerNet (N(0, initStd²) weights) on {@code engine};
         * {@link Model#MLP} (tape only): Linear layers of the {@code mlpHidden} widths with ReLU between
         * and PyTorch's default init; {@link Model#CNN} (tape only, {@code mlpHidden} null): LeNet-5.
         */
        public Config {
            java.util.Objects.requireNonNull(engine, "engine");
            java.util.Objects.requireNonNull(model, "model");
            mlpHidden = mlpHidden == null ? null : mlpHidden.clone();
            if ((model == Model.MLP) != (mlpHidden != null)) {
                throw new IllegalArgumentException("invalid training configuration: hidden widths are for the mlp model"
                        + " only, got model " + model + " and widths " + java.util.Arrays.toString(mlpHidden));
            }
            if (mlpHidden != null && (engine != Engine.TAPE || mlpHidden.length == 0
                    || java.util.Arrays.stream(mlpHidden).anyMatch(h -> h < 1))) {
                throw new IllegalArgumentException("invalid training configuration: an mlp needs the tape engine and "
                        + "hidden widths >= 1, got " + engine + " and " + java.util.Arrays.toString(mlpHidden));
            }
            if (model == Model.CNN && engine != Engine.TAPE) {
                throw new IllegalArgumentException("invalid training configuration: the cnn needs the tape engine, got " + engine);
            }
            if (iters < 0 || batch < 1 || hidden < 1 || !(lr > 0) || !(initStd > 0)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "invalid training configuration: iters %d, batch %d, hidden %d, lr %s, init std %s",
                        iters, batch, hidden, lr, initStd));
            }
        }
    }

    /** The network trained: seed 004's two-layer net, an mlp, or LeNet-5 (see {@link TapeNet#cnn}). */
    public enum Model {
        TWOLAYER, MLP, CNN
    }

    /** The number of trainable values of the {@link Model#CNN} net on {@code pixels}-pixel images and 10 classes. */
    public static long cnnParameters(int pixels) {
        return TapeNet.cnnParameters(pixels, 10);
    }

    /** Which autodiff trains the network: the Variable tape or seed 004's hand-written layers. */
    public enum Engine {
        TAPE, LAYERS
    }

    /** What the trainer trains: a loss with gradients in {@link #parameters()}, and an accuracy. */
    public interface Net {
        /** Mean cross-entropy on one batch, leaving dL/dparameter in each parameter's gradient. */
        double lossAndGradient(Tensor x, Tensor labels);

        /** Fraction of rows of {@code x} whose highest score is at their label. */
        double accuracy(Tensor x, int[] labels);

        /** The parameters in a fixed order, named as in checkpoints. */
        List<Parameter> parameters();
    }

    /** Accuracy measured at the start of an epoch. */
    public record Epoch(int iter, double trainAcc, double testAcc) {
    }

    /** Progress callbacks (all optional). */
    public interface Listener {
        default void iteration(int iter, double loss) {
        }

        default void epoch(Epoch e) {
        }
    }

    /** Training stopped because a loss or gradient stopped being finite. */
    public static final class DivergedException extends RuntimeException {
        DivergedException(String message) {
            super(message);
        }
    }

    private final Config config;
    private final Mnist.Dataset data;
    private final Net net;
    private final Optimizer optimizer;
    private final List<Double> losses = new ArrayList<>();
    private final List<Epoch> epochs = new ArrayList<>();
    private int iter;

    public MnistTrainer(Config config, Mnist.Dataset data) {
        this.config = config;
        this.data = data;
        int in = data.train().images().dim(1);
        Rng rng = new Rng(config.seed());
        if (config.model() == Model.CNN) {
            this.net = TapeNet.cnn(in, 10, rng, config.dtype());
        } else if (config.mlpHidden() != null) {
            this.net = TapeNet.mlp(in, config.mlpHidden(), 10, rng, config.dtype());
        } else if (config.engine() == Engine.TAPE) {
            this.net = TapeNet.twoLayer(in, config.hidden(), 10, config.initStd(), rng, config.dtype());
        } else {
            TwoLayerNet t = new TwoLayerNet(in, config.hidden(), 10, config.initStd(), rng, config.dtype());
            this.net = new Net() {
                @Override
                public double lossAndGradient(Tensor x, Tensor labels) {
                    return t.lossAndGradient(x, labels);
                }

                @Override
                public double accuracy(Tensor x, int[] labels) {
                    return t.accuracy(x, labels);
                }

                @Override
                public List<Parameter> parameters() {
                    return t.parameters();
                }
            };
        }
        this.optimizer = Optimizer.named(config.optimizer(), config.lr());
    }

    public Config config() {
        return config;
    }

    public Net net() {
        return net;
    }

    /** Iterations done so far. */
    public int iteration() {
        return iter;
    }

    /** The batch loss of every iteration so far. */
    public List<Double> losses() {
        return losses;
    }

    public List<Epoch> epochs() {
        return epochs;
    }

    public int iterationsPerEpoch() {
        return Math.max(1, data.train().size() / config.batch());
    }

    /** Runs iterations until {@code config.iters()} are done; throws {@link DivergedException} on NaN/Inf. */
    public void train(Listener listener) {
        Mnist.Split train = data.train();
        int n = train.size();
        int b = config.batch();
        int[] rows = new int[b];
        Tensor tb = Tensor.zeros(DType.F64, b);
        int[] batchShape = train.images().shape();
        batchShape[0] = b;
        // One batch buffer for the whole run: a fresh (batch, 784) tensor per step costs more to
        // allocate and zero than to fill.
        Tensor xb = Tensor.zeros(train.images().dtype(), batchShape);
        int perEpoch = iterationsPerEpoch();
        for (; iter < config.iters(); iter++) {
            Rng rng = new Rng(new Rng(config.seed() ^ (PHI * (iter + 1L))).nextLong());
            for (int r = 0; r < b; r++) {
                rows[r] = rng.nextInt(n);
                tb.set(train.labels()[rows[r]], r);
            }
            train.images().take(0, rows, xb);
            double loss = net.lossAndGradient(xb, tb);
            checkFinite(loss);
            optimizer.step(net.parameters());
            losses.add(loss);
            listener.iteration(iter, loss);
            if (iter % perEpoch == 0) {
                Epoch e = new Epoch(iter, net.accuracy(train.images(), train.labels()),
                        net.accuracy(data.test().images(), data.test().labels()));
                epochs.add(e);
                listener.epoch(e);
            }
        }
    }

    private void checkFinite(double loss) {
        if (!Double.isFinite(loss)) {
            throw new DivergedException(String.format(Locale.ROOT,
                    "training diverged at iteration %d: the loss is %s (try a smaller --lr)", iter, loss));
        }
        for (Parameter p : net.parameters()) {
            // NaN or Inf anywhere makes the sum non-finite.
            double s = p.grad().sum().item();
            if (!Double.isFinite(s)) {
                throw new DivergedException(String.format(Locale.ROOT,
                        "training diverged at iteration %d: the gradient of %s contains NaN or Inf (try a smaller --lr)",
                        iter, p.name()));
            }
        }
    }

    /** Final train and test accuracy. */
    public Epoch evaluate() {
        return new Epoch(iter, net.accuracy(data.train().images(), data.train().labels()),
                net.accuracy(data.test().images(), data.test().labels()));
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * Writes W1, b1, W2, b2, the iteration, the configuration, the loss and accuracy history and the
     * optimizer state to an {@code .npz} file numpy can read; atomically (temp file + rename).
     */
    public void save(Path file) throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Parameter p : net.parameters()) {
            m.put(p.name(), p.value());
        }
        m.put("iter", Tensor.scalar(iter));
        m.put("seed", Tensor.scalar(config.seed()));
        m.put("lr", Tensor.scalar(config.lr()));
        m.put("batch", Tensor.scalar(config.batch()));
        m.put("hidden", Tensor.scalar(config.hidden()));
        m.put("loss_history", Tensor.of(losses.stream().mapToDouble(Double::doubleValue).toArray()));
        double[] acc = new double[epochs.size() * 3];
        for (int i = 0; i < epochs.size(); i++) {
            acc[3 * i] = epochs.get(i).iter();
            acc[3 * i + 1] = epochs.get(i).trainAcc();
            acc[3 * i + 2] = epochs.get(i).testAcc();
        }
        m.put("acc_history", Tensor.wrap(acc, epochs.size(), 3));
        optimizer.state().forEach((k, v) -> m.put("opt." + k, v));
        Npz.savez(file, m);
    }

    /** A checkpoint that this run cannot continue from; the message names the file and the entry. */
    public static final class CheckpointException extends IOException {
        CheckpointException(Path file, String entry, String problem) {
            super(file + ": '" + entry + "' " + problem);
        }
    }

    /**
     * Restores a checkpoint written by {@link #save}. Everything is checked before anything is
     * changed: the parameters present with this run's shapes and dtype and finite, {@code iter} a
     * whole number in 0..{@code config.iters()}, {@code seed} this run's, the histories (optional)
     * shaped as {@link #save} writes them, and exactly the optimizer state this run's optimizer keeps
     * (per parameter once a step was taken), finite. A violation throws {@link CheckpointException}.
     */
    public void resume(Path file) throws IOException {
        Map<String, Tensor> m = Npz.load(file);
        List<Parameter> params = net.parameters();
        for (Parameter p : params) {
            checkLike(file, m, p.name(), p, "");
        }
        double seed = scalar(file, m, "seed");
        if (seed != (double) config.seed()) {
            throw new CheckpointException(file, "seed", "is " + show(seed) + ": the checkpoint was trained with seed "
                    + show(seed) + ", not " + config.seed() + " (resume with --seed " + show(seed) + ")");
        }
        double it = scalar(file, m, "iter");
        if (it < 0 || it != Math.rint(it)) {
            throw new CheckpointException(file, "iter", "is " + show(it) + ", not a whole number of iterations >= 0");
        }
        if (it > config.iters()) {
            throw new CheckpointException(file, "iter", "is " + show(it) + ", past this run's " + config.iters()
                    + " iterations (raise --iters)");
        }
        int at = (int) it;
        double[] lossHistory = null;
        if (m.containsKey("loss_history")) {
            Tensor h = m.get("loss_history");
            if (h.rank() != 1 || h.dim(0) != at) {
                throw new CheckpointException(file, "loss_history", "has shape " + Layout.format(h.shape())
                        + " but 'iter' " + at + " needs (" + at + ",)");
            }
            lossHistory = finite(file, "loss_history", h);
        }
        double[] accHistory = null;
        if (m.containsKey("acc_history")) {
            Tensor a = m.get("acc_history");
            if (a.rank() != 2 || a.dim(1) != 3) {
                throw new CheckpointException(file, "acc_history", "has shape " + Layout.format(a.shape())
                        + " but needs (epochs, 3): iteration, train and test accuracy");
            }
            accHistory = finite(file, "acc_history", a);
        }
        Map<String, Tensor> opt = new LinkedHashMap<>();
        List<String> names = optimizer.stateNames(params);
        for (String k : new java.util.TreeSet<>(m.keySet())) {
            if (k.startsWith("opt.") && !names.contains(k.substring(4))) {
                throw new CheckpointException(file, k, "is optimizer state that --optimizer " + config.optimizer()
                        + " does not keep (was the checkpoint written with another --optimizer?)");
            }
        }
        for (String name : names) {
            String key = "opt." + name;
            Parameter of = params.stream().filter(p -> name.startsWith(p.name() + ".")).findFirst().orElse(null);
            if (of == null) {
                double v = scalar(file, m, key);
                if (v != at) {
                    // Adam's step count: its bias correction is only right if it counts the iterations.
                    throw new CheckpointException(file, key, "is " + show(v) + " but 'iter' is " + at);
                }
                opt.put(name, m.get(key));
            } else if (m.containsKey(key) || at > 0) {
                // Per-parameter state appears with the first step (an iteration-0 checkpoint has none).
                checkLike(file, m, key, of, " (the --optimizer " + config.optimizer() + " state of " + of.name() + ")");
                opt.put(name, m.get(key));
            }
        }

        for (Parameter p : params) {
            p.value().assign(m.get(p.name()));
        }
        iter = at;
        losses.clear();
        if (lossHistory != null) {
            for (double d : lossHistory) {
                losses.add(d);
            }
        }
        epochs.clear();
        if (accHistory != null) {
            for (int i = 0; i < accHistory.length; i += 3) {
                epochs.add(new Epoch((int) accHistory[i], accHistory[i + 1], accHistory[i + 2]));
            }
        }
        optimizer.loadState(opt);
    }

    private static Tensor require(Path file, Map<String, Tensor> m, String key) throws CheckpointException {
        Tensor v = m.get(key);
        if (v == null) {
            throw new CheckpointException(file, key, "is missing from the checkpoint");
        }
        return v;
    }

    /** Entry {@code key} present, with the shape and dtype of {@code like}'s value, all finite. */
    private void checkLike(Path file, Map<String, Tensor> m, String key, Parameter like, String what)
            throws CheckpointException {
        Tensor v = require(file, m, key);
        if (!java.util.Arrays.equals(v.shape(), like.value().shape())) {
            throw new CheckpointException(file, key, "has shape " + Layout.format(v.shape()) + " but the network needs "
                    + Layout.format(like.value().shape()) + what + " (check --hidden)");
        }
        if (v.dtype() != config.dtype()) {
            throw new CheckpointException(file, key, "is " + v.dtype().numpyName() + " but this run is "
                    + config.dtype().numpyName() + what + " (resume with --dtype " + v.dtype().numpyName() + ")");
        }
        finite(file, key, v);
    }

    private static double[] finite(Path file, String key, Tensor v) throws CheckpointException {
        double[] d = v.toDoubleArray();
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                throw new CheckpointException(file, key, "holds " + d[i] + " at flat index " + i
                        + " (only finite values can be resumed from)");
            }
        }
        return d;
    }

    /** A finite scalar (shape () or (1,)). */
    private static double scalar(Path file, Map<String, Tensor> m, String key) throws CheckpointException {
        Tensor v = require(file, m, key);
        if (v.size() != 1 || v.rank() > 1) {
            throw new CheckpointException(file, key, "has shape " + Layout.format(v.shape()) + " but must be a scalar");
        }
        double d = v.toDoubleArray()[0];
        if (!Double.isFinite(d)) {
            throw new CheckpointException(file, key, "is " + d + ", not a finite number");
        }
        return d;
    }

    private static String show(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
