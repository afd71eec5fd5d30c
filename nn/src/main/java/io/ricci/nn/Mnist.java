package io.ricci.nn;

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
    private static final String EMBEDDED = "mnist/";
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
        Split all = split(images, labels, "embedded set", dtype);
        int n = all.size();
        int cut = Math.min(EMBEDDED_TRAIN, n);
        return new Dataset(
                new Split(all.images().slice(0, 0, cut).contiguous(), java.util.Arrays.copyOfRange(all.labels(), 0, cut)),
                new Split(all.images().slice(0, cut, n).contiguous(), java.util.Arrays.copyOfRange(all.labels(), cut, n)),
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
        int[] d = images.dims();
        if (d.length != 3) {
            throw new IOException(source + ": images must have 3 dimensions (n, rows, cols), found " + java.util.Arrays.toString(d));
        }
        if (labels.dims().length != 1 || labels.dims()[0] != d[0]) {
            throw new IOException(source + ": " + d[0] + " images but labels have dimensions " + java.util.Arrays.toString(labels.dims()));
        }
        int n = d[0], px = d[1] * d[2];
        double[] pixels = new double[n * px];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = images.unsigned(i) / 255.0;
        }
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) {
            lab[i] = labels.unsigned(i);
            if (lab[i] > 9) {
                throw new IOException(source + ": label " + lab[i] + " of example " + i + " is not a digit class 0..9");
            }
        }
        return new Split(Tensor.wrap(pixels, n, px).astype(dtype), lab);
    }
}
