package io.ricci.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader for the text fixtures written by {@code src/test/resources/npy/make_fixtures.py}: blocks
 * start with {@code === name}, then {@code key: value} lines; a {@code repr:} line is followed by
 * verbatim text up to the next {@code ===} line.
 */
final class NpyFixtures {
    private NpyFixtures() {
    }

    /** One block of a fixture file. */
    record Block(String name, Map<String, String> fields) {
        String get(String key) {
            String v = fields.get(key);
            if (v == null) {
                throw new IllegalArgumentException("fixture '" + name + "' has no field '" + key + "'");
            }
            return v;
        }

        boolean has(String key) {
            return fields.containsKey(key);
        }

        int getInt(String key) {
            return Integer.parseInt(get(key));
        }

        int[] ints(String key) {
            String v = get(key).trim();
            if (v.isEmpty()) {
                return new int[0];
            }
            String[] p = v.split(" ");
            int[] out = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = Integer.parseInt(p[i]);
            }
            return out;
        }

        long[] longs(String key) {
            String[] p = get(key).trim().split(" ");
            long[] out = new long[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = Long.parseLong(p[i]);
            }
            return out;
        }

        double[] doubles(String key) {
            String v = get(key).trim();
            if (v.isEmpty()) {
                return new double[0];
            }
            String[] p = v.split(" ");
            double[] out = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = num(p[i]);
            }
            return out;
        }

        /** A Python slice bound: {@code None} is null. */
        Integer bound(String key) {
            String v = get(key);
            return v.equals("None") ? null : Integer.valueOf(v);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static double num(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private static final Map<String, List<Block>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** All blocks of resource {@code npy/<file>}, in file order (parsed once per test JVM). */
    static List<Block> load(String file) {
        return CACHE.computeIfAbsent(file, NpyFixtures::read);
    }

    private static List<Block> read(String file) {
        try (InputStream in = NpyFixtures.class.getResourceAsStream("/npy/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource npy/" + file);
            }
            return List.copyOf(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Block> parse(String text) {
        List<Block> out = new ArrayList<>();
        String name = null;
        Map<String, String> fields = null;
        StringBuilder verbatim = null;
        String verbatimKey = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("=== ")) {
                if (name != null) {
                    finish(out, name, fields, verbatimKey, verbatim);
                }
                name = line.substring(4);
                fields = new LinkedHashMap<>();
                verbatim = null;
                verbatimKey = null;
            } else if (verbatim != null) {
                verbatim.append(line).append('\n');
            } else if (!line.isEmpty()) {
                int c = line.indexOf(':');
                String key = line.substring(0, c);
                String value = line.substring(c + 1).strip();
                if (key.equals("repr") && value.isEmpty()) {
                    verbatim = new StringBuilder();
                    verbatimKey = key;
                } else {
                    fields.put(key, value);
                }
            }
        }
        if (name != null) {
            finish(out, name, fields, verbatimKey, verbatim);
        }
        return out;
    }

    private static void finish(List<Block> out, String name, Map<String, String> fields, String key, StringBuilder text) {
        if (key != null) {
            String t = text.toString();
            while (t.endsWith("\n")) {
                t = t.substring(0, t.length() - 1);
            }
            fields.put(key, t);
        }
        out.add(new Block(name, fields));
    }

    /** Directory holding the fixture {@code .npy}/{@code .npz} files. */
    static Path filesDir() {
        try {
            return Path.of(NpyFixtures.class.getResource("/npy/files/f8_c_2x3.npy").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A C-order tensor of {@code dtype} with the given flat values. */
    static Tensor tensor(String dtype, int[] shape, double[] values) {
        Tensor t = Tensor.of(values.clone(), shape);
        return t.astype(DType.parse(dtype));
    }

    /** {@link #tensor} for the exact integers of an "ints:" line (int64 beyond 2^53 survives). */
    static Tensor intTensor(String dtype, int[] shape, String ints) {
        String[] w = ints.isBlank() ? new String[0] : ints.trim().split("\\s+");
        long[] v = new long[w.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Long.parseLong(w[i]);
        }
        return Tensor.of(v, v.length).reshape(shape).astype(DType.parse(dtype));
    }
}
