package io.ricci.tensor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Storage for a result whose every element is written before anyone can read it (a GEMM with
 * beta = 0, an element-wise operation): allocated without the clearing pass when the JVM allows it,
 * through {@code jdk.internal.misc.Unsafe.allocateUninitializedArray} (what the JDK uses for string
 * concatenation; C2 compiles it to an allocation that skips zeroing). That needs
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}, which the {@code ricci} launcher,
 * the tests and the benchmark forks pass; without it these are ordinary zeroed arrays.
 *
 * <p>Why: NumPy's result arrays come from {@code malloc}, which hands back the block just freed, warm
 * and unzeroed; a Java array is zeroed and usually cold. Measured for a 100×784 float32 result
 * (313 KB) filled once: 40 µs zeroed, 27 µs unzeroed.
 *
 * <p>Only C2's fast path skips the clearing: an array that does not fit in what is left of the thread's
 * allocation buffer (TLAB) is allocated by the VM, which clears it. By default HotSpot keeps a buffer
 * whose free space is over 1/64 of its size and allocates big arrays outside it, so a buffer left with
 * 300 KB free makes every 627 KB result a cleared one (measured: 1.9 µs per unzeroed 78,400-double
 * array with {@code -XX:TLABRefillWasteFraction=1}, which retires the buffer instead, against 70-77 µs
 * without it, depending on the buffer's size). The {@code ricci} launcher and the benchmarks pass
 * that flag.
 *
 * <p>Callers must overwrite every element before the array escapes: stale heap contents must never
 * show up in a result.
 */
final class FreshArrays {
    private static final MethodHandle ALLOCATE = find();

    /** Whether arrays come back unzeroed (the export is in place). */
    static final boolean UNZEROED = ALLOCATE != null;

    private FreshArrays() {
    }

    private static MethodHandle find() {
        try {
            Class<?> unsafe = Class.forName("jdk.internal.misc.Unsafe");
            Object instance = unsafe.getMethod("getUnsafe").invoke(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafe, "allocateUninitializedArray",
                            MethodType.methodType(Object.class, Class.class, int.class))
                    .bindTo(instance);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // not exported to us: zeroed arrays
        }
    }

    /** A float array of length n whose contents are unspecified; the caller writes all of it. */
    static float[] floats(int n) {
        if (ALLOCATE != null && n > 0) {
            try {
                return (float[]) (Object) ALLOCATE.invokeExact(float.class, n);
            } catch (Throwable e) {
                throw new IllegalStateException("allocating " + n + " floats", e);
            }
        }
        return new float[n];
    }

    /** A double array of length n whose contents are unspecified; the caller writes all of it. */
    static double[] doubles(int n) {
        if (ALLOCATE != null && n > 0) {
            try {
                return (double[]) (Object) ALLOCATE.invokeExact(double.class, n);
            } catch (Throwable e) {
                throw new IllegalStateException("allocating " + n + " doubles", e);
            }
        }
        return new double[n];
    }
}
