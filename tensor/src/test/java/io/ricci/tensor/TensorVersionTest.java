package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The version counter: shared by every view of a storage, bumped once per in-place write, never by reads. */
class TensorVersionTest {

    static Stream<Arguments> writers() {
        Tensor o = Tensor.ones(DType.F64, 3, 4);
        Tensor o32 = Tensor.ones(DType.F32, 3, 4);
        return Stream.<Object[]>of(
                new Object[] {"add_(t)", (Consumer<Tensor>) t -> t.add_(o)},
                new Object[] {"add_(s)", (Consumer<Tensor>) t -> t.add_(1.0)},
                new Object[] {"add_(t, alpha)", (Consumer<Tensor>) t -> t.add_(o, 0.5)},
                new Object[] {"add_(t, alpha) f32 other", (Consumer<Tensor>) t -> t.add_(o32, 0.5)},
                new Object[] {"add_ f32 other promotes", (Consumer<Tensor>) t -> t.add_(o32)},
                new Object[] {"sub_(t)", (Consumer<Tensor>) t -> t.sub_(o)},
                new Object[] {"sub_(s)", (Consumer<Tensor>) t -> t.sub_(1.0)},
                new Object[] {"mul_(t)", (Consumer<Tensor>) t -> t.mul_(o)},
                new Object[] {"mul_(s)", (Consumer<Tensor>) t -> t.mul_(2.0)},
                new Object[] {"div_(t)", (Consumer<Tensor>) t -> t.div_(o)},
                new Object[] {"div_(s)", (Consumer<Tensor>) t -> t.div_(2.0)},
                new Object[] {"pow_(2)", (Consumer<Tensor>) t -> t.pow_(2)},
                new Object[] {"pow_(0.5)", (Consumer<Tensor>) t -> t.abs_().pow_(0.5)},
                new Object[] {"pow_(3)", (Consumer<Tensor>) t -> t.pow_(3)},
                new Object[] {"maximum_", (Consumer<Tensor>) t -> t.maximum_(o)},
                new Object[] {"minimum_", (Consumer<Tensor>) t -> t.minimum_(o)},
                new Object[] {"clamp_", (Consumer<Tensor>) t -> t.clamp_(-1, 1)},
                new Object[] {"neg_", (Consumer<Tensor>) Tensor::neg_},
                new Object[] {"abs_", (Consumer<Tensor>) Tensor::abs_},
                new Object[] {"exp_", (Consumer<Tensor>) Tensor::exp_},
                new Object[] {"log_", (Consumer<Tensor>) Tensor::log_},
                new Object[] {"sqrt_", (Consumer<Tensor>) Tensor::sqrt_},
                new Object[] {"square_", (Consumer<Tensor>) Tensor::square_},
                new Object[] {"tanh_", (Consumer<Tensor>) Tensor::tanh_},
                new Object[] {"relu_", (Consumer<Tensor>) Tensor::relu_},
                new Object[] {"sigmoid_", (Consumer<Tensor>) Tensor::sigmoid_},
                new Object[] {"assign", (Consumer<Tensor>) t -> t.assign(o)},
                new Object[] {"set", (Consumer<Tensor>) t -> t.set(5.0, 1, 2)},
                new Object[] {"take(out)", (Consumer<Tensor>) t -> o.take(0, new int[] {2, 0, 1}, t)},
                new Object[] {"matmul(out)", (Consumer<Tensor>) t -> Tensor.ones(3, 2).matmul(Tensor.ones(2, 4), t)},
                new Object[] {"einsum(out)", (Consumer<Tensor>) t -> Tensor.einsum(t, "ij,jk->ik", Tensor.ones(3, 5), Tensor.ones(5, 4))})
                .map(a -> Arguments.of(a[0], a[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void everyInPlaceWriterBumpsTheSharedCounterOnce(String name, Consumer<Tensor> write) {
        Tensor base = Tensor.randn(new Rng(3), DType.F64, 3, 4);
        Tensor view = base.transpose(0, 1).slice(0, 1, null, 2);
        Tensor reshaped = base.reshape(12);
        assertThat(base.version()).isZero();
        write.accept(base);
        assertThat(base.version()).as(name).isGreaterThanOrEqualTo(1);
        assertThat(view.version()).isEqualTo(base.version());
        assertThat(reshaped.version()).isEqualTo(base.version());
    }

    @ParameterizedTest(name = "through a view, {0}")
    @EnumSource(DType.class)
    void writesThroughAViewBumpTheBase(DType dtype) {
        Tensor base = Tensor.zeros(dtype, 4, 5);
        Tensor row = base.select(0, 2);
        row.add_(1.0);
        assertThat(base.version()).isEqualTo(1);
        base.permute(1, 0).slice(0, 0, 2, 1).mul_(3.0);
        assertThat(row.version()).isEqualTo(2);
        // one write = one bump, even where the kernel falls back (sqrt via pow, promotion via assign)
        row.pow_(0.5);
        assertThat(base.version()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F32", "F64"}) // matmul and einsum are float-only
    void readsCopiesAndOutOfPlaceOpsDoNotBump(DType dtype) {
        Tensor a = Tensor.ones(dtype, 3, 3);
        Tensor b = a.add(1.0).mul(a).exp();
        a.sum();
        a.matmul(a);
        Tensor.einsum("ij->ji", a);
        Tensor c = a.copy();
        c.add_(1.0);
        a.get(0, 0);
        assertThat(a.version()).isZero();
        assertThat(b.version()).isZero();
        assertThat(c.version()).isEqualTo(1);
        assertThat(a.astype(dtype == DType.F32 ? DType.F64 : DType.F32).version()).isZero();
        // a copy has its own counter
        assertThat(a.version()).isZero();
    }
}
