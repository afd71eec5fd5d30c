package io.ricci.symbolic;

import java.time.Duration;

/**
 * Bounds on the work one derivation may do, so that a hostile or careless function text fails
 * with a "too complex" {@link SymbolicException} instead of hanging or exhausting memory.
 *
 * @param stepTimeout the longest one Symja evaluation (a parse's evaluation, one derivative, one
 *     comparison) may run; a simplification that runs out of time is skipped, anything else fails
 * @param maxLeaves the largest expression (leaves written out as a tree) accepted as input or as
 *     a result
 * @param maxIntegerBits the largest exact integer (or numerator/denominator) accepted in input or
 *     a result, in bits; 8,192 bits is about 2,466 decimal digits
 */
public record SymbolicLimits(Duration stepTimeout, long maxLeaves, int maxIntegerBits) {
    /**
     * 1 s per step (a derivative of a formula a person writes takes milliseconds), 100,000 leaves,
     * 8,192-bit integers.
     */
    public static final SymbolicLimits DEFAULT = new SymbolicLimits(Duration.ofSeconds(1), 100_000, 8192);

    /** Symja itself never builds integers past this many bits, whatever the limits say. */
    static final int HARD_INTEGER_BITS = 1 << 16;

    public SymbolicLimits {
        if (stepTimeout == null || stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new IllegalArgumentException("limits: step timeout must be positive, got " + stepTimeout);
        }
        if (maxLeaves < 1) {
            throw new IllegalArgumentException("limits: maxLeaves must be >= 1, got " + maxLeaves);
        }
        if (maxIntegerBits < 64 || maxIntegerBits > HARD_INTEGER_BITS) {
            throw new IllegalArgumentException("limits: maxIntegerBits must be in [64, " + HARD_INTEGER_BITS
                    + "], got " + maxIntegerBits);
        }
    }
}
