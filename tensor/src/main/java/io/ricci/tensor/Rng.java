package io.ricci.tensor;

/**
 * The documented, reproducible random generator behind {@link Tensor#rand} and {@link Tensor#randn}.
 *
 * <p>Uniform numbers come from SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom
 * number generators", OOPSLA 2014): {@code state += 0x9E3779B97F4A7C15}, then the 64-bit mix with
 * shifts 30, 27, 31 and multipliers {@code 0xBF58476D1CE4E5B9}, {@code 0x94D049BB133111EB}. A double
 * in [0, 1) takes the top 53 bits times 2⁻⁵³; a float the top 24 bits times 2⁻²⁴. Normal numbers use
 * the Marsaglia polar method, caching the second value of each pair. The algorithm is written out
 * here rather than taken from {@code java.util} so that a given seed yields the same numbers on every
 * JDK.
 *
 * <p>Not thread-safe: use one instance per thread.
 */
public final class Rng {
    private long state;
    private double spare;
    private boolean hasSpare;

    public Rng(long seed) {
        this.state = seed;
    }

    /** Next raw 64-bit value of SplitMix64. */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform double in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform float in [0, 1). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform integer in [0, bound), without modulo bias (Lemire's multiply-shift with rejection). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal N(0, 1) by the Marsaglia polar method. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * m;
        hasSpare = true;
        return u * m;
    }
}
