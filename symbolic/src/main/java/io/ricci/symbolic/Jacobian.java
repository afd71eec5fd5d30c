package io.ricci.symbolic;

import io.ricci.tensor.Tensor;

/** Checks of symbolic derivatives against numeric ones. */
public final class Jacobian {
    private Jacobian() {
    }

    /**
     * Compares {@code symbolic} at {@code point} with central differences of {@code f}.
     *
     * @param f the function whose derivative {@code symbolic} claims to be, over points in
     *     {@code symbolic.symbols()} order
     */
    public static CheckReport check(SymbolicMatrix symbolic, NumericFunction f, double[] point) {
        return check(symbolic, CentralDifference.of(f), point);
    }

    /**
     * Compares {@code symbolic} at {@code point} with {@code reference}'s Jacobian with respect to the
     * first {@code symbolic.variables().size()} coordinates. A gradient ({@code n × 1}) is compared
     * with the {@code 1 × n} Jacobian of its function.
     *
     * @throws SymbolicException when the shapes differ
     */
    public static CheckReport check(SymbolicMatrix symbolic, NumericJacobian reference, double[] point) {
        Tensor s = symbolic.evaluate(point);
        Tensor r = reference.jacobian(point, symbolic.variables().size());
        if (s.dim(1) == 1 && r.dim(0) == 1 && s.dim(0) == r.dim(1) && s.dim(0) != 1) {
            r = r.T().contiguous();
        }
        if (s.dim(0) != r.dim(0) || s.dim(1) != r.dim(1)) {
            throw new SymbolicException("check: symbolic " + io.ricci.tensor.Layout.format(s.shape()) + " vs "
                    + reference.name() + " " + io.ricci.tensor.Layout.format(r.shape()) + ": shapes differ");
        }
        double maxAbs = 0, maxRel = 0;
        int wr = 0, wc = 0;
        for (int i = 0; i < s.dim(0); i++) {
            for (int j = 0; j < s.dim(1); j++) {
                double a = s.get(i, j), b = r.get(i, j);
                double abs = Math.abs(a - b);
                double rel = a == b ? 0 : abs / Math.max(Math.max(Math.abs(a), Math.abs(b)), CheckReport.REL_FLOOR);
                maxAbs = Math.max(maxAbs, abs);
                // A NaN entry (a pole, a log of a negative) is the worst there is and stays reported.
                if (rel > maxRel || (Double.isNaN(rel) && !Double.isNaN(maxRel))) {
                    maxRel = rel;
                    wr = i;
                    wc = j;
                }
            }
        }
        return new CheckReport(reference.name(), s, r, maxAbs, maxRel, wr, wc);
    }
}
