package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each malformed einsum names the problem and puts a caret under it. */
class EinsumErrorTest {

    /** Shapes like "2x3 3x4", "-" for a 0-d operand, empty for none. */
    private static int[][] shapes(String s) {
        if (s == null || s.isBlank()) {
            return new int[0][];
        }
        return Arrays.stream(s.trim().split(" "))
                .map(x -> x.equals("-") ? new int[0] : Arrays.stream(x.split("x")).mapToInt(Integer::parseInt).toArray())
                .toArray(int[][]::new);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "ij,jk->il   | 2x3 3x4     | output index 'l' does not appear in any input | 16",
        "ij,jk->ik   | 2x3         | spec has 2 operands but 1 tensor was given     | 13",
        "ij->ij      | 2x3 3x4     | spec has 1 operand but 2 tensors were given    | 10",
        "ij,jk->ik   | 2x3 4x5     | index 'j' has sizes 3 (operand 0) and 4 (operand 1) | 11",
        "ij,j#->i    | 2x3 3x4     | invalid character '#'                          | 12",
        "ij,jk->iki  | 2x3 3x4     | output index 'i' appears more than once        | 17",
        "ijk->i      | 2x3         | operand 0 has 2 dims (2, 3) but subscripts 'ijk' name 3 | 8",
        "ij...k->i   | 2x3         | besides the ellipsis                           | 8",
        "i..j->ij    | 2x3         | invalid ellipsis                               | 9",
        "i......->i  | 2x3         | more than one '...'                            | 12",
        "ij-ji       | 2x3         | must be part of a single '->'                  | 10",
        "ij->j->i    | 2x3         | more than one '->'                             | 13",
        "ii->i       | 2x3         | index 'i' is repeated in operand 0 with sizes 2 and 3 | 9",
        "...i,...i->...i | 2x3 4x3 | do not broadcast                               | 13",
        "...i->i     | 2x3         | the output has no '...'                        | 14",
        "ij->i,j     | 2x3         | the output after '->' is a single term        | 13",
        "...->...    | 1x1x1x1x1x1x1x1x1x1x1x1x1 | too many ellipsis dims: 13     | 8",
    })
    void reportsTheProblemWithACaret(String spec, String shapes, String fragment, int caretColumn) {
        int[][] sh = shapes(shapes);
        Tensor[] ops = new Tensor[sh.length];
        for (int i = 0; i < sh.length; i++) {
            ops[i] = Tensor.zeros(sh[i]);
        }
        String caretLine = " ".repeat(caretColumn) + "^";
        assertThatThrownBy(() -> Tensor.einsum(spec, ops))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("einsum \"" + spec + "\": ")
                .hasMessageContaining(fragment)
                .hasMessageEndingWith("\n" + caretLine);
    }

    @ParameterizedTest(name = "{0} out {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "ij,jk->ik | 2x5 | F64 | out is float64(2, 5) but the result is float64(2, 4)",
        "ij,jk->ik | 2x4 | F32 | out is float32(2, 4) but the result is float64(2, 4) (casting='safe' does not narrow it into float32)",
        "ij->      | 1   | F64 | out is float64(1,) but the result is float64()",
    })
    void outOfTheWrongShapeOrDtypeIsRejectedAndLeftUntouched(String spec, String outShape, DType dtype,
            String fragment) {
        Tensor a = Tensor.ones(2, 3);
        Tensor b = Tensor.ones(3, 4);
        Tensor[] ops = spec.contains(",") ? new Tensor[] {a, b} : new Tensor[] {a};
        Tensor out = Tensor.full(dtype, 5.0, shapes(outShape)[0]);
        assertThatThrownBy(() -> Tensor.einsum(out, spec, ops))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("einsum \"" + spec + "\": ")
                .hasMessageContaining(fragment);
        assertThat(out.toDoubleArray()).containsOnly(5.0);
    }

    @org.junit.jupiter.api.Test
    void outThatIsAlsoAnOperandGetsTheResultOfTheOriginalValues() {
        Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        Tensor want = Tensor.einsum("ij,jk->ik", a, a);
        Tensor got = Tensor.einsum(a, "ij,jk->ik", a, a);
        assertThat(got).isSameAs(a);
        assertThat(got.toDoubleArray()).containsExactly(want.toDoubleArray());
    }

    /** Null arguments are bad arguments like any other: IllegalArgumentException naming which (was a NullPointerException). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "null spec           | einsum: spec is null",
        "null operand array  | einsum \"ij->i\": the operand array is null",
        "null operand 1      | einsum \"ij,jk->ik\": operand 1 is null",
        "null out            | einsum \"ij->i\": out is null",
        "null spec, out      | einsum: spec is null",
        "null plan spec      | einsum: spec is null",
        "null path spec      | einsum: spec is null",
        "null path shape 0   | einsum \"ij->i\": operand 0 is null",
    })
    void nullArgumentsAreRefusedByName(String what, String message) {
        Tensor a = Tensor.ones(2, 3);
        org.assertj.core.api.ThrowableAssert.ThrowingCallable call = switch (what) {
            case "null spec" -> () -> Tensor.einsum((String) null, a);
            case "null operand array" -> () -> Tensor.einsum("ij->i", (Tensor[]) null);
            case "null operand 1" -> () -> Tensor.einsum("ij,jk->ik", a, null);
            case "null out" -> () -> Tensor.einsum(null, "ij->i", a);
            case "null spec, out" -> () -> Tensor.einsum(Tensor.zeros(2), null, a);
            case "null plan spec" -> () -> Tensor.einsumPlan(null, a);
            case "null path spec" -> () -> Tensor.einsumPath(null, new int[] {2, 3});
            case "null path shape 0" -> () -> Tensor.einsumPath("ij->i", (int[]) null);
            default -> throw new IllegalStateException(what);
        };
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    /** A float64 out for float32 operands (a safe cast) gets NumPy's result: computed in float32, then widened. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"ij,jk->ik", "ij->j", "ij,ij->", "ij,jk->ki"})
    void widerOutIsFilledByASafeCast(String spec) {
        Tensor a = EinsumFixturesTest.operand(0, new int[] {5, 7}, DType.F32).mul(1.1);
        Tensor b = EinsumFixturesTest.operand(1, spec.equals("ij,ij->") ? new int[] {5, 7} : new int[] {7, 3}, DType.F32)
                .div(3.0);
        Tensor[] ops = spec.contains(",") ? new Tensor[] {a, b} : new Tensor[] {a};
        Tensor want = Tensor.einsum(spec, ops);
        assertThat(want.dtype()).isEqualTo(DType.F32);
        Tensor out = Tensor.full(DType.F64, Double.NaN, want.shape());
        assertThat(Tensor.einsum(out, spec, ops)).isSameAs(out);
        assertThat(out.dtype()).isEqualTo(DType.F64);
        assertThat(out.toDoubleArray()).containsExactly(want.toDoubleArray());
        assertThat(Tensor.einsumPlan(Tensor.zeros(DType.F64, want.shape()), spec, ops)).isNotNull();
    }
}
