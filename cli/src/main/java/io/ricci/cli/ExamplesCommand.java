package io.ricci.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ricci.nn.layers.Affine;
import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.layers.Gates;
import io.ricci.nn.autograd.GraphDot;
import io.ricci.nn.layers.MeanSquaredError;
import io.ricci.nn.layers.Sequential;
import io.ricci.nn.autograd.Variable;
import io.ricci.tensor.DType;
import io.ricci.tensor.Layout;
import io.ricci.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ricci examples}: walks through every example of the seed lecture notes (the fixtures file
 * bundled as a resource), computing forward values and gradients with Ricci's autodiff and layers
 * and checking each against the PyTorch reference values.
 */
@Command(name = "examples", mixinStandardHelpOptions = true,
        description = "Run every worked example of the seed notes and check it against the reference values.")
public final class ExamplesCommand implements Callable<Integer> {

    @Option(names = "--dot", paramLabel = "DIR", description = "Also write each example's graph as Graphviz DOT into DIR.")
    Path dotDir;

    private PrintStream out = System.out;
    private final List<String> failures = new ArrayList<>();
    private int checks;

    @Override
    public Integer call() throws IOException {
        JsonNode root;
        // The one copy of the seed notes' reference values, shipped in ricci-nn and read by its tests too.
        try (InputStream in = ExamplesCommand.class.getResourceAsStream("/io/ricci/nn/seed-examples.json")) {
            root = new ObjectMapper().readTree(in);
        }
        if (dotDir != null) {
            Files.createDirectories(dotDir);
        }
        linear(root.get("linear_3_4_2_1"));
        jacobianNumeric(root.get("jacobian_3xy_x3y2"));
        addMul(root.get("add_mul_graph"));
        sigmoidNeuron(root.get("sigmoid_neuron_graph"));
        l2(root.get("l2_of_Wx"));
        maxGate(root.get("max_gate"));
        mlp(root.get("mlp_4_5_2_1_relu_relu_sigmoid_mse"));
        out.println();
        if (failures.isEmpty()) {
            out.printf(Locale.ROOT, "all %d checks agree with the reference values (1e-9 float64, 1e-6 float32)%n", checks);
            return 0;
        }
        out.printf(Locale.ROOT, "%d of %d checks FAILED: %s%n", failures.size(), checks, String.join(", ", failures));
        return 1;
    }

    private void header(String key, JsonNode ex) {
        out.printf(Locale.ROOT, "%n== %s  (%s)%n", key, ex.path("source").asText());
    }

    private void check(String label, Tensor actual, JsonNode expected, double tol) {
        Tensor e = json(expected, DType.F64);
        checks++;
        double maxErr = Double.NaN;
        boolean ok = java.util.Arrays.equals(actual.shape(), e.shape());
        if (ok) {
            maxErr = actual.astype(DType.F64).sub(e).abs().max().item();
            ok = maxErr <= tol;
        }
        // Every value, as NumPy prints it (summarised only past its 1,000-element threshold), so a reader
        // can hold it against the tensors the notes print; the reference is repeated only when it differs.
        out.printf(Locale.ROOT, "  %-10s %s  max|diff| from the reference %.1e  %s%n%s%n", label,
                Layout.format(actual.shape()), maxErr, ok ? "ok" : "MISMATCH", indent(actual.toString()));
        if (!ok) {
            out.printf(Locale.ROOT, "             reference:%n%s%n", indent(e.toString()));
            failures.add(label);
        }
    }

    private void dot(String name, Variable root) throws IOException {
        if (dotDir == null) {
            return;
        }
        Path target = dotDir.resolve(name + ".dot");
        io.ricci.tensor.AtomicFiles.writeString(target, GraphDot.toDot(root));
        out.println("  graph written to " + target);
    }

