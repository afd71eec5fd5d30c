package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worker team behind {@link Parallel#run}: every task exactly once, failures, nesting, concurrent
 * callers, and interrupts (the call completes, the flag stays set).
 */
class ParallelTest {
    @ParameterizedTest(name = "tasks={0}")
    @ValueSource(ints = {0, 1, 2, 3, 5})
    void everyTaskRunsExactlyOnce(int tasks) {
        for (int rep = 0; rep < 2000; rep++) {
            AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(tasks, 1));
            Parallel.run(tasks, hits::incrementAndGet);
            for (int t = 0; t < tasks; t++) {
                assertThat(hits.get(t)).as("task %d of %d, repetition %d", t, tasks, rep).isEqualTo(1);
            }
        }
    }

    @Test
    void workerTasksSeeAllWritesOfTheCallerAndViceVersa() {
        int[] data = new int[64];
        for (int rep = 0; rep < 500; rep++) {
            int stamp = rep;
            java.util.Arrays.fill(data, stamp);
            int[] sums = new int[4];
            Parallel.run(4, t -> {
                int s = 0;
                for (int i = t * 16; i < t * 16 + 16; i++) {
                    s += data[i];
                    data[i] = -stamp;
                }
                sums[t] = s;
            });
            for (int t = 0; t < 4; t++) {
                assertThat(sums[t]).isEqualTo(16 * stamp);
            }
            assertThat(data).containsOnly(-stamp);
        }
    }

    @Test
    void aFailureInAnyTaskIsRethrownAfterAllFinish() {
        for (int failing = 0; failing < 3; failing++) {
            int f = failing;
            AtomicIntegerArray hits = new AtomicIntegerArray(3);
            assertThatThrownBy(() -> Parallel.run(3, t -> {
                hits.incrementAndGet(t);
                if (t == f) {
                    throw new IllegalStateException("task " + t + " failed");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("task " + f + " failed");
            assertThat(hits.get(0) + hits.get(1) + hits.get(2)).isEqualTo(3);
        }
        // The team is still usable afterwards.
        AtomicIntegerArray hits = new AtomicIntegerArray(2);
        Parallel.run(2, hits::incrementAndGet);
        assertThat(hits.get(0) + hits.get(1)).isEqualTo(2);
    }

    @Test
    void nestedAndConcurrentCallsComplete() throws InterruptedException {
        AtomicIntegerArray hits = new AtomicIntegerArray(4);
        Parallel.run(2, outer -> Parallel.run(2, inner -> hits.incrementAndGet(outer * 2 + inner)));
        for (int i = 0; i < 4; i++) {
            assertThat(hits.get(i)).isEqualTo(1);
        }
        AtomicIntegerArray counts = new AtomicIntegerArray(2);
        Thread[] callers = new Thread[2];
        for (int c = 0; c < 2; c++) {
            int id = c;
            callers[c] = new Thread(() -> {
                for (int rep = 0; rep < 1000; rep++) {
                    Parallel.run(2, t -> counts.incrementAndGet(id));
                }
            });
            callers[c].start();
        }
        for (Thread t : callers) {
            t.join();
        }
        assertThat(counts.get(0)).isEqualTo(2000);
        assertThat(counts.get(1)).isEqualTo(2000);
    }
    /** Spins until {@code t} blocks in a wait (Future.get parks it), at most 5 s so a broken run cannot hang. */
    private static void awaitWaiting(Thread t) {
        long end = System.nanoTime() + 5_000_000_000L;
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING
                && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /**
     * Runs {@code body} on this thread from inside a task of an outer call: the team is busy then, so
     * every {@link Parallel#run} that {@code body} makes goes to the fallback executor.
     */
    private static void onFallbackExecutor(Runnable body) {
        Parallel.run(2, outer -> {
            if (outer == 0) {
                body.run();
            }
        });
    }

    @ParameterizedTest(name = "interrupted {0}")
    @ValueSource(strings = {"before the call", "while waiting"})
    void anInterruptedCallerOnTheExecutorWaitsForEveryTaskAndKeepsTheFlag(String when) {
        Thread caller = Thread.currentThread();
        int tasks = 4;
        AtomicIntegerArray done = new AtomicIntegerArray(tasks);
        int[] doneAtReturn = new int[1];
        boolean[] flagAtReturn = new boolean[1];
        onFallbackExecutor(() -> {
            if (when.startsWith("before")) {
                caller.interrupt();
            }
            Parallel.run(tasks, t -> {
                if (t > 0) {
                    // Not done until the caller waits for this task (an early return would not).
                    awaitWaiting(caller);
                    if (t == 1 && when.startsWith("while")) {
                        caller.interrupt();
                    }
                    try {
                        Thread.sleep(50); // still running when the caller sees the interrupt
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                done.set(t, 1);
            });
            for (int t = 0; t < tasks; t++) {
                doneAtReturn[0] += done.get(t);
            }
            flagAtReturn[0] = Thread.interrupted();
        });
        assertThat(doneAtReturn[0]).as("tasks finished when run returned").isEqualTo(tasks);
        assertThat(flagAtReturn[0]).as("interrupt flag kept").isTrue();
        assertThat(Thread.interrupted()).isFalse();
    }

    static double[] naiveProduct(Tensor a, Tensor b) {
        int m = a.dim(0), k = a.dim(1), n = b.dim(1);
        double[] av = a.toDoubleArray(), bv = b.toDoubleArray();
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double aip = av[i * k + p];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aip * bv[p * n + j];
                }
            }
        }
        return c;
    }

    /**
     * A multi-threaded matmul into {@code out} and an axpy ({@code add_}, split in two) on a thread
     * that is interrupted before the call, or over and over while it runs, on the team and on the
     * fallback executor: every element of {@code out} is the product's (against a naive triple loop)
     * and the thread's interrupt flag is still set afterwards.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"team, interrupted before", "team, interrupted while running",
        "executor, interrupted before", "executor, interrupted while running"})
    void interruptedMatmulAndAxpyIntoOutAreCompleteAndKeepTheFlag(String how) throws InterruptedException {
        int saved = Parallel.threads();
        Parallel.setThreads(4);
        try {
            // 131x200 @ 200x157 is 4.1M multiply-adds: 15 times GemmPanama's parallelMin, so all 4 threads.
            Rng rng = new Rng(77);
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                Tensor a = Tensor.randn(rng, dt, 131, 200);
                Tensor b = Tensor.randn(rng, dt, 200, 157);
                double[] want = naiveProduct(a, b);
                int len = 1 << 16;
                Tensor x = Tensor.randn(rng, dt, len);
                Tensor y0 = Tensor.randn(rng, dt, len);
                for (int rep = 0; rep < 2; rep++) {
                    Tensor out = Tensor.full(dt, Double.NaN, 131, 157);
                    Tensor y = y0.copy();
                    boolean[] flag = new boolean[2];
                    Thread caller = Thread.currentThread();
                    AtomicBoolean stop = new AtomicBoolean();
                    Thread interrupter = new Thread(() -> {
                        while (!stop.get()) {
                            caller.interrupt();
                            Thread.onSpinWait();
                        }
                    });
                    Consumer<Void> work = v -> {
                        if (how.endsWith("before")) {
                            caller.interrupt();
                        } else {
                            interrupter.start();
                        }
                        a.matmul(b, out);
                        flag[0] = caller.isInterrupted();
                        y.add_(x, 0.5);
                        stop.set(true);
                        flag[1] = Thread.interrupted();
                    };
                    if (how.startsWith("team")) {
                        work.accept(null);
                    } else {
                        onFallbackExecutor(() -> work.accept(null));
                    }
                    joinIgnoringInterrupts(interrupter);
                    Thread.interrupted(); // the interrupter may have set it again after the check
                    assertThat(flag).as("%s %s: interrupt flag after matmul, after axpy", how, dt)
                            .containsExactly(true, true);
                    double tol = dt == DType.F32 ? 1e-3 : 1e-10;
                    double[] got = out.toDoubleArray();
                    for (int i = 0; i < want.length; i++) {
                        assertThat(Math.abs(got[i] - want[i])).as("%s %s out element %d: %s vs %s", how, dt, i, got[i],
                                want[i]).isLessThanOrEqualTo(tol * (1 + Math.abs(want[i])));
                    }
                    for (int i = 0; i < len; i++) {
                        double w = dt == DType.F32 ? (float) y0.getFlat(i) + 0.5f * (float) x.getFlat(i)
                                : y0.getFlat(i) + 0.5 * x.getFlat(i);
                        assertThat(y.getFlat(i)).as("%s %s axpy element %d", how, dt, i).isEqualTo(w);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
            Thread.interrupted();
        }
    }

    /**
     * The interrupter may still interrupt this thread once after {@code stop} was set (it read the flag
     * just before), which would make a plain join throw: wait on regardless.
     */
    private static void joinIgnoringInterrupts(Thread t) {
        while (true) {
            try {
                t.join(5000);
                return;
            } catch (InterruptedException e) {
                // the interrupter's last interrupt, sent after the check; join again
            }
        }
    }
}
