package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad call of the joining/splitting/sorting ops fails naming what was wrong (axis, operand, shape, position). */
class JoinSortErrorTest {
    private static final Tensor A = Tensor.arange(6).reshape(2, 3);
    private static final Tensor B = Tensor.arange(8).reshape(2, 4);

    static Stream<Arguments> cases() {
        return Stream.of(
                c("concatenate axis", () -> Tensor.concatenate(2, A, A), IndexOutOfBoundsException.class,
                        "concatenate: axis 2 is out of range for a tensor of rank 2"),
                c("concatenate shapes", () -> Tensor.concatenate(0, A, B), IllegalArgumentException.class,
                        "operand 1 has shape (2, 4), which does not match operand 0's (2, 3) except along axis 0 (dim 1 differs)"),
                c("concatenate ranks", () -> Tensor.concatenate(0, A, A, Tensor.arange(3)), IllegalArgumentException.class,
                        "operand 0 has shape (2, 3) (2 dims) but operand 2 has shape (3,) (1 dims)"),
                c("concatenate axis", () -> Tensor.concatenate(2, A, A), IndexOutOfBoundsException.class,
                        "concatenate: axis 2 is out of range for a tensor of rank 2"),
                c("concatenate negative axis", () -> Tensor.concatenate(-3, A, A), IndexOutOfBoundsException.class,
                        "concatenate: axis -3 is out of range for a tensor of rank 2"),
                c("arraySplit axis", () -> A.arraySplit(2, -3), IndexOutOfBoundsException.class,
                        "arraySplit: axis -3 is out of range for a tensor of rank 2"),
                c("repeat flat negative", () -> A.repeat(-2), IllegalArgumentException.class,
                        "repeats may not be negative, got -2"),
                c("concatenate none", () -> Tensor.concatenate(0), IllegalArgumentException.class,
                        "need at least one array"),
                c("concatenate 0-d", () -> Tensor.concatenate(0, Tensor.scalar(1.0)), IllegalArgumentException.class,
                        "zero-dimensional arrays cannot be concatenated"),
                c("stack shapes", () -> Tensor.stack(0, A, B), IllegalArgumentException.class,
                        "operand 0 has (2, 3) but operand 1 has (2, 4)"),
                c("stack axis", () -> Tensor.stack(-4, A, A), IndexOutOfBoundsException.class,
                        "stack: axis -4 is out of range for a tensor of rank 3"),
                c("split unequal", () -> A.split(2, 1), IllegalArgumentException.class,
                        "does not result in an equal division: axis 1 of size 3 into 2 sections"),
                c("split zero sections", () -> A.split(0, 1), IllegalArgumentException.class,
                        "number of sections must be positive, not 0"),
                c("split axis", () -> A.split(new int[] {1}, 3), IndexOutOfBoundsException.class,
                        "split: axis 3 is out of range for a tensor of rank 2"),
                c("arraySplit sections", () -> A.arraySplit(-1, 0), IllegalArgumentException.class,
                        "number of sections must be positive, not -1"),
                c("repeat negative", () -> A.repeat(-1, 0), IllegalArgumentException.class,
                        "repeats may not be negative, got -1"),
                c("repeat per-position negative", () -> A.repeat(new int[] {1, -2, 0}, 1), IllegalArgumentException.class,
                        "repeats may not be negative, got -2 at position 1"),
                c("repeat count mismatch", () -> A.repeat(new int[] {1, 2, 3}, 0), IllegalArgumentException.class,
                        "3 repeats for axis 0 of size 2"),
                c("repeat axis", () -> A.repeat(2, -3), IndexOutOfBoundsException.class,
                        "repeat: axis -3 is out of range for a tensor of rank 2"),
                c("tile negative", () -> A.tile(2, -1), IllegalArgumentException.class,
                        "negative repetition -1 at position 1"),
                c("pad negative", () -> A.pad(new int[][] {{0, 0}, {1, -1}}, 0), IllegalArgumentException.class,
                        "negative values: axis 1 widths [1, -1]"),
                c("pad pair count", () -> A.pad(new int[][] {{1, 1}, {1, 1}, {1, 1}}, 0), IllegalArgumentException.class,
                        "3 width pairs for an array of 2 dims"),
                c("pad pair shape", () -> A.pad(new int[][] {{1, 1, 1}}, 0), IllegalArgumentException.class,
                        "width for axis 0 must be {before, after} or {both}, got [1, 1, 1]"),
                c("flip repeated axis", () -> A.flip(1, -1), IllegalArgumentException.class, "flip: repeated axis 1"),
                c("flip axis", () -> A.flip(2), IndexOutOfBoundsException.class,
                        "flip: axis 2 is out of range for a tensor of rank 2"),
                c("roll axis", () -> A.roll(1, 5), IndexOutOfBoundsException.class,
                        "roll: axis 5 is out of range for a tensor of rank 2"),
                c("sort axis", () -> A.sort(2), IndexOutOfBoundsException.class,
                        "sort: axis 2 is out of range for a tensor of rank 2"),
                c("sort 0-d", () -> Tensor.scalar(1.0).sort(0), IllegalArgumentException.class,
                        "zero-dimensional array has no axis 0"),
                c("argsort axis", () -> A.argsort(-3), IndexOutOfBoundsException.class,
                        "argsort: axis -3 is out of range for a tensor of rank 2"),
                c("cumsum axis", () -> A.cumsum(2), IndexOutOfBoundsException.class,
                        "cumsum: axis 2 is out of range for a tensor of rank 2"),
                c("cumprod axis", () -> A.cumprod(-3), IndexOutOfBoundsException.class,
                        "cumprod: axis -3 is out of range for a tensor of rank 2"),
                c("searchsorted 2-D", () -> A.searchsorted(A, "left"), IllegalArgumentException.class,
                        "the sorted array must be 1-D, not shape (2, 3)"),
                c("searchsorted side", () -> Tensor.arange(3).searchsorted(A, "middle"), IllegalArgumentException.class,
                        "side must be 'left' or 'right', not 'middle'"));
    }

    private static Arguments c(String name, ThrowingCallable call, Class<? extends Throwable> type, String fragment) {
        return Arguments.of(name, call, type, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void namesTheProblem(String name, ThrowingCallable call, Class<? extends Throwable> type, String fragment) {
        assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(fragment);
    }
}
