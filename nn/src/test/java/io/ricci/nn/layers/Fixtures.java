package io.ricci.nn.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads seed-examples.json (../shared/fixtures, shipped once in ricci-nn's resources) into tensors. */
final class Fixtures {
    private static JsonNode root;

    private Fixtures() {
    }

    static synchronized JsonNode get(String example) {
        if (root == null) {
            try (InputStream in = Fixtures.class.getResourceAsStream("/io/ricci/nn/seed-examples.json")) {
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonNode n = root.get(example);
        if (n == null) {
            throw new IllegalArgumentException("no example " + example + " in seed-examples.json");
        }
        return n;
    }

    /** A JSON number or (nested) array as a tensor of {@code dtype}. */
    static Tensor tensor(JsonNode n, DType dtype) {
        List<Integer> shape = new ArrayList<>();
        JsonNode c = n;
        while (c.isArray()) {
            shape.add(c.size());
            c = c.size() > 0 ? c.get(0) : null;
            if (c == null) {
                break;
            }
        }
        List<Double> flat = new ArrayList<>();
        flatten(n, flat);
        double[] d = flat.stream().mapToDouble(Double::doubleValue).toArray();
        return Tensor.of(d, shape.stream().mapToInt(Integer::intValue).toArray()).astype(dtype);
    }

    static Tensor tensor(JsonNode n) {
        return tensor(n, DType.F64);
    }

    private static void flatten(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(e -> flatten(e, out));
        } else {
            out.add(n.asDouble());
        }
    }
}
