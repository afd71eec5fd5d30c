package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ricci.index.IndexDerivative;
import io.ricci.index.IndexEvaluator;
import io.ricci.index.IndexGradient;
import io.ricci.index.IndexProgram;
import io.ricci.index.MatrixNotation;
import io.ricci.tensor.DType;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every gradient's JSON evaluated from the JSON alone: its definitions (einsum terms and element-wise
 * functions, in order) and terms, through Tensor.einsum and the small interpreter below, never
 * through the library's evaluator; compared with central differences of the function (of sum(dY*Y)
 * with a random upstream dY when the output Y is not a scalar). Index and matrix notation.
 */
class IndexJsonSelfContainedTest {
    private static final int SIZE = 3;

    @ParameterizedTest
    @ValueSource(strings = {
        "L = x[i]*A[i,j]*x[j]",
        "L = (A[i,j]*x[j] - b[i])*(A[i,k]*x[k] - b[i])",
        "L = sum(log(1 + exp(-y[i]*X[i,j]*w[j])))",
        "L = sum(log(1 + exp(z[i]))) where z[i] = X[i,j]*w[j]",
        "L = -sum(T[i,j]*log(softmax(A)[i,j]))",
        "L = sum((X[i,j]*w[j] - y[i])^2)",
        "L = A[i,j]*X[j,k]*B[k,i]",
        "L = sum(exp(W[i,j]*x[j]))",
        "L = sqrt(x[i]*x[i])",
        "L = sqrt(q[i]*q[i]) where q[i] = W[i,j]*x[j]",
        "L = sum(tanh(W[i,j]*x[j] + b[i]))",
        "L = sum(sigmoid(W[i,j]*x[j]))",
        "L = sum(relu(W[i,j]*x[j] + b[i])*v[i])",
        "L = sum(v[i]*tanh(W[i,j]*relu(U[j,k]*x[k])))",
        "L = sum(Y[p,q]*Y[p,q]) where Y[p,q] = X[p,k]*W[k,q] + b[q]",
        "L = sum(abs(x[i]) + sin(x[i])*cos(y[i]))",
        "L = sum((x[i]^2)^0.5)",
        "L = q[i]*q[i] where q[i] = W[i,j]*x[j]",
        "L = sum(log(sigmoid(X[i,j]*w[j])))",
        "L = x[i]*x[i]/(y[j]*y[j])",
        // vector- and matrix-valued outputs: the gradients take the upstream gradient dY
        "Y[p,q] = X[p,k]*W[k,q] + b[q]",
        "y[i] = tanh(W[i,j]*x[j] + b[i])",
        "y[i] = softmax(z)[i] where z[i] = W[i,j]*x[j]",
        "Z[i,j] = sigmoid(A[i,j])*B[i,j]",
        "y[i] = x[i]/sqrt(x[j]*x[j])",
        "Y[i,j] = exp(A[i,k]*B[k,j])*C[i,j]",
        // Frobenius of UV' - T, logsumexp, losses with labels, traces
        "L = sum((U[i,k]*V[j,k] - T[i,j])^2)",
        "L = sqrt(sum((U[i,k]*V[j,k] - T[i,j])^2))",
        "L = log(sum(exp(x[i])))",
        // logistic loss: y[i]*z[i] would sum over i (Einstein), so the Hadamard product is a definition keeping i
        "L = sum(log(1 + exp(z[i])) - t[i]) where t[i] = y[i]*z[i], z[i] = X[i,j]*w[j]",
        "L = sum(log(1 + exp(-m[i]))) where m[i] = y[i]*z[i], z[i] = X[i,j]*w[j]",
        "L = -sum(T[i,j]*log(softmax(Z)[i,j])) where Z[i,j] = X[i,k]*W[k,j]",
        "L = A[i,i]",
        "L = A[i,j]*B[j,i]",
        "L = sign(x[i])*x[i]",
        "L = s*x[i]*x[i]",
        "L = sum(abs(A[i,j]*x[j] - b[i]))",
        "L = sum(exp(-x[i]^2))",
        "L = sum(relu(x[i])^2)",
        "L = x[i]*x[i]*x[j]*x[j]",
        // matrix notation (matrixcalculus.org syntax), translated to index notation first
        "matrix: x'*A*x where A:matrix, x:vector",
        "matrix: norm2(A*x-b)^2 where A:matrix, x:vector, b:vector",
        "matrix: sum(log(vector(1)+exp(-y.*(X*w)))) where X:matrix, y:vector, w:vector",
        "matrix: norm2(U*V'-T)^2 where U:matrix, V:matrix, T:matrix",
        "matrix: tr(A*X*B) where A:matrix, X:matrix, B:matrix",
        "matrix: tr(X'*X) where X:matrix",
        "matrix: logsumexp(A*x) where A:matrix, x:vector",
        "matrix: -y'*log(softmax(W*x)) where W:matrix, x:vector, y:vector",
        "matrix: sum(tanh(W*x+b)) where W:matrix, x:vector, b:vector",
        "matrix: sum(sigmoid(A*x)) where A:matrix, x:vector",
        "matrix: sum(relu(A*x)) where A:matrix, x:vector",
        "matrix: norm1(A*x-b) where A:matrix, x:vector, b:vector",
        "matrix: x'*diag(y)*x where x:vector, y:vector",
        "matrix: norm2(x) where x:vector",
        "matrix: sum(sign(x).*x.*y) where x:vector, y:vector",
        "matrix: log(sum(exp(x))) where x:vector",
        "matrix: sum(sqrt(x.*x+vector(1))) where x:vector",
        "matrix: sum(cos(A*x)) where A:matrix, x:vector",
        "matrix: (A*x)'*(A*x) where A:matrix, x:vector",
        "matrix: A*x where A:matrix, x:vector",
        "matrix: U*V' where U:matrix, V:matrix",
        "matrix: softmax(W*x) where W:matrix, x:vector",
        "matrix: exp(A*x).*sin(x) where A:matrix, x:vector",
        "matrix: X'*X where X:matrix",
    })
    void gradientJsonEvaluatesFromItsDefinitionsAlone(String src) throws Exception {
        IndexProgram p = program(src);
        Map<String, Tensor> in = inputs(p, src.hashCode());
        List<IndexGradient> gs = new ArrayList<>();
        for (String x : List.copyOf(p.inputs())) {
            gs.add(IndexDerivative.gradient(p, x));
        }
        JsonNode j = new ObjectMapper().readTree(IndexGradient.toJson(p.output(), gs));
        Map<String, Tensor> env = new HashMap<>(in);
        // a non-scalar output: the JSON names the upstream operand; bind a random one (its shape is the output's)
        Tensor dY = null;
        if (!j.get("upstream").isNull()) {
            dY = Tensor.randn(new Rng(src.hashCode() + 1L), DType.F64, new IndexEvaluator(p, in).output().shape());
            env.put(j.get("upstream").asText(), dY);
        }
        for (JsonNode d : j.get("definitions")) {
            String name = d.get("name").asText();
            if (d.has("function")) {
                Tensor a = env.get(d.get("argument").asText());
                assertThat(a).as(src + ": " + name + " uses an undefined argument").isNotNull();
                env.put(name, function(d.get("function").asText(), a));
            } else {
                env.put(name, terms(d.get("terms"), env, src));
            }
        }
        for (String x : p.inputs()) {
            Tensor got = terms(j.get("gradients").get(x).get("terms"), env, src);
            Tensor fd = centralDifferences(p, in, x, dY);
            double[] g = got.toDoubleArray();
            double[] r = fd.toDoubleArray();
            assertThat(g.length).as(src + " d/d" + x).isEqualTo(r.length);
            for (int k = 0; k < g.length; k++) {
                assertThat(g[k]).as(src + " d/d" + x + "[" + k + "]").isCloseTo(r[k],
                        org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(r[k]))));
            }
        }
    }

    /** Index notation, or matrix notation after "matrix: ". */
    private static IndexProgram program(String src) {
        return src.startsWith("matrix: ") ? MatrixNotation.translate(src.substring("matrix: ".length())).program()
                : IndexProgram.parse(src);
    }

    private static Tensor terms(JsonNode terms, Map<String, Tensor> env, String src) {
        Tensor acc = null;
        for (JsonNode t : terms) {
            String spec = t.get("einsum").asText();
            JsonNode atoms = t.get("atoms");
            String[] ins = spec.substring(0, spec.indexOf("->")).split(",", -1);
            Tensor v;
            if (atoms.isEmpty()) {
                v = Tensor.scalar(1.0);
            } else {
                Tensor[] ops = new Tensor[atoms.size()];
                for (int k = 0; k < ops.length; k++) {
                    String a = atoms.get(k).asText();
                    double e = t.get("powers").get(k).asDouble();
                    Tensor base = env.get(a);
                    assertThat(base != null || a.equals("delta") || a.equals("1"))
                            .as(src + ": operand " + a + " is not defined in the JSON").isTrue();
                    if (base == null) {
                        base = a.equals("delta") ? Tensor.eye(DType.F64, size(env, ins, atoms, k)) : Tensor.ones(DType.F64, size(env, ins, atoms, k));
                    }
                    ops[k] = e == 1 ? base : base.pow(e);
                }
                v = Tensor.einsum(spec, ops);
            }
            v = v.mul(t.get("coefficient").asDouble());
            acc = acc == null ? v : acc.add(v);
        }
        return acc;
    }

    /** The extent of operand k's first label, read from another operand of the term with that label. */
    private static int size(Map<String, Tensor> env, String[] ins, JsonNode atoms, int k) {
        char c = ins[k].charAt(0);
        for (int o = 0; o < ins.length; o++) {
            Tensor t = env.get(atoms.get(o).asText());
            int at = ins[o].indexOf(c);
            if (o != k && t != null && at >= 0) {
                return t.dim(at);
            }
        }
        return SIZE; // every index of this table has this extent
    }

    private static Tensor function(String fn, Tensor x) {
        double[] v = x.toDoubleArray();
        if (fn.equals("softmax")) {
            int n = x.dim(x.rank() - 1);
            for (int r = 0; r < v.length; r += n) {
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    m = Math.max(m, v[r + k]);
                }
                double s = 0;
                for (int k = 0; k < n; k++) {
                    v[r + k] = Math.exp(v[r + k] - m);
                    s += v[r + k];
                }
                for (int k = 0; k < n; k++) {
                    v[r + k] /= s;
                }
            }
            return Tensor.of(v, x.shape());
        }
        for (int k = 0; k < v.length; k++) {
            double a = v[k];
            v[k] = switch (fn) {
                case "exp" -> Math.exp(a);
                case "log" -> Math.log(a);
                case "sigmoid" -> 1 / (1 + Math.exp(-a));
                case "tanh" -> Math.tanh(a);
                case "relu" -> Math.max(a, 0);
                case "step" -> a > 0 ? 1 : 0;
                case "sqrt" -> Math.sqrt(a);
                case "abs" -> Math.abs(a);
                case "sign" -> Math.signum(a);
                case "sin" -> Math.sin(a);
                case "cos" -> Math.cos(a);
                default -> throw new AssertionError("unknown function " + fn);
            };
        }
        return Tensor.of(v, x.shape());
    }

    private static Map<String, Tensor> inputs(IndexProgram p, long seed) {
        Rng rng = new Rng(seed);
        Map<String, Tensor> in = new HashMap<>();
        for (String name : p.inputs()) {
            int[] shape = new int[p.rank(name)];
            java.util.Arrays.fill(shape, SIZE);
            in.put(name, Tensor.randn(rng, DType.F64, shape).mul(0.7));
        }
        return in;
    }

    /** Central differences of the output, or of sum(dY*Y) for a non-scalar output Y. */
    private static Tensor centralDifferences(IndexProgram p, Map<String, Tensor> in, String wrt, Tensor dY) {
        double h = 1e-6;
        Tensor x = in.get(wrt);
        double[] g = new double[x.size()];
        for (int e = 0; e < g.length; e++) {
            double[] v = x.toDoubleArray();
            v[e] += h;
            Map<String, Tensor> plus = new HashMap<>(in);
            plus.put(wrt, Tensor.of(v, x.shape()));
            v[e] -= 2 * h;
            Map<String, Tensor> minus = new HashMap<>(in);
            minus.put(wrt, Tensor.of(v, x.shape()));
            g[e] = (loss(new IndexEvaluator(p, plus).output(), dY) - loss(new IndexEvaluator(p, minus).output(), dY)) / (2 * h);
        }
        return Tensor.of(g, x.shape());
    }

    private static double loss(Tensor y, Tensor dY) {
        if (dY == null) {
            return y.item();
        }
        double[] a = y.toDoubleArray();
        double[] b = dY.toDoubleArray();
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
