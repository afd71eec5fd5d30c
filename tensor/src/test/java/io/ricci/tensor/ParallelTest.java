package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The worker team behind {@link Parallel#run}: every task exactly once, failures, nesting, concurrent callers. */
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
}
