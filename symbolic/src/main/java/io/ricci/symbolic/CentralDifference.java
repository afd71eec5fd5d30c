package io.ricci.symbolic;

import io.ricci.tensor.Tensor;

/**
 * Central-difference derivatives: {@code ∂f_i/∂x_j ≈ (f_i(x + h e_j) - f_i(x - h e_j)) / 2h} with
 * {@code h = ε^(1/3)·max(1, |x_j|)}, which balances the O(h²) truncation error against rounding
 * (ε = 2^-52), giving about 10 correct digits for smooth functions.
 */
public final class CentralDifference implements NumericJacobian {
    private static final double STEP1 = Math.cbrt(Math.ulp(1.0));
    private static final double STEP2 = Math.pow(Math.ulp(1.0), 0.25);

    private final NumericFunction f;

    private CentralDifference(NumericFunction f) {
        this.f = f;
    }

    /** Jacobians of {@code f} by central differences. */
    public static CentralDifference of(NumericFunction f) {
        return new CentralDifference(f);
    }

    @Override
    public String name() {
        return "central differences";
    }

    @Override
    public Tensor jacobian(double[] point, int nVars) {
        double[] x = point.clone();
        int m = -1;
        double[] out = null;
        for (int j = 0; j < nVars; j++) {
            double h = STEP1 * Math.max(1, Math.abs(point[j]));
            x[j] = point[j] + h;
            double hp = x[j] - point[j]; // the step actually representable
            double[] fp = f.apply(x);
            x[j] = point[j] - h;
            double hm = point[j] - x[j];
            double[] fm = f.apply(x);
            x[j] = point[j];
            if (out == null) {
                m = fp.length;
                out = new double[m * nVars];
            }
            for (int i = 0; i < m; i++) {
                out[i * nVars + j] = (fp[i] - fm[i]) / (hp + hm);
            }
        }
        return Tensor.wrap(out == null ? new double[0] : out, Math.max(m, 0), nVars);
    }

    /**
     * Hessians of output {@code output} of {@code f} by second central differences:
     * {@code H_jk ≈ (f(x+h_j e_j+h_k e_k) - f(x+h_j e_j-h_k e_k) - f(x-h_j e_j+h_k e_k) + f(x-h_j e_j-h_k e_k)) / 4 h_j h_k}
     * with {@code h = ε^(1/4)·max(1, |x|)} (about 7-8 correct digits).
     */
    public static NumericJacobian hessianOf(NumericFunction f, int output) {
        return new NumericJacobian() {
            @Override
            public String name() {
                return "second central differences";
            }

            @Override
            public Tensor jacobian(double[] point, int nVars) {
                double[] x = point.clone();
                double[] h = new double[nVars];
                for (int j = 0; j < nVars; j++) {
                    h[j] = STEP2 * Math.max(1, Math.abs(point[j]));
                }
                double[] out = new double[nVars * nVars];
                for (int j = 0; j < nVars; j++) {
                    for (int k = j; k < nVars; k++) {
                        double s = 0;
                        for (int sj = -1; sj <= 1; sj += 2) {
                            for (int sk = -1; sk <= 1; sk += 2) {
                                System.arraycopy(point, 0, x, 0, x.length);
                                x[j] += sj * h[j];
                                x[k] += sk * h[k];
                                s += sj * sk * f.apply(x)[output];
                            }
                        }
                        out[j * nVars + k] = out[k * nVars + j] = s / (4 * h[j] * h[k]);
                    }
                }
                return Tensor.wrap(out, nVars, nVars);
            }
        };
    }
}
