package io.ricci.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Function texts from strangers (docs/security.md): each is refused before evaluation, or stopped
 * by a limit, with a named error and within 2 s; none reaches the network, the file system or
 * Symja's definitions, and none changes what a later derivation gives.
 */
class HostileExpressionTest {
    private static final Duration BOUND = Duration.ofSeconds(2);

    @BeforeAll
    static void loadSymja() {
        // Symja's classes load once per JVM (1-2 s); the bound is on the work of each case.
        Symbolic.parse("x", "x").gradient();
    }

    /** Function text, what is derived from it, and a fragment of the error it must give. */
    static List<Arguments> hostile() {
        String fetch = "x + 0*Length(URLFetch(FromCharacterCode({104,116,116,112,58,47,47,49,50,55,46,48,46,48,46,49})))";
        String nestedRelu = "x";
        for (int i = 0; i < 30; i++) {
            nestedRelu = "relu(" + nestedRelu + " + 1)";
        }
        String deepParens = "(".repeat(100_000) + "x" + ")".repeat(100_000);
        return List.of(
                // the network, and code fetched or built from character codes
                Arguments.of("network through built-ins", fetch, "function 'Length' is not allowed at position 7"),
                Arguments.of("network", "x + URLFetch(x)", "function 'URLFetch' is not allowed at position 5"),
                Arguments.of("import", "x*Import(x)", "function 'Import' is not allowed"),
                Arguments.of("string round trip", "x + ToExpression(FromCharacterCode({49}))",
                        "function 'ToExpression' is not allowed"),
                Arguments.of("character codes", "FromCharacterCode({120})*x", "function 'FromCharacterCode' is not allowed"),
                Arguments.of("string literal", "x + \"Print(1)\"", "unexpected character '\"' at position 5"),
                Arguments.of("java interop", "JavaNew(x)", "function 'JavaNew' is not allowed"),
                Arguments.of("processes", "x + Run(x)", "function 'Run' at position 5"),
                Arguments.of("files", "x + ReadString(x)", "function 'ReadString' is not allowed"),
                // redefinition and state
                Arguments.of("unprotect", "Unprotect(Sin) + x", "function 'Unprotect' is not allowed"),
                Arguments.of("pattern definition", "Sin(y_) := 42", "unexpected character '_'"),
                Arguments.of("assignment", "x = 7", "an assignment ('='; compare with '==')"),
                Arguments.of("clear", "ClearAll(x) + x", "function 'ClearAll' is not allowed"),
                Arguments.of("evaluation control", "Evaluate(x)", "function 'Evaluate' is not allowed"),
                Arguments.of("calculus inside", "D(x^2, x)", "function 'D' is not allowed"),
                Arguments.of("lists", "{x, x}", "a list at position 1 in \"{x, x}\" is allowed only as the cases of Piecewise"),
                Arguments.of("complex unit", "x + I", "unsupported number I in \"x + I\""),
                // time and memory bombs
                Arguments.of("range", "x*Length(Range(10^9))", "function 'Length' is not allowed"),
                Arguments.of("pause", "x + Pause(30)", "function 'Pause' is not allowed"),
                Arguments.of("nest", "Nest(Sin, x, 10^9)", "function 'Nest' is not allowed"),
                Arguments.of("table", "x + Total(Table(k, {k, 10^9}))", "function 'Total' is not allowed"),
                Arguments.of("factorial", "x*(10^9)!", "a factorial ('!')"),
                Arguments.of("huge power", "x*2^(10^9)", "too complex: the number 2^10^9 is too large to compute exactly"),
                Arguments.of("tower", "x*2^2^2^2^2^2", "too complex"),
                Arguments.of("huge literal power", "x*10^5000", "too complex"),
                Arguments.of("huge literal", "x*1e5000", "too complex"),
                Arguments.of("30 nested relu", nestedRelu, "too complex: \"relu(relu("),
                Arguments.of("deep brackets", deepParens, "too complex: the text has 200001 characters"),
                Arguments.of("deep brackets, short", "(".repeat(5000) + "x" + ")".repeat(5000),
                        "too complex: brackets nested deeper than 200 at position 201"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void isRefusedOrBoundedWithANamedError(String what, String text, String fragment) {
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> Symbolic.parse(text, "x").gradient())
                .isInstanceOf(SymbolicException.class).hasMessageContaining(fragment));
    }

    /** A nest within a roomy size limit whose evaluation would run for minutes. */
    @Test
    void aDerivativeThatRunsTooLongStopsAtTheStepDeadline() {
        String nested = "x";
        for (int i = 0; i < 16; i++) {
            nested = "relu(" + nested + " + 1)";
        }
        String text = nested;
        SymbolicLimits roomy = new SymbolicLimits(SymbolicLimits.DEFAULT.stepTimeout(), 100_000_000, 8192);
        long t0 = System.nanoTime();
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(
                () -> Symbolic.parse(text, List.of("x"), List.of(), roomy).hessian())
                .isInstanceOf(SymbolicException.class).hasMessageContaining("too complex"));
        // The deadline was what stopped it, not a size check at parse time.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(SymbolicLimits.DEFAULT.stepTimeout());
    }

