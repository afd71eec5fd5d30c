package io.ricci.symbolic;

import io.ricci.tensor.Tensor;

/**
 * The result of comparing a symbolic derivative with a numeric one at a point. The relative error of
 * an entry is {@code |s - r| / max(|s|, |r|, 1e-3)}: entries far below 1e-3 in size are compared
 * absolutely, so a zero derivative against finite-difference noise does not read as 100% off.
 *
 * @param reference the numeric source, e.g. {@code central differences}
 * @param symbolic the symbolic derivative's value
 * @param numeric the reference value
 * @param maxAbsError largest {@code |s - r|}
 * @param maxRelError largest relative error as above (NaN or infinity if a value is)
 * @param worstRow row of the entry with the largest relative error
 * @param worstCol its column
 */
public record CheckReport(String reference, Tensor symbolic, Tensor numeric, double maxAbsError,
        double maxRelError, int worstRow, int worstCol) {

    /** Denominator floor of the relative error. */
    public static final double REL_FLOOR = 1e-3;

    /** True when the largest relative error is at most {@code tolerance}. */
    public boolean passes(double tolerance) {
        return maxRelError <= tolerance;
    }

    /** One line: {@code max relative error 2.1e-11 against central differences (worst entry [1, 0])}. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "max relative error %.2e against %s (worst entry [%d, %d])",
                maxRelError, reference, worstRow, worstCol);
    }
}
