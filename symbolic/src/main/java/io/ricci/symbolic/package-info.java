/**
 * Symbolic derivatives of functions written as text: Jacobians, gradients, Hessians and directional
 * derivatives, printed as text, LaTeX or Markdown and evaluated in bulk into float64 tensors.
 *
 * <pre>{@code
 * SymbolicFunctions f = Symbolic.parse("3*x*y, x^3*y^2", "x", "y");
 * SymbolicMatrix j = f.jacobian();            // [[3*y, 3*x], [3*x^2*y^2, 2*x^3*y]]
 * Tensor at = j.evaluate(2, 3);               // [[9, 6], [108, 48]]
 * Tensor many = j.evaluateBulk(points);       // points (n, 2) -> (n, 2, 2), no Symja per point
 * CheckReport r = Jacobian.check(j, f.numeric(), new double[] {2, 3});   // central differences
 * }</pre>
 *
 * <p>The calculus is done by Symja (org.matheclipse:matheclipse-core, LGPL-3), which only
 * {@code SymjaFacade} touches: one engine per thread, created on first use (about 2 s). Results are
 * lowered once into a small expression program ({@code Node}, {@code Program}) for evaluation.
 * Symja leaves non-daemon threads running: command-line programs must call {@code System.exit}.
 */
package io.ricci.symbolic;