    private void linear(JsonNode ex) throws IOException {
        header("linear_3_4_2_1: y = W1·x, z = W2·y, C = W3·z", ex);
        JsonNode in = ex.get("inputs");
        Variable w1 = leaf(in, "W1"), w2 = leaf(in, "W2"), w3 = leaf(in, "W3"), x = leaf(in, "x");
        Variable y = w1.matmul(x), z = w2.matmul(y), c = w3.matmul(z);
        c.backward();
        JsonNode f = ex.get("forward"), g = ex.get("gradients");
        check("y", y.value(), f.get("y"), 1e-9);
        check("z", z.value(), f.get("z"), 1e-9);
        check("C", c.value(), f.get("C"), 1e-9);
        check("dC/dz", z.grad(), g.get("dC_dz"), 1e-9);
        check("dC/dy", y.grad(), g.get("dC_dy"), 1e-9);
        check("dC/dx", x.grad(), g.get("dC_dx"), 1e-9);
        check("dC/dW1", w1.grad(), g.get("dC_dW1"), 1e-9);
        check("dC/dW2", w2.grad(), g.get("dC_dW2"), 1e-9);
        check("dC/dW3", w3.grad(), g.get("dC_dW3"), 1e-9);
        dot("linear_3_4_2_1", c);

        out.println("  generalized Jacobian dz/dW2 (dz_i/dW2_jk = δ_ij·y_k), one backward per output z_i:");
        Variable w2b = new Variable(w2.value(), "W2");
        Variable zb = w2b.matmul(Variable.constant(y.value()));
        Tensor jac = Tensor.zeros(2, 2, 4);
        for (int i = 0; i < 2; i++) {
            w2b.zeroGrad();
            zb.backward(Tensor.zeros(2, 1).set(1, i, 0), true);
            jac.select(0, i).assign(w2b.grad());
        }
        check("dz/dW2", jac, ex.get("generalized_jacobian_dz_dW2").get("value"), 1e-12);
        Tensor t = jac.permute(1, 2, 0);
        Tensor flat = t.reshape(8, 2);
        Tensor prod = flat.matmul(z.grad());
        Tensor route = prod.reshape(2, 4);
        out.printf(Locale.ROOT, "  route: (2, 2, 4) -transpose(1,2,0)-> %s -flatten-> %s -@ dC/dz %s-> %s -reshape-> %s%n",
                Layout.format(t.shape()), Layout.format(flat.shape()), Layout.format(z.grad().shape()),
                Layout.format(prod.shape()), Layout.format(route.shape()));
        check("route", route, g.get("dC_dW2"), 1e-9);
        check("dC/dz·yᵀ", z.grad().matmul(y.value().T()), g.get("dC_dW2"), 1e-9);
    }

    private void jacobianNumeric(JsonNode ex) {
        header("jacobian_3xy_x3y2: f(x,y) = (3xy, x³y²)", ex);
        double x0 = ex.get("at").get("x").asDouble(), y0 = ex.get("at").get("y").asDouble();
        Variable x = new Variable(Tensor.scalar(x0), "x"), y = new Variable(Tensor.scalar(y0), "y");
        Variable f1 = Autograd.scale(x.mul(y), 3);
        Variable f2 = x.pow(3).mul(y.pow(2));
        Tensor jac = Tensor.zeros(2, 2);
        Variable[] fs = {f1, f2};
        for (int i = 0; i < 2; i++) {
            x.zeroGrad();
            y.zeroGrad();
            fs[i].backward();
            jac.set(x.grad().item(), i, 0).set(y.grad().item(), i, 1);
        }
        out.println("  symbolic   [[3y, 3x], [3x²y², 2x³y]]  (derive it with: ricci derive jacobian --f \"3*x*y, x^3*y^2\" --vars x,y)");
        check("J(2,3)", jac, ex.get("numeric"), 1e-9);
    }

    private void addMul(JsonNode ex) throws IOException {
        header("add_mul_graph: f = (x + y)·z", ex);
        JsonNode in = ex.get("inputs");
        Variable x = scalarLeaf(in, "x"), y = scalarLeaf(in, "y"), z = scalarLeaf(in, "z");
        Variable f = x.add(y).mul(z);
        f.backward();
        check("f", f.value(), ex.get("value"), 1e-12);
        check("df/dx", x.grad(), ex.get("gradients").get("x"), 1e-12);
        check("df/dy", y.grad(), ex.get("gradients").get("y"), 1e-12);
        check("df/dz", z.grad(), ex.get("gradients").get("z"), 1e-12);
        dot("add_mul_graph", f);
    }

    private void sigmoidNeuron(JsonNode ex) throws IOException {
        header("sigmoid_neuron_graph: f = 1/(1 + exp(-(w0·x0 + w1·x1 + w2)))", ex);
        Variable w = new Variable(json(ex.get("inputs").get("w"), DType.F64), "w");
        Variable x = new Variable(json(ex.get("inputs").get("x"), DType.F64), "x");
        Variable s = w.slice(0, 0, 2, 1).mul(x).sum().add(w.select(0, 2));
        Variable f = Autograd.shift(s.neg().exp(), 1).pow(-1);
        f.backward();
        check("f", f.value(), ex.get("value"), 1e-12);
        check("df/dw", w.grad(), ex.get("gradients").get("w"), 1e-9);
        check("df/dx", x.grad(), ex.get("gradients").get("x"), 1e-9);
        out.printf(Locale.ROOT, "  local gradient of the sigmoid gate σ(1-σ) = %.6f%n", f.value().item() * (1 - f.value().item()));
        dot("sigmoid_neuron_graph", f);
    }

