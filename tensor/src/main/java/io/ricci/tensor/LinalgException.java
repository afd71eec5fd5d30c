package io.ricci.tensor;

/**
 * A {@link Linalg} routine cannot produce a result for its input: a singular matrix in
 * {@code solve}/{@code inv}, a matrix that is not positive definite in {@code cholesky}, a
 * non-finite entry, or an iteration that did not converge. The message names the routine, the
 * matrix in the batch and what was wrong (NumPy raises {@code LinAlgError} in these cases).
 */
public final class LinalgException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public LinalgException(String message) {
        super(message);
    }
}
