package io.ricci.nn;

import io.ricci.tensor.DType;
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
                         double initStd) {
        public static Config defaults() {
            return new Config(10_000, 100, 0.1, 50, 0, DType.F32, "sgd", 0.01);
        }

        public Config {
            if (iters < 0 || batch < 1 || hidden < 1 || !(lr > 0) || !(initStd > 0)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "invalid training configuration: iters %d, batch %d, hidden %d, lr %s, init std %s",
                        iters, batch, hidden, lr, initStd));
            }
        }
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
    private final TwoLayerNet net;
    private final Optimizer optimizer;
    private final List<Double> losses = new ArrayList<>();
    private final List<Epoch> epochs = new ArrayList<>();
    private int iter;

    public MnistTrainer(Config config, Mnist.Dataset data) {
        this.config = config;
        this.data = data;
        int in = data.train().images().dim(1);
        this.net = new TwoLayerNet(in, config.hidden(), 10, config.initStd(), new Rng(config.seed()), config.dtype());
        this.optimizer = Optimizer.named(config.optimizer(), config.lr());
    }

    public TwoLayerNet net() {
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

    /** Restores a checkpoint written by {@link #save} (the configuration must match its shapes). */
    public void resume(Path file) throws IOException {
        Map<String, Tensor> m = Npz.load(file);
        for (Parameter p : net.parameters()) {
            Tensor v = m.get(p.name());
            if (v == null) {
                throw new IOException(file + ": checkpoint has no array '" + p.name() + "'");
            }
            if (!java.util.Arrays.equals(v.shape(), p.value().shape())) {
                throw new IOException(file + ": '" + p.name() + "' has shape " + io.ricci.tensor.Layout.format(v.shape())
                        + " but the network needs " + io.ricci.tensor.Layout.format(p.value().shape())
                        + " (check --hidden)");
            }
            p.value().assign(v);
        }
        for (String k : new String[] {"iter", "seed"}) {
            if (!m.containsKey(k)) {
                throw new IOException(file + ": checkpoint has no array '" + k + "'");
            }
        }
        if ((long) m.get("seed").item() != config.seed()) {
            throw new IOException(file + ": checkpoint was trained with seed " + (long) m.get("seed").item()
                    + ", not " + config.seed() + "; resume with --seed " + (long) m.get("seed").item());
        }
        iter = (int) m.get("iter").item();
        losses.clear();
        if (m.containsKey("loss_history")) {
            for (double d : m.get("loss_history").toDoubleArray()) {
                losses.add(d);
            }
        }
        epochs.clear();
        if (m.containsKey("acc_history")) {
            Tensor a = m.get("acc_history");
            for (int i = 0; i < a.dim(0); i++) {
                epochs.add(new Epoch((int) a.get(i, 0), a.get(i, 1), a.get(i, 2)));
            }
        }
        Map<String, Tensor> opt = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("opt.")) {
                opt.put(k.substring(4), v.astype(config.dtype()));
            }
        });
        optimizer.loadState(opt);
    }
}