    @Test
    void limitsAreTheCallersToSet() {
        SymbolicLimits small = new SymbolicLimits(Duration.ofSeconds(1), 50, 64);
        assertThatThrownBy(() -> Symbolic.parse("x*2^70", List.of("x"), List.of(), small).gradient())
                .hasMessageContaining("too complex: a result holds a number of 71 bits (limit 64)");
        assertThatThrownBy(() -> Symbolic.parse("x*18446744073709551616", List.of("x"), List.of(), small))
                .hasMessageContaining("too complex: a number in \"x*18446744073709551616\" has more than 64 bits");
        String wide = "x" + " + x^2".repeat(30);
        assertThatThrownBy(() -> Symbolic.parse(wide, List.of("x"), List.of(), small).values())
                .hasMessageContaining("more than 50 leaves");
        assertThatThrownBy(() -> new SymbolicLimits(Duration.ZERO, 1, 64)).hasMessageContaining("step timeout");
        assertThatThrownBy(() -> new SymbolicLimits(Duration.ofSeconds(1), 1, 1 << 20))
                .hasMessageContaining("maxIntegerBits");
    }

    /** Large exact numbers that fit the limits are derived exactly and evaluate as doubles. */
    @Test
    void largeIntegersWithinTheLimitsAreExact() {
        SymbolicMatrix g = Symbolic.parse("x*2^300", "x").gradient();
        assertThat(g.get(0, 0)).isEqualTo(BigInteger.TWO.pow(300).toString());
        assertThat(g.evaluate(1.0).get(0, 0)).isEqualTo(Math.pow(2, 300));
        SymbolicMatrix v = Symbolic.parse("1e400*x", "x").values();
        assertThat(v.get(0, 0)).isEqualTo("1" + "0".repeat(400) + "*x");
        assertThat(v.evaluate(1.0).get(0, 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Symbolic.parse("x^1000000", "x").gradient().get(0, 0)).isEqualTo("1000000*x^999999");
    }

    /** What a refused or failed call tried leaves nothing behind for the next one. */
    @Test
    void nothingSurvivesACall() {
        assertThatThrownBy(() -> Symbolic.parse("x = 7", "x")).isInstanceOf(SymbolicException.class);
        assertThatThrownBy(() -> Symbolic.parse("Unprotect(Sin) + x", "x")).isInstanceOf(SymbolicException.class);
        assertThat(Symbolic.parse("x + 1", "x").gradient().get(0, 0)).isEqualTo("1");
        assertThat(Symbolic.parse("sin(x)", "x").gradient().get(0, 0)).isEqualTo("Cos(x)");
        assertThat(Symbolic.parse("sin(x)", "x").gradient().evaluate(0.5).get(0, 0)).isEqualTo(Math.cos(0.5));
    }

    /**
     * Two threads derive at once while each also throws hostile texts at the engine: every result
     * is the one a thread alone gets, checked against its closed form.
     */
    @Test
    void concurrentDerivationsCannotAffectEachOther() throws Exception {
        int rounds = 20;
        Function<Integer, Runnable> worker = id -> () -> {
            for (int r = 0; r < rounds; r++) {
                assertThatThrownBy(() -> Symbolic.parse(id == 0 ? "x = 7" : "Unprotect(Sin) + x", "x"))
                        .isInstanceOf(SymbolicException.class);
                double x = 0.1 * (r + 1), y = 0.3 + id;
                SymbolicMatrix h = Symbolic.parse("sin(x)*y^2 + x^3*y", "x", "y").hessian();
                double[][] want = {{-Math.sin(x) * y * y + 6 * x * y, 2 * y * Math.cos(x) + 3 * x * x},
                        {2 * y * Math.cos(x) + 3 * x * x, 2 * Math.sin(x)}};
                var got = h.evaluate(x, y);
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        assertThat(got.get(i, j)).isCloseTo(want[i][j], org.assertj.core.data.Offset.offset(1e-12));
                    }
                }
                assertThat(Symbolic.parse("x + 1", "x").gradient().get(0, 0)).isEqualTo("1");
            }
        };
        Throwable[] failure = new Throwable[2];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                try {
                    worker.apply(id).run();
                } catch (Throwable e) {
                    failure[id] = e;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(failure).containsOnlyNulls();
    }

    /** A parsed function may be shared: each derivation on it builds its own engine. */
    @Test
    void aSharedParsedFunctionDerivesTheSameOnEveryThread() throws Exception {
        SymbolicFunctions f = Symbolic.parse("exp(x*y) + sigmoid(x)", "x", "y");
        List<String> alone = List.of(f.hessian().get(0, 0), f.hessian().get(0, 1), f.hessian().get(1, 1));
        String[][] seen = new String[2][];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                for (int r = 0; r < 20; r++) {
                    SymbolicMatrix h = f.hessian();
                    seen[id] = new String[] {h.get(0, 0), h.get(0, 1), h.get(1, 1)};
                    if (!List.of(seen[id]).equals(alone)) {
                        return;
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(List.of(seen[0])).isEqualTo(alone);
        assertThat(List.of(seen[1])).isEqualTo(alone);
    }
}
