package io.ricci.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Each thread derives on its own Symja engine (symja#1498: a shared engine gives wrong derivatives). */
class ThreadsTest {

    @Test
    void twoThreadsDeriveConcurrentlyAndAgreeWithTheMainThread() throws Exception {
        List<String> functions = List.of("x^3*y^2*z", "sin(x*y) + exp(y*z)", "log(1 + x^2 + y^2)*z", "tanh(x - y*z)");
        List<List<List<String>>> expected = new ArrayList<>();
        for (String f : functions) {
            expected.add(Symbolic.parse(f, "x", "y", "z").hessian().toLists());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<List<String>>>> results = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (String f : functions) {
                    results.add(pool.submit(() -> Symbolic.parse(f, "x", "y", "z").hessian().toLists()));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(expected.get(i % functions.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMatrixDerivedOnOneThreadEvaluatesOnAnother() throws Exception {
        SymbolicMatrix j = Symbolic.parse("3*x*y, x^3*y^2", "x", "y").jacobian();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            double[] v = pool.submit(() -> j.evaluate(2, 3).toDoubleArray()).get();
            assertThat(v).containsExactly(9, 6, 108, 48);
        } finally {
            pool.shutdownNow();
        }
    }
}
