/**
 * Index-notation calculus: derive tensor gradients as δ-contractions and run them as einsum.
 *
 * <p>{@link io.ricci.index.IndexProgram#parse} reads expressions such as
 * {@code Y[p,q] = X[p,k]*W[k,q] + b[q]}, {@code L = -sum(T[i,j]*log(softmax(A)[i,j])) given
 * T[i,j]*1[j] = 1[i]} or {@code f = q[i]*q[i] where q[i] = W[i,j]*x[j]} (element-wise exp, log,
 * sigmoid, tanh, relu, sqrt, powers {@code ^}, division, {@code sum(...)}, Kronecker
 * {@code delta[i,j]}, the ones-vector {@code 1[p]}, scalar constants; indices are single letters).
 * {@link io.ricci.index.IndexDerivative} differentiates in reverse mode on the expression
 * DAG: local derivatives are written with Kronecker deltas and δ-elimination turns them into
 * contractions; element-wise functions contribute Hadamard factors. The result,
 * {@link io.ricci.index.IndexGradient}, is a sum of terms, each one einsum call over named
 * operands (the upstream gradient of a non-scalar output {@code Y} is the operand {@code dY}), with
 * a matrix form where one exists ({@code dY W^T}, {@code X^T dY}, {@code 1^T dY}, {@code 2 q x^T},
 * {@code A + A^T}). {@link io.ricci.index.IndexEvaluator} runs programs and derivatives
 * with {@link io.ricci.tensor.Tensor#einsum}; {@link io.ricci.index.IndexLatex} and
 * {@link io.ricci.index.IndexDocs} render derivations as LaTeX and Markdown;
 * {@link io.ricci.index.IndexEmit} writes them as a self-contained NumPy function or Java class.
 *
 * <p>This package needs no computer-algebra system: the element-wise derivative rules are a small
 * table in {@link io.ricci.index.IndexDerivative}.
 */
package io.ricci.index;
