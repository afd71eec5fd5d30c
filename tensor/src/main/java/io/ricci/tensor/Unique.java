package io.ricci.tensor;

/**
 * Result of {@link Tensor#uniqueCounts()}: the sorted distinct values (NaNs collapsed into one, as
 * NumPy 2's {@code np.unique(..., return_counts=True)}) and how often each occurs, as int64.
 */
public record Unique(Tensor values, Tensor counts) {
}