    private void l2(JsonNode ex) throws IOException {
        header("l2_of_Wx: f = ||W·x||², q = W·x", ex);
        Variable w = new Variable(json(ex.get("inputs").get("W"), DType.F64), "W");
        Variable x = new Variable(json(ex.get("inputs").get("x"), DType.F64), "x");
        Variable q = w.matmul(x);
        Variable f = q.pow(2).sum();
        f.backward();
        check("f", f.value(), ex.get("value"), 1e-12);
        check("q", q.value(), ex.get("q"), 1e-12);
        check("df/dW", w.grad(), ex.get("gradients").get("W"), 1e-9);
        check("2·q·xᵀ", q.value().reshape(2, 1).matmul(x.value().reshape(1, 2)).mul(2), ex.get("gradients").get("W"), 1e-9);
        check("df/dx", x.grad(), ex.get("gradients").get("x"), 1e-9);
        check("2·Wᵀ·q", w.value().T().matmul(q.value()).mul(2), ex.get("gradients").get("x"), 1e-9);
        dot("l2_of_Wx", f);
    }

    private void maxGate(JsonNode ex) {
        header("max_gate: f = max(a, b), ties split the gradient 1/2 : 1/2", ex);
        JsonNode in = ex.get("inputs");
        Tensor a = json(in.get("a"), DType.F64), b = json(in.get("b"), DType.F64), up = json(in.get("upstream"), DType.F64);
        Gates.Maximum gate = new Gates.Maximum();
        check("max", gate.forward(a, b), ex.get("value"), 0);
        Tensor[] g = gate.backward(up);
        check("da", g[0], ex.get("gradients").get("a"), 1e-12);
        check("db", g[1], ex.get("gradients").get("b"), 1e-12);
    }

    private void mlp(JsonNode ex) {
        header("mlp 4-5-2-1: Affine-ReLU-Affine-ReLU-Affine-Sigmoid, MSE, float32", ex);
        JsonNode p = ex.get("params");
        String[] names = {"fc1", "fc2", "fc3"};
        Affine[] fc = new Affine[3];
        for (int i = 0; i < 3; i++) {
            Tensor w = json(p.get(names[i]).get("weight"), DType.F32).T().contiguous();
            fc[i] = new Affine(w, json(p.get(names[i]).get("bias"), DType.F32));
        }
        Sequential net = new Sequential(fc[0], new Gates.Relu(), fc[1], new Gates.Relu(), fc[2], new Gates.Sigmoid());
        Tensor x = json(ex.get("input"), DType.F32);
        Tensor out = net.forward(x);
        MeanSquaredError mse = new MeanSquaredError();
        double loss = mse.forward(out, json(ex.get("target"), DType.F32));
        net.backward(mse.backward());
        check("output", out, ex.get("output"), 1e-6);
        check("loss", Tensor.scalar(loss), ex.get("loss_value"), 1e-6);
        JsonNode g = ex.get("gradients");
        for (int i = 0; i < 3; i++) {
            check(names[i] + ".W", fc[i].weight().grad().T(), g.get(names[i]).get("weight"), 1e-6);
            check(names[i] + ".b", fc[i].bias().grad(), g.get(names[i]).get("bias"), 1e-6);
        }
    }

    private static Variable leaf(JsonNode in, String name) {
        return new Variable(json(in.get(name), DType.F64), name);
    }

    private static Variable scalarLeaf(JsonNode in, String name) {
        return new Variable(Tensor.scalar(in.get(name).asDouble()), name);
    }

    /** A JSON number or nested array as a tensor. */
    static Tensor json(JsonNode n, DType dtype) {
        List<Integer> shape = new ArrayList<>();
        for (JsonNode c = n; c != null && c.isArray(); c = c.size() > 0 ? c.get(0) : null) {
            shape.add(c.size());
        }
        List<Double> flat = new ArrayList<>();
        flatten(n, flat);
        return Tensor.of(flat.stream().mapToDouble(Double::doubleValue).toArray(),
                shape.stream().mapToInt(Integer::intValue).toArray()).astype(dtype);
    }

    private static void flatten(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(e -> flatten(e, out));
        } else {
            out.add(n.asDouble());
        }
    }

    private static String indent(String text) {
        return text.lines().map(l -> "             " + l).collect(java.util.stream.Collectors.joining("\n"));
    }
}
