package io.ricci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ricci.index.IndexDerivative;
import io.ricci.index.IndexEvaluator;
import io.ricci.index.IndexGradient;
import io.ricci.index.IndexProgram;
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
 * through the library's evaluator; compared with central differences of the function.
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
    })
    void gradientJsonEvaluatesFromItsDefinitionsAlone(String src) throws Exception {
        IndexProgram p = IndexProgram.parse(src);
        Map<String, Tensor> in = inputs(p, src.hashCode());
        List<IndexGradient> gs = new ArrayList<>();
        for (String x : p.inputs()) {
            gs.add(IndexDerivative.gradient(p, x));
        }
        JsonNode j = new ObjectMapper().readTree(IndexGradient.toJson(p.output(), gs));
        Map<String, Tensor> env = new HashMap<>(in);
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
            Tensor fd = centralDifferences(p, in, x);
            double[] g = got.toDoubleArray();
            double[] r = fd.toDoubleArray();
            assertThat(g.length).as(src + " d/d" + x).isEqualTo(r.length);
            for (int k = 0; k < g.length; k++) {
                assertThat(g[k]).as(src + " d/d" + x + "[" + k + "]").isCloseTo(r[k],
                        org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(r[k]))));
            }
        }
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

    private static Tensor centralDifferences(IndexProgram p, Map<String, Tensor> in, String wrt) {
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
            g[e] = (new IndexEvaluator(p, plus).output().item() - new IndexEvaluator(p, minus).output().item()) / (2 * h);
        }
        return Tensor.of(g, x.shape());
    }
}
