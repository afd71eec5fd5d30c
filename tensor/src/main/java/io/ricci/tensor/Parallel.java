package io.ricci.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * How many threads Ricci's kernels may use, and the pool they run on.
 *
 * <p>The default is the system property {@code ricci.threads} if set, else
 * {@link Runtime#availableProcessors()}. Kernels read {@link #threads()} once per call, so a change
 * applies to calls that start afterwards.
 */
public final class Parallel {
    private static volatile int threads = initialThreads();

    /** Daemon threads so that a program never hangs on exit because of Ricci's pool. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ricci-worker");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {
    }

    private static int initialThreads() {
        int n = Runtime.getRuntime().availableProcessors();
        String p = System.getProperty("ricci.threads");
        if (p != null && !p.isBlank()) {
            try {
                int v = Integer.parseInt(p.trim());
                if (v >= 1) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the processor count: a bad property must not break class loading
            }
        }
        return Math.max(1, n);
    }

    /** The number of threads kernels may use (at least 1). */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels may use; {@code n} must be at least 1. */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setThreads: thread count must be at least 1, got " + n);
        }
        threads = n;
    }

    /**
     * Runs {@code body.accept(t)} for {@code t = 0 .. tasks-1}, task 0 on the calling thread and the
     * others on the pool, and returns when all have finished. An exception in any task is rethrown.
     */
    static void run(int tasks, IntConsumer body) {
        if (tasks <= 1) {
            if (tasks == 1) {
                body.accept(0);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(tasks - 1);
        for (int t = 1; t < tasks; t++) {
            int id = t;
            futures.add(POOL.submit(() -> body.accept(id)));
        }
        Throwable failure = null;
        try {
            body.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException("parallel task failed", failure);
        }
    }
}
