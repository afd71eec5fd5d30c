package io.ricci.nn.layers;

import io.ricci.nn.autograd.Autograd;
import io.ricci.nn.autograd.Variable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Every example of ../shared/fixtures/seed-examples.json, reproduced with autodiff and the layers. */
class SeedExamplesTest {

    static void assertClose(Tensor actual, JsonNode expected, double tol) {
        Tensor e = Fixtures.tensor(expected);
        assertThat(actual.shape()).isEqualTo(e.shape());
        double[] a = actual.toDoubleArray();
        double[] x = e.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("element %d", i).isCloseTo(x[i], within(tol));
        }
    }

    @Test
    void linearNetwork342_1() {
        JsonNode ex = Fixtures.get("linear_3_4_2_1");
        JsonNode in = ex.get("inputs");
        Variable w1 = new Variable(Fixtures.tensor(in.get("W1")), "W1");
        Variable w2 = new Variable(Fixtures.tensor(in.get("W2")), "W2");
        Variable w3 = new Variable(Fixtures.tensor(in.get("W3")), "W3");
        Variable x = new Variable(Fixtures.tensor(in.get("x")), "x");
        Variable y = w1.matmul(x);
        Variable z = w2.matmul(y);
        Variable c = w3.matmul(z);
        c.backward();
        JsonNode fw = ex.get("forward");
        assertClose(y.value(), fw.get("y"), 1e-9);
        assertClose(z.value(), fw.get("z"), 1e-9);
        assertClose(c.value(), fw.get("C"), 1e-9);
        JsonNode g = ex.get("gradients");
        assertClose(z.grad(), g.get("dC_dz"), 1e-9);
        assertClose(y.grad(), g.get("dC_dy"), 1e-9);
        assertClose(x.grad(), g.get("dC_dx"), 1e-9);
        assertClose(w1.grad(), g.get("dC_dW1"), 1e-9);
        assertClose(w2.grad(), g.get("dC_dW2"), 1e-9);
        assertClose(w3.grad(), g.get("dC_dW3"), 1e-9);
    }

    /**
     * Seed 000's generalized Jacobian dz/dW2 of shape (2,2,4), built row by row with backward, then
     * transpose(1,2,0) → (2,4,2), flatten (8,2), times dC/dz (2,1), reshape (2,4) = dC/dz·yᵀ.
     */
    @Test
    void generalizedJacobianRoute() {
        JsonNode ex = Fixtures.get("linear_3_4_2_1");
        JsonNode in = ex.get("inputs");
        Variable w2 = new Variable(Fixtures.tensor(in.get("W2")), "W2");
        Tensor y = Fixtures.tensor(ex.get("forward").get("y"));
        Variable z = w2.matmul(Variable.constant(y));
        Tensor jac = Tensor.zeros(2, 2, 4);
        for (int i = 0; i < 2; i++) {
            w2.zeroGrad();
            Tensor e = Tensor.zeros(2, 1).set(1, i, 0);
            z.backward(e, true);
            jac.select(0, i).assign(w2.grad());
        }
        assertClose(jac, ex.get("generalized_jacobian_dz_dW2").get("value"), 1e-12);
        Tensor dCdz = Fixtures.tensor(ex.get("gradients").get("dC_dz"));
        Tensor route = jac.permute(1, 2, 0).reshape(8, 2).matmul(dCdz).reshape(2, 4);
        assertClose(route, ex.get("gradients").get("dC_dW2"), 1e-9);
        assertClose(dCdz.matmul(y.T()), ex.get("gradients").get("dC_dW2"), 1e-9);
    }

    @Test
    void addMulGraph() {
        JsonNode ex = Fixtures.get("add_mul_graph");
        JsonNode in = ex.get("inputs");
        Variable x = new Variable(Tensor.scalar(in.get("x").asDouble()), "x");
        Variable y = new Variable(Tensor.scalar(in.get("y").asDouble()), "y");
        Variable z = new Variable(Tensor.scalar(in.get("z").asDouble()), "z");
        Variable f = x.add(y).mul(z);
        f.backward();
        assertThat(f.value().item()).isCloseTo(ex.get("value").asDouble(), within(1e-12));
        assertThat(x.grad().item()).isCloseTo(ex.get("gradients").get("x").asDouble(), within(1e-12));
        assertThat(y.grad().item()).isCloseTo(ex.get("gradients").get("y").asDouble(), within(1e-12));
        assertThat(z.grad().item()).isCloseTo(ex.get("gradients").get("z").asDouble(), within(1e-12));
    }

    @Test
    void sigmoidNeuronGraph() {
        JsonNode ex = Fixtures.get("sigmoid_neuron_graph");
        Tensor wv = Fixtures.tensor(ex.get("inputs").get("w"));
        Tensor xv = Fixtures.tensor(ex.get("inputs").get("x"));
        Variable[] w = new Variable[3];
        Variable[] x = new Variable[2];
        for (int i = 0; i < 3; i++) {
            w[i] = new Variable(Tensor.scalar(wv.get(i)), "w" + i);
        }
        for (int i = 0; i < 2; i++) {
            x[i] = new Variable(Tensor.scalar(xv.get(i)), "x" + i);
        }
        // 1/(1+exp(-(w0*x0+w1*x1+w2))) gate by gate, as the seed draws it.
        Variable dot = w[0].mul(x[0]).add(w[1].mul(x[1])).add(w[2]);
        Variable f = Autograd.shift(dot.neg().exp(), 1).pow(-1);
        f.backward();
        assertThat(f.value().item()).isCloseTo(ex.get("value").asDouble(), within(1e-12));
        assertThat(f.value().item()).isCloseTo(0.7311, within(5e-5));
        JsonNode g = ex.get("gradients");
        for (int i = 0; i < 3; i++) {
            assertThat(w[i].grad().item()).isCloseTo(g.get("w").get(i).asDouble(), within(1e-9));
        }
        for (int i = 0; i < 2; i++) {
            assertThat(x[i].grad().item()).isCloseTo(g.get("x").get(i).asDouble(), within(1e-9));
        }
        // The sigmoid primitive gives the same numbers through σ(1-σ).
        Variable w2 = new Variable(wv, "w");
        Variable x2 = new Variable(xv, "x");
        Variable s = w2.slice(0, 0, 2, 1).mul(x2).sum().add(w2.select(0, 2)).sigmoid();
        s.backward();
        assertClose(w2.grad(), g.get("w"), 1e-9);
        assertClose(x2.grad(), g.get("x"), 1e-9);
    }

    @Test
    void l2OfWx() {
        JsonNode ex = Fixtures.get("l2_of_Wx");
        Variable w = new Variable(Fixtures.tensor(ex.get("inputs").get("W")), "W");
        Variable x = new Variable(Fixtures.tensor(ex.get("inputs").get("x")), "x");
        Variable q = w.matmul(x);
        Variable f = q.pow(2).sum();
        f.backward();
        assertThat(f.value().item()).isCloseTo(ex.get("value").asDouble(), within(1e-12));
        assertClose(q.value(), ex.get("q"), 1e-12);
        assertClose(w.grad(), ex.get("gradients").get("W"), 1e-9);
        assertClose(x.grad(), ex.get("gradients").get("x"), 1e-9);
    }

    @Test
    void maxGateSplitsTies() {
        JsonNode ex = Fixtures.get("max_gate");
        JsonNode in = ex.get("inputs");
        Tensor a = Fixtures.tensor(in.get("a"));
        Tensor b = Fixtures.tensor(in.get("b"));
        Tensor up = Fixtures.tensor(in.get("upstream"));
        Gates.Maximum gate = new Gates.Maximum();
        assertClose(gate.forward(a, b), ex.get("value"), 0);
        Tensor[] g = gate.backward(up);
        assertClose(g[0], ex.get("gradients").get("a"), 1e-12);
        assertClose(g[1], ex.get("gradients").get("b"), 1e-12);
        Variable va = new Variable(a, "a");
        Variable vb = new Variable(b, "b");
        Autograd.maximum(va, vb).backward(up, false);
        assertClose(va.grad(), ex.get("gradients").get("a"), 1e-12);
        assertClose(vb.grad(), ex.get("gradients").get("b"), 1e-12);
    }

    /** Seed 001's PyTorch-checked 4-5-2-1 network in float32, with the layer classes and with autodiff. */
    @Test
    void mlp4521Float32() {
        JsonNode ex = Fixtures.get("mlp_4_5_2_1_relu_relu_sigmoid_mse");
        JsonNode p = ex.get("params");
        DType f32 = DType.F32;
        String[] names = {"fc1", "fc2", "fc3"};
        Affine[] fc = new Affine[3];
        for (int i = 0; i < 3; i++) {
            // PyTorch stores weight as (out, in); Affine computes x·W with W (in, out).
            Tensor w = Fixtures.tensor(p.get(names[i]).get("weight"), f32).T().contiguous();
            fc[i] = new Affine(w, Fixtures.tensor(p.get(names[i]).get("bias"), f32));
        }
        Sequential net = new Sequential(fc[0], new Gates.Relu(), fc[1], new Gates.Relu(), fc[2], new Gates.Sigmoid());
        Tensor x = Fixtures.tensor(ex.get("input"), f32);
        Tensor t = Fixtures.tensor(ex.get("target"), f32);
        Tensor out = net.forward(x);
        assertThat(out.dtype()).isEqualTo(f32);
        assertClose(out, ex.get("output"), 1e-6);
        MeanSquaredError mse = new MeanSquaredError();
        assertThat(mse.forward(out, t)).isCloseTo(ex.get("loss_value").asDouble(), within(1e-6));
        net.backward(mse.backward());
        JsonNode g = ex.get("gradients");
        for (int i = 0; i < 3; i++) {
            assertClose(fc[i].weight().grad().T(), g.get(names[i]).get("weight"), 1e-6);
            assertClose(fc[i].bias().grad(), g.get(names[i]).get("bias"), 1e-6);
        }

        // The same network through autodiff.
        Variable h = Variable.constant(x);
        Variable[] ws = new Variable[3];
        Variable[] bs = new Variable[3];
        for (int i = 0; i < 3; i++) {
            ws[i] = new Variable(Fixtures.tensor(p.get(names[i]).get("weight"), f32), names[i] + ".weight");
            bs[i] = new Variable(Fixtures.tensor(p.get(names[i]).get("bias"), f32), names[i] + ".bias");
        }
        for (int i = 0; i < 3; i++) {
            h = ws[i].matmul(h).add(bs[i]);
            h = i < 2 ? h.relu() : h.sigmoid();
        }
        Variable loss = h.sub(Variable.constant(t)).pow(2).mean();
        loss.backward();
        assertThat(loss.value().item()).isCloseTo(ex.get("loss_value").asDouble(), within(1e-6));
        for (int i = 0; i < 3; i++) {
            assertClose(ws[i].grad(), g.get(names[i]).get("weight"), 1e-6);
            assertClose(bs[i].grad(), g.get(names[i]).get("bias"), 1e-6);
        }
    }
}
