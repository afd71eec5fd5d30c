package io.ricci.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * How many threads Ricci's kernels may use, and the workers they run on.
 *
 * <p>The default is the system property {@code ricci.threads} if set, else
 * {@link Runtime#availableProcessors()}. Kernels read {@link #threads()} once per call, so a change
 * applies to calls that start afterwards.
 *
 * <p>Kernels hand work to a team of daemon workers that spin (yielding the core to any other runnable
 * thread, such as the JIT compiler's, while they wait) for a
 * short while after each task before parking, as OpenBLAS's threads do: a training loop calls a
 * 100 µs GEMM thousands of times, and waking a parked thread costs tens of microseconds on a VM, as
 * much as the work it would take over. The polling lasts {@code ricci.spinMicros} (default 2000) after
 * the last task (MNIST training, 10,000 iterations: 8.0-8.7 s with 2000 against 8.4-9.5 s with 200),
 * so an idle program parks its workers within milliseconds. A call made while the team is busy
 * (from another application thread, or from inside a task) runs on a plain executor instead.
 *
 * <p>Interrupts: a kernel writes its result from all its tasks, so returning (or throwing) before every
 * task has finished would leave the result half written while tasks still write into it. {@link #run}
 * therefore never gives up on a running task: when the calling thread is interrupted before or during
 * the call, the operation completes and the thread's interrupt flag is still set afterwards, for the
 * caller's next blocking call to see.
 */
public final class Parallel {
    private static volatile int threads = initialThreads();

    private static final long SPIN_NANOS = Math.max(0, Long.getLong("ricci.spinMicros", 2000)) * 1000;

    /** Fallback for calls made while the team is busy; daemon threads so a program never hangs on exit. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ricci-worker");
        t.setDaemon(true);
        return t;
    });

    /** Held by the one caller that currently drives the team. */
    private static final AtomicBoolean TEAM_BUSY = new AtomicBoolean();
    /** Team workers 1..; grown under TEAM_BUSY, so only its holder reads or writes it. */
    private static Worker[] team = new Worker[0];

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
     * others on workers, and returns when all have finished. An exception in any task is rethrown.
     * Tasks may run one after another (never assume they run at the same time).
     */
    static void run(int tasks, IntConsumer body) {
        if (tasks <= 1) {
            if (tasks == 1) {
                body.accept(0);
            }
            return;
        }
        if (!TEAM_BUSY.compareAndSet(false, true)) {
            runOnExecutor(tasks, body);
            return;
        }
        try {
            Job job = new Job(body, tasks, Thread.currentThread());
            Worker[] ws = workers(tasks - 1);
            for (int t = 1; t < tasks; t++) {
                ws[t - 1].submit(job, t);
            }
            Throwable failure = null;
            try {
                body.accept(0);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            job.finish(tasks);
            if (failure == null) {
                failure = job.failure;
            }
            rethrow(failure);
        } finally {
            TEAM_BUSY.set(false);
        }
    }

    private static Worker[] workers(int count) {
        if (team.length < count) {
            Worker[] grown = java.util.Arrays.copyOf(team, count);
            for (int i = team.length; i < count; i++) {
                grown[i] = new Worker(i + 1);
            }
            team = grown;
        }
        return team;
    }

    private static void runOnExecutor(int tasks, IntConsumer body) {
        List<Future<?>> futures = new ArrayList<>(tasks - 1);
        int submitted = 1;
        Throwable failure = null;
        try {
            for (; submitted < tasks; submitted++) {
                int id = submitted;
                futures.add(POOL.submit(() -> body.accept(id)));
            }
        } catch (RuntimeException | Error e) {
            // No thread for the rest (e.g. "unable to create native thread"): the caller runs them below.
        }
        failure = runHere(body, 0, failure);
        for (int t = submitted; t < tasks; t++) {
            failure = runHere(body, t, failure);
        }
        // Wait for every task even when interrupted: they write the caller's result. The interrupt is
        // remembered and the flag set again once all are done (Future.get clears it when it throws).
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        rethrow(failure);
    }

    /** Runs task {@code t} on this thread; returns the first failure ({@code failure} or this task's). */
    private static Throwable runHere(IntConsumer body, int t, Throwable failure) {
        try {
            body.accept(t);
        } catch (RuntimeException | Error e) {
            return failure == null ? e : failure;
        }
        return failure;
    }

    private static void rethrow(Throwable failure) {
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

    /**
     * One {@link #run} call: the body, which worker tasks have been claimed (by a worker or by the
     * caller), how many claimed worker tasks are still running, and the first failure.
     */
    private static final class Job {
        final IntConsumer body;
        final AtomicIntegerArray claimed;
        final AtomicInteger pending;
        final Thread caller;
        volatile Throwable failure;

        Job(IntConsumer body, int tasks, Thread caller) {
            this.body = body;
            this.claimed = new AtomicIntegerArray(tasks);
            this.pending = new AtomicInteger(tasks - 1);
            this.caller = caller;
        }

        boolean claim(int task) {
            return claimed.compareAndSet(task, 0, 1);
        }

        void fail(Throwable t) {
            if (failure == null) {
                failure = t;
            }
        }

        /** Marks one claimed worker task finished; the last one wakes the caller. */
        void done() {
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }

        /**
         * Called by the caller after its own task: runs every worker task that no worker has started
         * yet (a parked worker takes tens of microseconds to wake, longer than most tasks), then
         * spins while the started ones finish, then parks until the last one unparks it.
         */
        void finish(int tasks) {
            for (int t = 1; t < tasks; t++) {
                if (claim(t)) {
                    try {
                        body.accept(t);
                    } catch (RuntimeException | Error e) {
                        fail(e);
                    }
                    pending.decrementAndGet();
                }
            }
            long start = System.nanoTime();
            // park returns at once while the interrupt flag is set: take the flag off for the wait
            // (the tasks write the caller's result, so it waits for them regardless) and set it again.
            boolean interrupted = false;
            while (pending.get() > 0) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    interrupted |= Thread.interrupted();
                    LockSupport.parkNanos(this, 100_000);
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Task {@code id} of a job, handed to one worker. */
    private record Assignment(Job job, int id) {
    }

    /** A team thread: runs the task it is handed (unless the caller took it back), then spins, then parks. */
    private static final class Worker implements Runnable {
        private final Thread thread;
        private final AtomicReference<Assignment> slot = new AtomicReference<>();
        private volatile boolean parked;

        Worker(int index) {
            thread = new Thread(this, "ricci-team-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        /** Hands over a task; an older assignment still in the slot was claimed by its caller already. */
        void submit(Job j, int taskId) {
            slot.set(new Assignment(j, taskId));
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                Assignment a = slot.getAndSet(null);
                if (a != null) {
                    if (a.job().claim(a.id())) {
                        try {
                            a.job().body.accept(a.id());
                        } catch (Throwable t) {
                            a.job().fail(t);
                        }
                        a.job().done();
                    }
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    // yield, not onSpinWait: while the JIT compiles the kernels (the first seconds of
                    // a run) a busy-waiting worker would take the core the compiler thread needs.
                    Thread.yield();
                } else {
                    parked = true;
                    // Re-check after publishing `parked`: a submit that saw parked == false has already
                    // filled the slot, and one that saw true will unpark us.
                    if (slot.get() == null) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
