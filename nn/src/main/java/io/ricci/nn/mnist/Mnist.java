package io.ricci.nn.mnist;

import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST-format data sets: the embedded 10,000-digit set (first 8,000 train, last 2,000 test; see
 * the README next to it in the resources) or the original four files of MNIST / Fashion-MNIST in a
 * directory. Images become rows of {@code h·w} pixels scaled to [0, 1]; labels stay integers.
 */
public final class Mnist {
    private static final String EMBEDDED = "/io/ricci/nn/mnist/";
    /** Train/test boundary of the embedded set. */
    public static final int EMBEDDED_TRAIN = 8000;

    private Mnist() {
    }

    /** Images as an (n, pixels) tensor in [0, 1] and their class labels. */
    public record Split(Tensor images, int[] labels) {
        public int size() {
            return labels.length;
        }
    }

    /** A training and a test split, and where they came from. */
    public record Dataset(Split train, Split test, String source) {
    }

    /** The embedded 10,000 digits: the first 8,000 for training, the last 2,000 for testing. */
    public static Dataset embedded(DType dtype) throws IOException {
        Idx.Array images, labels;
        try (InputStream in = resource("mnist10k-images-idx3-ubyte.gz")) {
            images = Idx.read(in, "embedded mnist10k-images-idx3-ubyte.gz", 3);
        }
        try (InputStream in = resource("mnist10k-labels-idx1-ubyte.gz")) {
            labels = Idx.read(in, "embedded mnist10k-labels-idx1-ubyte.gz", 1);
        }
        int[] all = checkedLabels(images, labels, "embedded set");
        int n = all.length;
        int cut = Math.min(EMBEDDED_TRAIN, n);
        // Each split converted straight from the bytes: no full-set tensor to slice and copy.
        return new Dataset(rows(images, all, 0, cut, dtype), rows(images, all, cut, n, dtype),
                "embedded MNIST 10k (" + cut + " train / " + (n - cut) + " test)");
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Mnist.class.getResourceAsStream(EMBEDDED + name);
        if (in == null) {
            throw new IOException("embedded data set resource " + EMBEDDED + name + " is missing from the classpath");
        }
        return in;
    }

    /**
     * The original distribution's files in {@code dir}: {@code train-images-idx3-ubyte},
     * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte},
     * each plain or with {@code .gz}.
     */
    public static Dataset fromDirectory(Path dir, DType dtype) throws IOException {
        Split train = split(Idx.read(find(dir, "train-images-idx3-ubyte")), Idx.read(find(dir, "train-labels-idx1-ubyte")),
                dir.toString(), dtype);
        Split test = split(Idx.read(find(dir, "t10k-images-idx3-ubyte")), Idx.read(find(dir, "t10k-labels-idx1-ubyte")),
                dir.toString(), dtype);
        return new Dataset(train, test, dir + " (" + train.size() + " train / " + test.size() + " test)");
    }

    private static Path find(Path dir, String base) throws IOException {
        for (String name : new String[] {base, base + ".gz"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException(dir + ": neither " + base + " nor " + base + ".gz exists");
    }

    static Split split(Idx.Array images, Idx.Array labels, String source, DType dtype) throws IOException {
        int[] lab = checkedLabels(images, labels, source);
        return rows(images, lab, 0, lab.length, dtype);
    }

    private static int[] checkedLabels(Idx.Array images, Idx.Array labels, String source) throws IOException {
        int[] d = images.dims();
        if (d.length != 3) {
            throw new IOException(source + ": images must have 3 dimensions (n, rows, cols), found " + java.util.Arrays.toString(d));
        }
        if (labels.dims().length != 1 || labels.dims()[0] != d[0]) {
            throw new IOException(source + ": " + d[0] + " images but labels have dimensions " + java.util.Arrays.toString(labels.dims()));
        }
        int n = d[0];
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) {
            lab[i] = labels.unsigned(i);
            if (lab[i] > 9) {
                throw new IOException(source + ": label " + lab[i] + " of example " + i + " is not a digit class 0..9");
            }
        }
        return lab;
    }

    /**
     * Images {@code from..to} as an (n, h·w) tensor of {@code dtype}, each pixel byte/255 computed in
     * double and rounded once to the dtype (what converting a float64 copy would give), written
     * straight into the result: a float64 copy of every image first would take twice the memory
     * of float32 data.
     */
    private static Split rows(Idx.Array images, int[] labels, int from, int to, DType dtype) {
        int px = images.dims()[1] * images.dims()[2];
        int n = to - from, base = from * px, count = n * px;
        byte[] bytes = images.data();
        Tensor t;
        if (dtype == DType.F32) {
            float[] level = new float[256];
            for (int v = 0; v < 256; v++) {
                level[v] = (float) (v / 255.0);
            }
            float[] f = new float[count];
            for (int i = 0; i < count; i++) {
                f[i] = level[bytes[base + i] & 0xFF];
            }
            t = Tensor.wrap(f, n, px);
        } else {
            double[] f = new double[count];
            for (int i = 0; i < count; i++) {
                f[i] = (bytes[base + i] & 0xFF) / 255.0;
            }
            t = Tensor.wrap(f, n, px);
        }
        return new Split(t, java.util.Arrays.copyOfRange(labels, from, to));
    }
}
