package io.ricci.symbolic;

import io.ricci.tensor.Tensor;

/**
 * A numeric source of Jacobians to check symbolic ones against: {@link CentralDifference} now; a
 * reverse-mode autodiff (the nn module) can implement this interface to be checked the same way.
 */
public interface NumericJacobian {
    /** A short description for reports, e.g. {@code central differences}. */
    String name();

    /**
     * The Jacobian at {@code point} with respect to its first {@code nVars} coordinates (the rest
     * are parameters held fixed): a float64 tensor of shape {@code (m, nVars)}. {@code point} is
     * not modified.
     */
    Tensor jacobian(double[] point, int nVars);
}
